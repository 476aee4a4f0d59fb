"""A yes/no prompt that speaks the interface language.

questionary's confirm only knows "y"/"n" and prints "Yes"/"No"; a Polish user answers
"t" (tak). This is the same idea (one key answers, Enter takes the default) with keys
and words from the catalogue: "y" and "n" always work, plus the first letters of the
language's own words.
"""

from __future__ import annotations

from typing import Any


def confirm(message: str, default: bool = False, qmark: str = "?", **kwargs: Any):
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import to_formatted_text
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from questionary.question import Question
    from questionary.styles import merge_styles_default

    from .. import i18n

    yes, no = i18n.t("answers.yes"), i18n.t("answers.no")
    yes_keys = {"y", yes[0].lower()}
    no_keys = {"n", no[0].lower()}
    status: dict[str, Any] = {"answer": None, "complete": False}

    def tokens():
        parts = [("class:qmark", qmark), ("class:question", f" {message} ")]
        if not status["complete"]:
            hint = f"({yes[0].upper()}/{no[0].lower()}) " if default else f"({yes[0].lower()}/{no[0].upper()}) "
            parts.append(("class:instruction", hint))
        if status["answer"] is not None:
            parts.append(("class:answer", yes if status["answer"] else no))
        return to_formatted_text(parts)

    bindings = KeyBindings()

    def finish(event) -> None:
        status["complete"] = True
        event.app.exit(result=status["answer"])

    @bindings.add(Keys.ControlC, eager=True)
    @bindings.add(Keys.ControlQ, eager=True)
    def _abort(event) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    def answer_with(value: bool):
        def handler(event) -> None:
            status["answer"] = value
            finish(event)

        return handler

    for key in yes_keys:
        bindings.add(key)(answer_with(True))
        bindings.add(key.upper())(answer_with(True))
    for key in no_keys:
        bindings.add(key)(answer_with(False))
        bindings.add(key.upper())(answer_with(False))

    @bindings.add(Keys.ControlM, eager=True)
    def _enter(event) -> None:
        if status["answer"] is None:
            status["answer"] = default
        finish(event)

    @bindings.add(Keys.Any)
    def _ignore(event) -> None:
        """Other keys do nothing."""

    return Question(PromptSession(tokens, key_bindings=bindings, style=merge_styles_default([None]), **kwargs).app)

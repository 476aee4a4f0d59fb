"""The interactive terminal prompter: questionary for questions, Rich for messages.

This is the only module that asks a person anything. It maps the engines' `Question`s to
questionary prompts and their `Message`s to Rich renderables. Ctrl-C and end of input
become `Cancelled`; "back" (typed at a text prompt, or picked in a list) becomes
`GoBack`; a "hint" entry shows the question's hints and asks again. Where the engine
refuses going back or hints (an exam: `Question.no_back` / `no_hint`), the entries stay
in the list and say why when picked. Typed words the engine refuses (`check_typed`:
"hint", "?", "ok"…) are explained, and the question is asked again.
"""

from __future__ import annotations

from typing import Any

from ..coach.prompter import Cancelled, GoBack, Message, Question, Typed, validate_answer
from ..text import clean
from . import localize
from .render import render_message

_BACK = "\x00back"
_TYPED = "\x00typed"
_HINT = "\x00hint"
BACK_WORDS = {"back", "wstecz", ":back", ":b"}
HINT_WORDS = {"hint", "podpowiedź", "podpowiedz", ":hint", ":h"}


def _wrap(label: str, indent: int = 3) -> str:
    """Wrap a long option label to the terminal, continuation lines under its first letter
    (a list shows one row per option and would cut a long reply off at the edge)."""
    import shutil
    import textwrap

    width = max(30, shutil.get_terminal_size((100, 24)).columns - indent - 1)
    if len(label) <= width:
        return label
    return ("\n" + " " * indent).join(textwrap.wrap(label, width) or [label])


def _fit(message: str, instruction: str | None) -> tuple[str, str | None]:
    """The question and its instruction broken at spaces to fit the terminal.

    prompt_toolkit wraps a long prompt at the last column, in the middle of a word ("type
    'back' to go ba/ck"). Here the question wraps at word boundaries under its first
    letter, and an instruction that no longer fits on the question's last line gets lines
    of its own, so every break falls between words."""
    import shutil
    import textwrap

    width = max(30, shutil.get_terminal_size((100, 24)).columns - 1)
    lines = textwrap.wrap(message, width - 2, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False) or [message]
    fitted = "\n".join(lines)
    if not instruction:
        return fitted, instruction
    last = len(lines[-1]) + (2 if len(lines) == 1 else 0)
    if last + 2 + len(instruction) + 12 <= width:  # room for the instruction and some typing
        return fitted, instruction
    wrapped = textwrap.wrap(instruction, width - 2, break_long_words=False, break_on_hyphens=False) or [instruction]
    return fitted, "\n " + "\n ".join(wrapped)


def _choice(label: str, value: str, indent: int):
    """A list entry whose long label is shown wrapped while the list is open, and on one
    line once answered (questionary repeats the answer after the question; that line wraps
    by itself, but a multi-line answer would be cut at the terminal's edge)."""
    import questionary

    wrapped = _wrap(label, indent)
    if wrapped == label:
        return questionary.Choice(title=label, value=value)

    class WrappedChoice(questionary.Choice):
        @property
        def title(self):
            from prompt_toolkit.application.current import get_app

            return label if get_app().is_done else wrapped

        @title.setter
        def title(self, value) -> None:
            pass

    return WrappedChoice(title=label, value=value)


class InteractivePrompter:
    def __init__(self, input=None, output=None):
        """`input`/`output` are prompt_toolkit objects, for tests with a pipe input."""
        self.input = input
        self.output = output

    def show(self, message: Message) -> None:
        render_message(message)

    def _hint(self, q: Question) -> None:
        """Show the question's hints (and let the engine count them), or why there are none."""
        if not q.hints:
            self.show(Message("warning", lines=[q.no_hint]))
            return
        from .. import i18n

        self.show(Message("phrases", i18n.t("prompts.hint_title"), list(q.hints)))
        if q.on_hint is not None:
            q.on_hint()

    def _run(self, prompt) -> Any:
        try:
            answer = prompt.unsafe_ask()
        except (KeyboardInterrupt, EOFError):
            raise Cancelled() from None
        return answer

    def _kw(self) -> dict:
        kw: dict = {"qmark": "›"}
        if self.input is not None:
            kw["input"] = self.input
        if self.output is not None:
            kw["output"] = self.output
        return kw

    def ask(self, q: Question) -> Any:
        import questionary

        from .. import i18n

        q = localize.question(q)
        t = lambda key: i18n.t(f"prompts.{key}")  # noqa: E731
        prompt_text = clean(localize.text(q.prompt))
        while True:
            if q.kind in ("choice", "multi"):
                choices = [
                    _choice(clean(localize.text(o.label) + (f"  ({localize.text(o.hint)})" if o.hint else "")), o.id, 3 if q.kind == "choice" else 5)
                    for o in q.options
                ]
                if q.kind == "choice":
                    if q.allow_typed:
                        choices.append(questionary.Choice(title=t("type_own"), value=_TYPED))
                    if q.hints or q.no_hint:
                        choices.append(questionary.Choice(title=t("hint"), value=_HINT))
                    if q.allow_back or q.no_back:
                        choices.append(questionary.Choice(title=t("back"), value=_BACK))
                    default = q.default if q.default in q.option_ids() else None
                    message, instruction = _fit(prompt_text, clean(localize.text(q.help)) or t("select_help"))
                    answer = self._run(questionary.select(message, choices=choices, default=default, instruction=instruction, **self._kw()))
                    if answer == _BACK:
                        if q.allow_back:
                            raise GoBack()
                        self.show(Message("warning", lines=[q.no_back]))
                        continue
                    if answer == _HINT:
                        self._hint(q)
                        continue
                    if answer == _TYPED:
                        text = self._run(questionary.text(t("your_words"), **self._kw()))
                        if not text or not text.strip():
                            continue
                        word = text.strip().lower()
                        if word in BACK_WORDS and not q.no_back:
                            continue  # back to the list
                        if word in HINT_WORDS and q.hints:
                            self._hint(q)
                            continue
                        try:
                            return validate_answer(q, Typed(text.strip()))
                        except ValueError as exc:  # no answer ("ok", "?"), or asking for what an exam refuses
                            self.show(Message("warning", lines=[localize.reason(exc)]))
                            continue
                    return answer
                defaults = set(q.default or [])
                for c in choices:
                    c.checked = c.value in defaults
                if q.allow_back:  # "← Back": Enter on it returns (so does ticking it)
                    choices.append(questionary.Choice(title=t("back"), value=_BACK))
                message, instruction = _fit(prompt_text, t("checkbox_help"))
                prompt = _checkbox(message, choices=choices, instruction=instruction, **self._kw())
                if q.allow_back:
                    _enter_on_back_returns(prompt)
                answer = self._run(prompt)
                if _BACK in (answer or []):
                    raise GoBack()
                try:
                    return validate_answer(q, answer)
                except ValueError as exc:
                    self.show(Message("warning", lines=[localize.reason(exc)]))
                    continue
            if q.kind == "confirm":
                from .confirm import confirm

                answer = self._run(confirm(prompt_text, default=bool(q.default), **self._kw()))
                return bool(answer)
            # text, longtext, date, time
            default = "" if q.default is None else str(q.default)
            instruction = clean(localize.text(q.help)) if q.help else None
            if q.allow_back:
                instruction = f"{instruction}  {t('back_hint')}" if instruction else t("back_hint")

            def wants_back(value: str, default: str = default, q=q) -> bool:
                """'back' typed alone, or typed after a pre-filled default (a date,
                a pre-filled summary) without clearing it first."""
                if not q.allow_back:
                    return False
                if value.strip().lower() in BACK_WORDS:
                    return True
                return bool(default) and value.startswith(default) and value[len(default) :].strip().lower() in BACK_WORDS

            def check(value: str, q=q) -> Any:
                if wants_back(value):
                    return True
                try:
                    validate_answer(q, value)
                except ValueError as exc:
                    return localize.reason(exc)
                return True

            message, instruction = _fit(prompt_text, instruction)
            answer = self._run(questionary.text(message, default=default, instruction=instruction, validate=check, **self._kw()))
            if wants_back(answer):
                raise GoBack()
            return validate_answer(q, answer)


def _done_text(text: str) -> str:
    """questionary's answered line of a checklist ("done", "done (2 selections)") in the
    interface language; a single ticked item ("[Label]") stays as it is."""
    import re

    from .. import i18n

    if text == "done":
        return i18n.t("prompts.checkbox_done_none")
    match = re.fullmatch(r"done \((\d+) selections\)", text)
    return i18n.t("prompts.checkbox_done", count=int(match.group(1))) if match else text


def _checkbox(message: str, **kwargs):
    """questionary's checklist, with its answered line ("done (2 selections)") in the
    interface language. questionary has no option for that text: the prompt-line function
    it hands to its layout is wrapped while the checklist is built."""
    import questionary
    from questionary.prompts import common

    original = common.create_inquirer_layout

    def layout(ic, get_prompt_tokens, **kw):
        def tokens():
            return [(tok[0], _done_text(tok[1]), *tok[2:]) if tok[0] == "class:answer" else tok for tok in get_prompt_tokens()]

        return original(ic, tokens, **kw)

    common.create_inquirer_layout = layout
    try:
        return questionary.checkbox(message, **kwargs)
    finally:
        common.create_inquirer_layout = original


def _enter_on_back_returns(prompt) -> None:
    """In a checklist, Enter on "← Back" goes back instead of submitting the ticks: what a
    person expects from a line that says Back. questionary has no option for it, so a key
    binding that only applies while "← Back" is highlighted is added in front of its own
    (if its layout ever changes, the list simply keeps questionary's behaviour)."""
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    app = prompt.application
    control = next((c for c in app.layout.find_all_controls() if hasattr(c, "get_pointed_at")), None)
    if control is None:
        return

    def on_back() -> bool:
        try:
            return control.get_pointed_at().value == _BACK
        except Exception:
            return False

    bindings = KeyBindings()

    @bindings.add(Keys.ControlM, eager=True, filter=Condition(on_back))
    def _back(event) -> None:
        event.app.exit(result=[_BACK])

    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])

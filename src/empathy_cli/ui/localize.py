"""The edge where what the engines say (`localtext` ids and parameters) becomes words.

Every prompter translates a `Question` and a `Message` here before showing them, and the
reason of an invalid answer (`coach.prompter.reason`) with `reason`. Plain strings (the
content's own words, what the user typed) pass through unchanged, except that playbook
phrases written for both genders ("Pan/Pani") take the form of the persona spoken to when
the engine knows it (`Question.gender`, a feedback message's ``data["gender"]``; see
`gendered`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import i18n
from ..coach.prompter import Message, Option, Question
from ..coach.prompter import reason as _reason
from ..gendered import pick, pick_shown
from ..localtext import Cat, Text


def _shown(value: Any) -> Any:
    return i18n.render(value) if isinstance(value, (Text, Cat)) else value


def _data(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_data(v) for v in value]
    return _shown(value)


def message(m: Message) -> Message:
    """`m` with its title, lines and data in the interface language (on a feedback
    message, the better phrasings in the persona's form when ``data["gender"]`` says it)."""
    gender = m.data.get("gender") if m.kind == "feedback" else None
    return replace(m, title=i18n.render(m.title), lines=[i18n.render(pick_shown(x, gender)) for x in m.lines], data=_data(m.data))


def question(q: Question) -> Question:
    """`q` with its prompt, help, options, hints and refusals in the interface language
    (its default too, when the engine proposes words); the hints in the form of the person
    they are said to (`Question.gender`), when known."""
    return replace(
        q,
        prompt=i18n.render(q.prompt),
        help=i18n.render(q.help),
        options=[Option(o.id, i18n.render(o.label), i18n.render(o.hint)) for o in q.options],
        hints=[pick(i18n.render(h), q.gender) for h in q.hints],
        no_back=i18n.render(q.no_back),
        no_hint=i18n.render(q.no_hint),
        default=_shown(q.default),
    )


def text(value: Any) -> str:
    """One shown value in the interface language (a plain string as it is)."""
    return i18n.render(value)


def reason(exc: BaseException) -> str:
    """Why an answer was refused, in the interface language."""
    return i18n.render(_reason(exc))

"""The seam between the engines and whoever answers them.

Engines (encounter walk-through, rehearsal) never touch a terminal. They describe what
they need as a `Question`, and what they want shown as a `Message`; a `Prompter` answers
and displays. Three implementations exist: the interactive terminal (`ui.interactive`),
an answers file (`ui.scripted`, for trainers, CI and batch runs) and the tests' own.

Answers are plain values: ``str`` for text/choice/date/time, ``list[str]`` for multi,
``bool`` for confirm, and `Typed` when the user typed their own words at a choice that
allows it. Navigation is by exception: `GoBack` (the user asked to return to the previous
step) and `Cancelled` (Ctrl-C, end of input): engines catch them, never the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Optional, Protocol, Sequence

from ..localtext import Shown, Text

QuestionKind = Literal["text", "longtext", "choice", "multi", "confirm", "date", "time"]
MessageKind = Literal[
    "info", "stage", "tips", "phrases", "warning", "alert", "feedback", "summary", "progress", "mood", "persona", "client", "narration", "reply"
]


@dataclass(frozen=True)
class Option:
    """One selectable answer."""

    id: str
    label: Shown
    hint: Shown = ""  # e.g. "approval: clinic manager"


@dataclass
class Question:
    """Something an engine needs from the user.

    `id` is stable: it keys answers files, journals and records. `allow_typed` lets the
    user answer a choice in their own words (rehearsal replies). `hints` are extra lines
    the UI may show on request (a "hint" key) without going back to the engine; it calls
    `on_hint` when it does (rehearsal counts hints in practice records).

    `check_typed` refuses typed words that are no answer ("hint", "?", "ok"): it returns
    the reason to show, and every prompter treats it like any invalid answer (the
    terminal says so and asks again, an answers file is reported with its line).
    `no_back` / `no_hint` say why going back or a hint is not available (an exam), for a
    UI that lets the user ask anyway. A `followup` question clarifies the previous answer
    (which listed reply was meant): a non-interactive prompter leaves it unanswered (None)
    without using up an answer, and the engine keeps its best guess.
    """

    id: str
    kind: QuestionKind
    prompt: Shown
    options: list[Option] = field(default_factory=list)
    default: Any = None
    required: bool = False
    help: Shown = ""
    allow_typed: bool = False
    allow_back: bool = True
    hints: Sequence[Shown] = field(default_factory=list)
    on_hint: Optional[Callable[[], None]] = None
    check_typed: Optional[Callable[[str], Optional[Shown]]] = None
    no_back: Shown = ""
    no_hint: Shown = ""
    followup: bool = False
    #: The grammatical gender ("f"/"m") of the person the hints are said to, when known:
    #: the prompter shows content written for both ("Pan/Pani") in that form.
    gender: Optional[str] = None

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


@dataclass(frozen=True)
class Typed:
    """A reply the user typed in their own words at a choice question."""

    text: str


@dataclass
class Message:
    """Something to show. `kind` tells the UI how to present it; `data` carries
    structured extras (e.g. ``{"mood": 7}``) for kinds that need them. Words are
    `localtext` values (ids and parameters, or content's own strings): the prompter
    translates them."""

    kind: MessageKind
    title: Shown = ""
    lines: Sequence[Shown] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


class GoBack(Exception):
    """The user asked to return to the previous step."""


class Cancelled(Exception):
    """The user stopped (Ctrl-C, closed input). Engines save what they have."""


class Interrupted(Exception):
    """An engine stopped because the person did (Ctrl-C, closed input). `partial`: whether
    anything was done worth saving or resuming. The session protocol (`app.session`)
    decides what happens to it, never the engine."""

    def __init__(self, partial: bool = False):
        super().__init__("interrupted")
        self.partial = partial


class OutOfAnswers(Cancelled):
    """An answers file ran out of steps before the session ended."""


class AnswerError(Exception):
    """A scripted answer is missing or invalid; names the question and, when known, the line."""

    def __init__(self, question_id: str, message: str, line: int | None = None, source: str = ""):
        where = f"{source}:{line}: " if source and line else (f"{source}: " if source else "")
        super().__init__(f"{where}{question_id}: {message}" if question_id else f"{where}{message}")
        self.question_id = question_id
        self.line = line


class Prompter(Protocol):
    def ask(self, question: Question) -> Any:
        """Return the answer, or raise GoBack / Cancelled / AnswerError."""

    def show(self, message: Message) -> None:
        """Display a message (may be ignored by non-interactive prompters)."""


def _t(key: str, **values: Any) -> Text:
    return Text(f"answers.{key}", **values)


def reason(exc: BaseException) -> Shown:
    """What an invalid answer's ValueError says (a `Text` from `validate_answer`, or
    words), for the prompter to translate."""
    first = exc.args[0] if exc.args else ""
    return first if isinstance(first, (str, Text)) or type(first).__name__ == "Cat" else str(exc)


def validate_answer(question: Question, value: Any) -> Any:
    """Check and normalise an answer against its question; raise ValueError with a reason.

    Shared by every prompter so an answers file and the terminal accept exactly the same
    values.
    """
    if isinstance(value, Typed):
        if not question.allow_typed:
            raise ValueError(_t("listed_only"))
        if not value.text.strip():
            raise ValueError(_t("empty_reply"))
        return _check_typed(question, value)
    kind = question.kind
    if kind == "confirm":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("y", "yes", "t", "true", "tak", "1"):
            return True
        if isinstance(value, str) and value.strip().lower() in ("n", "no", "f", "false", "nie", "0"):
            return False
        raise ValueError(_t("yes_no"))
    if kind == "multi":
        if value is None:
            value = []
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(_t("list_of_ids"))
        unknown = [v for v in value if v not in question.option_ids()]
        if unknown:
            raise ValueError(_t("unknown_value", value=repr(unknown[0]), allowed=", ".join(question.option_ids())))
        if question.required and not value:
            raise ValueError(_t("pick_one"))
        return value
    if value is None:
        value = ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(_t("text"))
    value = value.strip() if kind != "longtext" else value.strip("\n")
    if kind == "choice":
        if not value and question.required and not question.allow_typed:
            raise ValueError(_t("required_allowed", allowed=", ".join(question.option_ids())))
        if value not in question.option_ids():
            if question.allow_typed and value:
                return _check_typed(question, Typed(value))
            raise ValueError(_t("unknown_value", value=repr(value), allowed=", ".join(question.option_ids())))
        return value
    if question.required and not value.strip():
        raise ValueError(_t("required"))
    if kind in ("date", "time") and value:  # as people type them (30.11, dziś, 14.30): stored as ISO
        from .. import dates

        try:
            return dates.parse_date(value) if kind == "date" else dates.parse_time(value)
        except ValueError:
            raise ValueError(_t(kind)) from None
    return value


def _check_typed(question: Question, value: Typed) -> Typed:
    """Run the question's own check of typed words (see `Question.check_typed`)."""
    if question.check_typed is not None:
        reason = question.check_typed(value.text)
        if reason:
            raise ValueError(reason)
    return value

"""A prompter that answers from a YAML answers file: for trainers, batch runs, CI and tests.

Two shapes, matching the two engines:

- a mapping keyed by question id (encounters): ``details: "She said…"``;
- a list of steps consumed in order (rehearsals): ``- choice: name-feeling`` or
  ``- say: "I can see this is upsetting."``.

Answers are checked with the same `validate_answer` as the terminal, and a bad one is
reported with the question id and the line of the file. Messages are passed to `echo`
(the plain renderer in a batch run) and kept in `shown` for tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

from ..coach.prompter import AnswerError, Cancelled, Message, OutOfAnswers, Question, Typed, validate_answer  # noqa: F401  (OutOfAnswers re-exported)
from ..content.yamlsafe import YamlError, YList, YMap, load, read_stdin, read_text
from . import localize


class ScriptedPrompter:
    def __init__(
        self,
        answers: Any,
        source: str = "",
        echo: Optional[Callable[[Message], None]] = None,
    ):
        if not isinstance(answers, (dict, list)):
            raise AnswerError("", "an answers file is a mapping of question ids or a list of steps", 1, source)
        self.answers = answers
        self.source = source
        self.echo = echo
        self.shown: list[Message] = []
        self.asked: list[str] = []
        self._step = 0

    @classmethod
    def from_file(cls, path: Path, echo: Optional[Callable[[Message], None]] = None) -> "ScriptedPrompter":
        try:
            data = load(read_stdin() if str(path) == "-" else read_text(path, allow_pipe=True), as_text=True)
        except YamlError as exc:
            raise AnswerError("", exc.text(), exc.line, str(path)) from None
        return cls(data, str(path), echo)

    # ------------------------------------------------------------------ Prompter

    def show(self, message: Message) -> None:
        message = localize.message(message)
        self.shown.append(message)
        if self.echo:
            self.echo(message)

    def ask(self, question: Question) -> Any:
        if question.followup:
            return None  # a clarifying question: nobody to ask, the engine keeps its guess
        self.asked.append(question.id)
        question = localize.question(question)
        if isinstance(self.answers, list):
            return self._next_step(question)
        return self._from_mapping(question, self.answers)

    # ------------------------------------------------------------------ helpers

    def _line(self, container: Any, key: Any) -> Optional[int]:
        if isinstance(container, YMap):
            pos = container.value_pos.get(key) or container.pos
            return pos.line
        if isinstance(container, YList) and isinstance(key, int) and key < len(container.item_pos):
            return container.item_pos[key].line
        return None

    def _from_mapping(self, q: Question, answers: dict[Any, Any]) -> Any:
        value = answers.get(q.id)
        # A key left out, or left empty (as `--template` writes it), takes the default.
        if q.id not in answers or (not q.required and value in (None, "", [])):
            if q.default is not None and not q.required:
                return validate_answer(q, q.default)
            if not q.required:
                if q.kind == "choice":
                    return ""  # an optional choice with no default: no answer
                return validate_answer(q, [] if q.kind == "multi" else ("" if q.kind != "confirm" else False))
            raise AnswerError(q.id, "missing answer (required)", None, self.source)
        if isinstance(value, dict) and set(value) == {"say"}:
            value = Typed(str(value["say"]))
        try:
            return validate_answer(q, value)
        except ValueError as exc:
            line = self._line(answers, q.id)
            if isinstance(value, YList):  # point at the first item that is not allowed
                allowed = set(q.option_ids())
                bad = next((i for i, v in enumerate(value) if not isinstance(v, str) or v not in allowed), None)
                if bad is not None:
                    line = self._line(value, bad) or line
            raise AnswerError(q.id, localize.reason(exc), line, self.source) from None

    def _next_step(self, q: Question) -> Any:
        if self._step >= len(self.answers):
            raise OutOfAnswers()
        index = self._step
        step = self.answers[index]
        self._step += 1
        line = self._line(self.answers, index)
        if not isinstance(step, dict) or len(step) != 1:
            raise AnswerError(q.id, "each step is {choice: ID} or {say: TEXT}", line, self.source)
        ((key, value),) = step.items()
        if key == "say":
            value = Typed(str(value))
        elif key not in ("choice", "answer"):
            raise AnswerError(q.id, f"unknown step {key!r}: use choice or say", line, self.source)
        elif key == "choice" and q.kind == "choice" and str(value).strip() not in q.option_ids():
            # `choice:` names a listed reply; own words go under `say:` (never guessed).
            allowed = ", ".join(q.option_ids())
            raise AnswerError(q.id, f"unknown choice {value!r}; allowed: {allowed} (own words: say: ...)", line, self.source)
        try:
            return validate_answer(q, value)
        except ValueError as exc:
            raise AnswerError(q.id, localize.reason(exc), line, self.source) from None

    def unused(self) -> list[str]:
        """Answers given but never asked for (mapping) or steps left over (list)."""
        if isinstance(self.answers, list):
            return [f"step {i + 1}" for i in range(self._step, len(self.answers))]
        return [k for k in self.answers if k not in self.asked]

"""Typed records: what an encounter record and a rehearsal record hold.

A record is saved as JSON (`store`) and read back as one of these dataclasses. Reading
(`load`, `from_dict`) first upgrades older versions (`migrations.migrate`), then takes
each field for what it is declared as: a field of the wrong type (a damaged or hand-made
file) reads as its default, so readers never check types themselves. Reading never
raises. Fields this version does not know are kept in ``extra`` and written back by
`to_dict`, so a record passes through unchanged.

Both kinds share the masking fields: ``redacted`` (were identifiers masked) and
``masked`` (how many; None when a record never said).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, Optional, Union

from ..vocab import INCOMPLETE, NEGATIVE_SIGNALS
from .migrations import VERSION, migrate


def _str(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _opt_str(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value else None


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _bool(value: Any, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _opt_int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(value: Any) -> int:
    """A count: a non-negative whole number, else 0."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _number(value: Any) -> Optional[float]:
    """A finite number as it is stored (an int stays an int), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def _dict(value: Any) -> dict[str, Any]:
    return {k: v for k, v in value.items() if isinstance(k, str)} if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


@dataclass
class Record:
    """What both kinds share."""

    KIND: ClassVar[str] = ""
    #: Fields written in this order first; the rest follow in declaration order.
    lang: str = ""
    session: str = ""
    started_at: str = ""
    finished_at: str = ""
    complete: bool = True
    outcome: Optional[str] = None
    redacted: bool = True
    masked: Optional[int] = None
    version: int = VERSION
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.version, "kind": self.KIND}
        for f in fields(self):
            if f.name not in ("version", "extra"):
                out[f.name] = getattr(self, f.name)
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    @classmethod
    def _known(cls) -> set[str]:
        return {f.name for f in fields(cls)} | {"kind"}


@dataclass
class EncounterRecord(Record):
    KIND: ClassVar[str] = "encounter"
    playbook: str = ""
    playbook_title: str = ""
    stage_reached: str = ""
    escalation_level: Optional[str] = None
    answers: dict[str, Any] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)
    reflection: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        if not self.reflection:
            del out["reflection"]  # only encounters that had one say so
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EncounterRecord":
        d = migrate(data)
        answers = _dict(d.get("answers"))
        return cls(
            version=_int(d.get("version"), 1),
            playbook=_str(d.get("playbook")),
            playbook_title=_str(d.get("playbook_title")),
            lang=_str(d.get("lang")),
            session=_str(d.get("session")),
            started_at=_str(d.get("started_at")),
            finished_at=_str(d.get("finished_at")),
            complete=_bool(d.get("complete"), True),
            stage_reached=_str(d.get("stage_reached")),
            outcome=_opt_str(d.get("outcome")),
            escalation_level=_opt_str(d.get("escalation_level")) or _opt_str(answers.get("escalation_level")),
            answers=answers,
            checks=_dict(d.get("checks")),
            reflection=_dict(d.get("reflection")),
            redacted=_bool(d.get("redacted"), True),
            masked=_opt_int(d.get("masked")),
            extra={k: v for k, v in d.items() if k not in cls._known()},
        )


@dataclass
class RehearsalRecord(Record):
    KIND: ClassVar[str] = "rehearsal"
    scenario: str = ""
    title: str = ""
    playbook: str = ""
    trainee: str = ""
    exam: bool = False
    mode: str = "practice"
    undos: int = 0
    hints: int = 0
    seed: Optional[int] = None
    persona: dict[str, Any] = field(default_factory=dict)
    score: Optional[float] = None  # 0–100 as the engine gave it; None when missing or not a number
    stages: dict[str, float] = field(default_factory=dict)
    stage_titles: dict[str, Any] = field(default_factory=dict)
    ending: Optional[str] = None
    ending_text: str = ""
    lesson: str = ""
    mood_start: int = 0
    mood_end: int = 0
    replies: int = 0
    typed_replies: int = 0
    unsure_replies: int = 0
    transcript: list[dict[str, Any]] = field(default_factory=list)
    escalating_signals: list[str] = field(default_factory=list)
    next_time: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RehearsalRecord":
        d = migrate(data)
        transcript = _dicts(d.get("transcript"))
        outcome = d.get("outcome")
        outcome = outcome.strip() if isinstance(outcome, str) else ""
        complete = d.get("complete")
        if not isinstance(complete, bool):  # not written by `empathy rehearse`: trust the outcome
            complete = outcome not in ("", INCOMPLETE)
        exam = d.get("exam") is True or d.get("mode") == "exam"
        stages = {k: v for k, v in _dict(d.get("stages")).items() if _number(v) is not None}
        return cls(
            version=_int(d.get("version"), 1),
            scenario=_str(d.get("scenario")).strip(),
            title=_str(d.get("title")).strip(),
            playbook=_str(d.get("playbook")),
            lang=_str(d.get("lang")),
            session=_str(d.get("session")),
            trainee=_str(d.get("trainee")),
            started_at=_str(d.get("started_at")),
            finished_at=_str(d.get("finished_at")),
            complete=complete,
            exam=exam,
            mode="exam" if exam else "practice",
            undos=_count(d.get("undos")),
            hints=_count(d.get("hints")),
            seed=_opt_int(d.get("seed")),
            persona=_dict(d.get("persona")),
            score=_number(d.get("score")),
            stages=stages,
            stage_titles=_dict(d.get("stage_titles")),
            outcome=outcome or None,
            ending=_opt_str(d.get("ending")),
            ending_text=_str(d.get("ending_text")),
            lesson=_str(d.get("lesson")),
            mood_start=_int(d.get("mood_start")),
            mood_end=_int(d.get("mood_end")),
            replies=_count(d["replies"]) if _opt_int(d.get("replies")) is not None else len(transcript),
            typed_replies=_count(d["typed_replies"]) if _opt_int(d.get("typed_replies")) is not None else sum(1 for t in transcript if t.get("typed") is True),
            unsure_replies=_count(d["unsure_replies"])
            if _opt_int(d.get("unsure_replies")) is not None
            else sum(1 for t in transcript if t.get("unsure") is True),
            transcript=transcript,
            escalating_signals=_signals(d.get("escalating_signals"), transcript),
            next_time=_dict(d.get("next_time")),
            redacted=_bool(d.get("redacted"), True),
            masked=_opt_int(d.get("masked")),
            extra={k: v for k, v in d.items() if k not in cls._known()},
        )


def _signals(value: Any, transcript: list[dict[str, Any]]) -> list[str]:
    """The escalating signal kinds a record lists; older or hand-made records without the
    list: those seen in the transcript."""
    if isinstance(value, list):
        return [s for s in value if isinstance(s, str) and s]
    return [kind for step in transcript for sig in _dicts(step.get("signals")) if isinstance(kind := sig.get("kind"), str) and kind in NEGATIVE_SIGNALS]


AnyRecord = Union[EncounterRecord, RehearsalRecord]
KINDS: dict[str, type[EncounterRecord] | type[RehearsalRecord]] = {"encounter": EncounterRecord, "rehearsal": RehearsalRecord}


def load(data: Any) -> Optional[AnyRecord]:
    """The typed record of `data` (any version), or None when it is not a record of a
    known kind."""
    if not isinstance(data, dict):
        return None
    kind = data.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None  # a list or mapping is no kind (and no key)
    return cls.from_dict(data) if cls else None

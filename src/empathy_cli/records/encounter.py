"""An encounter's record: built from the engine's result, masked, rendered and saved.

The JSON (for programs) holds every answer keyed by question id; the Markdown (for
people) labels them with the playbook's own words. Identifiers typed into free text are
masked in both unless the user asked otherwise; the record says how many.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import EncounterRecord
from .redact import redact
from .store import RecordInfo, RecordStore

if TYPE_CHECKING:  # pragma: no cover
    from ..coach.encounter import EncounterResult
    from ..content.models import Playbook


def build_record(result: "EncounterResult", playbook: "Playbook", *, mask: bool = True, masked_before: int = 0) -> dict[str, Any]:
    """The JSON record of an encounter (identifiers masked unless `mask` is false).
    `masked_before`: identifiers already masked in the journal of a resumed session."""
    answers: Any = dict(result.answers)
    checks: Any = dict(result.checks)
    reflection: Any = dict(getattr(result, "reflection", None) or {})
    first_said: Any = [dict(x) for x in getattr(result, "first_said", None) or []]
    count = 0
    if mask:
        # Count distinct identifiers: the concern is copied into pre-filled fields, and a
        # phone number typed once should be reported once.
        found: set[str] = set()
        answers, _ = redact(answers, found)
        checks, _ = redact(checks, found)
        reflection, _ = redact(reflection, found)
        first_said, _ = redact(first_said, found)
        count = len(found) + masked_before
    record = EncounterRecord(
        playbook=playbook.id,
        playbook_title=playbook.title,
        lang=playbook.lang,
        session=result.session,
        started_at=result.started_at,
        finished_at=result.finished_at,
        complete=result.complete,
        stage_reached=result.stage,
        outcome=answers.get("outcome") or None,
        escalation_level=answers.get("escalation_level") or result.escalation_level,
        answers=answers,
        checks=checks,
        reflection=reflection,
        redacted=mask,
        masked=count,
    ).to_dict()
    if first_said:  # optional: own words judged escalating, then replaced (an honest record)
        record["first_said"] = first_said
    return record


def save_encounter(store: RecordStore, result: "EncounterResult", playbook: "Playbook", *, mask: bool = True, masked_before: int = 0) -> RecordInfo:
    """Save the record (Markdown + JSON, atomically, never overwriting) and forget its journal."""
    from .encounter_md import render_markdown

    record = build_record(result, playbook, mask=mask, masked_before=masked_before)
    info = store.save(record, render_markdown(record, playbook))
    if result.session:
        store.discard(result.session)
    return info

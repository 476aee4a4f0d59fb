"""Records as spreadsheet tables: one table per record kind, with fixed columns.

`empathy log export --format csv --kind encounter|rehearsal` writes one of these. The
columns and their order are part of the interface (README, "Exporting records"): a new
record field never moves or renames a column. Every cell is plain text, a number or
true/false: lists are joined with "; ", a playbook's own record fields go to one
``other_answers`` column as "id: value | id: value", and nothing is JSON. Headers are
the column ids' labels in the chosen language; values are stored as they are (ids such
as ``partly_resolved``), so a sheet reads the same whichever language made the record.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Callable

from ..vocab import STAGES
from .export import _cell
from .model import EncounterRecord, RehearsalRecord
from .store import RecordInfo

#: Answers of an encounter that have a column of their own (the rest: ``other_answers``).
ENCOUNTER_ANSWERS = (
    "date",
    "time",
    "location",
    "concern",
    "wants",
    "tried",
    "emotions",
    "phrases_used",
    "own_phrase",
    "options_offered",
    "option_accepted",
    "solution_notes",
    "warning_signs",
    "help_called",
    "help_called_at",
    "details",
    "steps_taken",
    "follow_up",
    "follow_up_due",
)

ENCOUNTER_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "lang",
    "playbook",
    "complete",
    "stage_reached",
    "outcome",
    "escalation_level",
    *ENCOUNTER_ANSWERS,
    "own_phrase_verdict",
    "other_answers",
    "masked",
    "path",
)

REHEARSAL_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "lang",
    "scenario",
    "playbook",
    "trainee",
    "mode",
    "complete",
    "outcome",
    "ending",
    "score",
    *(f"score_{s}" for s in STAGES),
    "mood_start",
    "mood_end",
    "replies",
    "typed_replies",
    "unsure_replies",
    "undos",
    "hints",
    "seed",
    "path",
)

COLUMNS = {"encounter": ENCOUNTER_COLUMNS, "rehearsal": REHEARSAL_COLUMNS}


def _text(value: Any) -> Any:
    """A cell value: scalars as they are, lists joined, mappings as "key: value" pairs."""
    if isinstance(value, list):
        return "; ".join(str(_text(v)) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, "", [], {}))
    return value


def _encounter_row(info: RecordInfo) -> dict[str, Any]:
    r = EncounterRecord.from_dict(info.data)
    own = r.checks.get("own_phrase")
    known = set(ENCOUNTER_ANSWERS) | {"outcome", "escalation_level", "client_concern"}
    other = [(k, _text(v)) for k, v in r.answers.items() if k not in known and v not in (None, "", [], {})]
    return {
        "id": info.id,
        **{k: getattr(r, k) for k in ("started_at", "finished_at", "lang", "playbook", "complete", "stage_reached", "outcome", "escalation_level", "masked")},
        **{k: _text(r.answers.get(k)) for k in ENCOUNTER_ANSWERS},
        "own_phrase_verdict": own.get("verdict") if isinstance(own, dict) else None,
        "other_answers": " | ".join(f"{k}: {v}" for k, v in other),
        "path": str(info.markdown_path),
    }


def _rehearsal_row(info: RecordInfo) -> dict[str, Any]:
    r = RehearsalRecord.from_dict(info.data)
    fields = ("started_at", "finished_at", "lang", "scenario", "playbook", "trainee", "mode", "complete", "outcome", "ending", "score")
    counts = ("mood_start", "mood_end", "replies", "typed_replies", "unsure_replies", "undos", "hints", "seed")
    return {
        "id": info.id,
        **{k: getattr(r, k) for k in fields + counts},
        **{f"score_{s}": r.stages.get(s) for s in STAGES},
        "path": str(info.markdown_path),
    }


ROWS: dict[str, Callable[[RecordInfo], dict[str, Any]]] = {"encounter": _encounter_row, "rehearsal": _rehearsal_row}


def headers(kind: str, lang: str) -> list[str]:
    """The column labels of `kind`'s table in `lang`."""
    from .. import i18n

    return [i18n.t(f"log.sheet.{column}", in_lang=lang) for column in COLUMNS[kind]]


def table(records: list[RecordInfo], kind: str, lang: str) -> str:
    """The records of `kind` as one CSV table (header row first); others are left out."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(headers(kind, lang))
    for info in records:
        if info.data.get("kind") != kind:
            continue
        row = ROWS[kind](info)
        writer.writerow([_cell(_text(row.get(column))) for column in COLUMNS[kind]])
    return buf.getvalue()

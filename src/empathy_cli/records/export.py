"""Listing and exporting records for `empathy log`: one flat row per record.

Encounter and rehearsal records share a few top-level fields (kind, started_at, outcome…);
everything else is flattened with dotted keys (``answers.concern``) and lists joined with
``"; "``, so a spreadsheet or an audit script gets one row per record and one column per
field. CSV cells that a spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from ..text import clean, dumps_json
from .store import RecordInfo

_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")

#: Columns that come first, in this order; the rest follow sorted.
LEADING = ("id", "kind", "playbook", "scenario", "lang", "started_at", "finished_at", "complete", "outcome", "path")


def summary(info: RecordInfo) -> dict[str, Any]:
    """One line of `empathy log list`."""
    d = info.data
    return {
        "id": info.id,
        "kind": d.get("kind"),
        "playbook": d.get("playbook"),
        "scenario": d.get("scenario"),
        "subject": d.get("scenario") or d.get("playbook") or "",
        "lang": d.get("lang"),
        "started_at": d.get("started_at"),
        "finished_at": d.get("finished_at"),
        "complete": d.get("complete", True),
        "outcome": d.get("outcome"),
        "path": str(info.markdown_path),
        "json": str(info.path),
    }


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        if not value and prefix:
            out[prefix] = ""
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = "; ".join("" if v is None else str(v) for v in value)
        else:
            out[prefix] = dumps_json(value, indent=None)
    else:
        out[prefix] = value


def flatten(info: RecordInfo) -> dict[str, Any]:
    """A record as one flat mapping: dotted keys, lists joined."""
    row: dict[str, Any] = {"id": info.id, "path": str(info.markdown_path)}
    _flatten(info.data, "", row)
    return row


def columns(rows: list[dict[str, Any]]) -> list[str]:
    """The leading columns, then the other top-level fields (sorted), then the nested
    ones (``answers.concern``…) in the order the records hold them (question order)."""
    seen: dict[str, None] = {}
    for r in rows:
        for k in r:
            seen.setdefault(k, None)
    top = sorted(k for k in seen if "." not in k and k not in LEADING)
    nested = [k for k in seen if "." in k]
    return [c for c in LEADING if c in seen] + top + nested


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = clean(str(value))  # no terminal escapes in a file people open or `cat`
    # A spreadsheet runs text cells starting with these as formulas (CSV injection).
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(text):
        text = "'" + text
    return text


def to_csv(rows: list[dict[str, Any]]) -> str:
    cols = columns(rows)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in cols])
    return buf.getvalue()


def to_json(rows: list[dict[str, Any]]) -> str:
    """JSON for programs: control and bidi characters escaped, the data unchanged."""
    return dumps_json(rows) + "\n"

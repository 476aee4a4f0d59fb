"""The progress use-case: a person's records and drill state, aggregated.

Reads the record store and the drill state (never writes either) and returns
`records.progress.aggregate`'s structure; `ui.progress_view` draws it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from .. import dates
from ..records import drillstate, progress
from ..records.store import RecordStore
from .clock import Clock, system


def report(
    store: RecordStore, *, state_file: Optional[Path] = None, clock: Clock = system, since: Optional[str] = None, lang: Optional[str] = None
) -> dict[str, Any]:
    """The aggregates since the day `since` names (ValueError if it names none)."""
    now = clock()
    day = dates.parse_day(since, now.date(), direction="past") if since else None
    records = [info.data for info in store.list()]
    result = progress.aggregate(records, drillstate.load(state_file), now, since=day, lang=lang)
    result["unreadable"] = [str(p) for p in store.unreadable]
    return result

"""The drill's memory: each card's schedule and a log of reviews, in one private file.

``$EMPATHY_HOME/drill/state.json`` (``EMPATHY_DRILL_STATE`` to put it elsewhere)::

    {"version": 1,
     "cards": {"reply:en:delayed-appointment:counter": {"fsrs": {...}, "reviews": 2, "lapses": 0}},
     "log": [{"card": "...", "kind": "reply", "lang": "en", "stage": "listen",
              "at": "2026-11-23T10:00:00+01:00", "outcome": "good", "rating": 3, "new": true}]}

It is rewritten atomically (0600, folder 0700) after every card, so Ctrl-C, a closed
terminal or a crash loses at most the card being answered. A damaged file is reported,
never silently replaced: it holds weeks of practice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Mapping, Optional

from ..atomic import write_atomic

VERSION = 1
#: Reviews kept in the log (about a year of daily drills); older ones are dropped.
LOG_LIMIT = 5000


class DrillStateError(Exception):
    """The state file exists but cannot be read as drill state."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def state_path() -> Path:
    from ..runtime import current

    return current().drill_state_file()


@dataclass
class DrillState:
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"version": VERSION, "cards": self.cards, "log": self.log[-LOG_LIMIT:]}

    def record(self, card_id: str, fsrs_state: Mapping[str, object], entry: dict[str, Any]) -> None:
        """Note a graded review of `card_id`: its new schedule, and a log entry."""
        old = self.cards.get(card_id) or {}
        lapse = entry.get("outcome") == "again" and bool(old)
        self.cards[card_id] = {
            "fsrs": fsrs_state,
            "reviews": int(old.get("reviews", 0)) + 1,
            "lapses": int(old.get("lapses", 0)) + (1 if lapse else 0),
            "last": entry.get("outcome"),
        }
        self.log.append({"card": card_id, "new": not old, **entry})

    def due(self, now: datetime, ids: Optional[set[str]] = None) -> list[str]:
        """Ids of the cards due at `now` (of `ids`, when given)."""
        out = []
        for cid, st in self.cards.items():
            if ids is not None and cid not in ids:
                continue
            when = _time((st.get("fsrs") or {}).get("due"))
            if when is not None and when <= now:
                out.append(cid)
        return out

    def days(self) -> list[date]:
        """The local days with at least one graded review, in order."""
        found = {d for e in self.log if (d := _day(e.get("at"))) is not None}
        return sorted(found)


def streak(days: list[date], today: date) -> int:
    """Consecutive days with practice ending today (or yesterday, if today has none yet)."""
    have = set(days)
    day = today if today in have else today - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


def load(path: Optional[Path] = None) -> DrillState:
    """The saved state (an empty one when there is no file yet)."""
    path = path or state_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DrillState()
    except UnicodeDecodeError:
        raise DrillStateError(path, "not UTF-8 text") from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise DrillStateError(path, f"not valid JSON (line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(data, dict) or not isinstance(data.get("cards", {}), dict) or not isinstance(data.get("log", []), list):
        raise DrillStateError(path, "not a drill state (expected 'cards' and 'log')")
    if int(data.get("version", VERSION) or VERSION) > VERSION:
        raise DrillStateError(path, f"written by a newer empathy-cli (version {data.get('version')})")
    cards = {str(k): v for k, v in data.get("cards", {}).items() if isinstance(v, dict)}
    log = [e for e in data.get("log", []) if isinstance(e, dict) and "card" in e]
    return DrillState(cards, log)


def save(state: DrillState, path: Optional[Path] = None) -> Path:
    """Write the state atomically and privately (0600)."""
    path = path or state_path()
    write_atomic(path, json.dumps(state.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return path


def _time(value: Any) -> Optional[datetime]:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _day(value: Any) -> Optional[date]:
    moment = _time(value)
    return moment.date() if moment is not None else None

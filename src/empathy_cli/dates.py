"""Dates and times as people type them, always returned as ISO.

One parser for every place a date or a time is asked (the encounter's date, time and
follow-up questions, answers files, `progress --since`):

- dates: ``2026-11-30`` (ISO), ``30.11.2026``, ``30.11.26``, ``30/11/2026``, ``30.11`` and
  ``30.11.`` (no year), ``today``/``dziś``/``dzisiaj``, ``yesterday``/``wczoraj``,
  ``tomorrow``/``jutro``, and ``7d`` (seven days ago);
- times: ``14:30``, ``14.30``, ``14 30``, ``9:05``, ``14`` (a full hour), ``14:30:15`` and
  the ISO ``T14:30``.

A day without a year is resolved by `direction`: ``"past"`` takes the last such day up to
today (`progress --since`), ``"future"`` the next one from today, and ``"nearest"`` (the
default: an encounter's date is usually recent, a follow-up soon) whichever is closer.
Anything else raises ValueError; nothing here knows about terminals or languages.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import Literal, Optional

Direction = Literal["past", "future", "nearest"]

TODAY_WORDS = frozenset({"today", "now", "dziś", "dzis", "dzisiaj", "teraz"})
YESTERDAY_WORDS = frozenset({"yesterday", "wczoraj"})
TOMORROW_WORDS = frozenset({"tomorrow", "jutro"})

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\s*[./]\s*(\d{1,2})(?:\s*[./]\s*(\d{4}|\d{2}))?\s*\.?")
_DAYS_AGO = re.compile(r"(\d{1,4})\s*(?:d|dni|dzień|dzien|days?)")
_TIME = re.compile(r"t?(\d{1,2})(?:\s*[:.\sh]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?)?\s*(?:h|godz\.?)?")


def parse_day(text: str, today: Optional[date] = None, *, direction: Direction = "nearest") -> date:
    """The day `text` names, as a `date` (ValueError if it names none)."""
    today = today or date.today()
    value = " ".join(str(text).strip().lower().split())
    if not value:
        raise ValueError(text)
    if value in TODAY_WORDS:
        return today
    if value in YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if value in TOMORROW_WORDS:
        return today + timedelta(days=1)
    m = _DAYS_AGO.fullmatch(value)
    if m:
        return today - timedelta(days=int(m.group(1)))
    m = _ISO.fullmatch(value) or _ISO.fullmatch(value.split("t")[0])
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DOTTED.fullmatch(value)
    if not m:
        raise ValueError(text)
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if year:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    return _without_year(day, month, today, direction)


def _without_year(day: int, month: int, today: date, direction: Direction) -> date:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # 29.02 in a year without it
            continue
    if not candidates:
        raise ValueError(f"{day}.{month}")
    if direction == "past":
        past = [d for d in candidates if d <= today]
        return max(past)
    if direction == "future":
        return min(d for d in candidates if d >= today)
    return min(candidates, key=lambda d: (abs((d - today).days), d > today))


def parse_date(text: str, today: Optional[date] = None, *, direction: Direction = "nearest") -> str:
    """The day `text` names, as ISO ``YYYY-MM-DD`` (ValueError if it names none)."""
    return parse_day(text, today, direction=direction).isoformat()


def parse_time(text: str) -> str:
    """The time of day `text` names, as ISO ``HH:MM`` (``HH:MM:SS`` when seconds were
    given); ValueError if it names none."""
    value = str(text).strip().lower()
    m = _TIME.fullmatch(value)
    if not m or not value:
        raise ValueError(text)
    hour, minute, second = int(m.group(1)), int(m.group(2) or 0), m.group(3)
    moment = time(hour, minute, int(second or 0))  # ValueError for 25:00 or 14:61
    return moment.isoformat(timespec="seconds" if second else "minutes")

"""The clock the use-cases read, injectable so a scripted run is repeatable.

`EMPATHY_NOW` (an ISO date-time, e.g. ``2026-11-23T10:00:00+01:00``) fixes it for a whole
run: tests and trainers use it with `--seed` to get the same schedule every time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Callable, Optional

Clock = Callable[[], datetime]


def system() -> datetime:
    """The local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def fixed(moment: datetime) -> Clock:
    moment = moment if moment.tzinfo else moment.astimezone()
    return lambda: moment


def from_env(env: Optional[Mapping[str, str]] = None) -> Clock:
    """A fixed clock when `EMPATHY_NOW` is set (ValueError if it is not a date-time); by
    default read from the current runtime's environment."""
    if env is None:
        from .runtime import current

        env = current().env
    value = env.get("EMPATHY_NOW", "").strip()
    if not value:
        return system
    return fixed(datetime.fromisoformat(value))

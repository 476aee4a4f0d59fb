"""A person's own progress, aggregated from their records and the drill's state.

Pure functions over the typed records (`records.model`; JSON records of any version
are read through it) and the drill state
(`records.drillstate`): no terminal, no translation. `empathy progress --json` prints
`aggregate()`'s result as it is, so its shape is part of the interface:

- ``rehearsals``: finished rehearsals only; ``average`` score (0–100), ``by_stage``
  (average of each stage's score over the rehearsals that practised it), ``by_scenario``
  (count, average, best, last, and the scores in time order), ``scores`` in time order;
- ``drill``: ``cards_seen``, ``due`` now, ``reviews`` (graded), ``retention`` (share of
  reviews of cards seen before that were not missed; None without any), ``outcomes``,
  ``streak``, ``per_day`` (reviews on each of the last 14 days);
- ``encounters``: ``count``, ``complete``, ``by_outcome``, ``by_level`` (escalation level).

Averages are rounded to one decimal; `since` keeps what started on or after that day;
`lang` keeps one language.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Optional

from ..content.models import STAGE_IDS
from .drillstate import DrillState, streak
from .model import AnyRecord, EncounterRecord, RehearsalRecord, load

DAYS_SHOWN = 14


def _day(value: Any) -> Optional[date]:
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def _avg(values: list[float]) -> Optional[float]:
    return round(sum(values) / len(values), 1) if values else None


def _keep(r: AnyRecord, since: Optional[date], lang: Optional[str]) -> bool:
    if lang and r.lang != lang:
        return False
    if since is not None:
        day = _day(r.started_at)
        return day is not None and day >= since
    return True


def rehearsals(records: Iterable[AnyRecord]) -> dict[str, Any]:
    done = sorted((r for r in records if isinstance(r, RehearsalRecord) and r.complete and r.score is not None), key=lambda r: r.started_at)
    stages: dict[str, list[float]] = {}
    scenarios: dict[tuple[str, str], list[float]] = {}
    titles: dict[tuple[str, str], str] = {}
    for r in done:
        for stage, score in r.stages.items():
            stages.setdefault(stage, []).append(score)
        scenarios.setdefault((r.scenario, r.lang), []).append(r.score or 0)
        titles[(r.scenario, r.lang)] = r.title or r.scenario
    order = sorted(stages, key=lambda s: STAGE_IDS.index(s) if s in STAGE_IDS else len(STAGE_IDS))
    scores = [r.score or 0 for r in done]
    return {
        "count": len(done),
        "average": _avg(scores),
        "scores": scores,
        "by_stage": {s: {"average": _avg(stages[s]), "count": len(stages[s])} for s in order},
        "by_scenario": [
            {
                "scenario": sid,
                "lang": lang,
                "title": titles[(sid, lang)],
                "count": len(rs),
                "average": _avg(rs),
                "best": max(rs),
                "last": rs[-1],
                "scores": rs,
            }
            for (sid, lang), rs in sorted(scenarios.items())
        ],
    }


def encounters(records: Iterable[AnyRecord]) -> dict[str, Any]:
    found = [r for r in records if isinstance(r, EncounterRecord)]
    return {
        "count": len(found),
        "complete": sum(1 for r in found if r.complete),
        "by_outcome": dict(sorted(Counter(r.outcome or "none" for r in found).items())),
        "by_level": dict(sorted(Counter(r.escalation_level or "none" for r in found).items())),
    }


def drill(state: Optional[DrillState], now: datetime, *, since: Optional[date] = None, lang: Optional[str] = None) -> dict[str, Any]:
    state = state or DrillState()

    def card_lang(cid: str) -> str:
        parts = cid.split(":")
        return parts[1] if len(parts) > 2 else ""

    ids = {cid for cid in state.cards if not lang or card_lang(cid) == lang}
    log = [e for e in state.log if (not lang or e.get("lang") == lang)]
    days_all = sorted({d for e in log if (d := _day(e.get("at"))) is not None})
    if since is not None:
        log = [e for e in log if (d := _day(e.get("at"))) is not None and d >= since]
    again_before = [e for e in log if not e.get("new")]
    today = now.date()
    per_day = Counter(_day(e.get("at")) for e in log)
    return {
        "cards_seen": len(ids),
        "due": len(state.due(now, ids)),
        "reviews": len(log),
        "retention": round(sum(1 for e in again_before if e.get("outcome") != "again") / len(again_before), 3) if again_before else None,
        "outcomes": {k: sum(1 for e in log if e.get("outcome") == k) for k in ("again", "hard", "good", "easy")},
        "streak": streak(days_all, today),
        "per_day": [
            {"date": (today - timedelta(days=n)).isoformat(), "reviews": per_day.get(today - timedelta(days=n), 0)} for n in range(DAYS_SHOWN - 1, -1, -1)
        ],
    }


def aggregate(
    records: Iterable[dict[str, Any] | AnyRecord], state: Optional[DrillState], now: datetime, *, since: Optional[date] = None, lang: Optional[str] = None
) -> dict[str, Any]:
    typed = [r if isinstance(r, (EncounterRecord, RehearsalRecord)) else load(r) for r in records]
    kept = [r for r in typed if r is not None and _keep(r, since, lang)]
    return {
        "since": since.isoformat() if since else None,
        "lang": lang,
        "rehearsals": rehearsals(kept),
        "drill": drill(state, now, since=since, lang=lang),
        "encounters": encounters(kept),
    }

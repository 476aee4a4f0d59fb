"""The drill use-case: plan a session, ask each card, grade it, schedule it, save at once.

    deck (coach.drill) → plan (due + a few new) → for each card: ui.ask → grade (judge or
    pick) → FSRS review → state saved (records.drillstate) → ui.graded → summary

The UI (`ui.drill_view`) words everything; this module deals in cards, grades and ids.
Ctrl-C (or a closed input) stops the session with every answered card already saved; an
answers file that runs out simply ends it. A non-answer ("?", "idk", nothing) is never
graded and leaves the card's schedule alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from ..coach import drill as engine
from ..coach.prompter import Cancelled
from ..records import drillstate
from .clock import Clock, system

if TYPE_CHECKING:  # pragma: no cover
    from ..coach.check import CheckResult
    from ..content.library import Library


@dataclass
class Answer:
    """What the trainee gave: a listed pick (`picked`), or their own words (`text`)."""

    picked: str = ""
    text: str = ""


@dataclass
class Plan:
    cards: list[engine.Card]
    due: int  # cards due now (in the focus)
    new: int  # new cards in this session
    unseen: int  # cards in the focus never practised
    total: int  # cards in the focus
    streak: int
    minutes: float
    seed: Optional[int]
    next_due: Optional[datetime] = None  # the first card due after now (when none is due)


@dataclass
class Summary:
    answered: int = 0
    skipped: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    due_left: int = 0
    streak: int = 0
    stopped: str = ""  # "" (all done), "time", "interrupted", "answers" (an answers file ran out)
    next_due: Optional[datetime] = None
    state_file: Optional[Path] = None


class DrillUI(Protocol):
    def start(self, plan: Plan) -> None: ...

    def ask(self, card: engine.Card, choices: list[tuple[str, str]], number: int, total: int) -> Answer:
        """The trainee's answer; raise Cancelled to stop."""

    def graded(self, card: engine.Card, grade: engine.Grade, due: Optional[datetime]) -> None: ...

    def finish(self, summary: Summary) -> None: ...


Judge = Callable[[str], "CheckResult"]


def deck(lib: "Library", focus: engine.Focus) -> list[engine.Card]:
    """The cards of the content on the search path, narrowed to `focus`."""
    cards = engine.build_deck([e.content for e in lib.playbooks(focus.lang)], [e.content for e in lib.scenarios(focus.lang)])
    return [c for c in cards if focus.keeps(c)]


def judges(lib: "Library") -> Callable[[engine.Card], Judge]:
    """For a card, the judge of typed words: the card's playbook first, then the others
    of its language (the same judge as `empathy check`)."""

    def for_card(card: engine.Card) -> Judge:
        from ..coach.check import check_reply

        playbooks = [e.content for e in lib.playbooks(card.lang)]
        playbooks.sort(key=lambda pb: pb.id != card.playbook)
        return lambda text: check_reply(text, playbooks, card.lang)

    return for_card


def prepare(cards: list[engine.Card], state: drillstate.DrillState, now: datetime, *, minutes: float, new_limit: int, seed: Optional[int]) -> Plan:
    due, fresh = engine.plan(cards, state.cards, now, new_limit=new_limit, seed=seed)
    unseen = sum(1 for c in cards if c.id not in state.cards)
    return Plan(
        due + fresh,
        len(due),
        len(fresh),
        unseen,
        len(cards),
        drillstate.streak(state.days(), now.date()),
        minutes,
        seed,
        _next_due(cards, state, now),
    )


def _next_due(cards: list[engine.Card], state: drillstate.DrillState, now: datetime) -> Optional[datetime]:
    upcoming = [d for c in cards if (d := engine.due_at(state.cards.get(c.id))) is not None and d > now]
    return min(upcoming) if upcoming else None


def preview(
    cards: list[engine.Card],
    *,
    state_file: Optional[Path] = None,
    clock: Clock = system,
    minutes: float = 5,
    new_limit: int = engine.NEW_PER_SESSION,
    seed: Optional[int] = None,
) -> Plan:
    """The session `run` would ask now, without asking it (for `--template`)."""
    return prepare(cards, drillstate.load(state_file), clock(), minutes=minutes, new_limit=new_limit, seed=seed)


def run(
    cards: list[engine.Card],
    ui: DrillUI,
    judge_for: Callable[[engine.Card], Judge],
    *,
    state_file: Optional[Path] = None,
    clock: Clock = system,
    minutes: float = 5,
    new_limit: int = engine.NEW_PER_SESSION,
    seed: Optional[int] = None,
) -> Summary:
    """One drill session over `cards` (already focused). Returns what happened; the state
    file is up to date after every graded card whatever happens."""
    state = drillstate.load(state_file)
    start = clock()
    plan = prepare(cards, state, start, minutes=minutes, new_limit=new_limit, seed=seed)
    ui.start(plan)
    summary = Summary(state_file=state_file or drillstate.state_path())
    try:
        for number, card in enumerate(plan.cards, 1):
            if number > 1 and minutes and clock() - start >= timedelta(minutes=minutes):
                summary.stopped = "time"
                break
            answer = ui.ask(card, engine.choices(card, seed), number, len(plan.cards))
            grade = _grade(card, answer, judge_for, seed)
            due = None
            if grade.graded:
                due = _schedule(state, card, grade, clock(), fuzz=seed is None, path=state_file)
                summary.answered += 1
                summary.outcomes[grade.outcome] += 1
            else:
                summary.skipped += 1
            ui.graded(card, grade, due)
    except (Cancelled, KeyboardInterrupt) as exc:
        summary.stopped = "answers" if type(exc).__name__ == "OutOfAnswers" else "interrupted"
    now = clock()
    ids = {c.id for c in cards}
    summary.due_left = len(state.due(now, ids))
    summary.streak = drillstate.streak(state.days(), now.date())
    summary.next_due = _next_due(cards, state, now)
    ui.finish(summary)
    return summary


def _grade(card: engine.Card, answer: Answer, judge_for: Callable[[engine.Card], Judge], seed: Optional[int]) -> engine.Grade:
    if answer.picked:
        return engine.grade_pick(card, answer.picked, seed)
    if card.kind == "stage" and not engine.is_non_answer(answer.text):
        return engine.grade_pick(card, answer.text.strip().lower(), seed)
    return engine.grade_typed(card, answer.text, judge_for(card))


def _schedule(state: drillstate.DrillState, card: engine.Card, grade: engine.Grade, now: datetime, *, fuzz: bool, path: Optional[Path]) -> Optional[datetime]:
    fsrs_state = engine.review(card.id, state.cards.get(card.id), grade.rating, now, fuzz=fuzz)
    entry: dict[str, Any] = {
        "kind": card.kind,
        "lang": card.lang,
        "stage": card.stage,
        "source": card.source,
        "at": now.isoformat(),
        "outcome": grade.outcome,
        "rating": grade.rating,
    }
    state.record(card.id, fsrs_state, entry)
    drillstate.save(state, path)
    return engine.due_at(state.cards[card.id])

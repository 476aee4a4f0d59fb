"""Drill cards from the content, how an answer is graded, and spaced-repetition scheduling.

No terminal code and no translated prose: cards carry the content's own words (a client's
line, a warning sign, a phrase) and ids; grades carry ids (`again`, `hard`, `good`,
`easy`, `skipped`) and the judge's structured result. The `ui/` layer words them.

Four kinds of card, all built from the playbooks and scenarios on the search path:

- ``reply``: a scenario client's line, "the client says: … — your reply?";
- ``situation``: a playbook warning sign, "this is happening — what do you say?";
- ``avoid``: "say this, not that": the harmful phrasing of an avoid list and its better
  alternative, in a seeded order;
- ``stage``: "which stage is this?" for a playbook phrase.

Card ids are stable across runs and content edits that do not touch the card itself (a
node id, a sign id, or a short hash of the phrase), so the schedule survives a content
update. Scheduling uses FSRS (the maintained `fsrs` package), imported only here, inside
`review()`, so no other command pays for it.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

from ..content.models import STAGE_IDS
from ..vocab import STAGE_MOVES, choice_rank

if TYPE_CHECKING:  # pragma: no cover
    from fsrs.card import CardDict

    from ..content.models import Playbook, Scenario
    from .check import CheckResult

KINDS = ("reply", "situation", "avoid", "stage")
#: FSRS ratings by name (the values of `fsrs.Rating`), and "skipped" for a non-answer.
RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}
#: What a person types when they don't know: never graded (the judge scores words, not shrugs).
NON_ANSWERS = frozenset(
    {
        "?",
        "??",
        "???",
        "-",
        "--",
        "...",
        "…",
        "idk",
        "i dont know",
        "i don't know",
        "dunno",
        "no idea",
        "skip",
        "pass",
        "next",
        "nie wiem",
        "nw",
        "niewiem",
        "pomiń",
        "pomin",
        "dalej",
        "nie mam pojęcia",
        "nie mam pojecia",
    }
)
#: The moves each stage is about (a reply that makes them is more than just polite).
NEW_PER_SESSION = 5


def _hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Card:
    """One card. `prompt` is content text (shown literally); `better` the content's own
    better phrasings; `worse` the harmful phrasing of an avoid card."""

    id: str
    kind: str
    lang: str
    source: str  # the scenario or playbook it comes from
    playbook: str  # the playbook whose signals judge typed replies
    stage: str
    prompt: str
    tags: tuple[str, ...] = ()
    context: str = ""  # who speaks (a persona's name) or a stage direction
    better: tuple[str, ...] = ()
    worse: str = ""
    why: str = ""
    gender: Optional[str] = None  # the persona's grammatical gender ("f"/"m") on a reply card, when known

    @property
    def typed(self) -> bool:
        """Whether the answer is the trainee's own words (else a pick from a list)."""
        return self.kind in ("reply", "situation")


# --------------------------------------------------------------------------- the deck


def _best_choices(node: Any) -> tuple[str, ...]:
    ranked = sorted(node.choices, key=choice_rank, reverse=True)
    top = ranked[0].score if ranked else 0
    return tuple(c.text for c in ranked if c.score >= max(top - 1, 6))[:2]


def scenario_cards(sc: "Scenario") -> list[Card]:
    out = []
    for node in sc.nodes:
        better = _best_choices(node)
        if not better:
            continue  # a node with no good reply teaches nothing as a card
        out.append(
            Card(
                id=f"reply:{sc.lang}:{sc.id}:{node.id}",
                kind="reply",
                lang=sc.lang,
                source=sc.id,
                playbook=sc.playbook,
                stage=node.stage,
                prompt=node.say,
                tags=tuple(dict.fromkeys([*node.tags, *sc.tags])),
                context=sc.persona.name,
                better=better,
                gender=sc.persona.gender,
            )
        )
    return out


def playbook_cards(pb: "Playbook") -> list[Card]:
    out = []
    escalate = pb.stage("escalate")
    fallback = tuple(p.text for p in escalate.phrases[:2]) if escalate else ()
    for level in pb.escalation:
        if level.severity <= 0:
            continue
        better = tuple(level.say[:2]) or fallback
        if not better:
            continue
        for sign in level.signs:
            out.append(
                Card(
                    id=f"situation:{pb.lang}:{pb.id}:{sign.id}",
                    kind="situation",
                    lang=pb.lang,
                    source=pb.id,
                    playbook=pb.id,
                    stage="escalate",
                    prompt=sign.text,
                    context=level.title.split(":", 1)[0].strip() or level.id,
                    better=better,
                )
            )
    for stage in pb.stages:
        for av in stage.avoid:
            out.append(
                Card(
                    id=f"avoid:{pb.lang}:{pb.id}:{stage.id}:{_hash(av.text)}",
                    kind="avoid",
                    lang=pb.lang,
                    source=pb.id,
                    playbook=pb.id,
                    stage=stage.id,
                    prompt=av.instead,
                    tags=tuple(av.tags),
                    better=(av.instead,),
                    worse=av.text,
                    why=av.why,
                )
            )
        for ph in stage.phrases:
            out.append(
                Card(
                    id=f"stage:{pb.lang}:{pb.id}:{_hash(ph.text)}",
                    kind="stage",
                    lang=pb.lang,
                    source=pb.id,
                    playbook=pb.id,
                    stage=stage.id,
                    prompt=ph.text,
                    tags=tuple(ph.tags),
                )
            )
    return out


def build_deck(playbooks: Iterable["Playbook"], scenarios: Iterable["Scenario"]) -> list[Card]:
    """Every card of the content, without duplicates (the first card of an id wins)."""
    cards: dict[str, Card] = {}
    for pb in playbooks:
        for card in playbook_cards(pb):
            cards.setdefault(card.id, card)
    for sc in scenarios:
        for card in scenario_cards(sc):
            cards.setdefault(card.id, card)
    return list(cards.values())


@dataclass(frozen=True)
class Focus:
    """What a drill is narrowed to (`--lang`, `--playbook`, `--stage`, `--tag`, `--kind`)."""

    lang: Optional[str] = None
    playbook: Optional[str] = None
    stage: Optional[str] = None
    tag: Optional[str] = None
    kind: Optional[str] = None

    def keeps(self, card: Card) -> bool:
        return (
            (not self.lang or card.lang == self.lang)
            and (not self.playbook or self.playbook in (card.playbook, card.source))
            and (not self.stage or card.stage == self.stage)
            and (not self.tag or self.tag in card.tags)
            and (not self.kind or card.kind == self.kind)
        )


# --------------------------------------------------------------------------- a session


def due_at(state: Optional[dict[str, Any]]) -> Optional[datetime]:
    """When a card with this saved state is due (None: never reviewed)."""
    if not state:
        return None
    try:
        return datetime.fromisoformat(str((state.get("fsrs") or {}).get("due")))
    except ValueError:
        return None


def plan(
    deck: list[Card], states: dict[str, dict[str, Any]], now: datetime, *, new_limit: int = NEW_PER_SESSION, seed: Optional[int] = None
) -> tuple[list[Card], list[Card]]:
    """The cards of a session: (due cards, oldest first; new cards). New cards are drawn at
    random (seeded) with the kinds taking turns, so a session mixes them."""
    due = [c for c in deck if (d := due_at(states.get(c.id))) is not None and d <= now]
    due.sort(key=lambda c: (due_at(states.get(c.id)), c.id))
    fresh = [c for c in deck if c.id not in states]
    rng = random.Random(seed if seed is not None else now.toordinal())
    by_kind: dict[str, list[Card]] = {}
    for card in sorted(fresh, key=lambda c: c.id):
        by_kind.setdefault(card.kind, []).append(card)
    for cards in by_kind.values():
        rng.shuffle(cards)
    kinds = list(by_kind)
    rng.shuffle(kinds)
    picked: list[Card] = []
    while len(picked) < new_limit and any(by_kind.values()):
        for kind in kinds:
            if by_kind[kind] and len(picked) < new_limit:
                picked.append(by_kind[kind].pop())
    return due, picked


def choices(card: Card, seed: Optional[int] = None) -> list[tuple[str, str]]:
    """The listed answers of a pick card, as (id, text): the two phrasings of an avoid card
    in a seeded order (ids ``1``, ``2``), or the five stage ids of a stage card (their
    text is the id: the UI names them)."""
    if card.kind == "avoid":
        pair = [card.better[0], card.worse]
        random.Random(f"{seed}:{card.id}").shuffle(pair)
        return [("1", pair[0]), ("2", pair[1])]
    if card.kind == "stage":
        return [(s, s) for s in STAGE_IDS]
    return []


def expected(card: Card, seed: Optional[int] = None) -> str:
    """The id of the right pick of a pick card."""
    if card.kind == "avoid":
        return next(cid for cid, text in choices(card, seed) if text == card.better[0])
    return card.stage


# --------------------------------------------------------------------------- grading


@dataclass
class Grade:
    """How an answer went. `outcome` is a rating name or ``skipped`` (a non-answer, never
    graded); `check` is the judge's result on typed words."""

    outcome: str
    correct: Optional[bool] = None  # for a pick
    picked: str = ""
    expected: str = ""
    text: str = ""  # the typed words
    check: Optional["CheckResult"] = None
    better: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # ids: "escalating", "stage_move", "unsure"…

    @property
    def rating(self) -> int:
        return RATINGS.get(self.outcome, 0)

    @property
    def graded(self) -> bool:
        return self.outcome != "skipped"


def is_non_answer(text: str) -> bool:
    folded = " ".join(str(text).lower().replace("’", "'").split()).strip(" .!")
    return not folded or folded in NON_ANSWERS or set(folded) <= set("?.!-… ")


def grade_typed(card: Card, text: str, judge: Callable[[str], "CheckResult"]) -> Grade:
    """Judge the trainee's own words: escalating → again; neutral → hard; de-escalating →
    good, easy when it also makes the move the card's stage is about. An unsure judge
    never fails a reply, nor calls it easy."""
    text = str(text).strip()
    if is_non_answer(text):
        return Grade("skipped", text=text, better=list(card.better))
    result = judge(text)
    better = [s.instead for s in result.suggestions]
    better += [b for b in card.better if b not in better]
    reasons = [result.verdict]
    if result.verdict == "escalating":
        outcome = "again"
    elif result.verdict == "neutral":
        outcome = "hard"
    else:
        moves = STAGE_MOVES.get(card.stage, frozenset())
        made = {s.kind for s in result.signals} & moves
        outcome = "easy" if made and result.score >= 2 else "good"
        if made:
            reasons.append("stage_move")
    if result.unsure:
        reasons.append("unsure")
        outcome = {"again": "hard", "easy": "good"}.get(outcome, outcome)
    return Grade(outcome, text=text, check=result, better=better, reasons=reasons)


def grade_pick(card: Card, picked: str, seed: Optional[int] = None) -> Grade:
    right = expected(card, seed)
    ok = picked == right
    return Grade("good" if ok else "again", correct=ok, picked=picked, expected=right, better=list(card.better))


# --------------------------------------------------------------------------- scheduling


def fsrs_id(card_id: str) -> int:
    """A stable integer id for FSRS (it defaults to the clock, which is not repeatable)."""
    return int(hashlib.sha1(card_id.encode("utf-8")).hexdigest()[:12], 16)


def review(card_id: str, state: Optional[dict[str, Any]], rating: int, now: datetime, *, fuzz: bool = True) -> CardDict:
    """The card's FSRS state after a review with `rating` at `now` (JSON-ready).

    `fuzz` spreads intervals a little (FSRS's own fuzzing, from the global random source);
    a seeded drill turns it off so the same answers give the same schedule every run."""
    from fsrs import Card as FsrsCard
    from fsrs import Rating, Scheduler

    now = _utc(now)
    scheduler = Scheduler(enable_fuzzing=fuzz)
    saved = (state or {}).get("fsrs")
    card = FsrsCard.from_dict(saved) if saved else FsrsCard(card_id=fsrs_id(card_id), due=now)
    card, _ = scheduler.review_card(card, Rating(rating), review_datetime=now)
    return card.to_dict()


def retrievability(state: Optional[dict[str, Any]], now: datetime) -> Optional[float]:
    """How likely the card is remembered now (FSRS), or None for a card never reviewed."""
    if not state or not state.get("fsrs"):
        return None
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

    return float(Scheduler().get_card_retrievability(FsrsCard.from_dict(state["fsrs"]), current_datetime=_utc(now)))


def _utc(moment: datetime) -> datetime:
    """FSRS works in UTC; a naive time is taken as local time."""
    from datetime import timezone

    return moment.astimezone(timezone.utc)

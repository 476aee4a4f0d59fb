"""The rehearsal engine: a simulated client whose mood reacts to what the trainee says.

No terminal code here. The engine walks a `Scenario`'s nodes, asks for each reply through
a `Prompter` (a choice from the list, or the trainee's own words as `Typed`) and tells it
what to show with `Message`s. Everything that changes during a rehearsal lives in one
`State` (current node, mood, transcript, fired rules); every reply pushes a copy of the
previous state on a stack, so "back" is a pop and a journal is the state plus the stack.

One reply, step by step (`Rehearsal.reply`):

1. A listed choice is taken as written: its mood change, its stage score, its `next`.
   A typed reply is mapped first (see `map_typed`); one that is no answer at all ("hint",
   "?", "ok", a lone word, keyboard mash: `nonanswer`) is refused, never scored. When the
   judge is unsure, or the words fit two listed replies about equally, the trainee is
   asked which listed reply they meant; an answers file keeps the best guess, flagged
   `unsure`.
2. The mood moves by the change and is clamped to 0–10.
3. If the reply leads to a node (not an ending), the first rule whose condition holds on
   the new mood (and that has not fired yet, if it fires `once`) jumps to its `goto`.
   An ending reached by a reply is final: rules never pull a conversation back out of it.

Scores: each reply earns 0–10 points for its node's stage; the most it could have earned
is the best score among the choices offered there. Each reply is measured against that
best reply (`Turn.points`: 10 = as good as the best reply available there), and a
stage's score is the mean of its replies' share of the best, ×100; the overall score is
the same over all replies. So every reply weighs the same, and "9/9" reads "10/10".

Variants: a persona may declare `variants:` (content.models.Variant). Each rehearsal
plays one, forced by `variant=` (`--variant`) or picked from the seed
(`pick_variant`: a generator seeded by ``"{seed}:variant"``), so a seed replays the same
variant and the same lines. Its `temperament` scales every mood change before rounding:
the change applied is ``round_away(change × temperament)`` (half away from zero: a change
never rounds to nothing, 0 stays 0), then the mood is clamped to 0–10 as always. Its
`mood` replaces the persona's starting mood; its `lines` replace what the client says
(and the stage direction) at the nodes they name. The record and the journal keep the
variant and the seed; resuming keeps the variant.

Exam mode (`exam=True`): no hints, no undo (asking says why), feedback only in the
debrief. Practice records count the undos and hints used.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Callable, Optional

from ..content.models import NEGATIVE_SIGNALS, POSITIVE_SIGNALS, STAGE_IDS, Choice, Node, Playbook, Scenario, Variant
from ..localtext import Shown, Text, from_data, join, to_data
from ..text import fold
from ..vocab import STAGE_MOVES, VERDICTS, choice_rank, similarity
from .check import CheckResult, check_reply
from .nonanswer import non_answer
from .prompter import GoBack, Message, Option, Prompter, Question, Typed

#: Mood words for the meter, by the highest mood they describe (catalogue keys rehearse.mood.*).
MOOD_WORDS = ((1, "calm"), (3, "uneasy"), (5, "tense"), (7, "upset"), (9, "angry"), (10, "furious"))
#: How many ways each language has to describe the client's reaction (one a line of the
#: catalogue entry rehearse.reaction.<key>; tests check every language has as many).
REACTIONS = {"calmer": 4, "hotter": 4, "same_calm": 3, "same_hot": 3, "same": 3}

#: The signal kinds each stage is really about. A typed reply that calms the client but
#: lacks them (a kind word where options were needed) earns a bit less than the best choice.
STAGE_KEYS: dict[str, frozenset[str]] = {s: STAGE_MOVES[s] for s in ("listen", "empathize", "solve")}
OFF_STAGE_CAP = 0.75
#: Word overlap (Jaccard) with a calming choice from which a typed reply counts as a
#: paraphrase of it: it earns that much more strength and is not capped off-stage.
CLOSE = 0.3
#: Share of a listed reply's words a typed reply must contain to count as using its words:
#: only then is that reply's authored feedback shown (it speaks of those words).
USED = 0.6
#: Two listed replies fit a typed one "about equally" when their similarity differs by
#: less than this, and the better one fits at least `FIT` (else neither really fits).
TIE = 0.05
FIT = 0.15

_CLASSES = VERDICTS
_WORD = re.compile(r"\w+")


def t(key: str, **values: Any) -> Text:
    return Text(f"rehearse.{key}", **values)


def mood_word(mood: int) -> Text:
    """The word for a mood on the 0–10 meter (rehearse.mood.*)."""
    mood = max(0, min(10, int(mood)))
    key = next(word for limit, word in MOOD_WORDS if mood <= limit)
    return Text(f"rehearse.mood.{key}")


def clamp(mood: int) -> int:
    return max(0, min(10, int(mood)))


def round_away(x: float) -> int:
    """Round half away from zero (so a mild calming reply still moves the mood by one)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def tokens(text: str) -> set[str]:
    """Words of a reply for comparing wordings: folded (lower case, no accents), three
    letters or more, cut to their first five letters so inflected forms still meet
    ("frustrating"/"frustrated", "rozumiem"/"rozumie")."""
    return {w[:5] for w in _WORD.findall(fold(text)) if len(w) > 2}


jaccard = similarity


def contained(part: set[str], whole: set[str]) -> float:
    """The share of `part`'s words that are in `whole`."""
    return len(part & whole) / len(part) if part else 0.0


class NonAnswer(ValueError):
    """Typed words that are no answer to the client: refused, never scored. `reason` is
    the `nonanswer` reason id, `message` the sentence to show."""

    def __init__(self, reason: str, message: Shown):
        super().__init__(message)
        self.reason = reason
        self.message = message


def choice_class(choice: Choice) -> str:
    """What the scenario's author made a choice do: calm (mood < 0), heat (mood > 0), or,
    when the mood does not move, what its score says (≥ 7 calming, ≤ 2 heating)."""
    if choice.mood < 0:
        return "de-escalating"
    if choice.mood > 0:
        return "escalating"
    if choice.score >= 7:
        return "de-escalating"
    if choice.score <= 2:
        return "escalating"
    return "neutral"


def pick_variant(scenario: Scenario, seed: int) -> Optional[Variant]:
    """The persona variant a rehearsal with `seed` plays (None: the persona declares none).
    Its own generator, seeded by ``"{seed}:variant"``, so nothing else shifts the pick."""
    variants = scenario.persona.variants
    if not variants:
        return None
    return random.Random(f"{seed}:variant").choice(variants)


def find_variant(scenario: Scenario, variant_id: Optional[str], seed: int) -> Optional[Variant]:
    """The variant named `variant_id`, or the seed's pick when None. ValueError names the
    variants there are when the id names none (or the persona declares none)."""
    if variant_id is None:
        return pick_variant(scenario, seed)
    found = scenario.persona.variant(variant_id)
    if found is None:
        known = ", ".join(v.id for v in scenario.persona.variants)
        raise UnknownVariant(variant_id, scenario.id, known)
    return found


class UnknownVariant(ValueError):
    """A variant id the scenario's persona does not declare; `known` lists those it does
    (empty: it declares none)."""

    def __init__(self, variant: str, scenario: str, known: str):
        super().__init__(f"variant {variant!r} is not in scenario {scenario!r}" + (f" (variants: {known})" if known else " (it has no variants)"))
        self.variant, self.scenario, self.known = variant, scenario, known


# --------------------------------------------------------------------------- state


@dataclass
class Turn:
    """One reply of the trainee, as it goes into the transcript and the record."""

    node: str
    stage: str
    client: str
    reply: str
    choice: str
    typed: bool
    verdict: str
    signals: list[dict[str, str]]
    mood_before: int
    mood_after: int
    score: int
    max_score: int
    #: Lines of feedback: `localtext` ids and parameters, and the scenario's own words.
    feedback: list[Shown]
    suggestions: list[dict[str, str]] = field(default_factory=list)
    next: str = ""
    rule: Optional[str] = None
    reaction: Shown = ""
    heard: str = ""  # how the reply was taken: the choice's class, or for typed words see map_typed
    #: The reply's points out of 10 against the best reply available at its node.
    points: Optional[int] = None
    #: Typed words the judge was unsure about, or that fit two listed replies about equally,
    #: and that nobody clarified (an answers file): the path taken is a best guess.
    unsure: bool = False
    #: The listed reply the trainee said they meant, when asked (typed words only).
    meant: str = ""
    confidence: float = 1.0  # the judge's confidence in its verdict on typed words

    def __post_init__(self) -> None:
        if self.points is None:
            self.points = share_points(self.score, self.max_score)

    def to_dict(self) -> dict[str, Any]:
        """The turn as plain data (journals and records): feedback and reaction as ids
        and parameters (`localtext.to_data`)."""
        out = asdict(replace(self, feedback=[], reaction=""))
        out["feedback"] = to_data(list(self.feedback))
        out["reaction"] = to_data(self.reaction)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Turn":
        """A turn read back from a journal. Every field must have its declared type: a
        damaged or hand-edited journal raises TypeError here (reported by `resume`) rather
        than an internal error when the record is written."""
        if not isinstance(data, dict):
            raise TypeError("a turn is not a mapping")
        fields = cls.__dataclass_fields__
        values = {k: v for k, v in data.items() if k in fields}
        for key, value in values.items():
            if not _of_type(value, str(fields[key].type)):
                raise TypeError(f"turn field {key!r} is not of type {fields[key].type}")
        if values.get("stage", STAGE_IDS[0]) not in STAGE_IDS:
            raise ValueError(f"unknown stage {values['stage']!r}")
        feedback = values.get("feedback", [])
        if isinstance(feedback, str):  # journals from before ids: the lines as shown
            values["feedback"] = feedback.split("\n") if feedback else []
        elif isinstance(feedback, list):
            values["feedback"] = [from_data(x) for x in feedback]
        else:
            raise TypeError("turn field 'feedback' is not a list")
        values["reaction"] = from_data(values.get("reaction", ""))
        return cls(**values)


def _of_type(value: Any, declared: str) -> bool:
    """Whether a JSON value fits a `Turn` field's declared type (its annotation text)."""
    if declared.startswith("Optional["):
        return value is None or _of_type(value, declared[9:-1])
    if declared == "bool":
        return isinstance(value, bool)
    if declared == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if declared == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if declared == "str":
        return isinstance(value, str)
    if declared == "list[dict[str, str]]":
        return isinstance(value, list) and all(isinstance(x, dict) and all(isinstance(v, str) for v in x.values()) for x in value)
    return True


def share_points(score: Any, best: Any) -> int:
    """Points out of 10 against the best reply available (old records: from their
    score and max_score)."""
    try:
        got, top = float(score), float(best)
    except (TypeError, ValueError):
        return 0
    if top <= 0:
        return 10 if got >= top else 0
    return max(0, min(10, round(10 * got / top)))


@dataclass
class State:
    """Everything that changes during a rehearsal. `node` is a node id or, at the end, an
    ending id."""

    node: str
    mood: int
    transcript: list[Turn] = field(default_factory=list)
    fired: list[int] = field(default_factory=list)

    def copy(self) -> "State":
        """A state to go back to: lists of its own, the same `Turn`s (a turn is never
        changed once it is in a transcript, so earlier states can share it)."""
        return State(self.node, self.mood, list(self.transcript), list(self.fired))

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "mood": self.mood, "transcript": [turn.to_dict() for turn in self.transcript], "fired": list(self.fired)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "State":
        return cls(
            node=str(data["node"]),
            mood=clamp(int(data["mood"])),
            transcript=[Turn.from_dict(x) for x in data.get("transcript", [])],
            fired=[int(i) for i in data.get("fired", [])],
        )


@dataclass
class Mapping:
    """How a typed reply was understood: the choice whose path it takes, and what it earns."""

    choice: Choice
    check: CheckResult
    mood: int
    score: int
    heard: str  # how it was taken: "de-escalating", "neutral" or "escalating"
    overlap: float  # word overlap with the mapped choice (≥ CLOSE: a paraphrase of it)
    used: bool = False  # the reply uses the mapped choice's words (≥ USED of them)
    unsure: bool = False  # the judge is unsure, or two listed replies fit about equally
    candidates: list[Choice] = field(default_factory=list)  # what to ask about when unsure
    meant: str = ""  # the choice the trainee said they meant


# --------------------------------------------------------------------------- engine


class Rehearsal:
    """One rehearsal of `scenario`, judged with `playbook`'s phrases and signals."""

    def __init__(
        self,
        scenario: Scenario,
        playbook: Optional[Playbook],
        *,
        seed: Optional[int] = None,
        exam: bool = False,
        state: Optional[State] = None,
        history: Optional[list[State]] = None,
        variant: Optional[str] = None,
    ):
        self.scenario = scenario
        self.playbook = playbook
        self.lang = scenario.lang
        self.exam = exam
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        #: The persona variant played (None: the persona declares none); UnknownVariant if
        #: `variant` names none.
        self.variant: Optional[Variant] = find_variant(scenario, variant, self.seed)
        self.temperament = self.variant.temperament if self.variant else 1.0
        self.start_mood = clamp(self.variant.mood if self.variant and self.variant.mood is not None else scenario.persona.mood)
        self.state = state or State(scenario.start, self.start_mood)
        self.history: list[State] = list(history or [])
        self._checks: dict[str, CheckResult] = {}
        self.undos = 0  # replies taken back (practice only: an exam has no undo)
        self.hints_used = 0  # times the hints were shown (practice only)

    # ------------------------------------------------------------------ queries

    @property
    def finished(self) -> bool:
        return self.scenario.node(self.state.node) is None

    @property
    def node(self) -> Optional[Node]:
        return self.scenario.node(self.state.node)

    def client_line(self, node: Node) -> tuple[str, str]:
        """What the client says at `node`, and the stage direction: the variant's, if it
        has a line there, else the node's own."""
        line = self.variant.line(node.id) if self.variant else None
        if line is None:
            return node.say, node.narration
        return line.say, line.narration or node.narration

    def scaled(self, delta: int) -> int:
        """A mood change as this variant's temperament makes it (see the module doc)."""
        if self.temperament == 1.0:
            return delta
        return round_away(delta * self.temperament)

    def offered(self, node: Node, mood: Optional[int] = None) -> list[Choice]:
        """The choices offered at `node` for the current mood (all of them, if a
        content mistake leaves none)."""
        mood = self.state.mood if mood is None else mood
        offered = [c for c in node.choices if c.when is None or c.when.holds(mood)]
        return offered or list(node.choices)

    def check(self, text: str) -> CheckResult:
        """The wording check of a text, cached (choices are checked once)."""
        result = self._checks.get(text)
        if result is None:
            result = check_reply(text, [self.playbook] if self.playbook else [], self.lang)
            self._checks[text] = result
        return result

    def hints(self, node: Node) -> list[str]:
        """The playbook's phrases for the node's stage, those tagged like the node first."""
        stage = self.playbook.stage(node.stage) if self.playbook else None
        if stage is None:
            return []
        tagged = set(node.tags)
        phrases = sorted(stage.phrases, key=lambda p: 0 if tagged & set(p.tags) else 1)
        return [p.text for p in phrases[:6]]

    def stage_title(self, stage_id: str) -> Shown:
        stage = self.playbook.stage(stage_id) if self.playbook else None
        return stage.title if stage else Text(f"common.stage.{stage_id}")

    def question(self) -> Question:
        node = self.node
        assert node is not None
        return Question(
            id=node.id,
            kind="choice",
            prompt=t("your_reply"),
            options=[Option(c.id, c.text) for c in self.offered(node)],
            allow_typed=True,
            allow_back=bool(self.history) and not self.exam,
            hints=[] if self.exam else self.hints(node),
            on_hint=None if self.exam else self._count_hint,
            check_typed=self.refusal,
            no_back=t("exam.no_undo") if self.exam else "",
            no_hint=t("exam.no_hint") if self.exam else "",
            gender=self.scenario.persona.gender,
        )

    def _count_hint(self) -> None:
        self.hints_used += 1

    # ------------------------------------------------------------------ typed replies

    def non_answer(self, text: str) -> Optional[str]:
        """Why typed words are no answer to the client at the current node (a `nonanswer`
        reason id), or None. Typing a listed reply as written is an answer, and so is a
        lone word the judge finds a move in ("Relax.")."""
        reason = non_answer(text, self.lang)
        if reason is None:
            return None
        node = self.node
        plain = " ".join(_WORD.findall(fold(text)))
        if node is not None and any(plain and plain == " ".join(_WORD.findall(fold(c.text))) for c in self.offered(node)):
            return None
        if reason == "one_word" and self.check(text).signals:
            return None
        return reason

    def refusal(self, text: str) -> Optional[Shown]:
        """The sentence that refuses typed words that are no answer (`Question.check_typed`),
        or None for a real reply. In an exam, asking for a hint or to go back says why
        neither exists."""
        reason = self.non_answer(text)
        if reason is None:
            return None
        if self.exam and reason in ("hint", "back"):
            return t("exam.no_hint" if reason == "hint" else "exam.no_undo")
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        return t(f"non_answer.{reason}", text=shown) + " " + t("non_answer.again")

    def map_typed(self, node: Node, text: str, meant: Optional[str] = None) -> Mapping:
        """Understand a reply typed in the trainee's own words.

        *How it is heard.* The wording check judges the reply: its verdict (de-escalating,
        neutral, escalating), its signals and its score (calming signals minus the harmful
        ones, weighted). A reply the check finds neutral but that paraphrases a listed
        choice (word overlap ≥ `CLOSE`) is heard like that choice: the check has no signal
        for a summary or a courier booked in other words, the author's choice has.

        *Which path it takes.* Each offered choice has a class: what its author made it do
        (`choice_class`: calming, neutral or heating). The reply goes down the path of a
        choice of the class it was heard as, or of the nearest class (de-escalating ↔
        neutral ↔ escalating) when the node has none. Among those, the most similar wins:
        shared words (`tokens`, Jaccard) plus shared signal kinds (each choice is run
        through the same check once); ties go to the choice whose score is nearest what the
        reply earns, then to the first listed.

        *When it is unsure.* If the judge says it is unsure, or the two most similar
        choices of that class fit about equally (within `TIE`, the better one at least
        `FIT`) and lead to different places, the mapping is `unsure` and names the
        `candidates` to ask the trainee about (every offered choice when the judge itself
        is unsure). `meant` is the trainee's answer: the reply takes that choice's path; if
        the judge was unsure, it counts as that listed reply (its class, mood change and
        score), else it earns by the judge's verdict as below.

        *What it earns.* Not the mapped choice's numbers but the reply's own, by the
        verdict and its strength, measured on the node's range (best = the highest-scoring
        choice offered, worst = the lowest, middle = halfway):

        - de-escalating: strength ``min(1, check score / 2 + overlap / (2 × CLOSE))``,
          at least 0.25; the score goes from the middle (0) to the best (1), the mood
          change from 0 to the best choice's (never above 0). A reply that misses what the
          node's stage is about (a question when listening, naming the feeling when
          empathising, options when solving) and paraphrases nothing is capped at 0.75.
          Never below any listed heating reply at the node.
        - neutral: no mood change (kept within the node's range), the middle score.
        - escalating: strength ``min(1, -check score / 1.5 + overlap / (2 × CLOSE))``, at
          least 0.5; the score goes from halfway below the middle (0.5) to the worst (1),
          the mood change up to the largest heating choice's (at least +1). Never above
          any listed calming reply at the node.

        So a good reply in one's own words is rewarded like the best listed one, a harmful
        one costs like the worst, and the same words at the same node always do the same.
        """
        offered = self.offered(node)
        result = self.check(text)
        best = max(offered, key=choice_rank)
        worst = min(offered, key=choice_rank)
        middle = (best.score + worst.score) / 2
        lo_mood, hi_mood = min(c.mood for c in offered), max(c.mood for c in offered)
        classes = [choice_class(c) for c in offered]
        heating = [c for c, k in zip(offered, classes) if k == "escalating"]
        calming = [c for c, k in zip(offered, classes) if k == "de-escalating"]
        floor = max([worst.score] + [c.score for c in heating])  # de-escalating earns at least this
        ceiling = min([best.score] + [c.score for c in calming])  # escalating earns at most this
        heat = max([c.mood for c in heating if c.mood > 0] or [max(1, hi_mood)])
        reply_words = tokens(text)
        reply_kinds = {s.kind for s in result.signals}
        keys = STAGE_KEYS.get(node.stage)
        overlaps = [jaccard(reply_words, tokens(c.text)) for c in offered]

        forced = next((i for i, c in enumerate(offered) if c.id == meant), None) if meant else None
        if meant and forced is None:
            raise ValueError(f"no choice {meant!r} at node {node.id!r}")
        heard = result.verdict
        if forced is not None and result.unsure:
            heard = classes[forced]
        elif heard == "neutral":
            closest = max(range(len(offered)), key=lambda i: (overlaps[i], -i))
            if overlaps[closest] >= CLOSE:
                heard = classes[closest]

        def earns(overlap: float) -> tuple[int, int]:
            if heard == "escalating":
                strength = min(1.0, max(0.0, -result.score) / 1.5 + overlap / (2 * CLOSE))
                strength = max(0.5, strength)
                score = round_away(middle - (middle - worst.score) * strength)
                return max(1, round_away(heat * strength)), max(0, min(score, ceiling))
            if heard == "neutral":
                return max(lo_mood, min(hi_mood, 0)), round_away(middle)
            strength = min(1.0, max(0.0, result.score) / 2.0 + overlap / (2 * CLOSE))
            if keys and not (keys & reply_kinds) and overlap < CLOSE:
                strength = min(strength, OFF_STAGE_CAP)
            strength = max(0.25, strength)
            score = round_away(middle + (best.score - middle) * strength)
            return min(0, round_away(best.mood * strength)), max(floor, min(10, best.score, score))

        provisional = earns(0.0)[1]
        want = _CLASSES.index(heard)
        similarity = [overlaps[i] + jaccard(reply_kinds, {s.kind for s in self.check(c.text).signals}) for i, c in enumerate(offered)]

        def rank(i: int) -> tuple[int, float, int, int]:
            return (abs(_CLASSES.index(classes[i]) - want), -similarity[i], abs(offered[i].score - provisional), i)

        order = sorted(range(len(offered)), key=rank)
        index = forced if forced is not None else order[0]
        chosen = offered[index]
        same_class = classes[index] == heard
        overlap = overlaps[index] if same_class else 0.0
        mood, score = earns(overlap)
        if forced is not None and result.unsure:
            # The judge could not tell; the trainee said which listed reply they meant:
            # it counts as that reply (its mood change and score), nothing more.
            mood, score = chosen.mood, chosen.score
        used = same_class and contained(tokens(chosen.text), reply_words) >= USED

        candidates: list[Choice] = []
        if forced is None:
            if result.unsure:
                candidates = sorted(offered, key=lambda c: rank(offered.index(c)))
            else:
                tier = rank(order[0])[0]
                top = similarity[order[0]]
                tied = [i for i in order if rank(i)[0] == tier and top >= FIT and top - similarity[i] < TIE]
                if len({offered[i].next for i in tied}) > 1:
                    candidates = [offered[i] for i in tied]
        return Mapping(chosen, result, mood, score, heard, overlap, used, bool(candidates), candidates, offered[forced].id if forced is not None else "")

    def typed_feedback(self, node: Node, mapping: Mapping) -> list[Shown]:
        """Feedback on typed words, always about those words: how they were heard, what
        the check found in them, better phrasing for harmful spans, and what works here.
        A listed reply's authored feedback is shown only when the trainee used its words."""
        result = mapping.check
        lines: list[Shown] = [t(f"verdict.{mapping.heard}")]
        if result.unsure and not mapping.meant:
            lines.append(t("judge_unsure"))
        good = [s for s in result.signals if s.kind in POSITIVE_SIGNALS]
        bad = [s for s in result.signals if s.kind in NEGATIVE_SIGNALS]
        if good:
            lines.append(t("heard_good", items=join("; ", [t("signal_item", label=signal_label(s.kind), text=s.text.strip()) for s in good])))
        offered: set[str] = set()
        for s in bad:
            sugg = next((x for x in result.suggestions if x.text == s.text and x.kind == s.kind), None)
            lines.append(t("heard_bad", kind=signal_label(s.kind), text=s.text.strip()))
            if sugg is not None and sugg.instead not in offered:
                offered.add(sugg.instead)
                lines.append(t("instead", text=sugg.instead))
        if mapping.meant:
            lines.append(t("taken_as", text=mapping.choice.text))
        elif mapping.unsure:
            lines.append(t("guessed", text=mapping.choice.text))
        if mapping.used:
            if not mapping.meant:
                lines.append(t("close_to", text=mapping.choice.text))
            if mapping.choice.feedback:
                lines += mapping.choice.feedback.split("\n")
        elif not result.signals:
            lines.append(t("no_signals"))
        keys = STAGE_KEYS.get(node.stage)
        paraphrase = mapping.overlap >= CLOSE
        if mapping.heard == "de-escalating" and keys and not paraphrase and not keys & {s.kind for s in good}:
            lines.append(t(f"stage_needs.{node.stage}"))
        best = max(self.offered(node), key=choice_rank)
        if mapping.score < best.score and not (mapping.used and mapping.choice is best):
            lines.append(t("would_work", text=best.text))
        return lines

    # ------------------------------------------------------------------ moves

    def reply(self, answer: str | Typed, *, meant: Optional[str] = None) -> Turn:
        """Apply one reply (a choice id or `Typed` words) and return its transcript entry.
        `meant` is the listed reply the trainee said typed words meant (when asked).
        Raises `NonAnswer` for typed words that are no answer ("hint", "?", "ok"…)."""
        node = self.node
        if node is None:
            raise ValueError("the rehearsal is over")
        before = self.state.mood
        unsure, confidence, meant_id = False, 1.0, ""
        if isinstance(answer, Typed):
            reason = self.non_answer(answer.text)
            if reason is not None:
                raise NonAnswer(reason, self.refusal(answer.text) or reason)
            mapping = self.map_typed(node, answer.text, meant)
            choice, result = mapping.choice, mapping.check
            delta, score, typed, reply_text = mapping.mood, mapping.score, True, answer.text
            feedback: list[Shown] = self.typed_feedback(node, mapping)
            heard = mapping.heard
            unsure, confidence, meant_id = mapping.unsure, result.confidence, mapping.meant
        else:
            found = next((c for c in self.offered(node) if c.id == answer), None)
            if found is None:
                raise ValueError(f"no choice {answer!r} at node {node.id!r}")
            choice = found
            result = self.check(choice.text)
            delta, score, typed, reply_text = choice.mood, choice.score, False, choice.text
            feedback = list(choice.feedback.split("\n")) if choice.feedback else []
            heard = choice_class(choice)
        best = max(c.score for c in self.offered(node))
        self.history.append(self.state.copy())
        state = self.state
        state.mood = clamp(before + self.scaled(delta))
        target = choice.next
        fired_rule = None
        if self.scenario.node(target) is not None:
            for i, rule in enumerate(self.scenario.rules):
                if rule.once and i in state.fired:
                    continue
                if rule.when.holds(state.mood):
                    target = rule.goto
                    fired_rule = rule.goto
                    if rule.once:
                        state.fired.append(i)
                    break
        turn = Turn(
            node=node.id,
            stage=node.stage,
            client=self.client_line(node)[0],
            reply=reply_text,
            choice=choice.id,
            typed=typed,
            verdict=result.verdict,
            signals=[{"kind": s.kind, "text": s.text} for s in result.signals],
            suggestions=[{"kind": s.kind, "text": s.text, "instead": s.instead} for s in result.suggestions] if typed else [],
            mood_before=before,
            mood_after=state.mood,
            score=score,
            max_score=best,
            feedback=feedback,
            next=target,
            rule=fired_rule,
            heard=heard,
            unsure=unsure,
            meant=meant_id,
            confidence=round(float(confidence), 2),
        )
        turn.reaction = self._reaction(len(state.transcript), node.id, state.mood - before)
        state.transcript.append(turn)
        state.node = target
        return turn

    def undo(self) -> bool:
        """Go back to the state before the last reply. False if there is nothing to undo."""
        if not self.history:
            return False
        self.state = self.history.pop()
        return True

    def _reaction(self, index: int, node_id: str, delta: int) -> Shown:
        """A short, varied description of how the client takes the reply. Chosen with a
        random generator seeded by (seed, reply number, node), so `--seed` replays it
        exactly, also after "back" and after resuming."""
        mood = self.state.mood
        if delta < 0:
            key = "calmer"
        elif delta > 0:
            key = "hotter"
        else:
            key = "same_calm" if mood <= 3 else ("same_hot" if mood >= 7 else "same")
        line = random.Random(f"{self.seed}:{index}:{node_id}").randrange(REACTIONS[key])
        return Text(f"rehearse.reaction.{key}", line=line)

    # ------------------------------------------------------------------ results

    def stage_scores(self) -> dict[str, int]:
        """Per stage, the mean share of the best reply available at each of its nodes
        (×100). A node where every reply scores 0 has no best to measure against."""
        shares: dict[str, list[float]] = {}
        for turn in self.state.transcript:
            if turn.max_score > 0:
                shares.setdefault(turn.stage, []).append(min(1.0, max(0.0, turn.score / turn.max_score)))
        order = sorted(shares, key=lambda s: STAGE_IDS.index(s) if s in STAGE_IDS else len(STAGE_IDS))
        return {s: round(100 * sum(shares[s]) / len(shares[s])) for s in order}

    def total_score(self) -> int:
        shares = [min(1.0, max(0.0, turn.score / turn.max_score)) for turn in self.state.transcript if turn.max_score > 0]
        return round(100 * sum(shares) / len(shares)) if shares else 0

    def escalating_turns(self) -> list[Turn]:
        """Replies judged escalating (typed words by the judge, listed replies by what
        their author made them do)."""
        return [turn for turn in self.state.transcript if (turn.heard or turn.verdict) == "escalating"]

    def weakest_stage(self) -> Optional[str]:
        stages = self.stage_scores()
        if not stages:
            return None
        weakest = min(stages, key=lambda s: (stages[s], list(stages).index(s)))
        if stages[weakest] >= 100:
            # Full marks everywhere, yet an escalating reply: that stage is still the one
            # to work on (the debrief never says "every stage went well" next to it).
            hot = next((turn.stage for turn in self.escalating_turns() if turn.stage in stages), None)
            return hot or weakest
        return weakest

    def next_time(self) -> dict[str, Any]:
        """What to try next time, from this scenario's own situation: the weakest stage,
        then the best replies of the moments of that stage where the trainee fell short,
        the playbook's phrases for that stage tagged like those moments and with no tag
        foreign to the scenario (never untagged or unrelated ones), then the best replies of
        the stage's other moments. At most four,
        none repeating another's words."""
        stage_id = self.weakest_stage()
        if stage_id is None:
            return {"stage": None, "title": "", "score": None, "phrases": []}
        phrases: list[str] = []

        def add(text: str) -> None:
            words = tokens(text)
            if text and all(contained(words, tokens(p)) < 0.8 for p in phrases):
                phrases.append(text)

        def best_reply(node: Node, mood: int) -> Choice:
            return max(self.offered(node, mood), key=choice_rank)

        visited = []
        for turn in self.state.transcript:
            node = self.scenario.node(turn.node)
            if node is None or turn.stage != stage_id:
                continue
            visited.append(node)
            if turn.score < turn.max_score or (turn.heard or turn.verdict) == "escalating":
                add(best_reply(node, turn.mood_before).text)
        stage = self.playbook.stage(stage_id) if self.playbook else None
        tags = {tag for node in visited for tag in node.tags}
        situation = set(self.scenario.tags) | {tag for node in self.scenario.nodes for tag in node.tags}
        if stage is not None and tags:
            for phrase in stage.phrases:
                # Tagged like these moments, and about nothing this scenario is not about
                # (a "results" phrase has no place in a waiting-room delay).
                if tags & set(phrase.tags) and set(phrase.tags) <= situation:
                    add(phrase.text)
        seen = {n.id for n in visited}
        for node in self.scenario.nodes:
            if node.stage == stage_id and node.id not in seen and node.choices:
                add(best_reply(node, self.state.mood).text)
        title = self.stage_title(stage_id)
        return {"stage": stage_id, "title": title if isinstance(title, str) else "", "score": self.stage_scores().get(stage_id), "phrases": phrases[:4]}

    def record(self, *, trainee: str = "", started_at: str = "", finished_at: str = "") -> dict[str, Any]:
        """The record of this rehearsal (finished or not), before masking."""
        ending = self.scenario.ending(self.state.node)
        transcript = [turn.to_dict() for turn in self.state.transcript]
        hot = {id(turn) for turn in self.escalating_turns()}
        escalating = [
            s["kind"] for turn, data in zip(self.state.transcript, transcript) if id(turn) in hot for s in data["signals"] if s["kind"] in NEGATIVE_SIGNALS
        ]
        return {
            "kind": "rehearsal",
            "scenario": self.scenario.id,
            "title": self.scenario.title,
            "playbook": self.scenario.playbook,
            "lang": self.lang,
            "trainee": trainee,
            "started_at": started_at,
            "finished_at": finished_at,
            "complete": ending is not None,
            "exam": self.exam,
            "mode": "exam" if self.exam else "practice",
            "undos": self.undos,
            "hints": self.hints_used,
            "seed": self.seed,
            "variant": self.variant.id if self.variant else None,
            "variant_note": self.variant.note if self.variant else "",
            "temperament": self.temperament,
            "persona": {
                "name": self.scenario.persona.name,
                "role": self.scenario.persona.role,
                "mood": self.start_mood,
                "gender": self.scenario.persona.gender,
            },
            "score": self.total_score(),
            "stages": self.stage_scores(),
            # The playbook's own titles (the program's names are the renderer's to give).
            "stage_titles": {s: title for s in self.stage_scores() if isinstance(title := self.stage_title(s), str)},
            "outcome": ending.outcome if ending else "incomplete",
            "ending": ending.id if ending else None,
            "ending_text": ending.text if ending else "",
            "lesson": ending.lesson if ending else "",
            "mood_start": self.start_mood,
            "mood_end": self.state.mood,
            "replies": len(transcript),
            "typed_replies": sum(1 for turn in transcript if turn["typed"]),
            "unsure_replies": sum(1 for turn in transcript if turn["unsure"]),
            "transcript": transcript,
            "escalating_signals": escalating,
            "next_time": self.next_time(),
        }

    # ------------------------------------------------------------------ journal

    def snapshot(self) -> dict[str, Any]:
        """What a journal keeps to resume: the state and the stack of earlier states."""
        return {
            "scenario": self.scenario.id,
            "lang": self.lang,
            "seed": self.seed,
            "variant": self.variant.id if self.variant else None,
            "exam": self.exam,
            "undos": self.undos,
            "hints": self.hints_used,
            "state": self.state.to_dict(),
            "history": [s.to_dict() for s in self.history],
        }

    @classmethod
    def resume(cls, scenario: Scenario, playbook: Optional[Playbook], data: dict[str, Any]) -> "Rehearsal":
        """Rebuild a rehearsal from `snapshot()` data. Raises ValueError if the journal does
        not fit the scenario any more (a node it stopped at was removed)."""
        try:
            state = State.from_dict(data["state"])
            history = [State.from_dict(s) for s in data.get("history", [])]
        except (KeyError, TypeError, ValueError, OverflowError) as exc:  # "mood": Infinity…
            raise ValueError(f"damaged journal: {exc}") from None
        for s in [state, *history]:
            if scenario.node(s.node) is None and scenario.ending(s.node) is None:
                raise ValueError(f"node {s.node!r} is no longer in scenario {scenario.id!r}")
        seed, variant = data.get("seed"), data.get("variant")
        if not (seed is None or (isinstance(seed, int) and not isinstance(seed, bool))) or not (variant is None or isinstance(variant, str)):
            raise ValueError("damaged journal: seed or variant of the wrong type")
        # The variant it started with (UnknownVariant if the scenario dropped it); a journal
        # from before variants replays the seed's pick.
        rehearsal = cls(scenario, playbook, seed=seed, exam=bool(data.get("exam")), state=state, history=history, variant=variant)
        for attr, key in (("undos", "undos"), ("hints_used", "hints")):
            value = data.get(key)
            setattr(rehearsal, attr, value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0)
        return rehearsal

    # ------------------------------------------------------------------ the conversation

    def mood_message(self, delta: int = 0) -> Message:
        return Message("mood", t("mood_title"), data={"mood": self.state.mood, "word": mood_word(self.state.mood), "delta": delta})

    def intro(self) -> list[Message]:
        p = self.scenario.persona
        lines = [x for x in (p.role, p.context) if x]
        return [
            Message("stage", self.scenario.title, [self.scenario.description] if self.scenario.description else []),
            Message("persona", p.name, lines),
            self.mood_message(),
        ]

    def node_messages(self) -> list[Message]:
        node = self.node
        assert node is not None
        number = len(self.state.transcript) + 1
        msgs = [Message("stage", t("progress", stage=self.stage_title(node.stage), n=number))]
        say, narration = self.client_line(node)
        if narration:
            msgs.append(Message("narration", lines=[narration]))
        msgs.append(Message("client", self.scenario.persona.name, [say]))
        return msgs

    def turn_messages(self, turn: Turn, echo_reply: bool) -> list[Message]:
        msgs = []
        if echo_reply:
            label = t("you_typed") if turn.typed else t("you")
            msgs.append(Message("reply", label, [turn.reply]))
        if turn.reaction:
            msgs.append(Message("narration", lines=[turn.reaction]))
        msgs.append(self.mood_message(turn.mood_after - turn.mood_before))
        if not self.exam and turn.feedback:
            msgs.append(
                Message(
                    "feedback",
                    t("feedback_title", points=turn.points),
                    list(turn.feedback),
                    data={"verdict": turn.heard or turn.verdict, "gender": self.scenario.persona.gender},
                )
            )
        return msgs

    def run(self, prompter: Prompter, *, on_change: Optional[Callable[["Rehearsal"], None]] = None, echo_replies: bool = False) -> None:
        """Talk until an ending. `on_change` is called after every reply and every undo
        (the CLI journals there). Raises `Cancelled` when the trainee stops."""
        if self.state.transcript:
            prompter.show(Message("info", lines=[t("resumed", n=len(self.state.transcript))]))
            prompter.show(Message("persona", self.scenario.persona.name, [x for x in (self.scenario.persona.role, self.scenario.persona.context) if x]))
            prompter.show(self.mood_message())
        else:
            for msg in self.intro():
                prompter.show(msg)
        while not self.finished:
            for msg in self.node_messages():
                prompter.show(msg)
            try:
                answer = prompter.ask(self.question())
            except GoBack:
                if self.exam:
                    prompter.show(Message("warning", lines=[t("exam.no_undo")]))
                elif self.undo():
                    self.undos += 1
                    prompter.show(Message("progress", lines=[t("went_back")]))
                    prompter.show(self.mood_message())
                    if on_change:
                        on_change(self)
                else:
                    prompter.show(Message("warning", lines=[t("nothing_to_undo")]))
                continue
            meant = None
            if isinstance(answer, Typed):
                refusal = self.refusal(answer.text)
                if refusal:  # a prompter that does not run `check_typed`: say so, ask again
                    prompter.show(Message("warning", lines=[refusal]))
                    continue
                node = self.node
                assert node is not None
                mapping = self.map_typed(node, answer.text)
                if mapping.unsure and len(mapping.candidates) > 1:
                    picked = prompter.ask(self.clarify_question(node, mapping))
                    if picked in {c.id for c in mapping.candidates}:
                        meant = picked
            turn = self.reply(answer, meant=meant)
            for msg in self.turn_messages(turn, echo_replies):
                prompter.show(msg)
            if on_change:
                on_change(self)

    def clarify_question(self, node: Node, mapping: Mapping) -> Question:
        """Which listed reply did the trainee mean? Asked when the judge is unsure or two
        listed replies fit about equally; an answers file leaves it (the guess stays,
        flagged `unsure`)."""
        return Question(
            id=f"{node.id}.meant",
            kind="choice",
            prompt=t("which_meant"),
            options=[Option(c.id, c.text) for c in mapping.candidates],
            default=mapping.choice.id,
            allow_back=False,
            help=t("which_meant_help"),
            followup=True,
        )


def answers_template(scenario: Scenario, playbook: Optional[Playbook], render: Callable[[Shown], str], variant: Optional[str] = None) -> str:
    """A YAML answers file for `--answers`: one step per reply along the best-scoring path
    (rules included), each node's client line and every listed reply as comments, so a
    trainer can swap in other choices or their own words. With persona variants, it
    follows `variant` (default: the first declared). `render` translates the comments
    (the catalogue renderer, from the command)."""
    import json

    def q(text: Shown) -> str:
        return json.dumps(render(text), ensure_ascii=False)

    def comment(text: Shown) -> str:
        from ..text import clean

        return clean(" ".join(render(text).split()))

    variants = scenario.persona.variants
    r = Rehearsal(scenario, playbook, seed=0, variant=variant or (variants[0].id if variants else None))
    out = [f"# {comment(t('template.head', scenario=scenario.id, lang=scenario.lang))}", f"# {comment(t('template.steps'))}", ""]
    for _ in range(len(scenario.nodes) * 3):
        node = r.node
        if node is None:
            break
        offered = r.offered(node)
        best = max(offered, key=choice_rank)
        out.append(f"# [{node.id} · {render(r.stage_title(node.stage))}] {comment(scenario.persona.name)}: {comment(r.client_line(node)[0])}")
        for c in offered:
            out.append(f"#   {c.id}: {comment(c.text)}")
        out.append(f"- choice: {best.id}")
        out.append(f"# - say: {q(t('template.say'))}")
        out.append("")
        r.reply(best.id)
    ending = scenario.ending(r.state.node)
    if ending is not None:
        out.append(f"# {comment(t('template.end', ending=ending.id, outcome=ending.outcome))}")
    return "\n".join(out) + "\n"


def signal_label(kind: str) -> Text:
    return t(f"signal.{kind}")


__all__ = [
    "Rehearsal",
    "State",
    "Turn",
    "Mapping",
    "NonAnswer",
    "UnknownVariant",
    "pick_variant",
    "find_variant",
    "answers_template",
    "mood_word",
    "choice_class",
    "tokens",
    "share_points",
]

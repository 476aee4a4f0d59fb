"""The rehearsal engine: a simulated client whose mood reacts to what the trainee says.

No terminal code here. The engine walks a `Scenario`'s nodes, asks for each reply through
a `Prompter` (a choice from the list, or the trainee's own words as `Typed`) and tells it
what to show with `Message`s. Everything that changes during a rehearsal lives in one
`State` (current node, mood, transcript, fired rules); every reply pushes a copy of the
previous state on a stack, so "back" is a pop and a journal is the state plus the stack.

One reply, step by step (`Rehearsal.reply`):

1. A listed choice is taken as written: its mood change, its stage score, its `next`.
   A typed reply is mapped first (see `map_typed`).
2. The mood moves by the change and is clamped to 0–10.
3. If the reply leads to a node (not an ending), the first rule whose condition holds on
   the new mood (and that has not fired yet, if it fires `once`) jumps to its `goto`.
   An ending reached by a reply is final: rules never pull a conversation back out of it.

Scores: each reply earns 0–10 points for its node's stage; the most it could have earned
is the best score among the choices offered there. A stage's score is earned / possible
along the path actually taken, ×100; the overall score is the same over all replies.
"""

from __future__ import annotations

import copy
import math
import random
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Optional

from .. import i18n
from ..content.models import NEGATIVE_SIGNALS, POSITIVE_SIGNALS, STAGE_IDS, Choice, Node, Playbook, Scenario
from ..text import fold
from .check import CheckResult, check_reply
from .prompter import GoBack, Message, Option, Prompter, Question, Typed

#: Mood words for the meter, by the highest mood they describe (i18n keys rehearse.mood.*).
MOOD_WORDS = ((1, "calm"), (3, "uneasy"), (5, "tense"), (7, "upset"), (9, "angry"), (10, "furious"))

#: The signal kinds each stage is really about. A typed reply that calms the client but
#: lacks them (a kind word where options were needed) earns a bit less than the best choice.
STAGE_KEYS: dict[str, frozenset[str]] = {
    "listen": frozenset({"open_question"}),
    "empathize": frozenset({"empathy", "apology"}),
    "solve": frozenset({"options"}),
}
OFF_STAGE_CAP = 0.75
#: Word overlap (Jaccard) with a calming choice from which a typed reply counts as a
#: paraphrase of it: it earns that much more strength and is not capped off-stage.
CLOSE = 0.3

_CLASSES = ("de-escalating", "neutral", "escalating")
_WORD = re.compile(r"\w+")


def t(key: str, **values: object) -> str:
    return i18n.t(f"rehearse.{key}", **values)


def mood_word(mood: int, lang: Optional[str] = None) -> str:
    """The word for a mood on the 0–10 meter, in the interface language."""
    mood = max(0, min(10, int(mood)))
    key = next(word for limit, word in MOOD_WORDS if mood <= limit)
    return i18n.t(f"rehearse.mood.{key}", in_lang=lang)


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


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


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
    feedback: str
    suggestions: list[dict[str, str]] = field(default_factory=list)
    next: str = ""
    rule: Optional[str] = None
    reaction: str = ""
    heard: str = ""  # how the reply was taken: the choice's class, or for typed words see map_typed

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Turn":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class State:
    """Everything that changes during a rehearsal. `node` is a node id or, at the end, an
    ending id."""

    node: str
    mood: int
    transcript: list[Turn] = field(default_factory=list)
    fired: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

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
    ):
        self.scenario = scenario
        self.playbook = playbook
        self.lang = scenario.lang
        self.exam = exam
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        self.state = state or State(scenario.start, clamp(scenario.persona.mood))
        self.history: list[State] = list(history or [])
        self._checks: dict[str, CheckResult] = {}

    # ------------------------------------------------------------------ queries

    @property
    def finished(self) -> bool:
        return self.scenario.node(self.state.node) is None

    @property
    def node(self) -> Optional[Node]:
        return self.scenario.node(self.state.node)

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

    def stage_title(self, stage_id: str) -> str:
        stage = self.playbook.stage(stage_id) if self.playbook else None
        return stage.title if stage else i18n.t(f"common.stage.{stage_id}")

    def question(self) -> Question:
        node = self.node
        assert node is not None
        return Question(
            id=node.id,
            kind="choice",
            prompt=t("your_reply"),
            options=[Option(c.id, c.text) for c in self.offered(node)],
            allow_typed=True,
            allow_back=bool(self.history),
            hints=[] if self.exam else self.hints(node),
        )

    # ------------------------------------------------------------------ typed replies

    def map_typed(self, node: Node, text: str) -> Mapping:
        """Understand a reply typed in the trainee's own words.

        *How it is heard.* The wording check judges the reply: its verdict (de-escalating,
        neutral, escalating), its signals and its score (calming signals minus twice the
        harmful ones). A reply the check finds neutral but that paraphrases a listed choice
        (word overlap ≥ `CLOSE`) is heard like that choice: the check has no signal for a
        summary or a courier booked in other words, the author's choice has.

        *Which path it takes.* Each offered choice has a class: what its author made it do
        (`choice_class`: calming, neutral or heating). The reply goes down the path of a
        choice of the class it was heard as, or of the nearest class (de-escalating ↔
        neutral ↔ escalating) when the node has none. Among those, the most similar wins:
        shared words (`tokens`, Jaccard) plus shared signal kinds (each choice is run
        through the same check once); ties go to the choice whose score is nearest what the
        reply earns, then to the first listed.

        *What it earns.* Not the mapped choice's numbers but the reply's own, measured on
        the node's range (best = the highest-scoring choice offered, worst = the lowest):

        - escalating: like the worst choice, its mood change and its score;
        - neutral: no mood change (kept within the node's range), a score halfway between;
        - de-escalating: between neutral and the best choice by strength
          ``min(1, check score / 2 + overlap / (2 × CLOSE))``: two calming signals, or a
          close paraphrase of a calming choice, earn what the best choice earns. A reply
          that misses what the node's stage is about (a question when listening, naming
          the feeling when empathising, options when solving) and paraphrases nothing is
          capped at strength 0.75.

        So a good reply in one's own words is rewarded like the best listed one, a harmful
        one costs like the worst, and the same words at the same node always do the same.
        """
        offered = self.offered(node)
        result = self.check(text)
        best = max(offered, key=lambda c: (c.score, -c.mood))
        worst = min(offered, key=lambda c: (c.score, -c.mood))
        middle = (best.score + worst.score) / 2
        lo_mood, hi_mood = min(c.mood for c in offered), max(c.mood for c in offered)
        reply_words = tokens(text)
        reply_kinds = {s.kind for s in result.signals}
        keys = STAGE_KEYS.get(node.stage)
        overlaps = [jaccard(reply_words, tokens(c.text)) for c in offered]

        heard = result.verdict
        if heard == "neutral":
            closest = max(range(len(offered)), key=lambda i: (overlaps[i], -i))
            if overlaps[closest] >= CLOSE:
                heard = choice_class(offered[closest])

        def earns(overlap: float) -> tuple[int, int]:
            if heard == "escalating":
                return worst.mood, worst.score
            if heard == "neutral":
                return max(lo_mood, min(hi_mood, 0)), round_away(middle)
            strength = min(1.0, max(0.0, result.score) / 2.0 + overlap / (2 * CLOSE))
            if keys and not (keys & reply_kinds) and overlap < CLOSE:
                strength = min(strength, OFF_STAGE_CAP)
            return round_away(best.mood * strength), max(0, min(10, round_away(middle + (best.score - middle) * strength)))

        provisional = earns(0.0)[1]
        want = _CLASSES.index(heard)

        def rank(i: int) -> tuple:
            choice = offered[i]
            kinds = {s.kind for s in self.check(choice.text).signals}
            similarity = overlaps[i] + jaccard(reply_kinds, kinds)
            return (abs(_CLASSES.index(choice_class(choice)) - want), -similarity, abs(choice.score - provisional), i)

        index = min(range(len(offered)), key=rank)
        chosen = offered[index]
        overlap = overlaps[index] if choice_class(chosen) == heard else 0.0
        mood, score = earns(overlap)
        return Mapping(chosen, result, mood, score, heard, overlap)

    def typed_feedback(self, node: Node, mapping: Mapping) -> list[str]:
        """Feedback on typed words: how they were heard, what the check found, better
        phrasing for harmful spans, the listed reply they paraphrase (with its feedback),
        and what the stage asks for when the reply missed it."""
        result = mapping.check
        lines: list[str] = [t(f"verdict.{mapping.heard}")]
        good = [s for s in result.signals if s.kind in POSITIVE_SIGNALS]
        bad = [s for s in result.signals if s.kind in NEGATIVE_SIGNALS]
        if good:
            lines.append(t("heard_good", items="; ".join(t("signal_item", label=signal_label(s.kind), text=s.text.strip()) for s in good)))
        offered: set[str] = set()
        for s in bad:
            sugg = next((x for x in result.suggestions if x.text == s.text and x.kind == s.kind), None)
            lines.append(t("heard_bad", kind=signal_label(s.kind), text=s.text.strip()))
            if sugg is not None and sugg.instead not in offered:
                offered.add(sugg.instead)
                lines.append(t("instead", text=sugg.instead))
        paraphrase = mapping.overlap >= CLOSE
        if paraphrase:
            lines.append(t("close_to", text=mapping.choice.text))
            if mapping.choice.feedback:
                lines.append(mapping.choice.feedback)
        elif not result.signals:
            lines.append(t("no_signals"))
        keys = STAGE_KEYS.get(node.stage)
        if mapping.heard == "de-escalating" and keys and not paraphrase and not keys & {s.kind for s in good}:
            lines.append(t(f"stage_needs.{node.stage}"))
        best = max(self.offered(node), key=lambda c: (c.score, -c.mood))
        if mapping.score < best.score and not (paraphrase and mapping.choice is best):
            lines.append(t("would_work", text=best.text))
        return lines

    # ------------------------------------------------------------------ moves

    def reply(self, answer: str | Typed) -> Turn:
        """Apply one reply (a choice id or `Typed` words) and return its transcript entry."""
        node = self.node
        if node is None:
            raise ValueError("the rehearsal is over")
        before = self.state.mood
        if isinstance(answer, Typed):
            mapping = self.map_typed(node, answer.text)
            choice, result = mapping.choice, mapping.check
            delta, score, typed, reply_text = mapping.mood, mapping.score, True, answer.text
            feedback = "\n".join(self.typed_feedback(node, mapping))
            heard = mapping.heard
        else:
            choice = next((c for c in self.offered(node) if c.id == answer), None)
            if choice is None:
                raise ValueError(f"no choice {answer!r} at node {node.id!r}")
            result = self.check(choice.text)
            delta, score, typed, reply_text = choice.mood, choice.score, False, choice.text
            feedback = choice.feedback
            heard = choice_class(choice)
        best = max(c.score for c in self.offered(node))
        self.history.append(copy.deepcopy(self.state))
        state = self.state
        state.mood = clamp(before + delta)
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
            client=node.say,
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

    def _reaction(self, index: int, node_id: str, delta: int) -> str:
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
        options = [x for x in t(f"reaction.{key}").split("\n") if x.strip()]
        if not options:
            return ""
        return random.Random(f"{self.seed}:{index}:{node_id}").choice(options)

    # ------------------------------------------------------------------ results

    def stage_scores(self) -> dict[str, int]:
        earned: dict[str, int] = {}
        possible: dict[str, int] = {}
        for turn in self.state.transcript:
            earned[turn.stage] = earned.get(turn.stage, 0) + turn.score
            possible[turn.stage] = possible.get(turn.stage, 0) + turn.max_score
        order = sorted(earned, key=lambda s: STAGE_IDS.index(s) if s in STAGE_IDS else len(STAGE_IDS))
        return {s: round(100 * earned[s] / possible[s]) for s in order if possible[s] > 0}

    def total_score(self) -> int:
        earned = sum(turn.score for turn in self.state.transcript)
        possible = sum(turn.max_score for turn in self.state.transcript)
        return round(100 * earned / possible) if possible else 0

    def weakest_stage(self) -> Optional[str]:
        stages = self.stage_scores()
        if not stages:
            return None
        return min(stages, key=lambda s: (stages[s], list(stages).index(s)))

    def next_time(self) -> dict[str, Any]:
        """What to try next time: the weakest stage and the playbook's phrases for it,
        those tagged like the moments of that stage first."""
        stage_id = self.weakest_stage()
        if stage_id is None:
            return {"stage": None, "title": "", "score": None, "phrases": []}
        stage = self.playbook.stage(stage_id) if self.playbook else None
        phrases: list[str] = []
        if stage is not None:
            tags = {tag for turn in self.state.transcript if turn.stage == stage_id for n in [self.scenario.node(turn.node)] if n for tag in n.tags}
            ranked = sorted(stage.phrases, key=lambda p: 0 if tags & set(p.tags) else 1)
            phrases = [p.text for p in ranked[:4]]
        return {"stage": stage_id, "title": self.stage_title(stage_id), "score": self.stage_scores()[stage_id], "phrases": phrases}

    def record(self, *, trainee: str = "", started_at: str = "", finished_at: str = "") -> dict[str, Any]:
        """The record of this rehearsal (finished or not), before masking."""
        ending = self.scenario.ending(self.state.node)
        transcript = [asdict(turn) for turn in self.state.transcript]
        escalating = [s["kind"] for turn in transcript for s in turn["signals"] if s["kind"] in NEGATIVE_SIGNALS]
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
            "seed": self.seed,
            "persona": {"name": self.scenario.persona.name, "role": self.scenario.persona.role, "mood": self.scenario.persona.mood},
            "score": self.total_score(),
            "stages": self.stage_scores(),
            "stage_titles": {s: self.stage_title(s) for s in self.stage_scores()},
            "outcome": ending.outcome if ending else "incomplete",
            "ending": ending.id if ending else None,
            "ending_text": ending.text if ending else "",
            "lesson": ending.lesson if ending else "",
            "mood_start": self.scenario.persona.mood,
            "mood_end": self.state.mood,
            "replies": len(transcript),
            "typed_replies": sum(1 for turn in transcript if turn["typed"]),
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
            "exam": self.exam,
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
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"damaged journal: {exc}") from None
        for s in [state, *history]:
            if scenario.node(s.node) is None and scenario.ending(s.node) is None:
                raise ValueError(f"node {s.node!r} is no longer in scenario {scenario.id!r}")
        return cls(scenario, playbook, seed=data.get("seed"), exam=bool(data.get("exam")), state=state, history=history)

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
        if node.narration:
            msgs.append(Message("narration", lines=[node.narration]))
        msgs.append(Message("client", self.scenario.persona.name, [node.say]))
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
            msgs.append(Message("feedback", t("feedback_title", score=turn.score, max=turn.max_score), turn.feedback.split("\n"), data={"verdict": turn.heard or turn.verdict}))
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
                if self.undo():
                    prompter.show(Message("progress", lines=[t("went_back")]))
                    prompter.show(self.mood_message())
                    if on_change:
                        on_change(self)
                else:
                    prompter.show(Message("warning", lines=[t("nothing_to_undo")]))
                continue
            turn = self.reply(answer)
            for msg in self.turn_messages(turn, echo_replies):
                prompter.show(msg)
            if on_change:
                on_change(self)


def answers_template(scenario: Scenario, playbook: Optional[Playbook] = None) -> str:
    """A YAML answers file for `--answers`: one step per reply along the best-scoring path
    (rules included), each node's client line and every listed reply as comments, so a
    trainer can swap in other choices or their own words."""
    import json

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def comment(text: str) -> str:
        from ..text import clean

        return clean(" ".join(text.split()))

    r = Rehearsal(scenario, playbook, seed=0)
    out = [f"# {comment(t('template.head', scenario=scenario.id, lang=scenario.lang))}", f"# {comment(t('template.steps'))}", ""]
    for _ in range(len(scenario.nodes) * 3):
        node = r.node
        if node is None:
            break
        offered = r.offered(node)
        best = max(offered, key=lambda c: (c.score, -c.mood))
        out.append(f"# [{node.id} · {r.stage_title(node.stage)}] {comment(scenario.persona.name)}: {comment(node.say)}")
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


def signal_label(kind: str) -> str:
    return t(f"signal.{kind}")


__all__ = ["Rehearsal", "State", "Turn", "Mapping", "answers_template", "mood_word", "choice_class", "tokens"]

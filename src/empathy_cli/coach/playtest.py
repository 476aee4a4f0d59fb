"""Play-testing a scenario: what `empathy scenarios test` finds. No terminal code here.

Every check drives the real rehearsal engine (`coach.rehearsal.Rehearsal`) through its
public surface (`state`, `offered`, `reply`, `total_score`), so what is tested is what a
trainee meets. Four parts:

1. **Exhaustive exploration.** A conversation's future depends only on where it is: the
   node, the mood (0–10) and which `once` rules have fired. Those *states* are finite, so
   every state reachable from the opening is visited, each listed reply is played once from
   each, and the moves are kept in a table. From that table, exactly (no bound needed):
   which endings can be reached and the mood on arrival, node, choice and rule coverage,
   and loops with no way out (states from which no ending can be reached). Scores depend on
   the whole path, so paths are then enumerated over the table, depth first, up to
   `max_steps` replies per path and `max_paths` paths in all; when either bound is hit the
   report says so and the score ranges (and the best and worst path) cover the paths
   walked. The best and the worst path are replayed through a fresh engine as a check.
2. **Shock check.** A *slip* is a listed reply whose author made it heat the client
   (mood > 0). A state is *clean* when it can be reached without a single slip; the opening
   is clean. If one slip from a clean state makes a mood rule fire and jump somewhere other
   than the reply's own `next`, the author's continuation (usually the node written to
   repair that slip) can be skipped after one mistake: that is reported with the node, the
   reply, the rule and the replies that lead there.
3. **Seeded random playthroughs.** Runs mix listed replies with typed ones drawn from the
   playbook: its phrases and the better wording of its phrases to avoid (good words), and
   the phrases to avoid themselves (harmful words). Each run has its own generator seeded
   by ``"{seed}:{run}"``, so any failure replays alone. A failure: an internal error, a run
   that does not end within `max_steps` replies (at least five per node), good words that do worse than the worst
   listed (heating) reply at the same point (a higher mood, fewer points or a worse ending),
   or harmful words that are taken as well as the best listed reply.
4. **Pinned cases.** The scenario's `tests:` entries are played step by step, like golden
   transcripts; a step that does not fit, an unexpected ending or a score out of range is
   reported at the case in the file.

**Persona variants.** A persona with `variants:` is play-tested once per variant (its
temperament, starting mood and lines), and the results are merged: a problem met under
some variants names them; a coverage warning (W602, W604–W606) stands only when no variant
reaches that ending, node, reply or rule. The random playthroughs are shared out: run
``r`` plays variant ``r mod n`` (so ``--random 30`` is 30 runs in all, each replayable from
the seed, the run and the variant). A pinned case that names a `variant:` runs under that
one; a case that names none runs under every variant and must hold under each.

Problems carry stable codes (E6xx errors, W6xx warnings) and a field path that
`content.loader.locate` turns into a line and column:

- E601 a single slip skips the authored continuation through a mood rule (shock);
- W602 an ending no play can reach; E603 a loop with no way out;
- W604 a node never reached; W605 a reply never offered; W606 a rule that never fires;
- E620 a pinned case ends elsewhere; E621 its score is out of range; E622 a step that does
  not fit the conversation; E623 steps that run out before an ending;
- E630 an internal error; E631 a run that does not end; E632 good words do worse than a
  heating reply; E633 harmful words are taken like the best reply.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..content.models import Playbook, Scenario
from ..content.problems import Problem
from ..localtext import Cat, Shown, Text
from ..vocab import OUTCOMES_BEST_FIRST, choice_rank
from .prompter import Typed
from .rehearsal import Rehearsal, State, Turn, choice_class

if TYPE_CHECKING:
    from .check import CheckResult

DEFAULT_MAX_STEPS = 40
DEFAULT_MAX_PATHS = 100_000
DEFAULT_RANDOM = 30
#: States explored at most (node × mood × fired rules; far above any hand-written scenario).
#: Past it the exploration stops, says so, and draws no conclusion about what is unreachable.
MAX_STATES = 200_000

OUTCOME_ORDER = OUTCOMES_BEST_FIRST

#: The share of listed replies in a random playthrough; the rest are typed, good words
#: more often than harmful ones.
LISTED_SHARE, GOOD_SHARE = 0.5, 0.3

Key = tuple[str, int, tuple[int, ...]]  # (node or ending id, mood, fired once-rules)


def t(key: str, **values: Any) -> Text:
    return Text(f"scenarios.test.{key}", **values)


def outcome_rank(outcome: str) -> int:
    return OUTCOME_ORDER.index(outcome) if outcome in OUTCOME_ORDER else len(OUTCOME_ORDER)


@dataclass
class Limits:
    """The bounds of one play-test (see the module doc)."""

    max_steps: int = DEFAULT_MAX_STEPS
    max_paths: int = DEFAULT_MAX_PATHS
    random_runs: int = DEFAULT_RANDOM
    seed: int = 0


@dataclass
class Finding:
    """One problem, at a field path of the scenario file (``nodes[2].choices[1]``)."""

    code: str
    path: str
    message: Shown  # ids and parameters (`localtext`): translated by whoever shows it
    steps: list[dict[str, str]] = field(default_factory=list)  # replies that reproduce it
    run: Optional[int] = None  # the (first) random playthrough it came from
    runs: int = 0  # how many random playthroughs met it
    about: dict[str, Any] = field(default_factory=dict)  # node, choice, rule… for programs

    @property
    def is_error(self) -> bool:
        return not self.code.startswith("W")


@dataclass
class Edge:
    """One listed reply played from one state."""

    choice: str
    authored: str  # the reply's own `next`
    slip: bool  # its author made it heat the client
    turn: Turn
    target: Key
    rule: Optional[int]  # index of the rule that fired, if one did


@dataclass
class EndingStats:
    id: str
    outcome: str
    reachable: bool = False
    moods: list[int] = field(default_factory=list)  # moods on arrival (exact)
    scores: list[int] = field(default_factory=list)  # min and max over the paths walked
    paths: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "outcome": self.outcome,
            "reachable": self.reachable,
            "mood": [min(self.moods), max(self.moods)] if self.moods else None,
            "score": [min(self.scores), max(self.scores)] if self.scores else None,
            "paths": self.paths,
        }


@dataclass
class PathInfo:
    steps: list[str]
    ending: str
    outcome: str
    score: int
    mood: int

    variant: Optional[str] = None  # the persona variant it was played under

    def to_dict(self) -> dict[str, Any]:
        out = {"steps": [{"choice": c} for c in self.steps], "ending": self.ending, "outcome": self.outcome, "score": self.score, "mood": self.mood}
        return {**out, "variant": self.variant} if self.variant else out


@dataclass
class CaseResult:
    name: str
    passed: bool
    ending: Optional[str]
    score: Optional[int]
    mood: int
    replies: int
    variant: Optional[str] = None  # the persona variant it ran under

    def to_dict(self) -> dict[str, Any]:
        out = {"name": self.name, "passed": self.passed, "ending": self.ending, "score": self.score, "mood": self.mood, "replies": self.replies}
        return {**out, "variant": self.variant} if self.variant else out


@dataclass
class Report:
    """Everything a play-test found about one scenario."""

    scenario: Scenario
    limits: Limits
    findings: list[Finding] = field(default_factory=list)
    endings: list[EndingStats] = field(default_factory=list)
    states: int = 0
    nodes_seen: list[str] = field(default_factory=list)
    choices_total: int = 0
    choices_seen: int = 0
    paths: int = 0
    cut_by_steps: bool = False
    cut_by_paths: bool = False
    cut_by_states: bool = False
    best: Optional[PathInfo] = None
    worst: Optional[PathInfo] = None
    runs: int = 0
    typed: int = 0
    run_endings: dict[str, int] = field(default_factory=dict)
    cases: list[CaseResult] = field(default_factory=list)
    taken: set[tuple[str, str]] = field(default_factory=set)  # (node, choice) played
    #: Per persona variant played: id, temperament, starting mood, states, best and worst
    #: score, problems (empty: the persona declares no variants).
    variants: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    @property
    def bound_hit(self) -> bool:
        return self.cut_by_steps or self.cut_by_paths or self.cut_by_states

    def problems(self, render: Callable[[Shown], str], data: Any = None) -> list[Problem]:
        """The findings as located problems (line and column from the positioned raw data
        of the file, when given; else 1:1), their messages put into words by `render`
        (the catalogue renderer, from the command)."""
        from ..content.loader import locate
        from ..content.yamlsafe import Pos

        out = []
        for f in self.findings:
            pos = locate(data, f.path) if data is not None else Pos(1, 1)
            out.append(Problem(f.path, "text", pos.line, pos.column, f.code, {"text": render(f.message)}))
        return out

    def to_dict(self) -> dict[str, Any]:
        sc = self.scenario
        return {
            "id": sc.id,
            "lang": sc.lang,
            "errors": self.errors,
            "warnings": self.warnings,
            "states": self.states,
            "paths": self.paths,
            "bound": {
                "max_steps": self.limits.max_steps,
                "max_paths": self.limits.max_paths,
                "hit": self.bound_hit,
                "steps_hit": self.cut_by_steps,
                "paths_hit": self.cut_by_paths,
                "states_hit": self.cut_by_states,
                "max_states": MAX_STATES,
            },
            "endings": [e.to_dict() for e in self.endings],
            "coverage": {
                "nodes": len(self.nodes_seen),
                "nodes_total": len(sc.nodes),
                "choices": self.choices_seen,
                "choices_total": self.choices_total,
            },
            "best": self.best.to_dict() if self.best else None,
            "worst": self.worst.to_dict() if self.worst else None,
            "random": {"runs": self.runs, "seed": self.limits.seed, "typed_replies": self.typed, "endings": dict(self.run_endings)},
            "cases": [c.to_dict() for c in self.cases],
            "variants": list(self.variants),
        }


# --------------------------------------------------------------------------- the engine


class Playtest:
    """Play-test one scenario with its playbook (None: typed replies have no signals)."""

    def __init__(
        self,
        scenario: Scenario,
        playbook: Optional[Playbook],
        limits: Optional[Limits] = None,
        *,
        variant: Optional[str] = None,
        runs: Optional[list[int]] = None,
        checks: Optional[dict[str, CheckResult]] = None,
        judged: Optional[Judgements] = None,
    ):
        """`variant`: the persona variant to play (None: the seed-0 pick, or none declared);
        `runs`: which random playthroughs to play (default: all of `limits.random_runs`);
        `checks`: the wording checks of the texts, by text, to share (judged with this
        scenario's language and playbook); `judged`: the wording checks of a whole run,
        where `checks` is taken from when not given."""
        self.sc = scenario
        self.pb = playbook
        self.limits = limits or Limits()
        if checks is None:
            checks = (judged or Judgements()).table(scenario.lang, playbook)
        #: Every engine of this play-test judges a text once (`Rehearsal.check` reads this).
        self.checks = checks
        self.engine = self.rehearsal(variant)
        self.variant = self.engine.variant.id if self.engine.variant else None
        self.run_indices = list(range(self.limits.random_runs)) if runs is None else list(runs)
        self.report = Report(scenario, self.limits)
        self.node_index = {n.id: i for i, n in enumerate(scenario.nodes)}
        self.ending_index = {e.id: i for i, e in enumerate(scenario.endings)}
        self.edges: dict[Key, list[Edge]] = {}
        self.start: Key = (scenario.start, self.engine.start_mood, ())

    # ------------------------------------------------------------------ helpers

    def rehearsal(self, variant: Optional[str]) -> Rehearsal:
        """A fresh engine (seed 0) that shares the wording checks of this play-test."""
        engine = Rehearsal(self.sc, self.pb, seed=0, variant=variant)
        engine._checks = self.checks
        return engine

    def add(self, code: str, path: str, message: Shown, **extra: Any) -> None:
        finding = Finding(code, path, message, **extra)
        if finding.run is not None:
            # The same failure met again in another random run is one problem, seen N times.
            same = next((f for f in self.report.findings if (f.code, f.path, f.message) == (code, path, message)), None)
            if same is not None:
                same.runs += 1
                return
            finding.runs = 1
        self.report.findings.append(finding)

    def is_node(self, key: Key) -> bool:
        return key[0] in self.node_index

    def at(self, key: Key, transcript: Optional[list[Turn]] = None) -> Rehearsal:
        """The engine put at a state (with an empty history)."""
        self.engine.state = State(key[0], key[1], list(transcript or []), list(key[2]))
        self.engine.history = []
        return self.engine

    def key_of(self, state: State) -> Key:
        return (state.node, state.mood, tuple(sorted(state.fired)))

    def rule_fired(self, turn: Turn, fired_before: tuple[int, ...]) -> Optional[int]:
        """Which rule made the jump of `turn` (the engine names only its target)."""
        if turn.rule is None:
            return None
        for i, rule in enumerate(self.sc.rules):
            if rule.once and i in fired_before:
                continue
            if rule.when.holds(turn.mood_after):
                return i
        return None

    def node_path(self, node_id: str) -> str:
        return f"nodes[{self.node_index[node_id]}]"

    def choice_path(self, node_id: str, choice_id: str) -> str:
        i = self.node_index[node_id]
        j = next(j for j, c in enumerate(self.sc.nodes[i].choices) if c.id == choice_id)
        return f"nodes[{i}].choices[{j}]"

    def rule_text(self, index: int) -> Text:
        from .graph import condition_text

        rule = self.sc.rules[index]
        return t("rule", index=index, condition=condition_text(rule.when), goto=rule.goto)

    def internal(self, exc: BaseException, where: str, steps: list[dict[str, str]], run: Optional[int] = None) -> None:
        self.add("E630", where, t("internal", error=f"{type(exc).__name__}: {exc}"), steps=steps, run=run)

    # ------------------------------------------------------------------ 1. exploration

    def explore(self) -> None:
        """Visit every reachable state; keep every listed move in `self.edges`."""
        sc = self.sc
        seen = {self.start}
        queue = deque([self.start])
        while queue:
            if len(seen) > MAX_STATES:
                self.report.cut_by_states = True
                break
            key = queue.popleft()
            if not self.is_node(key):
                continue
            node = sc.node(key[0])
            assert node is not None
            edges: list[Edge] = []
            for choice in self.at(key).offered(node):
                try:
                    turn = self.at(key).reply(choice.id)
                except Exception as exc:  # a bug in the engine: say where, keep going
                    self.internal(exc, self.choice_path(node.id, choice.id), [])
                    continue
                target = self.key_of(self.engine.state)
                edges.append(Edge(choice.id, choice.next, choice.mood > 0, turn, target, self.rule_fired(turn, key[2])))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
            self.edges[key] = edges
        self.report.states = len(seen)
        self._summarise(seen)

    def _summarise(self, seen: set[Key]) -> None:
        sc, rep = self.sc, self.report
        stats = {e.id: EndingStats(e.id, e.outcome) for e in sc.endings}
        for key in seen:
            if key[0] in stats:
                stats[key[0]].reachable = True
                stats[key[0]].moods.append(key[1])
        rep.endings = list(stats.values())
        rep.nodes_seen = [n.id for n in sc.nodes if any(k[0] == n.id for k in seen)]
        taken = {(k[0], e.choice) for k, edges in self.edges.items() for e in edges}
        rep.choices_total = sum(len(n.choices) for n in sc.nodes)
        rep.choices_seen = len(taken)
        rep.taken = taken
        if rep.cut_by_states:
            return  # what was not seen may still be reachable: no verdicts
        for i, ending in enumerate(sc.endings):
            if not stats[ending.id].reachable:
                self.add("W602", f"endings[{i}].id", t("ending_unreachable", ending=ending.id), about={"ending": ending.id})

        for i, node in enumerate(sc.nodes):
            if node.id not in rep.nodes_seen:
                self.add("W604", f"nodes[{i}].id", t("node_unreached", node=node.id), about={"node": node.id})
                continue
            for j, choice in enumerate(node.choices):
                if (node.id, choice.id) not in taken:
                    self.add(
                        "W605",
                        f"nodes[{i}].choices[{j}].id",
                        t("choice_unoffered", node=node.id, choice=choice.id),
                        about={"node": node.id, "choice": choice.id},
                    )
        fired = {e.rule for edges in self.edges.values() for e in edges if e.rule is not None}
        for i, _ in enumerate(sc.rules):
            if i not in fired:
                self.add("W606", f"rules[{i}]", t("rule_unfired", rule=self.rule_text(i)), about={"rule": i})

        # Loops with no way out: states from which no ending can be reached.
        back: dict[Key, set[Key]] = defaultdict(set)
        for key, edges in self.edges.items():
            for e in edges:
                back[e.target].add(key)
        can_end = {k for k in seen if not self.is_node(k)}
        queue = deque(can_end)
        while queue:
            for prev in back[queue.popleft()]:
                if prev not in can_end:
                    can_end.add(prev)
                    queue.append(prev)
        stuck: dict[str, list[int]] = defaultdict(list)
        for key in seen:
            if key not in can_end:
                stuck[key[0]].append(key[1])
        for node in sc.nodes:
            if node.id in stuck:
                moods = sorted(set(stuck[node.id]))
                stuck_at = node.id  # `shortest` runs the goal at once: no late binding
                steps = self.shortest(lambda k: k[0] == stuck_at and k not in can_end)
                self.add(
                    "E603", f"{self.node_path(node.id)}.id", t("stuck", node=node.id, moods=_span(moods)), steps=steps, about={"node": node.id, "moods": moods}
                )

    def shortest(self, goal: Callable[[Key], bool], clean: bool = False) -> list[dict[str, str]]:
        """The fewest listed replies from the opening to a state that meets `goal`
        (without a slip, if `clean`)."""
        parent: dict[Key, tuple[Optional[Key], str]] = {self.start: (None, "")}
        queue = deque([self.start])
        while queue:
            key = queue.popleft()
            if goal(key):
                steps = []
                while True:
                    prev, choice = parent[key]
                    if prev is None:
                        break
                    steps.append({"choice": choice})
                    key = prev
                return steps[::-1]
            for e in self.edges.get(key, []):
                if clean and e.slip:
                    continue
                if e.target not in parent:
                    parent[e.target] = (key, e.choice)
                    queue.append(e.target)
        return []

    # ------------------------------------------------------------------ 2. shock check

    def shock(self) -> None:
        clean = {self.start}
        queue = deque([self.start])
        while queue:
            for e in self.edges.get(queue.popleft(), []):
                if not e.slip and e.target not in clean:
                    clean.add(e.target)
                    queue.append(e.target)
        found: dict[tuple[str, str, int], tuple[Key, Edge]] = {}
        for key in sorted(clean, key=lambda k: (k[1], k)):
            for e in self.edges.get(key, []):
                if e.slip and e.rule is not None and e.target[0] != e.authored:
                    found.setdefault((key[0], e.choice, e.rule), (key, e))
        for (node_id, choice_id, rule), (key, e) in found.items():
            target = key  # (called at once, as above)
            steps = self.shortest(lambda k: k == target, clean=True)
            where = t("opening") if key == self.start else t("after_clean", n=len(steps))
            message = t(
                "shock",
                node=node_id,
                mood=key[1],
                where=where,
                choice=choice_id,
                delta=f"{e.turn.mood_after - e.turn.mood_before:+d}",
                after=e.turn.mood_after,
                rule=self.rule_text(rule),
                skipped=e.authored,
            )
            about = {"node": node_id, "choice": choice_id, "rule": rule, "mood": key[1], "skipped": e.authored, "goto": e.target[0]}
            self.add("E601", self.choice_path(node_id, choice_id), message, steps=steps + [{"choice": choice_id}], about=about)

    # ------------------------------------------------------------------ paths

    def walk(self) -> None:
        """Enumerate paths over the move table, depth first, within the bounds."""
        rep, lim = self.report, self.limits
        stats = {e.id: e for e in rep.endings}
        best: Optional[tuple[tuple[int, int, int], PathInfo]] = None
        worst: Optional[tuple[tuple[int, int, int], PathInfo]] = None
        turns: list[Turn] = []
        choices: list[str] = []
        # An explicit stack of (key, index of the next edge to try) keeps deep paths off
        # Python's recursion limit.
        stack: list[tuple[Key, int]] = [(self.start, 0)]
        while stack:
            key, i = stack[-1]
            if i == 0 and not self.is_node(key):  # arrived at an ending
                rep.paths += 1
                ending = self.sc.ending(key[0])
                score = self.at(key, turns).total_score()
                st = stats.get(key[0])
                if st is not None:
                    st.paths += 1
                    st.scores = [min([score, *st.scores]), max([score, *st.scores])]
                outcome = ending.outcome if ending else "unresolved"
                info = (score, -len(choices), -outcome_rank(outcome))
                if best is None or info > best[0]:
                    best = (info, PathInfo(list(choices), key[0], outcome, score, key[1], self.variant))
                low = (score, outcome_rank(outcome) * -1, len(choices))
                if worst is None or low < worst[0]:
                    worst = (low, PathInfo(list(choices), key[0], outcome, score, key[1], self.variant))
                self._pop(stack, turns, choices)
                if rep.paths >= lim.max_paths:
                    rep.cut_by_paths = bool(stack)
                    break
                continue
            edges = self.edges.get(key, [])
            if i == 0 and len(choices) >= lim.max_steps and edges:
                rep.cut_by_steps = True
                rep.paths += 1
                self._pop(stack, turns, choices)
                if rep.paths >= lim.max_paths:
                    rep.cut_by_paths = bool(stack)
                    break
                continue
            if i >= len(edges):
                self._pop(stack, turns, choices)
                continue
            stack[-1] = (key, i + 1)
            edge = edges[i]
            turns.append(edge.turn)
            choices.append(edge.choice)
            stack.append((edge.target, 0))
        rep.best = best[1] if best else None
        rep.worst = worst[1] if worst else None
        for which in (rep.best, rep.worst):
            if which is not None:
                self.replay_check(which)

    @staticmethod
    def _pop(stack: list[tuple[Key, int]], turns: list[Turn], choices: list[str]) -> None:
        stack.pop()
        if stack:
            turns.pop()
            choices.pop()

    def replay_check(self, path: PathInfo) -> None:
        """Replay a path through a fresh engine: it must end where the table says."""
        r = self.rehearsal(self.variant)
        steps = [{"choice": c} for c in path.steps]
        try:
            for c in path.steps:
                r.reply(c)
        except Exception as exc:
            self.internal(exc, "start", steps)
            return
        if r.state.node != path.ending or r.total_score() != path.score:
            self.add(
                "E630", "start", t("replay_differs", ending=r.state.node, score=r.total_score(), expected=path.ending, expected_score=path.score), steps=steps
            )

    # ------------------------------------------------------------------ 3. random runs

    def pools(self) -> tuple[dict[str, list[str]], list[str], list[str]]:
        """Typed words from the playbook: good ones per stage, all good ones, harmful ones."""
        by_stage: dict[str, list[str]] = defaultdict(list)
        good: list[str] = []
        bad: list[str] = []
        for stage in self.pb.stages if self.pb else []:
            for p in stage.phrases:
                by_stage[stage.id].append(p.text)
            for a in stage.avoid:
                by_stage[stage.id].append(a.instead)
                bad.append(a.text)
        for texts in by_stage.values():
            good.extend(texts)
        return by_stage, list(dict.fromkeys(good)), list(dict.fromkeys(bad))

    @property
    def run_limit(self) -> int:
        """Replies after which a random run counts as never ending: `max_steps`, but never
        fewer than five per node (a low exploration bound must not fail honest runs)."""
        return max(self.limits.max_steps, 5 * len(self.sc.nodes))

    def playthroughs(self) -> None:
        rep, lim = self.report, self.limits
        by_stage, good, bad = self.pools()
        for run in self.run_indices:
            rng = random.Random(f"{lim.seed}:{run}")
            r = self.at(self.start)
            steps: list[dict[str, str]] = []
            failed = False
            try:
                while not r.finished and len(steps) < self.run_limit:
                    node = r.node
                    assert node is not None
                    key = self.key_of(r.state)
                    roll = rng.random()
                    if roll < LISTED_SHARE or not (good or bad):
                        choice = rng.choice(r.offered(node))
                        steps.append({"choice": choice.id})
                        r.reply(choice.id)
                        continue
                    if (roll < LISTED_SHARE + GOOD_SHARE and good) or not bad:
                        kind = "good"
                        own = by_stage.get(node.stage) or good
                        text = rng.choice(own if rng.random() < 0.7 else good)
                    else:
                        kind = "bad"
                        text = rng.choice(bad)
                    steps.append({"say": text})
                    rep.typed += 1
                    transcript = list(r.state.transcript)
                    turn = r.reply(Typed(text))
                    after = self.key_of(r.state)
                    if self.compare(kind, key, node.id, turn, after, steps, run):
                        failed = True
                        break
                    # `compare` moved the engine: put the run back where it was.
                    r = self.at(after, transcript + [turn])
            except Exception as exc:
                node_id = r.state.node if self.is_node(self.key_of(r.state)) else None
                self.internal(exc, f"{self.node_path(node_id)}.id" if node_id else "start", steps, run)
                continue
            if failed:
                continue
            if not r.finished:
                # One problem however many runs meet it: located at `start`, the node where
                # this run stopped is in its replay.
                self.add("E631", "start", t("no_end", n=self.run_limit), steps=steps, run=run, about={"node": r.state.node})
                continue
            rep.run_endings[r.state.node] = rep.run_endings.get(r.state.node, 0) + 1
        rep.runs = len(self.run_indices)

    def compare(self, kind: str, key: Key, node_id: str, turn: Turn, after: Key, steps: list[dict[str, str]], run: int) -> bool:
        """Typed words against the listed replies at the same state. True on a failure."""
        node = self.sc.node(node_id)
        assert node is not None
        offered = self.at(key).offered(node)
        where = f"{self.node_path(node_id)}.id"
        quoted = Text("common.quote", text=_short(turn.reply))
        if kind == "good":
            for choice in offered:
                if choice_class(choice) != "escalating":
                    continue
                other = self.at(key).reply(choice.id)
                target = self.key_of(self.engine.state)
                worse_end = (
                    not self.is_node(after) and not self.is_node(target) and outcome_rank(self._outcome(after[0])) > outcome_rank(self._outcome(target[0]))
                )
                if turn.mood_after > other.mood_after or turn.score < other.score or worse_end:
                    self.add(
                        "E632",
                        where,
                        t(
                            "good_worse",
                            text=quoted,
                            node=node_id,
                            mood=turn.mood_after,
                            score=turn.score,
                            target=after[0],
                            choice=choice.id,
                            other_mood=other.mood_after,
                            other_score=other.score,
                            other_target=target[0],
                        ),
                        steps=list(steps),
                        run=run,
                        about={"node": node_id, "choice": choice.id, "say": turn.reply},
                    )
                    return True
        else:
            best = max(offered, key=choice_rank)
            if choice_class(best) == "de-escalating" and turn.heard == "de-escalating":
                other = self.at(key).reply(best.id)
                if turn.score >= other.score and turn.mood_after <= other.mood_after:
                    self.add(
                        "E633",
                        where,
                        t("bad_rewarded", text=quoted, node=node_id, score=turn.score, choice=best.id, other_score=other.score),
                        steps=list(steps),
                        run=run,
                        about={"node": node_id, "choice": best.id, "say": turn.reply},
                    )
                    return True
        return False

    def _outcome(self, ending_id: str) -> str:
        ending = self.sc.ending(ending_id)
        return ending.outcome if ending else "unresolved"

    # ------------------------------------------------------------------ 4. pinned cases

    def cases(self) -> None:
        for i, case in enumerate(self.sc.tests):
            if case.variant is not None and case.variant != self.variant:
                continue  # pinned to another variant
            here = f"tests[{i}]"
            r = self.rehearsal(self.variant)
            ok = True
            try:
                for j, step in enumerate(case.steps):
                    if r.finished:
                        self.add("E622", f"{here}.steps[{j}]", t("case_over", name=case.name, n=j + 1, ending=r.state.node, left=len(case.steps) - j))
                        ok = False
                        break
                    node = r.node
                    assert node is not None
                    if step.say is not None:
                        r.reply(Typed(step.say))
                        continue
                    offered = [c.id for c in r.offered(node)]
                    if step.choice not in offered:
                        self.add(
                            "E622",
                            f"{here}.steps[{j}].choice",
                            t("case_no_choice", name=case.name, n=j + 1, choice=step.choice, node=node.id, mood=r.state.mood, offered=", ".join(offered)),
                        )
                        ok = False
                        break
                    r.reply(str(step.choice))
            except Exception as exc:
                self.internal(exc, here, _steps_of(case))
                ok = False
            ending = self.sc.ending(r.state.node)
            score = r.total_score() if r.state.transcript else None
            if ok and ending is None:
                self.add("E623", here, t("case_unfinished", name=case.name, node=r.state.node, n=len(case.steps)))
                ok = False
            if ok and ending is not None:
                if case.ending is not None and case.ending != ending.id:
                    self.add("E620", here, t("case_ending", name=case.name, ending=ending.id, outcome=ending.outcome, expected=case.ending, score=score))
                    ok = False
                if case.score is not None and len(case.score) == 2 and not (case.score[0] <= (score or 0) <= case.score[1]):
                    self.add("E621", here, t("case_score", name=case.name, score=score, lo=case.score[0], hi=case.score[1], ending=ending.id))
                    ok = False
            self.report.cases.append(CaseResult(case.name, ok, ending.id if ending else None, score, r.state.mood, len(r.state.transcript), self.variant))

    # ------------------------------------------------------------------ all of it

    def run(self) -> Report:
        self.explore()
        self.shock()
        self.walk()
        self.playthroughs()
        self.cases()
        return self.report


class Judgements:
    """The wording checks of one play-test run, so that a text is judged once however many
    playthroughs, variants and scenarios meet it: by language and playbook, then by text.

    A playbook is told apart by the object itself, never by its id: the table keeps it, so
    its identity cannot pass to another playbook while the run lasts, and two playbooks
    with the same id but other signals (another folder, a file edited between runs) each
    get their own checks. A run's content does not change while it runs; a new run starts
    a new `Judgements`."""

    __slots__ = ("_tables",)

    def __init__(self) -> None:
        self._tables: dict[tuple[str, int], tuple[Optional[Playbook], dict[str, CheckResult]]] = {}

    def table(self, lang: str, playbook: Optional[Playbook]) -> dict[str, CheckResult]:
        """The checks of texts in `lang` judged with `playbook`, by text (to fill and read)."""
        key = (lang, id(playbook))
        found = self._tables.get(key)
        if found is None or found[0] is not playbook:
            found = self._tables[key] = (playbook, {})
        return found[1]


def playtest(scenario: Scenario, playbook: Optional[Playbook], limits: Optional[Limits] = None, judged: Optional[Judgements] = None) -> Report:
    """Play-test `scenario` (see the module doc), under each persona variant if it has
    any, and return what was found. `judged`: the wording checks of the run so far (a
    command that tests many scenarios passes one, so a text shared by them is judged once)."""
    checks = (judged or Judgements()).table(scenario.lang, playbook)  # each text judged once for all variants
    variants = [v.id for v in scenario.persona.variants]
    if not variants:
        return Playtest(scenario, playbook, limits, checks=checks).run()
    limits = limits or Limits()
    reports = []
    for k, variant in enumerate(variants):
        runs = [r for r in range(limits.random_runs) if r % len(variants) == k]
        reports.append(Playtest(scenario, playbook, limits, variant=variant, runs=runs, checks=checks).run())
    return merge(scenario, limits, variants, reports)


#: Findings about what no play reaches: under variants, they stand only if no variant reaches it.
COVERAGE = frozenset({"W602", "W604", "W605", "W606"})


def merge(scenario: Scenario, limits: Limits, variants: list[str], reports: list[Report]) -> Report:
    """One report from the reports of each persona variant (see the module doc)."""
    out = Report(scenario, limits)
    groups: dict[tuple[str, str, Shown], list[tuple[str, Finding]]] = {}
    for variant, rep in zip(variants, reports):
        for f in rep.findings:
            groups.setdefault((f.code, f.path, f.message), []).append((variant, f))
    for (code, _path, message), found in groups.items():
        names = [v for v, _ in found]
        first = found[0][1]
        if code in COVERAGE:
            if len(names) == len(variants):
                out.findings.append(first)
            continue
        label = t("in_every_variant") if len(names) == len(variants) > 1 else t("in_variants", variants=", ".join(names), n=len(names))
        merged = Finding(code, first.path, Cat(label, ": ", message), first.steps, first.run, sum(f.runs for _, f in found), {**first.about, "variants": names})
        out.findings.append(merged)
    stats = {e.id: EndingStats(e.id, e.outcome) for e in scenario.endings}
    for rep in reports:
        for e in rep.endings:
            st = stats[e.id]
            st.reachable = st.reachable or e.reachable
            st.moods += e.moods
            st.scores = [min(st.scores + e.scores), max(st.scores + e.scores)] if st.scores or e.scores else []
            st.paths += e.paths
        for ending, n in rep.run_endings.items():
            out.run_endings[ending] = out.run_endings.get(ending, 0) + n
        out.taken |= rep.taken
        out.cases += rep.cases
    out.endings = list(stats.values())
    out.states = sum(r.states for r in reports)
    out.paths = sum(r.paths for r in reports)
    out.runs = sum(r.runs for r in reports)
    out.typed = sum(r.typed for r in reports)
    out.cut_by_steps = any(r.cut_by_steps for r in reports)
    out.cut_by_paths = any(r.cut_by_paths for r in reports)
    out.cut_by_states = any(r.cut_by_states for r in reports)
    seen = {n for r in reports for n in r.nodes_seen}
    out.nodes_seen = [n.id for n in scenario.nodes if n.id in seen]
    out.choices_total = reports[0].choices_total
    out.choices_seen = len(out.taken)
    paths = [p for r in reports for p in (r.best, r.worst) if p is not None]
    if paths:
        out.best = max(paths, key=lambda p: (p.score, -len(p.steps), -outcome_rank(p.outcome)))
        out.worst = min(paths, key=lambda p: (p.score, -outcome_rank(p.outcome), len(p.steps)))
    for variant, rep in zip(variants, reports):
        v = scenario.persona.variant(variant)
        out.variants.append(
            {
                "id": variant,
                "temperament": v.temperament if v else 1.0,
                "mood": v.mood if v and v.mood is not None else scenario.persona.mood,
                "states": rep.states,
                "best": rep.best.score if rep.best else None,
                "worst": rep.worst.score if rep.worst else None,
                "errors": rep.errors,
                "warnings": rep.warnings,
            }
        )
    return out


def new_seed() -> int:
    """A seed for the random playthroughs when none is given (printed, so a run replays)."""
    return random.SystemRandom().randrange(10**6)


def _span(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _steps_of(case: Any) -> list[dict[str, str]]:
    return [{"say": s.say} if s.say is not None else {"choice": str(s.choice)} for s in case.steps]


__all__ = [
    "Limits",
    "Finding",
    "Report",
    "Playtest",
    "playtest",
    "merge",
    "new_seed",
    "OUTCOME_ORDER",
    "DEFAULT_MAX_STEPS",
    "DEFAULT_MAX_PATHS",
    "DEFAULT_RANDOM",
]


# --------------------------------------------------------------------------- files


@dataclass
class Target:
    """A scenario to test, where it came from and how to locate problems in it."""

    scenario: Optional[Scenario]
    playbook: Optional[Playbook]
    path: str
    data: Any = None  # positioned raw data of the file (for lines and columns)
    problems: list[Problem] = field(default_factory=list)  # load problems of a broken file


def _row(p: Problem, finding: Optional[Finding] = None, seed: int = 0) -> dict[str, Any]:
    row: dict[str, Any] = {
        "line": p.line,
        "column": p.column,
        "code": p.code,
        "severity": "error" if p.is_error else "warning",
        "path": p.path,
        "message": p.text(),  # in the interface language
    }
    if finding is not None:
        row.update(finding.about)
        if finding.steps:
            row["steps"] = finding.steps
        if finding.run is not None:
            row["seed"], row["run"], row["runs"] = seed, finding.run, finding.runs
    return row


def test_target(target: Target, limits: Limits, render: Callable[[Shown], str], judged: Optional[Judgements] = None) -> dict[str, Any]:
    """Play-test one target and return its JSON-ready result (problems located in its file,
    their messages put into words by `render`: the catalogue renderer, from the command;
    `judged`: the wording checks of the run, shared by its targets)."""
    if target.scenario is None:
        rows = [_row(p) for p in sorted(target.problems, key=lambda p: (p.line, p.column))]
        data = target.data if isinstance(target.data, dict) else {}
        return {
            "id": str(data.get("id", "?")),
            "lang": str(data.get("lang", "?")),
            "file": target.path,
            "broken": True,
            "errors": sum(1 for r in rows if r["severity"] == "error"),
            "warnings": sum(1 for r in rows if r["severity"] == "warning"),
            "problems": rows,
        }
    report = playtest(target.scenario, target.playbook, limits, judged)
    located = report.problems(render, target.data)
    pairs = sorted(zip(located, report.findings), key=lambda pf: (pf[0].line, pf[0].column, pf[0].code))
    return {**report.to_dict(), "file": target.path, "broken": False, "problems": [_row(p, f, limits.seed) for p, f in pairs]}


test_target.__test__ = False  # type: ignore[attr-defined]  # not a pytest test

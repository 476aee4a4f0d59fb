"""The built-in content is fit for assessed training (issue 11, content side).

Each test pins one fix a trainer asked for: mood rules never skip the authored repair
nodes, what the client says and does agrees with the mood meter, no node speaks of a fact
that was never offered, CUS is graded and worded as in the playbook, the desk promises
nothing a clinician or manager decides, clinical facts are right, Polish records and
wording are Polish, and the library is big and varied enough.

The paths are explored here from the content alone (listed replies, mood clamped to 0–10,
rules checked after a reply that leads to a node, first matching rule, `once` honoured),
so the tests say what the *content* allows, whatever the engine does with typed words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from empathy_cli.content.loader import load_file

BUILTIN = Path(__file__).resolve().parent.parent / "playbooks"
LANGS = ("en", "pl")


def _load(path: Path):
    loaded = load_file(path)
    assert loaded.content is not None, [p.describe() for p in loaded.problems]
    return loaded.content


SCENARIO_FILES = sorted((BUILTIN).glob("*/scenarios/*.yaml"))
SCENARIOS = {(p.parent.parent.name, p.stem): _load(p) for p in SCENARIO_FILES}
PLAYBOOKS = {(p.parent.name, p.stem): _load(p) for p in sorted(BUILTIN.glob("*/*.yaml"))}
IDS = [f"{lang}/{sid}" for lang, sid in SCENARIOS]


# --------------------------------------------------------------------------- exploration


@dataclass
class Step:
    node: str
    choice: object
    mood_before: int
    mood_after: int
    rule: str | None = None


@dataclass
class Walk:
    arrivals: dict = field(default_factory=lambda: defaultdict(set))
    endings: dict = field(default_factory=lambda: defaultdict(set))
    paths: list = field(default_factory=list)  # (steps, final target)


def explore(sc, max_len: int = 40) -> Walk:
    """Every path through the listed replies (the built-in graphs are small and acyclic
    apart from repair loops that only go forwards, so this terminates quickly)."""
    nodes = {n.id: n for n in sc.nodes}
    walk = Walk()
    stack = [(sc.start, sc.persona.mood, (), frozenset())]
    while stack:
        target, mood, steps, fired = stack.pop()
        if target not in nodes:
            walk.endings[target].add(mood)
            walk.paths.append((steps, target))
            continue
        assert len(steps) < max_len, f"{sc.id}: a path longer than {max_len} replies"
        node = nodes[target]
        walk.arrivals[target].add(mood)
        for choice in node.choices:
            if choice.when is not None and not choice.when.holds(mood):
                continue
            after = max(0, min(10, mood + choice.mood))
            nxt, rule, now_fired = choice.next, None, fired
            if nxt in nodes:
                for i, r in enumerate(sc.rules):
                    if r.once and i in fired:
                        continue
                    if r.when.holds(after):
                        nxt, rule = r.goto, r.goto
                        now_fired = fired | {i} if r.once else fired
                        break
            stack.append((nxt, after, steps + (Step(node.id, choice, mood, after, rule),), now_fired))
    return walk


WALKS = {key: explore(sc) for key, sc in SCENARIOS.items()}


def node(sc, node_id):
    return next(n for n in sc.nodes if n.id == node_id)


def best(choices):
    return max(choices, key=lambda c: (c.score, -c.mood))


def worst(choices):
    return min(choices, key=lambda c: (c.score, -c.mood))


# --------------------------------------------------------------------------- the library


@pytest.mark.parametrize("lang", LANGS)
def test_at_least_eight_scenarios_per_language_with_settings_beyond_the_clinic_desk(lang):
    mine = {sid: sc for (lg, sid), sc in SCENARIOS.items() if lg == lang}
    assert len(mine) >= 8, sorted(mine)
    for required in ("pharmacy-out-of-stock", "billing-phone-dispute", "emergency-waiting-relative", "angry-review-reply"):
        assert required in mine, required


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_every_scenario_is_big_enough_and_every_ending_can_be_reached(key):
    sc, walk = SCENARIOS[key], WALKS[key]
    assert len(sc.nodes) >= 10
    assert len(sc.endings) >= 4
    assert any(e.outcome == "safety" for e in sc.endings)
    for n in sc.nodes:
        assert walk.arrivals[n.id], f"node {n.id} can't be reached"
    for e in sc.endings:
        assert walk.endings[e.id], f"ending {e.id} can't be reached"


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_best_replies_resolve_and_worst_replies_do_not(key):
    sc = SCENARIOS[key]
    outcomes = {e.id: e.outcome for e in sc.endings}
    for pick, want in ((best, True), (worst, False)):
        target, mood, fired = sc.start, sc.persona.mood, set()
        nodes = {n.id: n for n in sc.nodes}
        while target in nodes:
            choice = pick([c for c in nodes[target].choices if c.when is None or c.when.holds(mood)])
            mood = max(0, min(10, mood + choice.mood))
            target = choice.next
            if target in nodes:
                for i, r in enumerate(sc.rules):
                    if i not in fired and r.when.holds(mood):
                        target = r.goto
                        fired.add(i)
                        break
        assert (outcomes[target] == "resolved") is want, (pick.__name__, target)


# --------------------------------------------------------------------------- defect 1: mood shock


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_no_reply_from_the_opening_jumps_through_a_mood_rule(key):
    sc = SCENARIOS[key]
    for choice in node(sc, sc.start).choices:
        after = max(0, min(10, sc.persona.mood + choice.mood))
        fired = [r.goto for r in sc.rules if r.when.holds(after)]
        assert not fired, f"{choice.id} from the opening jumps to {fired[0]} instead of {choice.next}"


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_a_single_slip_leads_to_the_authored_repair_nodes_not_through_a_rule(key):
    """On every path, the first heating reply never fires a rule, and a rule only ever fires
    after the trainee has been given a repair node (an escalate-stage node) and slipped again."""
    sc, walk = SCENARIOS[key], WALKS[key]
    stages = {n.id: n.stage for n in sc.nodes}
    for steps, _ in walk.paths:
        heated_before, repair_seen = 0, False
        for step in steps:
            repair_seen = repair_seen or stages[step.node] == "escalate"
            if step.rule is not None and step.rule != step.choice.next:
                where = " → ".join(f"{s.node}:{s.choice.id}" for s in steps[: steps.index(step) + 1])
                assert heated_before >= 1, f"first slip fires the rule: {where}"
                assert repair_seen, f"rule fires before any repair node: {where}"
            heated_before += step.choice.mood > 0


# --------------------------------------------------------------------------- defect 11: lines and mood words

HOT = {
    "en": re.compile(
        r"\b(slams?|slammed|taps?|tapping|bangs?|banging|raises? (?:her|his) voice|shouts?|shouting|snatch\w*|grabs?|lean(?:s|ing)? (?:over|in|right)|sweeps?|storms?|thumps?|jabs?|hammers?|yells?)\b",
        re.I,
    ),
    "pl": re.compile(r"(uderza|stuka|trzaska|podnosi głos|krzyczy|wrzeszczy|zrywa|chwyta|nachyla|zrzuca|wali |szarp|łomocze)", re.I),
}
#: The mood meter calls 0–3 calm or uneasy; a client who slams, taps or shouts is at least tense.
HOT_FLOOR = 4


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_agitated_narration_only_where_the_mood_meter_is_at_least_tense(key):
    lang = key[0]
    sc, walk = SCENARIOS[key], WALKS[key]
    for n in sc.nodes:
        hit = HOT[lang].search(n.narration)
        if hit:
            low = min(walk.arrivals[n.id])
            assert low >= HOT_FLOOR, f"{n.id}: '{hit.group(0)}' can be shown at mood {low}"


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_safety_nodes_let_the_trainee_practise_the_minutes_before_help_arrives(key):
    """The node the mood rule jumps to calls for help; its best reply leads to a further
    node (what to say while help is on its way), and from there to the safety ending."""
    sc = SCENARIOS[key]
    nodes = {n.id: n for n in sc.nodes}
    outcomes = {e.id: e.outcome for e in sc.endings}
    assert sc.rules, "a scenario without a safety rule"
    for rule in sc.rules:
        first = nodes[rule.goto]
        call = best(first.choices)
        assert call.next in nodes, f"{first.id}: the call for help ends the rehearsal at once"
        waiting = nodes[call.next]
        assert waiting.stage == "escalate"
        assert outcomes.get(best(waiting.choices).next) == "safety"
        assert any(outcomes.get(c.next) not in (None, "safety") for c in waiting.choices), "a slip while waiting costs nothing"


# --------------------------------------------------------------------------- defect 7: continuity


def every_path_to(key, node_id, pattern):
    """Every path that reaches `node_id` passed a reply matching `pattern` on the way."""
    rx = re.compile(pattern, re.I)
    for steps, _ in WALKS[key].paths:
        for i, step in enumerate(steps):
            if step.node == node_id:
                said = [s.choice.text for s in steps[:i]]
                assert any(rx.search(t) for t in said), " → ".join(f"{s.node}:{s.choice.id}" for s in steps[: i + 1])
                break


@pytest.mark.parametrize("lang,word", [("en", "Thursday"), ("pl", "czwart")])
def test_thursday_is_only_discussed_after_it_was_offered(lang, word):
    assert re.search(word, node(SCENARIOS[(lang, "delayed-appointment")], "guarantee").say, re.I)
    every_path_to((lang, "delayed-appointment"), "guarantee", word)


@pytest.mark.parametrize("lang", LANGS)
def test_lines_never_assume_an_offer_that_may_not_have_been_made(lang):
    anxious = SCENARIOS[(lang, "anxious-before-procedure")]
    assert not re.search(r"signal|znak", node(anxious, "wrap-up").say, re.I)
    refund = SCENARIOS[(lang, "refund-review-threat")]
    assert not re.search(r"review|kontrol|session|sesj", node(refund, "wrap-up").say + node(refund, "trust").say, re.I)


# --------------------------------------------------------------------------- defect 3: CUS

CUS = {
    "en": {
        "concerned": r"\bI'?m concerned\b|\bI am concerned\b",
        "uncomfortable": r"\bI'?m uncomfortable\b|\bI am uncomfortable\b",
        "safety": r"\bsafety issue\b",
    },
    "pl": {"concerned": r"\bniepokoi mnie\b", "uncomfortable": r"nie czuję się z tym dobrze", "safety": r"\bto sprawa bezpieczeństwa\b"},
}
OLD_PL_CUS = re.compile(r"martwię się i nie czuję|niekomfortowo|komfortowo|kwestia bezpieczeństwa", re.I)


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_cus_is_graded_one_level_per_call(key):
    lang = key[0]
    for n in SCENARIOS[key].nodes:
        for c in n.choices:
            levels = [lvl for lvl, rx in CUS[lang].items() if re.search(rx, c.text, re.I)]
            assert len(levels) <= 1, f"{n.id}:{c.id} fires {levels} in one breath"


@pytest.mark.parametrize("key", list(SCENARIOS), ids=IDS)
def test_the_safety_call_uses_the_playbooks_own_words(key):
    lang, _ = key
    sc = SCENARIOS[key]
    playbook = PLAYBOOKS[(lang, sc.playbook)]
    cus_note = next(s.note for s in playbook.sources if "CUS" in s.name)
    assert re.search(CUS[lang]["safety"], cus_note, re.I) and re.search(CUS[lang]["uncomfortable"], cus_note, re.I)
    for rule in sc.rules:
        call = best(node(sc, rule.goto).choices)
        medical = re.search(r"medical emergency|nagły przypadek", call.text, re.I)
        assert medical or re.search(CUS[lang]["safety"], call.text, re.I), call.text
    for n in sc.nodes:
        for c in n.choices:
            assert not OLD_PL_CUS.search(c.text + c.feedback), f"{n.id}:{c.id}"
    for e in sc.endings:
        assert not OLD_PL_CUS.search(e.text + e.lesson)
        assert "concerned, uncomfortable" not in e.lesson


# --------------------------------------------------------------------------- defects 2, 4, 5: promises, clinical facts, feedback


@pytest.mark.parametrize("lang", LANGS)
def test_the_desk_promises_nothing_a_clinician_or_manager_decides(lang):
    delayed = best(node(SCENARIOS[(lang, "delayed-appointment")], "options").choices).text
    assert not re.search(r"ten minutes|dziesięć minut|keep it to the treatment|ograniczyć wizytę", delayed, re.I)
    assert re.search(r"manager|kierownicz", delayed, re.I)
    filler = best(node(SCENARIOS[(lang, "filler-uneven-result")], "options").choices).text
    assert not re.search(r"even out|dissolve the filler|wyrównać lewą|rozpuścić wypełniacz", filler, re.I)
    assert re.search(r"her decision|jej decyzja", filler, re.I)
    refund = best(node(SCENARIOS[(lang, "refund-review-threat")], "options").choices).text
    assert not re.search(r"no cost|by Friday|bez żadnych kosztów|do piątku|further sessions|kolejne sesje", refund, re.I)
    assert re.search(r"manager's decision|decyduje kierowniczka", refund, re.I)


@pytest.mark.parametrize("lang", LANGS)
def test_clinical_facts_numbing_cream_and_chest_tightness(lang):
    sc = SCENARIOS[(lang, "anxious-before-procedure")]
    texts = " ".join(c.text for n in sc.nodes for c in n.choices)
    assert not re.search(r"twenty minutes|dwadzieścia minut", texts.replace("twenty-minute", ""), re.I)
    cream = best(node(sc, "options").choices).text
    assert re.search(r"an hour|godzinę", cream) and re.search(r"Dr Shah agrees|doktor Szymańska się zgodzi", cream)
    ending = next(e for e in sc.endings if e.outcome == "safety")
    assert re.search(r"ECG|EKG", ending.text) and re.search(r"999|112", ending.text)
    # a possible heart attack: the emergency number straight away, not only "if the pain persists"
    assert re.search(r"straight away|od razu", ending.text) and not re.search(r"if the pain persists|jeśli ból nie mija", ending.lesson)


@pytest.mark.parametrize("lang", LANGS)
def test_filming_gets_one_calm_limit_as_the_playbook_says(lang):
    heated = node(SCENARIOS[(lang, "refund-review-threat")], "heated")
    feedback = " ".join(c.feedback for c in heated.choices)
    assert not re.search(r"only if it becomes unsafe|dopiero, gdy robi się niebezpiecznie", feedback)
    assert re.search(r"film|nagryw", best(heated.choices).text, re.I)


# --------------------------------------------------------------------------- defects 6, 8, 9, 10: wording, Polish


def polish_files():
    return sorted((BUILTIN / "pl").rglob("*.yaml"))


def test_one_order_of_pan_pani_in_every_polish_file():
    wrong = re.compile(r"Pani/Pan\b|Panią/Pana\b|Pani/Panu\b|Pani/Pana\b|Panią/Panem\b")
    for path in polish_files():
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not wrong.search(line), f"{path.name}:{i}: {line.strip()}"


CALQUES = [
    "zostawiać to dla siebie",
    "czuć się sobą",
    "czuję się komfortowo",
    "czuję się tu komfortowo",
    "pełną uwagę",
    "zniż się do poziomu",
    "obchodzi recepcję",
    "wyglądam jak pośmiewisko",
    "poczucia winy",
    "którą osobą w kolejce",
    "Jak Pani się z tym czuje",
    "Jak się Pan/Pani z tym",
    "a efekt nie taki, jak miał być",
    "jak miał być",
]


def test_polish_calques_and_concessions_are_gone():
    for path in polish_files():
        text = path.read_text(encoding="utf-8")
        for calque in CALQUES:
            assert calque not in text, f"{path.name}: {calque}"
    first = node(SCENARIOS[("pl", "refund-review-threat")], "demand")
    assert not any("Ostrzegam" in c.text for c in first.choices)


@pytest.mark.parametrize("lang", LANGS)
def test_the_waiting_phrase_no_longer_asks_the_client_to_explain_the_clinics_delay(lang):
    listen = next(s for s in PLAYBOOKS[(lang, "aesthetic-clinic")].stages if s.id == "listen")
    waiting = [p.text for p in listen.phrases if "waiting" in p.tags]
    assert waiting and not any(re.search(r"what happened with your appointment|co się stało z wizytą", t) for t in waiting)


ENGLISH_VALUES = re.compile(r"\b(green|amber|red|resolved|partly_resolved|escalated|walked_out|safety|unresolved)\b")


@pytest.mark.parametrize("playbook", ["aesthetic-clinic", "patient-care"])
def test_polish_record_fields_show_polish_words_not_english_values(playbook):
    pb = PLAYBOOKS[("pl", playbook)]
    for f in pb.record_fields:
        assert not ENGLISH_VALUES.search(f.label + " " + f.help), f"{f.id}: {f.help}"
    for level in pb.escalation:
        assert not ENGLISH_VALUES.search(level.title)


def test_the_seeds_own_phrases_and_the_compensation_option_are_there():
    pl = PLAYBOOKS[("pl", "aesthetic-clinic")]
    texts = [p.text for s in pl.stages for p in s.phrases]
    assert any(t.startswith("Rozumiem, że może to być frustrujące") for t in texts)
    assert any("Widzę, że jest Pan/Pani niezadowolony/a" in t for t in texts)
    for lang, title in (("en", "An additional treatment as compensation"), ("pl", "Dodatkowy zabieg w ramach rekompensaty")):
        sol = next(s for s in PLAYBOOKS[(lang, "aesthetic-clinic")].solutions if s.id == "compensation-treatment")
        assert sol.title == title and sol.approval.strip()


# --------------------------------------------------------------------------- gender of the persona


def test_polish_scenarios_speak_to_the_persona_in_one_gender():
    """Choices in a Polish scenario address a known persona: no 'Pan/Pani' alternatives."""
    for (lang, sid), sc in SCENARIOS.items():
        if lang != "pl":
            continue
        for n in sc.nodes:
            for c in n.choices:
                assert not re.search(r"Pan/Pani|Pana/Panią|Panu/Pani", c.text), f"{sid} {n.id}:{c.id}"

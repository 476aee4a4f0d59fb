"""`empathy check`: the wording-check engine and the command.

The engine is tested directly on small replies (each signal kind, in English and Polish,
with inflection and word order, negation, spans, suggestions) and on the labelled dev
sets (tests/data/check_*.yaml); the command through Typer's CliRunner. The holdout split
is only measured by bench/check_accuracy.py, never asserted here.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from empathy_cli.coach.check import CheckResult, SignalHit, Suggestion, check_reply
from empathy_cli.content.models import NEGATIVE_SIGNALS, SIGNAL_KINDS

REPO = Path(__file__).resolve().parent.parent
#: Accuracy floor on the dev split (measured 1.00 for both languages when written).
DEV_FLOOR = 0.95


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("check_accuracy", REPO / "bench" / "check_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def books(content_of):
    lib = content_of()  # the built-in content (parsed once a session)
    return {lang: [e.content for e in lib.playbooks(lang)] for lang in ("en", "pl")}


def judge(text: str, books, lang: str) -> CheckResult:
    return check_reply(text, books[lang], lang)


def kinds(result: CheckResult) -> set[str]:
    return {s.kind for s in result.signals}


# --------------------------------------------------------------------------- labelled sets


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_dev_set_accuracy_stays_above_the_floor(bench, lang):
    assert bench.accuracy(lang, "dev") >= DEV_FLOOR


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_labelled_sets_are_large_enough_and_keep_a_holdout(bench, lang):
    items = bench.load_set(lang)
    assert len(items) >= 60
    holdout = [i for i in items if i["split"] == "holdout"]
    assert 0.25 <= len(holdout) / len(items) <= 0.4
    assert {i["verdict"] for i in holdout} == {"de-escalating", "neutral", "escalating"}
    assert {i["split"] for i in items} == {"dev", "holdout"}


# --------------------------------------------------------------------------- signal kinds

EN_CASES = [
    ("I can see how frustrating this has been for you.", "empathy", "de-escalating"),
    ("You seem really worried about the result.", "empathy", "de-escalating"),
    ("I'm so sorry about the wait.", "apology", "de-escalating"),
    ("What happened when you got home?", "open_question", "de-escalating"),
    ("We could book a review tomorrow, or refund the treatment.", "options", "de-escalating"),
    ("Calm down, please.", "minimizing", "escalating"),
    ("Come on, it's really nothing.", "minimizing", "escalating"),
    ("You're overreacting.", "minimizing", "escalating"),
    ("You should have followed the aftercare advice.", "blame", "escalating"),
    ("If you had followed the instructions, this wouldn't have happened.", "blame", "escalating"),
    ("Had you read the leaflet, you'd know.", "blame", "escalating"),
    ("That's our policy, there's nothing I can do.", "dismissal", "escalating"),
    ("I don't have time for this.", "dismissal", "escalating"),
    ("If you don't stop shouting, I'll call security.", "threat", "escalating"),
    ("Lower your voice or I'll have to ask you to leave.", "threat", "escalating"),
    ("Your appointment is on Tuesday at ten.", None, "neutral"),
]

PL_CASES = [
    ("Widzę, że to dla Pani bardzo frustrujące.", "empathy", "de-escalating"),
    ("Jest Pan bardzo zdenerwowany, rozumiem to.", "empathy", "de-escalating"),
    ("Bardzo mi przykro z powodu czekania.", "apology", "de-escalating"),
    ("Co się wydarzyło po powrocie do domu?", "open_question", "de-escalating"),
    ("Możemy umówić kontrolę na jutro albo zwrócić koszt zabiegu.", "options", "de-escalating"),
    ("Proszę się uspokoić.", "minimizing", "escalating"),
    ("Niech się pani uspokoi.", "minimizing", "escalating"),
    ("Pan przesadza.", "minimizing", "escalating"),
    ("Powinna była Pani przyjść na kontrolę.", "blame", "escalating"),
    ("Pani powinna była przyjść na kontrolę.", "blame", "escalating"),
    ("Gdyby Pan przeczytał ulotkę, wiedziałby Pan.", "blame", "escalating"),
    ("Takie mamy zasady, nic nie mogę zrobić.", "dismissal", "escalating"),
    ("Nie mam na to czasu.", "dismissal", "escalating"),
    ("Jeśli Pan nie przestanie krzyczeć, wezwę ochronę.", "threat", "escalating"),
    ("Proszę wyjść, bo zadzwonię po policję.", "threat", "escalating"),
    ("Wizyta jest we wtorek o dziesiątej.", None, "neutral"),
]


@pytest.mark.parametrize("text,kind,verdict", EN_CASES)
def test_english_signals(books, text, kind, verdict):
    result = judge(text, books, "en")
    assert result.verdict == verdict, result.to_dict()
    if kind:
        assert kind in kinds(result)


@pytest.mark.parametrize("text,kind,verdict", PL_CASES)
def test_polish_signals(books, text, kind, verdict):
    result = judge(text, books, "pl")
    assert result.verdict == verdict, result.to_dict()
    if kind:
        assert kind in kinds(result)


def test_every_signal_kind_is_detected_in_both_languages(books):
    for lang, cases in (("en", EN_CASES), ("pl", PL_CASES)):
        found = set()
        for text, _, _ in cases:
            found |= kinds(judge(text, books, lang))
        assert found >= set(SIGNAL_KINDS), (lang, set(SIGNAL_KINDS) - found)


@pytest.mark.parametrize(
    "lang,text,verdict,absent",
    [
        ("en", "You're not overreacting at all; this needs a proper look.", "de-escalating", "minimizing"),
        ("en", "I don't understand what you mean.", "neutral", "empathy"),
        ("en", "I can't change that myself, but here's what I can do.", "de-escalating", "dismissal"),
        ("en", "If the threats continue, I'll have to call security.", "neutral", "threat"),
        ("en", "I'm worried this won't settle down, so let's ask the doctor.", "de-escalating", "minimizing"),
        ("pl", "Nie przesadza Pani, to trzeba sprawdzić.", "de-escalating", "minimizing"),
        ("pl", "Nie rozumiem, o co chodzi.", "neutral", "empathy"),
        ("pl", "Wyniki powinny być gotowe w piątek.", "neutral", "blame"),
        ("pl", "Powinniśmy byli od razu Panią uprzedzić, przepraszam.", "de-escalating", "blame"),
        ("pl", "Jeśli groźby nie ustaną, wezwę ochronę.", "neutral", "threat"),
        ("pl", "Nie mogę tego zmienić sama, ale zapytam kierownika.", "de-escalating", "dismissal"),
    ],
)
def test_negation_rescue_and_limit_setting(books, lang, text, verdict, absent):
    result = judge(text, books, lang)
    if verdict == "neutral":
        # a negated "I understand" is no empathy, limit-setting is no ultimatum: neither
        # reads as help nor as harm by itself (the weighing may lean either way)
        assert result.verdict != ("escalating" if absent in NEGATIVE_SIGNALS else "de-escalating"), result.to_dict()
    else:
        assert result.verdict == verdict, result.to_dict()
    assert absent not in kinds(result)


def test_an_apology_does_not_rescue_a_dismissal(books):
    result = judge("I'm sorry, but rules are rules.", books, "en")
    assert result.verdict == "escalating"
    # the apology before "but" is hollow: set aside, and the reason names its rule
    assert kinds(result) == {"dismissal"}
    assert any(r.startswith("contrast.undercut:en.apology.") for r in result.reasons)


def test_spans_point_at_the_words_that_triggered_them(books):
    text = "  Ok. Calm down, that's our policy!  "
    result = judge(text, books, "en")
    assert result.signals
    for hit in result.signals:
        assert text[hit.start : hit.end] == hit.text
    assert [h.text for h in result.signals] == ["Calm down", "that's our policy"]


def test_spans_survive_characters_whose_lower_case_is_longer(books):
    text = "İstanbul office here. Calm down."  # 'İ'.lower() is two characters
    result = judge(text, books, "en")
    hit = next(h for h in result.signals if h.kind == "minimizing")
    assert text[hit.start : hit.end] == hit.text == "Calm down"


def test_polish_spans_keep_the_diacritics(books):
    text = "Proszę się uspokoić, taka jest polityka kliniki."
    result = judge(text, books, "pl")
    assert "taka jest polityka" in [h.text for h in result.signals]
    assert any(text[h.start : h.end] == h.text and "ć" in h.text for h in result.signals)


# --------------------------------------------------------------------------- suggestions


def test_every_harmful_span_gets_a_better_phrasing_from_the_playbooks(books):
    for lang, text in (
        ("en", "Calm down. If you had read the form you'd know. That's our policy."),
        ("pl", "Proszę się uspokoić. Trzeba było przeczytać zgodę. Takie mamy zasady."),
    ):
        result = judge(text, books, lang)
        harmful = [h for h in result.signals if h.kind in NEGATIVE_SIGNALS]
        assert len(harmful) == 3
        assert [(s.kind, s.text) for s in result.suggestions] == [(h.kind, h.text) for h in harmful]
        wordings = {a.instead for pb in books[lang] for st in pb.stages for a in st.avoid}
        wordings |= {p.text for pb in books[lang] for st in pb.stages for p in st.phrases}
        for s in result.suggestions:
            assert s.instead in wordings
            assert s.why


def test_the_closest_avoid_entry_gives_the_suggestion(books):
    result = judge("Calm down.", books, "en")
    expected = {a.instead for pb in books["en"] for st in pb.stages for a in st.avoid if a.text == "Calm down."}
    assert result.suggestions[0].instead in expected


def test_suggestions_without_playbooks_fall_back_to_built_in_ones():
    result = check_reply("Calm down.", [], "en")
    assert result.verdict == "escalating"
    assert result.suggestions and result.suggestions[0].instead


# --------------------------------------------------------------------------- playbook signals


def _playbook(folder: Path, signals: str = "", avoid: str = "") -> object:
    from playbook_support import load_playbook

    return load_playbook(folder, "mine", signals, avoid)


def test_a_playbooks_own_signals_are_used(tmp_path):
    plain = _playbook(tmp_path)
    mine = _playbook(
        tmp_path,
        signals="""
signals:
  - kind: dismissal
    label: Sends the client to the bananas
    patterns: ['\\bbanana stand\\b']
""",
    )
    text = "Please ask at the banana stand."
    assert check_reply(text, [plain], "en").verdict == "neutral"
    result = check_reply(text, [mine], "en")
    assert result.verdict == "escalating"
    assert result.signals[0].label == "Sends the client to the bananas"
    assert result.signals[0].text == "banana stand"


def test_playbook_signals_in_another_language_are_not_used(tmp_path):
    mine = _playbook(
        tmp_path,
        signals="""
signals:
  - kind: threat
    patterns: ['\\bzebra\\b']
""",
    )
    assert check_reply("zebra", [mine], "pl").verdict == "neutral"


def test_a_bad_pattern_in_a_users_playbook_is_skipped(tmp_path):
    from empathy_cli.content.models import Signal

    mine = _playbook(tmp_path)
    mine.signals = [Signal(kind="blame", patterns=["(unclosed", r"\bgotcha\b"])]
    assert check_reply("gotcha", [mine], "en").verdict == "escalating"


def test_a_sentence_close_to_a_phrase_to_avoid_counts_as_that_move(tmp_path):
    mine = _playbook(
        tmp_path,
        avoid="""
    avoid:
      - text: "Our giraffes never complained about the paperwork queue."
        instead: "Tell me what happened with the paperwork."
        kind: dismissal
""",
    )
    result = check_reply("The giraffes never complained about the paperwork queue!", [mine], "en")
    assert result.verdict == "escalating"
    assert result.suggestions[0].instead == "Tell me what happened with the paperwork."


def test_playbooks_recommended_wordings_are_not_escalating_and_avoid_entries_are(bench, books):
    for lang in ("en", "pl"):
        good, good_bad, harmful, caught = bench.consistency(books[lang], lang)
        assert good > 50 and good_bad <= 0.02 * good  # the learned layer may disagree on a rare few
        assert harmful > 10 and caught / harmful >= 0.9


def test_built_in_signal_patterns_are_written_without_diacritics(books):
    from empathy_cli.text import fold

    for lang in ("en", "pl"):
        patterns = [p for pb in books[lang] for s in pb.signals for p in s.patterns]
        assert len(patterns) >= 20
        for p in patterns:
            assert fold(p) == p.lower(), p


def test_to_dict_is_the_json_shape(books):
    data = judge("I'm sorry. Calm down.", books, "en").to_dict()
    assert data["verdict"] == "escalating"
    assert set(data) >= {"verdict", "signals", "suggestions"}
    assert set(data["signals"][0]) >= {"kind", "text", "start", "end"}
    assert set(data["suggestions"][0]) >= {"kind", "text", "instead"}
    json.dumps(data)


def test_dataclasses_keep_the_public_shape():
    hit = SignalHit("empathy", "I see", 0, 5)
    assert hit.label == ""
    assert Suggestion("blame", "x", "y").why == ""
    assert CheckResult("neutral", [], [], 0.0).to_dict()["verdict"] == "neutral"


# --------------------------------------------------------------------------- the command


def run(runner, *args, input=None):
    from empathy_cli.cli.app import app

    return runner.invoke(app, list(args), input=input)


def test_cli_escalating_reply_exits_1_with_spans_and_suggestions(runner):
    result = run(runner, "check", "Calm down, that's our policy.")
    assert result.exit_code == 1, result.output
    out = result.stdout
    assert "escalating" in out
    assert "Calm down" in out and "^^^^^^^^^" in out
    assert "instead of" in out
    assert "\x1b" not in out


def test_cli_calming_reply_exits_0(runner):
    result = run(runner, "check", "I'm so sorry, I can see this is upsetting. What happened?")
    assert result.exit_code == 0, result.output
    assert "de-escalating" in result.stdout


def test_cli_json(runner):
    result = run(runner, "check", "Calm down.", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "escalating"
    [signal] = data["signals"]
    assert (signal["kind"], signal["text"], signal["start"], signal["end"]) == ("minimizing", "Calm down", 0, 9)
    assert 0 <= data["confidence"] <= 1 and isinstance(data["unsure"], bool)
    assert data["suggestions"][0]["instead"]


def test_cli_reads_standard_input_with_dash(runner):
    result = run(runner, "check", "-", "--json", "--lang", "pl", input="Bardzo mi przykro, co się stało?\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "de-escalating"


def test_cli_polish_interface(runner):
    result = run(runner, "check", "--lang", "pl", "Proszę się uspokoić.")
    assert result.exit_code == 1
    assert "Ocena: zaostrza" in result.stdout
    assert "zamiast" in result.stdout


@pytest.mark.parametrize("reply", ["", "   ", "-"])
def test_cli_empty_reply_is_a_usage_error(runner, reply):
    result = run(runner, "check", reply, input="")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_prints_text_literally(runner):
    reply = "[bold red]Calm down[/] \x1b[2J now"
    result = run(runner, "check", reply)
    assert "[bold red]Calm down[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\x1b[2J" in result.stdout


def test_cli_colours_only_when_asked(environ, runner, monkeypatch):
    environ.pop("NO_COLOR")
    environ["EMPATHY_COLOR"] = "always"
    result = run(runner, "check", "Calm down.")
    assert "\x1b[" in result.stdout


def test_cli_warm_run_imports_nothing_heavy(tmp_path):
    """`empathy check` with a warm cache: no YAML, Rich, questionary or typecheck."""
    code = (
        "import sys\n"
        "from empathy_cli.cli.app import main\n"
        "sys.argv = ['empathy', 'check', 'Calm down']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('yaml', 'rich', 'questionary')"
        " or m == 'empathy_cli.content.typecheck']\n"
        "sys.stderr.write('HEAVY=' + ','.join(sorted(heavy)))\n"
    )
    env = {**__import__("os").environ, "EMPATHY_HOME": str(tmp_path / "h"), "EMPATHY_CACHE": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)  # warm the cache
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "HEAVY=" in proc.stderr, proc.stderr
    assert proc.stderr.split("HEAVY=")[1].strip() == ""

"""What the judge and the play-tester keep between replies, and that it is never stale.

The judge keeps the rules made of the playbooks' `signals:` (by what they are made of) and
the stems of the playbooks' wordings (by text); the play-tester keeps each text's wording
check for the length of one run (by language, playbook and text). Each test here would
fail if a kept result were served for content that has changed: two playbooks with the
same id, a playbook changed in place, a file edited between runs.
"""

from __future__ import annotations

import copy
import json
import os
from collections import Counter
from pathlib import Path

from empathy_cli.cli.app import app
from empathy_cli.coach import check, rehearsal
from empathy_cli.coach.check import check_reply
from empathy_cli.content.loader import load_file
from playbook_support import load_playbook, write_playbook

PLAYTEST = Path(__file__).parent / "data" / "playtest"


def signals(kind: str, label: str, pattern: str) -> str:
    return f"signals:\n  - kind: {kind}\n    label: {label}\n    patterns: ['{pattern}']\n"


def avoid(text: str, instead: str) -> str:
    return f'    avoid:\n      - text: "{text}"\n        instead: "{instead}"\n        kind: dismissal\n'


def write(folder: Path, signals: str = "", avoid: str = "") -> Path:
    return write_playbook(folder, "same-id", signals, avoid)


def playbook(folder: Path, signals: str = "", avoid: str = "") -> object:
    return load_playbook(folder, "same-id", signals, avoid)


def labels(result) -> list[str]:
    return [s.label for s in result.signals]


# --------------------------------------------------------------------------- the judge


def test_two_playbooks_with_the_same_id_each_get_their_own_signals(tmp_path):
    bananas = playbook(tmp_path / "a", signals("dismissal", "Bananas", r"\bbanana stand\b"))
    zebras = playbook(tmp_path / "b", signals("threat", "Zebras", r"\bzebra crossing\b"))
    assert bananas.id == zebras.id == "same-id"
    text = "Please ask at the banana stand by the zebra crossing."
    for _ in range(3):  # alternating, so a rule kept for one is never served for the other
        a, b = check_reply(text, [bananas], "en"), check_reply(text, [zebras], "en")
        assert labels(a) == ["Bananas"] and a.signals[0].text == "banana stand" and a.signals[0].kind == "dismissal"
        assert labels(b) == ["Zebras"] and b.signals[0].text == "zebra crossing" and b.signals[0].kind == "threat"
    both = check_reply(text, [bananas, zebras], "en")
    assert sorted(labels(both)) == ["Bananas", "Zebras"]
    assert [r.label for r in check.playbook_rules([zebras])] == ["Zebras"]


def test_a_playbook_changed_in_place_is_judged_as_it_is_now(tmp_path):
    from empathy_cli.content.models import Signal

    mine = playbook(tmp_path, signals("dismissal", "Bananas", r"\bbanana stand\b"))
    text = "Please ask at the banana stand."
    assert labels(check_reply(text, [mine], "en")) == ["Bananas"]
    mine.signals[0].label = "Fruit"
    assert labels(check_reply(text, [mine], "en")) == ["Fruit"]
    mine.signals[0].patterns = [r"\bplease ask\b"]
    result = check_reply(text, [mine], "en")
    assert labels(result) == ["Fruit"] and result.signals[0].text == "Please ask"
    mine.signals.append(Signal(kind="threat", patterns=[r"\bstand\b"], label="Stand"))
    assert sorted(labels(check_reply(text, [mine], "en"))) == ["Fruit", "Stand"]
    mine.signals = []
    assert check_reply(text, [mine], "en").signals == []


def test_same_id_playbooks_with_other_phrases_to_avoid_each_get_their_own(tmp_path):
    giraffes = playbook(tmp_path / "a", avoid=avoid("Our giraffes never complained about the paperwork queue.", "Tell me about the paperwork."))
    otters = playbook(tmp_path / "b", avoid=avoid("The otters always lose the parking tickets here.", "Let me find your ticket."))
    reply = "The giraffes never complained about the paperwork queue!"
    for _ in range(2):
        a, b = check_reply(reply, [giraffes], "en"), check_reply(reply, [otters], "en")
        assert a.verdict == "escalating" and [s.rule for s in a.signals] == ["avoid"]
        assert a.suggestions[0].instead == "Tell me about the paperwork."
        assert "avoid" not in [s.rule for s in b.signals]


def test_each_signal_pattern_is_scanned_once_and_an_unsafe_one_never_runs(tmp_path, monkeypatch):
    from empathy_cli.coach import safepattern

    scanned: Counter[str] = Counter()
    real = safepattern.problem

    def counting(pattern: str, *, compile: bool = True):
        scanned[pattern] += 1
        return real(pattern, compile=compile)

    from empathy_cli.content.models import Signal

    fresh = f"tapir{os.getpid()}x"  # a pattern no other test has scanned in this process
    mine = playbook(tmp_path)
    mine.signals = [Signal(kind="blame", patterns=[rf"\b{fresh}\b", "(x+x+)+y"])]  # (the loader refuses the second)
    monkeypatch.setattr(safepattern, "problem", counting)  # (after loading: the loader scans too)
    for reply in (f"A {fresh} here.", "x" * 30, f"Another {fresh}.", "Nothing."):
        check_reply(reply, [mine], "en")
    assert scanned[rf"\b{fresh}\b"] == 1 and scanned["(x+x+)+y"] <= 1
    assert [r.rx.source for r in check.playbook_rules([mine])] == [rf"\b{fresh}\b"]
    assert labels(check_reply(f"A {fresh} here.", [mine], "en")) == [""]  # still found, still once
    assert scanned[rf"\b{fresh}\b"] == 1


def test_the_judge_writes_nothing(tmp_path):
    roots = [Path(os.environ["EMPATHY_HOME"]), Path(os.environ["EMPATHY_CACHE"]), tmp_path]

    def files() -> dict[str, float]:
        return {str(p): p.stat().st_mtime for root in roots for p in root.rglob("*")}

    mine = playbook(tmp_path, signals("dismissal", "Okapis", r"\bokapi desk\b"))
    before = files()
    for _ in range(3):
        assert labels(check_reply("Ask at the okapi desk.", [mine], "en")) == ["Okapis"]
    assert files() == before


def test_a_playbook_file_edited_between_runs_is_judged_as_edited(runner, environ, tmp_path):
    folder = tmp_path / "books"
    write(folder, signals("dismissal", "Bananas", r"\bbanana stand\b"))
    environ["EMPATHY_PLAYBOOKS"] = str(folder)
    reply = "Please ask at the banana stand. The giraffes never complained about the paperwork queue!"

    def judged() -> dict:
        result = runner.invoke(app, ["check", "--lang", "en", "--json", reply])
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    first = judged()
    assert "Bananas" in [s["label"] for s in first["signals"]]
    assert "avoid" not in [s["rule"] for s in first["signals"]]
    write(
        folder,
        signals("threat", "Bananas, edited", r"\bplease ask\b"),
        avoid("Our giraffes never complained about the paperwork queue.", "Tell me about the paperwork."),
    )
    second = judged()  # the same process: whatever the judge keeps must follow the file
    found = {s["label"]: s for s in second["signals"]}
    assert "Bananas" not in found
    assert found["Bananas, edited"]["kind"] == "threat" and found["Bananas, edited"]["text"] == "Please ask"
    assert "avoid" in [s["rule"] for s in second["signals"]]
    assert "Tell me about the paperwork." in [s["instead"] for s in second["suggestions"]]


# --------------------------------------------------------------------------- the play-tester


def desk() -> tuple[object, object]:
    scenario = load_file(PLAYTEST / "clean" / "calm-desk.yaml").content
    book = load_file(PLAYTEST / "desk" / "pt-desk.yaml").content
    assert scenario is not None and book is not None
    return scenario, book


def test_a_play_test_judges_each_text_once(monkeypatch):
    from empathy_cli.coach.playtest import Limits, playtest

    scenario, book = desk()
    judged: Counter[str] = Counter()
    real = rehearsal.check_reply

    def counting(text, playbooks, lang):
        judged[text] += 1
        return real(text, playbooks, lang)

    monkeypatch.setattr(rehearsal, "check_reply", counting)
    report = playtest(scenario, book, Limits(seed=5))
    assert report.cases and report.runs == 30 and report.typed > 0  # replayed paths, pinned cases, typed words
    assert judged and max(judged.values()) == 1, [t for t, n in judged.items() if n > 1]


def test_a_run_keeps_the_checks_of_each_playbook_apart_and_changes_no_result(monkeypatch):
    from empathy_cli.coach.playtest import Judgements, Limits, playtest
    from empathy_cli.content.models import Signal

    scenario, book = desk()
    other = copy.deepcopy(book)  # the same id and language, other signals
    other.signals = [Signal(kind="threat", patterns=[r"\bcourier\b"], label="Couriers")]
    limits = Limits(seed=11)
    run = Judgements()
    shared = [playtest(scenario, pb, limits, run).to_dict() for pb in (book, other, book)]
    alone = [playtest(scenario, pb, limits).to_dict() for pb in (book, other)]
    assert shared == [alone[0], alone[1], alone[0]]
    mine, theirs = run.table("en", book), run.table("en", other)
    assert mine is not theirs and mine and theirs
    for pb, table in ((book, mine), (other, theirs)):
        for text, kept in table.items():
            assert kept.to_dict() == check_reply(text, [pb], "en").to_dict(), text
    courier = [t for t in theirs if "courier" in t.lower()]
    assert courier, "the fixture offers a courier"
    assert all("Couriers" in labels(theirs[t]) for t in courier)
    assert not any("Couriers" in labels(r) for r in mine.values())
    assert run.table("pl", book) is not mine  # the language is part of the key


def test_scenarios_test_results_are_the_same_with_checks_shared_across_scenarios(runner, monkeypatch):
    from empathy_cli.coach import playtest as pt

    desk_dir, files = PLAYTEST / "desk", [PLAYTEST / "clean" / "calm-desk.yaml", PLAYTEST / "shock" / "shock-desk.yaml"]

    def invoke() -> dict:
        result = runner.invoke(app, ["--playbooks", str(desk_dir), "scenarios", "test", "--json", "--seed", "4", *map(str, files)])
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    shared = invoke()
    monkeypatch.setattr(pt.Judgements, "table", lambda self, lang, playbook: {})  # no checks shared between scenarios
    assert invoke() == shared
    assert len(shared["scenarios"]) == 2

"""`empathy new scenario ID --from-record RECORD`: a draft from a real (masked) encounter that
validates, runs in `rehearse` with no edits, and never carries an identifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.content.yamlsafe import load

EN = """\
concern: "The lips are uneven after the filler two weeks ago and nobody calls back. Call me on 601 234 567."
wants: "a correction for free"
tried: "called twice"
emotions: [frustration, disappointment]
phrases_used: [empathize-1]
own_phrase: "Calm down, it's not a big deal."
options_offered: [corrective-follow-up]
option_accepted: corrective-follow-up
warning_signs: [raised-voice]
location: reception
outcome: partly_resolved
follow_up: "Doctor calls her on Friday"
"""

PL = """\
concern: "Po wypełniaczu usta są nierówne, a nikt nie oddzwania. Mój mail: anna@example.com"
wants: "bezpłatna korekta"
emotions: [anger]
own_phrase: "Rozumiem, że to frustrujące. Co mogę dla Pani teraz zrobić?"
location: recepcja
outcome: resolved
follow_up: "Lekarz oddzwoni w piątek"
"""


def encounter(runner, tmp_path, text, *extra, lang="en"):
    answers = tmp_path / f"enc-{lang}.yaml"
    answers.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["encounter", "aesthetic-clinic", "--lang", lang, "--answers", str(answers), *extra])
    assert res.exit_code == 0, res.output
    return sorted((Path(p) for p in res.stdout.split() if p.endswith(".json")))[-1].stem


@pytest.mark.parametrize("lang,text", [("en", EN), ("pl", PL)])
def test_a_draft_from_a_masked_record_validates_and_rehearses_as_it_is(runner, home, tmp_path, lang, text):
    record_id = encounter(runner, tmp_path, text, lang=lang)
    res = runner.invoke(app, ["new", "scenario", "from-real", "--from-record", record_id[:15]])
    assert res.exit_code == 0, res.output
    path = home / "playbooks" / lang / "scenarios" / "from-real.yaml"
    draft = path.read_text(encoding="utf-8")
    assert "601 234 567" not in draft and "anna@example.com" not in draft
    data = load(draft)
    assert data["lang"] == lang and data["playbook"] == "aesthetic-clinic"
    assert [n["stage"] for n in data["nodes"]][:3] == ["listen", "empathize", "solve"]
    opening = data["nodes"][0]
    assert opening["say"].startswith("The lips are uneven" if lang == "en" else "Po wypełniaczu")  # the concern, masked
    assert "[phone]" in opening["say"] or "[email]" in opening["say"]
    texts = {c["id"]: c for n in data["nodes"] for c in n["choices"]}
    assert "own" in texts and texts["own"]["text"] == load(text)["own_phrase"]
    assert {"best", "avoid"} <= set(texts)
    outcomes = {e["outcome"] for e in data["endings"]}
    assert ("partly_resolved" if lang == "en" else "resolved") in outcomes
    # validate: no problems
    res = runner.invoke(app, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    # the scenario test runner: every ending reachable, no shock, no loop, random playthroughs clean
    res = runner.invoke(app, ["scenarios", "test", str(path), "--seed", "7", "--random", "20"])
    assert res.exit_code == 0, res.output
    # rehearse runs it along the best path with no edits
    steps = runner.invoke(app, ["rehearse", "from-real", "--lang", lang, "--template"]).stdout
    answers = tmp_path / "steps.yaml"
    answers.write_text(steps, encoding="utf-8")
    res = runner.invoke(app, ["rehearse", "from-real", "--lang", lang, "--answers", str(answers), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    [record] = (tmp_path / "out").glob("*.json")
    assert json.loads(record.read_text())["complete"] is True


def test_the_own_words_are_judged_in_the_draft(runner, home, tmp_path):
    record_id = encounter(runner, tmp_path, EN)
    res = runner.invoke(app, ["new", "scenario", "from-real", "--from-record", record_id, "-o", "-"])
    data = load(res.stdout)
    own = next(c for n in data["nodes"] for c in n["choices"] if c["id"] == "own")
    assert "escalating" in own["feedback"] and own["score"] <= 1 and own["mood"] > 0
    used = next(c for n in data["nodes"] for c in n["choices"] if c["id"] == "used-1")
    assert used["text"].startswith("I can see how frustrating this is")  # the playbook phrase picked


def test_a_record_with_an_unmasked_identifier_is_refused_naming_the_field(runner, home, tmp_path):
    record_id = encounter(runner, tmp_path, EN, "--no-redact")
    res = runner.invoke(app, ["new", "scenario", "from-real", "--from-record", record_id])
    assert res.exit_code == 1
    assert "answers.concern" in res.stderr and "personal identifier" in res.stderr
    assert "601 234 567" not in res.stderr  # the message names the field, never the value
    assert not (home / "playbooks").exists()


def test_unknown_and_wrong_kind_records(runner, home, tmp_path):
    res = runner.invoke(app, ["new", "scenario", "x", "--from-record", "nope"])
    assert res.exit_code == 1 and "no record 'nope'" in res.stderr
    steps = runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout
    (tmp_path / "s.yaml").write_text(steps)
    runner.invoke(app, ["rehearse", "delayed-appointment", "--answers", str(tmp_path / "s.yaml")])
    [rec] = (home / "records").glob("*rehearsal*.json")
    res = runner.invoke(app, ["new", "scenario", "x", "--from-record", rec.stem])
    assert res.exit_code == 1 and "not an encounter record" in res.stderr

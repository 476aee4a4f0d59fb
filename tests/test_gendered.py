"""The persona's grammatical gender: `persona.gender` in the content, `gendered.pick` on
text written for both ("Pan/Pani"), and its use where a rehearsal or a drill shows the
playbook's phrases (hints, better phrasings, the debrief's "next time")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.gendered import pick, pick_shown
from empathy_cli.localtext import Cat, Text

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of()  # the built-in content only (parsed once a session), never the user's


# --------------------------------------------------------------------------- pick


@pytest.mark.parametrize(
    "text, m, f",
    [
        ("Czeka Pan/Pani długo.", "Czeka Pan długo.", "Czeka Pani długo."),
        ("to Pana/Panią niepokoi", "to Pana niepokoi", "to Panią niepokoi"),
        ("dla Pana/Pani", "dla Pana", "dla Pani"),
        ("przeszkadza Panu/Pani", "przeszkadza Panu", "przeszkadza Pani"),
        ("omówił z Panem/Panią", "omówił z Panem", "omówił z Panią"),
        ("jest Pan/Pani niezadowolony/a.", "jest Pan niezadowolony.", "jest Pani niezadowolona."),
        ("jest Pan/Pani zdenerwowany/a", "jest Pan zdenerwowany", "jest Pani zdenerwowana"),
        ("niż się Pan/Pani spodziewał/a.", "niż się Pan spodziewał.", "niż się Pani spodziewała."),
        ("zauważył/-a Pan/Pani", "zauważył Pan", "zauważyła Pani"),
        ("Pan/Pani zauważył/zauważyła", "Pan zauważył", "Pani zauważyła"),
        ("Pan/Pani powinien/powinna", "Pan powinien", "Pani powinna"),
        ("który/która jest Pan/Pani w kolejce", "który jest Pan w kolejce", "która jest Pani w kolejce"),
        ("Pan/Pani mógł/mogła", "Pan mógł", "Pani mogła"),
        ("zmęczony/zmęczona", "zmęczony", "zmęczona"),
        ("Pani/Pan", "Pan", "Pani"),  # the other order too
        ("pan/pani", "pan", "pani"),
    ],
)
def test_pick_chooses_the_form_of_a_known_gender(text, m, f):
    assert pick(text, "m") == m
    assert pick(text, "f") == f


@pytest.mark.parametrize("gender", [None, "", "x"])
def test_an_unknown_gender_leaves_the_text_as_written(gender):
    text = "Widzę, że jest Pan/Pani niezadowolony/a i to Pana/Panią niepokoi."
    assert pick(text, gender) == text


@pytest.mark.parametrize(
    "text",
    [
        "Proszę spokojnie opowiedzieć, mamy czas.",  # no slash at all
        "60 km/h",
        "and/or",
        "Mr/Ms Smith",
        "5 mg/ml",
        "tak/nie",
        "dziś/today",
        "Input/output",
        "a/b/c",
        "Pan/Pani/Państwo",  # a longer chain is not a pair
        "http://example.com/Pan/Pani",
        # forms of the speaker and of the trainee, not of the client
        "usunęłam/usunąłem",
        "powinnam/powinienem",
        "usłyszałeś/usłyszałaś",
        "co możesz załatwić sama/sam",
        "koordynatorką/koordynatorem",
        "Pan/Panie",  # two masculine forms: not a pair of genders
    ],
)
def test_text_that_is_no_gender_pair_is_untouched(text):
    assert pick(text, "f") == text
    assert pick(text, "m") == text


def test_pick_shown_changes_only_the_better_phrasing_of_a_message():
    value = Cat(Text("rehearse.instead", text="Widzę, że to Pana/Panią zdenerwowało."), Text("rehearse.heard_bad", kind="x", text="Pan/Pani"), "sama/sam")
    out = pick_shown(value, "f")
    assert out.parts[0] == Text("rehearse.instead", text="Widzę, że to Panią zdenerwowało.")
    assert out.parts[1] == value.parts[1]  # the trainee's own words are quoted as typed
    assert out.parts[2] == "sama/sam"
    assert pick_shown(value, None) is value


# --------------------------------------------------------------------------- content


def test_every_built_in_scenario_persona_has_a_gender(lib):
    scenarios = [e.content for e in lib.scenarios() if e.origin == "built-in"]
    assert len(scenarios) >= 16
    assert all(sc.persona.gender in ("f", "m") for sc in scenarios), [sc.id for sc in scenarios if sc.persona.gender not in ("f", "m")]
    by = {(sc.lang, sc.id): sc.persona.gender for sc in scenarios}
    assert by[("pl", "delayed-appointment")] == "f" and by[("pl", "emergency-waiting-relative")] == "m"
    assert by[("en", "emergency-waiting-relative")] == "f" and by[("en", "anxious-before-procedure")] == "m"


def _persona_gender(text: str, value: str) -> str:
    lines = text.split("\n")
    i = lines.index("  gender: f")
    lines[i] = f"  gender: {value}"
    return "\n".join(lines)


def test_validate_rejects_an_unknown_gender(runner, tmp_path):
    source = (ROOT / "playbooks/en/scenarios/delayed-appointment.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(_persona_gender(source, "x"), encoding="utf-8")
    res = runner.invoke(app, ["validate", str(bad)])
    assert res.exit_code == 1, res.output
    assert "persona.gender" in res.stdout and "'x'" in res.stdout
    res = runner.invoke(app, ["--lang", "pl", "validate", str(bad)])
    assert res.exit_code == 1 and "persona.gender" in res.stdout and "„x”" in res.stdout
    ok = tmp_path / "ok.yaml"
    ok.write_text(_persona_gender(source, "m"), encoding="utf-8")
    assert runner.invoke(app, ["validate", str(ok)]).exit_code == 0


def test_the_schema_lists_the_genders(runner):
    res = runner.invoke(app, ["schema", "scenario"])
    assert res.exit_code == 0, res.output
    assert '"enum": [\n' in res.stdout or '"enum": ["f", "m"]' in res.stdout
    schema = json.loads(res.stdout)
    gender = json.dumps(schema).split('"gender"', 1)[1][:300]
    assert '"f"' in gender and '"m"' in gender


# --------------------------------------------------------------------------- rehearsal


def test_rehearsal_hints_speak_to_a_female_persona(lib):
    from empathy_cli.coach.rehearsal import Rehearsal
    from empathy_cli.ui import localize

    sc = lib.require("scenario", "delayed-appointment", "pl").content
    pb = lib.get("playbook", sc.playbook, "pl").content
    q = Rehearsal(sc, pb, seed=1).question()
    raw = " ".join(map(str, q.hints))
    assert "Pana/Panią" in raw  # the playbook's phrases carry both forms
    shown = " ".join(localize.question(q).hints)
    assert "Panią" in shown and "Pana/Panią" not in shown and "Pan/Pani" not in shown


def test_hints_of_an_unknown_gender_keep_both_forms(lib):
    from dataclasses import replace

    from empathy_cli.coach.rehearsal import Rehearsal
    from empathy_cli.ui import localize

    sc = lib.require("scenario", "delayed-appointment", "pl").content
    pb = lib.get("playbook", sc.playbook, "pl").content
    q = replace(Rehearsal(sc, pb, seed=1).question(), gender=None)
    assert "Pana/Panią" in " ".join(localize.question(q).hints)


ANSWERS = "".join('- say: "Proszę się uspokoić, nic nie poradzę."\n' for _ in range(8))


def test_a_rehearsal_with_a_female_persona_says_pania_in_feedback_and_debrief(runner, tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    out = tmp_path / "records"
    res = runner.invoke(app, ["rehearse", "delayed-appointment", "--lang", "pl", "--answers", str(answers), "--out", str(out), "--seed", "1"])
    assert res.exit_code == 0, res.output
    screen = res.stdout
    # the better phrasing offered for "proszę się uspokoić", during the run and in the debrief
    assert screen.count("Zamiast tego: „Widzę, że to Panią zdenerwowało.") >= 2
    assert "Następnym razem" in screen
    next_time = screen.split("Następnym razem", 1)[1]
    assert "Czeka Pani dziś naprawdę długo" in next_time  # a playbook phrase, in her form
    assert "Pana/Panią" not in screen and "Pan/Pani" not in screen and "Pana/Pani" not in screen
    record = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert record["persona"]["gender"] == "f"
    assert any("Pan/Pani" in p for p in record["next_time"]["phrases"])  # the data keeps the content's words
    md = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "Widzę, że to Panią zdenerwowało." in md and "Czeka Pani dziś naprawdę długo" in md
    assert "Pana/Panią" not in md and "Pan/Pani" not in md


def test_a_record_without_a_gender_shows_both_forms():
    from empathy_cli.records.rehearsal_md import feedback_lines, next_time_phrases

    record = {"persona": {"name": "X"}, "next_time": {"stage": "listen", "phrases": ["Czeka Pan/Pani długo."]}}
    assert next_time_phrases(record) == ["Czeka Pan/Pani długo."]
    assert next_time_phrases({**record, "persona": {"name": "X", "gender": "m"}}) == ["Czeka Pan długo."]
    turn = {"feedback": [{"key": "rehearse.instead", "params": {"text": "dla Pana/Pani"}}]}
    assert "dla Pana/Pani" in feedback_lines(turn, "pl")[0]
    assert "dla Pani”" in feedback_lines(turn, "pl", "f")[0]


# --------------------------------------------------------------------------- drill


def test_a_drill_card_from_a_scenario_offers_better_words_in_the_personas_form(lib, monkeypatch):
    from empathy_cli import i18n
    from empathy_cli.app import drill as usecase
    from empathy_cli.coach import drill as engine
    from empathy_cli.ui.drill_view import DrillView

    deck = usecase.deck(lib, engine.Focus(lang="pl"))
    card = next(c for c in deck if c.id == "reply:pl:delayed-appointment:counter")
    assert card.gender == "f"
    grade = engine.grade_typed(card, "Proszę się uspokoić.", usecase.judges(lib)(card))
    assert any("Pana/Panią" in b for b in grade.better)  # the playbook's phrasing carries both
    shown = []
    monkeypatch.setattr(DrillView, "_show", lambda self, message: shown.append(message))
    i18n.set_lang("pl")
    DrillView(None, interactive=False, now=lambda: datetime(2026, 11, 23)).graded(card, grade, None)
    text = "\n".join(str(x) for m in shown for x in m.lines)
    assert "Widzę, że to Panią zdenerwowało" in text and "Pana/Panią" not in text

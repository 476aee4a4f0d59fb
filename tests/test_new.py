"""`empathy new scenario|playbook`: commented skeletons that validate as written."""

from __future__ import annotations

import dataclasses
import json
import re
import stat
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.coach import skeleton
from empathy_cli.content.loader import load_file
from empathy_cli.content.models import (
    Avoid,
    Choice,
    Ending,
    EscalationLevel,
    Node,
    Persona,
    Phrase,
    Playbook,
    RecordField,
    Rule,
    Scenario,
    Signal,
    SolutionOption,
    Source,
    Stage,
    TagInfo,
    WarningSign,
)

DATA = Path(__file__).parent / "data" / "trainer"


def validate(runner, *paths: Path) -> dict:
    result = runner.invoke(app, ["validate", "--json", *map(str, paths)])
    report = json.loads(result.stdout)
    assert result.exit_code == 0, report
    return report


def field_names(*classes) -> set[str]:
    return {f.name for cls in classes for f in dataclasses.fields(cls)}


def commented(text: str) -> str:
    """Only the comments of a YAML file."""
    return "\n".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_new_scenario_default_path_validates_cleanly(runner, home, lang):
    result = runner.invoke(app, ["new", "scenario", "late-arrival", "--lang", lang])
    assert result.exit_code == 0, result.output
    path = home / "playbooks" / lang / "scenarios" / "late-arrival.yaml"
    assert path.is_file() and str(path) in result.stdout
    assert f"empathy validate {path}" in result.stdout
    report = validate(runner, path)  # a built-in playbook exists in both languages
    assert report["errors"] == 0 and report["warnings"] == 0 and report["files"] == 1
    loaded = load_file(path)
    sc = loaded.content
    playbooks = json.loads(runner.invoke(app, ["playbooks", "list", "--json", "--lang", lang]).stdout)
    assert sc.id == "late-arrival" and sc.lang == lang
    assert sc.playbook == sorted(p["id"] for p in playbooks)[0]  # the first playbook in its language
    assert {n.stage for n in sc.nodes} == {"listen", "empathize", "solve", "escalate", "document"}
    assert sc.rules and any(c.when for n in sc.nodes for c in n.choices)
    assert stat.S_IMODE(path.stat().st_mode) & 0o044  # content is shareable, unlike records
    # It is on the search path at once: list, show and graph find it.
    rows = json.loads(runner.invoke(app, ["scenarios", "list", "--json", "--lang", lang]).stdout)
    assert any(r["id"] == "late-arrival" and r["origin"] == "user" for r in rows)
    assert runner.invoke(app, ["scenarios", "graph", "late-arrival", "--lang", lang]).exit_code == 0


def test_scenario_comments_explain_every_field():
    text = skeleton.scenario("x", "en", "aesthetic-clinic", "x.yaml")
    comments = commented(text)
    for name in field_names(Scenario, Persona, Node, Choice, Rule, Ending):
        # Every field is either used in the file or named in a comment.
        assert re.search(rf"^\s*-?\s*{name}:", text, re.M) or name in comments, name
    for name in ("mood_at_least", "mood_at_most"):
        assert name in comments
    for value in ("resolved", "partly_resolved", "escalated", "walked_out", "safety", "unresolved"):
        assert value in comments  # the outcomes are listed where they are used
    assert sum(1 for line in text.splitlines() if "#" in line) >= 30


def test_polish_skeletons_are_commented_in_polish():
    text = skeleton.scenario("x", "pl", "aesthetic-clinic", "x.yaml")
    comments = commented(text)
    assert "opcjonalnie" in comments and "nastrój" in comments and "optional" not in comments
    assert "Siedzę tu już czterdzieści minut" in text  # the example content is Polish too
    pb = commented(skeleton.playbook("x", "pl", "x.yaml"))
    assert "Pięć etapów" in pb and "optional" not in pb.lower()


def test_skeleton_for_a_language_the_interface_does_not_speak_is_english():
    text = skeleton.scenario("x", "de", "aesthetic-clinic", "x.yaml")
    assert 'lang: "de"' in text and "optional" in commented(text)


def test_new_playbook_then_a_scenario_using_it(runner, home):
    result = runner.invoke(app, ["new", "playbook", "dental-desk"])
    assert result.exit_code == 0, result.output
    pb_path = home / "playbooks" / "en" / "dental-desk.yaml"
    result = runner.invoke(app, ["new", "scenario", "toothache", "--playbook", "dental-desk"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    sc_path = home / "playbooks" / "en" / "scenarios" / "toothache.yaml"
    report = validate(runner, pb_path, sc_path)
    assert report["errors"] == 0 and report["warnings"] == 0
    pb = load_file(pb_path).content
    assert [s.id for s in pb.stages] == ["listen", "empathize", "solve", "escalate", "document"]
    assert load_file(sc_path).content.playbook == "dental-desk"
    rows = json.loads(runner.invoke(app, ["playbooks", "list", "--json"]).stdout)
    assert any(r["id"] == "dental-desk" and r["origin"] == "user" for r in rows)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_playbook_skeleton_validates_and_explains_its_fields(runner, tmp_path, lang):
    path = tmp_path / f"pb-{lang}.yaml"
    result = runner.invoke(app, ["new", "playbook", "team", "--lang", lang, "--output", str(path)])
    assert result.exit_code == 0, result.output
    report = validate(runner, path)
    assert report["errors"] == 0 and report["warnings"] == 0
    text = path.read_text(encoding="utf-8")
    comments = commented(text)
    classes = (Playbook, Source, Stage, Phrase, Avoid, SolutionOption, EscalationLevel, WarningSign, RecordField, Signal, TagInfo)
    for name in field_names(*classes) - {"choices"}:  # choice lists are for choice fields only
        assert re.search(rf"^\s*-?\s*{name}:", text, re.M) or name in comments, name
    pb = load_file(path).content
    assert pb.signals and pb.escalation and pb.record_fields and pb.solutions


def test_refuses_to_overwrite(runner, home):
    assert runner.invoke(app, ["new", "scenario", "late-arrival"]).exit_code == 0
    path = home / "playbooks" / "en" / "scenarios" / "late-arrival.yaml"
    path.write_text("# my work\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "scenario", "late-arrival"])
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "Traceback" not in result.output
    assert path.read_text(encoding="utf-8") == "# my work\n"
    result = runner.invoke(app, ["new", "playbook", "x", "--output", str(path)])
    assert result.exit_code == 1 and path.read_text(encoding="utf-8") == "# my work\n"


def test_output_folder_gets_a_file_named_after_the_id(runner, tmp_path):
    result = runner.invoke(app, ["new", "scenario", "late-arrival", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "late-arrival.yaml").is_file()


def test_output_dash_prints_the_skeleton(runner, home):
    result = runner.invoke(app, ["new", "scenario", "late-arrival", "--output", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# A rehearsal scenario") and 'id: "late-arrival"' in result.stdout
    assert not (home / "playbooks").exists()


@pytest.mark.parametrize("bad", ["Late", "_x", "a b", "x.yaml", "ą"])
def test_bad_ids_are_usage_errors(runner, home, bad):
    result = runner.invoke(app, ["new", "scenario", bad])
    assert result.exit_code == 2 and "not a valid id" in result.stderr
    assert not (home / "playbooks").exists()


def test_bad_language_and_unknown_playbook(runner, home):
    result = runner.invoke(app, ["new", "scenario", "x", "--lang", "english"])
    assert result.exit_code == 2 and "not a language code" in result.stderr
    result = runner.invoke(app, ["new", "scenario", "x", "--playbook", "no-such-playbook"])
    assert result.exit_code == 0
    assert "no playbook 'no-such-playbook'" in result.stderr  # written, with a warning


def test_new_id_that_overrides_an_existing_scenario_warns(runner, home):
    result = runner.invoke(app, ["--playbooks", str(DATA / "content"), "new", "scenario", "waiting-room"])
    assert result.exit_code == 0
    assert "already exists in" in result.stderr and "waiting-room-en.yaml" in result.stderr


def test_polish_interface_messages(runner, home):
    result = runner.invoke(app, ["new", "scenario", "spoznienie", "--lang", "pl"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Zapisano ")
    result = runner.invoke(app, ["new", "scenario", "spoznienie", "--lang", "pl"])
    assert result.exit_code == 1 and "już istnieje" in result.stderr


def test_yaml_sensitive_ids_stay_strings(runner, tmp_path):
    # Unquoted, `no` would load as false and `123` as a number.
    for content_id in ("no", "123", "null"):
        path = tmp_path / f"{content_id}.yaml"
        result = runner.invoke(app, ["new", "scenario", content_id, "-o", str(path)])
        assert result.exit_code == 0, result.output
        assert validate(runner, path)["errors"] == 0
        assert load_file(path).content.id == content_id


def test_skeletons_are_package_templates_with_only_their_placeholders():
    """One template per kind and language, in the package; `string.Template` placeholders
    only (a stray ``$`` or an unknown name would make `substitute` fail for users)."""
    import string

    from empathy_cli.coach import skeleton

    expected = {"scenario": {"id", "lang", "playbook", "path"}, "playbook": {"id", "lang", "path"}}
    for kind, names in expected.items():
        for lang in ("en", "pl"):
            text = skeleton.template(kind, lang)
            found = {m.group("named") or m.group("braced") for m in string.Template.pattern.finditer(text) if not m.group("escaped")}
            assert found == names, (kind, lang)
        assert skeleton.template(kind, "de") == skeleton.template(kind, "en")  # no German skeleton: English
    assert skeleton.template("scenario", "pl") != skeleton.template("scenario", "en")

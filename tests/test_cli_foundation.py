"""The CLI shell: version, help, playbooks list/show, validate, schema, errors, safety of text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from empathy_cli import __version__
from empathy_cli.cli.app import app

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal_playbook.yaml").read_text()


def test_version_and_help(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"empathy-cli {__version__}"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "schema", "playbooks"):
        assert command in result.output


def test_python_dash_m_runs_from_any_folder(tmp_path):
    out = subprocess.run([sys.executable, "-m", "empathy_cli", "--version"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0 and __version__ in out.stdout


def test_playbooks_list_json_has_builtins_in_both_languages(runner):
    result = runner.invoke(app, ["playbooks", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"id", "lang", "title", "path"} <= set(rows[0])
    pairs = {(r["id"], r["lang"]) for r in rows}
    for pid in ("aesthetic-clinic", "patient-care"):
        assert (pid, "en") in pairs and (pid, "pl") in pairs
    assert all(r["origin"] == "built-in" for r in rows)
    only_pl = json.loads(runner.invoke(app, ["playbooks", "list", "--json", "--lang", "pl"]).stdout)
    assert {r["lang"] for r in only_pl} == {"pl"}


@pytest.mark.parametrize("args", [["--lang", "pl", "playbooks", "show", "aesthetic-clinic"], ["playbooks", "show", "aesthetic-clinic", "--lang", "pl"]])
def test_show_in_polish_either_way(runner, args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Cel:" in result.output  # the interface speaks Polish too
    assert "\x1b[" not in result.output  # piped: no escape codes


def test_show_unknown_playbook_is_a_clean_error(runner):
    result = runner.invoke(app, ["playbooks", "show", "nope"])
    assert result.exit_code == 1
    assert "nope" in result.stderr and "aesthetic-clinic (en, pl)" in result.stderr
    assert "Traceback" not in result.output


def test_user_playbook_overrides_and_is_listed(runner, home):
    (home / "playbooks").mkdir()
    (home / "playbooks" / "m.yaml").write_text(MINIMAL)
    rows = json.loads(runner.invoke(app, ["playbooks", "list", "--json"]).stdout)
    mine = [r for r in rows if r["id"] == "minimal"]
    assert mine and mine[0]["origin"] == "user"


def test_validate_builtin_content_is_clean(runner):
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.stderr


def test_validate_reports_file_line_column_field(runner, write):
    bad = write("bad.yaml", MINIMAL.replace('      - text: "I can see this is frustrating."\n', "      - text:\n"))
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    line = result.stdout.strip().splitlines()[0]
    assert line.startswith(f"{bad}:")
    file_line = int(line.split(":")[1])
    assert "text:" in bad.read_text().splitlines()[file_line - 1]
    assert "stages[1].phrases[0].text: must be text, not nothing [E101]" in line
    assert "1 problem in 1 of 1 file." in result.stderr


@pytest.mark.parametrize(
    "content, words",
    [
        ("kind: playbook\nid: [\n", "YAML syntax error"),
        ("", "file is empty"),
        ("kind: recipe\n", "unknown kind"),
        ("kind: playbook\nid: !!python/object:os.system x\n", "not allowed"),
        ("a: 1\na: 2\n", "duplicate key"),
    ],
)
def test_validate_refuses_cleanly(runner, write, content, words):
    f = write("x.yaml", content)
    result = runner.invoke(app, ["validate", str(f)])
    assert result.exit_code == 1
    assert words in result.stdout and str(f) in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_json_and_missing_reference(runner, write):
    scenario = """kind: scenario
id: s
lang: en
title: S
playbook: no-such-playbook
persona: {name: A}
start: a
nodes:
  - {id: a, stage: listen, say: Hi, choices: [{id: x, text: Hello, next: end}]}
endings:
  - {id: end, outcome: resolved, text: Done}
"""
    f = write("s.yaml", scenario)
    result = runner.invoke(app, ["validate", "--json", str(f)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    (problem,) = data["problems"]
    assert problem["code"] == "E401" and problem["line"] == 5 and problem["path"] == "playbook"


def test_validate_missing_path(runner, tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "nope.yaml" in result.stderr  # a wrong argument: usage


def test_missing_playbooks_folder_option(runner, tmp_path):
    result = runner.invoke(app, ["--playbooks", str(tmp_path / "nope"), "playbooks", "list"])
    assert result.exit_code == 2 and "nope" in result.stderr


def test_schema_comes_from_the_models_and_agrees_with_the_loader(runner):
    result = runner.invoke(app, ["schema", "playbook"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["kind", "id", "lang", "title", "stages"]
    assert schema["additionalProperties"] is False
    stage = schema["$defs"]["Stage"]
    assert stage["properties"]["id"]["enum"] == ["listen", "empathize", "solve", "escalate", "document"]
    assert runner.invoke(app, ["schema", "scenario"]).exit_code == 0
    assert runner.invoke(app, ["schema", "poem"]).exit_code == 2
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: the same documents, faster
    validators = {}  # kind -> a validator of the schema `empathy schema KIND` prints (the schema checked once)
    for path in sorted((Path(__file__).parent.parent / "playbooks").rglob("*.yaml")):
        doc = yaml.load(path.read_text(), Loader=loader)
        if doc["kind"] not in validators:
            kind_schema = json.loads(runner.invoke(app, ["schema", doc["kind"]]).stdout)
            cls = jsonschema.validators.validator_for(kind_schema)
            cls.check_schema(kind_schema)
            validators[doc["kind"]] = cls(kind_schema)
        validators[doc["kind"]].validate(doc)
    assert set(validators) == {"playbook", "scenario"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"kind": "playbook", "id": "x", "lang": "en", "title": "t", "stages": [], "extra": 1}, schema)


def test_content_text_is_printed_literally(runner, home):
    evil = MINIMAL.replace("title: Minimal test playbook", 'title: "[bold red]Loud[/bold red] \\e[2J"')
    (home / "playbooks").mkdir()
    (home / "playbooks" / "evil.yaml").write_text(evil)
    result = runner.invoke(app, ["playbooks", "show", "minimal"], env={"EMPATHY_COLOR": "always"})
    assert result.exit_code == 0, result.output
    assert "[bold red]Loud[/bold red]" in result.output
    assert "\\x1b[2J" in result.output and "\x1b[2J" not in result.output


def test_piped_tables_have_no_trailing_blanks_and_are_not_cut(runner):
    result = runner.invoke(app, ["playbooks", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and all(line == line.rstrip() for line in lines)
    assert any("Zaniepokojony lub zdenerwowany pacjent w placówce medycznej" in line for line in lines)


def test_commands_are_imported_only_when_used():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from empathy_cli.cli.app import app\n"
        "r = CliRunner().invoke(app, ['playbooks', 'list', '--json'])\n"
        "assert r.exit_code == 0, r.output\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('empathy_cli.cli.'))\n"
        "print(' '.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = set(out.stdout.split())
    assert "empathy_cli.cli.playbooks" in loaded
    assert not loaded & {"empathy_cli.cli.encounter", "empathy_cli.cli.rehearse", "empathy_cli.cli.report", "empathy_cli.cli.phrases"}


def test_help_lists_every_command_and_typos_get_suggestions(runner):
    result = runner.invoke(app, ["--help"])
    for name in ("encounter", "rehearse", "phrases", "check", "playbooks", "scenarios", "new", "validate", "schema", "log", "report"):
        assert name in result.output
    result = runner.invoke(app, ["frases"])
    assert result.exit_code == 2 and "phrases" in result.output


def test_answers_can_come_from_standard_input(runner, home):
    template = runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout
    result = runner.invoke(app, ["rehearse", "delayed-appointment", "--answers", "-", "--out", str(home / "r")], input=template)
    assert result.exit_code == 0, result.output
    assert len(list((home / "r").glob("*.json"))) == 1
    result = runner.invoke(app, ["encounter", "aesthetic-clinic", "--answers", "-"], input="concern: [unclosed\n")
    assert result.exit_code == 1 and "<stdin>" not in result.stderr and "-:" in result.stderr
    result = runner.invoke(app, ["encounter", "aesthetic-clinic", "--answers", str(home / "none.yaml")])
    assert result.exit_code == 2 and "none.yaml" in result.stderr


@pytest.mark.parametrize("command", [["encounter", "aesthetic-clinic"], ["rehearse", "delayed-appointment"]])
def test_unusable_records_folder_is_reported_before_any_question(runner, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    answers = tmp_path / "answers.yaml"
    answers.write_text(runner.invoke(app, [*command, "--template"]).stdout)
    result = runner.invoke(app, [*command, "--answers", str(answers), "--out", str(blocker / "sub")])
    assert result.exit_code == 1
    assert f"cannot keep records in {blocker / 'sub'}" in result.stderr
    assert "internal error" not in result.stderr
    assert result.stdout == ""  # nothing was walked through before the refusal


@pytest.mark.parametrize("args", [["playbooks", "show", "aesthetic-clinic"], ["scenarios", "show", "delayed-appointment"]])
def test_a_reader_that_leaves_early_is_not_an_error(args):
    import fcntl
    import os

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, getattr(fcntl, "F_SETPIPE_SZ", 1031), 4096)  # small, so writing blocks
    proc = subprocess.Popen([sys.executable, "-m", "empathy_cli", *args], stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.read(200)  # like `| head -c 200`
    assert proc.wait(timeout=30) == 0
    assert proc.stderr.read() == b""


def test_stage_may_be_given_by_its_shown_name(runner):
    by_id = runner.invoke(app, ["phrases", "--stage", "solve", "--lang", "pl", "--json"])
    by_name = runner.invoke(app, ["phrases", "--stage", "Zaproponuj rozwiązanie", "--lang", "pl", "--json"])
    assert by_id.exit_code == by_name.exit_code == 0
    assert json.loads(by_id.stdout) == json.loads(by_name.stdout) != []

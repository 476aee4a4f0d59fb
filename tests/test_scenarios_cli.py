"""`empathy scenarios list|show|graph`, run as a trainer would, on fixture scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empathy_cli.cli.app import app

DATA = Path(__file__).parent / "data" / "trainer"
CONTENT = DATA / "content"
TRICKY = DATA / "tricky"


def run(runner, *args: str, dirs=(CONTENT,)):
    options = [part for d in dirs for part in ("--playbooks", str(d))]
    return runner.invoke(app, [*options, *args])


def test_list_json_has_the_fields_and_every_language(runner):
    result = run(runner, "scenarios", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    mine = {(r["id"], r["lang"]): r for r in rows if r["id"] == "waiting-room"}
    assert set(mine) == {("waiting-room", "en"), ("waiting-room", "pl")}
    en = mine[("waiting-room", "en")]
    assert {"id", "lang", "title", "playbook", "path"} <= set(en)
    assert en["title"] == "An hour in the waiting room" and en["playbook"] == "trainer-pb"
    assert Path(en["path"]) == CONTENT / "scenarios" / "waiting-room-en.yaml"
    assert en["origin"] == "option" and en["nodes"] == 6 and en["endings"] == 4


def test_list_lang_filters_and_table_is_plain(runner):
    rows = json.loads(run(runner, "scenarios", "list", "--json", "--lang", "pl").stdout)
    assert rows and {r["lang"] for r in rows} == {"pl"}
    assert "Godzina w poczekalni" in {r["title"] for r in rows}
    result = run(runner, "scenarios", "list")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert header == ["id", "lang", "title", "playbook", "path"]
    line = next(x for x in result.stdout.splitlines() if x.startswith("waiting-room") and " pl " in x)
    assert "Godzina w poczekalni" in line and "trainer-pb" in line and "\x1b[" not in result.stdout


def test_list_in_a_language_with_no_scenarios(runner):
    result = run(runner, "scenarios", "list", "--lang", "de")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No scenarios found in language 'de'" in result.stderr
    assert json.loads(run(runner, "scenarios", "list", "--lang", "de", "--json").stdout) == []


def test_show_reads_like_the_file(runner):
    result = run(runner, "scenarios", "show", "waiting-room")
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Persona, with the starting mood.
    assert "Ann Baker — client" in out and "Her 10:00 appointment has not started at 11:00." in out
    assert "Starting mood: ######.... 6/10" in out
    # Nodes in file order, each with the client's line.
    positions = [out.index(f"{n}. {node} · ") for n, node in enumerate(["open", "feel", "offer", "note", "angry", "unsafe"], 1)]
    assert positions == sorted(positions)
    assert "1. open · Listen ◀ start" in out
    assert "(She stands at the desk with her coat on.)" in out
    assert "Ann Baker: “I've been sitting here for an hour. Is anyone going to see me today?”" in out
    # Choices: mood change, score, next (an ending says so), condition, feedback.
    assert "a) ask: “An hour is a long time. What have you been told so far?”" in out
    assert "mood -1 · score 9/10 · → feel" in out
    assert "mood +2 · score 1/10 · → angry" in out
    assert "mood 0 · score 6/10 · → ending partly (partly resolved) · only if mood ≤ 8" in out
    assert "mood -1 · score 10/10 · → ending resolved (resolved)" in out
    assert "An open question." in out
    # Rules and endings with outcomes.
    assert "mood ≥ 9 → unsafe (once)" in out
    assert "resolved [resolved]: She is seen at 11:15." in out and "Lesson: Listening first worked." in out
    assert "safe [safety response]: Security arrives; everyone is safe." in out
    assert "\x1b[" not in out


def test_show_in_polish(runner):
    result = run(runner, "--lang", "pl", "scenarios", "show", "waiting-room")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Godzina w poczekalni" in out and "Rozmówca" in out
    assert "Anna Kowalska: „Siedzę tu od godziny. Czy ktoś mnie dziś przyjmie?”" in out
    assert "nastrój -1 · punkty 9/10 · → offer" in out
    assert "→ zakończenie walked (klient wyszedł)" in out
    assert "1. open · Wysłuchaj ◀ początek" in out


def test_show_prints_content_literally(runner):
    result = run(runner, "scenarios", "show", "tricky", dirs=(CONTENT, TRICKY))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "([bold red]shouting[/] \\x1b]0;title\\x07)" in out
    assert 'Mr "X" [red]Y[/red]' in out and "He says: \\x1b[2J clear screen" in out
    assert "line one\n    line two" in out or "line one\n  line two" in out  # continuation stays indented


def test_show_json(runner):
    data = json.loads(run(runner, "scenarios", "show", "waiting-room", "--json").stdout)
    assert data["id"] == "waiting-room" and data["persona"]["name"] == "Ann Baker"
    assert [n["id"] for n in data["nodes"]] == ["open", "feel", "offer", "note", "angry", "unsafe"]
    assert data["path"].endswith("waiting-room-en.yaml")


def test_show_unknown_is_a_clean_error(runner):
    result = run(runner, "scenarios", "show", "nope")
    assert result.exit_code == 1
    assert "nope" in result.stderr and "waiting-room (en, pl)" in result.stderr
    assert "Traceback" not in result.output


def test_show_falls_back_to_the_only_language_there_is(runner, write):
    text = (CONTENT / "scenarios" / "waiting-room-pl.yaml").read_text(encoding="utf-8")
    folder = write("only/s.yaml", text.replace("id: waiting-room", "id: tylko-po-polsku")).parent
    result = run(runner, "scenarios", "show", "tylko-po-polsku", dirs=(CONTENT, folder))
    assert result.exit_code == 0, result.output
    assert "Godzina w poczekalni" in result.stdout
    assert "showing the 'pl' version" in result.stderr
    # Asking for a language explicitly never falls back.
    result = run(runner, "scenarios", "show", "tylko-po-polsku", "--lang", "en", dirs=(CONTENT, folder))
    assert result.exit_code == 1 and "tylko-po-polsku (pl)" in result.stderr


def test_graph_mermaid_by_default_and_dot_on_request(runner):
    result = run(runner, "scenarios", "graph", "waiting-room")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "flowchart TD"
    assert result.stdout.count(" -->|") == 12 and result.stdout.count(" -.->|") == 1
    result = run(runner, "scenarios", "graph", "waiting-room", "--format", "dot", "--lang", "pl")
    assert result.exit_code == 0, result.output
    assert 'digraph "waiting-room" {' in result.stdout and '"open" -> "offer"' in result.stdout
    assert 'label="Godzina w poczekalni"' in result.stdout


def test_graph_bad_format_and_unknown_scenario(runner):
    result = run(runner, "scenarios", "graph", "waiting-room", "--format", "svg")
    assert result.exit_code == 2 and "mermaid or dot" in result.stderr
    result = run(runner, "scenarios", "graph", "nope")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_graph_output_file(runner, tmp_path):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "flow.dot"
    result = run(runner, "scenarios", "graph", "waiting-room", "-f", "dot", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and str(target) in result.stderr
    assert target.read_text(encoding="utf-8").startswith("// waiting-room (en)")


@pytest.mark.parametrize("command", [["list"], ["show", "--help"], ["graph", "--help"]])
def test_help_and_list_run_without_content_errors(runner, command):
    result = run(runner, "scenarios", *command)
    assert result.exit_code == 0, result.output

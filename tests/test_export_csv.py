"""`empathy log export --format csv`: one table per record kind, fixed documented columns,
headers in the chosen language, no JSON in any cell; a file that cannot be written is an
error, before anything is read. `-o` is `--output FILE` everywhere, `--out DIR` a folder."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from empathy_cli.records.sheets import ENCOUNTER_COLUMNS, REHEARSAL_COLUMNS, headers
from empathy_cli.records.store import RecordStore

DATA = Path(__file__).parent / "data" / "encounter"


def cli(runner, *args):
    from empathy_cli.cli.app import app

    return runner.invoke(app, ["--playbooks", str(DATA), *args])


@pytest.fixture
def saved(runner, home, write):
    answers = write(
        "a.yaml",
        'concern: She said "it hurts"\nwants: a refund\nemotions: [frustration]\noptions_offered: [refund, review]\n'
        "option_accepted: refund\nwarning_signs: [threatens-harm]\nlocation: desk\noutcome: partly_resolved\n"
        "date: 30.11.2026\ntime: '14.30'\n",
    )
    res = cli(runner, "encounter", "test-clinic", "--answers", str(answers))
    assert res.exit_code == 0, res.output
    store = RecordStore(home / "records")
    store.save(
        {
            "kind": "rehearsal",
            "scenario": "parcel-late",
            "playbook": "desk",
            "lang": "pl",
            "started_at": "2026-01-02T10:00:00+01:00",
            "complete": True,
            "outcome": "resolved",
            "score": 82,
            "stages": {"listen": 90, "solve": 70},
            "mood_start": 6,
            "mood_end": 2,
            "transcript": [{"say": "a"}, {"say": "b"}],
            "undos": 1,
            "hints": 2,
            "exam": True,
        },
        "# r\n",
    )
    return store


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_encounter_table_has_its_fixed_columns_and_no_json(runner, saved):
    res = cli(runner, "log", "export", "--kind", "encounter")
    assert res.exit_code == 0, res.output
    table = rows(res.stdout)
    assert table[0] == headers("encounter", "en") and len(table[0]) == len(ENCOUNTER_COLUMNS)
    [row] = table[1:]
    cell = dict(zip(ENCOUNTER_COLUMNS, row))
    assert cell["date"] == "2026-11-30" and cell["time"] == "14:30"
    assert cell["options_offered"] == "refund; review" and cell["option_accepted"] == "refund"
    assert cell["outcome"] == "partly_resolved" and cell["warning_signs"] == "threatens-harm"
    assert cell["concern"] == 'She said "it hurts"'
    assert not any(c.lstrip().startswith(("{", "[")) for c in row)  # no JSON in any cell


def test_rehearsal_table_in_polish(runner, saved):
    res = cli(runner, "log", "export", "--kind", "rehearsal", "--lang", "pl")
    assert res.exit_code == 0, res.output
    table = rows(res.stdout)
    assert table[0][:3] == ["Zapis", "Początek", "Koniec"] and len(table[0]) == len(REHEARSAL_COLUMNS)
    cell = dict(zip(REHEARSAL_COLUMNS, table[1]))
    assert cell["score"] == "82" and cell["score_listen"] == "90" and cell["score_escalate"] == ""
    assert cell["replies"] == "2" and cell["mode"] == "exam" and cell["hints"] == "2"
    assert "transcript" not in "".join(table[0]).lower()


def test_columns_are_stable_whatever_the_records_hold(runner, saved, home):
    """A record with fields nobody knows does not add, move or rename a column."""
    first = rows(cli(runner, "log", "export", "--kind", "rehearsal").stdout)[0]
    saved.save({"kind": "rehearsal", "scenario": "x", "started_at": "2026-02-01T00:00:00", "brand_new": {"a": 1}}, "# x\n")
    again = rows(cli(runner, "log", "export", "--kind", "rehearsal").stdout)
    assert again[0] == first and len(again) == 3


def test_csv_without_a_kind_is_a_usage_error_in_both_languages(runner, saved):
    res = cli(runner, "log", "export", "--format", "csv")
    assert res.exit_code == 2 and "--kind encounter" in res.stderr
    res = cli(runner, "--lang", "pl", "log", "export")
    assert res.exit_code == 2 and "jedną tabelę na rodzaj zapisu" in res.stderr


def test_an_output_in_a_missing_folder_is_an_error(runner, saved, tmp_path):
    target = tmp_path / "missing-dir" / "x.csv"
    res = cli(runner, "log", "export", "--kind", "encounter", "--output", str(target))
    assert res.exit_code == 1 and "does not exist" in res.stderr
    assert not target.parent.exists()
    res = cli(runner, "log", "export", "--kind", "encounter", "-o", str(tmp_path / "x.csv"))  # -o is --output
    assert res.exit_code == 0 and (tmp_path / "x.csv").read_text(encoding="utf-8").startswith("Record,")
    assert "1 record written" in res.stderr


def test_a_missing_records_folder_is_an_error(runner, tmp_path):
    res = cli(runner, "log", "export", "--kind", "encounter", "--out", str(tmp_path / "nope"))
    assert res.exit_code == 2 and "no records folder" in res.stderr


@pytest.mark.parametrize("command", [["encounter"], ["rehearse"], ["progress"], ["log", "list"], ["log", "export"]])
def test_out_is_a_folder_and_has_no_short_form(runner, command):
    """`-o` means an output file wherever it exists; a records folder is always `--out DIR`."""
    res = cli(runner, *command, "--help")
    assert "--out" in res.stdout and "DIR" in res.stdout
    if command != ["log", "export"]:
        assert "-o," not in res.stdout and " -o " not in res.stdout


def test_graph_writes_with_output(runner, tmp_path):
    target = tmp_path / "g.mmd"
    res = runner.invoke(__import__("empathy_cli.cli.app", fromlist=["app"]).app, ["scenarios", "graph", "filler-uneven-result", "--output", str(target)])
    assert res.exit_code == 0 and target.read_text(encoding="utf-8").startswith(("flowchart", "graph", "%%"))


def test_graph_output_in_a_missing_folder_is_an_error(runner, tmp_path):
    from empathy_cli.cli.app import app

    res = runner.invoke(app, ["scenarios", "graph", "filler-uneven-result", "-o", str(tmp_path / "nope" / "g.mmd")])
    assert res.exit_code == 1 and "does not exist" in res.stderr and not (tmp_path / "nope").exists()


def test_the_readme_documents_every_column():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for column in (*ENCOUNTER_COLUMNS, *REHEARSAL_COLUMNS):
        assert f"`{column}`" in readme, column

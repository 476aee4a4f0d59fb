"""`empathy log list|show|export|path` over encounter and rehearsal records."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from empathy_cli.records.store import RecordStore

DATA = Path(__file__).parent / "data" / "encounter"


def cli(runner, *args):
    from empathy_cli.cli.app import app

    return runner.invoke(app, ["--playbooks", str(DATA), *args])


@pytest.fixture
def saved(runner, home, tmp_path):
    """One encounter saved through the command, one rehearsal record, one incomplete
    encounter, at different times."""
    import yaml

    answers = {
        "concern": '=HYPERLINK("http://x") she said; mail anna@example.com',
        "emotions": ["frustration"],
        "options_offered": ["review"],
        "option_accepted": "review",
        "location": "reception",
        "outcome": "resolved",
        "date": "2026-11-23",
        "time": "14:15",
    }
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 0, res.output
    store = RecordStore(home / "records")
    [enc] = store.list()
    store.save(
        {
            "version": 1,  # an early record: its score as {"total": n}
            "kind": "rehearsal",
            "scenario": "late-appointment",
            "lang": "en",
            "started_at": "2000-01-02T10:00:00+01:00",
            "finished_at": "2000-01-02T10:09:00+01:00",
            "complete": True,
            "outcome": "resolved",
            "score": {"total": 7},
        },
        "# Rehearsal\n",
    )
    store.save(
        {
            "kind": "encounter",
            "playbook": "test-clinic",
            "lang": "en",
            "started_at": "2000-01-01T09:00:00+01:00",
            "finished_at": "2000-01-01T09:01:00+01:00",
            "complete": False,
            "outcome": None,
            "answers": {"concern": "x"},
        },
        "# Old\n\nEscape \x1b[31mred\x1b[0m and [bold]markup[/bold]\n",
    )
    return store, enc


def test_list_json_newest_first_with_rehearsals(runner, saved):
    res = cli(runner, "log", "list", "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["kind"] for r in rows] == ["encounter", "rehearsal", "encounter"]
    assert rows[0]["playbook"] == "test-clinic" and rows[0]["outcome"] == "resolved"
    assert rows[1]["scenario"] == "late-appointment" and rows[1]["subject"] == "late-appointment"
    assert rows[2]["complete"] is False
    assert Path(rows[0]["path"]).suffix == ".md" and Path(rows[0]["path"]).exists()
    assert rows[0]["started_at"].startswith("2")


def test_list_plain_and_kind_filter(runner, saved):
    res = cli(runner, "log", "list")
    assert res.exit_code == 0
    assert "late-appointment" in res.stdout and "test-clinic" in res.stdout and "incomplete" in res.stdout
    res = cli(runner, "log", "list", "--kind", "rehearsal", "--json")
    assert [r["kind"] for r in json.loads(res.stdout)] == ["rehearsal"]
    assert cli(runner, "log", "list", "--kind", "nonsense").exit_code == 2


def test_list_empty(runner, home):
    res = cli(runner, "log", "list", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    res = cli(runner, "log", "list")
    assert res.exit_code == 0 and "No records yet" in res.stderr


def test_show_prints_the_markdown_literally(runner, saved):
    store, enc = saved
    res = cli(runner, "log", "show", enc.id)
    assert res.exit_code == 0
    assert res.stdout == enc.markdown_path.read_text(encoding="utf-8")
    assert "[email]" in res.stdout and "anna@example.com" not in res.stdout
    # by a unique prefix, and by file name
    old = next(r for r in store.list() if r.data.get("complete") is False)
    res = cli(runner, "log", "show", old.id + ".md")
    assert "[bold]markup[/bold]" in res.stdout  # markup shown, not interpreted
    assert "\x1b" not in res.stdout and "\\x1b[31mred" in res.stdout  # escapes made visible


def test_show_unknown_is_an_error(runner, saved):
    res = cli(runner, "log", "show", "nope")
    assert res.exit_code == 1 and "nope" in res.stderr


def test_export_csv_one_row_per_record_defused_for_spreadsheets(runner, saved):
    res = cli(runner, "log", "export", "--format", "csv", "--kind", "encounter")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == 2  # the rehearsal has a table of its own
    header = res.stdout.splitlines()[0].split(",")
    assert header[:5] == ["Record", "Started", "Finished", "Language", "Playbook"]
    enc = rows[0]
    assert enc["Emotions"] == "frustration"
    assert enc["Location"] == "reception" and enc["Complete"] == "true"
    assert enc["Concern"].startswith("'=HYPERLINK")  # never run as a formula
    res = cli(runner, "log", "export", "--format", "csv", "--kind", "rehearsal")
    [reh] = list(csv.DictReader(io.StringIO(res.stdout)))
    assert reh["Scenario"] == "late-appointment" and reh["Score"] == "7"


def test_export_json_to_a_private_file(runner, saved, tmp_path):
    (tmp_path / "export").mkdir()
    out = tmp_path / "export" / "all.json"
    res = cli(runner, "log", "export", "--format", "json", "--output", str(out))
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "3 records written" in res.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert len(rows) == 3 and rows[0]["answers.option_accepted"] == "review"
    assert all("." not in k or not isinstance(v, (dict, list)) for r in rows for k, v in r.items())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_export_bad_format(runner, saved):
    res = cli(runner, "log", "export", "--format", "xml")
    assert res.exit_code == 2 and "csv or json" in res.stderr


def test_path_and_out(runner, home, tmp_path):
    res = cli(runner, "log", "path")
    assert res.exit_code == 0 and res.stdout.strip() == str(home / "records")
    other = tmp_path / "other"
    RecordStore(other).save({"kind": "rehearsal", "scenario": "s", "started_at": "2026-01-01T00:00:00"}, "x")
    assert cli(runner, "log", "path", "--out", str(other)).stdout.strip() == str(other)
    rows = json.loads(cli(runner, "log", "list", "--json", "--out", str(other)).stdout)
    assert [r["scenario"] for r in rows] == ["s"]


def test_records_env_variable(environ, runner, tmp_path, monkeypatch):
    environ["EMPATHY_RECORDS"] = str(tmp_path / "env")
    assert cli(runner, "log", "path").stdout.strip() == str(tmp_path / "env")


def test_a_damaged_record_is_named_not_hidden(runner, tmp_path):
    from empathy_cli.cli.app import app
    from empathy_cli.records.store import RecordStore

    store = RecordStore(tmp_path / "recs")
    good = store.save({"kind": "encounter", "playbook": "p", "started_at": "2026-11-23T10:00:00+01:00"}, "# good\n")
    bad = store.save({"kind": "encounter", "playbook": "q", "started_at": "2026-11-23T11:00:00+01:00"}, "# still readable\n")
    bad.path.write_text("{broken")
    result = runner.invoke(app, ["log", "list", "--out", str(store.folder)])
    assert result.exit_code == 0
    assert good.id in result.stdout and bad.id not in result.stdout
    assert f"{bad.path} is damaged" in result.stderr
    result = runner.invoke(app, ["log", "show", bad.id, "--out", str(store.folder)])
    assert result.exit_code == 0 and "# still readable" in result.stdout and "damaged" in result.stderr

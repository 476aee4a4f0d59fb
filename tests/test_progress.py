"""`empathy progress`: aggregates checked against figures computed by hand on a fixture
folder (tests/data/progress: 4 rehearsal records, 3 encounter records, a drill state),
dates as people type them, charts plain when piped."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.dates import parse_day

DATA = Path(__file__).parent / "data" / "progress"
NOW = "2026-11-23T10:00:00+01:00"
ENV = {"EMPATHY_NOW": NOW, "EMPATHY_DRILL_STATE": str(DATA / "drill-state.json")}


def progress(runner, *args):
    return runner.invoke(app, ["progress", "--out", str(DATA / "records"), *args], env=ENV)


def test_json_matches_hand_computed_aggregates(runner):
    res = progress(runner, "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    r = data["rehearsals"]
    # finished rehearsals only (the 20-point one was not finished): 60, 80, 45 in time order
    assert r["count"] == 3 and r["scores"] == [60, 80, 45]
    assert r["average"] == 61.7  # 185 / 3
    assert r["by_stage"] == {
        "listen": {"average": 60.0, "count": 3},  # (50 + 90 + 40) / 3
        "empathize": {"average": 60.0, "count": 2},  # (70 + 50) / 2
        "solve": {"average": 70.0, "count": 1},
    }
    assert [(s["scenario"], s["lang"], s["count"], s["average"], s["best"], s["last"], s["scores"]) for s in r["by_scenario"]] == [
        ("delayed-appointment", "en", 2, 70.0, 80, 80, [60, 80]),
        ("delayed-appointment", "pl", 1, 45.0, 45, 45, [45]),
    ]
    d = data["drill"]
    assert d["cards_seen"] == 3
    assert d["due"] == 2  # due 22.11 and 20.11 are past at 23.11 09:00 UTC; 30.11 is not
    assert d["reviews"] == 6
    assert d["retention"] == 0.667  # reviews of cards seen before: again, good, hard → 2 of 3
    assert d["outcomes"] == {"again": 2, "hard": 1, "good": 3, "easy": 0}
    assert d["streak"] == 2  # 21 and 22 November; nothing yet today, nothing on the 20th
    days = {p["date"]: p["reviews"] for p in d["per_day"]}
    assert len(d["per_day"]) == 14 and d["per_day"][-1]["date"] == "2026-11-23"
    assert (days["2026-11-18"], days["2026-11-19"], days["2026-11-20"], days["2026-11-21"], days["2026-11-22"]) == (2, 1, 0, 1, 2)
    e = data["encounters"]
    assert e == {
        "count": 3,
        "complete": 2,
        "by_outcome": {"escalated": 1, "none": 1, "resolved": 1},
        "by_level": {"green": 1, "none": 1, "red": 1},
    }
    assert data["since"] is None and data["lang"] is None


@pytest.mark.parametrize("since", ["2026-11-10", "10.11.2026", "10.11", "10/11/2026", "13d"])
def test_since_and_language_filters(runner, since):
    data = json.loads(progress(runner, "--json", "--since", since, "--lang", "en").stdout)
    assert data["since"] == "2026-11-10" and data["lang"] == "en"
    r = data["rehearsals"]
    assert r["count"] == 1 and r["average"] == 80.0
    assert r["by_stage"] == {"listen": {"average": 90.0, "count": 1}, "solve": {"average": 70.0, "count": 1}}
    assert data["encounters"]["by_outcome"] == {"escalated": 1}  # the one of 5.11 is older
    d = data["drill"]
    assert d["cards_seen"] == 2 and d["due"] == 1
    assert d["reviews"] == 4 and d["retention"] == 0.5
    assert d["outcomes"] == {"again": 2, "hard": 0, "good": 2, "easy": 0}


def test_dates_as_people_type_them():
    def parse_since(text, today):
        return parse_day(text, today, direction="past")

    today = date(2026, 1, 5)
    assert parse_since("today", today) == today == parse_since("dziś", today) == parse_since("Dzisiaj", today)
    assert parse_since("yesterday", today) == date(2026, 1, 4) == parse_since("wczoraj", today)
    assert parse_since("30.11", today) == date(2025, 11, 30)  # the last 30 November, not a future one
    assert parse_since("3.01", today) == date(2026, 1, 3)
    assert parse_since("30.11.2026", today) == date(2026, 11, 30) == parse_since("2026-11-30", today)
    for bad in ("31.02", "soon", "2026-13-01", ""):
        with pytest.raises(ValueError):
            parse_since(bad, today)


def test_a_bad_date_is_a_usage_error(runner):
    res = progress(runner, "--since", "31.02")
    assert res.exit_code == 2 and "'31.02' is not a date" in res.stderr and "Traceback" not in res.output


def test_charts_are_plain_when_piped_and_in_polish(runner):
    res = progress(runner)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "\x1b[" not in out and "█" not in out and "▁" not in out
    assert "== Rehearsals ==" in out and "3 finished, average score 61.7" in out
    assert "trend: 60 80 45" in out
    listen = next(line for line in out.splitlines() if line.strip().startswith("Listen"))
    assert "############........" in listen and "60 (3×)" in listen  # 60% of a 20-wide bar
    assert "retention: 67%" in out and "2 due now" in out
    res = runner.invoke(app, ["--lang", "pl", "progress", "--out", str(DATA / "records")], env=ENV)
    assert "Próby rozmów" in res.stdout and "zapamiętywanie: 67%" in res.stdout and "rozwiązane" in res.stdout


def test_charts_on_a_terminal_use_bars_and_sparklines(environ, runner, monkeypatch):
    environ["EMPATHY_COLOR"] = "always"  # what --color always sets
    res = runner.invoke(app, ["progress", "--out", str(DATA / "records")], env=ENV)
    assert res.exit_code == 0, res.output
    assert "█" in res.stdout and any(ch in res.stdout for ch in "▁▂▃▄▅▆▇")


def test_empty_folders_say_what_to_do(runner, home):
    res = runner.invoke(app, ["progress", "--json"], env={"EMPATHY_NOW": NOW})
    data = json.loads(res.stdout)
    assert data["rehearsals"]["count"] == 0 and data["drill"]["reviews"] == 0 and data["drill"]["retention"] is None
    res = runner.invoke(app, ["progress"], env={"EMPATHY_NOW": NOW})
    assert "empathy rehearse" in res.stdout and "empathy drill" in res.stdout


def test_progress_does_not_import_fsrs():
    import subprocess
    import sys

    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom empathy_cli.cli.app import app\n"
        f"r = CliRunner().invoke(app, ['progress', '--out', {str(DATA / 'records')!r}])\n"
        "assert r.exit_code == 0, r.output\nprint('fsrs' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr

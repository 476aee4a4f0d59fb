"""`empathy report` and records.report: figures from hand-made rehearsal records.

The fixture folder tests/data/trainer/records holds seven rehearsal records (one of them
incomplete, one in a subfolder), an encounter record and a JSON list (not rehearsals:
skipped silently), a broken file (reported, skipped), a journal of an unfinished session in
the hidden .journal folder (never read) and a Markdown file. Every figure below was worked
out by hand from those files.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.records import report as core

RECORDS = Path(__file__).parent / "data" / "trainer" / "records"


def run(runner, *args: str):
    return runner.invoke(app, ["report", *args])


@pytest.fixture
def data(runner) -> dict:
    result = run(runner, str(RECORDS), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by(rows: list[dict], key: str) -> dict[str, dict]:
    return {row[key]: row for row in rows}


def test_totals_and_files(data):
    assert data["count"] == 7 and data["complete"] == 6 and data["incomplete"] == 1
    assert data["files"]["read"] == 10  # 7 rehearsals + encounter + list + broken
    assert data["files"]["not_records"] == 2
    assert [Path(p["path"]).name for p in data["files"]["problems"]] == ["broken.json"]
    assert data["files"]["problems"][0]["code"] == "json"
    assert "complete records only" in data["note"]


def test_per_scenario_figures(data):
    rows = by(data["scenarios"], "scenario")
    assert list(rows) == ["filler-uneven-result", "waiting-room"]
    w = rows["waiting-room"]
    assert (w["attempts"], w["complete"], w["incomplete"], w["trainees"]) == (5, 4, 1, 2)
    assert w["mean_score"] == 60.0  # (80 + 60 + 45 + 55) / 4: the incomplete 20 is left out
    assert w["best_score"] == 80
    assert w["stages"] == {"listen": 55.0, "empathize": 56.7, "solve": 80.0, "escalate": 65.0, "document": 80.0}
    assert w["escalating_signals"] == [
        {"kind": "minimizing", "count": 4},
        {"kind": "blame", "count": 1},
        {"kind": "dismissal", "count": 1},
        {"kind": "threat", "count": 1},
    ]
    assert w["outcomes"] == {"resolved": 1, "partly_resolved": 1, "escalated": 1, "walked_out": 1, "incomplete": 1}
    assert list(w["outcomes"]) == ["resolved", "partly_resolved", "escalated", "walked_out", "incomplete"]
    assert w["langs"] == ["en"] and w["title"] == "An hour in the waiting room"
    f = rows["filler-uneven-result"]
    assert (f["attempts"], f["complete"], f["mean_score"], f["best_score"]) == (2, 2, 80.5, 90)
    assert f["stages"] == {"listen": 85.5, "empathize": 80.0, "solve": 90.0, "document": 90.0}
    # No escalating_signals field: the escalating ones are taken from the transcript.
    assert f["escalating_signals"] == [{"kind": "threat", "count": 1}]
    assert f["outcomes"] == {"resolved": 1, "safety": 1}
    assert f["langs"] == ["en", "pl"]
    assert f["title"] == "Nierówny wypełniacz: poprawka od ręki albo zwrot pieniędzy"  # the only one recorded


def test_per_trainee_figures(data):
    rows = data["trainees"]
    # Names are grouped regardless of case and spacing; the usual spelling is shown;
    # the unnamed come last.
    assert [r["trainee"] for r in rows] == ["Anna Nowak", "Ben Cole", ""]
    anna, ben, nobody = rows
    assert (anna["attempts"], anna["complete"], anna["scenarios"]) == (3, 2, 1)
    assert (anna["mean_score"], anna["best_score"]) == (70.0, 80)
    assert anna["stages"] == {"listen": 70.0, "empathize": 65.0, "solve": 80.0, "escalate": 70.0, "document": 80.0}
    assert anna["escalating_signals"] == [{"kind": "minimizing", "count": 2}, {"kind": "blame", "count": 1}]
    assert anna["outcomes"] == {"resolved": 1, "partly_resolved": 1, "incomplete": 1}
    assert (ben["attempts"], ben["scenarios"], ben["mean_score"], ben["best_score"]) == (3, 2, 63.3, 90)
    assert ben["stages"] == {"listen": 60.0, "empathize": 60.0, "solve": 90.0, "escalate": 60.0, "document": 90.0}
    assert ben["outcomes"] == {"resolved": 1, "escalated": 1, "walked_out": 1}
    assert (nobody["attempts"], nobody["mean_score"], nobody["best_score"]) == (1, 71.0, 71)


def test_pairs_and_csv(runner, data):
    pairs = {(p["scenario"], p["trainee"]): p for p in data["pairs"]}
    assert set(pairs) == {("filler-uneven-result", "Ben Cole"), ("filler-uneven-result", ""), ("waiting-room", "Anna Nowak"), ("waiting-room", "Ben Cole")}
    assert pairs[("waiting-room", "Ben Cole")]["mean_score"] == 50.0
    result = run(runner, str(RECORDS), "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4  # one per scenario × trainee
    header = result.stdout.splitlines()[0].split(",")
    assert header[:7] == ["scenario", "trainee", "attempts", "complete", "incomplete", "mean_score", "best_score"]
    assert [h for h in header if h.startswith("stage_")] == ["stage_listen", "stage_empathize", "stage_solve", "stage_escalate", "stage_document"]
    assert "outcome_incomplete" in header and "signal_minimizing" in header
    anna = next(r for r in rows if r["trainee"] == "Anna Nowak")
    assert anna == {
        **anna,
        "scenario": "waiting-room",
        "attempts": "3",
        "complete": "2",
        "incomplete": "1",
        "mean_score": "70.0",
        "best_score": "80",
        "stage_listen": "70.0",
        "stage_escalate": "70.0",
        "outcome_resolved": "1",
        "outcome_partly_resolved": "1",
        "outcome_incomplete": "1",
        "outcome_walked_out": "0",
        "signal_minimizing": "2",
        "signal_blame": "1",
        "signal_threat": "0",
    }
    unnamed = next(r for r in rows if r["trainee"] == "")
    assert unnamed["stage_empathize"] == "" and unnamed["outcome_safety"] == "1"


def test_broken_files_are_named_on_stderr_and_skipped(runner):
    result = run(runner, str(RECORDS))
    assert result.exit_code == 0
    assert f"skipped {RECORDS / 'broken.json'}: not valid JSON" in result.stderr
    assert "Traceback" not in result.output
    assert "encounter.json" not in result.stderr and "notes.json" not in result.stderr  # not records: silent


def test_table_output(runner):
    result = run(runner, str(RECORDS))
    out = result.stdout
    assert out.startswith("7 rehearsals, 1 of them incomplete, from 10 files.")
    assert "By scenario" in out and "By trainee" in out
    line = next(x for x in out.splitlines() if x.startswith("waiting-room"))
    assert line.split()[:9] == ["waiting-room", "5", "60", "80", "55", "56.7", "80", "65", "80"]
    assert "minimizing ×4, blame ×1, dismissal ×1, …" in line
    assert "resolved 1, partly resolved 1, escalated 1, walked out 1, incomplete 1" in line
    assert any(x.startswith("(no name)") for x in out.splitlines())
    assert "count complete rehearsals only" in out
    assert "\x1b[" not in out


def test_table_in_polish(runner):
    result = runner.invoke(app, ["--lang", "pl", "report", str(RECORDS)])
    assert result.exit_code == 0
    assert "Według scenariusza" in result.stdout and "bagatelizowanie ×4" in result.stdout
    assert "nieukończona 1" in result.stdout and "pominięto" in result.stderr


def test_filters(runner):
    data = json.loads(run(runner, str(RECORDS), "--json", "--trainee", "  ben   COLE ").stdout)
    assert data["count"] == 3 and [t["trainee"] for t in data["trainees"]] == ["Ben Cole"]
    assert {s["scenario"] for s in data["scenarios"]} == {"waiting-room", "filler-uneven-result"}
    data = json.loads(run(runner, str(RECORDS), "--json", "--scenario", "waiting-room", "--trainee", "anna nowak").stdout)
    assert data["count"] == 3 and data["scenarios"][0]["mean_score"] == 70.0
    assert data["filters"] == {"scenario": "waiting-room", "trainee": "anna nowak", "mode": None}
    result = run(runner, str(RECORDS), "--scenario", "nope")
    assert result.exit_code == 0 and result.stdout == ""
    assert "No rehearsal records match the filters (--scenario nope)" in result.stderr


def test_files_and_folders_as_arguments(runner):
    result = run(runner, str(RECORDS / "anna-1.json"), str(RECORDS / "subfolder"), str(RECORDS / "anna-1.json"), "--json")
    data = json.loads(result.stdout)
    assert data["count"] == 2 and data["files"]["read"] == 2  # each file once
    assert data["scenarios"][0]["mean_score"] == 67.5 and data["scenarios"][0]["best_score"] == 80


def test_a_shell_glob_over_the_records_folder_is_quiet(runner):
    # `empathy report records/*`: the Markdown halves and the README are not records.
    paths = sorted(str(p) for p in RECORDS.iterdir() if not p.name.startswith("."))
    result = run(runner, *paths, "--json")
    data = json.loads(result.stdout)
    assert data["count"] == 7 and data["files"]["read"] == 10
    assert "readme.md" not in result.stderr and "broken.json" in result.stderr


def test_default_folder_and_empty_reports(environ, runner, home, monkeypatch):
    # Nothing recorded yet: a message, not an error.
    result = run(runner)
    assert result.exit_code == 0 and result.stdout == ""
    assert f"No rehearsal records in {home / 'records'}" in result.stderr
    data = json.loads(run(runner, "--json").stdout)
    assert data["count"] == 0 and data["scenarios"] == [] and data["trainees"] == []
    assert run(runner, "--csv").stdout.startswith("scenario,trainee,attempts")
    # Records saved by the record store are found in the default folder.
    from empathy_cli.records.store import RecordStore

    store = RecordStore(home / "records")
    record = json.loads((RECORDS / "anna-1.json").read_text(encoding="utf-8"))
    store.save({k: v for k, v in record.items() if k != "version"}, "# rehearsal\n")
    store.save({"kind": "encounter", "playbook": "x"}, "# encounter\n")
    data = json.loads(run(runner, "--json").stdout)
    assert data["count"] == 1 and data["scenarios"][0]["mean_score"] == 80.0
    # EMPATHY_RECORDS moves the default folder.
    environ["EMPATHY_RECORDS"] = str(RECORDS / "subfolder")
    assert json.loads(run(runner, "--json").stdout)["trainees"][0]["trainee"] == "Ben Cole"


def test_only_encounters_says_why_it_is_empty(runner, tmp_path):
    (tmp_path / "e.json").write_text(json.dumps({"kind": "encounter"}), encoding="utf-8")
    result = run(runner, str(tmp_path))
    assert result.exit_code == 0
    assert "1 JSON file that is not a rehearsal record was left out" in result.stderr


def test_usage_errors(runner, tmp_path):
    result = run(runner, str(tmp_path / "missing"))
    assert result.exit_code == 1 and "no such file or folder" in result.stderr
    result = run(runner, str(RECORDS), "--json", "--csv")
    assert result.exit_code == 2 and "--json" in result.stderr


# --------------------------------------------------------------------------- core


def attempt(**fields):
    base = {"kind": "rehearsal", "scenario": "s", "trainee": "T", "complete": True, "score": 50, "stages": {}, "outcome": "resolved"}
    return core.parse_record({**base, **fields}, Path("r.json"))


def test_parse_record_edge_cases():
    assert core.parse_record({"kind": "encounter"}, Path("x")) is None
    assert core.parse_record([1, 2], Path("x")) is None
    assert isinstance(attempt(scenario=""), core.Problem)
    for bad in (True, "80", 101, -1, None, float("nan")):
        problem = attempt(score=bad)
        assert isinstance(problem, core.Problem) and problem.code == "no_score", bad
    # An incomplete record needs no score, and its score and stages never count.
    a = attempt(complete=False, score=None, stages={"listen": 10})
    assert a.outcome == "incomplete" and a.score is None and a.stages == {}
    # Without `complete`, the outcome decides.
    assert attempt(complete=None).complete is True
    assert attempt(complete=None, outcome="incomplete").complete is False
    # Unusable stage values are dropped; a missing outcome on a complete record is "unresolved".
    a = attempt(stages={"listen": "high", "solve": 70, 3: 40}, outcome=None)
    assert a.stages == {"solve": 70.0} and a.outcome == "unresolved"
    assert attempt(trainee="  Anna   Nowak ").trainee == "Anna Nowak"
    assert attempt(trainee=None).trainee == ""


def test_collect_reports_unreadable_and_huge_files(tmp_path, monkeypatch):
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe\x00")
    (tmp_path / "big.json").write_text(json.dumps({"kind": "rehearsal", "scenario": "s", "complete": False}), encoding="utf-8")
    monkeypatch.setattr(core, "MAX_BYTES", 20)
    collected = core.collect([tmp_path])
    codes = {p.path.name: p.code for p in collected.problems}
    assert codes == {"bad.json": "read", "big.json": "too_large"}
    assert collected.attempts == []


def test_csv_cells_are_never_formulas():
    assert core.csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert core.csv_safe("@cmd") == "'@cmd" and core.csv_safe("Anna") == "Anna"
    report = core.build([attempt(trainee="=1+1")])
    _, rows = core.csv_rows(report)
    assert rows[0][1] == "'=1+1"

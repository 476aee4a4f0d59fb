"""Typed records and their migrations: version-1 records of both kinds (tests/data/records/v1)
read as the current version everywhere records are read (log, export, report, progress)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from empathy_cli.cli.app import app
from empathy_cli.records import migrations
from empathy_cli.records.model import EncounterRecord, RehearsalRecord, load
from empathy_cli.records.store import RecordStore

V1 = Path(__file__).parent / "data" / "records" / "v1"
ENC_EN, ENC_PL, REH_EN, REH_PL = sorted(V1.glob("*.json"))


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_version_one_encounter_records_get_one_masking_vocabulary():
    old = read(ENC_EN)
    new = migrations.migrate(old)
    assert new["version"] == migrations.VERSION == 3
    assert new["redacted"] is True and new["masked"] == 2 and "redaction" not in new
    assert old["redaction"] is True and old["redacted"] == 2  # the record read is left alone
    unmasked = migrations.migrate(read(ENC_PL))
    assert unmasked["redacted"] is False and unmasked["masked"] == 0 and "redaction" not in unmasked


def test_version_one_rehearsal_records_get_a_count_and_a_plain_score():
    assert migrations.migrate(read(REH_EN))["masked"] == 1
    new = migrations.migrate(read(REH_PL))
    assert new["redacted"] is False and new["masked"] == 0 and new["score"] == 60


def test_current_records_pass_unchanged_and_newer_ones_are_read_as_they_are():
    current = migrations.migrate(read(ENC_EN))
    assert migrations.migrate(current) is current
    future = {"version": 99, "kind": "encounter", "redaction": True}
    assert migrations.migrate(future) == future
    # No version at all: written before the field existed, so version 1.
    assert migrations.migrate({"kind": "encounter", "redaction": False, "redacted": 0})["redacted"] is False


def test_typed_records_read_fields_for_what_they_are():
    enc = load(read(ENC_EN))
    assert isinstance(enc, EncounterRecord) and (enc.redacted, enc.masked, enc.outcome, enc.escalation_level) == (True, 2, "partly_resolved", "yellow")
    reh = load(read(REH_PL))
    assert isinstance(reh, RehearsalRecord)
    # Fields the old record lacks are derived from its transcript once, here.
    assert (reh.replies, reh.typed_replies, reh.unsure_replies, reh.escalating_signals) == (1, 1, 1, ["dismissal"])
    assert (reh.score, reh.exam, reh.mode, reh.undos) == (60, False, "practice", 0)
    damaged = load(
        {"kind": "rehearsal", "score": "80", "undos": -3, "complete": "yes", "outcome": "resolved", "transcript": "x", "stages": {"a": True, "b": 5}}
    )
    assert isinstance(damaged, RehearsalRecord)
    assert (damaged.score, damaged.undos, damaged.complete, damaged.transcript, damaged.stages) == (None, 0, True, [], {"b": 5})
    # A signal kind that is not text (a hand-edited file) is not counted, and never crashes.
    odd = load({"kind": "rehearsal", "escalating_signals": {}, "transcript": [{"signals": [{"kind": {"x": 1}}, {"kind": "blame"}]}]})
    assert isinstance(odd, RehearsalRecord) and odd.escalating_signals == ["blame"]
    assert load({"kind": "drill"}) is None and load([1]) is None


def test_typed_round_trip_keeps_unknown_fields_and_values_as_stored():
    data = {**migrations.migrate(read(REH_EN)), "variant": "tired", "score": 75}
    again = RehearsalRecord.from_dict(data).to_dict()
    assert again["variant"] == "tired" and again["score"] == 75 and isinstance(again["score"], int)
    assert RehearsalRecord.from_dict(again).to_dict() == again
    enc = EncounterRecord.from_dict(read(ENC_PL)).to_dict()
    assert "reflection" not in enc and enc["kind"] == "encounter" and enc["version"] == 3


def test_store_reads_old_records_in_the_current_format(tmp_path):
    import shutil

    for path in V1.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    infos = {i.path.name: i for i in RecordStore(tmp_path).list()}
    assert {name: i.data["version"] for name, i in infos.items()} == {p.name: 3 for p in V1.glob("*.json")}
    assert infos[ENC_EN.name].data["masked"] == 2 and isinstance(infos[ENC_EN.name].record, EncounterRecord)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # never rewritten on disk


def test_export_report_and_progress_read_version_one_records(runner):
    res = runner.invoke(app, ["log", "export", "--format", "csv", "--kind", "encounter", "--out", str(V1)])
    assert res.exit_code == 0, res.output
    rows = {r["Started"][:10]: r for r in csv.DictReader(io.StringIO(res.stdout))}
    assert rows["2026-11-01"]["Identifiers masked"] == "2" and rows["2026-11-02"]["Identifiers masked"] == "0"
    res = runner.invoke(app, ["report", str(V1), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["count"] == 2 and sorted(t["mean_score"] for t in data["trainees"]) == [60.0, 75.0]
    res = runner.invoke(app, ["progress", "--out", str(V1), "--json"], env={"EMPATHY_NOW": "2026-11-23T10:00:00+01:00"})
    assert res.exit_code == 0, res.output
    progress = json.loads(res.stdout)
    assert progress["rehearsals"]["scores"] == [75, 60] and progress["encounters"]["count"] == 2
    assert progress["encounters"]["complete"] == 1


def test_version_two_feedback_text_becomes_lines_and_renders_as_written():
    # Version 2 kept a turn's feedback as the text shown (one string, in the language of
    # the screen); version 3 keeps lines of ids and parameters, rendered when read.
    from empathy_cli.records.rehearsal_md import feedback_lines, render

    old = {**migrations.migrate(read(REH_EN)), "version": 2}
    old["transcript"] = [{**old["transcript"][0], "feedback": "Heard as: calming.\n\nWhat helped: empathy."}]
    new = migrations.migrate(old)
    assert new["version"] == 3 and new["transcript"][0]["feedback"] == ["Heard as: calming.", "What helped: empathy."]
    assert old["transcript"][0]["feedback"].startswith("Heard as")  # the record read is left alone
    assert feedback_lines(new["transcript"][0], "pl") == ["Heard as: calming.", "What helped: empathy."]  # written words stay as written
    assert "- What helped: empathy." in render(new)
    # A version-3 line of ids is rendered in the reader's language.
    turn = {"feedback": [{"key": "rehearse.heard_bad", "params": {"kind": {"key": "rehearse.signal.minimizing", "params": {}}, "text": "Calm down"}}]}
    assert feedback_lines(turn, "en") == ["Harmful: minimising: “Calm down”."]
    assert feedback_lines(turn, "pl") == ["Szkodzi: bagatelizowanie: „Calm down”."]

"""Issue 9 §4–§6: a private records folder, leftovers of killed runs, masked journals
that expire."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.records.store import JOURNAL_DAYS, RecordStore, mask_journal

from .conftest import root_only

DATA = Path(__file__).resolve().parent.parent / "data"
PB = ["--playbooks", str(DATA / "encounter")]
IDENTIFIERS = ("601 234 567", "anna@example.com", "44051401359")


def answers(tmp_path: Path) -> Path:
    import yaml

    data = {
        "concern": "Call 601 234 567 or anna@example.com, PESEL 44051401359",
        "wants": "a correction",
        "emotions": ["frustration"],
        "location": "reception",
        "outcome": "resolved",
    }
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def encounter(runner, tmp_path: Path, out: Path, *extra: str):
    return runner.invoke(app, [*PB, "encounter", "test-clinic", "--answers", str(answers(tmp_path)), "--out", str(out), *extra])


def test_new_records_folders_and_parents_are_private(runner, tmp_path):
    out = tmp_path / "a" / "b" / "records"
    result = encounter(runner, tmp_path, out)
    assert result.exit_code == 0, result.output
    for folder in (out, out.parent, out.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757])
def test_a_records_folder_others_can_write_is_refused(runner, tmp_path, mode):
    out = tmp_path / "shared"
    out.mkdir()
    os.chmod(out, mode)
    result = encounter(runner, tmp_path, out)
    assert result.exit_code == 1
    assert "others can write" in result.output and str(out) in result.output
    assert list(out.iterdir()) == []


@root_only()
def test_a_records_folder_of_another_user_is_refused(runner, tmp_path):
    out = tmp_path / "theirs"
    out.mkdir(mode=0o700)
    os.chown(out, 4242, 4242)
    result = encounter(runner, tmp_path, out)
    assert result.exit_code == 1 and "another user" in result.output and "4242" in result.output
    assert list(out.iterdir()) == []


def test_a_records_folder_others_can_read_is_warned_about(runner, tmp_path):
    out = tmp_path / "open"
    out.mkdir()
    os.chmod(out, 0o755)
    result = encounter(runner, tmp_path, out)
    assert result.exit_code == 0
    assert "can be read by others" in result.output and "0755" in result.output
    assert runner.invoke(app, ["log", "list", "--out", str(out)]).output.count("can be read by others") == 1


def test_stale_tmp_files_are_removed_on_the_next_run_but_live_ones_kept(runner, tmp_path):
    out = tmp_path / "r"
    (out / ".journal").mkdir(parents=True, mode=0o700)
    os.chmod(out, 0o700)
    old = time.time() - 3600
    stale = [out / ".20261123-141502-encounter-x.json.abc123.tmp", out / ".journal" / ".s1.json.def456.tmp"]
    for path in stale:
        path.write_text('{"concern": "601 234 567"}')
        os.utime(path, (old, old))
    fresh = out / ".20261123-141503-encounter-y.json.zzz.tmp"
    fresh.write_text("being written")
    import fcntl

    live = out / ".20261123-141504-encounter-z.json.live.tmp"
    live.write_text("being written by another process")
    os.utime(live, (old, old))
    fd = os.open(live, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = runner.invoke(app, ["log", "list", "--out", str(out)])
    finally:
        os.close(fd)
    assert result.exit_code == 0
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and live.exists()


def test_an_orphaned_markdown_is_listed_with_a_warning(runner, tmp_path):
    out = tmp_path / "r"
    assert encounter(runner, tmp_path, out).exit_code == 0
    (out / "20261123-141502-encounter-test-clinic.md").write_text("# half saved\n")
    result = runner.invoke(app, ["log", "list", "--out", str(out)])
    assert result.exit_code == 0
    assert "20261123-141502-encounter-test-clinic.md has no JSON" in result.output
    assert "orphan" in result.stdout
    rows = json.loads(runner.invoke(app, ["log", "list", "--json", "--out", str(out)]).stdout)
    assert [r["id"] for r in rows if r.get("orphan")] == ["20261123-141502-encounter-test-clinic"]


def test_journals_are_masked_before_they_are_written(tmp_path):
    store = RecordStore(tmp_path / "r")
    state = {"kind": "encounter", "playbook": "p", "answers": {"concern": "Call 601 234 567, anna@example.com, 44051401359", "emotions": ["anger"]}}
    path = store.journal("20261123-141502-abc123", state)
    text = path.read_text(encoding="utf-8")
    assert not any(i in text for i in IDENTIFIERS)
    assert json.loads(text)["session"] == "20261123-141502-abc123"  # ids are not "phones"
    assert json.loads(text)["answers"]["emotions"] == ["anger"]
    kept = store.journal("20261123-141502-abc124", state, mask=False)  # --no-redact
    assert "601 234 567" in kept.read_text(encoding="utf-8")


def test_rehearsal_journals_mask_typed_replies_in_every_state():
    typed = {"reply": "Mail me at anna@example.com", "typed": True, "signals": [{"text": "anna@example.com"}], "feedback": "anna@example.com"}
    chosen = {"reply": "I understand", "typed": False}
    state = {"kind": "rehearsal", "scenario": "s", "state": {"node": "n", "transcript": [typed, chosen]}, "history": [{"node": "m", "transcript": [typed]}]}
    masked = json.dumps(mask_journal(state))
    assert "anna@example.com" not in masked and "I understand" in masked


def test_a_killed_interactive_encounter_leaves_nothing_unmasked(tmp_path):
    """The journal callback the CLI uses masks (the default of `RecordStore.journal`)."""
    from empathy_cli.app.encounter import renderer
    from empathy_cli.coach.encounter import Encounter
    from empathy_cli.content.loader import load_file

    pb = load_file(DATA / "encounter" / "test-clinic.yaml").content
    store = RecordStore(tmp_path / "r")

    class Killed(Exception):
        pass

    class Prompter:
        n = 0

        def ask(self, q):
            self.n += 1
            if self.n > 2:
                raise Killed()  # as if kill -9 arrived here: only the journal is on disk
            return "Call 601 234 567 or anna@example.com" if q.kind in ("text", "longtext") else None

        def show(self, message):
            pass

    engine = Encounter(pb, Prompter(), render=renderer(pb), session="s", journal=lambda st: store.journal("s", st))
    with pytest.raises(Exception):
        engine.run()
    for file in (tmp_path / "r").rglob("*"):
        if file.is_file():
            assert not any(i in file.read_text(encoding="utf-8", errors="replace") for i in IDENTIFIERS), file


def test_abandoned_journals_expire_with_a_notice(runner, tmp_path):
    out = tmp_path / "r"
    store = RecordStore(out)
    old = store.journal("20260101-000000-aaaaaa", {"kind": "encounter", "playbook": "test-clinic", "answers": {}})
    recent = store.journal("20261101-000000-bbbbbb", {"kind": "encounter", "playbook": "test-clinic", "answers": {}})
    past = time.time() - (JOURNAL_DAYS + 1) * 86400
    os.utime(old, (past, past))
    result = runner.invoke(app, ["log", "list", "--out", str(out)])
    assert result.exit_code == 0
    assert f"removed 1 unfinished session not touched for {JOURNAL_DAYS} days" in result.output
    assert not old.exists() and recent.exists()


def test_scripted_summary_shows_what_the_record_holds(runner, tmp_path):
    out = tmp_path / "r"
    result = encounter(runner, tmp_path, out)
    assert result.exit_code == 0, result.output
    assert not any(i in result.stdout for i in IDENTIFIERS)
    assert "[phone]" in result.stdout or "[email]" in result.stdout
    [js] = out.glob("*.json")
    assert "[email]" in js.read_text(encoding="utf-8")
    shown = encounter(runner, tmp_path, tmp_path / "r2", "--no-redact")
    assert "anna@example.com" in shown.stdout

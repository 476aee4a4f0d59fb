"""The record store: private, atomic, never overwriting; journals for unfinished sessions."""

from __future__ import annotations

import json
import os
import stat

import pytest

from empathy_cli.records import store as store_mod
from empathy_cli.records.store import RecordStore

RECORD = {"kind": "encounter", "playbook": "test-clinic", "started_at": "2026-11-23T14:15:02+01:00", "complete": True}


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_private_and_the_folder_too(tmp_path):
    folder = tmp_path / "a" / "records"
    info = RecordStore(folder).save(RECORD, "# hello\n")
    assert info.path.name == "20261123-141502-encounter-test-clinic.json"
    assert mode(info.path) == 0o600 and mode(info.markdown_path) == 0o600
    assert mode(folder) == 0o700
    assert json.loads(info.path.read_text())["version"] == store_mod.FORMAT_VERSION
    assert info.markdown_path.read_text() == "# hello\n"
    # no temporary files are left behind
    assert sorted(p.name for p in folder.iterdir()) == [info.path.name, info.markdown_path.name]


def test_private_even_with_a_permissive_umask(tmp_path):
    old = os.umask(0)
    try:
        info = RecordStore(tmp_path / "r").save(RECORD, "x")
    finally:
        os.umask(old)
    assert mode(info.path) == 0o600 and mode(tmp_path / "r") == 0o700


def test_two_records_in_the_same_second_never_overwrite(tmp_path):
    store = RecordStore(tmp_path)
    first = store.save(RECORD, "first\n")
    second = store.save(RECORD, "second\n")
    third = store.save(RECORD, "third\n")
    assert first.id == "20261123-141502-encounter-test-clinic"
    assert second.id == first.id + "-2" and third.id == first.id + "-3"
    assert first.markdown_path.read_text() == "first\n"
    assert second.markdown_path.read_text() == "second\n"
    assert len(store.list()) == 3


def test_a_name_taken_by_a_markdown_alone_is_skipped(tmp_path):
    """A pair whose JSON never got written (a crash) is not overwritten either."""
    (tmp_path / "20261123-141502-encounter-test-clinic.md").write_text("crashed half\n")
    info = RecordStore(tmp_path).save(RECORD, "new\n")
    assert info.id.endswith("-2")
    assert (tmp_path / "20261123-141502-encounter-test-clinic.md").read_text() == "crashed half\n"


def test_json_is_written_last(tmp_path, monkeypatch):
    order = []
    real = store_mod.write_atomic

    def spy(path, data, **kw):
        order.append(path.suffix)
        return real(path, data, **kw)

    monkeypatch.setattr(store_mod, "write_atomic", spy)
    RecordStore(tmp_path).save(RECORD, "x")
    assert order == [".md", ".json"]


def test_a_failed_save_leaves_no_half_pair(tmp_path, monkeypatch):
    real = store_mod.write_atomic

    def failing(path, data, **kw):
        if path.suffix == ".json":
            raise OSError("disk full")
        return real(path, data, **kw)

    monkeypatch.setattr(store_mod, "write_atomic", failing)
    with pytest.raises(OSError):
        RecordStore(tmp_path).save(RECORD, "x")
    assert RecordStore(tmp_path).list() == []
    assert list(tmp_path.iterdir()) == []


def test_list_is_newest_first_and_skips_foreign_files(tmp_path):
    store = RecordStore(tmp_path)
    store.save({**RECORD, "started_at": "2026-11-20T09:00:00+01:00"}, "old")
    store.save({"kind": "rehearsal", "scenario": "late", "started_at": "2026-11-22T09:00:00+01:00"}, "r")
    (tmp_path / "notes.json").write_text("[1, 2]")
    (tmp_path / "broken.json").write_text("{")
    kinds = [r.data["kind"] for r in store.list()]
    assert kinds == ["rehearsal", "encounter"]
    assert [r.data["kind"] for r in store.list("encounter")] == ["encounter"]
    assert store.find("20261122") is not None and store.find("2026112") is None  # ambiguous prefix


def test_journal_roundtrip_and_discard(tmp_path):
    store = RecordStore(tmp_path / "records")
    sid = store.new_session_id()
    path = store.journal(sid, {"kind": "encounter", "answers": {"concern": "x"}})
    assert mode(path) == 0o600 and mode(store.journal_dir) == 0o700
    assert mode(store.folder) == 0o700  # a journal first: the records folder is private too
    store.journal(sid, {"kind": "encounter", "answers": {"concern": "x", "wants": "y"}})
    [j] = store.unfinished("encounter")
    assert j["session"] == sid and j["answers"] == {"concern": "x", "wants": "y"}
    assert store.unfinished("rehearsal") == []
    assert store.load_journal(sid)["answers"]["wants"] == "y"
    store.discard(sid)
    assert store.unfinished() == [] and store.load_journal(sid) is None
    # journals are not records
    assert store.list() == []


def test_exclusive_write_without_hard_links(tmp_path, monkeypatch):
    """On a file system without hard links, names are still claimed exclusively."""
    import os

    import pytest

    from empathy_cli.atomic import write_atomic

    def no_links(src, dst):
        raise PermissionError("hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "r" / "a.json"
    write_atomic(target, "one", exclusive=True)
    with pytest.raises(FileExistsError):
        write_atomic(target, "two", exclusive=True)
    assert target.read_text() == "one"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]  # no temporary left behind


def test_markdown_never_carries_terminal_escapes(tmp_path):
    from empathy_cli.records.export import to_csv
    from empathy_cli.records.store import RecordStore

    store = RecordStore(tmp_path / "r")
    info = store.save({"kind": "encounter", "playbook": "p", "answers": {"concern": "x \x1b[2J red"}}, "concern: x \x1b[2J red\n")
    assert "\x1b" not in info.markdown_path.read_text() and "\\x1b[2J" in info.markdown_path.read_text()
    assert "\x1b" in __import__("json").loads(info.path.read_text())["answers"]["concern"]  # JSON keeps it, escaped
    assert "\x1b" not in to_csv([{"concern": "x \x1b[2J red"}])


def test_unfinished_sessions_in_the_same_second_are_newest_first(tmp_path, monkeypatch):
    import time

    from empathy_cli.records import store as store_mod
    from empathy_cli.records.store import RecordStore

    frozen = store_mod.now()
    monkeypatch.setattr(store_mod, "now", lambda: frozen)  # both journals carry the same second
    store = RecordStore(tmp_path / "r")
    store.journal("older", {"kind": "rehearsal"})
    time.sleep(0.01)
    store.journal("newer", {"kind": "rehearsal"})
    assert [j["session"] for j in store.unfinished("rehearsal")] == ["newer", "older"]

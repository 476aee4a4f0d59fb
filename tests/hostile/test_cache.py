"""Issue 9 §1: no cache file can run code; damaged or wrongly typed caches are rebuilt;
the key follows the models; old files are pruned; shared cache folders are refused."""

from __future__ import annotations

import json
import os
import pickle
import time
from pathlib import Path

import pytest

from empathy_cli import cache
from empathy_cli.cli.app import app
from empathy_cli.content import library as libmod
from empathy_cli.content.library import load_library

from .conftest import root_only

pytestmark = pytest.mark.fresh_cache  # these test the cache itself: start empty


@pytest.fixture(autouse=True)
def _first_run(monkeypatch, small_builtin) -> None:
    """Each test runs as the first run of a new process would: with the small built-in
    folder, and without the judge's tables an earlier test of this process left in memory
    (with them, a run reads and rewrites no prefilter file, whatever these tests plant)."""
    from empathy_cli.coach import check, prefilter

    monkeypatch.setattr("empathy_cli.paths.builtin_playbooks", lambda: small_builtin)
    monkeypatch.setattr(prefilter, "_literals", None)
    monkeypatch.setattr(prefilter, "_dirty", False)
    for memo in ("_PATTERNS", "_RULESETS", "_PLAYBOOK_RULES", "_INDEXES"):
        monkeypatch.setattr(check, memo, {})


class Boom:
    """Unpickling this creates the marker file: proof that code ran."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (Path(self.marker),))


def plant_pickles(folder: Path, marker: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    payload = pickle.dumps(Boom(str(marker)))
    names = ["check-prefilter.pickle", "check-0badc0de.pickle", "content-0123456789abcdef.pickle"]
    # ... and under the names the new cache uses, in case a reader ever unpickled them.
    from empathy_cli.coach import prefilter
    from empathy_cli.content.searchpath import search_path

    ident = "\0".join(str(f.path.resolve()) for f in search_path([]))
    names += [cache.file_for("check-prefilter", "", prefilter.SHAPE).name, cache.file_for("content", ident, libmod._schema()).name]
    out = []
    for name in names:
        (folder / name).write_bytes(payload)
        out.append(folder / name)
    return out


def test_planted_pickles_never_run_and_are_pruned(runner, cache_dir, tmp_path):
    marker = tmp_path / "code-ran"
    planted = plant_pickles(cache_dir, marker)
    for args in (["playbooks", "list"], ["check", "Calm down, it is not a big deal"], ["validate"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), result.output
    assert not marker.exists()
    assert not any(p.exists() for p in planted if p.suffix == ".pickle")  # legacy pickles removed
    # Everything the cache holds now is JSON.
    for file in cache_dir.iterdir():
        if file.suffix == ".json":
            json.loads(file.read_text(encoding="utf-8"))


def test_cache_is_json_with_no_code_path():
    source = (Path(cache.__file__)).read_text(encoding="utf-8")
    for forbidden in ("import pickle", "import marshal", "pickle.load", "marshal.load", "eval(", "exec("):
        assert forbidden not in source


def _content_cache(cache_dir: Path) -> Path:
    (file,) = cache_dir.glob("content-*.json")
    return file


def test_wrongly_typed_content_entries_are_rebuilt(runner, cache_dir):
    assert runner.invoke(app, ["playbooks", "list"]).exit_code == 0
    file = _content_cache(cache_dir)
    doc = json.loads(file.read_text(encoding="utf-8"))
    for entry in doc["data"].values():
        if entry[1] and entry[1][0] == "playbook":
            entry[2][3] = 12345  # the title, as a number
            entry[2][4] = {"not": "a list of stages"}
    file.write_text(json.dumps(doc), encoding="utf-8")
    result = runner.invoke(app, ["playbooks", "list", "--json"])
    assert result.exit_code == 0, result.output
    titles = [row["title"] for row in json.loads(result.stdout)]
    assert titles and all(isinstance(t, str) and t for t in titles)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {"cache": d["cache"], "schema": d["schema"], "stamp": None, "data": [1, 2, 3]},
        lambda d: {**d, "data": {k: [v[0], ["playbook"], None, "x"] for k, v in d["data"].items()}},
        lambda d: {**d, "data": {k: [v[0], ["banana", "x", "en"], v[2], []] for k, v in d["data"].items()}},
        lambda d: {**d, "data": {k: [v[0], v[1], v[2], [[1, 2, "a", "b", None]]] for k, v in d["data"].items()}},
        lambda d: "[" * 100_000,
    ],
)
def test_damaged_content_cache_never_breaks_a_run(runner, cache_dir, damage):
    assert runner.invoke(app, ["playbooks", "list"]).exit_code == 0
    file = _content_cache(cache_dir)
    damaged = damage(json.loads(file.read_text(encoding="utf-8")))
    file.write_text(damaged if isinstance(damaged, str) else json.dumps(damaged), encoding="utf-8")
    for args in (["playbooks", "list", "--json"], ["validate"], ["scenarios", "list"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "internal error" not in result.output


def test_wrongly_typed_digest_and_prefilter_are_rebuilt(runner, cache_dir):
    assert runner.invoke(app, ["check", "Calm down, it is not a big deal"]).exit_code == 1
    for file in list(cache_dir.glob("check-*.json")):
        doc = json.loads(file.read_text(encoding="utf-8"))
        doc["data"] = {"en": [[1, 2, 3, 4]]} if file.name.startswith("check-digest") else {"\\bcalm": 7}
        file.write_text(json.dumps(doc), encoding="utf-8")
    from empathy_cli.coach import prefilter

    prefilter._literals = None
    result = runner.invoke(app, ["check", "Calm down, it is not a big deal", "--json"])
    assert result.exit_code == 1 and "internal error" not in result.output
    assert json.loads(result.stdout)["verdict"]
    prefilter._literals = None


def test_the_key_changes_when_a_model_gains_a_field(monkeypatch):
    from dataclasses import field, make_dataclass

    from empathy_cli.content import models

    before = libmod._schema()
    bigger = make_dataclass("Playbook", [("new_field", str, field(default=""))], bases=(models.Playbook,))
    monkeypatch.setattr(models, "Playbook", bigger)
    after = libmod._schema()
    assert before != after
    assert cache.file_for("content", "x", before) != cache.file_for("content", "x", after)


def test_old_cache_files_are_pruned(home, cache_dir):
    cache_dir.mkdir(parents=True, exist_ok=True)
    old = time.time() - 40 * 86400
    stale = []
    for n in range(3):
        p = cache_dir / f"content-{n:016x}.json"
        p.write_text("{}")
        os.utime(p, (old, old))
        stale.append(p)
    recent = []
    for n in range(20):
        p = cache_dir / f"content-{n + 100:016x}.json"
        p.write_text("{}")
        os.utime(p, (time.time() - n, time.time() - n))
        recent.append(p)
    leftover = cache_dir / ".content-x.json.abcd.tmp"
    leftover.write_text("half")
    os.utime(leftover, (old, old))
    load_library([])  # a cold run writes the cache, which prunes
    left = sorted(cache_dir.glob("content-*.json"))
    assert len(left) <= cache.KEEP_PER_KIND
    assert not any(p.exists() for p in stale)
    assert not leftover.exists()


def test_a_cache_folder_others_can_write_is_refused(run, tmp_path):
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    result = run("playbooks", "list", env={"EMPATHY_CACHE": str(shared)})
    assert result.returncode == 0
    warnings = [line for line in result.err.splitlines() if "cache" in line]
    assert len(warnings) == 1 and str(shared) in warnings[0] and "0777" in warnings[0]
    assert list(shared.iterdir()) == []  # nothing read or written there


@root_only()
def test_a_cache_folder_of_another_user_is_refused(run, tmp_path):
    theirs = tmp_path / "their-cache"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 4242, 4242)
    result = run("check", "Calm down", env={"EMPATHY_CACHE": str(theirs)})
    assert result.returncode in (0, 1) and "internal error" not in result.err
    assert "4242" in result.err and result.err.count("\n") == 1
    assert list(theirs.iterdir()) == []


def test_a_new_cache_folder_is_private(run, tmp_path):
    fresh = tmp_path / "a" / "b" / "cache"
    assert run("playbooks", "list", env={"EMPATHY_CACHE": str(fresh)}).returncode == 0
    for folder in (fresh, fresh.parent, fresh.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700


def _simulate_a_bug(monkeypatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("empathy_cli.ui.tables.print_table", boom)


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722])
def test_no_crash_log_in_a_cache_folder_others_can_write(runner, monkeypatch, tmp_path, mode):
    """The crash report never writes into a refused cache folder: it says no details were
    written, and a crash.log planted there as a link leads nowhere."""
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, mode)
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched\n")
    (shared / "crash.log").symlink_to(victim)
    monkeypatch.setenv("EMPATHY_CACHE", str(shared))
    cache.reset()
    _simulate_a_bug(monkeypatch)
    result = runner.invoke(app, ["playbooks", "list"])
    assert result.exit_code == 1
    (error,) = [line for line in result.stderr.splitlines() if "error:" in line]
    assert "internal error (RuntimeError: simulated bug)" in error
    assert "no details were written" in error and str(shared) in error and "EMPATHY_DEBUG=1" in error
    assert victim.read_text() == "untouched\n"
    assert sorted(p.name for p in shared.iterdir()) == ["crash.log"] and (shared / "crash.log").is_symlink()
    assert "Traceback" not in result.output
    cache.reset()


@root_only()
def test_no_crash_log_in_a_cache_folder_of_another_user(runner, monkeypatch, tmp_path):
    theirs = tmp_path / "their-cache"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 4242, 4242)
    monkeypatch.setenv("EMPATHY_CACHE", str(theirs))
    cache.reset()
    _simulate_a_bug(monkeypatch)
    result = runner.invoke(app, ["playbooks", "list"])
    assert result.exit_code == 1 and "no details were written" in result.stderr
    assert list(theirs.iterdir()) == []
    cache.reset()


def test_a_crash_log_goes_to_a_private_cache_folder(runner, monkeypatch, cache_dir):
    """The usual case still keeps the details, privately, and says where."""
    cache.reset()
    _simulate_a_bug(monkeypatch)
    result = runner.invoke(app, ["--lang", "pl", "playbooks", "list"])
    assert result.exit_code == 1
    crash = cache_dir / "crash.log"
    assert f"szczegóły zapisano w {crash}" in result.stderr and "błąd wewnętrzny (RuntimeError: simulated bug)" in result.stderr
    assert "simulated bug" in crash.read_text() and crash.stat().st_mode & 0o077 == 0
    cache.reset()


def test_a_crash_with_no_cache_folder_says_nothing_was_kept(runner, monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder\n")
    monkeypatch.setenv("EMPATHY_CACHE", str(blocked / "cache"))  # cannot be created
    cache.reset()
    _simulate_a_bug(monkeypatch)
    result = runner.invoke(app, ["playbooks", "list"])
    assert result.exit_code == 1
    assert "could not be written" in result.stderr and "EMPATHY_DEBUG=1" in result.stderr
    assert blocked.read_text() == "not a folder\n"
    cache.reset()


@pytest.mark.parametrize("command", [["phrases", "refund"], ["playbooks", "list"], ["check", "Calm down"]])
def test_old_phrase_indexes_are_removed_on_the_next_run(runner, cache_dir, tmp_path, command):
    """The first version kept its phrase index as ``phrases-<crc>.idx``; the next run (the
    first after an upgrade, which rebuilds the caches) removes them. Files that are not
    regular (a folder, a link to a file elsewhere) are left alone, and so are the link's
    target and the current SQLite index."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    old = [cache_dir / "phrases-0badc0de.idx", cache_dir / "phrases-12345678.idx"]
    for path in old:
        path.write_bytes(b"EMPIDX1\0" + os.urandom(64))
    target = tmp_path / "elsewhere.idx"
    target.write_text("not ours\n")
    (cache_dir / "phrases-link.idx").symlink_to(target)
    (cache_dir / "phrases-dir.idx").mkdir()
    kept = cache_dir / "notes-phrases.idx.txt"
    kept.write_text("someone's file\n")
    result = runner.invoke(app, command)
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output
    assert not any(p.exists() for p in old)
    assert target.read_text() == "not ours\n" and (cache_dir / "phrases-link.idx").is_symlink()
    assert (cache_dir / "phrases-dir.idx").is_dir() and kept.exists()
    if command[0] == "phrases":
        assert list(cache_dir.glob("phrases-*.sqlite"))  # the current index is kept


def test_pruning_removes_old_phrase_indexes_only(cache_dir):
    cache_dir.mkdir(parents=True, exist_ok=True)
    idx = cache_dir / "phrases-00000001.idx"
    idx.write_bytes(b"x")
    sqlite = cache_dir / "phrases-00000001.sqlite"
    sqlite.write_bytes(b"y")
    other = cache_dir / "content-0000000000000001.idx"
    other.write_bytes(b"z")
    removed = cache.prune("content")
    assert idx in removed and not idx.exists()
    assert sqlite.exists() and other.exists()


def test_a_refused_cache_folder_gets_no_phrase_index(runner, tmp_path, monkeypatch):
    """The phrase index goes through the cache module's folder check: a folder others can
    write to is neither read nor written (the search still works, from the content)."""
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    planted = shared / f"phrases-{'0' * 8}.sqlite"
    monkeypatch.setenv("EMPATHY_CACHE", str(shared))
    cache.reset()
    result = runner.invoke(app, ["phrases", "refund", "--lang", "en"], env={"EMPATHY_CACHE": str(shared)})
    assert result.exit_code == 0, result.output
    assert "refund" in result.stdout.lower()
    assert list(shared.iterdir()) == [] and not planted.exists()


def test_old_phrase_indexes_are_pruned_beyond_the_newest(runner, cache_dir):
    cache_dir.mkdir(parents=True, exist_ok=True)
    now = time.time()
    made = []
    for n in range(cache.KEEP_PER_KIND + 4):
        p = cache_dir / f"phrases-{n:08x}.sqlite"
        p.write_bytes(b"SQLite format 3\x00")
        os.utime(p, (now - 100 - n, now - 100 - n))  # 0 is the newest
        made.append(p)
    result = runner.invoke(app, ["phrases", "refund", "--lang", "en"])
    assert result.exit_code == 0, result.output
    left = sorted(cache_dir.glob("phrases-*.sqlite"))
    assert len(left) == cache.KEEP_PER_KIND  # the new index and the newest others
    assert all(p.exists() for p in made[: cache.KEEP_PER_KIND - 1]) and not any(p.exists() for p in made[cache.KEEP_PER_KIND - 1 :])

"""The search path, overriding by (kind, id, lang), and the parsed-content cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from empathy_cli.content import library as libmod
from empathy_cli.content.library import load_library, search_path
from empathy_cli.runtime import current

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal_playbook.yaml").read_text()


def put(folder: Path, name: str, title: str = "Minimal test playbook", lang: str = "en") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(MINIMAL.replace("title: Minimal test playbook", f"title: {title}").replace("lang: en", f"lang: {lang}"))
    return path


def test_search_path_order(environ, home, tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    environ["EMPATHY_PLAYBOOKS"] = f"{a}{os.pathsep}{b}"
    folders = search_path([tmp_path / "opt"])
    assert [f.origin for f in folders] == ["built-in", "user", "env", "env", "option"]
    assert folders[1].path == home / "playbooks"
    assert folders[2].path == a and folders[3].path == b and folders[4].path == tmp_path / "opt"


def test_later_folder_overrides_same_id_and_lang(environ, home, tmp_path, monkeypatch):
    put(home / "playbooks", "m.yaml", "From user folder")
    env = tmp_path / "env"
    put(env, "m.yaml", "From env folder")
    put(env, "m-pl.yaml", "Polski", lang="pl")
    environ["EMPATHY_PLAYBOOKS"] = str(env)
    lib = load_library([])
    assert lib.get("playbook", "minimal", "en").content.title == "From env folder"
    assert lib.get("playbook", "minimal", "pl").content.title == "Polski"
    assert [e.content.title for e in lib.overridden if e.content.id == "minimal"] == ["From user folder"]
    opt = tmp_path / "opt"
    put(opt, "m.yaml", "From option")
    lib = load_library([opt])
    entry = lib.get("playbook", "minimal", "en")
    assert entry.content.title == "From option" and entry.origin == "option"


def test_builtin_content_is_found():
    lib = load_library([])
    assert lib.folders[0].origin == "built-in"
    assert lib.folders[0].path.is_dir()


def test_broken_file_is_reported_not_loaded(home):
    folder = home / "playbooks"
    folder.mkdir(parents=True)
    (folder / "bad.yaml").write_text("kind: playbook\nid: [\n")
    lib = load_library([])
    assert [p.name for p, _ in lib.broken] == ["bad.yaml"]
    assert lib.broken[0][1][0].code == "E001"


def test_cache_is_used_and_refreshed_when_a_file_changes(home, monkeypatch):
    path = put(home / "playbooks", "m.yaml", "First")
    assert load_library([]).get("playbook", "minimal", "en").content.title == "First"
    calls = []
    from empathy_cli.content import loader

    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda p: calls.append(p) or real(p))
    load_library([])
    assert calls == []  # every file answered from the cache
    path.write_text(path.read_text().replace("title: First", "title: Second, longer"))
    assert load_library([]).get("playbook", "minimal", "en").content.title == "Second, longer"
    assert calls == [path]  # only the changed file was parsed again


def test_corrupt_cache_is_ignored_and_rebuilt(home):
    put(home / "playbooks", "m.yaml", "Cached")
    load_library([])
    (cache,) = Path(current().env["EMPATHY_CACHE"]).glob("content-*.json")
    cache.write_bytes(b"\x80\x05garbage")
    assert load_library([]).get("playbook", "minimal", "en").content.title == "Cached"
    data = json.loads(cache.read_bytes())
    assert data["cache"] == libmod.CACHE_KIND
    assert oct(cache.stat().st_mode & 0o777) == "0o600"


def test_cache_from_another_version_is_ignored(home, monkeypatch):
    put(home / "playbooks", "m.yaml", "Cached")
    load_library([])
    from empathy_cli import cache as cachemod

    monkeypatch.setattr(cachemod, "__version__", "99.0")
    calls = []
    from empathy_cli.content import loader

    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda p: calls.append(p) or real(p))
    load_library([])
    assert len(calls) >= 1


def test_require_names_available_content(home):
    put(home / "playbooks", "m.yaml")
    from empathy_cli.errors import EmpathyError

    with pytest.raises(EmpathyError) as info:
        load_library([]).require("playbook", "nope", "en")
    assert "minimal (en)" in info.value.message

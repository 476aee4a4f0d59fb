"""Shared fixtures: every test runs in a `Runtime` of its own, with its own user folders.

The autouse fixture sets, through `monkeypatch`, EMPATHY_HOME and EMPATHY_CACHE to
temporary folders (no test ever touches the real user data), pins the language to English
and the terminal to a plain, 100-column one, and installs a fresh `Runtime` reading that
environment, so output is comparable across machines. A test changes a setting with the
`environ` fixture (``environ["EMPATHY_LANG"] = "pl"``) or `monkeypatch.setenv`; child
processes inherit it.

Golden files (tests/golden/): the `golden` fixture compares an output with its reviewed
snapshot. ``pytest --update-golden`` (or ``EMPATHY_UPDATE_GOLDEN=1 pytest``) rewrites the
snapshots from the current output instead; review the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Optional

import pytest
from hypothesis import settings

# Hypothesis example counts, by profile (HYPOTHESIS_PROFILE): a developer's `pytest` runs
# "dev" (a tenth of the examples, fast feedback); CI (.ci/run) runs "ci" (Hypothesis's
# default of 100, which the property tests scale: the counts they name); "thorough" for a
# long hunt. The property tests scale their own counts by the profile's.
settings.register_profile("dev", max_examples=10)
settings.register_profile("ci", max_examples=100)
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "playbooks"

GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output (then review the diff)")


#: Where the child processes of this run (real terminals, guarded subprocesses) keep their
#: bytecode when the developer's shell says PYTHONDONTWRITEBYTECODE: a temporary folder
#: outside the tree (PYTHONPYCACHEPREFIX), so a module is compiled once per run, not once
#: per child (~50 ms a start). None: the shell lets Python write bytecode as usual.
_PYCACHE: Optional[str] = None


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config):
    """A whole-suite run (no paths named) spreads over the machine's cores when
    pytest-xdist is installed (the dev extra): ``pytest -q`` then takes about half as
    long on two cores. Named paths, ``-n N`` (``-n 0``: one process) and
    ``-p no:xdist`` decide for themselves. Runs before xdist's own hook, which turns
    the worker count into worker processes."""
    if not config.pluginmanager.hasplugin("xdist") or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if config.option.numprocesses is not None or config.option.file_or_dir or config.getoption("usepdb", False):
        return
    if config.getoption("collectonly", False) or (os.cpu_count() or 1) < 2:
        return
    config.option.numprocesses = "auto"
    if config.option.dist == "no":
        config.option.dist = "worksteal"  # a long tail of short tests and a few long ones


def pytest_configure(config):
    global _PYCACHE
    # Read before any test replaces the environment with its own.
    config._update_golden = bool(config.getoption("--update-golden") or os.environ.get("EMPATHY_UPDATE_GOLDEN"))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        _PYCACHE = tempfile.mkdtemp(prefix="empathy-tests-pycache-")


def pytest_unconfigure(config):
    global _PYCACHE
    if _PYCACHE is not None:
        shutil.rmtree(_PYCACHE, ignore_errors=True)
        _PYCACHE = None


@pytest.fixture
def golden(request):
    """`golden(name, text)`: assert `text` equals tests/golden/`name` (or rewrite it)."""
    update = request.config._update_golden

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {path}: run pytest --update-golden and review it"
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file (intended? pytest --update-golden, then review the diff)"

    return check


#: Variables of the developer's own shell that would change what a test sees.
_OWN = ("LANGUAGE", "LANG", "NO_COLOR", "TERM", "COLUMNS", "FORCE_COLOR")


def _test_env(home: Path, cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EMPATHY_", "LC_")) and k not in _OWN}
    env.update(EMPATHY_HOME=str(home), EMPATHY_CACHE=str(cache), LANG="C.UTF-8", NO_COLOR="1", TERM="dumb", COLUMNS="100")
    return env


class WarmContent:
    """The content cache entries of files at stable paths (the built-in playbooks, the
    test data of the repository, the session's small built-in copy), gathered over the
    run: the first test that parses such a file leaves its entry here (see `_seed_content`,
    which wraps `cache.save`), and every later test's content cache starts with it, as a
    previous run of the program would have left it. Files of a test's own folders are
    parsed by that test; entries carry their file's stamp, so a changed file is parsed
    again; a test marked `fresh_cache` starts with an empty cache."""

    def __init__(self, schema: str, entries: dict, stable: tuple[str, ...]) -> None:
        self.schema = schema
        self.entries = entries
        self.stable = stable  # path prefixes whose entries are kept
        self._encoded: dict[str, str] = {}  # path -> '"path":entry', as JSON

    def keep(self, data: Mapping) -> None:
        for key, entry in data.items():
            if key.startswith(self.stable) and self.entries.get(key) != entry:
                self.entries[key] = entry
                self._encoded.pop(key, None)

    def doc_for(self, ident: str) -> bytes:
        """The cache document of a search path (its folders, as `load_library` names
        them): the entries under those folders, each encoded once per session (a test's
        own folder makes a new search path, and the built-in entries are 1 MB of JSON)."""
        import json

        from empathy_cli.content import library

        prefixes = tuple(folder + os.sep for folder in ident.split("\0"))
        keys = [k for k in self.entries if k.startswith(prefixes)]
        for k in keys:
            if k not in self._encoded:
                self._encoded[k] = json.dumps({k: self.entries[k]}, ensure_ascii=False, separators=(",", ":"))[1:-1]
        head = json.dumps({"cache": library.CACHE_KIND, "schema": self.schema, "stamp": None}, separators=(",", ":"))[:-1]
        return (head + ',"data":{' + ",".join(self._encoded[k] for k in keys) + "}}").encode("utf-8")


@pytest.fixture(scope="session")
def warm_content(tmp_path_factory, small_builtin) -> WarmContent:
    """The content cache of the built-in playbooks, built once per session, and grown by
    the tests (see `WarmContent`), so tests stop re-parsing the same YAML."""
    import json

    from empathy_cli import runtime
    from empathy_cli.content import library

    home, cache = tmp_path_factory.mktemp("warm-home"), tmp_path_factory.mktemp("warm-cache")
    previous = runtime.install(runtime.Runtime(env=_test_env(home, cache)))
    try:
        library.load_library()
        [doc] = cache.glob(f"{library.CACHE_KIND}-*")
        entries = json.loads(doc.read_bytes())["data"]
        return WarmContent(library._schema(), entries, (str(REPO) + os.sep, str(small_builtin.resolve()) + os.sep))
    finally:
        runtime.install(previous)


@pytest.fixture(scope="session")
def content_of(tmp_path_factory):
    """`content_of(*folders)`: the content library of the built-in playbooks plus `folders`,
    parsed once per session (no cache) with user folders of its own, so module-scoped
    fixtures can share it without touching any test's environment."""
    from empathy_cli import runtime
    from empathy_cli.content.library import load_library

    loaded: dict[tuple[str, ...], object] = {}

    def load(*folders: Path):
        key = tuple(str(f) for f in folders)
        if key not in loaded:
            home, cache = tmp_path_factory.mktemp("lib-home"), tmp_path_factory.mktemp("lib-cache")
            previous = runtime.install(runtime.Runtime(env=_test_env(home, cache)))
            try:
                loaded[key] = load_library(list(folders), use_cache=False)
            finally:
                runtime.install(previous)
        return loaded[key]

    return load


#: A small built-in content for tests of mechanics (caches, their own playbooks): a playbook
#: and a scenario of it in each language (what a cache holds of every kind), not all the
#: files, which every run with an empty cache or a new index parses again. Child processes
#: still see the real built-in folder.
SMALL_BUILTIN = ("en/aesthetic-clinic.yaml", "en/scenarios/refund-review-threat.yaml", "pl/aesthetic-clinic.yaml", "pl/scenarios/refund-review-threat.yaml")


@pytest.fixture(scope="session")
def small_builtin(tmp_path_factory) -> Path:
    """A copy of SMALL_BUILTIN; a test uses it by patching `paths.builtin_playbooks`."""
    from empathy_cli import paths

    folder = tmp_path_factory.mktemp("builtin")
    for name in SMALL_BUILTIN:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((paths.builtin_playbooks() / name).read_bytes())
    return folder


@pytest.fixture(scope="session")
def builtin_phrases(tmp_path_factory):
    """The phrase index of the built-in playbooks, built once per session with user
    folders of its own: for tests that only search it (the index's own caching is tested
    in tests/test_phrases.py, through `open_index` in each test's folders)."""
    from empathy_cli import runtime
    from empathy_cli.coach import phrases
    from empathy_cli.content.library import load_library

    home, cache = tmp_path_factory.mktemp("idx-home"), tmp_path_factory.mktemp("idx-cache")
    previous = runtime.install(runtime.Runtime(env=_test_env(home, cache)))
    try:
        return phrases.open_index([], lambda: load_library([]), use_cache=False)
    finally:
        runtime.install(previous)


@pytest.fixture(scope="session")
def warm_phrases(builtin_phrases) -> tuple[str, bytes]:
    """The phrase index of the built-in playbooks as a cache file holds it: (its name in the
    cache, the database's bytes). Its name depends only on the content files, so every
    test whose user folders hold no playbooks looks for this one (see `_seed_content`)."""
    from empathy_cli.coach import phrases

    files = [list(r) for r in builtin_phrases._q("SELECT path, size, mtime FROM file ORDER BY pos")]
    return phrases.cache_ident(files), builtin_phrases.db.serialize()


def _write_new(path: Optional[Path], data: bytes) -> bool:
    """Write `data` to `path` (0600) unless the file is there; False if it was."""
    if path is None:
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:  # there already (or no folder): the program decides
        return False
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return True


def _seed_content(monkeypatch, warm: WarmContent, warm_index: Optional[tuple[str, bytes]] = None) -> None:
    """Give every content cache this test's runs look for the entries `warm` holds for
    its folders, as a previous run would have left them, and keep what the runs add.

    The entries are kept per file (path, size, modification time), so they hold for any
    search path: with ``--playbooks`` a run parses only the files of its own folders, as
    a second run would. The file is written the first time the program names it (its
    name hashes the search path, known only then) and only if it is not there; a test
    that deletes it later gets no new one."""
    from empathy_cli import cache
    from empathy_cli.content import library

    real = cache.file_for
    real_save = cache.save
    named: set[Path] = set()

    def file_for(kind: str, ident: str, schema_: str):
        path = real(kind, ident, schema_)
        if path is not None and kind == library.CACHE_KIND and schema_ == warm.schema and path not in named:
            named.add(path)
            _write_new(path, warm.doc_for(ident))
        return path

    def save(kind: str, ident: str, schema_: str, data, stamp=None):
        if kind == library.CACHE_KIND and schema_ == warm.schema and isinstance(data, dict):
            warm.keep(data)
        return real_save(kind, ident, schema_, data, stamp)

    monkeypatch.setattr(cache, "save", save)
    monkeypatch.setattr(cache, "file_for", file_for)
    if warm_index is None:
        return
    from empathy_cli.coach import phrases

    ident, index = warm_index
    real_db = cache.readable_database

    def readable_database(kind: str, ident_: str):
        # the built-in phrase index, as a previous run would have left it (once, like above)
        if kind == phrases.CACHE_KIND and ident_ == ident:
            path = cache.database_file(kind, ident_)
            if path not in named and cache.folder() is not None:
                named.add(path)
                _write_new(path, index)
        return real_db(kind, ident_)

    monkeypatch.setattr(cache, "readable_database", readable_database)


@pytest.fixture
def warm_child(warm_content):
    """`warm_child(env, args)`: before a child process (a real terminal, a guarded
    subprocess) runs the command line `args` with the environment `env`, give the content
    cache it will look for the built-in entries, as `_seed_content` does for the runs in
    the test's own process. Its ``--playbooks``/``-p`` folders are its own to parse."""
    from empathy_cli import cache, runtime
    from empathy_cli.content import library

    def seed(env: Mapping[str, str], args: Sequence[str]) -> None:
        args = [str(a) for a in args]
        extra = [Path(value) for flag, value in zip(args, args[1:]) if flag in ("--playbooks", "-p")]
        previous = runtime.install(runtime.Runtime(env=dict(env)))
        try:
            ident = "\0".join(str(f.path.resolve()) for f in library.search_path(extra))
            _write_new(cache.file_for(library.CACHE_KIND, ident, warm_content.schema), warm_content.doc_for(ident))
        finally:
            runtime.install(previous)

    return seed


def _no_fsync(fd: int) -> None:
    os.fstat(fd)  # still refuses a closed or wrong descriptor, as the real one does


@pytest.fixture(autouse=True)
def isolated_env(request, tmp_path_factory, monkeypatch):
    """The test's own user folders and a fixed terminal, set in the process environment
    (through `monkeypatch`, so they are undone after the test and child processes inherit
    them) and read by a fresh `Runtime`."""
    from empathy_cli import runtime

    # One private folder per test under the run's base folder, named by `mkdtemp` in one
    # step: `mktemp` lists the whole base folder to number a new one, which grows with
    # every test (quadratic over a run).
    base = Path(tempfile.mkdtemp(prefix="env-", dir=tmp_path_factory.getbasetemp()))
    home, cache = base / "home", base / "cache"  # the cache folder: made by the program
    home.mkdir()
    for key in list(os.environ):
        if key.startswith(("EMPATHY_", "LC_")) or key in _OWN:
            monkeypatch.delenv(key)
    for key, value in _test_env(home, cache).items():
        if os.environ.get(key) != value:
            monkeypatch.setenv(key, value)
    if _PYCACHE is not None:
        monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
        monkeypatch.setenv("PYTHONPYCACHEPREFIX", _PYCACHE)
    runtime.install(runtime.Runtime())  # reads the (patched) process environment
    # Records and caches are still written atomically (temporary file, then rename or
    # link), but not flushed to the disk: no test can observe durability, and a flush per
    # file costs about a millisecond, a thousand times a run.
    monkeypatch.setattr(os, "fsync", _no_fsync)
    if request.node.get_closest_marker("fresh_cache") is None:
        _seed_content(monkeypatch, request.getfixturevalue("warm_content"), request.getfixturevalue("warm_phrases"))
    yield home
    runtime.install(None)


class _Environ(MutableMapping):
    """The test's environment as a mapping whose changes go through `monkeypatch`."""

    def __init__(self, monkeypatch):
        self._mp = monkeypatch

    def __getitem__(self, key: str) -> str:
        return os.environ[key]

    def __setitem__(self, key: str, value: str) -> None:
        self._mp.setenv(key, value)

    def __delitem__(self, key: str) -> None:
        self._mp.delenv(key)

    def __iter__(self):
        return iter(os.environ)

    def __len__(self) -> int:
        return len(os.environ)


@pytest.fixture
def environ(isolated_env, monkeypatch) -> MutableMapping:
    """The environment of this test (set or delete variables in it; undone afterwards)."""
    return _Environ(monkeypatch)


@pytest.fixture
def home(isolated_env) -> Path:
    """The temporary EMPATHY_HOME of this test."""
    return isolated_env


@pytest.fixture
def runner():
    """A CliRunner whose `env=` reaches the test's runtime (not only the process environment)."""
    from typer.testing import CliRunner

    from empathy_cli.runtime import current

    class RuntimeRunner(CliRunner):
        def invoke(self, *args, env=None, **kwargs):  # type: ignore[override]
            if not env:
                return super().invoke(*args, **kwargs)
            live = current().env
            saved = {k: live.get(k) for k in env}
            _apply(live, env)
            try:
                return super().invoke(*args, env=env, **kwargs)
            finally:
                _apply(live, saved)

    return RuntimeRunner()


def _apply(target, values) -> None:
    for key, value in values.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


@pytest.fixture
def write(tmp_path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write

"""Shared fixtures: every test runs with its own user folders and a fixed terminal.

The autouse fixture points EMPATHY_HOME and EMPATHY_CACHE at temporary folders (no test
ever touches the real user data), pins the language to English and the terminal to a
plain, 100-column one, so output is comparable across machines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILTIN = REPO / "playbooks"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("EMPATHY_HOME", str(home))
    monkeypatch.setenv("EMPATHY_CACHE", str(cache))
    for var in ("EMPATHY_LANG", "EMPATHY_PLAYBOOKS", "EMPATHY_RECORDS", "EMPATHY_COLOR", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    from empathy_cli import i18n
    from empathy_cli.cli.common import state

    i18n.set_lang("en")
    state.lang = None
    state.playbook_dirs = []
    state._library = None
    yield home


@pytest.fixture
def home(isolated_env) -> Path:
    """The temporary EMPATHY_HOME of this test."""
    return isolated_env


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def write(tmp_path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write

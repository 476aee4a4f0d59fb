"""Phrase-search helpers shared by the search tests: the session's built-in index for
queries on the built-in content, and an index of their own for tests with extra folders.

A test module that uses them imports `shared_builtin_index` too: it is an autouse fixture
that hands `index` the session-built index (`builtin_phrases` in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from empathy_cli.coach import phrases as engine
from empathy_cli.content.library import load_library

_BUILTIN: list = []


@pytest.fixture(autouse=True)
def shared_builtin_index(builtin_phrases):
    _BUILTIN[:] = [builtin_phrases]


def index(extra=()):
    """The built-in phrase index; with `extra` folders, one built for them."""
    if not extra:
        return _BUILTIN[0]
    extra = [Path(p) for p in extra]
    return engine.open_index(extra, lambda: load_library(extra))


def find(text, lang, limit=3, extra=()):
    return engine.search(index(extra), engine.Query(text, lang=lang, limit=limit))

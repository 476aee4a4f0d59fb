"""The hostile corpus: each test reproduces one attack of issue 9 and checks its outcome.

Reproductions that could hang (FIFOs, /dev/zero) run the real program in a subprocess
with a generous timeout as a guard, so a regression fails instead of hanging the suite;
the timeout is a safety net, not a measurement. The others run the same command line in
the test's own process (`cli`), which answers the same and costs no interpreter start.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from empathy_cli.runtime import current

GUARD = 60  # seconds: a hang fails the test instead of stopping the suite


@pytest.fixture
def run(request):
    """Run `python -m empathy_cli ARGS` with the test's environment; return the result.
    Its content cache holds the built-in entries, as after a first run (unless the test is
    marked `fresh_cache`)."""
    warm_child = None if request.node.get_closest_marker("fresh_cache") else request.getfixturevalue("warm_child")

    def _run(*args: str, input: bytes | None = None, stdin=None, env: dict | None = None) -> subprocess.CompletedProcess:
        env = {**current().env, **(env or {})}
        if warm_child is not None:
            warm_child(env, args)
        proc = subprocess.run(
            [sys.executable, "-m", "empathy_cli", *args],
            input=input,
            stdin=stdin if input is None else None,
            capture_output=True,
            env=env,
            timeout=GUARD,
        )
        proc.out = proc.stdout.decode("utf-8", "replace")  # type: ignore[attr-defined]
        proc.err = proc.stderr.decode("utf-8", "replace")  # type: ignore[attr-defined]
        return proc

    return _run


@pytest.fixture
def cli(runner):
    """Like `run`, in this process (CliRunner): for reproductions that cannot hang. An
    exception escaping the program fails the test here (a subprocess would print it)."""
    from empathy_cli.cli.app import app

    def _cli(*args: str) -> SimpleNamespace:
        result = runner.invoke(app, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return SimpleNamespace(returncode=result.exit_code, out=result.stdout, err=result.stderr)

    return _cli


@pytest.fixture
def cache_dir() -> Path:
    return Path(current().env["EMPATHY_CACHE"])


def root_only():
    return pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder to another user")

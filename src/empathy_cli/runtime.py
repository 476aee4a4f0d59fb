"""One object for what a run depends on: language, content folders, colour, paths, streams, clock.

The root command builds a `Runtime` from its global options and the environment and
installs it; everything else asks `current()` instead of reading `os.environ`, a module
global or a CLI-level `state`. Tests install their own (`tests/conftest.py`), with an
environment of their own, instead of patching the process environment (httpie's
`Environment` pattern).

Import-cheap on purpose: the standard library only, so `empathy --version` pays nothing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, MutableMapping
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Optional, TextIO

APP = "empathy-cli"
COLOR_MODES = ("auto", "always", "never")


class Runtime:
    """What a run depends on. A plain class, not a dataclass: it is built on every run, and
    generating a dataclass costs start-up time."""

    __slots__ = ("env", "lang", "playbook_dirs", "color", "ui_lang", "stdin", "stdout", "stderr", "clock", "library")

    def __init__(
        self,
        env: Optional[Mapping[str, str]] = None,
        lang: Optional[str] = None,
        playbook_dirs: Optional[list[Path]] = None,
        color: Optional[str] = None,
        ui_lang: str = "en",
        stdin: Optional[TextIO] = None,
        stdout: Optional[TextIO] = None,
        stderr: Optional[TextIO] = None,
        clock: Optional[Callable[[], datetime]] = None,
        library: Any = None,
    ):
        #: The environment the run reads (EMPATHY_*, the locale, NO_COLOR, TERM, COLUMNS):
        #: the process environment by default; tests give a dict of their own.
        self.env: Mapping[str, str] = os.environ if env is None else env
        #: `--lang` given to the root command (a command's own `--lang` wins over it).
        self.lang = lang
        #: `--playbooks` folders, searched last (so they override).
        self.playbook_dirs: list[Path] = list(playbook_dirs or [])
        #: `--color`: auto, always or never; None falls back to EMPATHY_COLOR, then auto.
        self.color = color
        #: The interface language in use (set by the command once it knows it).
        self.ui_lang = ui_lang
        #: Streams; None means the process's current ones (so captured output is seen).
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        #: The clock; None means EMPATHY_NOW when set, else the system clock.
        self.clock = clock
        #: The content library of this run, loaded once (see `cli.common.library`).
        self.library = library

    # -- streams --------------------------------------------------------------------
    @property
    def out(self) -> TextIO:
        return self.stdout or sys.stdout

    @property
    def err(self) -> TextIO:
        return self.stderr or sys.stderr

    @property
    def inp(self) -> TextIO:
        return self.stdin or sys.stdin

    # -- settings from the environment ---------------------------------------------------
    def get(self, name: str, default: str = "") -> str:
        return self.env.get(name, default)

    def color_mode(self) -> str:
        """auto, always or never: `--color`, else EMPATHY_COLOR, else auto."""
        mode = self.color or self.env.get("EMPATHY_COLOR") or "auto"
        return mode if mode in COLOR_MODES else "auto"

    def plain_requested(self) -> bool:
        """NO_COLOR is set, or the terminal is a dumb one."""
        return "NO_COLOR" in self.env or self.env.get("TERM") == "dumb"

    def columns(self) -> Optional[int]:
        """COLUMNS, when it is a positive number."""
        try:
            value = int(self.env.get("COLUMNS", "") or 0)
        except ValueError:
            return None
        return value if value > 0 else None

    def debug(self) -> bool:
        return bool(self.env.get("EMPATHY_DEBUG"))

    # -- paths ----------------------------------------------------------------------
    def home(self) -> Path:
        """EMPATHY_HOME, else the platform's user data folder."""
        value = self.env.get("EMPATHY_HOME")
        if value:
            return Path(value).expanduser()
        from platformdirs import user_data_dir

        return Path(user_data_dir(APP, appauthor=False))

    def cache_dir(self) -> Path:
        """EMPATHY_CACHE, else the platform's user cache folder."""
        value = self.env.get("EMPATHY_CACHE")
        if value:
            return Path(value).expanduser()
        from platformdirs import user_cache_dir

        return Path(user_cache_dir(APP, appauthor=False))

    def records_dir(self) -> Path:
        value = self.env.get("EMPATHY_RECORDS")
        return Path(value).expanduser() if value else self.home() / "records"

    def drill_state_file(self) -> Path:
        value = self.env.get("EMPATHY_DRILL_STATE")
        return Path(value).expanduser() if value else self.home() / "drill" / "state.json"

    def env_playbook_dirs(self) -> list[Path]:
        """The folders of EMPATHY_PLAYBOOKS, in order."""
        return [Path(part).expanduser() for part in self.env.get("EMPATHY_PLAYBOOKS", "").split(os.pathsep) if part.strip()]

    # -- time -----------------------------------------------------------------------
    def now_fn(self) -> Callable[[], datetime]:
        """The clock: the one given, else EMPATHY_NOW fixed, else the system clock
        (ValueError when EMPATHY_NOW is not a date-time)."""
        if self.clock is not None:
            return self.clock
        from .clock import from_env

        return from_env(self.env)

    def now(self) -> datetime:
        return self.now_fn()()


_current: Optional[Runtime] = None


def current() -> Runtime:
    """The runtime of this run (one reading the process environment when none is installed)."""
    global _current
    if _current is None:
        _current = Runtime()
    return _current


def install(runtime: Optional[Runtime]) -> Optional[Runtime]:
    """Make `runtime` the current one (None: back to a default one); returns the previous."""
    global _current
    previous, _current = _current, runtime
    return previous


def configure(*, lang: Optional[str] = None, playbook_dirs: Optional[list[Path]] = None, color: Optional[str] = None) -> Runtime:
    """A fresh runtime for one invocation of the root command, in the same environment and
    with the same streams and clock as the current one."""
    base = current()
    runtime = Runtime(
        env=base.env,
        lang=lang,
        playbook_dirs=list(playbook_dirs or []),
        color=color,
        ui_lang=base.ui_lang,  # chosen from the command line before parsing (help, usage errors)
        stdin=base.stdin,
        stdout=base.stdout,
        stderr=base.stderr,
        clock=base.clock,
    )
    install(runtime)
    return runtime


def environ_for_child(runtime: Optional[Runtime] = None) -> MutableMapping[str, str]:
    """The environment a child process should get: the runtime's, as a plain dict."""
    return dict((runtime or current()).env)

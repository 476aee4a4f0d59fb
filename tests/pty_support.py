"""Helpers for the real-terminal tests (pexpect and tmux): the installed program, and
waiting for text, never for a fixed time."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pexpect is imported where it is used: the tmux tests don't need it
    import pexpect


def empathy_exe() -> str:
    """The `empathy` script of this environment (as a user runs it)."""
    exe = Path(sys.executable).parent / "empathy"
    if not exe.exists():
        exe = Path(shutil.which("empathy") or "")
    assert exe.exists(), "the empathy script is not installed in this environment"
    return str(exe)


def spawn(*args, **kwargs) -> pexpect.spawn:
    """`pexpect.spawn` without its 50 ms pause before every send: each test sends only
    after expecting the prompt that reads it (prompt_toolkit puts the terminal in raw mode
    before it draws a prompt), so the pause would only cost time."""
    import pexpect

    child = pexpect.spawn(*args, **kwargs)
    child.delaybeforesend = None
    return child


def finish(child: pexpect.spawn) -> int | None:
    """Read to the end of the output, reap the program and close its terminal; return
    its exit status. (Reaped first, `close` has no process left to wait 0.1 s for.)"""
    import pexpect

    child.expect(pexpect.EOF)
    status = child.wait()
    child.ptyproc.delayafterclose = 0
    child.close()
    return status

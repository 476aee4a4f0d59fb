"""pexpect helpers for the real-terminal tests: wait for text, never for a fixed time."""

from __future__ import annotations

import pexpect


def spawn(*args, **kwargs) -> pexpect.spawn:
    """`pexpect.spawn` without its 50 ms pause before every send: each test sends only
    after expecting the prompt that reads it (prompt_toolkit puts the terminal in raw mode
    before it draws a prompt), so the pause would only cost time."""
    child = pexpect.spawn(*args, **kwargs)
    child.delaybeforesend = None
    return child


def finish(child: pexpect.spawn) -> int | None:
    """Read to the end of the output, reap the program and close its terminal; return
    its exit status. (Reaped first, `close` has no process left to wait 0.1 s for.)"""
    child.expect(pexpect.EOF)
    status = child.wait()
    child.ptyproc.delayafterclose = 0
    child.close()
    return status

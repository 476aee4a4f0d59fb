"""Which terminal front end answers the engines: the full one or the accessible line mode.

The line mode (`ui.line`) prints plain lines and reads typed lines: no cursor movement,
no redraws, no escape sequences. Screen readers read it well, and so do serial consoles
and people who prefer plain text. It is on with `empathy --plain`, with ``TERM=dumb``
or with ``EMPATHY_PLAIN=1``; ``EMPATHY_PLAIN=0`` turns it off even on a dumb terminal.
Asked for (`--plain`, EMPATHY_PLAIN=1), it also wins over `--color always`; on a dumb
terminal, `--color always` still colours (the user said so).
"""

from __future__ import annotations

from typing import Any, Optional

from ..runtime import current

_forced: Optional[bool] = None


def set_plain(on: Optional[bool]) -> None:
    """`--plain` for this run (None: decide from the environment again)."""
    global _forced
    _forced = on


def asked() -> Optional[bool]:
    """The line mode as the user asked for it (`--plain`, EMPATHY_PLAIN), or None."""
    if _forced is not None:
        return _forced
    value = current().env.get("EMPATHY_PLAIN", "").strip().lower()
    if value in ("1", "yes", "true", "on"):
        return True
    if value in ("0", "no", "false", "off"):
        return False
    return None


def plain() -> bool:
    """Whether the accessible line mode is on: asked for, or a dumb terminal."""
    wanted = asked()
    return wanted if wanted is not None else current().env.get("TERM", "") == "dumb"


def terminal_prompter() -> Any:
    """The prompter for a person at a terminal: the line mode, or the full interface."""
    if plain():
        from .line import LinePrompter

        return LinePrompter()
    from .interactive import InteractivePrompter

    return InteractivePrompter()

"""The one place that decides how output looks: colour or plain, boxes or not.

Output is plain (no colour, no boxes, no escape codes) when stdout is not a terminal,
when NO_COLOR is set, or with TERM=dumb; `--color always|never` (EMPATHY_COLOR) overrides,
except in the accessible line mode (`--plain`, TERM=dumb, EMPATHY_PLAIN=1: see `ui.mode`),
which is always plain and leaves line breaking to the terminal.
Rich is imported only by commands that render rich layouts.
"""

from __future__ import annotations

import sys


def color_mode() -> str:
    from ..runtime import current

    return current().color_mode()


def fancy(stream=None) -> bool:
    """Whether to use colour and boxes on `stream` (stdout by default)."""
    from .mode import asked

    if asked():  # the accessible line mode, asked for: never colour, boxes or escape codes
        return False
    mode = color_mode()
    if mode == "always":
        return True
    from ..runtime import current

    if mode == "never" or current().plain_requested():
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def console(stderr: bool = False):
    """A Rich console that never interprets markup or highlights untrusted text."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    is_fancy = fancy(stream)
    is_tty = bool(getattr(stream, "isatty", lambda: False)())
    if is_tty and not is_fancy:
        from .mode import plain

        is_tty = not plain()  # the line mode: one logical line per line, the terminal wraps it
    out = Console(
        # (_TrimmedLines is a duck-typed text stream: Rich only writes, flushes and asks isatty/encoding/fileno)
        file=stream if is_fancy else _TrimmedLines(stream),  # type: ignore[arg-type]
        # Piped output is for grep and files: one logical line per line, never cut at 80.
        width=_columns() if is_tty or is_fancy else 4096,
        markup=False,
        highlight=False,
        emoji=False,
        force_terminal=True if is_fancy and color_mode() == "always" else None,
        no_color=not is_fancy,
        color_system="auto" if is_fancy else None,
    )
    # Rich turns a reader that left (`| head`) into exit 1; the commands' guard treats it
    # as the normal end it is (exit 0), in one place for every kind of output.
    out.on_broken_pipe = _reader_left  # type: ignore[method-assign]  # Rich's overridable hook, replaced on this instance
    return out


def _columns():
    from ..runtime import current

    return current().columns()


def _reader_left() -> None:
    raise BrokenPipeError()


class _TrimmedLines:
    """A stream wrapper for plain output: drops the spaces Rich pads table cells and
    panels with at the end of a line, so piped output has no trailing blanks."""

    def __init__(self, stream):
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        lines = (self.pending + text).split("\n")
        self.pending = lines.pop()
        if lines:
            self.stream.write("\n".join(line.rstrip(" ") for line in lines) + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending)
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8")

    def fileno(self) -> int:
        return self.stream.fileno()


def styled(text: str, style: str):
    """`text` as a Rich Text with `style` on its own characters only (a span, not the base
    style), so ``styled(a, "bold") + Text(b)`` leaves `b` plain; no style when plain."""
    from rich.text import Text

    out = Text(text)
    if style and fancy():
        out.stylize(style)
    return out


def box():
    """The box style for panels and tables: rounded on a terminal, none when plain."""
    from rich import box as boxes

    return boxes.ROUNDED if fancy() else None

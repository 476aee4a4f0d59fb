"""Simple tables of rows (dicts): boxed on a terminal, aligned plain columns otherwise.

Plain output (piped, or the accessible line mode) is written here without Rich: the
columns are padded to their widest cell and separated by two spaces, one row per line,
never wrapped. Importing Rich's table layout costs more than the rest of `playbooks list`,
and a pipe needs none of it.
"""

from __future__ import annotations

import sys
import unicodedata
from typing import Any, Iterable

from ..text import clean, clean_line


def width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters two, combining marks none."""
    if text.isascii():
        return len(text)
    cells = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return cells


def plain_table(rows: list[dict[str, Any]], headers: list[str], columns: list[str], title: str | None = None) -> str:
    """The table as aligned text: header line, then one line per row; no trailing blanks."""
    cells = [headers] + [[clean_line(str(row.get(c, ""))) for c in columns] for row in rows]
    widths = [max(width(line[i]) for line in cells) for i in range(len(columns))]
    lines = [title] if title else []
    for line in cells:
        padded = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(line)]
        lines.append("  ".join(padded).rstrip(" "))
    return "\n".join(lines) + "\n"


def _plain_stream() -> bool:
    """Whether stdout gets plain, unwrapped lines: no colour or boxes, and not a terminal
    (or the line mode, which leaves wrapping to the terminal)."""
    from .console import fancy

    if fancy():
        return False
    if not bool(getattr(sys.stdout, "isatty", lambda: False)()):
        return True
    from .mode import plain

    return plain()


def print_table(rows: list[dict[str, Any]], columns: Iterable[str], area: str, title: str | None = None) -> None:
    from .. import i18n

    columns = list(columns)
    headers = [i18n.t(f"{area}.col.{col}") for col in columns]
    if _plain_stream():
        sys.stdout.write(plain_table(rows, headers, columns, clean(title) if title else None))
        return
    from rich.table import Table
    from rich.text import Text

    from .console import box, console, fancy

    table = Table(box=box(), title=title, show_edge=fancy(), header_style="bold" if fancy() else None, pad_edge=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(Text(clean(str(row.get(c, "")))) for c in columns))
    console().print(table)

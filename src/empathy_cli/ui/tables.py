"""Simple tables of rows (dicts): boxed on a terminal, aligned plain columns otherwise."""

from __future__ import annotations

from typing import Any, Iterable

from ..text import clean


def print_table(rows: list[dict[str, Any]], columns: Iterable[str], area: str, title: str | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from .. import i18n
    from .console import box, console, fancy

    columns = list(columns)
    table = Table(box=box(), title=title, show_edge=fancy(), header_style="bold" if fancy() else None, pad_edge=False)
    for col in columns:
        table.add_column(i18n.t(f"{area}.col.{col}"), overflow="fold")
    for row in rows:
        table.add_row(*(Text(clean(str(row.get(c, "")))) for c in columns))
    console().print(table)

"""The trainer's report as tables (Rich): per scenario and per trainee.

Moved out of `cli/report.py` so the command stays thin and Rich stays in `ui/`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import Literal, TypedDict

    class ColumnOptions(TypedDict, total=False):
        """The `Table.add_column` options the report's columns use."""

        justify: Literal["default", "left", "center", "right", "full"]
        overflow: Literal["fold", "crop", "ellipsis", "ignore"]
        no_wrap: bool
        min_width: int


def _number(value: Any) -> str:
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _signals(items: list[dict[str, Any]], sep: str, top: int = 3) -> str:
    from .. import i18n
    from ..i18n import report as strings

    parts = []
    for item in items[:top]:
        key = f"signal.{item['kind']}"
        name = i18n.t(f"report.{key}") if key in strings.EN else item["kind"]
        parts.append(f"{name} ×{item['count']}")
    if len(items) > top:
        parts.append("…")
    return sep.join(parts)


def _outcomes(counts: dict[str, int], sep: str) -> str:
    from ..ui.scenario_view import outcome_label

    return sep.join(f"{outcome_label(o)} {n}" for o, n in counts.items())


def _row(group: dict[str, Any], stages: list[str], sep: str) -> list[str]:
    return [
        str(group["attempts"]),
        _number(group["mean_score"]),
        _number(group["best_score"]),
        *(_number(group["stages"].get(stage)) for stage in stages),
        str(group.get("exams", 0)),
        str(group.get("undos", 0)),
        str(group.get("hints", 0)),
        str(group.get("unsure", 0)),
        _signals(group["escalating_signals"], sep),
        _outcomes(group["outcomes"], sep),
    ]


def _needed(headers: list[str], rows: list[list[str]], no_wrap: list[bool], min_widths: list[int]) -> int:
    """Columns a report table needs without squeezing: its no-wrap columns at full width,
    the others at their minimum, plus padding (from the cells themselves, not the table's
    internals)."""
    from rich.cells import cell_len

    total = 0
    for n, header in enumerate(headers):
        if no_wrap[n]:
            total += max(cell_len(c) for c in [header, *(row[n] for row in rows)])
        else:
            total += min_widths[n] or 1
        total += 2  # padding on both sides
    return total


def print_tables(result: Any, files: int) -> None:
    """The report as two tables (per scenario, per trainee), compact on a narrow terminal."""
    from rich import box as boxes
    from rich.table import Table
    from rich.text import Text

    from .. import i18n
    from ..content.models import STAGE_IDS
    from ..text import clean
    from ..ui.console import console, fancy

    out = console()
    is_fancy = fancy()
    col = lambda key: i18n.t(f"report.col.{key}")  # noqa: E731
    out.print(i18n.t("report.summary", count=result.count, incomplete=result.count - result.complete, files=files))
    # Only the stages some scenario has scores for: a group with no escalate node gets no column.
    stages = [s for s in STAGE_IDS if any(s in g["stages"] for g in result.scenarios)]
    groups = (
        (i18n.t("report.by_scenario"), "scenario", [(g["scenario"], g) for g in result.scenarios]),
        (i18n.t("report.by_trainee"), "trainee", [(g["trainee"] or i18n.t("report.unnamed"), g) for g in result.trainees]),
    )

    def build(first: str, rows: list, compact: bool) -> tuple[Table, int]:
        table = Table(box=boxes.SIMPLE_HEAD if is_fancy else None, show_edge=False, pad_edge=False, header_style="bold" if is_fancy else None)
        columns: list[tuple[str, bool, int, ColumnOptions]] = [(col(first), False, 10, {"overflow": "fold", "min_width": 10})]
        columns += [(col(key), True, 0, {"justify": "right", "no_wrap": True}) for key in ("attempts", "mean", "best")]
        columns += [(col(f"short.{stage}" if compact else stage), True, 0, {"justify": "right", "no_wrap": True}) for stage in stages]
        columns += [(col(f"short.{key}" if compact else key), True, 0, {"justify": "right", "no_wrap": True}) for key in ("exams", "undos", "hints", "unsure")]
        columns += [(col("signals"), False, 16, {"min_width": 16}), (col("outcomes"), False, 16, {"min_width": 16})]
        for header, _, _, options in columns:
            table.add_column(header, **options)
        cells = []
        for name, group in rows:
            # On a terminal, one signal or outcome per line; piped, one line per row (for grep).
            cells.append([clean(str(cell)) for cell in [name, *_row(group, stages, "\n" if is_fancy else ", ")]])
            table.add_row(*(Text(cell) for cell in cells[-1]))
        needed = _needed([c[0] for c in columns], cells, [c[1] for c in columns], [c[2] for c in columns])
        return table, needed

    compact = False
    for title, first, rows in groups:
        table, needed = build(first, rows, compact=False)
        if needed > out.width:
            # A narrow terminal: stage columns get short headings, explained below.
            (table, _), compact = build(first, rows, compact=True), True
        out.print()
        out.print(Text(title, style="bold cyan" if is_fancy else ""))
        out.print(table)
    out.print()
    if compact:
        legend = ", ".join(f"{col(f'short.{s}')} = {col(s)}" for s in [*stages, "exams", "undos", "hints", "unsure"])
        out.print(Text(legend, style="dim" if is_fancy else ""))
    out.print(i18n.t("report.note"))

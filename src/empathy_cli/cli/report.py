"""`empathy report`: a trainer's summary of a group's rehearsal records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import JsonOption, dump_json, use_lang, warn


def report(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(metavar="[PATH]...", help="Folders of records or record .json files (default: the records folder)."),
    ] = None,
    json: JsonOption = False,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV: one row per scenario and trainee.")] = False,
    scenario: Annotated[Optional[str], typer.Option("--scenario", "-s", metavar="ID", help="Only this scenario.")] = None,
    trainee: Annotated[Optional[str], typer.Option("--trainee", "-t", metavar="NAME", help="Only this trainee (any case).")] = None,
    exam: Annotated[Optional[bool], typer.Option("--exam/--practice", help="Only exam runs, or only practice runs (default: both).")] = None,
) -> None:
    """Summarise a group's rehearsal records, per scenario and per trainee.

    Attempts, mean and best score, per-stage means, exams, undos and hints used in
    practice, typed replies the judge was unsure about, top escalating signals and outcomes.

    Scores count complete rehearsals only; incomplete ones count as attempts.

    Files that are not rehearsal records are skipped; broken ones are named on stderr.
    """
    from .. import i18n
    from .. import paths as where
    from ..records import report as core

    lang = use_lang()
    if json and csv:
        raise EmpathyError(i18n.t("report.json_and_csv"), ExitCode.USAGE)
    if paths:
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise EmpathyError(i18n.t("report.missing", path=missing[0]))
        targets = list(paths)
    else:
        targets = [where.records_dir()]

    collected = core.collect(targets)
    for problem in collected.problems:
        reason = i18n.t(f"report.problem.{problem.code}", detail=problem.detail)
        warn(i18n.t("report.skipped", path=problem.path, reason=reason))
    attempts = core.select(collected.attempts, scenario, trainee, exam)
    result = core.build(attempts, lang)

    if json:
        dump_json(
            {
                **result.as_dict(),
                "filters": {"scenario": scenario, "trainee": trainee, "mode": None if exam is None else ("exam" if exam else "practice")},
                "files": {
                    "read": collected.files,
                    "not_records": len(collected.skipped),
                    "problems": [{"path": str(p.path), "code": p.code, "detail": p.detail} for p in collected.problems],
                },
                "note": "mean_score, best_score and stages count complete records only; incomplete records count in attempts and outcomes.",
            }
        )
    elif csv:
        import csv as csvlib

        header, rows = core.csv_rows(result)
        writer = csvlib.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)

    if not attempts:
        if collected.attempts:
            filters = ", ".join(f"{k} {v}" for k, v in (("--scenario", scenario), ("--trainee", trainee)) if v is not None)
            if exam is not None:
                filters = ", ".join(x for x in (filters, "--exam" if exam else "--practice") if x)
            sys.stderr.write(i18n.t("report.none_match", filters=filters) + "\n")
        else:
            sys.stderr.write(i18n.t("report.none", paths=", ".join(str(p) for p in targets)) + "\n")
            if collected.skipped:
                sys.stderr.write(i18n.t("report.not_records", count=len(collected.skipped)) + "\n")
        return
    if json or csv:
        return
    _print_tables(result, collected.files)


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


def _needed(table) -> int:
    """Columns a report table needs without squeezing: its no-wrap columns at full width,
    the others at their minimum, plus padding."""
    from rich.cells import cell_len

    total = 0
    for column in table.columns:
        if column.no_wrap:
            cells = [str(column.header), *(str(c) for c in column._cells)]
            total += max(cell_len(c) for c in cells)
        else:
            total += column.min_width or 1
        total += 2  # padding on both sides
    return total


def _print_tables(result, files: int) -> None:
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

    def build(first: str, rows: list, compact: bool) -> Table:
        table = Table(box=boxes.SIMPLE_HEAD if is_fancy else None, show_edge=False, pad_edge=False, header_style="bold" if is_fancy else None)
        table.add_column(col(first), overflow="fold", min_width=10)
        for key in ("attempts", "mean", "best"):
            table.add_column(col(key), justify="right", no_wrap=True)
        for stage in stages:
            table.add_column(col(f"short.{stage}" if compact else stage), justify="right", no_wrap=True)
        for key in ("exams", "undos", "hints", "unsure"):
            table.add_column(col(f"short.{key}" if compact else key), justify="right", no_wrap=True)
        table.add_column(col("signals"), min_width=16)
        table.add_column(col("outcomes"), min_width=16)
        for name, group in rows:
            # On a terminal, one signal or outcome per line; piped, one line per row (for grep).
            cells = [name, *_row(group, stages, "\n" if is_fancy else ", ")]
            table.add_row(*(Text(clean(str(cell))) for cell in cells))
        return table

    compact = False
    for title, first, rows in groups:
        table = build(first, rows, compact=False)
        if _needed(table) > out.width:
            # A narrow terminal: stage columns get short headings, explained below.
            table, compact = build(first, rows, compact=True), True
        out.print()
        out.print(Text(title, style="bold cyan" if is_fancy else ""))
        out.print(table)
    out.print()
    if compact:
        legend = ", ".join(f"{col(f'short.{s}')} = {col(s)}" for s in [*stages, "exams", "undos", "hints", "unsure"])
        out.print(Text(legend, style="dim" if is_fancy else ""))
    out.print(i18n.t("report.note"))

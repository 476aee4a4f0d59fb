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
    from ..records import report as core

    lang = use_lang()
    if json and csv:
        raise EmpathyError(i18n.t("report.json_and_csv"), ExitCode.USAGE)
    targets = _targets(paths)
    collected = core.collect(targets)
    for problem in collected.problems:
        reason = i18n.t(f"report.problem.{problem.code}", detail=problem.detail)
        warn(i18n.t("report.skipped", path=problem.path, reason=reason))
    attempts = core.select(collected.attempts, scenario, trainee, exam)
    result = core.build(attempts, lang)
    if json:
        _json(result, collected, {"scenario": scenario, "trainee": trainee, "mode": None if exam is None else ("exam" if exam else "practice")})
    elif csv:
        _csv(result)
    if not attempts:
        _nothing(collected, targets, scenario, trainee, exam)
    elif not (json or csv):
        from ..ui.report_view import print_tables

        print_tables(result, collected.files)


def _targets(paths: Optional[list[Path]]) -> list[Path]:
    """The folders and files to read: those given (each must exist), else the records folder."""
    from .. import i18n
    from .. import paths as where

    if not paths:
        return [where.records_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise EmpathyError(i18n.t("report.missing", path=missing[0]))
    return list(paths)


def _json(result: Any, collected: Any, filters: dict[str, Any]) -> None:
    dump_json(
        {
            **result.as_dict(),
            "filters": filters,
            "files": {
                "read": collected.files,
                "not_records": len(collected.skipped),
                "problems": [{"path": str(p.path), "code": p.code, "detail": p.detail} for p in collected.problems],
            },
            "note": "mean_score, best_score and stages count complete records only; incomplete records count in attempts and outcomes.",
        }
    )


def _csv(result: Any) -> None:
    import csv as csvlib

    from ..records import report as core

    header, rows = core.csv_rows(result)
    writer = csvlib.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def _nothing(collected: Any, targets: list[Path], scenario: Optional[str], trainee: Optional[str], exam: Optional[bool]) -> None:
    """Say why there is nothing to report: the filters matched nothing, or no records."""
    from .. import i18n

    if collected.attempts:
        filters = ", ".join(f"{k} {v}" for k, v in (("--scenario", scenario), ("--trainee", trainee)) if v is not None)
        if exam is not None:
            filters = ", ".join(x for x in (filters, "--exam" if exam else "--practice") if x)
        sys.stderr.write(i18n.t("report.none_match", filters=filters) + "\n")
    else:
        sys.stderr.write(i18n.t("report.none", paths=", ".join(str(p) for p in targets)) + "\n")
        if collected.skipped:
            sys.stderr.write(i18n.t("report.not_records", count=len(collected.skipped)) + "\n")

"""`empathy validate` and `empathy schema`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from ..runtime import current
from .common import JsonOption, dump_json


def validate(
    paths: Annotated[Optional[list[Path]], typer.Argument(metavar="[PATH]...", help="Files or folders (default: the whole search path).")] = None,
    json: JsonOption = False,
) -> None:
    """Check content files: YAML, fields, references, scenario flow. Exit 1 if any problem."""
    from .. import i18n
    from ..content.library import load_library, search_path
    from ..content.validate import validate as run
    from .common import use_lang

    use_lang()
    if paths:
        missing = [p for p in paths if not p.exists()]
        if missing:
            raise EmpathyError(i18n.t("validate.missing", path=missing[0]), ExitCode.USAGE)
        targets = list(paths)
    else:
        targets = [f.path for f in search_path(current().playbook_dirs) if f.path.exists()]
    # With no PATH the files checked are the search path itself: they are their own
    # library, so nothing is parsed twice.
    report = run(targets, load_library(current().playbook_dirs) if paths else None)
    rows = _rows(report)
    if json:
        dump_json({"files": len(report.files), "errors": report.problem_count, "warnings": report.warning_count, "problems": rows})
    else:
        _print(report, rows)
    if report.problem_count:
        raise typer.Exit(ExitCode.PROBLEMS)


def schema(
    kind: Annotated[str, typer.Argument(metavar="KIND", help="playbook or scenario")],
) -> None:
    """Print the JSON Schema of a content kind, for editors (see README)."""
    from .. import i18n
    from ..content.models import KINDS
    from ..content.typecheck import json_schema
    from .common import use_lang

    use_lang()
    if kind not in KINDS:
        raise EmpathyError(i18n.t("validate.unknown_kind", kind=kind, kinds=i18n.t("validate.kinds")), ExitCode.USAGE)
    dump_json(json_schema(KINDS[kind]))


def _rows(report: Any) -> list[dict[str, Any]]:
    return [
        {
            "file": str(f.path),
            "line": p.line,
            "column": p.column,
            "code": p.code,
            "severity": "error" if p.is_error else "warning",
            "path": p.path,
            "message": p.text(),  # in the interface language
            "message_id": p.message_id,  # the same in every language, with its values:
            "params": dict(p.params),
        }
        for f in report.files
        for p in sorted(f.problems, key=lambda p: (p.line, p.column))
    ]


def _print(report: Any, rows: list[dict[str, Any]]) -> None:
    """One line per problem on stdout, the summary on stderr."""
    from .. import i18n
    from ..text import clean_line

    for r in rows:
        field = f"{r['path']}: " if r["path"] else ""
        sev = "" if r["severity"] == "error" else f"{i18n.t('common.warning')}: "
        # One line per problem, whatever a file name holds (a newline can't forge a line).
        sys.stdout.write(clean_line(f"{r['file']}:{r['line']}:{r['column']}: {sev}{field}{r['message']} [{r['code']}]") + "\n")
    bad_files = sum(1 for f in report.files if any(p.is_error for p in f.problems))
    if report.problem_count:
        summary = i18n.t("validate.summary_bad", problems=report.problem_count, bad=bad_files, files=len(report.files))
    else:
        summary = i18n.t("validate.summary_ok", files=len(report.files))
    if report.warning_count:
        summary += " " + i18n.t("validate.warnings", warnings=report.warning_count)
    sys.stdout.flush()  # keep the summary after the problems when both go to a terminal
    sys.stderr.write(summary + "\n")

"""`empathy log list|show|export|path`: the saved records of encounters and rehearsals."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .choices import ExportFormat, RecordKind, choice
from .common import App, JsonOption, dump_json, record_store, use_lang, warn
from .encounter import OutOption

app = App(help="List, read and export your saved records.")

KindOption = Annotated[
    Optional[RecordKind],
    typer.Option("--kind", "-k", help="Only records of this kind: encounter or rehearsal.", click_type=choice(RecordKind, "log.bad_kind", "kind")),
]


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"log.{key}", **values)


def _records(out: Optional[Path], kind: Optional[str]):
    from .. import i18n
    from ..i18n.safety import file_kind

    store = record_store(out)
    records = store.list(kind)
    for path, kind_of_file in store.skipped:
        warn(i18n.t("safety.skipped_special", path=path, type=file_kind(kind_of_file)))
    for path in store.unreadable:
        warn(_t("damaged", path=path))
    for path in store.orphans:
        warn(i18n.t("safety.orphan", path=path))
    return store, records


@app.command("list")
def list_(json: JsonOption = False, kind: KindOption = None, out: OutOption = None) -> None:
    """List saved records, newest first: kind, playbook or scenario, time, outcome, file."""
    from ..records.export import summary

    use_lang()
    store, records = _records(out, kind.value if kind else None)
    rows = [summary(r) for r in records]
    if not kind:  # a Markdown file without its JSON: shown, so nothing is silently lost
        rows += [_orphan_row(p) for p in store.orphans]
    if json:
        dump_json(rows)
        return
    if not rows:
        sys.stderr.write(_t("empty", folder=store.folder) + "\n")
        return
    from .. import i18n
    from ..ui.tables import print_table

    def shown(area: str, value: str) -> str:
        """A stored value (`walked_out`) in the reader's words, when the catalogue has them."""
        try:
            return i18n.t(f"{area}.{value}")
        except KeyError:
            return value

    for row in rows:
        row["time"] = str(row.get("started_at") or "")[:16].replace("T", " ")
        row["kind"] = shown("log.kind", str(row.get("kind") or "")) if row.get("kind") else "?"
        outcome = str(row.get("outcome") or "")
        shown_outcome = shown("rehearse.outcome", outcome) if outcome else ""
        if row.get("orphan"):
            shown_outcome = _t("orphan")
        elif not row.get("complete", True) and outcome != "incomplete":
            shown_outcome = f"{shown_outcome} ({_t('incomplete')})".strip()
        row["outcome"] = shown_outcome
    print_table(rows, ["id", "kind", "subject", "time", "outcome", "path"], area="log")


def _orphan_row(p: Path) -> dict[str, Any]:
    """A Markdown record without its JSON, as a row of `log list`."""
    return {
        "id": p.stem,
        "kind": None,
        "playbook": None,
        "scenario": None,
        "subject": "",
        "lang": None,
        "started_at": None,
        "finished_at": None,
        "complete": False,
        "outcome": None,
        "path": str(p),
        "json": None,
        "orphan": True,
    }


@app.command("show")
def show(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Record id (the file name without extension), or a unique start of it.")],
    out: OutOption = None,
) -> None:
    """Print a record's Markdown, as it is."""
    from ..text import clean

    use_lang()
    store = record_store(out)
    key = Path(record_id).name
    for suffix in (".md", ".json"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    info = store.find(key)
    markdown = info.markdown_path if info else store.folder / f"{key}.md"
    if info is None:
        if not markdown.is_file():
            raise EmpathyError(_t("not_found", id=record_id, folder=store.folder))
        warn(_t("damaged", path=markdown.with_suffix(".json")))  # the people's copy still reads
    from ..records.store import MAX_BYTES
    from ..safeio import describe, read_text

    try:
        text = read_text(markdown, MAX_BYTES, errors="replace")  # regular files only, capped
    except OSError as exc:
        raise EmpathyError(_t("unreadable", path=markdown, reason=describe(exc))) from None
    sys.stdout.write(clean(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")


@app.command("export")
def export(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv (one table per record kind: needs --kind) or json (every record, flattened).",
            click_type=choice(ExportFormat, "log.bad_format", "format"),
        ),
    ] = ExportFormat.csv,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file (private, 0600) instead of standard output; its folder must exist.", dir_okay=False
        ),
    ] = None,
    kind: KindOption = None,
    lang: Annotated[Optional[str], typer.Option("--lang", "-l", help="Language of the CSV headers (default: the interface language).")] = None,
    out: OutOption = None,
) -> None:
    """Export records for a spreadsheet (CSV, one table per kind, fixed columns) or an audit (JSON)."""
    from ..records.export import flatten, to_json

    resolved = use_lang(lang)
    fmt, kind_id = format.value, kind.value if kind else None
    if fmt == "csv" and not kind:
        raise EmpathyError(_t("csv_needs_kind"), ExitCode.USAGE)
    if out is not None and not out.expanduser().is_dir():
        raise EmpathyError(_t("no_folder", path=out), ExitCode.USAGE)
    target = output.expanduser() if output is not None and str(output) != "-" else None
    if target is not None and not target.parent.is_dir():  # checked before any work: nothing half-done
        raise EmpathyError(_t("no_parent", path=output, folder=target.parent))
    _, records = _records(out, kind_id)
    if fmt == "csv":
        from ..records.sheets import table

        text = table(records, str(kind_id), resolved if resolved in ("en", "pl") else "en")
        count = sum(1 for r in records if r.data.get("kind") == kind_id)
    else:
        rows = [flatten(r) for r in records]
        text, count = to_json(rows), len(rows)
    if target is None:
        sys.stdout.write(text)
        return
    from ..atomic import write_atomic

    try:
        write_atomic(target, text)
    except OSError as exc:
        raise EmpathyError(_t("cannot_write", path=output, reason=exc.strerror or exc)) from None
    sys.stderr.write(_t("exported", count=count, path=output) + "\n")


@app.command("path")
def path(out: OutOption = None) -> None:
    """Print the folder where records are saved."""
    sys.stdout.write(f"{record_store(out).folder}\n")

"""`empathy progress`: your own trend from your records and the drill, with terminal charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import JsonOption, dump_json, record_store, use_lang, warn


def progress(
    since: Annotated[
        Optional[str], typer.Option("--since", metavar="DATE", help="Only since this day: 2026-11-30, 30.11.2026, 30.11, today/dziś, yesterday/wczoraj, 7d.")
    ] = None,
    lang: Annotated[
        Optional[str], typer.Option("--lang", "-l", metavar="LANG", help="Only records and cards in this language (en, pl…); also the interface's language.")
    ] = None,
    out: Annotated[
        Optional[Path], typer.Option("--out", metavar="DIR", file_okay=False, help="Folder of records (default: EMPATHY_RECORDS, then $EMPATHY_HOME/records).")
    ] = None,
    json_out: JsonOption = False,
) -> None:
    """Your progress over time: rehearsal scores per stage and scenario, drill retention and due cards, encounters by outcome and level."""
    from ..app import progress as usecase
    from ..app.clock import from_env
    from ..records.drillstate import DrillStateError

    use_lang(lang)  # the global --lang sets the interface only; this one also filters
    try:
        clock = from_env()
        data = usecase.report(record_store(out), clock=clock, since=since, lang=lang)
    except DrillStateError as exc:
        from .. import i18n

        raise EmpathyError(i18n.t("drill.bad_state", path=exc.path, reason=exc.reason)) from None
    except ValueError:
        raise EmpathyError(_t("bad_since", value=since), ExitCode.USAGE) from None
    if data["unreadable"]:
        warn(_t("unreadable", count=len(data["unreadable"])))
    if json_out:
        dump_json(data)
        return
    from ..ui.progress_view import render

    render(data)


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"progress.{key}", **values)

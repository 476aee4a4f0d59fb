"""`empathy new scenario|playbook`: start a content file from a commented, valid skeleton."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import App, LangOption, library, use_lang, warn

app = App(help="Start a new scenario or playbook from a commented skeleton that already validates.")

OutputOption = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="File or folder to write it to (default: your playbooks folder, EMPATHY_HOME/playbooks/LANG/…); '-' prints it.",
    ),
]


def _prepare(kind: str, content_id: str, lang: Optional[str], output: Optional[Path]) -> tuple[str, Optional[Path]]:
    """Check the id and language; return the content language and the target (None: stdout)."""
    from .. import i18n
    from ..coach import skeleton

    resolved = use_lang(lang)
    if not skeleton.valid_id(content_id):
        raise EmpathyError(i18n.t("new.bad_id", id=content_id), ExitCode.USAGE)
    if not skeleton.valid_lang(resolved):
        raise EmpathyError(i18n.t("new.bad_lang", lang=resolved), ExitCode.USAGE)
    if output is not None and str(output) == "-":
        return resolved, None
    target = output.expanduser() if output is not None else skeleton.default_path(kind, content_id, resolved)
    if target.is_dir():  # --output FOLDER: the file goes inside, named after the id
        target = target / f"{content_id}.yaml"
    if target.exists() or target.is_symlink():
        raise EmpathyError(i18n.t("new.exists", path=target))
    existing = library().get(kind, content_id, resolved)
    if existing is not None:
        warn(i18n.t(f"new.overrides_{kind}", id=content_id, lang=resolved, path=existing.path))
    return resolved, target


def _write(target: Optional[Path], text: str) -> None:
    from .. import i18n
    from ..atomic import write_atomic

    if target is None:
        sys.stdout.write(text)
        return
    try:
        # Content is meant to be shared and versioned: readable by others, unlike records.
        write_atomic(target, text, mode=0o644, dir_mode=0o755, exclusive=True)
    except FileExistsError:
        raise EmpathyError(i18n.t("new.exists", path=target)) from None
    except OSError as exc:
        raise EmpathyError(i18n.t("new.cannot_write", path=target, reason=exc.strerror or exc)) from None
    sys.stdout.write(i18n.t("new.written", path=target) + "\n")
    sys.stdout.write(i18n.t("new.next_steps", path=target) + "\n")


@app.command("scenario")
def scenario(
    scenario_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new scenario, e.g. late-arrival.")],
    lang: LangOption = None,
    playbook: Annotated[
        Optional[str],
        typer.Option("--playbook", metavar="ID", help="Playbook whose phrases and signals it uses (default: the first one in its language)."),
    ] = None,
    output: OutputOption = None,
    from_record: Annotated[
        Optional[str],
        typer.Option(
            "--from-record",
            metavar="RECORD",
            help="Draft it from a saved encounter record (its id from 'empathy log list'): masked text only; runs in rehearse as it is.",
        ),
    ] = None,
    records: Annotated[
        Optional[Path],
        typer.Option(
            "--out",
            "--records",
            metavar="DIR",
            file_okay=False,
            help="Folder of records for --from-record (default: EMPATHY_RECORDS, then $EMPATHY_HOME/records).",
        ),
    ] = None,
) -> None:
    """Write a commented skeleton of a scenario: persona, a node for each stage, a mood rule
    and endings. It validates as it is; replace the text with your own. With --from-record,
    draft it from a real encounter instead."""
    from .. import i18n
    from ..coach import skeleton

    if from_record is not None:
        return _from_record(scenario_id, from_record, lang, output, records)
    resolved, target = _prepare("scenario", scenario_id, lang, output)
    lib = library()
    if playbook is None:
        same_lang = sorted(e.content.id for e in lib.playbooks(resolved))
        any_lang = sorted(e.content.id for e in lib.playbooks())
        playbook = (same_lang or any_lang or ["aesthetic-clinic"])[0]
    elif not skeleton.valid_id(playbook):
        raise EmpathyError(i18n.t("new.bad_id", id=playbook), ExitCode.USAGE)
    if lib.get("playbook", playbook, resolved) is None:
        warn(i18n.t("new.no_playbook", playbook=playbook, lang=resolved))
    shown = target if target is not None else f"{scenario_id}.yaml"
    _write(target, skeleton.scenario(scenario_id, resolved, playbook, shown))


def _from_record(scenario_id: str, record_id: str, lang: Optional[str], output: Optional[Path], records: Optional[Path]) -> None:
    """`new scenario ID --from-record RECORD`: the draft is in the record's language."""
    from ..app.from_record import draft, find_record
    from .common import record_store

    use_lang(lang)
    store = record_store(records)
    record_lang = str(find_record(store, record_id).get("lang") or "")
    resolved, target = _prepare("scenario", scenario_id, lang or record_lang or None, output)
    shown = target if target is not None else f"{scenario_id}.yaml"
    _write(target, draft(store, library(), record_id, scenario_id, str(shown)))


@app.command("playbook")
def playbook(
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="Id of the new playbook, e.g. dental-reception.")],
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Write a commented skeleton of a playbook with the five stages, solutions, escalation
    levels, record fields and wording signals. It validates as it is."""
    from ..coach import skeleton

    resolved, target = _prepare("playbook", playbook_id, lang, output)
    shown = target if target is not None else f"{playbook_id}.yaml"
    _write(target, skeleton.playbook(playbook_id, resolved, shown))

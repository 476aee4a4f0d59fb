"""`empathy encounter`: the guided walk-through of a real encounter, and its record.

Thin: options are parsed here, the prompter is built here, and `app.encounter` does the
rest (resume, run, the session protocol, the record); the outcome is worded here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import LangOption, check_answers_file, library, record_store, require_tty, use_lang, warn

OutOption = Annotated[
    Optional[Path],
    typer.Option("--out", metavar="DIR", help="Folder of records (default: EMPATHY_RECORDS, then $EMPATHY_HOME/records).", file_okay=False),
]

#: Messages worth printing in a scripted run (the rest is coaching for a person).
SCRIPTED_KINDS = {"alert", "feedback", "warning", "summary"}


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"encounter.{key}", **values)


def _say(text: str) -> None:
    from ..text import clean

    sys.stdout.write(clean(text) + "\n")


def encounter(
    playbook: Annotated[
        Optional[str],
        typer.Argument(metavar="[PLAYBOOK]", help="Playbook id (default: the first of your language). With --resume: the session ID."),
    ] = None,
    lang: LangOption = None,
    answers: Annotated[
        Optional[Path],
        typer.Option("--answers", "-a", help="Run without prompts, from a YAML answers file (see --template; - reads standard input).", dir_okay=False),
    ] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a YAML answers file with every question of the playbook.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an unfinished session: pick one, or give its ID as the argument.")] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Keep e-mail addresses, phone numbers and PESEL numbers in the record unmasked.")] = False,
    out: OutOption = None,
) -> None:
    """Walk through a difficult encounter stage by stage, get the words, and save a private record."""
    if template and (answers or resume):
        raise EmpathyError(_t("template_alone"), ExitCode.USAGE)
    resolved = use_lang(lang)
    store = record_store(out, writable=not template)
    interactive = answers is None and not template
    journal = _journal(store, playbook, interactive) if resume else None
    if resume and journal is None:
        _say(_t("nothing_to_resume"))
        return
    if journal is not None:
        resolved = use_lang(lang or str(journal.get("lang") or resolved))
        entry = library().require("playbook", str(journal.get("playbook")), str(journal.get("lang") or resolved))
    else:
        entry = _playbook(playbook, resolved, interactive)
    if template:
        from .. import i18n
        from ..coach.encounter import answers_template

        sys.stdout.write(answers_template(entry.content, i18n.render))
        return
    if interactive:
        require_tty("empathy encounter")
    _run(entry.content, store, journal, answers, mask=not no_redact and bool((journal or {}).get("redaction", True)))


def _journal(store: Any, key: Optional[str], interactive: bool) -> Optional[dict[str, Any]]:
    """The journal --resume continues (a person picks among several)."""
    from .. import i18n
    from ..app.encounter import DamagedJournal, NoSuchSession, find_journal

    def pick(journals: list[dict[str, Any]]) -> str:
        from ..coach.encounter import resume_question

        require_tty("empathy encounter --resume")
        return str(_ask(resume_question(journals)))

    try:
        return find_journal(store, key, pick if interactive else None)
    except NoSuchSession:
        raise EmpathyError(_t("no_such_session", id=key, folder=store.journal_dir)) from None
    except DamagedJournal as exc:
        raise EmpathyError(i18n.t("safety.journal_damaged", path=store.journal_dir / f"{exc.session}.json", reason=exc.reason)) from None


def _playbook(playbook: Optional[str], lang: str, interactive: bool) -> Any:
    """The playbook named, the only one of the language, or the one a person picks."""
    entries = library().playbooks(lang)
    if playbook:
        return library().require("playbook", playbook, lang)
    if not entries:
        from .. import i18n
        from ..paths import home

        raise EmpathyError(i18n.t("common.no_playbooks", lang=lang, folder=home() / "playbooks"))
    if len(entries) > 1 and interactive:
        from ..coach.encounter import playbook_question

        require_tty("empathy encounter")
        chosen = _ask(playbook_question(entries, lang))
        return next(e for e in entries if e.content.id == chosen)
    return entries[0]


def _ask(question: Any) -> Any:
    """Ask one question at the terminal; Ctrl-C there ends the command (exit 130)."""
    from ..coach.prompter import Cancelled

    try:
        return _prompter(None).ask(question)
    except Cancelled:
        raise typer.Exit(ExitCode.INTERRUPTED) from None


def _run(pb: Any, store: Any, journal: Optional[dict[str, Any]], answers: Optional[Path], *, mask: bool) -> None:
    from ..app.encounter import EncounterSession, run_encounter
    from ..coach.prompter import AnswerError

    try:
        prompter = _prompter(answers)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    if answers is not None and not isinstance(prompter.answers, dict):
        raise EmpathyError(_t("answers_need_mapping", file=answers))
    others = [e.content for e in library().playbooks(pb.lang) if e.content.id != pb.id]
    session = EncounterSession(pb, others, prompter, store, journal=journal, mask=mask, interactive=answers is None)
    try:
        outcome = run_encounter(session)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    if answers is not None:
        _warn_unused(pb, prompter, answers)
    _report(outcome, mask)


def _warn_unused(pb: Any, prompter: Any, answers: Path) -> None:
    """Keys of an answers file that were never asked: unknown ones, and ones skipped."""
    from ..coach.encounter import known_ids

    known = known_ids(pb)
    for key in prompter.unused():
        value = prompter.answers.get(key)
        if key not in known:
            warn(_t("unused_key", qid=key, file=answers))
        elif value not in (None, "", [], False):
            warn(_t("unasked_key", qid=key, file=answers))


def _report(outcome: Any, mask: bool) -> None:
    """Word the outcome; exit 130 when the walk-through was stopped."""
    from ..app.session import Ending

    if outcome.ending in (Ending.KEPT, Ending.NOTHING):
        if outcome.result.answers:
            _say(_t("kept", id=outcome.result.session))
        raise typer.Exit(ExitCode.INTERRUPTED)
    info = outcome.info
    _say(_t("saved" if outcome.ending is Ending.COMPLETE else "saved_incomplete", path=info.markdown_path))
    _say(_t("saved_json", path=info.path))
    if not mask:
        _say(_t("not_masked"))
    elif outcome.masked:
        _say(_t("masked", count=outcome.masked))
    if outcome.ending is not Ending.COMPLETE:
        raise typer.Exit(ExitCode.INTERRUPTED)  # stopped with Ctrl-C, saved as incomplete


def _prompter(answers: Optional[Path]) -> Any:
    if answers is None:
        from ..ui.mode import terminal_prompter

        return terminal_prompter()  # the full interface, or the line mode
    from ..ui.render import render_message
    from ..ui.scripted import ScriptedPrompter

    check_answers_file(answers)

    def echo(message: Any) -> None:  # the summary comes from the saved record: masked already
        if message.kind in SCRIPTED_KINDS or message.data.get("support"):
            render_message(message)

    return ScriptedPrompter.from_file(answers, echo=echo)

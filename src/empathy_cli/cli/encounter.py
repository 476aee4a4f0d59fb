"""`empathy encounter`: the guided walk-through of a real encounter, and its record."""

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
        Optional[Path], typer.Option("--answers", "-a", help="Run without prompts, from a YAML answers file (see --template; - reads standard input).", dir_okay=False)
    ] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a YAML answers file with every question of the playbook.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an unfinished session: pick one, or give its ID as the argument.")
    ] = False,
    no_redact: Annotated[
        bool, typer.Option("--no-redact", help="Keep e-mail addresses, phone numbers and PESEL numbers in the record unmasked.")
    ] = False,
    out: OutOption = None,
) -> None:
    """Walk through a difficult encounter stage by stage, get the words, and save a private record."""
    from ..coach.encounter import Encounter, answers_template, known_ids, playbook_question, resume_question
    from ..coach.prompter import AnswerError, Cancelled

    if template and (answers or resume):
        raise EmpathyError(_t("template_alone"), ExitCode.USAGE)
    resolved = use_lang(lang)
    store = record_store(out, writable=not template)
    journal: Optional[dict[str, Any]] = None
    interactive = answers is None and not template

    if resume:
        journals = store.unfinished("encounter")
        if playbook:
            journal = store.load_journal(playbook) or next(
                (j for j in journals if str(j.get("session", "")).startswith(playbook)), None
            )
            if journal is None or journal.get("kind") != "encounter":
                raise EmpathyError(_t("no_such_session", id=playbook, folder=store.journal_dir))
            from ..records.store import journal_problem

            damaged = journal_problem(journal)
            if damaged:
                from .. import i18n

                raise EmpathyError(i18n.t("safety.journal_damaged", path=store.journal_dir / f"{journal.get('session')}.json", reason=damaged))
        elif not journals:
            _say(_t("nothing_to_resume"))
            return
        else:
            chosen = journals[0].get("session")  # a scripted run continues the newest
            if interactive:
                require_tty("empathy encounter --resume")
                try:
                    chosen = _prompter(None).ask(resume_question(journals))
                except Cancelled:
                    raise typer.Exit(ExitCode.INTERRUPTED) from None
            journal = next(j for j in journals if j.get("session") == chosen)
        resolved = use_lang(lang or str(journal.get("lang") or resolved))
        entry = library().require("playbook", str(journal.get("playbook")), str(journal.get("lang") or resolved))
    else:
        entries = library().playbooks(resolved)
        if playbook:
            entry = library().require("playbook", playbook, resolved)
        elif not entries:
            from .. import i18n
            from ..paths import home

            raise EmpathyError(i18n.t("common.no_playbooks", lang=resolved, folder=home() / "playbooks"))
        elif len(entries) > 1 and interactive:
            require_tty("empathy encounter")
            try:
                chosen = _prompter(None).ask(playbook_question(entries, resolved))
            except Cancelled:
                raise typer.Exit(ExitCode.INTERRUPTED) from None
            entry = next(e for e in entries if e.content.id == chosen)
        else:
            entry = entries[0]
    pb = entry.content

    if template:
        sys.stdout.write(answers_template(pb))
        return

    if interactive:
        require_tty("empathy encounter")
    mask = not no_redact and bool((journal or {}).get("redaction", True))
    try:
        prompter = _prompter(answers, mask=mask)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    if answers is not None and not isinstance(prompter.answers, dict):
        raise EmpathyError(_t("answers_need_mapping", file=answers))

    session = str(journal.get("session")) if journal else store.new_session_id()
    others = [e.content for e in library().playbooks(pb.lang) if e.content.id != pb.id]

    def check(text: str):
        from ..coach.check import check_reply

        return check_reply(text, [pb, *others], pb.lang)

    engine = Encounter(
        pb,
        prompter,
        session=session,
        check=check,
        # A scripted run has its answers in a file already: no journal to resume.
        journal=(lambda state: store.journal(session, state, mask=mask)) if interactive else None,
        resume=journal,
        # Identifiers masked in the journal before a resume still count in the record.
        extra={"redaction": mask, "masked_carried": _carried(journal)},
    )
    try:
        result = engine.run()
        if result.complete:  # the optional reflection, in the record's own section
            from ..coach.encounter import reflect

            result.reflection = reflect(prompter, ask_first=interactive)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None

    if not interactive:
        known = known_ids(pb)
        for key in prompter.unused():
            value = prompter.answers.get(key)
            if key not in known:
                warn(_t("unused_key", qid=key, file=answers))
            elif value not in (None, "", [], False):
                warn(_t("unasked_key", qid=key, file=answers))

    if result.status == "kept":
        if result.answers:
            _say(_t("kept", id=session))
        raise typer.Exit(ExitCode.INTERRUPTED)

    from ..records.encounter import save_encounter

    info = save_encounter(store, result, pb, mask=mask, masked_before=_carried(journal))
    _say(_t("saved" if result.complete else "saved_incomplete", path=info.markdown_path))
    _say(_t("saved_json", path=info.path))
    if not mask:
        _say(_t("not_masked"))
    elif info.data.get("redacted"):
        _say(_t("masked", count=info.data["redacted"]))
    if result.status != "complete":
        raise typer.Exit(ExitCode.INTERRUPTED)  # stopped with Ctrl-C, saved as incomplete


def _carried(journal: Optional[dict[str, Any]]) -> int:
    """How many identifiers the journal of a resumed session had masked already."""
    value = (journal or {}).get("masked", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _prompter(answers: Optional[Path], mask: bool = True):
    if answers is None:
        from ..ui.mode import terminal_prompter

        return terminal_prompter()  # the full interface, or the line mode
    from ..ui.render import render_message
    from ..ui.scripted import ScriptedPrompter

    check_answers_file(answers)

    def echo(message) -> None:
        if message.kind in SCRIPTED_KINDS or message.data.get("support"):
            if mask and message.kind == "summary":  # show what the record holds: masked
                from dataclasses import replace

                from ..records.redact import redact

                message = replace(message, lines=redact(list(message.lines))[0])
            render_message(message)

    return ScriptedPrompter.from_file(answers, echo=echo)

"""`empathy rehearse`: rehearse a difficult conversation against a simulated client.

Thin: it finds the scenario, picks a prompter (the terminal, or an answers file), runs
`coach.rehearsal.Rehearsal`, journals after every reply, and saves the record with the
debrief. All the judging lives in the engine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import LangOption, check_answers_file, library, record_store, require_tty, use_lang, warn


def rehearse(
    scenario: Annotated[
        Optional[str],
        typer.Argument(metavar="[SCENARIO]", help="Scenario id, e.g. filler-uneven-result (default: pick from a list)."),
    ] = None,
    lang: LangOption = None,
    answers: Annotated[
        Optional[Path],
        typer.Option("--answers", "-a", help="Run without prompts from a YAML list of steps: '- choice: ID' or '- say: \"your words\"' (see --template; - reads standard input).", dir_okay=False),
    ] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a YAML answers file for SCENARIO (the best path, every reply listed) and exit.")] = False,
    exam: Annotated[bool, typer.Option("--exam", help="Exam mode: no hints and no going back; feedback only in the debrief at the end. The record says it was an exam.")] = False,
    trainee: Annotated[str, typer.Option("--trainee", help="Name of the person rehearsing, for the record.")] = "",
    out: Annotated[
        Optional[Path], typer.Option("--out", metavar="DIR", help="Folder for the record (default: EMPATHY_RECORDS, then $EMPATHY_HOME/records).", file_okay=False)
    ] = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Keep e-mail addresses, phone numbers and PESEL numbers in typed replies unmasked.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the latest unfinished rehearsal (of SCENARIO, if given).")] = False,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the randomness (the client's varied reactions), for repeatable runs.")] = None,
) -> None:
    """Rehearse a difficult conversation: pick replies or type your own, watch the client's mood, get a debrief."""
    from .. import i18n, paths
    from ..coach.prompter import AnswerError, Cancelled, Message, Option, Question
    from ..coach.rehearsal import Rehearsal
    from ..records.store import now

    def t(key: str, **values: object) -> str:
        return i18n.t(f"rehearse.{key}", **values)

    resolved = use_lang(lang)
    if template:
        from ..coach.rehearsal import answers_template

        if answers is not None or resume:
            raise EmpathyError(t("template_alone"), ExitCode.USAGE)
        if not scenario:
            raise EmpathyError(t("answers_need_scenario"), ExitCode.USAGE)
        sc = library().require("scenario", scenario, resolved).content
        pb_entry = library().get("playbook", sc.playbook, sc.lang)
        sys.stdout.write(answers_template(sc, pb_entry.content if pb_entry else None))
        return
    if scenario and not resume:
        library().require("scenario", scenario, resolved)  # an unknown id is said first, with "did you mean"
    if answers is None:
        require_tty("empathy rehearse")
    elif not scenario and not resume:
        raise EmpathyError(t("answers_need_scenario"), ExitCode.USAGE)
    if answers is not None:
        check_answers_file(answers)

    store = record_store(out, writable=True)
    lib = library()

    # -- where we start: a journal to resume, a named scenario, or a pick from the list
    journal: Optional[dict[str, Any]] = None
    journals: list[dict[str, Any]] = []
    if resume:
        journals = [j for j in store.unfinished("rehearsal") if not scenario or j.get("scenario") == scenario]
        if not journals:
            key = "nothing_to_resume_for" if scenario else "nothing_to_resume"
            raise EmpathyError(t(key, scenario=scenario, folder=store.folder))
        journal = journals[0]

    prompter: Any
    if answers is not None:
        from ..ui.render import render_message
        from ..ui.scripted import ScriptedPrompter

        try:
            prompter = ScriptedPrompter.from_file(answers, echo=render_message)
        except AnswerError as exc:
            raise EmpathyError(str(exc)) from None
        if not isinstance(prompter.answers, list):
            raise EmpathyError(t("answers_need_list", file=answers))
    else:
        from ..ui.mode import terminal_prompter

        prompter = terminal_prompter()  # the full interface, or the line mode

    if resume and answers is None and len(journals) > 1:
        # Several unfinished rehearsals: let the trainee choose (a batch run takes the newest).
        options = [
            Option(str(j["session"]), f"{j.get('title') or j.get('scenario')} ({j.get('lang')})", t("resume_hint", n=j.get("replies", 0), when=str(j.get("updated_at", ""))[:16].replace("T", " ")))
            for j in journals
        ]
        try:
            picked = prompter.ask(Question(id="session", kind="choice", prompt=t("pick_session"), options=options, allow_back=False))
        except Cancelled:
            raise KeyboardInterrupt from None
        journal = next(j for j in journals if str(j["session"]) == picked)
    if journal is not None:
        resolved = use_lang(str(journal.get("lang") or resolved))
        scenario = str(journal.get("scenario"))

    if not scenario:
        entries = sorted(lib.scenarios(resolved), key=lambda e: e.content.title.lower())
        if not entries:
            raise EmpathyError(t("no_scenarios", lang=resolved, folder=paths.home() / "playbooks"))
        try:
            scenario = prompter.ask(
                Question(
                    id="scenario",
                    kind="choice",
                    prompt=t("pick_scenario"),
                    options=[Option(e.content.id, e.content.title, e.content.persona.name) for e in entries],
                    allow_back=False,
                )
            )
        except Cancelled:
            raise KeyboardInterrupt from None

    sc = lib.require("scenario", str(scenario), resolved).content
    pb_entry = lib.get("playbook", sc.playbook, sc.lang)
    if pb_entry is None:
        warn(t("no_playbook", scenario=sc.id, playbook=sc.playbook, lang=sc.lang))
    playbook = pb_entry.content if pb_entry else None

    if journal is not None:
        session = str(journal["session"])
        try:
            rehearsal = Rehearsal.resume(sc, playbook, journal)
        except ValueError as exc:
            raise EmpathyError(t("cannot_resume", session=session, reason=exc)) from None
        started_at = str(journal.get("started_at") or now().isoformat())
        trainee = trainee or str(journal.get("trainee") or "")
        no_redact = no_redact or bool(journal.get("no_redact"))
    else:
        session = store.new_session_id()
        rehearsal = Rehearsal(sc, playbook, seed=seed, exam=exam)
        started_at = now().isoformat()

    def save_journal(r: Rehearsal) -> None:
        store.journal(
            session,
            {
                "kind": "rehearsal",
                "playbook": sc.playbook,
                "title": sc.title,
                "trainee": trainee,
                "started_at": started_at,
                "no_redact": no_redact,
                "replies": len(r.state.transcript),
                **r.snapshot(),
            },
            mask=not no_redact,
        )

    def finish() -> None:
        from ..records.rehearsal_md import mask, render
        from ..ui.debrief import print_debrief

        record = rehearsal.record(trainee=trainee, started_at=started_at, finished_at=now().isoformat())
        if no_redact:
            record["redacted"] = False
        else:
            record = mask(record)
        info = store.save(record, render(record))
        store.discard(session)
        print_debrief(record)
        sys.stdout.write("\n" + t("saved", path=info.markdown_path) + "\n" + t("saved_json", path=info.path) + "\n")
        sys.stdout.flush()

    try:
        rehearsal.run(prompter, on_change=save_journal, echo_replies=answers is not None)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None  # a problem in the file: exit 1, like encounter
    except (Cancelled, KeyboardInterrupt) as exc:  # Ctrl-C at a prompt, or while output is shown
        from ..ui.scripted import OutOfAnswers

        if isinstance(exc, OutOfAnswers):
            sys.stdout.flush()
            warn(t("out_of_steps", file=answers))
            finish()
            raise typer.Exit(ExitCode.PROBLEMS) from None
        if not rehearsal.state.transcript:
            raise KeyboardInterrupt from None
        save = False
        if answers is None:  # a batch run stopped with Ctrl-C keeps its journal without asking
            try:
                save = prompter.ask(Question(id="save_incomplete", kind="confirm", prompt=t("ask_save_incomplete"), default=False, allow_back=False))
            except (Cancelled, KeyboardInterrupt):
                save = False
        if save:
            finish()
        else:
            prompter.show(Message("info", lines=[t("kept_for_resume", out=f" --out {out}" if out else "")]))
        raise typer.Exit(ExitCode.INTERRUPTED) from None

    if answers is not None:
        left = prompter.unused()
        if left:
            sys.stdout.flush()
            warn(t("leftover_steps", n=len(left), file=answers, steps=", ".join(left)))
    finish()

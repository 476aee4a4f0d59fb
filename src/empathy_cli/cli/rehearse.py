"""`empathy rehearse`: rehearse a difficult conversation against a simulated client.

Thin: it parses the options, picks a prompter (the terminal, or an answers file) and
hands over to `app.rehearse` (resume, run, the session protocol, the record); then it
prints the debrief and words the outcome. All the judging lives in the engine.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import LangOption, check_answers_file, library, record_store, require_tty, use_lang, warn


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"rehearse.{key}", **values)


def rehearse(
    scenario: Annotated[
        Optional[str],
        typer.Argument(metavar="[SCENARIO]", help="Scenario id, e.g. filler-uneven-result (default: pick from a list)."),
    ] = None,
    lang: LangOption = None,
    answers: Annotated[
        Optional[Path],
        typer.Option(
            "--answers",
            "-a",
            help="Run without prompts from a YAML list of steps: '- choice: ID' or '- say: \"your words\"' (see --template; - reads standard input).",
            dir_okay=False,
        ),
    ] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a YAML answers file for SCENARIO (the best path, every reply listed) and exit.")] = False,
    exam: Annotated[
        bool, typer.Option("--exam", help="Exam mode: no hints and no going back; feedback only in the debrief at the end. The record says it was an exam.")
    ] = False,
    trainee: Annotated[str, typer.Option("--trainee", help="Name of the person rehearsing, for the record.")] = "",
    out: Annotated[
        Optional[Path],
        typer.Option("--out", metavar="DIR", help="Folder for the record (default: EMPATHY_RECORDS, then $EMPATHY_HOME/records).", file_okay=False),
    ] = None,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Keep e-mail addresses, phone numbers and PESEL numbers in typed replies unmasked.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the latest unfinished rehearsal (of SCENARIO, if given).")] = False,
    seed: Annotated[
        Optional[int],
        typer.Option("--seed", help="Fix the randomness (the persona variant, the client's varied reactions): the same seed replays the same run."),
    ] = None,
    variant: Annotated[
        Optional[str], typer.Option("--variant", metavar="ID", help="Play this persona variant (e.g. reserved, volatile) instead of the seed's pick.")
    ] = None,
) -> None:
    """Rehearse a difficult conversation: pick replies or type your own, watch the client's mood, get a debrief."""
    resolved = use_lang(lang)
    if template:
        _template(scenario, resolved, variant, conflicting=answers is not None or resume)
        return
    if resume and variant is not None:
        raise EmpathyError(_t("variant_with_resume"), ExitCode.USAGE)
    if scenario and not resume:
        library().require("scenario", scenario, resolved)  # an unknown id is said first, with "did you mean"
    if answers is None:
        require_tty("empathy rehearse")
    elif not scenario and not resume:
        raise EmpathyError(_t("answers_need_scenario"), ExitCode.USAGE)
    if answers is not None:
        check_answers_file(answers)
    store = record_store(out, writable=True)
    journals = _journals(store, scenario) if resume else []
    prompter = _prompter(answers)
    journal = _pick_journal(prompter, journals, scripted=answers is not None) if resume else None
    if journal is not None:
        resolved = use_lang(str(journal.get("lang") or resolved))
        scenario = str(journal.get("scenario"))
    sc = library().require("scenario", scenario or _pick_scenario(prompter, resolved), resolved).content
    pb_entry = library().get("playbook", sc.playbook, sc.lang)
    if pb_entry is None:
        warn(_t("no_playbook", scenario=sc.id, playbook=sc.playbook, lang=sc.lang))
    options = {"trainee": trainee, "no_redact": no_redact, "seed": seed, "variant": variant, "exam": exam}
    _run(sc, pb_entry.content if pb_entry else None, prompter, store, journal, answers, out, options)


def _template(scenario: Optional[str], lang: str, variant: Optional[str], *, conflicting: bool) -> None:
    from ..coach.rehearsal import UnknownVariant, answers_template

    if conflicting:
        raise EmpathyError(_t("template_alone"), ExitCode.USAGE)
    if not scenario:
        raise EmpathyError(_t("answers_need_scenario"), ExitCode.USAGE)
    sc = library().require("scenario", scenario, lang).content
    pb_entry = library().get("playbook", sc.playbook, sc.lang)
    try:
        from .. import i18n

        text = answers_template(sc, pb_entry.content if pb_entry else None, i18n.render, variant)
    except UnknownVariant as exc:
        raise EmpathyError(_unknown_variant(exc), ExitCode.USAGE) from None
    sys.stdout.write(text)


def _unknown_variant(exc: Any) -> str:
    if exc.known:
        return _t("unknown_variant", variant=exc.variant, scenario=exc.scenario, known=exc.known)
    return _t("no_variants", variant=exc.variant, scenario=exc.scenario)


def _journals(store: Any, scenario: Optional[str]) -> list[dict[str, Any]]:
    from ..app.rehearse import find_journals

    journals = find_journals(store, scenario)
    if not journals:
        key = "nothing_to_resume_for" if scenario else "nothing_to_resume"
        raise EmpathyError(_t(key, scenario=scenario, folder=store.folder))
    return journals


def _prompter(answers: Optional[Path]) -> Any:
    from ..coach.prompter import AnswerError

    if answers is None:
        from ..ui.mode import terminal_prompter

        return terminal_prompter()  # the full interface, or the line mode
    from ..ui.render import render_message
    from ..ui.scripted import ScriptedPrompter

    try:
        prompter = ScriptedPrompter.from_file(answers, echo=render_message)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    if not isinstance(prompter.answers, list):
        raise EmpathyError(_t("answers_need_list", file=answers))
    return prompter


def _pick_journal(prompter: Any, journals: list[dict[str, Any]], *, scripted: bool) -> dict[str, Any]:
    """Several unfinished rehearsals: the trainee chooses (a batch run takes the newest)."""
    from ..coach.prompter import Option, Question

    if scripted or len(journals) == 1:
        return journals[0]
    options = [
        Option(
            str(j["session"]),
            f"{j.get('title') or j.get('scenario')} ({j.get('lang')})",
            _t("resume_hint", n=j.get("replies", 0), when=str(j.get("updated_at", ""))[:16].replace("T", " ")),
        )
        for j in journals
    ]
    picked = _ask(prompter, Question(id="session", kind="choice", prompt=_t("pick_session"), options=options, allow_back=False))
    return next(j for j in journals if str(j["session"]) == picked)


def _pick_scenario(prompter: Any, lang: str) -> str:
    from .. import paths
    from ..coach.prompter import Option, Question

    entries = sorted(library().scenarios(lang), key=lambda e: e.content.title.lower())
    if not entries:
        raise EmpathyError(_t("no_scenarios", lang=lang, folder=paths.home() / "playbooks"))
    options = [Option(e.content.id, e.content.title, e.content.persona.name) for e in entries]
    return str(_ask(prompter, Question(id="scenario", kind="choice", prompt=_t("pick_scenario"), options=options, allow_back=False)))


def _ask(prompter: Any, question: Any) -> Any:
    """A pick before the rehearsal starts; Ctrl-C there ends the command (exit 130)."""
    from ..coach.prompter import Cancelled

    try:
        return prompter.ask(question)
    except Cancelled:
        raise KeyboardInterrupt from None


def _run(sc: Any, playbook: Any, prompter: Any, store: Any, journal: Any, answers: Optional[Path], out: Optional[Path], options: dict[str, Any]) -> None:
    from ..app.rehearse import RehearsalSession, run_rehearsal
    from ..app.session import ask_yes_no
    from ..coach.prompter import AnswerError
    from ..coach.rehearsal import UnknownVariant

    try:
        session = RehearsalSession(
            sc,
            playbook,
            prompter,
            store,
            journal=journal,
            scripted=answers is not None,
            ask_save=lambda: ask_yes_no(prompter, "save_incomplete", _t("ask_save_incomplete")),
            **options,
        )
    except UnknownVariant as exc:
        if journal is None:  # --variant names none
            raise EmpathyError(_unknown_variant(exc), ExitCode.USAGE) from None
        raise EmpathyError(_t("cannot_resume", session=journal["session"], reason=exc)) from None
    except ValueError as exc:
        raise EmpathyError(_t("cannot_resume", session=journal["session"], reason=exc)) from None
    try:
        ending = run_rehearsal(session)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None  # a problem in the file: exit 1, like encounter
    _report(session, ending, prompter, answers, out)


def _report(session: Any, ending: Any, prompter: Any, answers: Optional[Path], out: Optional[Path]) -> None:
    """Warnings about the answers file, the debrief, where the record went; the exit code."""
    from ..app.session import Ending
    from ..coach.prompter import Message

    if ending is Ending.NOTHING:
        raise KeyboardInterrupt
    if ending is Ending.KEPT:
        prompter.show(Message("info", lines=[_t("kept_for_resume", out=f" --out {out}" if out else "")]))
        raise typer.Exit(ExitCode.INTERRUPTED)
    sys.stdout.flush()
    if session.ran_out:
        warn(_t("out_of_steps", file=answers))
    elif ending is Ending.COMPLETE and answers is not None and prompter.unused():
        left = prompter.unused()
        warn(_t("leftover_steps", n=len(left), file=answers, steps=", ".join(left)))
    _debrief(session)
    if session.ran_out:
        raise typer.Exit(ExitCode.PROBLEMS)
    if ending is not Ending.COMPLETE:
        raise typer.Exit(ExitCode.INTERRUPTED)


def _debrief(session: Any) -> None:
    from ..ui.debrief import print_debrief

    print_debrief(session.record)
    sys.stdout.write("\n" + _t("saved", path=session.info.markdown_path) + "\n" + _t("saved_json", path=session.info.path) + "\n")
    sys.stdout.flush()

"""`empathy drill`: two to five minutes of spaced practice from the content.

Thin: it parses the focus, picks a prompter (the terminal, or an answers file) and calls
the drill use-case (`app.drill`); `ui.drill_view` shows the cards. FSRS is imported only
on this path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .choices import CardKind, Stage, choice
from .common import LangOption, check_answers_file, library, require_tty, use_lang, warn


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"drill.{key}", **values)


def drill(
    lang: LangOption = None,
    playbook: Annotated[Optional[str], typer.Option("--playbook", metavar="ID", help="Only cards of this playbook (and its scenarios).")] = None,
    stage: Annotated[
        Optional[Stage],
        typer.Option(
            "--stage", help="Only cards of this stage: listen, empathize, solve, escalate, document.", click_type=choice(Stage, "drill.bad_stage", "stage")
        ),
    ] = None,
    tag: Annotated[Optional[str], typer.Option("--tag", help="Only cards with this tag (e.g. waiting, refund).")] = None,
    kind: Annotated[
        Optional[CardKind],
        typer.Option("--kind", help="Only cards of this kind: reply, situation, avoid, stage.", click_type=choice(CardKind, "drill.bad_kind", "kind")),
    ] = None,
    minutes: Annotated[float, typer.Option("--minutes", "-m", help="Stop after about this many minutes.")] = 5,
    new: Annotated[int, typer.Option("--new", min=0, help="New cards per session, besides the due ones.")] = 5,
    answers: Annotated[
        Optional[Path],
        typer.Option(
            "--answers", "-a", dir_okay=False, help="Run from a YAML list of steps: '- say: \"your words\"' or '- choice: ID' (- reads standard input)."
        ),
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Fix the order of new cards and of the listed answers, and the schedule (no fuzz).")] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a YAML answers file for the session that would run now, and exit.")] = False,
) -> None:
    """Practise for a few minutes: reply to clients, pick the better wording, name the stage. Spaced repetition brings back what you need."""
    from ..app import drill as usecase
    from ..ui.drill_view import DrillView

    focus = _focus(use_lang(lang), playbook, stage.value if stage else None, tag, kind.value if kind else None)
    if minutes <= 0:
        raise typer.BadParameter(_t("bad_minutes"), param_hint="--minutes")
    if answers is None and not template:
        require_tty("empathy drill")
    clock = _clock()
    cards = usecase.deck(library(), focus)
    if not cards:
        raise EmpathyError(_t("nothing_at_all"))
    if template:
        return _template(usecase, cards, clock, minutes, new, seed)
    prompter = _prompter(answers)
    view = DrillView(prompter, interactive=answers is None, now=clock)
    summary = _run(usecase, cards, view, clock, minutes, new, seed)
    if answers is not None and prompter.unused():
        warn(_t("unused_steps", count=len(prompter.unused()), file=answers))
    if summary.stopped == "interrupted":
        raise typer.Exit(ExitCode.INTERRUPTED)


def _focus(lang: str, playbook: Optional[str], stage: Optional[str], tag: Optional[str], kind: Optional[str]):
    from ..coach.drill import Focus

    return Focus(lang=lang, playbook=playbook, stage=stage, tag=tag, kind=kind)


def _clock():
    from ..app.clock import from_env
    from ..runtime import current

    try:
        return from_env()
    except ValueError:
        raise EmpathyError(_t("bad_now", value=current().get("EMPATHY_NOW")), ExitCode.USAGE) from None


def _run(usecase, cards, view, clock, minutes: float, new: int, seed: Optional[int]):
    from ..coach.prompter import AnswerError
    from ..records.drillstate import DrillStateError

    try:
        return usecase.run(cards, view, usecase.judges(library()), clock=clock, minutes=minutes, new_limit=new, seed=seed)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    except DrillStateError as exc:
        raise EmpathyError(_t("bad_state", path=exc.path, reason=exc.reason)) from None


def _template(usecase, cards, clock, minutes: float, new: int, seed: Optional[int]) -> None:
    import sys

    from ..records.drillstate import DrillStateError
    from ..ui.drill_view import template

    try:
        plan = usecase.preview(cards, clock=clock, minutes=minutes, new_limit=new, seed=seed)
    except DrillStateError as exc:
        raise EmpathyError(_t("bad_state", path=exc.path, reason=exc.reason)) from None
    sys.stdout.write(template(plan))


def _prompter(answers: Optional[Path]):
    from ..coach.prompter import AnswerError

    if answers is None:
        from ..ui.mode import terminal_prompter

        return terminal_prompter()  # the full interface, or the line mode
    from ..ui.scripted import ScriptedPrompter

    check_answers_file(answers)
    try:
        prompter = ScriptedPrompter.from_file(answers)
    except AnswerError as exc:
        raise EmpathyError(str(exc)) from None
    if not isinstance(prompter.answers, list):
        raise EmpathyError(_t("answers_need_list", file=answers), ExitCode.USAGE)
    return prompter

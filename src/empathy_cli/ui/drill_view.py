"""The drill on screen: cards as questions, grades as feedback, the session's summary.

`DrillView` implements the use-case's `DrillUI` over a prompter: the interactive terminal
(`ui.interactive`) or an answers file (`ui.scripted`, a YAML list of steps, the same
shapes as `rehearse --answers`: ``- say: "…"`` or ``- choice: ID``). It is where cards
and grades (ids and content text) become words in the interface language. Content and
typed text are shown literally.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from .. import i18n
from ..app.drill import Answer, Plan, Summary
from ..coach.drill import Card, Grade
from ..coach.prompter import Message, Option, Question, Typed
from ..text import clean


def t(key: str, **values: object) -> str:
    return i18n.t(f"drill.{key}", **values)


def counted(n: int, unit: str) -> str:
    from ..i18n.drill import plural_form

    return f"{n} {t(f'unit.{unit}.{plural_form(n, i18n.get_lang())}')}"


def when(due: Optional[datetime], now: datetime) -> str:
    """A due time as people say it: now, in 10 minutes, in 3 hours, in 4 days."""
    if due is None:
        return t("never")
    seconds = (due - now).total_seconds()
    if seconds <= 59:
        return t("now")
    minutes = round(seconds / 60)
    if minutes < 60:
        return t("in", count=minutes, unit=counted(minutes, "minute").split(" ", 1)[1])
    hours = round(minutes / 60)
    if hours < 24:
        return t("in", count=hours, unit=counted(hours, "hour").split(" ", 1)[1])
    days = round(hours / 24)
    return t("in", count=days, unit=counted(days, "day").split(" ", 1)[1])


class DrillView:
    def __init__(self, prompter: Any, *, interactive: bool, now: Any):
        self.prompter = prompter
        self.interactive = interactive
        self.now = now  # the clock, for "next time: in 3 days"

    # -- output -------------------------------------------------------------------------

    def _show(self, message: Message) -> None:
        from .render import render_message

        render_message(message)

    def _line(self, text: str = "") -> None:
        from rich.text import Text

        from .console import console

        console().print(Text(clean(text)))

    # -- DrillUI ------------------------------------------------------------------------

    def start(self, plan: Plan) -> None:
        self.minutes = _num(plan.minutes)
        streak = counted(plan.streak, "day")
        self._show(Message("progress", lines=[t("header", due=plan.due, new=plan.new, streak=streak, minutes=_num(plan.minutes))]))
        self._show(Message("progress", lines=[t("header.focus", total=plan.total, unseen=plan.unseen)]))
        if not plan.cards:
            self._show(Message("info", lines=[t("nothing", when=when(plan.next_due, self.now()))]))

    def ask(self, card: Card, choices: list[tuple[str, str]], number: int, total: int) -> Answer:
        self._line()
        self._show(Message("stage", title=f"{t('card', n=number, total=total)} · {t('kind.' + card.kind)}"))
        if card.kind == "reply":
            self._show(Message("client", title=t("client_says", who=card.context or t("client")).rstrip(":"), lines=[card.prompt]))
            return self._typed(t("q.reply"), t("h.reply"), card.id)
        if card.kind == "situation":
            self._show(Message("narration", lines=[t("situation", level=card.context).rstrip(":") + ": " + card.prompt]))
            return self._typed(t("q.reply"), t("h.reply"), card.id)
        if card.kind == "avoid":
            options = [Option(cid, text) for cid, text in choices]
            value = self.prompter.ask(Question(card.id, "choice", t("q.avoid"), options=options, help=t("h.avoid"), allow_typed=True, allow_back=False))
            return _answer(value)
        self._show(Message("phrases", lines=[card.prompt]))
        options = [Option(cid, i18n.t(f"common.stage.{cid}")) for cid, _ in choices]
        # An answers file may skip a stage card with `- say: "?"`; the terminal lists the stages only.
        value = self.prompter.ask(
            Question(card.id, "choice", t("q.stage"), options=options, help=t("h.stage"), allow_typed=not self.interactive, allow_back=False)
        )
        return _answer(value)

    def _typed(self, prompt: str, help_text: str, qid: str) -> Answer:
        if self.interactive:
            value = self.prompter.ask(Question(qid, "text", prompt, help=help_text, allow_back=False))
        else:  # an answers file: `- say: "…"` (or `- answer: "…"`)
            value = self.prompter.ask(Question(qid, "choice", prompt, allow_typed=True, allow_back=False))
        return Answer(text=value.text if isinstance(value, Typed) else str(value or ""))

    def graded(self, card: Card, grade: Grade, due: Optional[datetime]) -> None:
        grade = _in_persona_form(grade, card.gender)
        lines: list[str] = []
        if not grade.graded:
            lines.append(t("skipped"))
            lines += [f"  {i18n.quote(b)}" for b in grade.better[:2]]
            self._show(Message("feedback", t("outcome.skipped"), lines, {"verdict": "neutral"}))
            return
        if grade.check is not None:
            from .check_view import render

            lines += render(grade.text, grade.check, color=False).rstrip("\n").splitlines()
            shown = {s.instead for s in grade.check.suggestions}
            extra = [b for b in grade.better if b not in shown][:1]
            if extra:
                lines += ["", t("better"), f"  {i18n.quote(extra[0])}"]
            if "unsure" in grade.reasons:
                lines.append(t("unsure"))
            if "stage_move" in grade.reasons:
                lines.append(t("stage_move"))
        elif card.kind == "avoid":
            if grade.correct:
                lines.append(t("right"))
            else:
                lines += [t("wrong_avoid"), f"  {i18n.quote(card.better[0])}", t("avoid_instead"), f"  {i18n.quote(card.worse)}"]
            if card.why:
                lines.append(t("why", text=card.why))
        else:
            stage = i18n.t(f"common.stage.{card.stage}")
            lines.append(t("right_stage", stage=stage) if grade.correct else t("wrong_stage", stage=stage))
        title = t(f"outcome.{grade.outcome}")
        if due is not None:
            title = f"{title} · {t('next_due', when=when(due, self.now()))}"
        verdict = {"again": "escalating", "hard": "neutral"}.get(grade.outcome, "de-escalating")
        self._show(Message("feedback", title, lines, {"verdict": verdict}))

    def finish(self, summary: Summary) -> None:
        self._line()
        if summary.stopped:
            self._show(Message("info", lines=[t(f"stopped.{summary.stopped}", minutes=getattr(self, "minutes", ""))]))
        o = summary.outcomes
        lines = [
            t("summary", answered=summary.answered, skipped=summary.skipped, due=summary.due_left, streak=counted(summary.streak, "day")),
            t("summary.outcomes", again=o["again"], hard=o["hard"], good=o["good"], easy=o["easy"]),
            t("summary.next", when=when(summary.next_due, self.now())),
        ]
        self._show(Message("summary", lines=lines))


def _in_persona_form(grade: Grade, gender: Optional[str]) -> Grade:
    """`grade` with the better phrasings it offers (the playbook's, written for both
    genders: "Pan/Pani") in the form of the card's persona, when the card knows it."""
    if gender is None:
        return grade
    from dataclasses import replace

    from ..gendered import pick

    check = grade.check
    if check is not None:
        check = replace(check, suggestions=[replace(s, instead=pick(s.instead, gender)) for s in check.suggestions])
    return replace(grade, check=check, better=[pick(b, gender) for b in grade.better])


def _answer(value: Any) -> Answer:
    """A pick's answer: a listed id, or the trainee's own words."""
    if isinstance(value, Typed):
        return Answer(text=value.text)
    return Answer(picked=str(value or "").strip())


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def nothing_to_do(next_due: Optional[datetime], now: datetime, any_cards: bool) -> str:
    return t("nothing", when=when(next_due, now)) if any_cards else t("nothing_at_all")


def template(plan: Plan) -> str:
    """A YAML answers file for the session `plan`: one step per card, in order, each with a
    comment saying what the card asks and which ids a pick allows. Every step starts as
    ``say: "?"`` (a card skipped ungraded), so the file runs as it is."""
    import json

    from ..coach.drill import choices

    def comment(text: str) -> str:
        return clean(" ".join(str(text).split()))

    out = [f"# {comment(t('tmpl.header'))}", f"# {comment(t('tmpl.howto'))}", ""]
    for n, card in enumerate(plan.cards, 1):
        out.append(f"# {n}. {comment(t('kind.' + card.kind))} [{card.id}]")
        out.append(f"#    {comment(t('q.avoid') if card.kind == 'avoid' else i18n.quote(card.prompt))}")
        for cid, text in choices(card, plan.seed):
            label = i18n.t(f"common.stage.{cid}") if card.kind == "stage" else i18n.quote(text)
            out.append(f"#      {cid}: {comment(label)}")
        out.append(f"- say: {json.dumps('?')}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"

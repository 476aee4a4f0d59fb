"""The encounter walk-through: five stages, one question at a time, no terminal code.

The engine asks `Question`s and shows `Message`s through a prompter (terminal, answers
file or test), keeps every answer keyed by a stable question id, and returns an
`EncounterResult`. Saving, redaction and Markdown live in `records/`.

The questions of a playbook are defined once, as a list of `Step`s: the walk-through runs
them, and `questions()` lists them (with every option they can offer) for
`empathy encounter --template` and for labelling records. Question ids are stable: they
key answers files, journals and the ``answers`` of a record.

Navigation: `GoBack` from the prompter returns to the previously asked question (a stack,
so it works across stages); `Cancelled` (Ctrl-C, end of input) stops it with `Interrupted`:
the session protocol (`app.session`) then saves what is there as an incomplete record or
keeps the session for `--resume`. A journal callback is
called after every answer, so nothing typed is ever lost.

After the last question comes the review: every answer by stage, and a choice to save or
change one (a change asks that question again, plus any later one it makes apply). An
answers file skips it. The journal records the phase (``walk``, ``review``, ``reflect``),
so --resume continues at the review or the reflection. Own words judged escalating and
then replaced stay in the result as ``first_said``, so the record stays honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..clock import system
from ..content.models import STAGE_IDS, EscalationLevel, Phrase, Playbook, RecordField
from ..localtext import Cat, Shown, Text, join
from ..vocab import ENDING_OUTCOMES
from .prompter import Cancelled, GoBack, Interrupted, Message, Option, Question

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import FieldType
    from .check import CheckResult
    from .prompter import QuestionKind

KIND = "encounter"

#: Ids of the questions the engine itself asks (the Document stage adds the playbook's
#: record_fields ids after them).
ENGINE_IDS = (
    "concern",
    "wants",
    "tried",
    "emotions",
    "phrases_used",
    "own_phrase",
    "options_offered",
    "option_accepted",
    "solution_notes",
    "warning_signs",
    "help_called",
    "help_called_at",
)
NONE = "none"  # the "nothing (yet)" option of option_accepted


#: Turns what the engine says into words of one language (`i18n.render` for it, given by
#: the app): the pre-filled answers are saved as plain text.
Render = Callable[[Shown], str]


def t(key: str, **values: Any) -> Text:
    return Text(f"encounter.{key}", **values)


def quote(text: Shown) -> Text:
    """Words someone said, in the quotation marks of the language they are shown in."""
    return t("quote", text=text)


_now = system


def _slug(text: str) -> str:
    from ..text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:48] or "x"


# --------------------------------------------------------------------------- context


@dataclass
class Context:
    """What a step needs to build its question: the playbook, the answers so far, the
    start time, and whether the question is built for the template (every option)."""

    playbook: Playbook
    answers: dict[str, Any]
    started_at: datetime
    template: bool = False
    #: Renders the pre-filled answers (details, steps_taken) as plain text in the
    #: record's language; without it they are left empty (the template, the records).
    render: Optional[Render] = None

    # -- playbook lookups -------------------------------------------------------------

    def tag_label(self, tag: str) -> str:
        info = next((x for x in self.playbook.tags if x.id == tag), None)
        return info.label if info else tag.replace("_", " ")

    def stage_title(self, stage_id: str) -> Shown:
        stage = self.playbook.stage(stage_id)
        return stage.title if stage else Text(f"common.stage.{stage_id}")

    def levels(self) -> list[EscalationLevel]:
        return sorted(self.playbook.escalation, key=lambda lv: lv.severity)

    def sign_level(self) -> dict[str, EscalationLevel]:
        return {s.id: lv for lv in self.playbook.escalation for s in lv.signs}

    def highest_level(self) -> Optional[EscalationLevel]:
        """The most serious level among the warning signs ticked, if any."""
        by_sign = self.sign_level()
        chosen = [by_sign[s] for s in self.answers.get("warning_signs") or [] if s in by_sign]
        return max(chosen, key=lambda lv: lv.severity) if chosen else None

    def is_red(self, level: EscalationLevel) -> bool:
        """Red: called so, or the most serious level of a playbook that has several."""
        if level.id == "red":
            return True
        top = max((lv.severity for lv in self.playbook.escalation), default=0)
        return level.severity > 0 and level.severity == top and len(self.playbook.escalation) > 1

    def all_phrases(self) -> list[tuple[str, Phrase]]:
        """Every phrase of the playbook with its stable id ``<stage>-<n>``."""
        return [(f"{stage.id}-{n}", ph) for stage in self.playbook.stages for n, ph in enumerate(stage.phrases, 1)]

    def phrase_text(self, phrase_id: str) -> str:
        return next((ph.text for pid, ph in self.all_phrases() if pid == phrase_id), phrase_id)

    def call_options(self) -> list[tuple[str, str, EscalationLevel]]:
        """Who can be called in: (id, label, level), from every level, without duplicates."""
        seen: dict[str, str] = {}
        out = []
        for lv in self.levels():
            for who in lv.call:
                # "Treating doctor, for questions about the result" → treating-doctor
                cid = _slug(re.split(r"[,;:(]", who, maxsplit=1)[0])
                if seen.get(cid, who) != who:
                    cid = _slug(who)
                if cid not in seen:
                    seen[cid] = who
                    out.append((cid, who, lv))
        return out

    def solution_title(self, sid: str) -> Shown:
        sol = next((s for s in self.playbook.solutions if s.id == sid), None)
        return sol.title if sol else (t("option.none") if sid == NONE else sid)


# --------------------------------------------------------------------------- steps


@dataclass
class Step:
    """One question of the walk-through, built from the playbook and the answers so far."""

    id: str
    stage: str
    build: Callable[[Context], Question]
    applies: Callable[[Context], bool] = lambda ctx: True
    after: Optional[Callable[[Context, Any], list[Message]]] = None
    #: For required questions with a computed default: the default used when left empty.
    fill: Optional[Callable[[Context], Any]] = None


def _approval(approval: str) -> Text:
    return t("approval", who=approval) if approval.strip() else t("no_approval")


def _emotion_options(ctx: Context) -> list[Option]:
    return [Option(e, ctx.tag_label(e)) for e in ctx.playbook.emotions]


def _phrase_options(ctx: Context) -> list[Option]:
    """Phrases that fit the emotions picked (empathize stage first, then the others); all
    of the empathize stage when none fit. The template lists every phrase that can be
    offered, so a trainer can pick from all of them."""
    emotions = set(ctx.playbook.emotions) if ctx.template else set(ctx.answers.get("emotions") or [])
    stage_order = {sid: n for n, sid in enumerate(sorted(STAGE_IDS, key=lambda sid: sid != "empathize"))}  # empathize first
    matching = [(pid, ph) for pid, ph in ctx.all_phrases() if emotions & set(ph.tags)]
    matching.sort(key=lambda item: stage_order.get(item[0].rsplit("-", 1)[0], 9))
    empathize = [(pid, ph) for pid, ph in ctx.all_phrases() if pid.startswith("empathize-")]
    if ctx.template:
        chosen = empathize + [m for m in matching if m not in empathize]
    else:
        chosen = matching or empathize
    return [Option(pid, ph.text, ", ".join(ctx.tag_label(x) for x in ph.tags if x in emotions) if emotions else "") for pid, ph in chosen]


def _solution_options(ctx: Context) -> list[Option]:
    return [Option(s.id, s.title, _approval(s.approval)) for s in ctx.playbook.solutions]


def _accepted_options(ctx: Context) -> list[Option]:
    offered = set(ctx.answers.get("options_offered") or [])
    options = [o for o in _solution_options(ctx) if ctx.template or o.id in offered]
    return options + [Option(NONE, t("option.none"))]


def level_name(level: EscalationLevel) -> str:
    """The short name of a level: "Red" for "Red: safety risk"."""
    return level.title.split(":", 1)[0].strip() or level.id


def _sign_options(ctx: Context) -> list[Option]:
    return [Option(s.id, s.text, level_name(lv)) for lv in ctx.levels() for s in lv.signs]


def _call_options(ctx: Context) -> list[Option]:
    options = ctx.call_options()
    top = ctx.highest_level()
    if top is not None and not ctx.template:
        options.sort(key=lambda item: 0 if item[2].id == top.id else 1)
    return [Option(cid, who, level_name(lv)) for cid, who, lv in options]


def _own_phrase_feedback(check: Optional[Callable[[str], "CheckResult"]]) -> Callable[[Context, Any], list[Message]]:
    def after(ctx: Context, value: Any) -> list[Message]:
        text = str(value or "").strip()
        ctx.answers.pop("_own_phrase_check", None)
        if not text or check is None:
            return []
        result = check(text)
        lines: list[Shown] = [t(f"verdict.{result.verdict}")]
        for hit in result.signals:
            lines.append(Cat(quote(hit.text), f" — {hit.label or hit.kind}"))
        better: list[str] = []
        for s in result.suggestions:
            if s.instead in better:
                continue
            better.append(s.instead)
            lines.append(t("better", text=s.instead))
            if s.why:
                lines.append(t("why", text=s.why))
        ctx.answers["_own_phrase_check"] = {
            "verdict": result.verdict,
            "score": round(result.score, 2),
            "suggestions": better,
        }
        return [Message("feedback", t("check_title"), lines, {"verdict": result.verdict, "pause": result.verdict == "escalating"})]

    return after


def _level_messages(ctx: Context, value: Any) -> list[Message]:
    """After the warning signs: a red sign shows the playbook's actions and words at once."""
    level = ctx.highest_level()
    if level is None:
        return []
    lines: list[Shown] = []
    if level.actions:
        lines.append(t("alert.actions"))
        lines += [f"  {n}. {a}" for n, a in enumerate(level.actions, 1)]
    if level.call:
        lines.append(t("alert.call"))
        lines += [f"  • {c}" for c in level.call]
    if level.say:
        lines.append(t("alert.say"))
        lines += [Cat("  ", quote(s)) for s in level.say]
    if ctx.is_red(level):
        return [Message("alert", t("alert.title", level=level.title), lines, {"level": level.id, "pause": True})]
    if level.severity <= 0:
        return []
    return [Message("tips", level.title, lines, {"level": level.id})]


def nudge(ctx: Context) -> Optional[Message]:
    """Amber or red signs ticked and nobody called in: one clear, non-blocking line (two
    with the words) from the playbook's escalation level: who to call, what to say."""
    level = ctx.highest_level()
    if level is None or level.severity <= 0 or ctx.answers.get("help_called") or not level.call:
        return None
    lines: list[Shown] = [t("nudge.call", level=level_name(level), who=_join(list(level.call)))]
    if level.say:
        lines.append(t("nudge.say", text=quote(level.say[0])))
    return Message("warning", lines=lines, data={"nudge": level.id})


def _help_called_messages(ctx: Context, value: Any) -> list[Message]:
    message = nudge(ctx)
    return [message] if message is not None else []


# -- document stage --------------------------------------------------------------------

DEFAULT_FIELDS: tuple[tuple[str, FieldType, bool], ...] = (
    ("date", "date", True),
    ("time", "time", True),
    ("location", "text", True),
    ("details", "longtext", True),
    ("steps_taken", "longtext", True),
    ("outcome", "choice", True),
    ("follow_up", "longtext", False),
    ("follow_up_due", "date", False),
)
OUTCOMES = list(ENDING_OUTCOMES)


def record_fields(playbook: Playbook) -> list[tuple[RecordField, Shown, Shown]]:
    """The playbook's record fields, or a sensible default set when it names none: each
    with its label and its help (the playbook's words, or the catalogue's ids)."""
    if playbook.record_fields:
        return [(f, f.label, f.help) for f in playbook.record_fields if f.id not in ENGINE_IDS]
    return [
        (
            RecordField(
                id=fid,
                label=fid,
                type=kind,
                required=req,
                choices=list(OUTCOMES) if fid == "outcome" else [],
            ),
            t(f"field.{fid}"),
            t(f"field_help.{fid}"),
        )
        for fid, kind, req in DEFAULT_FIELDS
    ]


def _join(items: list[Shown]) -> Shown:
    return join(", ", [x for x in items if x])


def _sentence(value: Any) -> str:
    """Free text as one line, without its closing full stop (the template adds one)."""
    return " ".join(str(value).split()).rstrip(" .")


def summary_of_listening(ctx: Context) -> Shown:
    """`details`, pre-filled from the earlier stages."""
    a = ctx.answers
    parts: list[Shown] = []
    if a.get("concern"):
        parts.append(t("prefill.concern", text=_sentence(a["concern"])))
    if a.get("wants"):
        parts.append(t("prefill.wants", text=_sentence(a["wants"])))
    if a.get("tried"):
        parts.append(t("prefill.tried", text=_sentence(a["tried"])))
    if a.get("emotions"):
        parts.append(t("prefill.emotions", items=_join([ctx.tag_label(e) for e in a["emotions"]])))
    signs = {s.id: s.text for lv in ctx.playbook.escalation for s in lv.signs}
    if a.get("warning_signs"):
        parts.append(t("prefill.signs", items=_join([signs.get(s, s) for s in a["warning_signs"]])))
    return join(" ", parts)


def summary_of_steps(ctx: Context) -> Shown:
    """`steps_taken`, pre-filled from the earlier stages."""
    a = ctx.answers
    parts: list[Shown] = []
    if a.get("concern"):
        parts.append(t("prefill.listened"))
    if a.get("emotions") or a.get("phrases_used") or a.get("own_phrase") or a.get("_first_said"):
        used: list[Shown] = [quote(ctx.phrase_text(p)) for p in a.get("phrases_used") or []]
        # Own words judged escalating and then replaced were said too: first, in order.
        used += [quote(_sentence(x)) for x in a.get("_first_said") or []]
        if a.get("own_phrase"):
            used.append(quote(_sentence(a["own_phrase"])))
        if used:
            parts.append(t("prefill.said", items=_join(used)))
    if a.get("options_offered"):
        parts.append(t("prefill.offered", items=_join([ctx.solution_title(s) for s in a["options_offered"]])))
    accepted = a.get("option_accepted")
    if accepted and accepted != NONE:
        sol = next((s for s in ctx.playbook.solutions if s.id == accepted), None)
        item = Cat(ctx.solution_title(accepted), " (", _approval(sol.approval), ")") if sol else ctx.solution_title(accepted)
        parts.append(t("prefill.accepted", item=item))
    if a.get("solution_notes"):
        parts.append(_sentence(a["solution_notes"]) + ".")
    if a.get("help_called"):
        labels = {cid: who for cid, who, _ in ctx.call_options()}
        who = _join([labels.get(c, c) for c in a["help_called"]])
        when = a.get("help_called_at")
        parts.append(t("prefill.called_at", items=who, time=when) if when else t("prefill.called", items=who))
    return join(" ", parts)


def _prefilled(ctx: Context, said: Shown) -> Optional[str]:
    """A pre-filled answer as the plain text the record keeps (None: nothing to say, or
    no renderer: the template and the records only need the question)."""
    if ctx.render is None or not said:
        return None
    return ctx.render(said) or None


def _field_default(ctx: Context, f: RecordField) -> Any:
    if f.id == "date" or (f.type == "date" and f.id in ("incident_date", "encounter_date")):
        return ctx.started_at.date().isoformat()
    if f.id == "time" or (f.type == "time" and f.id in ("incident_time", "encounter_time", "start_time")):
        return ctx.started_at.strftime("%H:%M")
    if f.type == "datetime":
        return ctx.started_at.strftime("%Y-%m-%d %H:%M")
    if f.id == "client_concern" and ctx.answers.get("concern"):
        return str(ctx.answers["concern"]).strip()
    if f.id == "details":
        return _prefilled(ctx, summary_of_listening(ctx))
    if f.id == "steps_taken":
        return _prefilled(ctx, summary_of_steps(ctx))
    if f.id == "escalation_level":
        level = ctx.highest_level()
        if level is None:
            levels = ctx.levels()
            level = levels[0] if levels else None
        if level is not None and (not f.choices or level.id in f.choices):
            return level.id
    return None


_KINDS: dict[str, QuestionKind] = {
    "date": "date",
    "time": "time",
    "datetime": "text",
    "text": "text",
    "longtext": "longtext",
    "choice": "choice",
    "multichoice": "multi",
    "bool": "confirm",
}


def _choice_label(ctx: Context, f: RecordField, value: str) -> Shown:
    if f.id == "outcome" and value in OUTCOMES:
        return t(f"outcome.{value}")
    if f.id == "escalation_level":
        level = next((lv for lv in ctx.playbook.escalation if lv.id == value), None)
        if level is not None:
            return level.title
    return value.replace("_", " ")


def _field_step(f: RecordField, label: Shown, help: Shown) -> Step:
    def build(ctx: Context) -> Question:
        kind = _KINDS.get(f.type, "text")
        default = _field_default(ctx, f)
        help_text = help
        if f.type == "datetime":
            help_text = Cat(help, " (YYYY-MM-DD HH:MM)") if help else "(YYYY-MM-DD HH:MM)"
        if kind == "multi":
            default = default if isinstance(default, list) else None
        if kind == "confirm":
            default = bool(default)
        return Question(
            id=f.id,
            kind=kind,
            prompt=label,
            options=[Option(c, _choice_label(ctx, f, c)) for c in f.choices],
            default=default,
            # A required field with a computed default is never empty: the default fills it.
            required=f.required and default in (None, "", []),
            help=help_text,
        )

    def fill(ctx: Context) -> Any:
        return _field_default(ctx, f) if f.required else None

    return Step(f.id, "document", build, fill=fill)


def steps(playbook: Playbook, check: Optional[Callable[[str], "CheckResult"]] = None) -> list[Step]:
    """Every step of the walk-through for `playbook`, in order."""
    has_phrases = lambda ctx: bool(_phrase_options(ctx))  # noqa: E731
    out = [
        # 1. Listen
        Step("concern", "listen", lambda ctx: Question("concern", "longtext", t("q.concern"), required=True, help=t("h.concern"))),
        Step("wants", "listen", lambda ctx: Question("wants", "text", t("q.wants"), help=t("h.wants"))),
        Step("tried", "listen", lambda ctx: Question("tried", "text", t("q.tried"), help=t("h.tried"))),
        # 2. Empathize
        Step(
            "emotions",
            "empathize",
            lambda ctx: Question("emotions", "multi", t("q.emotions"), options=_emotion_options(ctx), help=t("h.emotions")),
            applies=lambda ctx: bool(ctx.playbook.emotions),
        ),
        Step(
            "phrases_used",
            "empathize",
            lambda ctx: Question("phrases_used", "multi", t("q.phrases_used"), options=_phrase_options(ctx), help=t("h.phrases_used")),
            applies=has_phrases,
        ),
        Step(
            "own_phrase",
            "empathize",
            lambda ctx: Question("own_phrase", "text", t("q.own_phrase"), help=t("h.own_phrase")),
            after=_own_phrase_feedback(check),
        ),
        # 3. Solve
        Step(
            "options_offered",
            "solve",
            lambda ctx: Question("options_offered", "multi", t("q.options_offered"), options=_solution_options(ctx), help=t("h.options_offered")),
            applies=lambda ctx: bool(ctx.playbook.solutions),
        ),
        Step(
            "option_accepted",
            "solve",
            lambda ctx: Question("option_accepted", "choice", t("q.option_accepted"), options=_accepted_options(ctx), help=t("h.option_accepted")),
            applies=lambda ctx: ctx.template or bool(ctx.answers.get("options_offered")),
        ),
        Step("solution_notes", "solve", lambda ctx: Question("solution_notes", "text", t("q.solution_notes"), help=t("h.solution_notes"))),
        # 4. Escalate
        Step(
            "warning_signs",
            "escalate",
            lambda ctx: Question("warning_signs", "multi", t("q.warning_signs"), options=_sign_options(ctx), help=t("h.warning_signs")),
            applies=lambda ctx: any(lv.signs for lv in ctx.playbook.escalation),
            after=_level_messages,
        ),
        Step(
            "help_called",
            "escalate",
            lambda ctx: Question("help_called", "multi", t("q.help_called"), options=_call_options(ctx), help=t("h.help_called")),
            applies=lambda ctx: bool(ctx.call_options()) and (ctx.template or bool(ctx.answers.get("warning_signs"))),
            after=_help_called_messages,
        ),
        Step(
            "help_called_at",
            "escalate",
            lambda ctx: Question("help_called_at", "time", t("q.help_called_at"), default=_now().strftime("%H:%M")),
            applies=lambda ctx: ctx.template or bool(ctx.answers.get("help_called")),
            fill=lambda ctx: _now().strftime("%H:%M"),
        ),
    ]
    # 5. Document: the playbook's record fields.
    out += [_field_step(f, label, help) for f, label, help in record_fields(playbook)]
    return out


def questions(playbook: Playbook, started_at: Optional[datetime] = None) -> list[tuple[str, Question]]:
    """Every question of `playbook` as (stage id, question), with every option it can offer.

    One source of truth for `--template` and for labelling records: built from the same
    steps the walk-through runs.
    """
    ctx = Context(playbook, {}, started_at or _now(), template=True)
    return [(s.stage, s.build(ctx)) for s in steps(playbook) if s.applies(ctx)]


def stage_titles(playbook: Playbook) -> dict[str, Shown]:
    ctx = Context(playbook, {}, _now())
    return {sid: ctx.stage_title(sid) for sid in STAGE_IDS}


# --------------------------------------------------------------------------- result


@dataclass
class EncounterResult:
    """What a walk-through produced. `status`: ``complete``; ``incomplete`` (stopped, and
    the user chose to save what is there); ``kept`` (stopped, journal kept for resume)."""

    status: str
    playbook: str
    lang: str
    session: str
    started_at: str
    finished_at: str
    answers: dict[str, Any]
    stage: str  # the stage reached
    checks: dict[str, Any] = field(default_factory=dict)
    escalation_level: Optional[str] = None
    #: The short reflection asked after a complete walk-through (see `reflect`).
    reflection: dict[str, Any] = field(default_factory=dict)
    #: Own words judged escalating and then replaced ("change that answer", the review,
    #: going back): ``[{"question": "own_phrase", "text": …, "verdict": "escalating"}]``.
    #: The record keeps them, so it stays honest about what was said first.
    first_said: list[dict[str, Any]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.status == "complete"


# --------------------------------------------------------------------------- engine


class Encounter:
    """Runs the walk-through for one playbook through a prompter.

    `journal(state)` is called after every answer with everything needed to resume
    (`state` is JSON-serialisable); pass a previous state as `resume` to continue it.
    `check(text)` judges a typed phrase (the `empathy check` engine). `render` turns the
    pre-filled answers (details, steps_taken) into plain text in the record's language
    (the app passes `i18n.render` for it): answers stay plain text. Everything else the
    engine says is ids and parameters, translated by the prompter.
    """

    def __init__(
        self,
        playbook: Playbook,
        prompter: Any,
        *,
        render: Render,
        session: str = "",
        check: Optional[Callable[[str], "CheckResult"]] = None,
        journal: Optional[Callable[[dict[str, Any]], Any]] = None,
        resume: Optional[dict[str, Any]] = None,
        extra: Optional[dict[str, Any]] = None,
        clock: Callable[[], datetime] = _now,
        review: bool = True,
    ):
        self.playbook = playbook
        self.prompter = prompter
        self.session = session
        self.journal_fn = journal
        self.extra = dict(extra or {})
        self.clock = clock
        self.render = render
        self.steps = steps(playbook, check)
        self.history: list[str] = []
        self.position = 0
        #: Where the session is: ``walk`` (the questions), ``review`` (the answers shown
        #: before saving) or ``reflect`` (the reflection, asked by the app). Journaled, so
        #: a resumed session continues there.
        self.phase = "walk"
        self.review_enabled = review
        started = clock()
        answers: dict[str, Any] = {}
        if resume:
            answers = dict(resume.get("answers") or {})
            # Engine notes (the wording check) are journaled beside the answers, not in them.
            notes = resume.get("notes")
            if isinstance(notes, dict):
                check = notes.get("_own_phrase_check")
                if _valid_check(check):  # anything else in a hand-edited journal is dropped
                    answers["_own_phrase_check"] = check
            answers = _fitting(playbook, answers)
            said = answers.get("_first_said")
            if said is not None and not (isinstance(said, list) and all(isinstance(x, str) for x in said)):
                answers.pop("_first_said")  # a hand-edited journal: not a list of words
            self.history = [h for h in resume.get("history") or [] if self._index(h) is not None]
            started = _parse_time(resume.get("started_at")) or started
            self.session = self.session or str(resume.get("session") or "")
            pos = self._index(str(resume.get("position") or ""))
            if pos is None:  # the playbook changed: continue at the first unanswered question
                pos = next((i for i, s in enumerate(self.steps) if s.id not in answers), len(self.steps))
            self.position = pos
            if resume.get("phase") in ("review", "reflect") and not self._unanswered(answers, started, playbook):
                self.phase = str(resume["phase"])
                self.position = len(self.steps)
        self.ctx = Context(playbook, answers, started, render=render)
        self._intro_shown: set[str] = set()
        self._last_stage = ""
        self.resumed = bool(resume)

    # -- helpers ------------------------------------------------------------------------

    def _unanswered(self, answers: dict[str, Any], started: datetime, playbook: Playbook) -> bool:
        """Whether a required question that applies has no answer (the playbook changed)."""
        ctx = Context(playbook, answers, started, render=self.render)
        return any(s.applies(ctx) and s.build(ctx).required and answers.get(s.id) in (None, "", []) for s in self.steps)

    def _index(self, step_id: str) -> Optional[int]:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)

    def _stage_number(self, stage_id: str) -> int:
        return STAGE_IDS.index(stage_id) + 1 if stage_id in STAGE_IDS else 0

    def state(self) -> dict[str, Any]:
        """Everything needed to resume (what the journal holds)."""
        step = self.steps[self.position] if self.position < len(self.steps) else None
        answers = {k: v for k, v in self.ctx.answers.items() if not _note(k, v)}
        notes = {k: v for k, v in self.ctx.answers.items() if _note(k, v)}
        return {
            "kind": KIND,
            "session": self.session,
            "playbook": self.playbook.id,
            "lang": self.playbook.lang,
            "title": self.playbook.title,
            "started_at": self.ctx.started_at.isoformat(),
            "stage": step.stage if step else "document",
            "position": step.id if step else "",
            "history": list(self.history),
            "phase": self.phase,
            # Typed words (and the private ``_first_said``/``_reflect_*`` keys, plain text)
            # are answers, masked in the journal; the engine's structured notes are not.
            "answers": answers,
            "notes": notes,
            **self.extra,
        }

    def _journal(self) -> None:
        if self.journal_fn is not None:
            self.journal_fn(self.state())

    def _show(self, message: Message) -> None:
        self.prompter.show(message)

    def _enter_stage(self, stage_id: str) -> None:
        """A progress line, and the first time a stage is entered its goal and tips."""
        n = self._stage_number(stage_id)
        title = self.ctx.stage_title(stage_id)
        self._show(Message("progress", lines=[t("progress", n=n, total=len(STAGE_IDS), stage=title), t("progress_back")], data={"stage": stage_id, "n": n}))
        if stage_id in self._intro_shown:
            self._show(Message("stage", title=Cat(f"{n}. ", title)))
            return
        self._intro_shown.add(stage_id)
        stage = self.playbook.stage(stage_id)
        lines: list[Shown] = [stage.goal] if stage else []
        if stage_id == "document":  # an honest record: what went badly belongs in it too
            lines.append(t("document_honest"))
        self._show(Message("stage", title=Cat(f"{n}. ", title), lines=lines))
        if stage is None:
            return
        if stage.do:
            self._show(Message("tips", t("tips.do"), list(stage.do)))
        if stage.dont:
            self._show(Message("tips", t("tips.dont"), list(stage.dont)))
        if stage.questions and stage_id in ("listen", "empathize"):
            self._show(Message("phrases", t("tips.questions"), list(stage.questions)))

    # -- the walk-through ---------------------------------------------------------------

    def run(self) -> EncounterResult:
        """The questions, then the review; the result is ``complete``. The phase moves to
        ``reflect`` (journaled) for the app's reflection; a session resumed there returns
        at once."""
        if self.resumed:
            self._show(Message("info", lines=[t("resumed", count=len([k for k in self.ctx.answers if not k.startswith("_")]))]))
        try:
            if self.phase == "walk":
                self._walk()
                self.phase = "review"
                self._journal()
            if self.phase == "review":
                if self.review_enabled:
                    self._review()
                self.phase = "reflect"
                self._finish_answers()
                self._journal()
        except Cancelled:
            raise Interrupted(partial=self.has_answers()) from None
        self._finish_answers()
        return self._result("complete")

    # -- the review -----------------------------------------------------------------

    def answered(self) -> list[tuple[Step, Question, Any]]:
        """The questions asked that still apply, in order, with their answers (empty ones
        too: they can be changed at the review like any other)."""
        out = []
        for step in self.steps:
            if step.id not in self.ctx.answers or not step.applies(self.ctx):
                continue
            out.append((step, step.build(self.ctx), self.ctx.answers[step.id]))
        return out

    def review_message(self) -> Message:
        """Every answer by stage, as the record will hold it (before masking)."""
        lines: list[Shown] = []
        stage = ""
        first_said = [str(x) for x in self.ctx.answers.get("_first_said") or []]
        for step, q, value in self.answered():
            said = first_said if step.id == "own_phrase" else []
            if value in (None, "", []) and not said:
                continue  # left empty: not shown here, but offered to change below
            if step.stage != stage:
                stage = step.stage
                lines.append(Cat(f"{self._stage_number(stage)}. ", self.ctx.stage_title(stage)))
            lines.append(Cat("  ", short_label(q), ": ", _shown(q, value)))
            lines += [Cat("  ", t("first_said", text=quote(_one_line(x)))) for x in said]
        message = nudge(self.ctx)
        if message is not None:
            lines += [Cat("! ", line) for line in message.lines]
        return Message("summary", t("review.title"), lines, {"review": True})

    def review_question(self) -> Question:
        options = [Option(REVIEW_SAVE, t("review.save"))]
        for step, q, value in self.answered():
            label = t("review.change", label=short_label(q), value=_shorten(_shown(q, value), 60))
            options.append(Option(step.id, label, self.ctx.stage_title(step.stage)))
        return Question(REVIEW_ID, "choice", t("q.review"), options=options, default=REVIEW_SAVE, help=t("h.review"))

    def _review(self) -> None:
        """Show every answer; save, or change one and show them again. Back returns to the
        last question answered."""
        while True:
            self._show(self.review_message())
            try:
                choice = self.prompter.ask(self.review_question())
            except GoBack:
                self._back()
                self.phase = "walk"
                self._walk()
                self.phase = "review"
                self._journal()
                continue
            if choice in (None, "", REVIEW_SAVE):
                return
            index = self._index(str(choice))
            if index is None:
                return
            self.position = index
            self._walk(edit=index)
            self._finish_answers()
            self.position = len(self.steps)
            self._journal()

    # -- the questions ----------------------------------------------------------------

    def _walk(self, edit: Optional[int] = None) -> None:
        """Ask from `position` to the end. With `edit` (a step changed at the review): ask
        that step, then only later ones that now apply and have no valid answer; back
        returns to the review."""
        while self.position < len(self.steps):
            step = self.steps[self.position]
            if not step.applies(self.ctx):
                self.position += 1
                continue
            if edit is not None and self.position > edit and self._still_valid(step):
                self.position += 1
                continue
            if step.stage != self._last_stage:
                self._enter_stage(step.stage)
                self._last_stage = step.stage
            question = step.build(self.ctx)
            previous = self.ctx.answers.get(step.id)
            if previous is not None and previous != "" and previous != []:
                question.default = _keep_valid(question, previous)
            try:
                value = self.prompter.ask(question)
            except GoBack:
                if edit is not None:
                    return
                self._back()
                continue
            if step.fill is not None and value in (None, "", []):
                filled = step.fill(self.ctx)
                value = value if filled in (None, "", []) else filled
            self._keep_first_said(step.id, previous, _plain(value))
            self.ctx.answers[step.id] = _plain(value)
            messages = step.after(self.ctx, value) if step.after else []
            for message in messages:
                self._show(message)
            if any(m.data.get("pause") for m in messages) and not self._acknowledged():
                self._journal()
                continue  # "no": ask the same question again
            self.history.append(step.id)
            self.position += 1
            self._journal()

    def _still_valid(self, step: Step) -> bool:
        """A later step's answer after an edit: kept when it is there and still allowed."""
        if step.id not in self.ctx.answers:
            return False
        previous = self.ctx.answers[step.id]
        question = step.build(self.ctx)
        if question.required and previous in (None, "", []):
            return False
        return bool(_keep_valid(question, previous) == previous)

    def _keep_first_said(self, step_id: str, previous: Any, value: Any) -> None:
        """Own words judged escalating stay in the record when they are replaced."""
        if step_id != "own_phrase" or previous in (None, "") or previous == value:
            return
        check = self.ctx.answers.get("_own_phrase_check")
        if isinstance(check, dict) and check.get("verdict") == "escalating":
            said = list(self.ctx.answers.get("_first_said") or [])
            if previous not in said:
                said.append(str(previous))
            self.ctx.answers["_first_said"] = said

    def _acknowledged(self) -> bool:
        """After an alert or an escalating phrase: let the user read it before going on
        (an answers file just goes on)."""
        try:
            return bool(self.prompter.ask(Question("continue", "confirm", t("q.continue"), default=True, allow_back=False, help=t("h.continue"))))
        except GoBack:
            return False

    def _back(self) -> None:
        if not self.history:
            self._show(Message("warning", lines=[t("at_start")]))
            return
        target = self._index(self.history.pop())
        self.position = target if target is not None else 0
        self._journal()

    def has_answers(self) -> bool:
        return any(not k.startswith("_") for k in self.ctx.answers)

    def write_journal(self) -> None:
        """Journal the state now (the session protocol does, when the person stops)."""
        self._journal()

    def save_question(self) -> Question:
        """Asked when the person stops: save what is there as an incomplete record?"""
        return Question("save_incomplete", "confirm", t("q.save_incomplete"), default=False, allow_back=False, help=t("h.save_incomplete"))

    def stopped(self, *, save: bool) -> EncounterResult:
        """The result of a stopped walk-through: ``incomplete`` (saved as it is) or ``kept``."""
        if save:
            self._finish_answers()
            return self._result("incomplete")
        return self._result("kept")

    def _finish_answers(self) -> None:
        """Drop answers of questions that no longer apply (e.g. help_called_at after
        help_called was emptied on the way back)."""
        for step in self.steps:
            if step.id in self.ctx.answers and not step.applies(self.ctx):
                self.ctx.answers.pop(step.id, None)

    def _result(self, status: str) -> EncounterResult:
        answers = {k: v for k, v in self.ctx.answers.items() if not k.startswith("_")}
        checks = {}
        if "_own_phrase_check" in self.ctx.answers and answers.get("own_phrase"):
            checks["own_phrase"] = self.ctx.answers["_own_phrase_check"]
        level = self.ctx.highest_level()
        state = self.state()
        first = [{"question": "own_phrase", "text": str(x), "verdict": "escalating"} for x in self.ctx.answers.get("_first_said") or []]
        return EncounterResult(
            status=status,
            playbook=self.playbook.id,
            lang=self.playbook.lang,
            session=self.session,
            started_at=self.ctx.started_at.isoformat(),
            finished_at=self.clock().isoformat(),
            answers=answers,
            stage=state["stage"] if status != "complete" else "document",
            checks=checks,
            escalation_level=level.id if level else None,
            first_said=first,
        )

    def summary(self, answers: Optional[dict[str, Any]] = None, *, first_said: Optional[list[str]] = None, masked: Optional[int] = None) -> Message:
        """The closing summary: what happened, the steps taken and the key answers,
        labelled. The app passes what the record holds (masked) and how many identifiers
        were masked (None: not masked)."""
        a = dict(self.ctx.answers if answers is None else answers)
        ctx = Context(self.playbook, a, self.ctx.started_at)
        labels = {q.id: q for _, q in questions(self.playbook, self.ctx.started_at)}
        lines: list[Shown] = []
        for qid in SUMMARY_IDS:
            if qid not in a or a[qid] in ("", [], None) or qid not in labels:
                continue
            lines.append(Cat(short_label(labels[qid]), ": ", _one_line(display(labels[qid], a[qid]))))
        level = ctx.highest_level()
        if level is not None:
            lines.append(t("summary.level", level=level.title))
        said = first_said if first_said is not None else [str(x) for x in self.ctx.answers.get("_first_said") or []]
        lines += [t("first_said", text=quote(_one_line(x))) for x in said]
        message = nudge(ctx)
        if message is not None:
            lines += [Cat("! ", line) for line in message.lines]
        count = len([k for k, v in a.items() if not k.startswith("_") and v not in ("", [], None)])
        lines.append(Cat(t("summary.record", count=count), " ", t("summary.not_masked") if masked is None else t("summary.masked", count=masked)))
        return Message("summary", t("summary.title"), lines)


# --------------------------------------------------------------------------- helpers


def short_label(q: Question) -> Shown:
    """A question as a record's label: "Concern, in the client's words" rather than the
    question asked; a record field's own label."""
    if q.id in ENGINE_IDS:
        return t(f"label.{q.id}")
    return q.prompt.rstrip("?:").strip() if isinstance(q.prompt, str) else q.prompt


def display(q: Question, value: Any) -> Shown:
    """An answer as a person reads it: option labels instead of ids."""
    labels = {o.id: o.label for o in q.options}
    if isinstance(value, list):
        return join("; ", [labels.get(v, str(v)) for v in value])
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    return labels.get(str(value), str(value))


#: What the closing summary shows, in order: what happened and the steps taken among them.
SUMMARY_IDS = (
    "concern",
    "wants",
    "emotions",
    "details",
    "steps_taken",
    "option_accepted",
    "warning_signs",
    "help_called",
    "date",
    "time",
    "location",
    "outcome",
    "follow_up",
    "follow_up_due",
)
#: The review question: its id, and the option that saves.
REVIEW_ID = "review"
REVIEW_SAVE = "save"


def _note(key: str, value: Any) -> bool:
    """An engine note kept beside the answers in the journal (structured, no typed text)."""
    return key.startswith("_") and isinstance(value, dict)


def _fitting(playbook: Playbook, answers: dict[str, Any]) -> dict[str, Any]:
    """A journal's answers without those whose type does not fit their question (a
    hand-edited or damaged journal): those questions are asked again."""
    kinds = {q.id: q.kind for _, q in questions(playbook)}

    def fits(kind: str, value: Any) -> bool:
        if kind == "multi":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if kind == "confirm":
            return isinstance(value, bool)
        return isinstance(value, str)

    return {k: v for k, v in answers.items() if k not in kinds or v is None or fits(kinds[k], v)}


def _valid_check(value: Any) -> bool:
    """A wording check as the engine notes it: verdict, score, suggestions (a journal
    can be edited by hand, and the record renders what it holds)."""
    from ..vocab import VERDICTS

    if not isinstance(value, dict) or set(value) != {"verdict", "score", "suggestions"}:
        return False
    score, suggestions = value["score"], value["suggestions"]
    return (
        value["verdict"] in VERDICTS
        and isinstance(score, (int, float))
        and not isinstance(score, bool)
        and isinstance(suggestions, list)
        and all(isinstance(x, str) for x in suggestions)
    )


def _one_line(text: Shown) -> Shown:
    """Words on one line: the plain strings in them (content's, the user's) with their
    white space collapsed; catalogue words are one line already."""
    if isinstance(text, Cat):
        return Cat(*(re.sub(r"\s+", " ", p) if isinstance(p, str) else _one_line(p) for p in text.parts))
    if isinstance(text, Text):
        return text
    return " ".join(str(text).split())


def _shown(q: Question, value: Any) -> Shown:
    """An answer on one line for the review ("(left empty)" when it is)."""
    return _one_line(display(q, value)) if value not in (None, "", []) else t("review.empty")


def _plain(value: Any) -> Any:
    """Answers are JSON values: a typed reply becomes its text."""
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    return value


def _keep_valid(q: Question, previous: Any) -> Any:
    """A previous answer as the default of a re-asked question, minus options that are
    no longer offered."""
    ids = set(q.option_ids())
    if q.kind == "multi":
        return [v for v in previous if v in ids] if isinstance(previous, list) else q.default
    if q.kind == "choice":
        return previous if previous in ids else q.default
    return previous


def _parse_time(value: Any) -> Optional[datetime]:
    try:
        return datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- pickers


def playbook_question(entries: list[Any], lang: str) -> Question:
    """Pick a playbook when several fit the language."""
    return Question(
        "playbook",
        "choice",
        t("q.playbook"),
        options=[Option(e.content.id, e.content.title, e.content.id) for e in entries],
        default=entries[0].content.id if entries else None,
        allow_back=False,
    )


def resume_question(journals: list[dict[str, Any]]) -> Question:
    """Pick an unfinished session to continue."""
    options = []
    for j in journals:
        answered = len([k for k in (j.get("answers") or {}) if not str(k).startswith("_")])
        stage = str(j.get("stage") or "")
        when = str(j.get("updated_at") or j.get("started_at") or "")[:16].replace("T", " ")
        label = t(
            "resume_option",
            when=when,
            playbook=j.get("title") or j.get("playbook"),
            count=answered,
            stage=Text(f"common.stage.{stage}") if stage in STAGE_IDS else stage,
        )
        options.append(Option(str(j.get("session")), label, str(j.get("session"))))
    return Question("session", "choice", t("q.resume"), options=options, default=options[0].id if options else None, allow_back=False)


# --------------------------------------------------------------------------- template

#: Fields the walk-through fills in from earlier answers when left empty.
PREFILLED = frozenset({"details", "steps_taken", "client_concern", "escalation_level"})


def _comment_line(text: str) -> str:
    """Words for a YAML comment: one line, nothing that could end it or fool a terminal."""
    from ..text import clean

    return clean(" ".join(text.split()))


def _shorten(text: Shown, width: int = 90) -> Shown:
    """Words on one line, cut at `width` characters. Only plain strings (content's words,
    the user's) are cut: catalogue words are short."""
    if not isinstance(text, str):
        return text
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def answers_template(playbook: Playbook, render: Render) -> str:
    """A YAML answers file for `playbook`: every question as one flat mapping keyed by
    question id, each with a comment saying what it expects and which values are allowed.
    Values are left empty; an empty optional answer takes its default. `render`
    translates the comments (the catalogue renderer, from the command)."""

    def _comment(text: Shown) -> str:
        return _comment_line(render(text))

    out = [
        "# " + _comment(t("tmpl.header", playbook=playbook.id, lang=playbook.lang)),
        "# " + _comment(playbook.title),
        "# " + _comment(t("tmpl.howto")),
        "",
    ]
    last_stage = ""
    for stage, q in questions(playbook):
        if stage != last_stage:
            n = STAGE_IDS.index(stage) + 1 if stage in STAGE_IDS else 0
            title = render(Context(playbook, {}, _now()).stage_title(stage))
            out += ["", f"# ── {n}. {_comment(title)} " + "─" * max(4, 60 - len(title)), ""]
            last_stage = stage
        status = t("tmpl.required") if q.required else t("tmpl.optional")
        if q.id in PREFILLED:
            status = t("tmpl.prefilled")
        elif q.kind in ("date", "time") and q.default:
            status = t(f"tmpl.empty_{q.kind}")
        elif q.kind == "choice" and q.default and not q.required:
            status = t("tmpl.default", value=q.default)
        out.append(f"# {_comment(q.prompt)}")
        if q.help:
            out.append(f"#   {_comment(q.help)}")
        out.append(f"#   {_comment(t('tmpl.kind.' + q.kind))}; {render(status)}")
        for o in q.options:
            hint = f"  ({_comment(o.hint)})" if o.hint else ""
            out.append(f"#     {o.id}: {_comment(_shorten(render(o.label)))}{hint}")
        value = {"multi": "[]", "confirm": "false"}.get(q.kind, '""')
        out.append(f"{q.id}: {value}")
        out.append("")
    out += reflection_template(render)
    return "\n".join(out).rstrip() + "\n"


def known_ids(playbook: Playbook) -> set[str]:
    return {q.id for _, q in questions(playbook)} | set(REFLECTION_IDS)


# --------------------------------------------------------------------------- reflection

#: The short debrief after an encounter (PEARLS / Gibbs style): what went well, what to do
#: differently, how the person is now. Asked by the command after a complete walk-through,
#: saved in the record's own ``reflection`` section, never in ``answers``.
REFLECTION_IDS = ("reflect_well", "reflect_change", "reflect_feeling")
FEELINGS = ("fine", "tired", "shaken")
SKIP = "skip"


def reflection_questions() -> list[Question]:
    return [
        Question("reflect_well", "text", t("reflect.q.well"), help=t("reflect.h.optional"), allow_back=False),
        Question("reflect_change", "text", t("reflect.q.change"), help=t("reflect.h.optional"), allow_back=False),
        Question(
            "reflect_feeling",
            "choice",
            t("reflect.q.feeling"),
            options=[Option(f, t(f"reflect.feeling.{f}")) for f in FEELINGS] + [Option(SKIP, t("reflect.feeling.skip"))],
            allow_back=False,
        ),
    ]


def reflect(
    prompter: Any,
    *,
    ask_first: bool = True,
    done: Optional[dict[str, Any]] = None,
    on_answer: Optional[Callable[[str, Any], None]] = None,
) -> dict[str, Any]:
    """Ask the reflection (after a gate question when `ask_first`); return the record's
    ``reflection`` section: ``{"skipped": true}`` when declined, left empty or stopped.
    Someone who says they are shaken gets one line of staff support, nothing clinical.

    `done`: answers given before a resume (question id → value, the gate as ``reflect``),
    not asked again; `on_answer(id, value)` is called after each answer (the journal)."""
    done = dict(done or {})
    try:
        if ask_first and "reflect" not in done:
            gate = prompter.ask(Question("reflect", "confirm", t("reflect.q.gate"), default=False, allow_back=False, help=t("reflect.h.gate")))
            if on_answer is not None:
                on_answer("reflect", bool(gate))
            if not gate:
                return {"skipped": True}
        elif ask_first and not done.get("reflect"):
            return {"skipped": True}
        values = {}
        for q in reflection_questions():
            if q.id in done:
                values[q.id] = str(done[q.id] or "")
                continue
            value = prompter.ask(q)
            values[q.id] = _plain(value) if value != SKIP else ""
            if on_answer is not None:
                on_answer(q.id, values[q.id])
            if q.id == "reflect_feeling" and value == "shaken":
                prompter.show(Message("tips", t("reflect.support_title"), [t("reflect.support")], {"support": True}))
    except (Cancelled, GoBack):
        return {"skipped": True}
    out = {
        "well": str(values.get("reflect_well") or "").strip(),
        "change": str(values.get("reflect_change") or "").strip(),
        "feeling": str(values.get("reflect_feeling") or ""),
    }
    if not any(out.values()):
        return {"skipped": True}
    return {"skipped": False, **out}


def reflection_template(render: Render) -> list[str]:
    """Commented lines for the answers template: the reflection keys are optional."""

    def _comment(text: Shown) -> str:
        return _comment_line(render(text))

    out = ["", "# ── " + _comment(t("reflect.title")) + " " + "─" * 40, "# " + _comment(t("reflect.h.template"))]
    for q in reflection_questions():
        out.append(f"#   {_comment(q.prompt)}")
        for o in q.options:
            out.append(f"#     {o.id}: {_comment(o.label)}")
        out.append(f'# {q.id}: ""')
    return out

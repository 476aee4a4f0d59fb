"""The debrief at the end of a rehearsal: transcript, then outcome and scores, then what to
try next time.

The summary comes after the transcript, so it is what stays on screen at the end (on a
40-row terminal a long transcript would otherwise scroll it away).

Rendered from the rehearsal record (the same dict that is saved as JSON), so the screen,
the Markdown file and the JSON never disagree. Plain when piped or with NO_COLOR; every
text from content and from the trainee goes through `clean()` and `Text`.
"""

from __future__ import annotations

from typing import Any

from .. import i18n
from ..text import clean
from ..vocab import OUTCOMES as _OUTCOMES
from ..vocab import STAGES


def _t(key: str, **values: object) -> str:
    return i18n.t(f"rehearse.{key}", **values)


def _stage_title(stage_id: str) -> str:
    return i18n.t(f"common.stage.{stage_id}") if stage_id in STAGES else stage_id


def score_bar(score: int, fancy: bool) -> str:
    filled = max(0, min(10, round(score / 10)))
    return ("█" * filled + "░" * (10 - filled)) if fancy else ("#" * filled + "." * (10 - filled))


def score_style(score: int) -> str:
    return "green" if score >= 75 else ("yellow" if score >= 50 else "red")


def print_debrief(record: dict[str, Any], *, transcript: bool = True) -> None:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    from ..coach.rehearsal import mood_word
    from ..records.rehearsal_md import escalating_signals, feedback_lines, next_time_phrases, persona_gender, turn_marks, turn_points, variant_rows
    from .console import box, console, fancy, styled

    out = console()
    is_fancy = fancy()

    def indent(text: Text, n: int):
        # A hanging indent on a terminal; plain output is never wrapped (one line per line).
        return Padding(text, (0, 0, 0, n)) if is_fancy else Text(" " * n) + text

    titles = record.get("stage_titles") or {}

    def stage_title(stage_id: str) -> str:
        return clean(str(titles.get(stage_id) or _stage_title(stage_id)))

    outcome = str(record.get("outcome", "incomplete"))
    outcome_style = {"resolved": "green", "partly_resolved": "yellow"}.get(outcome, "red")
    body: list = []
    body.append(styled(f"{_t('outcome')}: ", "bold") + styled(_t(f"outcome.{outcome}") if outcome in _OUTCOMES else outcome, f"bold {outcome_style}"))
    if record.get("ending_text"):
        body.append(Text(clean(record["ending_text"])))
    score = int(record.get("score", 0))
    body.append(Text(""))
    body.append(styled(f"{_t('score')}: ", "bold") + styled(score_text(record), f"bold {score_style(score)}"))
    start, end = int(record.get("mood_start", 0)), int(record.get("mood_end", 0))
    body.append(Text(_t("mood_path", start=start, start_word=i18n.render(mood_word(start)), end=end, end_word=i18n.render(mood_word(end)))))
    for label, value in variant_rows(record, _t, i18n.get_lang()):  # which persona variant, and the seed
        body.append(Text(f"{label}: {clean(value)}"))
    if record.get("exam"):
        body.append(Text(f"{_t('md.mode')}: {_t('md.mode_exam')}"))
    elif record.get("undos") or record.get("hints"):
        body.append(Text(f"{_t('md.help_used')}: {_t('md.help_counts', undos=record.get('undos', 0), hints=record.get('hints', 0))}"))
    stages = record.get("stages") or {}
    if stages:
        body.append(Text(""))
        body.append(styled(_t("stages"), "bold"))
        width = max(len(stage_title(s)) for s in stages)
        for stage_id, value in stages.items():
            body.append(
                Text(f"  {stage_title(stage_id):<{width}}  ") + styled(score_bar(int(value), is_fancy), score_style(int(value))) + Text(f" {int(value):>3}/100")
            )
    if record.get("lesson"):
        body.append(Text(""))
        body.append(styled(f"{_t('lesson')}: ", "bold") + Text(clean(record["lesson"])))
    turns = record.get("transcript") or []
    if transcript:
        out.print()
        out.print(styled(_t("transcript"), "bold") if is_fancy else Text(f"== {_t('transcript')} =="))
        out.print(styled(_t("points_note"), "dim"))
        if not turns:
            out.print(Text(_t("no_replies")))
        name = clean(str((record.get("persona") or {}).get("name", "")))
        for n, turn in enumerate(turns, 1):
            out.print()
            head = _t("turn_head", n=n, stage=stage_title(turn.get("stage", "")))
            meta = _t("turn_meta", before=turn.get("mood_before"), after=turn.get("mood_after"), points=turn_points(turn)) + turn_marks(turn, _t)
            verdict = turn.get("heard") or turn.get("verdict", "")
            out.print(styled(head, "bold") + styled(f"  · {meta}", {"de-escalating": "green", "escalating": "red"}.get(verdict, "yellow")))
            out.print(indent(styled(f"{name}: ", "magenta") + Text(clean(turn.get("client", ""))), 3))
            who = _t("you_said_typed") if turn.get("typed") else _t("you_said")
            out.print(indent(styled(f"{who}: ", "cyan") + Text(clean(turn.get("reply", ""))), 3))
            for line in feedback_lines(turn, gender=persona_gender(record)):
                out.print(indent(styled(clean(line), "dim"), 5))

    bad = escalating_signals(record)
    if bad:
        from collections import Counter

        counts = Counter(bad)
        items = ", ".join(f"{_t('signal.' + k)} ×{v}" for k, v in counts.most_common())
        out.print()
        out.print(styled(_t("escalating_count", items=items), "red"))

    title = _t("debrief") if record.get("complete") else _t("debrief_incomplete")
    out.print()
    if is_fancy:
        out.print(Panel(Group(*body), title=Text(title, style="bold"), title_align="left", border_style=outcome_style, box=box()))
    else:
        out.print(Text(f"== {title} =="))
        for line in body:
            out.print(line)

    nxt = record.get("next_time") or {}
    out.print()
    if nxt.get("stage") is None:
        return
    if (nxt.get("score") or 0) >= 100:
        # An unfinished rehearsal has not earned "nothing to fix", nor has one with escalating wording.
        if record.get("complete") and not bad:
            out.print(styled(_t("next_time_none"), "green"))
        return
    lines = [Text(_t("next_time_try"))] + [indent(Text(_t("quote", text=clean(p))), 2) for p in next_time_phrases(record)]
    heading = _t("next_time", stage=stage_title(nxt["stage"]), score=nxt.get("score"))
    if is_fancy:
        out.print(Panel(Group(*lines), title=Text(heading, style="bold"), title_align="left", border_style="cyan", box=box()))
    else:
        out.print(Text(heading))
        for line in lines:
            out.print(line)


def score_text(record: dict) -> str:
    """The score, said honestly for an unfinished rehearsal (used on screen and in Markdown)."""
    score = int(record.get("score", 0))
    if record.get("complete", True):
        return _t("score_line", score=score)
    return _t("score_line_incomplete", score=score, n=len(record.get("transcript") or []))

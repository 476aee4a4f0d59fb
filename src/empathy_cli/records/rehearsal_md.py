"""The Markdown side of a rehearsal record: what a trainee or trainer reads.

Written from the record dict (after masking), in the record's own language, so it says
exactly what the JSON beside it says. Text from content and from the trainee is quoted
and escaped so it can't break the document's structure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Optional

from .. import i18n
from ..vocab import OUTCOMES as _OUTCOMES
from ..vocab import STAGES as _STAGES

if TYPE_CHECKING:
    from typing import Protocol

    class Say(Protocol):
        """A sentence of the rehearsal texts by key, filled in, in the record's language."""

        def __call__(self, key: str, **values: object) -> str: ...


_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def escape(text: str) -> str:
    """Make untrusted text literal in Markdown (no markup, no HTML, one paragraph)."""
    from ..text import clean

    text = clean(str(text))
    text = _SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text).strip()


def turn_points(turn: dict[str, Any]) -> int:
    """A reply's points out of 10 against the best reply available there (records before
    `points` existed: from their score and max_score)."""
    from ..coach.rehearsal import share_points

    points = turn.get("points")
    if isinstance(points, int) and not isinstance(points, bool) and 0 <= points <= 10:
        return points
    return share_points(turn.get("score"), turn.get("max_score"))


def escalating_signals(record: dict[str, Any]) -> list[str]:
    """The escalating signal kinds of the replies judged escalating. Records that say how
    each reply was heard are recounted from their transcript (so a calming reply's words
    never count); older ones keep the list they saved."""
    from ..content.models import NEGATIVE_SIGNALS

    turns = [t for t in record.get("transcript") or [] if isinstance(t, dict)]
    if turns and all("heard" in t for t in turns):
        return [
            s["kind"]
            for t in turns
            if (t.get("heard") or t.get("verdict")) == "escalating"
            for s in t.get("signals") or []
            if isinstance(s, dict) and isinstance(s.get("kind"), str) and s["kind"] in NEGATIVE_SIGNALS
        ]
    return [k for k in record.get("escalating_signals") or [] if isinstance(k, str)]


def turn_marks(turn: dict[str, Any], t: Say) -> str:
    """ " · unsure" / " · meant: ID" after a reply's points, in the record's language."""
    marks = []
    if turn.get("unsure"):
        marks.append(t("unsure_mark"))
    if turn.get("meant"):
        marks.append(t("meant_mark", choice=turn["meant"]))
    return "".join(f" · {m}" for m in marks)


def variant_rows(record: dict[str, Any], t: Say, lang: str) -> list[tuple[str, str]]:
    """The persona variant played (with its temperament and note) and the seed that replays
    the run, as (label, value) rows; none for records that carry neither."""
    rows = []
    variant = record.get("variant")
    if isinstance(variant, str) and variant:
        temperament = record.get("temperament")
        shown = f"{temperament:g}" if isinstance(temperament, (int, float)) and not isinstance(temperament, bool) else "1"
        value = t("md.variant_value", variant=variant, temperament=shown.replace(".", ",") if lang == "pl" else shown)
        note = record.get("variant_note")
        rows.append((t("md.variant"), f"{value}: {note}" if isinstance(note, str) and note else value))
    seed = record.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool):
        rows.append((t("md.seed"), t("md.seed_value", seed=seed)))
    return rows


def mask(record: dict[str, Any]) -> dict[str, Any]:
    """Mask personal identifiers in what the trainee typed: typed replies, the spans the
    check quoted from them and the feedback that repeats them. Content text (the client's
    lines, listed choices) is left as written. Sets ``redacted`` and ``masked`` (count)."""
    from ..records.redact import redact

    record = dict(record)
    total = 0
    turns = []
    for turn in record.get("transcript") or []:
        turn = dict(turn)
        if turn.get("typed"):
            for key in ("reply", "signals", "suggestions", "feedback"):
                if key in turn:
                    turn[key], n = redact(turn[key])
                    total += n
        turns.append(turn)
    record["transcript"] = turns
    record["redacted"] = True
    record["masked"] = total
    return record


def feedback_lines(turn: dict[str, Any], lang: Optional[str] = None, gender: Optional[str] = None) -> list[str]:
    """A turn's feedback, one line each, in `lang` (default: the interface language), the
    better phrasings in the form of `gender` (the persona's, when known: see `gendered`).
    Records keep it as ids and parameters (`localtext`); early records as the text shown."""
    from ..gendered import pick_shown
    from ..localtext import from_data

    feedback = turn.get("feedback", "")
    items = feedback if isinstance(feedback, list) else [feedback]
    lines = [line.strip() for item in items for line in i18n.render(pick_shown(from_data(item), gender), in_lang=lang).split("\n")]
    return [line for line in lines if line]


def persona_gender(record: dict[str, Any]) -> Optional[str]:
    """The persona's grammatical gender ("f"/"m") a record names, or None (unknown, or a
    record from before it was kept)."""
    persona = record.get("persona")
    gender = persona.get("gender") if isinstance(persona, dict) else None
    return gender if gender in ("f", "m") else None


def next_time_phrases(record: dict[str, Any]) -> list[str]:
    """The debrief's "next time" phrases, in the persona's form where they carry both."""
    from ..gendered import pick

    nxt = record.get("next_time") or {}
    gender = persona_gender(record)
    return [pick(str(p), gender) for p in nxt.get("phrases", [])]


def render(record: dict[str, Any]) -> str:
    from ..coach.rehearsal import mood_word

    lang = str(record.get("lang") or "en")

    def t(key: str, **values: object) -> str:
        return i18n.t(f"rehearse.{key}", in_lang=lang, **values)

    titles = record.get("stage_titles") or {}

    def stage(stage_id: str) -> str:
        if titles.get(stage_id):
            return str(titles[stage_id])
        return i18n.t(f"common.stage.{stage_id}", in_lang=lang) if stage_id in _STAGES else stage_id

    outcome = str(record.get("outcome", "incomplete"))
    yes, no = t("md.yes"), t("md.no")
    out: list[str] = [f"# {escape(t('md.title', title=record.get('title') or record.get('scenario', '')))}", ""]
    rows = [
        (t("md.trainee"), record.get("trainee") or "—"),
        (t("md.scenario"), f"{record.get('scenario', '')} ({lang})"),
        (t("md.playbook"), record.get("playbook", "")),
        (t("md.started"), record.get("started_at", "")),
        (t("md.finished"), record.get("finished_at", "")),
        (t("md.mode"), t("md.mode_exam") if record.get("exam") else t("md.mode_practice")),
        (t("md.complete"), yes if record.get("complete") else no),
    ]
    rows += variant_rows(record, t, lang)
    if not record.get("exam") and ("undos" in record or "hints" in record):
        rows.append((t("md.help_used"), t("md.help_counts", undos=record.get("undos", 0), hints=record.get("hints", 0))))
    out += [f"- **{label}:** {escape(value)}" for label, value in rows]
    out += ["", f"## {t('debrief') if record.get('complete') else t('debrief_incomplete')}", ""]
    out.append(f"- **{t('outcome')}:** {t('outcome.' + outcome) if outcome in _OUTCOMES else escape(outcome)}")
    score_line = t("score_line", score=record.get("score", 0))
    if not record.get("complete", True):
        score_line = t("score_line_incomplete", score=record.get("score", 0), n=len(record.get("transcript") or []))
    out.append(f"- **{t('score')}:** {score_line}")
    start, end = int(record.get("mood_start", 0)), int(record.get("mood_end", 0))
    out.append(f"- {escape(t('mood_path', start=start, start_word=i18n.render(mood_word(start), lang), end=end, end_word=i18n.render(mood_word(end), lang)))}")
    if record.get("ending_text"):
        out += ["", escape(record["ending_text"])]
    if record.get("lesson"):
        out += ["", f"**{t('lesson')}:** {escape(record['lesson'])}"]
    stages = record.get("stages") or {}
    if stages:
        out += ["", f"### {t('stages')}", ""]
        out += [f"- {t('stage_line', title=stage(s), score=v)}" for s, v in stages.items()]
    bad = escalating_signals(record)
    if bad:
        from collections import Counter

        items = ", ".join(f"{t('signal.' + k)} ×{v}" for k, v in Counter(bad).most_common())
        out += ["", t("escalating_count", items=items)]
    nxt = record.get("next_time") or {}
    if nxt.get("stage"):
        out.append("")
        if (nxt.get("score") or 0) >= 100:
            if record.get("complete") and not bad:
                out.append(t("next_time_none"))
        else:
            out += [f"### {escape(t('next_time', stage=nxt.get('title') or stage(nxt['stage']), score=nxt.get('score')))}", ""]
            phrases = next_time_phrases(record)
            out += [f"> {escape(p)}" + ("  " if i < len(phrases) - 1 else "") for i, p in enumerate(phrases)]

    unsure = sum(1 for turn in record.get("transcript") or [] if isinstance(turn, dict) and turn.get("unsure"))
    if unsure:
        out += ["", t("md.unsure", n=unsure)]

    out += ["", f"## {t('transcript')}", "", t("points_note"), ""]
    turns = record.get("transcript") or []
    if not turns:
        out.append(t("no_replies"))
    name = (record.get("persona") or {}).get("name", "")
    for n, turn in enumerate(turns, 1):
        meta = t("turn_meta", before=turn.get("mood_before"), after=turn.get("mood_after"), points=turn_points(turn)) + turn_marks(turn, t)
        who = t("you_said_typed") if turn.get("typed") else t("you_said")
        out += [
            f"### {t('turn_head', n=n, stage=stage(turn.get('stage', '')))}",
            "",
            f"*{escape(meta)}*",
            "",
            f"**{escape(name)}:** {escape(turn.get('client', ''))}",
            "",
            f"**{who}:** {escape(turn.get('reply', ''))}",
            "",
        ]
        feedback = feedback_lines(turn, lang, persona_gender(record))
        if feedback:
            out.append(f"{t('md.feedback')}:")
            out.append("")
            out += [f"- {escape(line)}" for line in feedback]
            out.append("")
    out += ["", "---", "", t("md.masked") if record.get("redacted") else t("md.not_masked"), ""]
    return "\n".join(out)

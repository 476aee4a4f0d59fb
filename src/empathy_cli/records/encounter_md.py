"""The Markdown of an encounter record: what a manager or an auditor reads.

Labels come from the same question list the walk-through asks (`coach.encounter.questions`),
so the record says exactly what was asked. Text typed by the user (already masked when
redaction is on) is escaped as in the rehearsal Markdown, so typed HTML, links or images
(`<img onerror=…>`, ``[x](javascript:…)``) stay literal text in any Markdown viewer; the
mask tokens (``[email]``) stay readable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import i18n

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import Playbook


def t(key: str, **values: object) -> str:
    return i18n.t(f"encounter.{key}", **values)


def _when(value: Any) -> str:
    text = str(value or "")
    return text[:16].replace("T", " ") if len(text) >= 16 else text


_TOKEN = re.compile(r"\\\[([A-Za-z]+)\\\](?![(\[:])")


def _esc(text: Any) -> str:
    """Typed text made literal in Markdown, one line (see `rehearsal_md.escape`)."""
    from .rehearsal_md import escape

    return _TOKEN.sub(r"[\1]", escape(str(text)))


def _quote(text: str) -> list[str]:
    return [f"> {_esc(line)}".rstrip() for line in str(text).strip("\n").splitlines()] or [">"]


def render_markdown(record: dict[str, Any], playbook: "Playbook") -> str:
    from ..coach import encounter as engine

    # What the engine says (labels, option words, stage titles), in the interface language.
    def short_label(q: Any) -> str:
        return i18n.render(engine.short_label(q))

    def display(q: Any, value: Any) -> str:
        return i18n.render(engine.display(q, value))

    questions = engine.questions
    answers: dict[str, Any] = record.get("answers") or {}
    titles = {k: i18n.render(v) for k, v in engine.stage_titles(playbook).items()}
    asked = questions(playbook)
    by_id = {q.id: q for _, q in asked}
    out: list[str] = [f"# {t('md.title', playbook=record.get('playbook_title') or playbook.title)}", ""]

    def meta(label: str, value: Any) -> None:
        if value not in (None, ""):
            out.append(f"- **{label}:** {value}")

    meta(t("md.playbook"), f"{record.get('playbook')} ({record.get('lang')})")
    meta(t("md.started"), _when(record.get("started_at")))
    meta(t("md.finished"), _when(record.get("finished_at")))
    if record.get("complete"):
        meta(t("md.status"), t("md.complete"))
    else:
        stage = record.get("stage_reached") or ""
        meta(t("md.status"), t("md.incomplete", stage=titles.get(stage, stage)))
    if record.get("outcome") and "outcome" in by_id:
        meta(t("md.outcome"), display(by_id["outcome"], record["outcome"]))
    level = record.get("escalation_level")
    if level:
        meta(t("md.level"), next((lv.title for lv in playbook.escalation if lv.id == level), level))
    if record.get("redacted", True):
        meta(t("md.masked"), record.get("masked") or 0)
    else:
        meta(t("md.masked"), t("md.not_masked"))
    out.append("")

    checks = record.get("checks") or {}
    first_said = _first_said(record.get("first_said"))
    stage_ids: list[str] = []
    for stage, _ in asked:
        if stage not in stage_ids:
            stage_ids.append(stage)
    for n, stage in enumerate(stage_ids, 1):
        out.append(f"## {n}. {titles.get(stage, stage)}")
        out.append("")
        shown = 0
        for st, q in asked:
            if st != stage:
                continue
            if q.id == "own_phrase" and first_said.get(q.id) and answers.get(q.id) in ("", None):
                shown += 1  # replaced by nothing: what was said first is still the record
                out += [f"**{short_label(q)}:** —", "", *first_said[q.id], ""]
                continue
            if q.id not in answers:
                continue
            value = answers[q.id]
            if value in ("", [], None):
                continue
            shown += 1
            label = short_label(q)
            if isinstance(value, list):
                out.append(f"**{label}:**")
                out.append("")
                labels = {o.id: i18n.render(o.label) for o in q.options}
                quote = q.id == "phrases_used"
                for v in value:
                    text = labels[v] if v in labels else _esc(v)
                    out.append(f"- {t('quote', text=text)}" if quote else f"- {text}")
                out.append("")
            elif q.kind == "longtext" or (isinstance(value, str) and "\n" in value):
                out.append(f"**{label}:**")
                out.append("")
                out.extend(_quote(value))
                out.append("")
            else:
                shown_value = _esc(display(q, value))
                if q.id == "own_phrase":
                    shown_value = t("quote", text=shown_value)
                out.append(f"**{label}:** {shown_value}")
                out.append("")
                if first_said.get(q.id):
                    out += [*first_said[q.id], ""]
            if q.id == "own_phrase" and checks.get("own_phrase"):
                c = checks["own_phrase"]
                out.append(f"*{t('md.check', verdict=t('verdict_name.' + str(c.get('verdict'))))}*")
                for s in c.get("suggestions") or []:
                    out.append(f"- {t('better', text=_esc(s))}")
                out.append("")
        if not shown:
            out.append(f"_{t('md.nothing') if record.get('complete') else t('md.not_reached')}_")
            out.append("")
    out += _reflection(record.get("reflection"))
    out.append("---")
    out.append(f"_{t('md.footer', version=record.get('version', ''))}_")
    return "\n".join(out).rstrip() + "\n"


def _first_said(items: Any) -> dict[str, list[str]]:
    """The Markdown lines of words replaced after they were judged escalating, by question
    (absent in records made before they were kept)."""
    out: dict[str, list[str]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            line = f"- *{t('md.first_said')}:* {t('quote', text=_esc(' '.join(item['text'].split())))}"
            out.setdefault(str(item.get("question") or "own_phrase"), []).append(line)
    return out


def _reflection(section: Any) -> list[str]:
    """The record's own reflection section (absent in records made before it existed)."""
    if not isinstance(section, dict):
        return []
    out = [f"## {t('reflect.title')}", ""]
    if section.get("skipped"):
        return out + [f"_{t('reflect.md.skipped')}_", ""]
    for key, label in (("well", "reflect.md.well"), ("change", "reflect.md.change")):
        if section.get(key):
            out += [f"**{t(label)}:**", "", *_quote(section[key]), ""]
    feeling = section.get("feeling")
    if feeling:
        out += [f"**{t('reflect.md.feeling')}:** {t('reflect.feeling.' + str(feeling)) if feeling in ('fine', 'tired', 'shaken') else feeling}", ""]
    return out

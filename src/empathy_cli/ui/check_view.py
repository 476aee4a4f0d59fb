"""Rendering of `empathy check` results, without Rich (plain text, ANSI on a terminal).

The reply is shown with the spans that triggered each signal marked: on a terminal they
are coloured (red for harmful moves, green for helpful ones); in plain output a marker
line underneath shows them (`^` harmful, `~` helpful). Every string from the user or the
content goes through `text.clean()`.
"""

from __future__ import annotations

import sys

from ..content.signals import NEGATIVE_SIGNALS
from ..text import clean

BOLD, DIM, RED, GREEN, YELLOW, RESET = "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[0m"
VERDICT_COLOR = {"de-escalating": GREEN, "neutral": YELLOW, "escalating": RED}


def _marked(text: str, signals: list, color: bool) -> list[str]:
    """The reply, with its signal spans coloured (terminal) or marked underneath (plain)."""
    if clean(text) != text or "\n" in text.strip():
        # control characters change the width, several lines break the marker line:
        # show the reply as it is, the spans are listed below anyway
        return ["  " + line for line in clean(text.strip()).splitlines()]
    offset = len(text) - len(text.lstrip())
    line = text.strip()
    marks = [" "] * len(line)
    for s in signals:
        ch = "^" if s.kind in NEGATIVE_SIGNALS else "~"
        for i in range(max(s.start - offset, 0), min(s.end - offset, len(line))):
            if marks[i] != "^":
                marks[i] = ch
    if not color:
        out = ["  " + line]
        if signals:
            out.append("  " + "".join(marks).rstrip())
        return out
    parts: list[tuple[str | None, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch, m in zip(line, marks):
        if m != current and buf:
            parts.append((current, "".join(buf)))
            buf = []
        current = m
        buf.append(ch)
    if buf:
        parts.append((current, "".join(buf)))
    painted = "".join((RED + BOLD + chunk + RESET) if m == "^" else (GREEN + chunk + RESET) if m == "~" else chunk for m, chunk in parts)
    return ["  " + painted]


def render(text: str, result, *, color: bool = False, detected: "str | None" = None) -> str:
    from .. import i18n

    def paint(code: str, s: str) -> str:
        return f"{code}{s}{RESET}" if color else s

    verdict = i18n.t(f"check.verdict.{result.verdict}")
    lines = [f"{i18n.t('check.verdict')}: " + paint(BOLD + VERDICT_COLOR.get(result.verdict, ""), verdict)]
    if detected:
        lines.append(paint(DIM, i18n.t("check.judged_in", lang=i18n.t(f"check.lang.{detected}"), code=detected)))
    if getattr(result, "unsure", False):
        lines.append(i18n.t("check.unsure", verdict=verdict, confidence=f"{result.confidence:.0%}"))
    if "truncated" in getattr(result, "reasons", ()):
        lines.append(i18n.t("check.truncated"))
    lines.append("")
    lines += _marked(text, result.signals, color)
    lines.append("")
    if result.signals:
        lines.append(paint(BOLD, i18n.t("check.signals")))
        for s in result.signals:
            bad = s.kind in NEGATIVE_SIGNALS
            sign = ("✗" if bad else "✓") if color else ("-" if bad else "+")
            kind = i18n.t(f"check.kind.{s.kind}")
            if getattr(s, "rule", "") == "avoid":
                label = f" ({i18n.t('check.like_avoid')} {i18n.quote(clean(s.label))})"
            else:
                label = f" ({clean(s.label)})" if s.label and s.label != kind else ""
            lines.append(f"  {paint(RED if bad else GREEN, sign)} {kind}: {i18n.quote(clean(s.text))}" + paint(DIM, label))
    else:
        lines.append(i18n.t("check.no_signals"))
    if result.suggestions:
        lines.append("")
        lines.append(paint(BOLD, i18n.t("check.suggestions")))
        for sg in result.suggestions:
            lines.append(f"  {i18n.t('check.instead_of')} {i18n.quote(clean(sg.text))}")
            lines.append(f"    {i18n.t('check.say')}: " + paint(GREEN, i18n.quote(clean(sg.instead))))
            if sg.why:
                lines.append("    " + paint(DIM, f"{i18n.t('check.why')}: {clean(sg.why)}"))
    return "\n".join(lines) + "\n"


def print_check(text: str, result, detected: "str | None" = None) -> None:
    from .console import fancy

    sys.stdout.write(render(text, result, color=fancy(), detected=detected))

"""Rendering of `empathy phrases` results, without Rich.

The phrases command must start fast, so this writes plain text (or a few ANSI colour
codes when `console.fancy()` says so) by hand instead of importing Rich. Text from
content files goes through `text.clean()`: control characters are shown, never sent,
and nothing is interpreted as markup.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Optional

from ..runtime import current
from ..text import clean, fold
from ..vocab import STAGES

BOLD, DIM, CYAN, YELLOW, RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[0m"


def group_by_stage(hits: list) -> list[tuple[str, list]]:
    """Groups of hits per stage, ordered by each stage's best hit (hits come best first)."""
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit.stage, []).append(hit)
    return list(groups.items())


def _highlight(text: str, terms: Iterable[str], color: bool) -> str:
    """Mark the words of `text` (already cleaned) that start with a query word."""
    if not color or not terms:
        return text
    import re

    folded = fold(text)
    if len(folded) != len(text):
        return text
    spans = []
    for m in re.finditer(r"\w+", folded):
        if any(m.group().startswith(t) for t in terms):
            spans.append((m.start(), m.end()))
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start] + BOLD + YELLOW + text[start:end] + RESET)
        last = end
    out.append(text[last:])
    return "".join(out)


def _wrap(text: str, width: Optional[int], first: str, indent: str) -> list[tuple[str, str]]:
    """(indent, line) pairs: `text` wrapped to `width` (no wrapping without a width)."""
    if not width or len(first) + len(text) <= width:
        return [(first, text)]
    import textwrap

    lines = textwrap.wrap(text, width=max(width - len(indent), 20), break_long_words=False, break_on_hyphens=False)
    return [(first if i == 0 else indent, line) for i, line in enumerate(lines or [""])]


def render(hits: list, *, terms: Iterable[str] = (), show_lang: bool = False, color: bool = False, width: Optional[int] = None) -> str:
    """The hits as text: a header per stage, each phrase with its playbook and tags.

    Plain (`color=False`): no escape codes and no wrapping, one phrase per line, so the
    output greps and pipes well. On a terminal: bold stage titles, query words
    highlighted, dim details, wrapped to `width`.
    """
    from .. import i18n

    terms = list(terms)
    lines: list[str] = []
    bullet = "•" if color else "-"

    def dim(text: str) -> str:
        return f"{DIM}{text}{RESET}" if color else text

    for stage, group in group_by_stage(hits):
        if lines:
            lines.append("")
        title = i18n.t(f"common.stage.{stage}") if stage in STAGES else clean(stage)
        lines.append(f"{BOLD}{CYAN}{title}{RESET}" if color else title)
        for hit in group:
            for indent, line in _wrap(clean(hit.text), width if color else None, f"  {bullet} ", "    "):
                lines.append(indent + _highlight(line, terms, color))
            where = clean(hit.playbook) + (f" ({clean(hit.lang)})" if show_lang else "")
            tags = ", ".join(clean(label) for label in hit.tag_labels)
            lines.append("    " + dim(where + (f" · {tags}" if tags else "")))
            for avoid in hit.avoid:
                lines.append("    " + dim(f"{i18n.t('phrases.instead_of')}: {i18n.quote(clean(avoid))}"))
    return "\n".join(lines) + "\n" if lines else ""


def print_phrases(hits: list, *, terms: Iterable[str] = (), show_lang: bool = False) -> None:
    from .console import fancy

    color = fancy()
    width = None
    if color:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = current().columns()
    sys.stdout.write(render(hits, terms=terms, show_lang=show_lang, color=color, width=width))


def print_no_match(what: Optional[str], tags: list[tuple[str, str]]) -> None:
    """Say nothing matched (on stderr) and suggest the nearest tags."""
    from .. import i18n

    if what:
        if len(what) > 60:  # a long query is not echoed whole
            what = what[:59].rstrip() + "…"
        sys.stderr.write(i18n.t("phrases.no_match", what=i18n.quote(clean(what))) + "\n")
    else:
        sys.stderr.write(i18n.t("phrases.no_match_any") + "\n")
    if tags:
        shown = ", ".join(clean(t) if clean(label) == clean(t) else f"{clean(t)} ({clean(label)})" for t, label in tags)
        sys.stderr.write(i18n.t("phrases.nearest_tags", tags=shown, first=clean(tags[0][0])) + "\n")


from ..i18n import plural_form  # noqa: E402,F401  (the one plural rule)


def print_elsewhere(found: list[tuple[str, int]]) -> None:
    """Say which other languages have matches ("3 matches in Polish: add --lang pl")."""
    from .. import i18n

    for lang, count in found:
        try:
            name = i18n.t(f"phrases.lang_{lang}")
        except KeyError:  # a language the interface has no name for: its code
            name = clean(lang)
        sys.stderr.write(i18n.t("phrases.elsewhere", count=count, name=name, lang=clean(lang)) + "\n")

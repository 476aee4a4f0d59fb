"""How engine messages look on screen: one renderer per `Message.kind`.

Used by the interactive prompter and by batch runs (where output is usually piped and
therefore plain). All text from content and users goes through `clean()` and `Text`, so
markup and escape sequences in it are shown, never interpreted.
"""

from __future__ import annotations

import re

from ..coach.prompter import Message
from ..text import clean
from . import localize

MOOD_STYLES = ((3, "green"), (6, "yellow"), (10, "red"))


def mood_bar(mood: int, fancy: bool) -> str:
    mood = max(0, min(10, int(mood)))
    return "█" * mood + "░" * (10 - mood) if fancy else "#" * mood + "." * (10 - mood)


def mood_words(message: Message) -> str:
    """The mood meter as words and numbers, for the line mode and screen readers:
    "Mood: 7 of 10, upset; up 2 (more tense)"."""
    message = localize.message(message)
    from .. import i18n

    mood = max(0, min(10, int(message.data.get("mood", 0))))
    word = clean(str(message.data.get("word", "")))
    delta = int(message.data.get("delta", 0))
    line = i18n.t("prompts.line.mood", title=clean(localize.text(message.title)) or i18n.t("prompts.line.mood_title"), mood=mood, word=word)
    if delta:
        line += i18n.t("prompts.line.mood_up" if delta > 0 else "prompts.line.mood_down", n=abs(delta))
    return line


def tip_line(line: str) -> str:
    """A line of a tips panel with its bullet: a line that is already a sub-item (indented,
    or a bullet or number of its own: "  • Clinic manager", "  1. Keep your voice low")
    keeps its own marker, indented under the bullets, rather than getting a second one."""
    if line[:1].isspace() or line.startswith(("•", "- ")):
        return "  " + line
    return f"• {line}"


def plain_lines(message: Message) -> list[str]:
    """A message as plain lines (the line mode): the same shape as plain output elsewhere,
    with the mood meter in words and numbers instead of a bar."""
    message = localize.message(message)
    from .. import i18n

    title = clean(localize.text(message.title))
    lines = [clean(localize.text(x)) for x in message.lines]
    kind = message.kind
    if kind == "progress":
        return [" · ".join(lines) if lines else title]
    if kind == "mood":
        return [mood_words(message)]
    if kind in ("client", "reply"):
        name = title or i18n.t(f"prompts.line.{kind}_name")
        return [f"{name}: {line}" for line in lines]
    if kind == "narration":
        return [f"({line})" for line in lines]
    if kind == "warning":
        return [f"! {line}" for line in lines]
    if kind == "stage":
        return ["", f"== {title} ==", *lines]
    if kind == "alert":
        return [f"!! {title}", *lines]
    body = [tip_line(line) for line in lines] if kind == "tips" else [i18n.quote(line) for line in lines] if kind == "phrases" else lines
    return ([title] if title else []) + body


_MARKER = re.compile(r"\s*(?:[•\-–*]\s+|\d{1,3}[.)]\s+|[„“\"]|\(|!+\s+)?")


def split_marker(line: str) -> tuple[str, str]:
    """("  1. ", "Keep your voice low"): a line's indent and list marker, and its text."""
    m = _MARKER.match(line)
    cut = m.end() if m else 0
    return line[:cut], line[cut:]


def hang(line: str, prefix=None):
    """A line that, when it wraps, continues under its text rather than at the margin:
    the indent and marker (or `prefix`, a styled name) in a column of their own."""
    from rich.table import Table
    from rich.text import Text

    if prefix is None:
        marker, rest = split_marker(line)
        if not marker:
            return Text(line)
        prefix = Text(marker)
    else:
        rest = line
    grid = Table.grid(padding=0)
    grid.add_column(no_wrap=True, width=prefix.cell_len)
    grid.add_column()
    grid.add_row(prefix, Text(rest))
    return grid


def render_message(message: Message) -> None:
    message = localize.message(message)
    from .mode import plain

    if plain():  # the line mode: plain lines, nothing Rich would decorate
        import sys

        sys.stdout.write("".join(line + "\n" for line in plain_lines(message)))
        return

    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from .console import box, console, fancy, styled

    out = console()
    is_fancy = fancy()
    title = clean(localize.text(message.title))
    lines = [clean(localize.text(x)) for x in message.lines]
    kind = message.kind

    def panel(body, style: str = "", title_text: str = title) -> None:
        if is_fancy:
            out.print(
                Panel(
                    body,
                    title=Text(title_text, style=f"bold {style}".strip()) if title_text else None,
                    title_align="left",
                    border_style=style or "none",
                    box=box(),
                )
            )
        else:
            if title_text:
                out.print(Text(title_text))
            out.print(body)

    if kind == "progress":
        out.print(styled(" · ".join(lines) if lines else title, "dim"))
    elif kind == "stage":
        out.print()
        if is_fancy:
            from rich.rule import Rule

            out.print(Rule(Text(title, style="bold cyan"), align="left"))
        else:
            out.print(Text(f"== {title} =="))
        for line in lines:
            out.print(hang(line))
    elif kind in ("tips", "phrases", "info", "summary"):
        from .. import i18n

        def shown(line: str) -> str:
            return i18n.quote(line) if kind == "phrases" else (tip_line(line) if kind == "tips" else line)

        body = Group(*(hang(shown(line)) for line in lines))
        panel(body, {"tips": "cyan", "phrases": "green", "info": "", "summary": "blue"}[kind])
    elif kind == "warning":
        for line in lines:
            out.print(styled("! " + line, "yellow"))
    elif kind == "alert":
        body = Group(*(hang(line) for line in lines))
        panel(body, "bold red", "⚠ " + title if is_fancy else "!! " + title)
    elif kind == "feedback":
        verdict = message.data.get("verdict", "")
        style = {"de-escalating": "green", "escalating": "red"}.get(verdict, "yellow")
        panel(Group(*(hang(line) for line in lines)), style)
    elif kind == "mood":
        mood = int(message.data.get("mood", 0))
        word = clean(str(message.data.get("word", "")))
        delta = int(message.data.get("delta", 0))
        style = next(s for limit, s in MOOD_STYLES if mood <= limit)
        arrow = "" if delta == 0 else (f" ↑{delta}" if delta > 0 else f" ↓{-delta}")
        line = Text(f"{title}: " if title else "") + styled(mood_bar(mood, is_fancy), style) + Text(f" {mood}/10 {word}{arrow}")
        out.print(line)
    elif kind == "persona":
        panel(Group(*(hang(line) for line in lines)), "magenta")
    elif kind == "client":
        from .. import i18n

        name = title or i18n.t("prompts.line.client_name")
        for line in lines:
            out.print(hang(line, styled(f"{name}: ", "bold magenta")))
    elif kind == "reply":  # what the trainee said (echoed in batch runs)
        from .. import i18n

        name = title or i18n.t("prompts.line.reply_name")
        for line in lines:
            out.print(hang(line, styled(f"{name}: ", "bold cyan")))
    elif kind == "narration":  # a stage direction: what the client does
        for line in lines:
            out.print(styled(f"({line})", "italic dim"))
    else:
        for line in lines:
            out.print(Text(line))

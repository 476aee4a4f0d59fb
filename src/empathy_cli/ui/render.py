"""How engine messages look on screen: one renderer per `Message.kind`.

Used by the interactive prompter and by batch runs (where output is usually piped and
therefore plain). All text from content and users goes through `clean()` and `Text`, so
markup and escape sequences in it are shown, never interpreted.
"""

from __future__ import annotations

from ..coach.prompter import Message
from ..text import clean

MOOD_STYLES = ((3, "green"), (6, "yellow"), (10, "red"))


def mood_bar(mood: int, fancy: bool) -> str:
    mood = max(0, min(10, int(mood)))
    return "█" * mood + "░" * (10 - mood) if fancy else "#" * mood + "." * (10 - mood)


def render_message(message: Message) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from .console import box, console, fancy, styled

    out = console()
    is_fancy = fancy()
    title = clean(message.title)
    lines = [clean(x) for x in message.lines]
    kind = message.kind


    def panel(body, style: str = "", title_text: str = title) -> None:
        if is_fancy:
            out.print(Panel(body, title=Text(title_text, style=f"bold {style}".strip()) if title_text else None, title_align="left", border_style=style or "none", box=box()))
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
            out.print(Text(line))
    elif kind in ("tips", "phrases", "info", "summary"):
        from .. import i18n

        def shown(line: str) -> str:
            return i18n.quote(line) if kind == "phrases" else (f"• {line}" if kind == "tips" else line)

        body = Group(*(Text(shown(line)) for line in lines))
        panel(body, {"tips": "cyan", "phrases": "green", "info": "", "summary": "blue"}[kind])
    elif kind == "warning":
        for line in lines:
            out.print(styled("! " + line, "yellow"))
    elif kind == "alert":
        body = Group(*(Text(line) for line in lines))
        panel(body, "bold red", "⚠ " + title if is_fancy else "!! " + title)
    elif kind == "feedback":
        verdict = message.data.get("verdict", "")
        style = {"de-escalating": "green", "escalating": "red"}.get(verdict, "yellow")
        panel(Group(*(Text(line) for line in lines)), style)
    elif kind == "mood":
        mood = int(message.data.get("mood", 0))
        word = clean(str(message.data.get("word", "")))
        delta = int(message.data.get("delta", 0))
        style = next(s for limit, s in MOOD_STYLES if mood <= limit)
        arrow = "" if delta == 0 else (f" ↑{delta}" if delta > 0 else f" ↓{-delta}")
        line = Text(f"{title}: " if title else "") + styled(mood_bar(mood, is_fancy), style) + Text(f" {mood}/10 {word}{arrow}")
        out.print(line)
    elif kind == "persona":
        panel(Group(*(Text(line) for line in lines)), "magenta")
    elif kind == "client":
        name = title or "Client"
        for line in lines:
            out.print(styled(f"{name}: ", "bold magenta") + Text(line))
    elif kind == "reply":  # what the trainee said (echoed in batch runs)
        name = title or "You"
        for line in lines:
            out.print(styled(f"{name}: ", "bold cyan") + Text(line))
    elif kind == "narration":  # a stage direction: what the client does
        for line in lines:
            out.print(styled(f"({line})", "italic dim"))
    else:
        for line in lines:
            out.print(Text(line))

"""A readable view of one scenario: what a trainer reads before running it in class.

The persona, then every node in file order with the client's line and each choice with
its mood change, score and where it leads (and its feedback), the mood rules, and the
endings with their outcome and lesson. Content text is shown literally (`clean` + `Text`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..content.models import Condition, Scenario
from ..text import clean


def condition(cond: Optional[Condition]) -> str:
    from .. import i18n

    if cond is None:
        return ""
    parts = []
    if cond.mood_at_least is not None:
        parts.append(i18n.t("scenarios.cond.at_least", value=cond.mood_at_least))
    if cond.mood_at_most is not None:
        parts.append(i18n.t("scenarios.cond.at_most", value=cond.mood_at_most))
    return i18n.t("scenarios.cond.and").join(parts)


def outcome_label(outcome: str) -> str:
    from .. import i18n
    from ..i18n import scenarios as strings

    key = f"outcome.{outcome}"
    return i18n.t(f"scenarios.{key}") if key in strings.EN else clean(outcome)


def print_scenario(sc: Scenario, path: Path) -> None:
    from rich.console import Group
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    from .. import i18n
    from .console import box, console, fancy
    from .render import MOOD_STYLES, mood_bar

    t = lambda key, **kw: i18n.t(f"scenarios.{key}", **kw)  # noqa: E731
    out = console()
    is_fancy = fancy()

    def line(*parts: str | tuple[str, str]) -> Text:
        """A line from plain strings and (string, style) pairs; styles only when fancy.
        Everything is literal text: content never becomes markup."""
        return Text.assemble(*((p[0], p[1] if is_fancy else "") if isinstance(p, tuple) else p for p in parts))

    def heading(text: str, style: str = "bold cyan") -> Text:
        return line((clean(text), style))

    def block(title: Text, body: list[tuple[int, Text]]) -> None:
        """A titled block of (indent, line) pairs: a panel on a terminal, indented text otherwise."""
        if is_fancy:
            rows = [Padding(text, (0, 0, 0, indent)) if indent else text for indent, text in body]
            out.print(Panel(Group(*rows), title=title, title_align="left", box=box()))
        else:
            out.print()
            out.print(title)
            for indent, text in body:
                for part in text.split("\n"):  # keep continuation lines indented too
                    out.print(Text(" " * (2 + indent)) + part)

    endings = {e.id: e for e in sc.endings}

    def target(goto: str) -> str:
        ending = endings.get(goto)
        if ending is None:
            return t("goes_to", target=clean(goto))
        return t("goes_to_ending", target=clean(goto), outcome=outcome_label(ending.outcome))

    # Header: title, description, where it comes from.
    header = [heading(sc.title, "bold")]
    if sc.description:
        header.append(line(clean(sc.description)))
    header.append(line((f"{clean(sc.id)} · {clean(sc.lang)} · {t('playbook')}: {clean(sc.playbook)} · {t('file')}: {clean(str(path))}", "dim")))
    if sc.tags:
        header.append(line((f"{t('tags')}: " + ", ".join(clean(x) for x in sc.tags), "dim")))
    out.print(Panel(Group(*header), box=box()) if is_fancy else Group(*header))

    # Persona.
    p = sc.persona
    body: list[tuple[int, Text]] = [(0, line((clean(p.name), "bold magenta"), f" — {clean(p.role)}" if p.role else ""))]
    if p.context:
        body.append((0, line(clean(p.context))))
    mood_style = next(s for limit, s in MOOD_STYLES if p.mood <= limit)
    body.append((0, line(f"{t('start_mood')}: ", (mood_bar(p.mood, is_fancy), mood_style), f" {p.mood}/10")))
    block(heading(t("persona")), body)

    # Nodes, in file order.
    out.print()
    out.print(heading(f"{t('flow')} ({t('start')}: {clean(sc.start)})"))
    speaker = clean(p.name) or t("client")
    for n, node in enumerate(sc.nodes, 1):
        body = []
        if node.narration:
            body.append((0, line((f"({clean(node.narration)})", "italic dim"))))
        body.append((0, line((f"{speaker}: ", "bold magenta"), (t("quote", text=clean(node.say)), "bold"))))
        for letter, choice in zip("abcdefghijklmnopqrstuvwxyz", node.choices):
            body.append((0, line(f"{letter}) ", (f"{clean(choice.id)}: ", "bold"), t("quote", text=clean(choice.text)))))
            change = f"{t('mood')} {choice.mood:+d}" if choice.mood else f"{t('mood')} 0"
            colour = "green" if choice.mood < 0 else "red" if choice.mood > 0 else ""
            facts: list[str | tuple[str, str]] = [(change, colour), f" · {t('score')} {choice.score}/10 · ", (target(choice.next), "bold")]
            if choice.when is not None:
                facts.append((" · " + t("only_if", condition=condition(choice.when)), "yellow"))
            body.append((3, line(*facts)))
            if choice.feedback:
                body.append((3, line((clean(choice.feedback), "dim"))))
        marker = f" ◀ {t('start_marker')}" if node.id == sc.start else ""
        title = line((f"{n}. {clean(node.id)} · {i18n.t(f'common.stage.{node.stage}')}{marker}", "bold"))
        block(title, body)

    # Rules.
    if sc.rules:
        out.print()
        out.print(heading(t("rules")))
        for rule in sc.rules:
            how = t("rule_once") if rule.once else t("rule_every")
            out.print(line(f"  {condition(rule.when)} ", (target(rule.goto), "bold"), f" ({how})"))

    # Endings.
    out.print()
    out.print(heading(t("endings")))
    colours = {"resolved": "green", "partly_resolved": "yellow", "escalated": "red", "walked_out": "red", "safety": "magenta"}
    for ending in sc.endings:
        style = f"bold {colours.get(ending.outcome, '')}".strip()
        out.print(line(f"  {clean(ending.id)} ", (f"[{outcome_label(ending.outcome)}]", style), ": " + clean(ending.text)))
        if ending.lesson:
            out.print(line(("      " + f"{t('lesson')}: {clean(ending.lesson)}", "dim")))

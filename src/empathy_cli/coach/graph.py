"""A scenario's flow as graph text: Mermaid (paste into Markdown, GitHub, mermaid.live) or
Graphviz dot (``dot -Tsvg``), so a trainer can see every branch at once.

What is drawn, in both formats:

- a start marker pointing at the ``start`` node;
- every node, labelled with its id, its stage and the beginning of the client's line,
  coloured by stage;
- every ending, labelled with its id and outcome, coloured by outcome;
- one edge per choice, labelled with the choice id, its mood change (``mood +2``: the
  client gets angrier) and its ``when`` condition if any; in dot, edges that calm the client
  are green and edges that heat them up are red;
- rules as dashed edges from an "after any reply" marker, since a rule can fire after any
  reply, labelled with the mood threshold.

Everything taken from content is escaped for the target syntax: quotes, brackets, markup,
backslashes and control characters can never break out of a label. Pure functions, no
terminal code.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from ..content.models import STAGE_IDS, Choice, Condition, Ending, Scenario
from ..text import clean

FORMATS = ("mermaid", "dot")
EXCERPT = 48  # characters of the client's line shown in a node

#: Fill and border colours per stage (light fills, so black text stays readable).
STAGE_COLOURS: dict[str, tuple[str, str]] = {
    "listen": ("#dbeafe", "#1d4ed8"),
    "empathize": ("#fce7f3", "#be185d"),
    "solve": ("#dcfce7", "#15803d"),
    "escalate": ("#ffedd5", "#c2410c"),
    "document": ("#e5e7eb", "#374151"),
}
#: Fill and border colours per ending outcome.
OUTCOME_COLOURS: dict[str, tuple[str, str]] = {
    "resolved": ("#86efac", "#166534"),
    "partly_resolved": ("#fde68a", "#a16207"),
    "escalated": ("#fdba74", "#9a3412"),
    "walked_out": ("#fca5a5", "#991b1b"),
    "safety": ("#c4b5fd", "#5b21b6"),
    "unresolved": ("#d1d5db", "#374151"),
}
MISSING_COLOURS = ("#ffffff", "#dc2626")
CALMING, HEATING = "#15803d", "#b91c1c"


def _one_line(text: str) -> str:
    """Content text on one line, control characters made visible (see `text.clean`)."""
    return clean(" ".join(str(text).split()))


def excerpt(text: str, limit: int = EXCERPT) -> str:
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:—-") + "…"


def condition_text(cond: Optional[Condition]) -> str:
    if cond is None:
        return ""
    parts = []
    if cond.mood_at_least is not None:
        parts.append(f"mood ≥ {cond.mood_at_least}")
    if cond.mood_at_most is not None:
        parts.append(f"mood ≤ {cond.mood_at_most}")
    return " and ".join(parts)


def choice_label(choice: Choice) -> str:
    """The edge label of a choice: its id, the mood change and the condition, if any."""
    parts = [choice.id]
    if choice.mood:
        parts.append(f"mood {choice.mood:+d}")
    cond = condition_text(choice.when)
    if cond:
        parts.append(f"if {cond}")
    return " · ".join(parts)


def ending_lines(ending: Ending) -> list[str]:
    """An ending's label: its id, and its outcome unless the id already says it."""
    if ending.id.replace("-", "_") == ending.outcome:
        return [ending.id]
    return [ending.id, ending.outcome]


class _Graph:
    """The format-independent shape of the drawing: vertices and edges with labels."""

    def __init__(self, sc: Scenario):
        self.sc = sc
        self.node_ids = [n.id for n in sc.nodes]
        self.ending_ids = [e.id for e in sc.endings]
        known = set(self.node_ids) | set(self.ending_ids)
        targets = [sc.start] + [c.next for n in sc.nodes for c in n.choices] + [r.goto for r in sc.rules]
        # Validated content has no dangling references; drawing one anyway (in red) beats
        # failing, so a trainer can see what a broken branch points at.
        self.missing = list(dict.fromkeys(t for t in targets if t not in known))


# --------------------------------------------------------------------------- Mermaid

# Mermaid decodes "#name;" / "#123;" entity codes inside labels; everything that could end
# a quoted label, open an HTML tag or start an entity is written that way.
_MERMAID_ESCAPES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "|": "#124;",
    "`": "#96;",
}
_MERMAID_RE = re.compile("[" + re.escape("".join(_MERMAID_ESCAPES)) + "]")


def mermaid_text(text: str) -> str:
    """Text made safe inside a double-quoted Mermaid label (see `mermaid_label`)."""
    return _MERMAID_RE.sub(lambda m: _MERMAID_ESCAPES[m.group()], _one_line(text))


def mermaid_label(*parts: str, sep: str = "<br/>") -> str:
    """A quoted Mermaid label from parts of content text, one part per line."""
    out = sep.join(mermaid_text(p) for p in parts)
    if "style" in out or "classDef" in out:
        # Mermaid drops the last ';' of any line matching /style.*:\S*#.*;/ (meant for
        # style statements), which would eat the end of an entity: hide the colons too.
        out = out.replace(":", "#58;")
    return f'"{out}"'


def mermaid(sc: Scenario) -> str:
    g = _Graph(sc)
    ids: dict[str, str] = {}
    # Synthetic ids (n0, e0, m0) keep content ids away from Mermaid keywords such as `end`
    # and from arrow syntax (`a---o`); the real id is in the label.
    for i, node_id in enumerate(g.node_ids):
        ids.setdefault(node_id, f"n{i}")
    for i, ending_id in enumerate(g.ending_ids):
        ids.setdefault(ending_id, f"e{i}")
    for i, target in enumerate(g.missing):
        ids[target] = f"m{i}"

    title = " ".join(mermaid_text(x) for x in (sc.id, f"({sc.lang}):", sc.title))
    lines = [f"%% {title}", "flowchart TD", '    s0(("start")):::start']
    for node in sc.nodes:
        label = mermaid_label(f"{node.id} · {node.stage}", excerpt(node.say))
        lines.append(f"    {ids[node.id]}[{label}]:::{node.stage}")
    for ending in sc.endings:
        lines.append(f"    {ids[ending.id]}([{mermaid_label(*ending_lines(ending))}]):::{ending.outcome}")
    for target in g.missing:
        lines.append(f"    {ids[target]}[{mermaid_label('? ' + target)}]:::missing")
    if sc.rules:
        lines.append(f"    r0{{{{{mermaid_label('after any reply')}}}}}:::rule")

    styles: list[tuple[int, str]] = []
    lines.append(f"    s0 --> {ids[sc.start]}")
    link = 1
    for node in sc.nodes:
        for choice in node.choices:
            lines.append(f"    {ids[node.id]} -->|{mermaid_label(choice_label(choice))}| {ids[choice.next]}")
            if choice.mood:
                styles.append((link, CALMING if choice.mood < 0 else HEATING))
            link += 1
    for rule in sc.rules:
        label = condition_text(rule.when) + ("" if rule.once else " · every time")
        lines.append(f"    r0 -.->|{mermaid_label(label)}| {ids[rule.goto]}")
        link += 1

    lines.append("    classDef start fill:#111827,stroke:#111827,color:#ffffff")
    for stage in STAGE_IDS:
        fill, stroke = STAGE_COLOURS[stage]
        lines.append(f"    classDef {stage} fill:{fill},stroke:{stroke},color:#111827")
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        lines.append(f"    classDef {outcome} fill:{fill},stroke:{stroke},stroke-width:3px,color:#111827")
    lines.append(f"    classDef missing fill:{MISSING_COLOURS[0]},stroke:{MISSING_COLOURS[1]},stroke-dasharray:4 2,color:#b91c1c")
    lines.append("    classDef rule fill:#ffffff,stroke:#6b7280,stroke-dasharray:4 2,color:#374151")
    for colour in (CALMING, HEATING):
        indexes = [str(i) for i, c in styles if c == colour]
        if indexes:
            lines.append(f"    linkStyle {','.join(indexes)} stroke:{colour}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- Graphviz dot


def dot_text(text: str) -> str:
    """Text made safe inside a double-quoted dot string (one line, shown literally)."""
    # Graphviz reads `\"` in quoted strings, interprets `\n`, `\l`, `\N`, `\G`… in labels and
    # decodes HTML entities (`&lt;`): doubling every backslash and writing `&` as `&amp;`
    # keeps them literal. A backslash-newline would continue the line, so text is
    # flattened to one line first.
    text = _one_line(text).replace("\\", "\\\\").replace('"', '\\"')
    return text.replace("&", "&amp;")


def _q(text: str) -> str:
    return f'"{dot_text(text)}"'


def dot(sc: Scenario) -> str:
    g = _Graph(sc)
    lines = [
        f"// {dot_text(sc.id)} ({dot_text(sc.lang)})",
        f"digraph {_q(sc.id)} {{",
        f'  graph [label={_q(sc.title)}, labelloc=t, fontname="Helvetica", rankdir=TB];',
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  "__start" [label="start", shape=circle, style=filled, fillcolor="#111827", fontcolor="#ffffff", width=0.5];',
    ]
    for node in sc.nodes:
        fill, stroke = STAGE_COLOURS.get(node.stage, MISSING_COLOURS)
        label = f"{dot_text(node.id)} · {dot_text(node.stage)}\\n{dot_text(excerpt(node.say))}"
        lines.append(f'  {_q(node.id)} [label="{label}", shape=box, style="rounded,filled", fillcolor="{fill}", color="{stroke}"];')
    for ending in sc.endings:
        fill, stroke = OUTCOME_COLOURS.get(ending.outcome, MISSING_COLOURS)
        label = "\\n".join(dot_text(x) for x in ending_lines(ending))
        lines.append(f'  {_q(ending.id)} [label="{label}", shape=box, style="filled,bold", peripheries=2, fillcolor="{fill}", color="{stroke}"];')
    for target in g.missing:
        lines.append(f'  {_q(target)} [label="? {dot_text(target)}", shape=box, style=dashed, color="{MISSING_COLOURS[1]}", fontcolor="{MISSING_COLOURS[1]}"];')
    if sc.rules:
        lines.append('  "__rules" [label="after any reply", shape=hexagon, style=dashed, color="#6b7280"];')

    lines.append(f'  "__start" -> {_q(sc.start)};')
    for node in sc.nodes:
        for choice in node.choices:
            attrs = [f"label={_q(choice_label(choice))}"]
            if choice.mood:
                colour = CALMING if choice.mood < 0 else HEATING
                attrs += [f'color="{colour}"', f'fontcolor="{colour}"']
            lines.append(f"  {_q(node.id)} -> {_q(choice.next)} [{', '.join(attrs)}];")
    for rule in sc.rules:
        label = condition_text(rule.when) + ("" if rule.once else " · every time")
        lines.append(f'  "__rules" -> {_q(rule.goto)} [label={_q(label)}, style=dashed, color="#6b7280"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


BUILDERS: dict[str, Callable[[Scenario], str]] = {"mermaid": mermaid, "dot": dot}


def render(sc: Scenario, fmt: str) -> str:
    """The scenario's graph in `fmt` (one of FORMATS)."""
    try:
        return BUILDERS[fmt](sc)
    except KeyError:
        raise ValueError(f"unknown graph format {fmt!r}: use {' or '.join(FORMATS)}") from None

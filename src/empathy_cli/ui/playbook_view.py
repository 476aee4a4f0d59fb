"""A readable view of one playbook: what a trainer or staff member reads before a shift."""

from __future__ import annotations

from pathlib import Path

from ..content.models import Playbook
from ..text import clean


def print_playbook(pb: Playbook, path: Path) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from .. import i18n
    from .console import box, console, fancy

    t = lambda key: i18n.t(f"playbooks.{key}")  # noqa: E731
    out = console()
    bold = "bold" if fancy() else ""
    dim = "dim" if fancy() else ""

    def heading(text: str, style: str = "bold cyan") -> Text:
        return Text(clean(text), style=style if fancy() else "")

    def bullets(label: str, items: list[str], marker: str = "•") -> list[Text]:
        if not items:
            return []
        lines = [Text(label, style=bold)]
        lines += [Text(f"  {marker} {clean(item)}") for item in items]
        return lines

    header = [heading(pb.title, "bold")]
    if pb.description:
        header.append(Text(clean(pb.description)))
    header.append(Text(f"{pb.id} · {pb.lang} · {t('file')}: {path}", style=dim))
    if pb.sources:
        header.append(Text.assemble((t("sources") + ": ", bold), clean(", ".join(s.name for s in pb.sources))))
    out.print(Panel(Group(*header), box=box()) if fancy() else Group(*header))

    for n, stage in enumerate(pb.stages, 1):
        body: list = [Text.assemble((t("goal") + ": ", bold), clean(stage.goal))]
        body += bullets(t("do"), stage.do, "+")
        body += bullets(t("dont"), stage.dont, "-")
        body += bullets(t("questions"), stage.questions, "?")
        if stage.phrases:
            body.append(Text(t("phrases"), style=bold))
            for ph in stage.phrases:
                line = Text(f"  {i18n.quote(clean(ph.text))}")
                if ph.tags:
                    line.append("  [" + ", ".join(clean(x) for x in ph.tags) + "]", style=dim)
                body.append(line)
        if stage.avoid:
            body.append(Text(t("avoid"), style=bold))
            for av in stage.avoid:
                body.append(Text(f"  ✗ {i18n.quote(clean(av.text))}"))
                body.append(Text(f"    → {t('instead')}: {i18n.quote(clean(av.instead))}"))
                if av.why:
                    body.append(Text("      " + clean(av.why), style=dim))
        title = f"{n}. {clean(stage.title)}"
        if fancy():
            out.print(Panel(Group(*body), title=Text(title, style="bold"), title_align="left", box=box()))
        else:
            out.print()
            out.print(Text(title))
            for line in body:
                out.print(Text("  ") + line)

    if pb.solutions:
        out.print()
        out.print(heading(t("solutions")))
        for opt in pb.solutions:
            who = opt.approval or t("no_approval")
            out.print(Text.assemble(f"  {opt.id}: ", (clean(opt.title), bold), (f"  ({t('approval')}: {clean(who)})", dim)))
            if opt.description:
                out.print(Text("      " + clean(opt.description)))
    if pb.escalation:
        out.print()
        out.print(heading(t("escalation")))
        for level in pb.escalation:
            colour = {"green": "green", "amber": "yellow", "red": "red"}.get(level.id, "white")
            out.print(Text(f"  ■ {clean(level.title)} ({level.id})", style=f"bold {colour}" if fancy() else ""))
            for label, items in ((t("signs"), [s.text for s in level.signs]), (t("actions"), level.actions), (t("call"), level.call), (t("say"), level.say)):
                for line in bullets(label, items):
                    out.print(Text("    ") + line)
    if pb.record_fields:
        out.print()
        out.print(heading(t("record_fields")))
        for f in pb.record_fields:
            req = f" ({t('required')})" if f.required else ""
            out.print(Text.assemble(f"  {f.id}: {clean(f.label)}", (f" [{f.type}]{req}", dim)))

"""`empathy scenarios list|show|graph`: what a trainer uses to find and read scenarios."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import EmpathyError, ExitCode
from .common import App, JsonOption, LangOption, dump_json, library, state, use_lang, warn

app = App(help="List, read and draw the rehearsal scenarios.")

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="Scenario id, e.g. filler-uneven-result.")]


def find(scenario_id: str, lang: Optional[str]):
    """The scenario in the chosen language. When no language was asked for explicitly and
    the scenario exists in one other language only, use that one (and say so)."""
    resolved = use_lang(lang)
    lib = library()
    entry = lib.get("scenario", scenario_id, resolved)
    if entry is None and not (lang or state.lang):
        others = [e for e in lib.scenarios() if e.content.id == scenario_id]
        if len(others) == 1:
            from .. import i18n

            warn(i18n.t("scenarios.other_lang", id=scenario_id, lang=resolved, found=others[0].content.lang))
            return others[0]
    return lib.require("scenario", scenario_id, resolved)


@app.command("list")
def list_(lang: LangOption = None, json: JsonOption = False) -> None:
    """List the scenarios on the search path (all languages unless --lang is given)."""
    use_lang(lang)
    entries = sorted(library().scenarios(lang), key=lambda e: (e.content.id, e.content.lang))
    rows = [
        {
            "id": e.content.id,
            "lang": e.content.lang,
            "title": e.content.title,
            "playbook": e.content.playbook,
            "path": str(e.path),
            "origin": e.origin,
            "nodes": len(e.content.nodes),
            "endings": len(e.content.endings),
        }
        for e in entries
    ]
    if json:
        dump_json(rows)
        return
    if not rows:
        from .. import i18n

        sys.stderr.write((i18n.t("scenarios.none_lang", lang=lang) if lang else i18n.t("scenarios.none")) + "\n")
        return
    from ..ui.tables import print_table

    print_table(rows, ["id", "lang", "title", "playbook", "path"], area="scenarios")


@app.command("show")
def show(scenario_id: IdArgument, lang: LangOption = None, json: JsonOption = False) -> None:
    """Show one scenario: persona, every node with its choices (mood change, score, next),
    the mood rules and the endings."""
    entry = find(scenario_id, lang)
    if json:
        import dataclasses

        dump_json({**dataclasses.asdict(entry.content), "path": str(entry.path)})
        return
    from ..ui.scenario_view import print_scenario

    print_scenario(entry.content, entry.path)


@app.command("graph")
def graph(
    scenario_id: IdArgument,
    format: Annotated[
        str, typer.Option("--format", "-f", metavar="mermaid|dot", help="Mermaid (for Markdown, GitHub, mermaid.live) or Graphviz dot (dot -Tsvg).")
    ] = "mermaid",
    lang: LangOption = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the graph to FILE instead of printing it.")
    ] = None,
) -> None:
    """Print the scenario's flow as a graph: nodes coloured by stage, endings by outcome,
    edges labelled with choice ids (and mood change), rule jumps dashed."""
    from .. import i18n
    from ..coach import graph as graphs

    use_lang(lang)
    fmt = format.strip().lower()
    if fmt not in graphs.FORMATS:
        raise EmpathyError(i18n.t("scenarios.graph_format", format=format), ExitCode.USAGE)
    entry = find(scenario_id, lang)
    text = graphs.render(entry.content, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise EmpathyError(f"{output}: {exc.strerror or exc}") from None
    sys.stderr.write(i18n.t("scenarios.graph_written", path=output) + "\n")

"""`empathy scenarios list|show|graph|test`: what a trainer uses to find, read and test scenarios."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ..errors import EmpathyError, ExitCode
from ..runtime import current
from .choices import GraphFormat, choice
from .common import App, JsonOption, LangOption, dump_json, library, use_lang, warn

app = App(help="List, read, draw and play-test the rehearsal scenarios.")

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="Scenario id, e.g. filler-uneven-result.")]


def find(scenario_id: str, lang: Optional[str]):
    """The scenario in the chosen language. When no language was asked for explicitly and
    the scenario exists in one other language only, use that one (and say so)."""
    resolved = use_lang(lang)
    lib = library()
    entry = lib.get("scenario", scenario_id, resolved)
    if entry is None and not (lang or current().lang):
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
    lang = lang or current().lang  # `empathy --lang pl scenarios list` too
    entries = sorted(library().scenarios(lang), key=lambda e: (e.key[1], e.key[2]))
    rows = [
        {
            "id": e.key[1],
            "lang": e.key[2],
            "title": e.field("title"),
            "playbook": e.field("playbook"),
            "path": str(e.path),
            "origin": e.origin,
            "nodes": e.count("nodes"),
            "endings": e.count("endings"),
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
        GraphFormat,
        typer.Option(
            "--format",
            "-f",
            help="Mermaid (for Markdown, GitHub, mermaid.live) or Graphviz dot (dot -Tsvg).",
            click_type=choice(GraphFormat, "scenarios.graph_format", "format"),
        ),
    ] = GraphFormat.mermaid,
    lang: LangOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="Write the graph to FILE instead of printing it.")] = None,
) -> None:
    """Print the scenario's flow as a graph: nodes coloured by stage, endings by outcome,
    edges labelled with choice ids (and mood change), rule jumps dashed."""
    from .. import i18n
    from ..coach import graph as graphs

    use_lang(lang)
    fmt = format.value
    entry = find(scenario_id, lang)
    text = graphs.render(entry.content, fmt)
    if output is None:
        sys.stdout.write(text)
        return
    if not output.expanduser().parent.is_dir():  # like every --output FILE: the folder must exist
        raise EmpathyError(i18n.t("log.no_parent", path=output, folder=output.expanduser().parent))
    try:
        output.expanduser().write_text(text, encoding="utf-8")
    except OSError as exc:
        raise EmpathyError(f"{output}: {exc.strerror or exc}") from None
    sys.stderr.write(i18n.t("scenarios.graph_written", path=output) + "\n")


@app.command("test")
def test(
    targets: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="[ID|PATH]...", help="Scenario ids, or scenario files and folders (default: every scenario on the search path)."),
    ] = None,
    lang: LangOption = None,
    json: JsonOption = False,
    random_runs: Annotated[int, typer.Option("--random", metavar="N", help="Random playthroughs per scenario, mixing listed and typed replies.")] = 30,
    seed: Annotated[Optional[int], typer.Option("--seed", metavar="S", help="Seed of the random playthroughs (default: a new one, printed).")] = None,
    max_steps: Annotated[
        int, typer.Option("--max-steps", metavar="N", help="Bound: replies per explored path (and per random run, at least five per node).")
    ] = 40,
    max_paths: Annotated[int, typer.Option("--max-paths", metavar="N", help="Bound: paths explored per scenario.")] = 100_000,
) -> None:
    """Play-test scenarios: explore every path (endings, coverage, best and worst path,
    loops), find single slips that jump past repair nodes, run seeded random playthroughs
    and the pinned cases of `tests:`. Exit 1 if any problem."""
    from .. import i18n
    from ..coach import playtest as pt
    from ..ui.playtest_view import print_report, print_summary

    use_lang(lang)
    for option, value, least in (("--random", random_runs, 0), ("--max-steps", max_steps, 1), ("--max-paths", max_paths, 1)):
        if value < least:
            raise EmpathyError(i18n.t("scenarios.test.bad_limit", option=option, min=least), ExitCode.USAGE)
    limits = pt.Limits(max_steps=max_steps, max_paths=max_paths, random_runs=random_runs, seed=pt.new_seed() if seed is None else seed)
    judged = pt.Judgements()  # a text met by several scenarios of one playbook is judged once
    results = [pt.test_target(target, limits, i18n.render, judged) for target in _test_targets(targets or [], lang or current().lang)]
    errors = sum(r["errors"] for r in results)
    warnings = sum(r["warnings"] for r in results)
    if json:
        dump_json({"seed": limits.seed, "scenarios": results, "errors": errors, "warnings": warnings})
    else:
        for result in results:
            print_report(result)
        bad = sum(1 for r in results if r["errors"])
        print_summary(len(results), errors, warnings, bad, limits.seed, random_runs)
    if errors:
        raise typer.Exit(ExitCode.PROBLEMS)


def _looks_like_path(arg: str) -> bool:
    import os

    return os.sep in arg or "/" in arg or arg.endswith((".yaml", ".yml")) or Path(arg).exists()


def _test_targets(args: list[str], lang: Optional[str]) -> list:
    """What to test: named files and folders as they are on disk, ids from the search path
    (every language unless one was asked for), or every scenario on the search path."""
    from .. import i18n
    from ..coach.playtest import Target
    from ..content.loader import load_file

    lib = library()
    chosen = i18n.choose(lang) if lang else None
    given_playbooks, files, entries = _resolve_args(args, lib, chosen)
    if not args:
        entries = sorted(lib.scenarios(chosen), key=lambda e: (e.content.id, e.content.lang))

    def playbook_for(sc: Any) -> Any:
        pb = given_playbooks.get((sc.playbook, sc.lang))
        if pb is None:
            entry = lib.get("playbook", sc.playbook, sc.lang)
            pb = entry.content if entry else None
        if pb is None:
            warn(i18n.t("scenarios.test.no_playbook", id=sc.id, lang=sc.lang, playbook=sc.playbook))
        return pb

    targets: list = []
    for loaded in files:
        sc = loaded.content
        if sc is None:
            targets.append(Target(None, None, str(loaded.path), loaded.data, loaded.problems))
        else:
            targets.append(Target(sc, playbook_for(sc), str(loaded.path), loaded.data))
    for entry in entries:
        loaded = load_file(entry.path)  # the positioned data, to give every problem its line
        targets.append(Target(entry.content, playbook_for(entry.content), str(entry.path), loaded.data))
    if not targets:
        raise EmpathyError(i18n.t("scenarios.test.no_scenarios"), ExitCode.USAGE)
    return targets


def _resolve_args(args: list[str], lib: Any, chosen: Optional[str]) -> tuple[dict[tuple[str, str], Any], list, list]:
    """The playbooks and scenario files named by path, and the scenarios named by id."""
    import difflib

    from .. import i18n
    from ..content.loader import load_file
    from ..content.validate import expand

    given_playbooks: dict[tuple[str, str], Any] = {}
    files: list = []
    entries: list = []
    for arg in args:
        if _looks_like_path(arg):
            path = Path(arg)
            if not path.exists():
                raise EmpathyError(i18n.t("scenarios.test.missing_path", path=arg), ExitCode.USAGE)
            for f in expand([path]):
                loaded = load_file(f)
                if loaded.content is not None and loaded.content.kind == "playbook":
                    given_playbooks[(loaded.content.id, loaded.content.lang)] = loaded.content
                elif isinstance(loaded.data, dict) and loaded.data.get("kind") == "scenario":
                    files.append(loaded)
            continue
        found = [e for e in lib.scenarios(chosen) if e.content.id == arg]
        if not found:
            known = sorted({e.content.id for e in lib.scenarios()})
            close = difflib.get_close_matches(arg, known, n=1)
            hint = i18n.t("scenarios.test.did_you_mean", id=close[0]) if close else ""
            raise EmpathyError(i18n.t("scenarios.test.unknown", id=arg, hint=hint, known=", ".join(known) or "-"), ExitCode.USAGE)
        entries.extend(sorted(found, key=lambda e: e.content.lang))
    return given_playbooks, files, entries

"""`empathy phrases [QUERY]`: find the right words in a hurry.

Kept on the fast path: at import time only Typer and `cli.common`; the command imports
the phrase index (no YAML, no content models, no Rich when the cache is warm) and the
hand-written plain/ANSI view.

No `from __future__ import annotations` here on purpose: Typer would then `eval` every
parameter's annotation string each run (~1.5 ms for this command); real annotations are
built once, at import.
"""

from typing import Annotated, Any, Callable, Optional

import typer

from ..errors import EmpathyError, ExitCode
from ..runtime import current
from ..vocab import STAGES
from .common import JsonOption, LangOption, dump_json, library, use_lang, warn


def phrases(
    query: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[QUERY]",
            help="What is happening, in your words (e.g. 'she is shouting at me', 'czeka od rana'); without --lang, the query's language is searched.",
        ),
    ] = None,
    stage: Annotated[
        Optional[str], typer.Option("--stage", "-s", metavar="STAGE", help="Only this stage: listen, empathize, solve, escalate, document.")
    ] = None,
    tag: Annotated[Optional[str], typer.Option("--tag", "-t", help="Only phrases with this tag id (e.g. refund, waiting, pain).")] = None,
    playbook: Annotated[Optional[str], typer.Option("--playbook", "-b", help="Only this playbook (id).")] = None,
    lang: LangOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many phrases (0: all).")] = 10,
    random: Annotated[bool, typer.Option("--random", help="One phrase at random among the matches: a daily tip.")] = False,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Seed for --random (repeatable picks, for tests).")] = None,
    all_langs: Annotated[bool, typer.Option("--all-langs", help="Search every language, not just --lang.")] = False,
    json: JsonOption = False,
) -> None:
    """Find phrases across every playbook on the search path, best matches first."""
    from ..coach import phrases as engine

    resolved = use_lang(lang)
    stage = _checked_stage(stage)
    if limit < 0:
        raise typer.BadParameter(_t("bad_limit"), param_hint="--limit")
    for folder in current().playbook_dirs:
        if not folder.exists():
            from .. import i18n

            raise EmpathyError(i18n.t("common.folder_missing", path=folder), ExitCode.USAGE)
    q = engine.Query(query or "", lang=None, stage=stage, tag=tag, playbook=playbook, limit=limit)
    prepare = _resolver(q, query, resolved, explicit=bool(lang or current().lang), all_langs=all_langs)
    index, hits = engine.lookup(current().playbook_dirs, library, q, pick=random, seed=seed, prepare=prepare)
    if q.truncated:
        warn(_t("query_cut", n=engine.MAX_TERMS))
    _show(index, hits, q, query, tag, json)


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"phrases.{key}", **values)


def _checked_stage(stage: Optional[str]) -> Optional[str]:
    """A stage id, given by id or by the name the screen shows (usage error otherwise)."""
    if stage is not None and stage not in STAGES:
        stage = _stage_by_name(stage)
    if stage is not None and stage not in STAGES:
        raise typer.BadParameter(_t("unknown_stage", stage=stage, stages=", ".join(STAGES)), param_hint="--stage")
    return stage


def _resolver(q: Any, query: Optional[str], resolved: str, *, explicit: bool, all_langs: bool) -> Callable[[Any], None]:
    """What `lookup` calls with the index: pick the content language and check --playbook."""
    from ..coach import phrases as engine

    def resolve(index: Any) -> None:
        from .. import i18n

        if not index.fresh:  # (a library loaded in this run has warned already)
            for path, count in index.broken:
                warn(i18n.t("common.skipped_broken", path=path, count=count))
        if not all_langs:
            available = index.langs()
            content = resolved
            if query and not explicit:  # no language given: the query's own
                content, _ = engine.choose_lang(index, query, resolved)
            if content not in available:
                if explicit or "en" not in available:
                    raise EmpathyError(_t("no_phrases_lang", lang=content, available=", ".join(available) or "-"))
                content = "en"  # the interface speaks a language the content doesn't: English
            q.lang = content
        if q.playbook is not None and not any(row[0] == q.playbook and q.lang in (None, row[1]) for row in index.playbooks):
            known = sorted({row[0] for row in index.playbooks if q.lang in (None, row[1])})
            where = _t("in_lang", lang=q.lang) if q.lang else ""
            raise EmpathyError(_t("unknown_playbook", id=q.playbook, where=where, available=", ".join(known) or "-"))

    return resolve


def _show(index: Any, hits: list[Any], q: Any, query: Optional[str], tag: Optional[str], json: bool) -> None:
    from ..coach import phrases as engine

    if not hits:
        if json:
            dump_json([])
        from ..ui.phrases_view import print_elsewhere, print_no_match

        print_no_match(query or tag, engine.nearest_tags(index, query or tag or "", q.lang))
        if q.lang is not None:
            print_elsewhere(engine.elsewhere(index, q))
        raise typer.Exit(ExitCode.PROBLEMS)
    if json:
        dump_json([h.to_dict() for h in hits])
        return
    from ..ui.phrases_view import print_phrases

    print_phrases(hits, terms=engine.terms(query or ""), show_lang=q.lang is None)


def _stage_by_name(name: str) -> str:
    """A stage given by the name the screen shows ("rozwiąż", "Okaż empatię") → its id."""
    from .. import i18n
    from ..text import fold

    wanted = fold(name.strip())
    for stage_id in STAGES:
        for lang in i18n.SUPPORTED:
            if fold(i18n.t(f"common.stage.{stage_id}", in_lang=lang)) == wanted:
                return stage_id
    return name

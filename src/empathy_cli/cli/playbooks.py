"""`empathy playbooks list|show`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..runtime import current
from .common import App, JsonOption, LangOption, dump_json, library, use_lang

app = App(help="List and read playbooks.")


@app.command("list")
def list_(lang: LangOption = None, json: JsonOption = False) -> None:
    """List the playbooks on the search path (all languages unless --lang is given)."""
    use_lang(lang)
    lang = lang or current().lang  # `empathy --lang pl playbooks list` too
    entries = library().playbooks(lang)
    rows = [
        {
            "id": e.key[1],
            "lang": e.key[2],
            "title": e.field("title"),
            "origin": e.origin,
            "path": str(e.path),
            "stages": e.count("stages"),
            "phrases": e.count("stages", "phrases"),
        }
        for e in entries
    ]
    if json:
        dump_json(rows)
        return
    from .. import i18n
    from ..ui.tables import print_table

    for row in rows:  # the JSON keeps the stable value; the table speaks the reader's language
        row["origin"] = i18n.t(f"playbooks.origin.{row['origin']}")
    print_table(rows, ["id", "lang", "title", "phrases", "origin", "path"], area="playbooks")


@app.command("show")
def show(
    playbook_id: Annotated[str, typer.Argument(metavar="ID", help="Playbook id, e.g. aesthetic-clinic.")],
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Show one playbook: stages, phrases, solutions, escalation and record fields."""
    resolved = use_lang(lang)
    entry = library().require("playbook", playbook_id, resolved)
    if json:
        import dataclasses

        dump_json({**dataclasses.asdict(entry.content), "path": str(entry.path)})
        return
    from ..ui.playbook_view import print_playbook

    print_playbook(entry.content, entry.path)

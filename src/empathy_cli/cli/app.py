"""The `empathy` command: the root app, global options, and where commands are registered.

Command modules import only Typer and light modules at import time; anything heavy (YAML,
Rich, questionary, the validator) is imported inside the command that needs it, so
`empathy --help` and `empathy phrases` start fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from .common import App, LangOption, state

app = App(
    name="empathy",
    help="An offline coach for de-escalating difficult conversations with clients and patients.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"empathy-cli {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    lang: LangOption = None,
    playbooks: Annotated[
        Optional[list[Path]],
        typer.Option("--playbooks", "-p", help="Extra folder of playbooks and scenarios (repeatable); searched last, so it overrides."),
    ] = None,
    color: Annotated[
        Optional[str], typer.Option("--color", help="Colour and boxes: auto (default), always or never.")
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    state.lang = lang
    state.playbook_dirs = list(playbooks or [])
    state._library = None
    if color:
        if color not in ("auto", "always", "never"):
            raise typer.BadParameter("use auto, always or never", param_hint="--color")
        os.environ["EMPATHY_COLOR"] = color


# --- command registration (one line per command module) -------------------------------
from . import check as _check  # noqa: E402
from . import encounter as _encounter  # noqa: E402
from . import log as _log  # noqa: E402
from . import phrases as _phrases  # noqa: E402
from . import playbooks as _playbooks  # noqa: E402
from . import rehearse as _rehearse  # noqa: E402
from . import validate as _validate  # noqa: E402
from . import new as _new  # noqa: E402
from . import report as _report  # noqa: E402
from . import scenarios as _scenarios  # noqa: E402

app.add_typer(_playbooks.app, name="playbooks")
app.command("validate")(_validate.validate)
app.command("schema")(_validate.schema)
app.add_typer(_scenarios.app, name="scenarios")
app.add_typer(_new.app, name="new")
app.command("report")(_report.report)
app.command("phrases")(_phrases.phrases)
app.command("check")(_check.check)
app.command("encounter")(_encounter.encounter)
app.add_typer(_log.app, name="log")
app.command("rehearse")(_rehearse.rehearse)


def main() -> None:
    app(prog_name="empathy")

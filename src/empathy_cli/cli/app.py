"""The `empathy` command: the root app, global options, and where commands are registered.

Command modules import only Typer and light modules at import time; anything heavy (YAML,
Rich, questionary, the validator) is imported inside the command that needs it, so
`empathy --help` and `empathy phrases` start fast.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from ..runtime import configure
from .common import App, LangOption
from .lazy import LAZY, LazyGroup

app = App(
    cls=LazyGroup,
    name="empathy",
    help="An offline coach for de-escalating difficult conversations with clients and patients.",
)


class ColorMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"empathy-cli {__version__}")
        raise typer.Exit()


# Why no option declares `envvar=` (EMPATHY_LANG, EMPATHY_COLOR, EMPATHY_PLAIN, EMPATHY_RECORDS):
# Click would read the variable as if the option had been typed, which changes behaviour.
# EMPATHY_LANG=xx would become an explicit `--lang xx` (a usage error) instead of a default
# that falls back to the locale; EMPATHY_COLOR=blue or EMPATHY_PLAIN=maybe would stop every
# command with exit 2 instead of being ignored; EMPATHY_RECORDS would become `--out`, which
# some commands check more strictly than the default folder. Click also reads the process
# environment, not the Runtime's. The help texts name the variables instead.
@app.callback()
def root(
    lang: LangOption = None,
    playbooks: Annotated[
        Optional[list[Path]],
        typer.Option("--playbooks", "-p", help="Extra folder of playbooks and scenarios (repeatable); searched last, so it overrides."),
    ] = None,
    color: Annotated[
        Optional[ColorMode], typer.Option("--color", help="Colour and boxes: auto (default; EMPATHY_COLOR), always or never.", case_sensitive=False)
    ] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain", help="Accessible line mode: numbered choices answered by typing, no redraws or escape codes (also TERM=dumb or EMPATHY_PLAIN=1)."
        ),
    ] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    configure(lang=lang, playbook_dirs=list(playbooks or []), color=color.value if color else None)
    from ..ui.mode import set_plain

    set_plain(True if plain else None)


# --- command registration ----------------------------------------------------------------
# In the order `empathy --help` lists them. Each is imported only when used (see lazy.py).
LAZY.update(
    {
        "encounter": ("empathy_cli.cli.encounter", "encounter"),
        "rehearse": ("empathy_cli.cli.rehearse", "rehearse"),
        "drill": ("empathy_cli.cli.drill", "drill"),
        "phrases": ("empathy_cli.cli.phrases", "phrases"),
        "check": ("empathy_cli.cli.check", "check"),
        "playbooks": ("empathy_cli.cli.playbooks", "app"),
        "scenarios": ("empathy_cli.cli.scenarios", "app"),
        "new": ("empathy_cli.cli.new", "app"),
        "validate": ("empathy_cli.cli.validate", "validate"),
        "schema": ("empathy_cli.cli.validate", "schema"),
        "log": ("empathy_cli.cli.log", "app"),
        "report": ("empathy_cli.cli.report", "report"),
        "progress": ("empathy_cli.cli.progress", "progress"),
    }
)


def main() -> None:
    app(prog_name="empathy")

"""Commands that are imported and built only when they are used.

Typer builds every command of a group (importing its module, reading its signature,
making its options) before running any of them: with a dozen commands that is ~30 ms on
every run. `LazyGroup` keeps a table of ``name → (module, attribute)`` instead and builds
a command the first time Click asks for it, so `empathy phrases` pays for `phrases` alone,
while `--help`, typo suggestions and completion still see every name. This is the
lazy-loading pattern Click documents for large CLIs, applied to Typer's group class.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import MutableMapping
from typing import Any, Iterator

from typer.core import TyperGroup

#: name → (module, attribute). An attribute that is a Typer app becomes a sub-group;
#: a function becomes a command (guarded like every other command).
LAZY: dict[str, tuple[str, str]] = {}


def _build(name: str, module: str, attr: str):
    import typer
    import typer.main

    from .common import App

    target = getattr(importlib.import_module(module), attr)
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = App()
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    _reflow_tree(command)
    return command


_LIST_ITEM = re.compile(r"\s|[-*•]\s|\d+[.)]\s|\\b")


def reflow(text: str | None) -> str | None:
    """A docstring as help text: the lines of each paragraph joined, so the terminal (or
    Rich) wraps it at its own width instead of at the docstring's line breaks. Blank lines
    between paragraphs stay; so do lines that start a list item or are indented."""
    if not text:
        return text
    import inspect

    paragraphs = re.split(r"\n[ \t]*\n", inspect.cleandoc(text))
    out = []
    for paragraph in paragraphs:
        lines = paragraph.split("\n")
        joined = [lines[0]]
        for line in lines[1:]:
            if _LIST_ITEM.match(line):
                joined.append(line)
            else:
                joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        out.append("\n".join(joined))
    return "\n\n".join(out)


def _reflow_tree(command) -> None:
    """Reflow the help of a command and of every sub-command it holds."""
    command.help = reflow(command.help)
    if getattr(command, "short_help", None):
        command.short_help = reflow(command.short_help)
    for sub in (getattr(command, "commands", None) or {}).values():
        _reflow_tree(sub)


class _Commands(MutableMapping):
    """The group's command table: eager commands as given, lazy ones built on access."""

    def __init__(self, eager: dict[str, Any], lazy: dict[str, tuple[str, str]]):
        self._built = dict(eager)
        self._lazy = dict(lazy)
        self._order = list(lazy) + [n for n in eager if n not in lazy]

    def __getitem__(self, name: str):
        if name not in self._built:
            if name not in self._lazy:
                raise KeyError(name)
            self._built[name] = _build(name, *self._lazy[name])
        return self._built[name]

    def __setitem__(self, name: str, command) -> None:
        self._built[name] = command
        if name not in self._order:
            self._order.append(name)

    def __delitem__(self, name: str) -> None:
        self._built.pop(name, None)
        self._lazy.pop(name, None)
        self._order.remove(name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __len__(self) -> int:
        return len(self._order)

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in self._lazy


class LazyGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.commands = _Commands(dict(self.commands), LAZY)

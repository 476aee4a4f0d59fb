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


def _build(name: str, module: str, attr: str, path: str = ""):
    """Build the command `name` from `module.attr`; `path` is its dotted command path
    ("log.export"). A Typer app becomes a group whose own commands are built lazily too."""
    import typer
    import typer.main

    from .common import App
    from .helptext import localize

    path = f"{path}.{name}" if path else name
    target = getattr(importlib.import_module(module), attr)
    if isinstance(target, typer.Typer):
        command = _lazy_group(target, path)
    else:
        single = App()
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    _reflow_tree(command)
    localize(command, path)
    return command


def _lazy_group(target, path: str):
    """A Typer sub-app as a group that builds each of its commands when it is used."""
    import copy
    import functools

    import typer.main

    from .helptext import localize

    shell = copy.copy(target)
    shell.info = copy.copy(target.info)
    shell.info.cls = SubGroup
    shell.registered_commands = []
    group = typer.main.get_group(shell)

    def build(info, name: str):
        command = typer.main.get_command_from_info(info, pretty_exceptions_short=target.pretty_exceptions_short, rich_markup_mode=target.rich_markup_mode)
        command.name = name
        _reflow_tree(command)
        localize(command, f"{path}.{name}")
        return command

    builders = {}
    for info in target.registered_commands:
        name = info.name or typer.main.get_command_name(info.callback.__name__)
        builders[name] = functools.partial(build, info, name)
    group.commands = _Commands({}, builders)
    group.help_path = path  # type: ignore[attr-defined]  # a SubGroup (shell.info.cls), typed as TyperGroup
    return group


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
    commands = getattr(command, "commands", None) or {}
    if isinstance(commands, _Commands):
        return  # a lazy group reflows each command as it builds it
    for sub in commands.values():
        _reflow_tree(sub)


class _Commands(MutableMapping):
    """The group's command table: eager commands as given, lazy ones built on access."""

    def __init__(self, eager: dict[str, Any], lazy: dict[str, Any]):
        self._built = dict(eager)
        self._lazy = dict(lazy)
        self._order = list(lazy) + [n for n in eager if n not in lazy]

    def __getitem__(self, name: str):
        if name not in self._built:
            if name not in self._lazy:
                raise KeyError(name)
            how = self._lazy[name]
            self._built[name] = how() if callable(how) else _build(name, *how)
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

    def is_built(self, name: str) -> bool:
        return name in self._built


class SubGroup(TyperGroup):
    """A group whose command list comes from the catalogue: `--help` shows every command's
    summary without building (importing) the commands."""

    help_path = ""

    def list_commands(self, ctx) -> list[str]:
        """Every name, in order, without building the commands to see whether they are hidden."""
        return list(self.commands)

    def format_commands(self, ctx, formatter) -> None:
        from .helptext import h, summary

        names = [n for n in self.list_commands(ctx)]
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            path = f"{self.help_path}.{name}" if self.help_path else name
            built = isinstance(self.commands, _Commands) and self.commands.is_built(name)
            if built:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, summary(path, limit)))
        with formatter.section(h("click.commands")):
            formatter.write_dl(rows)


class LazyGroup(SubGroup):
    """The root group: its commands are built on first use, in the language the command
    line asks for, and usage errors are written in that language too."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.commands = _Commands(dict(self.commands), LAZY)
        self.localized = False
        from .helptext import Context

        self.context_class = Context  # its formatter writes "Usage:" in the interface language

    def localize(self) -> None:
        """Its own help texts in the interface language: done only when they are shown
        (help, a usage error), so `empathy --version` and every command pay nothing."""
        if not self.localized:
            from .helptext import localize

            localize(self, "")
            self.localized = True

    def format_help(self, ctx, formatter) -> None:
        self.localize()
        super().format_help(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        import sys

        from typer import _click

        from . import helptext

        args = list(sys.argv[1:] if args is None else args)
        helptext.prepare(args)
        helptext.hook_typer()
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _click.exceptions.ClickException as error:
            helptext.show_error(error)
            sys.exit(error.exit_code)
        except _click.exceptions.Abort:
            sys.stderr.write(helptext.h("click.aborted") + "\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

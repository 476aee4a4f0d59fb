"""Help and usage errors in the interface language, from the `help` catalogue.

Commands are built lazily (see `lazy.py`), after the language is known: `argv_lang` finds
``--lang X`` on the command line before anything is parsed, and `localize` then gives a
freshly built command its help text, its options' help, its placeholders and a context
whose formatter writes Click's own words ("Usage:", "Options"…) in that language. Typer
asks for its words ("Arguments", "[default: …]", "No such command…") through gettext's
`_`, which `hook_typer` points at the catalogue; Click's usage errors are written by
`show_error` instead of Click's English `show()`.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any, Optional

import typer
from typer import _click

from .. import i18n


def h(key: str, **values: Any) -> str:
    return i18n.t(f"help.{key}", **values)


def _has(key: str) -> bool:
    from ..i18n import help as catalogue

    return key in catalogue.EN


# -- the language, before anything is parsed ---------------------------------------------
def argv_lang(args: list[str]) -> Optional[str]:
    """The value of the last ``--lang``/``-l`` on the command line (before ``--``), if any."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg in ("--lang", "-l") and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
        elif arg.startswith("-l") and len(arg) > 2 and not arg.startswith("--"):
            found = arg[2:]
    return found


def prepare(args: list[str]) -> None:
    """Switch the interface language to the one this command line asks for."""
    i18n.set_lang(i18n.choose(argv_lang(args)))


# -- Typer's words ---------------------------------------------------------------------------
_TYPER = {
    "Arguments": "click.arguments",
    "Options": "click.options",
    "Commands": "click.commands",
    "default: {default}": "click.default",
    "required": "click.required",
    "env var: {var}": "click.env_var",
    "No such command {name!r}.": "click.no_such_command",
    "Missing command.": "click.missing_command",
    "Aborted!": "click.aborted",
}


def _gettext(message: str) -> str:
    key = _TYPER.get(message)
    return h(key) if key else message


def hook_typer() -> None:
    """Point Typer's gettext `_` at the catalogue (Typer ships no translations of its own)."""
    import typer.core

    typer.core._ = _gettext


# -- Click's words -------------------------------------------------------------------------
class Formatter(_click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: Optional[str] = None) -> None:
        super().write_usage(prog, args, h("click.usage") if prefix is None else prefix)


class Context(typer.Context):
    formatter_class = Formatter

    def make_formatter(self) -> _click.HelpFormatter:
        """The terminal's full width (COLUMNS as the run sees it), as Rich's help had."""
        from ..runtime import current

        columns = current().columns()
        if columns is None:
            import shutil

            columns = shutil.get_terminal_size().columns
        width = max(columns - 2, 50)
        return Formatter(width=width, max_width=width)


def _metavar(text: str) -> str:
    key = f"meta.{text}"
    return h(key) if _has(key) else text


def localize(command: Any, path: str) -> None:
    """Give a built command (and every sub-command it already holds) its help texts,
    placeholders and usage words in the interface language. `path` is its dotted command
    path without the program name ("" for the root)."""
    key = f"cmd.{path or 'empathy'}"
    if _has(key):
        command.help = h(key)
        command.short_help = None
    command.context_class = Context
    command.options_metavar = h("meta.options")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = h("meta.command")
    ctx = Context(command, info_name=path.rpartition(".")[2] or "empathy", **(command.context_settings or {}))
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = h("param.help")
    for param in command.params:
        specific = f"param.{path or 'empathy'}.{param.name}" if path else f"param.empathy.{param.name}"
        if _has(specific):
            param.help = h(specific)
        elif _has(f"param.{param.name}"):
            param.help = h(f"param.{param.name}")
        if getattr(param, "is_flag", False) or getattr(param, "count", False):
            continue
        if param.param_type_name == "argument":
            english = param.metavar or (param.name or "").upper()
        else:
            english = param.make_metavar(ctx)
        if english.startswith("<"):
            param.metavar = _metavar(english)
        elif english.isupper() or param.metavar:  # FILE, ID, [ID|PATH]...: each word translated
            param.metavar = re.sub(r"[A-Z][A-Z_]*", lambda m: _metavar(m.group()), english)
    for name, sub in (getattr(command, "commands", None) or {}).items() if not _is_lazy(command) else ():
        localize(sub, f"{path}.{name}" if path else name)


def _is_lazy(command: Any) -> bool:
    from .lazy import _Commands

    return isinstance(getattr(command, "commands", None), _Commands)


def summary(path: str, limit: int) -> str:
    """A command's summary for the list of commands, from the catalogue without building it."""
    text = h(f"cmd.{path}") if _has(f"cmd.{path}") else ""
    return _click.utils.make_default_short_help(text, limit)


# -- usage errors ----------------------------------------------------------------------------
@functools.cache
def _patterns() -> tuple[list, list, Any]:
    """Click's English messages worth translating, compiled on the first usage error only."""
    values = [
        (re.compile(r"^(?P<value>.*) is not a valid int(?:eger)?\.$"), "click.not_int"),
        (re.compile(r"^(?P<value>.*) is not a valid float\.$"), "click.not_float"),
        (re.compile(r"^(?P<value>.*) is not one of (?P<choices>.*)\.$"), "click.not_choice"),
        (re.compile(r"^(?P<value>.*) is not in the range (?P<range>.*)\.$"), "click.not_in_range"),
    ]
    usage = [
        (re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)$"), "click.extra_args"),
        (re.compile(r"^Option (?P<name>.*) requires an argument\.$"), "click.needs_value"),
        (re.compile(r"^Option (?P<name>.*) requires \d+ arguments\.$"), "click.needs_value"),
        (re.compile(r"^Option (?P<name>.*) does not take a value\.$"), "click.no_value"),
    ]
    return values, usage, re.compile(r"\.? Did you mean (?P<names>.*)\?$")


def _translate(message: str, table: list) -> str:
    for pattern, key in table:
        match = pattern.match(message)
        if match:
            return h(key, **match.groupdict())
    return message


def _hint(error: Any) -> Optional[str]:
    hint = error.param_hint if error.param_hint is not None else (error.param.get_error_hint(error.ctx) if error.param is not None else None)
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(x) for x in hint)
    return hint


def message_of(error: Any) -> str:
    """A Click exception's message in the interface language (as far as it is known)."""
    exceptions = _click.exceptions
    if isinstance(error, exceptions.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        return h("click.missing_option" if kind == "option" else "click.missing_argument", name=_hint(error) or "")
    if isinstance(error, exceptions.BadParameter):
        hint = _hint(error)
        message = _translate(error.message, _patterns()[0])
        return h("click.invalid_value", name=hint, message=message) if hint else h("click.invalid", message=message)
    if isinstance(error, exceptions.NoSuchOption):
        text = h("click.no_such_option", name=error.option_name)
        if error.possibilities:
            text += " " + h("click.possible", names=", ".join(sorted(error.possibilities)))
        return text
    message = error.format_message()
    suggestion = _patterns()[2].search(message)
    if suggestion:
        base = message[: suggestion.start()]
        message = base + ("" if base.endswith(".") else ".") + " " + h("click.did_you_mean", names=suggestion.group("names"))
    return _translate(message, _patterns()[1])


def show_error(error: Any) -> None:
    """Write a Click exception as Click would, in the interface language."""
    out = sys.stderr
    ctx = getattr(error, "ctx", None)
    root: Any = ctx.find_root().command if ctx is not None else None
    if root is not None and hasattr(root, "localize"):
        root.localize()  # the root's usage words, when its own usage line is shown
    if isinstance(error, _click.exceptions.NoArgsIsHelpError):
        out.write(error.format_message() + "\n")
        return
    if isinstance(error, _click.exceptions.UsageError) and ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = h("click.try", command=ctx.command_path, option=ctx.help_option_names[0]) + "\n"
        out.write(f"{ctx.get_usage()}\n{hint}\n")
    out.write(h("click.error", message=message_of(error)) + "\n")

"""What every command shares: the guarded Typer app, global options, the library.

`App.command()` wraps each command so an `EmpathyError` becomes a one-line message on
stderr and its exit code, and Ctrl-C becomes exit 130 — never a traceback. Global options
(`--lang`, `--playbooks`, `--color`) live in the `Runtime` the root callback installs; commands that show
content also accept `--lang` themselves, and theirs wins.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from ..errors import EmpathyError, ExitCode
from ..runtime import current


def fail(message: str, code: int = ExitCode.PROBLEMS) -> None:
    """Print an error line on stderr (literally) and exit."""
    from .. import i18n
    from ..text import clean

    sys.stderr.write(f"empathy: {i18n.t('common.error')}: {clean(message)}\n")
    raise typer.Exit(code)


def warn(message: str) -> None:
    """One warning line on stderr (the same mechanism the core uses: `text.warn`)."""
    from ..text import warn as _warn

    _warn(message)


def _crash_report(exc: BaseException) -> str:
    """Write the traceback of an unexpected error to the cache folder; return a message
    that says where the details are, or that none were written. A cache folder refused as
    unsafe (others can write to it, or it is someone else's) is never written to."""
    import traceback

    from .. import __version__, cache, i18n

    error = f"{type(exc).__name__}: {exc}"
    base = cache.folder()  # None when refused (after its one warning) or not creatable
    if base is None:
        where = cache.location()  # there but refused, or missing and not creatable
        return i18n.t("safety.crash_refused" if os.path.lexists(where) else "safety.crash_unwritable", error=error, path=where)
    path = base / "crash.log"
    try:
        from ..atomic import write_atomic

        write_atomic(path, f"empathy-cli {__version__}\n" + "".join(traceback.format_exception(exc)))
    except OSError:
        return i18n.t("safety.crash_unwritable", error=error, path=path)
    return i18n.t("safety.crash_written", error=error, path=path)


def guard(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
            sys.stdout.flush()  # a reader that left (`| head`) is noticed here, not later
            return result
        except EmpathyError as exc:
            fail(exc.message, exc.code)
        except KeyboardInterrupt:
            from .. import i18n

            sys.stderr.write(f"\n{i18n.t('common.interrupted')}\n")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # `empathy report | head`: the reader left, which is no error. Point stdout at
            # the null device so nothing tries to write to the closed pipe on the way out.
            try:
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, sys.stdout.fileno())
            except (OSError, ValueError):
                pass
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, typer.BadParameter, SystemExit):
            raise
        except OSError as exc:  # the machine said no (disk full, permissions…): not a bug
            where = f": {exc.filename}" if exc.filename else ""
            fail(f"{exc.strerror or exc}{where}", ExitCode.PROBLEMS)
        except Exception as exc:  # a bug: say so in one line, keep the details in a file
            if current().debug():
                raise
            fail(_crash_report(exc), ExitCode.PROBLEMS)

    return wrapper


class App(typer.Typer):
    """A Typer app whose commands turn expected failures into clean messages."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable:
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable) -> Callable:
            register(guard(fn))
            return fn

        return decorator


LangOption = Annotated[
    Optional[str],
    typer.Option("--lang", "-l", help="Content language (en, pl…). Default: EMPATHY_LANG, then the locale."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for programs.")]


def use_lang(option: Optional[str] = None) -> str:
    """Resolve the language (command option > global option > environment) and switch the
    interface strings to it."""
    from .. import i18n

    lang = i18n.choose(option or current().lang)
    i18n.set_lang(lang)
    return lang


def library():
    """The content library for this run (loaded once, from the cache when it can)."""
    runtime = current()
    if runtime.library is None:
        from ..content.library import load_library

        for folder in runtime.playbook_dirs:
            if not folder.exists():
                from .. import i18n

                raise EmpathyError(i18n.t("common.folder_missing", path=folder), ExitCode.USAGE)
        lib = load_library(runtime.playbook_dirs)
        for path, problems in lib.broken:
            from .. import i18n

            warn(i18n.t("common.skipped_broken", path=path, count=len(problems)))
        runtime.library = lib
    return runtime.library


def require_tty(command: str) -> None:
    """Interactive commands refuse to run (rather than hang or crash) without a terminal."""
    if not sys.stdin.isatty():
        from .. import i18n

        raise EmpathyError(i18n.t("common.no_terminal", command=command), ExitCode.USAGE)


def record_store(out: Optional[Path] = None, *, writable: bool = False):
    """The record store (`--out DIR`, else EMPATHY_RECORDS, else $EMPATHY_HOME/records).

    With `writable`, the folder (or the nearest existing folder above it, where it will be
    created) must be a writable folder, so a place that cannot hold records is reported
    before the user answers a single question, not after. A folder others can write to,
    or that belongs to another user, is refused for writing (exit 1) and warned about for
    reading; one others can read is warned about. Leftovers of killed runs and journals
    older than `JOURNAL_DAYS` are removed, with a notice for the journals.
    """
    from .. import i18n
    from ..paths import records_dir
    from ..records.store import JOURNAL_DAYS, RecordStore

    store = RecordStore(out.expanduser() if out else records_dir())
    privacy = store.privacy()
    if privacy is not None:
        kind, mode, owner = privacy
        message = i18n.t(f"safety.records_{kind}", path=store.folder, mode=mode, owner=owner)
        if writable and kind != "readable":
            raise EmpathyError(message, ExitCode.PROBLEMS)
        warn(message)
    if writable:
        reason = _unwritable(store.folder)
        if reason:
            raise EmpathyError(i18n.t("common.records_unusable", path=store.folder, reason=reason))
    if privacy is None or privacy[0] == "readable":  # never tidy a folder someone else controls
        expired = store.tidy()
        if expired:
            warn(i18n.t("safety.journals_expired", count=len(expired), days=JOURNAL_DAYS, folder=store.journal_dir))
    return store


def _unwritable(folder: Path) -> Optional[str]:
    """Why records cannot be written in `folder`, or None if they can."""
    import errno

    existing = folder.absolute()
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        return os.strerror(errno.ENOTDIR)
    if not os.access(existing, os.W_OK | os.X_OK):
        return os.strerror(errno.EACCES)
    return None


def check_answers_file(path: Path) -> None:
    """An answers file must exist (or be '-', standard input, or a pipe such as <(…))."""
    if str(path) != "-" and (not path.exists() or path.is_dir()):
        from .. import i18n

        raise EmpathyError(i18n.t("common.answers_missing", path=path), ExitCode.USAGE)


def dump_json(data: Any) -> None:
    """Print JSON for programs: control and bidi characters escaped (`text.dumps_json`)."""
    from ..text import dumps_json

    sys.stdout.write(dumps_json(data) + "\n")

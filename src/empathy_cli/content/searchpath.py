"""The content search path and the files on it: where content comes from.

Kept apart from `library` (which loads the typed models) because the fast commands need
only this part: `empathy phrases` stamps the files to decide whether its index is fresh
without importing the content models. Order matters everywhere: a later folder
overrides an earlier one, and files are listed in a stable order.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Optional

from .. import paths
from ..runtime import current

SUFFIXES = (".yaml", ".yml")


class Folder(NamedTuple):
    """One folder of the search path and where it came from."""

    path: Path
    origin: str  # "built-in", "user", "env", "option"


def search_path(extra: Iterable[Path] = ()) -> list[Folder]:
    """The folders searched for content, in override order (later wins): the built-in
    playbooks, ``$EMPATHY_HOME/playbooks``, each folder of ``$EMPATHY_PLAYBOOKS``, then
    the folders given with ``--playbooks``."""
    folders = [Folder(paths.builtin_playbooks(), "built-in"), Folder(paths.home() / "playbooks", "user")]
    folders.extend(Folder(folder, "env") for folder in current().env_playbook_dirs())
    folders.extend(Folder(Path(p).expanduser(), "option") for p in extra)
    return folders


def discover(folder: Path) -> Iterator[Path]:
    """YAML files below `folder`, in a stable order, skipping hidden files and folders.

    Only regular files (or links to them) are returned: a FIFO, device or socket named
    ``*.yaml`` would hang or flood a reader, so it is skipped with one warning line naming
    it; so is a subfolder that cannot be read."""
    if folder.is_file():
        yield folder
        return
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            _skip(folder)
        return
    yield from _walk(folder)


def _walk(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        from .. import i18n
        from ..text import warn_once

        warn_once(f"dir:{folder}", i18n.t("safety.folder_unreadable", path=folder, reason=exc.strerror or exc))
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
                continue
            if not name.endswith(SUFFIXES):
                continue
            if entry.is_file():  # follows a symlink: a link to a regular file is fine
                yield Path(entry.path)
                continue
        except OSError:
            pass
        _skip(Path(entry.path))
    for sub in subfolders:
        yield from _walk(Path(sub))


def _skip(path: Path) -> None:
    """Warn (once per run) about a content path that is not a regular file."""
    from .. import i18n
    from ..i18n.safety import file_kind
    from ..safeio import file_type
    from ..text import warn_once

    try:
        kind = file_type(path.stat().st_mode)
    except OSError as exc:
        warn_once(f"file:{path}", i18n.t("safety.skipped_unreadable", path=path, reason=exc.strerror or exc))
        return
    warn_once(f"file:{path}", i18n.t("safety.skipped_special", path=path, type=file_kind(kind)))


def stamp(path: Path) -> Optional[tuple[int, int]]:
    """(size, mtime in ns) of a file: what the caches key on. None if it vanished."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def stamps(folders: Iterable[Path | str]) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every content file in `folders`, in search order: what
    the derived caches (phrase index, check digest) compare to know they are fresh."""
    out = []
    for folder in folders:
        for path in discover(Path(folder)):
            size, mtime = stamp(path) or (-1, -1)
            out.append((str(path), size, mtime))
    return out

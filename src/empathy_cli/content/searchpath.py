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
    for part in os.environ.get("EMPATHY_PLAYBOOKS", "").split(os.pathsep):
        if part.strip():
            folders.append(Folder(Path(part).expanduser(), "env"))
    folders.extend(Folder(Path(p).expanduser(), "option") for p in extra)
    return folders


def discover(folder: Path) -> Iterator[Path]:
    """YAML files below `folder`, in a stable order, skipping hidden files and folders."""
    if folder.is_file():
        yield folder
        return
    if not folder.is_dir():
        return
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


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

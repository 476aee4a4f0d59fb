"""The content library: every playbook and scenario on the search path.

Search path, in order (a later file with the same ``(kind, id, lang)`` overrides an
earlier one): the built-in playbooks, ``$EMPATHY_HOME/playbooks``, each folder in
``$EMPATHY_PLAYBOOKS`` (os.pathsep-separated), then the folders given with ``--playbooks``.

Parsing YAML is the slow part of a run, so parsed files are kept in a cache keyed on each
file's path, size and modification time. A normal run only stats the files and unpickles
the cache; a changed file is re-parsed alone; a corrupt or foreign cache is ignored and
rebuilt. Cross-file checks (a scenario naming a missing playbook) live in `validate`.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .. import __version__, paths
from .models import Playbook, Scenario
from .problems import Problem
from .searchpath import Folder, discover, search_path, stamp

CACHE_FORMAT = 2  # 2: scenarios carry `tests`
__all__ = ["Entry", "Folder", "Library", "discover", "load_library", "search_path"]


@dataclass
class Entry:
    """A loaded content file."""

    content: Playbook | Scenario
    path: Path
    origin: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.content.kind, self.content.id, self.content.lang)


@dataclass
class Library:
    """Everything on the search path, after overriding, plus the files that failed."""

    entries: list[Entry] = field(default_factory=list)
    overridden: list[Entry] = field(default_factory=list)
    broken: list[tuple[Path, list[Problem]]] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)

    def _of(self, kind: str, lang: Optional[str]) -> list[Entry]:
        return [e for e in self.entries if e.content.kind == kind and (lang is None or e.content.lang == lang)]

    def playbooks(self, lang: Optional[str] = None) -> list[Entry]:
        return self._of("playbook", lang)

    def scenarios(self, lang: Optional[str] = None) -> list[Entry]:
        return self._of("scenario", lang)

    def get(self, kind: str, content_id: str, lang: Optional[str] = None) -> Optional[Entry]:
        """The entry with this id; in `lang` when given, else the first of any language."""
        for e in self.entries:
            if e.content.kind == kind and e.content.id == content_id and (lang is None or e.content.lang == lang):
                return e
        return None

    def require(self, kind: str, content_id: str, lang: str) -> Entry:
        """The entry with this id in `lang`, or an error naming what is available."""
        entry = self.get(kind, content_id, lang)
        if entry is None:
            from .. import i18n
            from ..errors import EmpathyError

            available = sorted({f"{e.content.id} ({e.content.lang})" for e in self._of(kind, None)})
            raise EmpathyError(
                i18n.t(f"common.not_found_{kind}", id=content_id, lang=lang, available=", ".join(available) or "-")
            )
        return entry

    def langs(self) -> list[str]:
        return sorted({e.content.lang for e in self.entries})


def _cache_file(folders: list[Folder]) -> Path:
    digest = hashlib.sha1("\0".join(str(f.path.resolve()) for f in folders).encode()).hexdigest()[:16]
    return paths.cache_dir() / f"content-{digest}.pickle"


def _read_cache(file: Path) -> dict:
    """Previously parsed files: {path: (stamp, content, problems)}. Never trusted blindly:
    a cache that cannot be read, or was written by another version, counts as empty."""
    try:
        with open(file, "rb") as fh:
            data = pickle.load(fh)
    except Exception:  # corrupt, truncated, from an incompatible version: rebuild
        return {}
    if not isinstance(data, dict) or data.get("format") != (CACHE_FORMAT, __version__):
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_cache(file: Path, files: dict) -> None:
    from ..atomic import write_atomic

    try:
        payload = pickle.dumps({"format": (CACHE_FORMAT, __version__), "files": files}, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(file, payload, dir_mode=0o700)
    except OSError:
        pass  # a read-only cache folder only costs speed


def load_library(extra: Iterable[Path] = (), use_cache: bool = True) -> Library:
    """Load every content file on the search path, overriding by (kind, id, lang)."""
    folders = search_path(extra)
    cache_file = _cache_file(folders)
    cached = _read_cache(cache_file) if use_cache else {}
    fresh: dict[str, tuple] = {}
    dirty = False
    lib = Library(folders=folders)
    by_key: dict[tuple[str, str, str], Entry] = {}
    for folder in folders:
        for path in discover(folder.path):
            stamped = stamp(path)
            key = str(path)
            hit = cached.get(key)
            if hit is not None and hit[0] == stamped:
                _, content, problems = hit
            else:
                from .loader import load_file

                loaded = load_file(path)
                content, problems = loaded.content, loaded.problems
                dirty = True
            fresh[key] = (stamped, content, problems)
            if content is None:
                lib.broken.append((path, problems))
                continue
            entry = Entry(content, path, folder.origin)
            if entry.key in by_key:
                lib.overridden.append(by_key[entry.key])
            by_key[entry.key] = entry
    if use_cache and (dirty or fresh.keys() != cached.keys()):
        _write_cache(cache_file, fresh)
    lib.entries = list(by_key.values())
    return lib

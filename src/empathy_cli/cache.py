"""The one cache of derived data: stamped, data-only, schema-keyed, private, pruned.

Parsed content, the check digest and the prefilter literals are all derived from files
the user can change, and all are kept here between runs. Every one of them goes through
this module, so every one of them gets the same guarantees:

- **Data only.** Entries are JSON, or SQLite databases (`readable_database`/`save_database`,
  the phrase index) that their reader checks page by page before trusting them. Nothing
  read from the cache can run code (no pickle, no marshal): a planted file is at worst
  wrong data, and wrong data is thrown away.
- **Keyed on the schema.** The file name holds a hash of the program version, the
  Python version, the cache kind, the caller's identity (a search path…) and the caller's
  *schema* (`schema_of` hashes the fields of the dataclasses it stores), so adding a field
  to a model writes a new file instead of misreading an old one.
- **Stamped.** An entry carries the caller's stamp (file sizes and times); a stale or
  foreign one is a miss.
- **Rebuilt, never fatal.** A damaged, truncated, wrongly typed or oversized file is a
  miss. The caller's `decode` may raise TypeError/ValueError/KeyError/AttributeError on
  wrongly typed data: that is a miss too, never an internal error.
- **Pruned.** Writing an entry removes files of the same kind unused for `MAX_AGE_DAYS`
  and keeps at most `KEEP_PER_KIND` of each kind, plus any legacy ``*.pickle`` file and
  the ``phrases-*.idx`` indexes of the first version.
- **Private, ssh-style.** The folder is created 0700. A cache folder that others can
  write to, or that belongs to another user, is refused: the run goes on without a cache
  and says so in one warning line.

`EMPATHY_CACHE` names the folder (default: the platform's user cache folder).
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

from . import __version__

T = TypeVar("T")

FORMAT = 2
MAX_BYTES = 256 * 1024 * 1024  # far above any real entry; a bound for a planted file
MAX_AGE_DAYS = 30
KEEP_PER_KIND = 8
SUFFIX = ".json"
DATABASE = ".sqlite"

#: What `decode` may raise on well-formed JSON of the wrong shape: a miss, not a crash.
DECODE_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError)

_decided: dict[Path, Optional[Path]] = {}  # folder -> itself if usable, None if refused


def reset() -> None:
    """Forget the folder decisions (a test that changes a folder's mode)."""
    _decided.clear()


def location() -> Path:
    """Where the cache would be (whether or not it is usable)."""
    from .paths import cache_dir

    return cache_dir()


def unsafe_reason(path: Path) -> Optional[str]:
    """Why `path` may not hold a cache (ssh-style), or None when it is private enough.

    Refused: not a folder, owned by another user (root's own folders are fine, as for
    ssh), or writable by group or others."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    if not stat.S_ISDIR(st.st_mode):
        return "not a folder"
    if not hasattr(os, "geteuid"):  # Windows: folder ACLs are not modes; trust the profile
        return None
    if st.st_uid not in (os.geteuid(), 0):
        return "owner"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "writable"
    return None


def folder() -> Optional[Path]:
    """The cache folder, created private if missing; None (after one warning) when it
    is refused or cannot be created. Decided once per folder and run."""
    path = location()
    if path in _decided:
        return _decided[path]
    _decided[path] = None
    if not os.path.isdir(path):
        try:
            from .atomic import ensure_dir

            ensure_dir(path, 0o700)
        except OSError:
            return None  # a read-only home only costs speed: no warning
    reason = unsafe_reason(path)
    if reason is None:
        _decided[path] = path
    else:
        _warn_refused(path, reason)
    return _decided[path]


def _warn_refused(path: Path, reason: str) -> None:
    from . import i18n
    from .text import warn_once

    mode: str
    owner: int | str
    try:
        st = os.stat(path)
        mode, owner = f"{stat.S_IMODE(st.st_mode):04o}", st.st_uid
    except OSError:
        mode, owner = "?", "?"
    key = {"owner": "cache_refused_owner", "writable": "cache_refused_writable"}.get(reason, "cache_refused_other")
    warn_once(f"cache:{path}", i18n.t(f"safety.{key}", path=path, mode=mode, owner=owner, reason=reason))


def schema_of(*classes: type) -> str:
    """A hash of the fields (names and declared types) of `classes`: pass every dataclass
    a cache stores, and the key changes whenever one of them changes shape."""
    import dataclasses

    parts = []
    for cls in classes:
        fields = ",".join(f"{f.name}:{f.type if isinstance(f.type, str) else repr(f.type)}" for f in dataclasses.fields(cls))
        parts.append(f"{cls.__module__}.{cls.__qualname__}({fields})")
    return _hash("|".join(sorted(parts)))


def _hash(text: str) -> str:
    """64 bits of checksum: names files in a private folder, so accidental collisions are
    all it must avoid (zlib is already loaded; hashlib would cost start-up time)."""
    import zlib

    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data[::-1]):08x}"


def file_for(kind: str, ident: str, schema: str) -> Optional[Path]:
    """The cache file of (`kind`, `ident`) under `schema`; None without a usable folder."""
    base = folder()
    if base is None:
        return None
    key = "\0".join((str(FORMAT), __version__, f"{sys.version_info[0]}.{sys.version_info[1]}", kind, ident, schema))
    return base / f"{kind}-{_hash(key)}{SUFFIX}"


def _normal(value: Any) -> Any:
    """`value` as it comes back from JSON (tuples become lists), for stamp comparison."""
    if isinstance(value, (list, tuple)):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    return value


def load(kind: str, ident: str, schema: str, stamp: Any = None, decode: Optional[Callable[[Any], T]] = None) -> Optional[T]:
    """The data saved under (`kind`, `ident`, `schema`) with this `stamp`, passed through
    `decode`; None on any miss (missing, stale, damaged, wrongly typed, no folder)."""
    doc = load_raw(kind, ident, schema)
    if doc is None or "data" not in doc:
        return None
    if stamp is not None and doc.get("stamp") != _normal(stamp):
        return None
    try:
        return doc["data"] if decode is None else decode(doc["data"])
    except DECODE_ERRORS:
        return None


def load_raw(kind: str, ident: str, schema: str) -> Optional[dict[str, Any]]:
    """The whole saved document (``stamp`` and ``data``) without checking the stamp: for
    caches kept per file, where each part carries its own stamp."""
    file = file_for(kind, ident, schema)
    if file is None:
        return None
    from .safeio import ReadError, read_json

    try:
        doc = read_json(file, MAX_BYTES, max_depth=None)
    except (OSError, ReadError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("cache") != kind or doc.get("schema") != schema:
        return None
    _touch(file)  # used: pruning spares it
    return doc


def save(kind: str, ident: str, schema: str, data: Any, stamp: Any = None) -> Optional[Path]:
    """Keep `data` (plain JSON data) under (`kind`, `ident`, `schema`); prune old files of
    this kind. Best effort: a cache that cannot be written only costs speed."""
    file = file_for(kind, ident, schema)
    if file is None:
        return None
    import json

    from .atomic import write_atomic

    try:
        payload = json.dumps({"cache": kind, "schema": schema, "stamp": stamp, "data": data}, ensure_ascii=False, separators=(",", ":"))
        write_atomic(file, payload.encode("utf-8"), dir_mode=0o700)
    except (OSError, TypeError, ValueError):
        return None
    prune(kind, keep=file)
    return file


def database_file(kind: str, ident: str) -> Path:
    """Where the SQLite cache of (`kind`, `ident`) is, whether or not the folder is usable
    (for tests and messages; reading and writing go through the functions below)."""
    return location() / f"{kind}-{ident}{DATABASE}"


def readable_database(kind: str, ident: str) -> Optional[Path]:
    """The SQLite cache file of (`kind`, `ident`) to open read-only in place, or None without
    a usable folder or a regular file of a sane size. Opening in place spares reading a large
    index whole (200 playbooks × 200 phrases: tens of MB) on every run; the caller checks
    the database (application id, version, size, stamps) before using it."""
    import stat

    base = folder()
    if base is None:
        return None
    file = base / f"{kind}-{ident}{DATABASE}"
    try:
        info = os.lstat(file)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        return None
    _touch(file)
    return file


def save_database(kind: str, ident: str, data: bytes) -> Optional[Path]:
    """Keep an SQLite database (serialised) as the cache of (`kind`, `ident`); prune old
    ones of this kind. Best effort, never into a refused folder."""
    base = folder()
    if base is None:
        return None
    from .atomic import write_atomic

    file = base / f"{kind}-{ident}{DATABASE}"
    try:
        write_atomic(file, data, dir_mode=0o700)
    except OSError:
        return None
    prune(kind, keep=file, suffix=DATABASE)
    return file


def _touch(file: Path) -> None:
    """Mark a file as used (its mtime), at most once a day, so pruning spares it."""
    try:
        if time.time() - file.stat().st_mtime > 86400:
            os.utime(file)
    except OSError:
        pass


def _legacy(name: str) -> bool:
    """A file older versions left in the cache folder: pickles (of any kind) and the first
    phrase index format (``phrases-<crc>.idx``, now an SQLite file)."""
    return name.endswith(".pickle") or (name.startswith("phrases-") and name.endswith(".idx"))


def prune(kind: str, keep: Optional[Path] = None, now: Optional[float] = None, suffix: str = SUFFIX) -> list[Path]:
    """Remove files of `kind` (named ``kind-*`` + `suffix`) unused for MAX_AGE_DAYS, all but the KEEP_PER_KIND newest,
    legacy files (pickles, old phrase indexes), and temporary files left by a killed run.
    Returns what was removed."""
    base = folder()
    if base is None:
        return []
    from .atomic import clean_stale_tmp

    now = time.time() if now is None else now
    removed = clean_stale_tmp(base)
    mine: list[tuple[float, Path]] = []
    try:
        with os.scandir(base) as it:
            entries = list(it)
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        path = Path(entry.path)
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if _legacy(name):  # written by older versions; never read again
                os.unlink(path)
                removed.append(path)
            elif name.startswith(f"{kind}-") and name.endswith(suffix) and path != keep:
                mine.append((entry.stat(follow_symlinks=False).st_mtime, path))
        except OSError:
            continue
    mine.sort(reverse=True)
    for index, (mtime, path) in enumerate(mine):
        if index >= KEEP_PER_KIND - 1 or now - mtime > MAX_AGE_DAYS * 86400:
            try:
                os.unlink(path)
                removed.append(path)
            except OSError:
                pass
    return removed

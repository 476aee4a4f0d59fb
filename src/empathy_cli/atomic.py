"""Atomic, private file writes: shared by the record store and the content cache.

A file is written to a temporary name in the same folder, flushed to disk and renamed
over its final name, so a reader (or a crash) never sees half a file. Files are created
readable by the user alone; `exclusive=True` refuses to replace an existing file, which
is how records never overwrite each other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def ensure_dir(folder: Path, mode: int = 0o700) -> None:
    folder.mkdir(mode=mode, parents=True, exist_ok=True)


def write_atomic(path: Path, data: bytes | str, *, mode: int = 0o600, dir_mode: int = 0o700, exclusive: bool = False) -> None:
    """Write `data` to `path` atomically with permissions `mode`.

    With `exclusive`, raise FileExistsError instead of replacing an existing file (the
    final step is a hard link, which fails atomically when the name is taken).
    """
    ensure_dir(path.parent, dir_mode)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # POSIX; mkstemp already creates 0600 files everywhere
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if exclusive:
            _claim(tmp, path)
        else:
            os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _claim(tmp: str, path: Path) -> None:
    """Give `tmp` the name `path` only if nobody has it (FileExistsError otherwise)."""
    try:
        os.link(tmp, path)  # atomic, and fails if the name is taken
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: reserve the name exclusively, then replace
        # the (empty) reservation with the finished file.
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, path)
        return
    os.unlink(tmp)

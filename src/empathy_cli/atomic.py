"""Atomic, private file writes: shared by the record store and the content cache.

A file is written to a temporary name in the same folder, flushed to disk and renamed
over its final name, so a reader (or a crash) never sees half a file. Files are created
readable by the user alone; `exclusive=True` refuses to replace an existing file, which
is how records never overwrite each other.
"""

from __future__ import annotations

import os
from pathlib import Path


def ensure_dir(folder: Path, mode: int = 0o700) -> None:
    """Create `folder` and any missing parents with `mode` (private by default).

    `Path.mkdir(parents=True)` would create the parents with the default mode (0755 under
    the usual umask); every folder this program creates is created private. Existing
    folders are left as they are."""
    missing: list[Path] = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=mode)
        except FileExistsError:
            if not path.is_dir():
                raise
            continue
        try:
            os.chmod(path, mode)  # mkdir's mode is filtered by the umask
        except OSError:
            pass


def clean_stale_tmp(folder: Path, older_than: float = 60.0) -> list[Path]:
    """Remove our temporary files (``.NAME.XXXX.tmp``) that a killed run left in `folder`.

    A file is removed only when it is older than `older_than` seconds and no process holds
    its lock (a live `write_atomic` keeps it locked until the file has its final name), so
    a concurrent writer never loses its file. Returns what was removed."""
    import stat
    import time

    removed: list[Path] = []
    try:
        with os.scandir(folder) as it:
            entries = [e for e in it if e.name.startswith(".") and e.name.endswith(".tmp")]
    except OSError:
        return removed
    limit = time.time() - older_than
    for entry in entries:
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_mtime > limit:
                continue
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            if _lock(fd, blocking=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def write_atomic(path: Path, data: bytes | str, *, mode: int = 0o600, dir_mode: int = 0o700, exclusive: bool = False) -> None:
    """Write `data` to `path` atomically with permissions `mode`.

    With `exclusive`, raise FileExistsError instead of replacing an existing file (the
    final step is a hard link, which fails atomically when the name is taken).

    The temporary file is locked (flock) until it has its final name, so `clean_stale_tmp`
    can tell the leftover of a killed run from a file another process is writing.
    """
    ensure_dir(path.parent, dir_mode)
    if isinstance(data, str):
        data = data.encode("utf-8")
    import tempfile  # only when writing: not on the start-up path of reading commands

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _lock(fd, blocking=True)
        if hasattr(os, "fchmod"):  # POSIX; mkstemp already creates 0600 files everywhere
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
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
    finally:
        os.close(fd)


def _lock(fd: int, blocking: bool) -> bool:
    """An exclusive advisory lock on `fd`; False if another process holds one."""
    try:
        import fcntl
    except ImportError:  # Windows: the age of a leftover is all we go by
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without locks: fall back on age alone
    return True


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

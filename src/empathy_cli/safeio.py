"""Bounded reading: the one way the program reads a file it did not write itself.

Content YAML, answers files, records, journals and cache files can all be something
other than what their name says: a FIFO that blocks forever, a symlink to ``/dev/zero``
that never ends (and reports a size of 0, so a size check alone does not help), a socket,
a 100,000-deep JSON array. Every such read goes through here:

- only **regular files** are read; anything else raises `NotRegular` (callers skip it with
  one warning line naming the path). The file is opened non-blocking, so even a FIFO
  created between the check and the open cannot hang the run;
- the size is checked **before** reading, and the read itself stops at the cap, so a file
  that grows (or lies about its size) is still bounded;
- standard input is read **with a cap**, never whole;
- JSON is refused when it nests deeper than a record ever does (`MAX_JSON_DEPTH`), before
  any recursive code (export, masking, reports) can walk it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO, Optional

MAX_JSON_DEPTH = 64


class ReadError(OSError):
    """A file that was not read, with the reason in `kind` (for the interface to phrase)."""

    kind = "unreadable"

    def __init__(self, path: Path | str, detail: str = ""):
        super().__init__(detail or self.kind)
        self.path = str(path)
        self.filename = str(path)
        self.detail = detail


class NotRegular(ReadError):
    """A FIFO, device, socket or folder where a file was expected."""

    kind = "not_regular"


class TooLarge(ReadError):
    """A file (or input) over the size cap."""

    kind = "too_large"


class TooDeep(ReadError):
    """JSON nested deeper than `MAX_JSON_DEPTH`."""

    kind = "too_deep"


def file_type(mode: int) -> str:
    """A short English name for a non-regular file type (for messages and tests)."""
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"


def is_regular(path: Path | str) -> bool:
    """True for a regular file (following symlinks); False for anything else or nothing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_bytes(path: Path | str, limit: int, *, allow_pipe: bool = False) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them.

    With `allow_pipe`, a FIFO the user named on purpose (``--answers <(…)``) is read too,
    with the same cap. Raises `NotRegular`, `TooLarge`, or OSError (missing, permission
    denied…)."""
    st = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    pipe = allow_pipe and stat.S_ISFIFO(st.st_mode)
    if not stat.S_ISREG(st.st_mode) and not pipe:
        raise NotRegular(path, file_type(st.st_mode))
    if st.st_size > limit:
        raise TooLarge(path, f"{st.st_size} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    if not pipe:
        flags |= getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)  # what was opened, not what was stat-ed a moment ago
        if not stat.S_ISREG(st.st_mode) and not (pipe and stat.S_ISFIFO(st.st_mode)):
            raise NotRegular(path, file_type(st.st_mode))
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(path, f"more than {limit} bytes")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path | str, limit: int, errors: str = "strict") -> str:
    """`read_bytes` decoded as UTF-8 (a leading BOM is dropped)."""
    return read_bytes(path, limit).decode("utf-8-sig", errors)


def read_stream(stream: BinaryIO, limit: int, name: str = "-") -> bytes:
    """At most `limit` bytes of a stream (standard input); `TooLarge` if there is more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(name, f"more than {limit} bytes")
    return data


def read_stdin(limit: int) -> bytes:
    """Standard input, capped: `/dev/zero` piped in stops at the cap."""
    import sys

    return read_stream(sys.stdin.buffer, limit)


def depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `value` (plain JSON data) nests no deeper than `limit` (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if depth >= limit:
                return False
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            if depth >= limit:
                return False
            stack.extend((v, depth + 1) for v in item if isinstance(v, (dict, list)))
    return True


def loads_json(text: str | bytes, name: str = "", max_depth: Optional[int] = MAX_JSON_DEPTH) -> Any:
    """Parse JSON, refusing absurd nesting with `TooDeep` (ValueError for bad JSON).
    `max_depth=None` skips the depth walk (for readers that check every value's type)."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise TooDeep(name, "nested too deeply") from None
    if max_depth is not None and not depth_ok(data, max_depth):
        raise TooDeep(name, f"nested deeper than {max_depth} levels")
    return data


def read_json(path: Path | str, limit: int, max_depth: Optional[int] = MAX_JSON_DEPTH) -> Any:
    """A bounded JSON file. Raises ReadError kinds, OSError, or ValueError (bad JSON/UTF-8)."""
    return loads_json(read_bytes(path, limit), str(path), max_depth)


def describe(exc: BaseException) -> str:
    """A short reason for a failed read, in English (the technical detail of a message)."""
    if isinstance(exc, NotRegular):
        return f"not a regular file ({exc.detail})"
    if isinstance(exc, TooLarge):
        return f"too large ({exc.detail})"
    if isinstance(exc, TooDeep):
        return exc.detail
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def scandir_files(folder: Path | str) -> Optional[list[os.DirEntry[str]]]:
    """The entries of `folder` (not below it), sorted by name; None if it can't be read."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return None

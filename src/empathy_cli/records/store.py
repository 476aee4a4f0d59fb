"""The record store: a folder of Markdown + JSON pairs, and journals of unfinished sessions.

Layout of the folder (``$EMPATHY_HOME/records`` by default, ``--out DIR`` to change)::

    20261123-141502-encounter-aesthetic-clinic.json   the record, for programs
    20261123-141502-encounter-aesthetic-clinic.md     the same, for people
    .journal/<session>.json                            an unfinished session

Every file is written atomically and privately (0600, folders 0700). A record's name is
claimed with an exclusive link, so two sessions finishing in the same second get ``-2``,
``-3``… and never overwrite each other. The JSON is written last: its presence marks a
complete pair. Journals are rewritten after every answer, so an interrupted session
loses nothing and can be resumed or saved as an incomplete record.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator, Optional

from ..atomic import ensure_dir, write_atomic
from ..text import clean

FORMAT_VERSION = 1
_SLUG = re.compile(r"[^a-z0-9]+")


def now() -> datetime:
    """The local time with its UTC offset, to the second (records are read by people)."""
    return datetime.now().astimezone().replace(microsecond=0)


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:40] or "record"


@dataclass
class RecordInfo:
    """A saved record, as listed by `empathy log list`."""

    id: str
    path: Path  # the JSON file
    data: dict[str, Any]

    @property
    def markdown_path(self) -> Path:
        return self.path.with_suffix(".md")


class RecordStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self.journal_dir = folder / ".journal"
        #: JSON files that `list()` could not read (damaged records): shown, never hidden.
        self.unreadable: list[Path] = []

    # ------------------------------------------------------------------ records

    def save(self, record: dict[str, Any], markdown: str) -> RecordInfo:
        """Save a finished (or explicitly incomplete) record; return where it went.

        The Markdown is for people and gets `cat`-ed: control characters typed into answers
        are made visible there (the JSON keeps them, escaped, as typed)."""
        record = {"version": FORMAT_VERSION, **record}
        started = str(record.get("started_at") or now().isoformat())
        stamp = re.sub(r"[^0-9]", "", started[:19])
        base = f"{stamp[:8]}-{stamp[8:14]}-{slug(str(record.get('kind', 'record')))}-{slug(str(record.get('scenario') or record.get('playbook') or ''))}"
        base = base.rstrip("-")
        ensure_dir(self.folder)
        payload = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        for n in range(1, 1000):
            stem = base if n == 1 else f"{base}-{n}"
            md, js = self.folder / f"{stem}.md", self.folder / f"{stem}.json"
            if js.exists():
                continue
            try:
                write_atomic(md, clean(markdown), exclusive=True)
            except FileExistsError:
                continue
            try:
                write_atomic(js, payload, exclusive=True)
            except FileExistsError:
                os.unlink(md)
                continue
            except BaseException:
                os.unlink(md)  # no Markdown without its JSON (a full disk, Ctrl-C…)
                raise
            return RecordInfo(stem, js, record)
        raise OSError(f"could not find a free record name in {self.folder}")

    def list(self, kind: Optional[str] = None) -> list[RecordInfo]:
        """Records in the folder, newest first. Files that are not records are skipped."""
        self.unreadable = []
        out = [
            RecordInfo(path.stem, path, data)
            for path, data in _json_files(self.folder, self.unreadable)
            if "kind" in data and (not kind or data.get("kind") == kind)
        ]
        out.sort(key=lambda r: (str(r.data.get("started_at", "")), r.id), reverse=True)
        return out

    def find(self, record_id: str) -> Optional[RecordInfo]:
        """A record by id (the file stem) or by a unique prefix of it."""
        records = self.list()
        exact = [r for r in records if r.id == record_id]
        if exact:
            return exact[0]
        matches = [r for r in records if r.id.startswith(record_id)]
        return matches[0] if len(matches) == 1 else None

    # ------------------------------------------------------------------ journals

    def new_session_id(self) -> str:
        return f"{now().strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"

    def journal(self, session_id: str, state: dict[str, Any]) -> Path:
        """Save the state of an unfinished session (called after every answer)."""
        path = self.journal_dir / f"{session_id}.json"
        ensure_dir(self.folder)  # private too when the first thing written is a journal
        state = {"version": FORMAT_VERSION, "session": session_id, "updated_at": now().isoformat(), **state}
        write_atomic(path, json.dumps(state, ensure_ascii=False, indent=2) + "\n")
        return path

    def unfinished(self, kind: Optional[str] = None) -> list[dict[str, Any]]:
        """Journals of sessions that were not finished, newest first."""
        found = [(path, data) for path, data in _json_files(self.journal_dir) if kind is None or data.get("kind") == kind]
        # `updated_at` is to the second (it is read by people); the file's own time in
        # nanoseconds orders two sessions interrupted within the same second.
        found.sort(key=lambda pd: (str(pd[1].get("updated_at", "")), _mtime_ns(pd[0])), reverse=True)
        return [data for _, data in found]

    def load_journal(self, session_id: str) -> Optional[dict[str, Any]]:
        path = self.journal_dir / f"{session_id}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def discard(self, session_id: str) -> None:
        """Forget a journal once its session is saved as a record."""
        try:
            (self.journal_dir / f"{session_id}.json").unlink()
        except FileNotFoundError:
            pass


def _json_files(folder: Path, unreadable: Optional[list[Path]] = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The JSON objects in `folder` (not below it); foreign files skipped, unreadable ones
    skipped and added to `unreadable`."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if unreadable is not None:
                unreadable.append(path)
            continue
        if isinstance(data, dict):
            yield path, data


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0

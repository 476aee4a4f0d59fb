"""The record store: a folder of Markdown + JSON pairs, and journals of unfinished sessions.

Layout of the folder (``$EMPATHY_HOME/records`` by default, ``--out DIR`` to change)::

    20261123-141502-encounter-aesthetic-clinic.json   the record, for programs
    20261123-141502-encounter-aesthetic-clinic.md     the same, for people
    .journal/<session>.json                            an unfinished session

Every file is written atomically and privately (0600, folders and their new parents
0700). A record's name is claimed with an exclusive link, so two sessions finishing in
the same second get ``-2``, ``-3``… and never overwrite each other. The JSON is written
last: its presence marks a complete pair; a Markdown file without its JSON (a run killed
while saving) is an *orphan*, listed with a warning. Journals are rewritten after every
answer, so an interrupted session loses nothing and can be resumed or saved as an
incomplete record.

Privacy and hostile files:

- what a journal holds is masked (`redact`) before it is written, unless the session
  asked for ``--no-redact``; a journal untouched for `JOURNAL_DAYS` days is removed;
- `tidy()` removes the temporary files of a killed run and expired journals;
- `privacy()` says whether others can write to the folder, own it, or read it;
- every file is read through the bounded reader (`safeio`): regular files only, size
  capped, nesting capped; anything else is skipped and named.
"""

from __future__ import annotations

import builtins
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Optional

from ..atomic import clean_stale_tmp, ensure_dir, write_atomic
from ..clock import system
from ..text import clean, dumps_json
from .migrations import VERSION, migrate

if TYPE_CHECKING:  # pragma: no cover
    from .model import AnyRecord

FORMAT_VERSION = VERSION  # of records and journals (see `migrations`)
MAX_BYTES = 10 * 1024 * 1024  # a record or a journal is a few kilobytes
JOURNAL_DAYS = 30  # an unfinished session untouched this long is removed
_SLUG = re.compile(r"[^a-z0-9]+")


#: The local time with its UTC offset, to the second (records are read by people).
now = system


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

    @property
    def record(self) -> "Optional[AnyRecord]":
        """The typed record (None for a kind this version does not know)."""
        from .model import load

        return load(self.data)


class RecordStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self.journal_dir = folder / ".journal"
        #: JSON files that `list()` could not read (damaged records): shown, never hidden.
        self.unreadable: list[Path] = []
        #: Markdown halves whose JSON was never written (a run killed while saving).
        self.orphans: list[Path] = []
        #: Files that are not regular files (FIFOs, devices…): skipped, and named.
        self.skipped: list[tuple[Path, str]] = []

    # ------------------------------------------------------------------ housekeeping

    def privacy(self) -> Optional[tuple[str, str, int]]:
        """("writable" | "owner" | "readable", mode, owner uid) when the folder is not
        private, else None. Writable by group or others, or owned by another user, is
        unsafe for records; readable by others only leaks them."""
        import stat

        try:
            st = os.stat(self.folder)
        except OSError:
            return None  # not there yet: it will be created 0700
        if not hasattr(os, "geteuid") or not stat.S_ISDIR(st.st_mode):
            return None
        mode = f"{stat.S_IMODE(st.st_mode):04o}"
        if st.st_uid != os.geteuid():
            return ("owner", mode, st.st_uid)
        if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return ("writable", mode, st.st_uid)
        if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            return ("readable", mode, st.st_uid)
        return None

    def tidy(self, now: Optional[float] = None) -> list[Path]:
        """Remove what killed runs left (temporary files) and journals untouched for
        JOURNAL_DAYS days; return the journals removed (the caller says so)."""
        import time

        clean_stale_tmp(self.folder)
        clean_stale_tmp(self.journal_dir)
        now = time.time() if now is None else now
        expired = []
        try:
            with os.scandir(self.journal_dir) as it:
                entries = [e for e in it if e.name.endswith(".json")]
        except OSError:
            return []
        for entry in entries:
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime > JOURNAL_DAYS * 86400:
                    os.unlink(entry.path)
                    expired.append(Path(entry.path))
            except OSError:
                continue
        return expired

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
        payload = dumps_json(record) + "\n"
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
        """Records in the folder, newest first. Files that are not records are skipped;
        damaged ones go to `unreadable`, Markdown files without JSON to `orphans`."""
        self.unreadable = []
        self.skipped = []
        found = list(_json_files(self.folder, self.unreadable, self.skipped))
        # Records of older versions are upgraded as they are read: readers see one format.
        out = [RecordInfo(path.stem, path, migrate(data)) for path, data in found if "kind" in data and (not kind or data.get("kind") == kind)]
        stems = {path.stem for path, _ in found} | {p.stem for p in self.unreadable}
        self.orphans = [
            Path(e.path) for e in _entries(self.folder) if e.name.endswith(".md") and not e.name.startswith(".") and e.name[:-3] not in stems and _regular(e)
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

    def journal(self, session_id: str, state: dict[str, Any], *, mask: bool = True) -> Path:
        """Save the state of an unfinished session (called after every answer).

        What the person typed is masked first (`mask_journal`) unless the session asked
        for ``--no-redact`` (`mask=False`): nothing unmasked touches the disk otherwise."""
        path = self.journal_dir / f"{session_id}.json"
        ensure_dir(self.folder)  # private too when the first thing written is a journal
        if mask:
            state = mask_journal(state)
        state = {"version": FORMAT_VERSION, "session": session_id, "updated_at": now().isoformat(), **state}
        write_atomic(path, dumps_json(state) + "\n")
        return path

    def unfinished(self, kind: Optional[str] = None) -> builtins.list[dict[str, Any]]:
        """Journals of sessions that were not finished, newest first. Damaged journals and
        special files are left out, each named in one warning line."""
        from .. import i18n
        from ..i18n.safety import file_kind
        from ..safeio import describe
        from ..text import warn_once

        unreadable: list[Path] = []
        skipped: list[tuple[Path, str]] = []
        found = []
        for path, data in _json_files(self.journal_dir, unreadable, skipped):
            if kind is not None and data.get("kind") != kind:
                continue
            problem = journal_problem(data)
            if problem:
                warn_once(f"journal:{path}", i18n.t("safety.journal_damaged", path=path, reason=problem))
                continue
            found.append((path, data))
        for path in unreadable:
            warn_once(f"journal:{path}", i18n.t("safety.journal_damaged", path=path, reason=describe(ValueError("not valid JSON"))))
        for path, what in skipped:
            warn_once(f"file:{path}", i18n.t("safety.skipped_special", path=path, type=file_kind(what)))
        # `updated_at` is to the second (it is read by people); the file's own time in
        # nanoseconds orders two sessions interrupted within the same second.
        found.sort(key=lambda pd: (str(pd[1].get("updated_at", "")), _mtime_ns(pd[0])), reverse=True)
        return [data for _, data in found]

    def load_journal(self, session_id: str) -> Optional[dict[str, Any]]:
        """The journal of `session_id`, or None when there is none or it is damaged."""
        from ..safeio import read_json

        if not session_id or "/" in session_id or "\\" in session_id or session_id.startswith("."):
            return None
        path = self.journal_dir / f"{session_id}.json"
        try:
            data = read_json(path, MAX_BYTES)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def discard(self, session_id: str) -> None:
        """Forget a journal once its session is saved as a record."""
        try:
            (self.journal_dir / f"{session_id}.json").unlink()
        except FileNotFoundError:
            pass


def journal_problem(data: Any) -> Optional[str]:
    """What makes a journal unusable (a short English reason), or None. Checks the shape
    every reader relies on, so a damaged or hand-edited journal is a clean message."""
    if not isinstance(data, dict):
        return "not a JSON object"
    for key in ("session", "kind"):
        if not isinstance(data.get(key), str) or not data[key]:
            return f"{key} is missing"
    for key in ("playbook", "scenario", "lang", "title", "started_at", "updated_at", "stage", "position", "trainee"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            return f"{key} is not text"
    if data["kind"] == "encounter":
        answers = data.get("answers", {})
        if not isinstance(answers, dict) or not all(isinstance(k, str) for k in answers):
            return "answers are not a mapping"
        for value in answers.values():
            ok = value is None or isinstance(value, (str, bool, int, float)) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
            if not ok:
                return "an answer has the wrong type"
        history = data.get("history", [])
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            return "history is not a list of question ids"
    elif data["kind"] == "rehearsal":  # the engine checks the rest when it resumes
        if not isinstance(data.get("state", {}), dict) or not isinstance(data.get("history", []), list):
            return "state is not a mapping"
    return None


def mask_journal(state: dict[str, Any]) -> dict[str, Any]:
    """A journal state with what the person typed masked: an encounter's ``answers``; a
    rehearsal's typed replies (and the check's quotes and feedback that repeat them) in
    its current state and in every earlier state kept for "back"."""
    from .redact import redact

    state = dict(state)
    if isinstance(state.get("answers"), dict):
        # Count distinct identifiers, as the record does; what an earlier run of the same
        # session masked (`masked_carried`, kept by the caller) adds to it.
        found: set[str] = set()
        state["answers"], _ = redact(state["answers"], found)
        carried = state.get("masked_carried")
        state["masked"] = len(found) + (carried if isinstance(carried, int) and not isinstance(carried, bool) else 0)

    def turns(snapshot: Any) -> Any:
        if not isinstance(snapshot, dict) or not isinstance(snapshot.get("transcript"), list):
            return snapshot
        snapshot = dict(snapshot)
        masked = []
        for turn in snapshot["transcript"]:
            if isinstance(turn, dict) and turn.get("typed"):
                turn = dict(turn)
                for key in ("reply", "signals", "suggestions", "feedback"):
                    if key in turn:
                        turn[key], _ = redact(turn[key])
            masked.append(turn)
        snapshot["transcript"] = masked
        return snapshot

    if "state" in state:
        state["state"] = turns(state["state"])
    if isinstance(state.get("history"), list):
        state["history"] = [turns(s) for s in state["history"]]
    return state


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError:
        return []


def _regular(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _json_files(
    folder: Path, unreadable: Optional[list[Path]] = None, skipped: Optional[list[tuple[Path, str]]] = None
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The JSON objects in `folder` (not below it), read through the bounded reader.
    Foreign files are skipped; FIFOs, devices and sockets are skipped and added to
    `skipped`; unreadable, oversized, deeply nested or broken ones to `unreadable`."""
    from ..safeio import NotRegular, read_json

    for entry in _entries(folder):
        if not entry.name.endswith(".json") or entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if not _regular(entry):
            if skipped is not None:
                from ..safeio import file_type

                try:
                    skipped.append((path, file_type(os.stat(path).st_mode)))
                except OSError as exc:
                    skipped.append((path, exc.strerror or "missing"))
            continue
        try:
            data = read_json(path, MAX_BYTES)
        except NotRegular as exc:
            if skipped is not None:
                skipped.append((path, exc.detail))
            continue
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

"""Records written by older versions, upgraded when they are read (llm's migrations pattern).

Every record carries the ``version`` of the format it was written in. Each migration
upgrades a record from one version to the next; `migrate` applies, in order, those the
record has not had yet, to a copy (the file on disk is never rewritten). Every reader of
records (`log list/show/export`, `report`, `progress`, `new scenario --from-record`, the
outcome of a resumed session) reads through `migrate`, so readers only ever see the
current format. A record from a newer program is read as it is.

To change the format: bump `VERSION`, add ``@migration(VERSION)`` with a function that
turns a record of the version before into one of the new version, and add a record of the
old version to ``tests/data/records/`` with a test that it reads as expected.
"""

from __future__ import annotations

from typing import Any, Callable

#: The version of the records this program writes.
VERSION = 3

Migration = Callable[[dict[str, Any]], dict[str, Any]]
#: (version it upgrades to, function), in version order.
MIGRATIONS: list[tuple[int, Migration]] = []


def migration(version: int) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


def version_of(data: dict[str, Any]) -> int:
    """The version a record says it has (records from before the field: 1)."""
    value = data.get("version")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else 1


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """`data` upgraded to `VERSION` (a new dict; `data` itself is left alone)."""
    current = version_of(data)
    if current >= VERSION:
        return data
    out = dict(data)
    for version, fn in MIGRATIONS:
        if version > current:
            out = fn(out)
            out["version"] = version
    return out


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@migration(2)
def one_masking_vocabulary(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2: both kinds say ``redacted`` (bool: were identifiers masked) and ``masked``
    (how many). Version 1 encounter records said ``redaction`` (bool) and ``redacted`` (the
    count); rehearsal records had no count when nothing was masked. Early rehearsal records
    kept the score as ``{"total": n}``."""
    kind = data.get("kind")
    if kind == "encounter":
        flag, count = data.pop("redaction", None), data.get("redacted")
        data["redacted"] = flag if isinstance(flag, bool) else True
        if _count(count):
            data["masked"] = count
        elif not data["redacted"]:
            data["masked"] = 0
    elif kind == "rehearsal":
        if data.get("redacted") is False and not _count(data.get("masked")):
            data["masked"] = 0
        score = data.get("score")
        if isinstance(score, dict) and isinstance(score.get("total"), (int, float)) and not isinstance(score.get("total"), bool):
            data["score"] = score["total"]
    return data


@migration(3)
def feedback_as_lines(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3: a rehearsal turn's ``feedback`` is a list of lines, each the program's
    words as ids and parameters (``{"key": ..., "params": {...}}``, rendered in the
    reader's language) or the scenario's own words (a string). Earlier records kept the
    feedback as the text shown, one string: its lines become plain strings."""
    if data.get("kind") != "rehearsal" or not isinstance(data.get("transcript"), list):
        return data
    turns = []
    for turn in data["transcript"]:
        if isinstance(turn, dict) and isinstance(turn.get("feedback"), str):
            turn = {**turn, "feedback": [line for line in turn["feedback"].split("\n") if line.strip()]}
        turns.append(turn)
    data["transcript"] = turns
    return data

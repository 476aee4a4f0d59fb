"""`empathy validate`: check content files one by one, then the references between them.

Per file: everything `loader.load_file` finds (syntax, schema, document checks). Across
files: a scenario must name a playbook that exists in its language (E401), and two files
given together must not define the same (kind, id, lang) (W402: the later one wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .library import Library, discover
from .loader import Loaded, load_file, locate
from .problems import Problem


@dataclass
class Report:
    files: list[Loaded] = field(default_factory=list)

    @property
    def problem_count(self) -> int:
        return sum(1 for f in self.files for p in f.problems if p.is_error)

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.files for p in f.problems if not p.is_error)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and YAML files below folders named, each once, in order."""
    seen: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for f in discover(path):
                seen.setdefault(f, None)
        else:
            seen.setdefault(path, None)
    return list(seen)


def validate(paths: Iterable[Path], library: Optional[Library] = None) -> Report:
    """Check `paths`; resolve references against the files themselves and `library`."""
    report = Report([load_file(p) for p in expand(paths)])
    known: set[tuple[str, str, str]] = set()
    if library is not None:
        known |= {e.key for e in library.entries}
    defined: dict[tuple[str, str, str], Path] = {}
    for loaded in report.files:
        c = loaded.content
        if c is None:
            continue
        key = (c.kind, c.id, c.lang)
        if key in defined:
            pos = locate(loaded.data, "id")
            loaded.problems.append(
                Problem("id", f"{c.kind} {c.id!r} ({c.lang}) is also defined in {defined[key]}; this file wins", pos.line, pos.column, "W402")
            )
        defined[key] = loaded.path
    known |= set(defined)
    for loaded in report.files:
        # Read from the raw data, so a scenario with other problems is checked too.
        data = loaded.data if isinstance(loaded.data, dict) else {}
        playbook, lang = data.get("playbook"), data.get("lang")
        if data.get("kind") != "scenario" or not isinstance(playbook, str) or not isinstance(lang, str):
            continue
        if ("playbook", playbook, lang) not in known:
            others = sorted(k[1] for k in known if k[0] == "playbook" and k[2] == lang)
            pos = locate(loaded.data, "playbook")
            loaded.problems.append(
                Problem(
                    "playbook",
                    f"no playbook {playbook!r} in language {lang!r} (known: {', '.join(others) or 'none'})",
                    pos.line,
                    pos.column,
                    "E401",
                )
            )
    return report

"""`empathy validate`: check content files one by one, then the references between them.

Per file: everything `loader.load_file` finds (syntax, schema, document checks). Across
files: a scenario must name a playbook that exists in its language (E401), and two files
given together must not define the same (kind, id, lang) (W402: the later one wins).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple, Optional

from .library import Library, discover
from .loader import Loaded, load_file, locate
from .problems import Problem, params


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


class Facts(NamedTuple):
    """What the checks across files need of one file, kept instead of the whole parsed
    file so memory stays bounded however many files are validated."""

    key: Optional[tuple[str, str, str]]  # (kind, id, lang) of a file that loaded
    kind: Any  # raw values, so a scenario with other problems is checked too
    playbook: Any
    lang: Any
    id_pos: tuple[int, int]
    playbook_pos: tuple[int, int]


def _check_file(path: Path) -> tuple[list[Problem], Facts]:
    loaded = load_file(path)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    c = loaded.content
    key = (c.kind, c.id, c.lang) if c is not None else None
    id_pos, pb_pos = locate(loaded.data, "id"), locate(loaded.data, "playbook")
    facts = Facts(key, data.get("kind"), data.get("playbook"), data.get("lang"), (id_pos.line, id_pos.column), (pb_pos.line, pb_pos.column))
    return loaded.problems, facts


#: Below this many files one process is quicker than starting workers.
PARALLEL_FROM = 24


def _check_all(files: list[Path]) -> list[tuple[list[Problem], Facts]]:
    """Check every file; many files are spread over the machine's cores (each file is
    independent, and parsing YAML is CPU-bound)."""
    import os

    from ..runtime import current

    workers = min(os.cpu_count() or 1, 4)
    if len(files) < PARALLEL_FROM or workers < 2 or current().get("EMPATHY_WORKERS") == "1":
        return [_check_file(p) for p in files]
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        if ctx is None:
            return [_check_file(p) for p in files]
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            return list(pool.map(_check_file, files, chunksize=max(1, len(files) // (workers * 4))))
    except (OSError, ImportError, RuntimeError):  # no processes here (a sandbox): one by one
        return [_check_file(p) for p in files]


def validate(paths: Iterable[Path], library: Optional[Library] = None) -> Report:
    """Check `paths`; resolve references against the files themselves and `library`.

    The files in the report keep their problems; their parsed data is dropped once the
    facts the cross-file checks need are taken (memory stays bounded)."""
    files = expand(paths)
    checked = _check_all(files)
    report = Report([Loaded(path, None, problems) for path, (problems, _) in zip(files, checked)])
    known: set[tuple[str, str, str]] = set()
    if library is not None:
        known |= {e.key for e in library.entries}
    defined: dict[tuple[str, str, str], Path] = {}
    for loaded, (_, facts) in zip(report.files, checked):
        key = facts.key
        if key is None:
            continue
        if key in defined:
            line, column = facts.id_pos
            values = params(what_kind=key[0], id=key[1], lang=key[2], other=str(defined[key]))
            loaded.problems.append(Problem("id", "also_defined", line, column, "W402", values))
        defined[key] = loaded.path
    known |= set(defined)
    for loaded, (_, facts) in zip(report.files, checked):
        playbook, lang = facts.playbook, facts.lang
        if facts.kind != "scenario" or not isinstance(playbook, str) or not isinstance(lang, str):
            continue
        if ("playbook", playbook, lang) not in known:
            others = sorted(k[1] for k in known if k[0] == "playbook" and k[2] == lang)
            line, column = facts.playbook_pos
            values = params(id=playbook, lang=lang, known=", ".join(others))
            loaded.problems.append(Problem("playbook", "no_playbook" if others else "no_playbook_none", line, column, "E401", values))
    return report

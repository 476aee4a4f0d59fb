"""Load one content file into a typed model, with every problem located in the file.

The steps are: read text (size and UTF-8 checks), parse YAML with positions
(`yamlsafe`), dispatch on ``kind``, convert to the model (`typecheck`), then run the
per-kind checks that need the whole document (duplicate ids, graph checks of scenarios…).
Checks across files (a scenario naming a missing playbook) belong to `content.validate`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from .models import KINDS, Playbook, Scenario
from .problems import Problem, params
from .typecheck import convert
from .yamlsafe import Pos, YamlError, YList, YMap, load, read_text


@dataclass
class Loaded:
    """The result of loading one file: the model (None when broken) and its problems."""

    path: Path
    content: Optional[Playbook | Scenario]
    problems: list[Problem] = field(default_factory=list)
    data: Any = None  # positioned raw data, for checks that need positions


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def locate(data: Any, path: str) -> Pos:
    """Position of the value at `path` (e.g. ``nodes[3].choices[1].next``) in raw data.

    Falls back to the closest enclosing value that has a position, so a problem always
    points somewhere useful.
    """
    best = getattr(data, "pos", Pos(1, 1))
    node = data
    for name, index in _PATH_PART.findall(path):
        if name and isinstance(node, YMap) and name in node:
            best = node.value_pos.get(name, best)
            node = node[name]
        elif index and isinstance(node, YList) and int(index) < len(node):
            best = node.item_pos[int(index)]
            node = node[int(index)]
        else:
            break
    return best


class Checker:
    """Collects document-level problems at the positions of the paths they name."""

    def __init__(self, data: Any):
        self.data = data
        self.problems: list[Problem] = []

    def add(self, path: str, message_id: str, code: str, **values: Any) -> None:
        """A problem at `path`: the sentence `message_id` of `i18n.problems`, filled with `values`."""
        pos = locate(self.data, path)
        self.problems.append(Problem(path, message_id, pos.line, pos.column, code, params(**values)))


#: Document-level checks per kind. Each takes (model, checker) and reports problems;
#: those registered with `raw=True` take the positioned raw data instead and run even when
#: some field is wrong, so one `empathy validate` run reports every problem of a file.
CHECKS: dict[str, list[Callable[[Any, Checker], None]]] = {"playbook": [], "scenario": []}
RAW_CHECKS: dict[str, list[Callable[[Any, Checker], None]]] = {"playbook": [], "scenario": []}


_Check = Callable[[Any, Checker], None]


def check(kind: str, raw: bool = False) -> Callable[[_Check], _Check]:
    """Register a document-level check for one kind of content."""

    def register(fn: _Check) -> _Check:
        (RAW_CHECKS if raw else CHECKS)[kind].append(fn)
        return fn

    return register


def parse_document(data: Any, path: Path | None = None) -> tuple[Optional[Playbook | Scenario], list[Problem]]:
    """Turn positioned data into a model of its `kind`, with all problems found."""
    pos = getattr(data, "pos", Pos(1, 1))
    if not isinstance(data, dict):
        return None, [Problem("", "not_mapping", pos.line, pos.column, "E012")]
    kind = data.get("kind")
    if kind not in KINDS:
        where = data.value_pos.get("kind", pos) if isinstance(data, YMap) else pos
        if kind is None:
            return None, [Problem("kind", "required", where.line, where.column, "E109")]
        return None, [Problem("kind", "unknown_kind", where.line, where.column, "E109", params(value=kind))]
    model, problems = convert(data, KINDS[kind])
    checker = Checker(data)
    _load_checks()
    for fn in RAW_CHECKS[kind]:
        fn(data, checker)
    if model is not None:
        for fn in CHECKS[kind]:
            fn(model, checker)
    return model, problems + checker.problems


def load_file(path: Path) -> Loaded:
    """Load and check one content file. Never raises for bad content: see `.problems`."""
    try:
        data = load(read_text(path))
    except YamlError as exc:
        message_id = "empty_content" if exc.message_id == "empty_file" else exc.message_id
        return Loaded(path, None, [Problem("", message_id, exc.line, exc.column, exc.code, exc.params)])
    model, problems = parse_document(data, path)
    broken = any(p.is_error for p in problems)
    return Loaded(path, None if broken else model, problems, data)


_checks_loaded = False


def _load_checks() -> None:
    """Import the modules that register document checks (kept out of the import path of
    the fast commands, which read models from the cache instead)."""
    global _checks_loaded
    if not _checks_loaded:
        from . import checks  # noqa: F401

        _checks_loaded = True

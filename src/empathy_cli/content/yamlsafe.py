"""Safe YAML loading that remembers where every value came from.

Content files are written by people, so every problem must point at a line. Instead of
`yaml.safe_load` we build the data from the parser's event stream: that keeps each value's
position, lets us refuse duplicate keys, unknown tags, deep nesting and alias bombs while
parsing (bounded time and memory), and uses libyaml's C parser when it is installed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_BYTES = 2 * 1024 * 1024  # a content file is a few hundred KB at most
MAX_DEPTH = 64
MAX_NODES = 200_000  # counted with alias expansion, so "billion laughs" stops here

_ALLOWED_TAGS = {
    None,
    "!",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


class YamlError(Exception):
    """A file that cannot be read as content YAML, with the position of the problem."""

    def __init__(self, message: str, line: int = 1, column: int = 1, code: str = "E001"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code = code


@dataclass(frozen=True)
class Pos:
    """1-based line and column."""

    line: int
    column: int


class YMap(dict):
    """A mapping that remembers its own position and those of its keys and values."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}


class YList(list):
    """A sequence that remembers its own position and those of its items."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


def _pos(mark) -> Pos:
    return Pos(mark.line + 1, mark.column + 1)


def read_text(path: Path) -> str:
    """Read a content file as UTF-8 text, refusing huge or non-text files with a position."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(f"cannot read file: {exc.strerror or exc}", code="E002") from None
    if size > MAX_BYTES:
        raise YamlError(
            f"file is too large to be content ({size // 1024} KiB, limit {MAX_BYTES // 1024} KiB)",
            code="E003",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"cannot read file: {exc.strerror or exc}", code="E002") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})", line, column, "E004") from None


def read_stdin() -> str:
    """Standard input as content text (answers files piped in), with the same size limit."""
    import sys

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise YamlError(f"input is too large (limit {MAX_BYTES // 1024} KiB)", code="E003")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlError(f"input is not UTF-8 text (byte 0x{data[exc.start]:02x})", code="E004") from None


def load(text: str, *, as_text: bool = False) -> Any:
    """Parse one YAML document into YMap/YList/scalars with positions.

    With `as_text`, scalars stay the text the person typed (only an empty value or
    ``null`` becomes None): answers files are text, and YAML 1.1 would otherwise read
    ``12:30`` as the number 750 and ``no`` as false.

    Raises YamlError for syntax errors, several documents, unknown tags, duplicate keys,
    nesting deeper than MAX_DEPTH and documents larger than MAX_NODES after alias expansion.
    """
    import yaml
    from yaml import events as ev
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolver = Resolver()
    constructor = SafeConstructor()

    def scalar(event) -> Any:
        tag = event.tag
        if as_text and tag in (None, "!"):
            plain = not event.style  # None (pure parser) or "" (libyaml)
            return None if plain and event.value in ("", "~", "null", "Null", "NULL") else event.value
        if tag is None or tag == "!":
            tag = resolver.resolve(ScalarNode, event.value, event.implicit)
            if tag == "tag:yaml.org,2002:timestamp":
                return event.value  # dates stay text: "2026-11-23" means what it says
        if tag not in _ALLOWED_TAGS:
            raise YamlError(f"tag {tag} is not allowed in content files", *_xy(event), code="E005")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlError(f"bad value: {getattr(exc, 'problem', exc)}", *_xy(event), code="E001") from None

    def _xy(event) -> tuple[int, int]:
        p = _pos(event.start_mark)
        return p.line, p.column

    # Each stack frame: [container, pending_key, key_pos, anchor, size_at_start]
    stack: list[list] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    root: Any = None
    documents = 0
    done = False

    def add(value: Any, pos: Pos, event) -> None:
        nonlocal root, done
        if not stack:
            root = value
            done = True
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, YList):
            container.append(value)
            container.item_pos.append(pos)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (YMap, YList)):
                raise YamlError("a mapping key must be a plain value", pos.line, pos.column, "E006")
            try:
                hash(value)
            except TypeError:
                raise YamlError("a mapping key must be a plain value", pos.line, pos.column, "E006") from None
            if value in container:
                first = container.key_pos.get(value)
                where = f" (first at line {first.line})" if first else ""
                raise YamlError(f"duplicate key '{value}'{where}", pos.line, pos.column, "E007")
            frame[1] = value
            frame[2] = {value: pos}
        else:
            key = frame[1]
            container[key] = value
            container.key_pos[key] = frame[2][key]
            container.value_pos[key] = pos
            frame[1] = _NO_KEY
            frame[2] = {}

    try:
        for event in yaml.parse(text, Loader=loader_cls):
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlError("a content file holds one YAML document", *_xy(event), code="E008")
                continue
            if isinstance(event, (ev.StreamStartEvent, ev.StreamEndEvent, ev.DocumentEndEvent)):
                continue
            pos = _pos(event.start_mark)
            if isinstance(event, ev.AliasEvent):
                if event.anchor not in anchors:
                    raise YamlError(f"unknown alias *{event.anchor}", pos.line, pos.column, "E009")
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > MAX_NODES:
                    raise YamlError("document expands to too many values (alias bomb?)", pos.line, pos.column, "E010")
                add(value, pos, event)
                continue
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlError("document has too many values", pos.line, pos.column, "E010")
            if isinstance(event, ev.ScalarEvent):
                value = scalar(event)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                add(value, pos, event)
            elif isinstance(event, (ev.MappingStartEvent, ev.SequenceStartEvent)):
                if event.tag not in _ALLOWED_TAGS:
                    raise YamlError(f"tag {event.tag} is not allowed in content files", pos.line, pos.column, "E005")
                if len(stack) >= MAX_DEPTH:
                    raise YamlError(f"nesting is deeper than {MAX_DEPTH} levels", pos.line, pos.column, "E011")
                container = YMap(pos) if isinstance(event, ev.MappingStartEvent) else YList(pos)
                stack.append([container, _NO_KEY, {}, event.anchor, nodes, pos])
            elif isinstance(event, (ev.MappingEndEvent, ev.SequenceEndEvent)):
                container, _key, _kp, anchor, start, cpos = stack.pop()
                if anchor:
                    anchors[anchor] = (container, nodes - start + 1)
                add(container, cpos, event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise YamlError(f"YAML syntax error: {problem}", line, column, "E001") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML syntax error: {exc}", code="E001") from None
    except RecursionError:
        raise YamlError("document is nested too deeply", code="E011") from None
    if documents == 0 or not done:
        raise YamlError("file is empty", code="E012")
    return root


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()

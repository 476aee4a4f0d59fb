"""Safe YAML loading that remembers where every value came from.

Content files are written by people, so every problem must point at a line. Instead of
`yaml.safe_load` we build the data from the parser's event stream: that keeps each value's
position, lets us refuse duplicate keys, unknown tags, deep nesting and alias bombs while
parsing (bounded time and memory), and uses libyaml's C parser when it is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from yaml.events import ScalarEvent

MAX_BYTES = 2 * 1024 * 1024  # a content file is a few hundred KB at most
MAX_DEPTH = 64
MAX_NODES = 200_000  # counted with alias expansion, so "billion laughs" stops here
MAX_ANSWER_NODES = 10_000  # an answers file answers a few dozen questions

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
    """A file that cannot be read as content YAML, with the position of the problem.

    Like `Problem`, it holds the id of its sentence (`i18n.problems`) and the values that
    fill it; `message` is the English sentence, `text()` the one in the interface language."""

    def __init__(self, message_id: str, line: int = 1, column: int = 1, code: str = "E001", **values: Any):
        from .problems import params

        self.message_id = message_id
        self.params = params(**values)
        self.line = line
        self.column = column
        self.code = code
        super().__init__(message_id)

    def text(self, lang: str | None = None) -> str:
        from ..i18n.problems import render

        return render(self.message_id, self.params, lang)

    @property
    def message(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return self.message


class Pos(NamedTuple):
    """1-based line and column (a tuple: built for every value, so it must be cheap)."""

    line: int
    column: int


class YMap(dict[Any, Any]):
    """A mapping that remembers its own position and those of its keys and values."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict[Any, Pos] = {}
        self.value_pos: dict[Any, Pos] = {}


class YList(list[Any]):
    """A sequence that remembers its own position and those of its items."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


def read_text(path: Path, *, allow_pipe: bool = False) -> str:
    """Read a content file as UTF-8 text, refusing huge, special or non-text files.

    Goes through the bounded reader: only a regular file is read (a FIFO or a link to
    ``/dev/zero`` is refused, never read), and never more than MAX_BYTES of it. An answers
    file may be a pipe the user named (`allow_pipe`: ``--answers <(…)``), read with the cap."""
    from ..safeio import NotRegular, TooLarge, read_bytes

    try:
        data = read_bytes(path, MAX_BYTES, allow_pipe=allow_pipe)
    except NotRegular as exc:
        raise YamlError("not_regular", code="E013", detail=exc.detail) from None
    except TooLarge:
        raise YamlError("too_large", code="E003", limit=MAX_BYTES // 1024) from None
    except OSError as exc:
        raise YamlError("cannot_read", code="E002", detail=exc.strerror or str(exc)) from None
    return _decode(data, "file")


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError("not_utf8" if what == "file" else "input_not_utf8", line, column, "E004", byte=f"{data[exc.start]:02x}") from None


def read_stdin() -> str:
    """Standard input as content text (answers files piped in), read with the same cap:
    `/dev/zero` on standard input stops at the limit instead of filling memory."""
    from ..safeio import TooLarge
    from ..safeio import read_stdin as read_capped

    try:
        data = read_capped(MAX_BYTES)
    except TooLarge:
        raise YamlError("input_too_large", code="E003", limit=MAX_BYTES // 1024) from None
    return _decode(data, "input")


_STR = "tag:yaml.org,2002:str"


def load(text: str, *, as_text: bool = False) -> Any:
    """Parse one YAML document into YMap/YList/scalars with positions.

    With `as_text`, scalars stay the text the person typed (only an empty value or
    ``null`` becomes None): answers files are text, and YAML 1.1 would otherwise read
    ``12:30`` as the number 750 and ``no`` as false. Answers files (`as_text`) may hold
    at most MAX_ANSWER_NODES values.

    Raises YamlError for syntax errors, several documents, unknown tags, duplicate keys,
    nesting deeper than MAX_DEPTH, documents larger than MAX_NODES after alias expansion,
    and values Python refuses (a 5000-digit integer), each with its position.
    """
    import yaml
    from yaml import events as ev
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode
    from yaml.resolver import Resolver

    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolver = Resolver()
    constructor = SafeConstructor()
    first_chars = resolver.yaml_implicit_resolvers  # plain scalars starting elsewhere are text
    resolved: dict[str, str] = {}  # plain value -> tag, within this document
    max_nodes = MAX_ANSWER_NODES if as_text else MAX_NODES

    def scalar(event: ScalarEvent, pos: Pos) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if event.style and tag is None:  # quoted or block: text ("" from libyaml means plain)
                return value
            if as_text:
                return None if value in ("", "~", "null", "Null", "NULL") else value
            if value and value[0] not in first_chars:
                return value
            tag = resolved.get(value)
            if tag is None:
                # A lone "!" is resolved as if plain, quoted or not, as `yaml.safe_load`
                # does (libyaml alone reports an empty "!" value as not implicit).
                implicit = event.implicit if event.tag is None else (True, False)
                # types-PyYAML leaves BaseResolver.resolve unannotated
                tag = resolved[value] = resolver.resolve(ScalarNode, value, implicit)  # type: ignore[no-untyped-call]
            if tag == _STR:
                return value
            if tag == "tag:yaml.org,2002:timestamp":
                return value  # dates stay text: "2026-11-23" means what it says
        if tag not in _ALLOWED_TAGS:
            raise YamlError("tag", pos.line, pos.column, code="E005", tag=tag)
        if tag == _STR:
            return value
        # types-PyYAML's ScalarNode takes only yaml.error.Mark; libyaml's marks serve alike
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        try:
            return constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise YamlError("bad_value", pos.line, pos.column, "E001", detail=getattr(exc, "problem", None) or str(exc), type=tag.rsplit(":", 1)[-1]) from None
        except (ValueError, OverflowError, IndexError, KeyError, TypeError) as exc:
            # int("9" * 5000) is Python's digit limit; an empty "!!int" or "!!bool" breaks
            # PyYAML's own constructors (IndexError, KeyError)
            kind = tag.rsplit(":", 1)[-1]
            if len(value) > 100:
                raise YamlError("number_too_long", pos.line, pos.column, "E001") from None
            if isinstance(exc, (ValueError, OverflowError)):
                raise YamlError("bad_value", pos.line, pos.column, "E001", detail=str(exc), type=kind) from None
            raise YamlError("not_a", pos.line, pos.column, "E001", type=kind) from None

    # Each stack frame: [container, pending_key, key_pos, anchor, size_at_start, pos]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    nodes = 0
    root: Any = None
    documents = 0
    done = False
    ScalarEvent, AliasEvent = ev.ScalarEvent, ev.AliasEvent
    MappingStart, SequenceStart = ev.MappingStartEvent, ev.SequenceStartEvent
    CollectionEnd = (ev.MappingEndEvent, ev.SequenceEndEvent)
    DocumentStart = ev.DocumentStartEvent
    NO_KEY = _NO_KEY

    def add(value: Any, pos: Pos) -> None:
        nonlocal root, done
        if not stack:
            root = value
            done = True
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is YList:
            container.append(value)
            container.item_pos.append(pos)
        elif frame[1] is NO_KEY:
            if isinstance(value, (YMap, YList)):
                raise YamlError("key_not_plain", pos.line, pos.column, "E006")
            try:
                hash(value)
            except TypeError:
                raise YamlError("key_not_plain", pos.line, pos.column, "E006") from None
            if value in container:
                first = container.key_pos.get(value)
                if first:
                    raise YamlError("duplicate_key_at", pos.line, pos.column, "E007", name=str(value), first=first.line)
                raise YamlError("duplicate_key", pos.line, pos.column, "E007", name=str(value))
            frame[1] = value
            frame[2] = pos
        else:
            key = frame[1]
            container[key] = value
            container.key_pos[key] = frame[2]
            container.value_pos[key] = pos
            frame[1] = NO_KEY

    # The loop below dispatches on the exact event class through local aliases (it runs
    # for every value), which mypy cannot narrow on; and the parser always sets the marks
    # the stubs declare optional. So the events are Any to it; `scalar` is typed.
    def events() -> Iterator[Any]:
        parser = loader_cls(text)
        try:
            get = parser.get_event
            while True:
                event = get()
                if event is None:
                    return
                yield event
        finally:
            parser.dispose()

    try:
        for event in events():
            cls = type(event)
            if cls is ScalarEvent:
                mark = event.start_mark
                pos = Pos(mark.line + 1, mark.column + 1)
                nodes += 1
                if nodes > max_nodes:
                    raise _too_many(as_text, max_nodes, pos)
                if event.style and event.tag is None:
                    value = event.value  # quoted or block text: the common case, inline
                else:
                    value = scalar(event, pos)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                frame = stack[-1] if stack else None
                if frame is not None and type(frame[0]) is YList:
                    frame[0].append(value)
                    frame[0].item_pos.append(pos)
                else:
                    add(value, pos)
            elif cls is MappingStart or cls is SequenceStart:
                mark = event.start_mark
                pos = Pos(mark.line + 1, mark.column + 1)
                nodes += 1
                if nodes > max_nodes:
                    raise _too_many(as_text, max_nodes, pos)
                if event.tag not in _ALLOWED_TAGS:
                    raise YamlError("tag", pos.line, pos.column, "E005", tag=event.tag)
                if len(stack) >= MAX_DEPTH:
                    raise YamlError("too_deep", pos.line, pos.column, "E011", limit=MAX_DEPTH)
                container = YMap(pos) if cls is MappingStart else YList(pos)
                stack.append([container, NO_KEY, None, event.anchor, nodes, pos])
            elif cls in CollectionEnd:
                container, _key, _kp, anchor, start, cpos = stack.pop()
                if anchor:
                    anchors[anchor] = (container, nodes - start + 1)
                add(container, cpos)
            elif cls is AliasEvent:
                mark = event.start_mark
                pos = Pos(mark.line + 1, mark.column + 1)
                if event.anchor not in anchors:
                    raise YamlError("unknown_alias", pos.line, pos.column, "E009", alias=event.anchor)
                value, size = anchors[event.anchor]
                nodes += size
                if nodes > max_nodes:
                    raise YamlError("alias_bomb", pos.line, pos.column, "E010")
                add(value, pos)
            elif cls is DocumentStart:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlError("many_documents", mark.line + 1, mark.column + 1, code="E008")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "syntax error"
        raise YamlError("syntax", line, column, "E001", detail=problem) from None
    except yaml.YAMLError as exc:
        raise YamlError("syntax", code="E001", detail=str(exc)) from None
    except RecursionError:
        raise YamlError("too_deep_recursion", code="E011") from None
    if documents == 0 or not done:
        raise YamlError("empty_file", code="E012")
    return root


def _too_many(as_text: bool, limit: int, pos: Pos) -> YamlError:
    if as_text:
        return YamlError("too_many_values_limit", pos.line, pos.column, "E010", limit=limit)
    return YamlError("too_many_values", pos.line, pos.column, "E010")


class _NoKey:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<no key>"


_NO_KEY = _NoKey()

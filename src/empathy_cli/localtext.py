"""Words to show, as ids and parameters: what the engines say, translated at the edge.

Engines (``coach/``) never translate. They say `Text` ("rehearse.heard_bad" with its
parameters) and `Cat` (pieces shown one after the other); the terminal (``ui/``) and the
records renderers turn them into sentences with `i18n.render`, in the reader's language.
A plain ``str`` is words from content or from the user, shown as they are.

Records keep them as plain data (`to_data` / `from_data`): a string stays a string, a
`Text` is ``{"key": ..., "params": {...}}`` (an optional ``"line"`` picks one line of a
multi-line catalogue entry), a `Cat` is ``{"cat": [...]}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, Union


@dataclass(frozen=True, init=False)
class Text:
    """The catalogue message `key` ("area.name") with `params`. A parameter may itself be
    a `Text` or a `Cat` (translated first). `line`: show only that line (modulo their
    number) of a catalogue entry that lists one variant a line."""

    key: str
    params: tuple[tuple[str, Any], ...]
    line: Optional[int]

    def __init__(self, key: str, line: Optional[int] = None, **params: Any):
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())))
        object.__setattr__(self, "line", line)

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)

    def __add__(self, other: Shown) -> Cat:
        return Cat(self, other)

    def __radd__(self, other: Shown) -> Cat:
        return Cat(other, self)


@dataclass(frozen=True, init=False)
class Cat:
    """Pieces shown one after the other (strings, `Text`s, other `Cat`s)."""

    parts: tuple[Shown, ...]

    def __init__(self, *parts: Shown):
        object.__setattr__(self, "parts", tuple(parts))

    def __add__(self, other: Shown) -> Cat:
        return Cat(*self.parts, other)

    def __radd__(self, other: Shown) -> Cat:
        return Cat(other, *self.parts)


Shown = Union[str, Text, Cat]


def join(sep: Shown, items: list[Shown]) -> Shown:
    """`items` with `sep` between them (a plain string when they all are)."""
    plain = [x for x in items if isinstance(x, str)]
    if len(plain) == len(items) and isinstance(sep, str):
        return sep.join(plain)
    parts: list[Shown] = []
    for i, item in enumerate(items):
        if i:
            parts.append(sep)
        parts.append(item)
    return Cat(*parts)


def to_data(value: Any) -> Any:
    """`value` as plain data for JSON (strings, lists and dicts kept as they are)."""
    if isinstance(value, Text):
        out: dict[str, Any] = {"key": value.key, "params": {k: to_data(v) for k, v in value.params}}
        if value.line is not None:
            out["line"] = value.line
        return out
    if isinstance(value, Cat):
        return {"cat": [to_data(p) for p in value.parts]}
    if isinstance(value, list):
        return [to_data(v) for v in value]
    return value


def from_data(value: Any) -> Any:
    """The inverse of `to_data` for one shown value (anything else is returned as is)."""
    if isinstance(value, dict):
        if isinstance(value.get("key"), str) and isinstance(value.get("params", {}), dict):
            line = value.get("line")
            params = {str(k): from_data(v) for k, v in (value.get("params") or {}).items()}
            return Text(value["key"], line=line if isinstance(line, int) and not isinstance(line, bool) else None, **params)
        if isinstance(value.get("cat"), list):
            return Cat(*(from_data(p) for p in value["cat"]))
    return value


def keys(value: Any) -> list[str]:
    """Every catalogue key in `value` (a shown value, or a list of them), in order, with
    those of its parameters: what an engine said, for tests and programs."""
    if isinstance(value, Text):
        return [value.key] + [k for _, v in value.params for k in keys(v)]
    if isinstance(value, Cat):
        return [k for p in value.parts for k in keys(p)]
    if isinstance(value, (list, tuple)):
        return [k for v in value for k in keys(v)]
    return []


def words(value: Any) -> str:
    """The plain strings in `value` (content's and the user's words, and parameters), one
    a line: what an engine quoted, whatever the language it is shown in."""
    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        return "\n".join(words(v) for _, v in value.params if not isinstance(v, (int, float)))
    if isinstance(value, Cat):
        return "\n".join(words(p) for p in value.parts)
    if isinstance(value, (list, tuple)):
        return "\n".join(words(v) for v in value)
    return ""

"""Convert positioned YAML data into the typed models, collecting every problem.

One small mechanism serves the loader, the validator and `empathy schema`: it reads the
dataclass fields of `content.models` (their types and ``metadata``) and either converts
data into instances, reporting problems as ``path: message`` with a line and column, or
describes the same rules as JSON Schema. Nothing else knows the rules, so the three can
never disagree.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING
from functools import lru_cache
from typing import Any, Literal, Union, get_args, get_origin

from .problems import Problem, params
from .yamlsafe import Pos, YList, YMap


class _Invalid:
    """Marker for a value that failed conversion (a problem was recorded)."""


INVALID = _Invalid()


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


def _type_name(tp: Any) -> str:
    """The id of the word for a scalar type (`i18n.problems`: ``word.expected.<id>``)."""
    return {str: "text", int: "int", float: "float", bool: "bool"}[tp]


def _given(value: Any) -> str:
    """The id of the word for what a value is (``word.given.<id>``)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (YMap, dict)):
        return "mapping"
    if isinstance(value, (YList, list)):
        return "list"
    if isinstance(value, (int, float)):
        return "number"
    return "text"


class Converter:
    """Converts one document; accumulates problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, message_id: str, pos: Pos, code: str = "E100", **values: Any) -> None:
        self.problems.append(Problem(path, message_id, pos.line, pos.column, code, params(**values)))

    def convert(self, value: Any, tp: Any, path: str, pos: Pos, meta: Mapping[str, Any] | None = None) -> Any:
        shape, arg = _shape(tp)  # classified once per type: this runs for every value
        if shape == "union":
            if value is None:
                return None
            return self.convert(value, arg, path, pos, meta)
        if shape == "dataclass":
            return self._dataclass(value, tp, path, pos)
        if shape == "list":
            return self._list(value, arg, path, pos, meta or _NO_META)
        if shape == "literal":
            allowed = arg
            if value not in allowed:
                names = ", ".join(str(a) for a in allowed)
                if isinstance(value, str):
                    close = difflib.get_close_matches(value, [str(a) for a in allowed], n=1)
                    self.problem(path, "literal", pos, "E102", allowed=names, value=value, close=close[0] if close else None)
                else:
                    self.problem(path, "literal_other", pos, "E102", allowed=names, value=repr(value))
                return INVALID
            return value
        if not meta and type(value) is tp and tp is not float:  # the common case: plain text
            return value
        return self._scalar(value, tp, path, pos, meta or _NO_META)

    def _scalar(self, value: Any, tp: type, path: str, pos: Pos, meta: Mapping[str, Any]) -> Any:
        ok = (
            (tp is str and isinstance(value, str))
            or (tp is bool and isinstance(value, bool))
            or (tp is int and isinstance(value, int) and not isinstance(value, bool))
            or (tp is float and isinstance(value, (int, float)) and not isinstance(value, bool))
        )
        if not ok:
            if tp is str and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)  # `id: 2024` is clearly meant as text
            else:
                self.problem(path, "type", pos, "E101", expected=_type_name(tp), given=_given(value))
                return INVALID
        if tp is float:
            value = float(value)
        if isinstance(value, str):
            if "min_length" in meta and len(value.strip()) < meta["min_length"]:
                self.problem(path, "empty", pos, "E103")
                return INVALID
            if "pattern" in meta and not re.fullmatch(meta["pattern"], value):  # `$` alone lets "id\n" through
                self.problem(path, "bad_id", pos, "E104", value=value)
                return INVALID
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            lo, hi = meta.get("minimum"), meta.get("maximum")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                self.problem(path, "range", pos, "E105", lo=lo, hi=hi, value=value)
                return INVALID
        return value

    def _list(self, value: Any, item_tp: Any, path: str, pos: Pos, meta: Mapping[str, Any]) -> Any:
        if not isinstance(value, list):
            self.problem(path, "type", pos, "E101", expected="list", given=_given(value))
            return INVALID
        item_pos = getattr(value, "item_pos", None)
        out = []
        ok = True
        for i, item in enumerate(value):
            ipos = item_pos[i] if item_pos else pos
            converted = self.convert(item, item_tp, f"{path}[{i}]", ipos, meta.get("items"))
            ok = ok and converted is not INVALID
            out.append(converted)
        if len(value) < meta.get("min_items", 0):
            self.problem(path, "min_items", pos, "E106", n=meta["min_items"])
            return INVALID
        if "max_items" in meta and len(value) > meta["max_items"]:
            self.problem(path, "max_items", pos, "E106", n=meta["max_items"])
            return INVALID
        # One bad item makes the list unusable: document-level checks would only report
        # the consequences (a "missing" stage whose id was misspelt) as new problems.
        return out if ok else INVALID

    def _dataclass(self, value: Any, cls: type, path: str, pos: Pos) -> Any:
        if not isinstance(value, dict):
            self.problem(path, "type", pos, "E101", expected="mapping", given=_given(value))
            return INVALID
        key_pos = getattr(value, "key_pos", {})
        value_pos = getattr(value, "value_pos", {})
        plan, known = _plan(cls)
        kwargs: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in known:
                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                self.problem(_join(path, str(key)), "unknown_field", key_pos.get(key, pos), "E107", close=close[0] if close else None)
        for name, hint, meta, required in plan:
            if name not in value:
                if required:
                    self.problem(_join(path, name), "required", pos, "E108")
                    ok = False
                continue
            converted = self.convert(value[name], hint, _join(path, name), value_pos.get(name, pos), meta)
            if converted is INVALID:
                ok = False
            else:
                kwargs[name] = converted
        if not ok:
            return INVALID
        return cls(**kwargs)


_NO_META: Mapping[str, Any] = {}


@lru_cache(maxsize=None)
def _shape(tp: Any) -> tuple[str, Any]:
    """How `convert` treats a type: ("union", inner), ("dataclass", None), ("list", item),
    ("literal", allowed) or ("scalar", None)."""
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        return "union", next(a for a in get_args(tp) if a is not type(None))
    if dataclasses.is_dataclass(tp):
        return "dataclass", None
    if origin is list:
        return "list", get_args(tp)[0]
    if origin is Literal:
        return "literal", get_args(tp)
    return "scalar", None


@lru_cache(maxsize=None)
def _plan(cls: type) -> tuple[tuple[tuple[str, Any, dict[str, Any], bool], ...], frozenset[str]]:
    """Per field of `cls`: name, type, constraints and whether it is required (once)."""
    hints = _hints(cls)
    plan = tuple((f.name, hints[f.name], dict(f.metadata), f.default is MISSING and f.default_factory is MISSING) for f in _fields(cls))
    return plan, frozenset(f.name for f in _fields(cls))


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def convert(data: Any, cls: type) -> tuple[Any, list[Problem]]:
    """Convert a loaded document into an instance of `cls`; return it (or None) and problems."""
    conv = Converter()
    pos = getattr(data, "pos", Pos(1, 1))
    result = conv.convert(data, cls, "", pos)
    return (None if result is INVALID else result), conv.problems


# --------------------------------------------------------------------------- JSON Schema


def json_schema(cls: type) -> dict[str, Any]:
    """Describe `cls` (and the classes it holds) as a JSON Schema (draft 2020-12)."""
    defs: dict[str, dict[str, Any]] = {}
    root = _schema_for(cls, defs, {})
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://empathy-cli.invalid/schema/{cls.__name__.lower()}.json",
        "title": cls.__name__,
        **defs.pop(cls.__name__),
        "$defs": defs,
    }
    del root
    return schema


def _schema_for(tp: Any, defs: dict[str, dict[str, Any]], meta: Mapping[str, Any]) -> dict[str, Any]:
    origin = get_origin(tp)
    out: dict[str, Any]
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return {"anyOf": [_schema_for(args[0], defs, meta), {"type": "null"}]}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = _hints(tp)
            props = {}
            required = []
            for f in _fields(tp):
                fs = _schema_for(hints[f.name], defs, dict(f.metadata))
                if f.metadata.get("doc"):
                    fs = {"description": f.metadata["doc"], **fs}
                if f.default is not MISSING and f.default is not None:
                    fs["default"] = f.default
                props[f.name] = fs
                if f.default is MISSING and f.default_factory is MISSING:
                    required.append(f.name)
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().split("\n\n")[0],
                "properties": props,
                "required": required,
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    if origin is list:
        out = {"type": "array", "items": _schema_for(get_args(tp)[0], defs, meta.get("items") or {})}
        if "min_items" in meta:
            out["minItems"] = meta["min_items"]
        if "max_items" in meta:
            out["maxItems"] = meta["max_items"]
        return out
    if origin is Literal:
        args = list(get_args(tp))
        return {"const": args[0]} if len(args) == 1 else {"enum": args}
    out = {"type": {str: "string", int: "integer", float: "number", bool: "boolean"}[tp]}
    if tp is str:
        if "min_length" in meta:
            out["minLength"] = meta["min_length"]
        if "pattern" in meta:
            out["pattern"] = meta["pattern"]
    else:
        if "minimum" in meta:
            out["minimum"] = meta["minimum"]
        if "maximum" in meta:
            out["maximum"] = meta["maximum"]
    return out

"""The content library: every playbook and scenario on the search path.

Search path, in order (a later file with the same ``(kind, id, lang)`` overrides an
earlier one): the built-in playbooks, ``$EMPATHY_HOME/playbooks``, each folder in
``$EMPATHY_PLAYBOOKS`` (os.pathsep-separated), then the folders given with ``--playbooks``.

Parsing YAML is the slow part of a run, so parsed files are kept in the cache (`cache`,
plain JSON keyed on the search path and on the shape of the models) with each file's
path, size and modification time. A normal run only stats the files and decodes the
cache; a changed file is re-parsed alone; a damaged, foreign or wrongly typed entry is
re-parsed too. Cross-file checks (a scenario naming a missing playbook) live in `validate`.
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Literal, Optional, TypeVar, Union, cast, get_args, get_origin, overload

from .. import cache
from . import models
from .models import KINDS, Playbook, Scenario
from .problems import Problem
from .searchpath import Folder, discover, search_path, stamp

CACHE_KIND = "content"
__all__ = ["Entry", "Folder", "Library", "discover", "load_library", "search_path"]

#: The model an entry holds: `Entry[Playbook]` from `Library.playbooks()`, and so on.
_C = TypeVar("_C", bound="Playbook | Scenario", covariant=True)


class Entry(Generic[_C]):
    """A loaded content file. From the cache, its model is decoded on first use (most
    commands look at a few entries only); the key is known without decoding. The key's
    kind names the model's class (`models.KINDS`), so `Entry[Playbook]` is one keyed
    "playbook"."""

    __slots__ = ("_content", "_raw", "path", "origin", "key")

    def __init__(self, content: Optional[_C], path: Path, origin: str, key: Optional[tuple[str, str, str]] = None, raw: Any = None):
        self._content = content
        self._raw = raw
        self.path = path
        self.origin = origin
        if key is None:
            if content is None:
                raise ValueError("an entry needs its content or its key")
            key = (content.kind, content.id, content.lang)
        self.key: tuple[str, str, str] = key

    @property
    def content(self) -> _C:
        content = self._content
        if content is None:
            try:
                content = _decoder(KINDS[self.key[0]])(self._raw)
            except cache.DECODE_ERRORS:  # a damaged entry: the file itself (same stamp) decides
                from .loader import load_file

                loaded = load_file(self.path)
                if loaded.content is None or (loaded.content.kind, loaded.content.id, loaded.content.lang) != self.key:
                    from .. import i18n
                    from ..errors import EmpathyError

                    raise EmpathyError(i18n.t("common.skipped_broken", path=self.path, count=len(loaded.problems))) from None
                content = cast("_C", loaded.content)  # it has this entry's key, so its kind
            self._content = content
            self._raw = None
        return content

    def field(self, name: str) -> Any:
        """One top-level field of the model. From the cache, only that field is decoded
        (`scenarios list` needs titles, not every node); a damaged one decodes it all."""
        if self._content is None:
            try:
                index, decode = _fields(KINDS[self.key[0]])[name]
                _check(type(self._raw) is list)
                return decode(self._raw[index])
            except cache.DECODE_ERRORS:
                pass
        return getattr(self.content, name)

    def count(self, name: str, inner: Optional[str] = None) -> int:
        """The length of a list field (with `inner`: the summed lengths of that list field
        of each of its items, e.g. phrases over stages), without decoding the items when
        they are cached."""
        if self._content is None:
            try:
                tp = KINDS[self.key[0]]
                index, _ = _fields(tp)[name]
                _check(type(self._raw) is list and type(self._raw[index]) is list)
                items = self._raw[index]
                if inner is None:
                    return len(items)
                item_type = get_args(_resolve(dataclasses.fields(tp)[index].type))[0]
                at, _ = _fields(item_type)[inner]
                _check(all(type(item) is list and type(item[at]) is list for item in items))
                return sum(len(item[at]) for item in items)
            except cache.DECODE_ERRORS:
                pass
        items = getattr(self.content, name)
        return len(items) if inner is None else sum(len(getattr(item, inner)) for item in items)

    def __repr__(self) -> str:
        return f"Entry({self.key!r}, {str(self.path)!r})"


_field_plans: dict[Any, dict[str, tuple[int, Callable[[Any], Any]]]] = {}


def _fields(tp: Any) -> dict[str, tuple[int, Callable[[Any], Any]]]:
    """name → (position in the cached list, decoder) for the fields of model `tp`."""
    plan = _field_plans.get(tp)
    if plan is None:
        plan = _field_plans[tp] = {f.name: (i, _FieldDecoder(f.type)) for i, f in enumerate(dataclasses.fields(tp))}
    return plan


class _FieldDecoder:
    """A field's decoder, built on first use (most fields are never peeked at)."""

    __slots__ = ("annotation", "fn")

    def __init__(self, annotation: Any):
        self.annotation = annotation
        self.fn: Optional[Callable[[Any], Any]] = None

    def __call__(self, value: Any) -> Any:
        if self.fn is None:
            self.fn = _decoder(_resolve(self.annotation))
        return self.fn(value)


@dataclass
class Library:
    """Everything on the search path, after overriding, plus the files that failed."""

    entries: list[Entry[Playbook | Scenario]] = field(default_factory=list)
    overridden: list[Entry[Playbook | Scenario]] = field(default_factory=list)
    broken: list[tuple[Path, list[Problem]]] = field(default_factory=list)
    folders: list[Folder] = field(default_factory=list)

    def _of(self, kind: str, lang: Optional[str]) -> list[Entry[Playbook | Scenario]]:
        return [e for e in self.entries if e.key[0] == kind and (lang is None or e.key[2] == lang)]

    # An entry keyed "playbook" holds a Playbook (see Entry): the casts below state that.

    def playbooks(self, lang: Optional[str] = None) -> list[Entry[Playbook]]:
        return cast("list[Entry[Playbook]]", self._of("playbook", lang))

    def scenarios(self, lang: Optional[str] = None) -> list[Entry[Scenario]]:
        return cast("list[Entry[Scenario]]", self._of("scenario", lang))

    @overload
    def get(self, kind: Literal["playbook"], content_id: str, lang: Optional[str] = None) -> Optional[Entry[Playbook]]: ...
    @overload
    def get(self, kind: Literal["scenario"], content_id: str, lang: Optional[str] = None) -> Optional[Entry[Scenario]]: ...
    @overload
    def get(self, kind: str, content_id: str, lang: Optional[str] = None) -> Optional[Entry[Playbook | Scenario]]: ...

    def get(self, kind: str, content_id: str, lang: Optional[str] = None) -> Optional[Entry[Playbook | Scenario]]:
        """The entry with this id; in `lang` when given, else the first of any language."""
        for e in self.entries:
            if e.key[0] == kind and e.key[1] == content_id and (lang is None or e.key[2] == lang):
                return e
        return None

    @overload
    def require(self, kind: Literal["playbook"], content_id: str, lang: str) -> Entry[Playbook]: ...
    @overload
    def require(self, kind: Literal["scenario"], content_id: str, lang: str) -> Entry[Scenario]: ...
    @overload
    def require(self, kind: str, content_id: str, lang: str) -> Entry[Playbook | Scenario]: ...

    def require(self, kind: str, content_id: str, lang: str) -> Entry[Playbook | Scenario]:
        """The entry with this id in `lang`, or an error naming what is available."""
        entry = self.get(kind, content_id, lang)
        if entry is None:
            from .. import i18n
            from ..errors import EmpathyError

            langs: dict[str, set[str]] = {}
            for e in self._of(kind, None):
                langs.setdefault(e.key[1], set()).add(e.key[2])
            available = [f"{i} ({', '.join(sorted(langs[i]))})" for i in sorted(langs)]
            close = did_you_mean(content_id, [e.key[1] for e in self._of(kind, lang)] or [e.key[1] for e in self._of(kind, None)])
            suggestion = " " + i18n.t("common.did_you_mean", ids=", ".join(close)) if close else ""
            raise EmpathyError(i18n.t(f"common.not_found_{kind}", id=content_id, lang=lang, suggestion=suggestion, available=", ".join(available) or "-"))
        return entry

    def langs(self) -> list[str]:
        return sorted({e.key[2] for e in self.entries})


def did_you_mean(typed: str, ids: list[str], n: int = 3) -> list[str]:
    """The ids closest to a mistyped one (a typo, a missing or extra word), best first."""
    import difflib

    unique = sorted(set(ids))
    folded = typed.strip().lower()
    close = difflib.get_close_matches(folded, unique, n=n, cutoff=0.6)
    # A fragment of an id ("parcel" for "parcel-late") is as good a clue as a typo.
    close += [i for i in unique if folded and len(folded) >= 3 and folded in i and i not in close]
    # The right words in another order ("uneven-filler" for "filler-uneven-result").
    words = {w for w in folded.replace("_", "-").split("-") if len(w) >= 4}
    close += [i for i in unique if words and words & set(i.split("-")) and i not in close]
    return close[:n]


# --------------------------------------------------------------------------- cache codec
#
# Models are stored as plain JSON: each dataclass as the list of its field values in
# field order. Reading back is strict (a wrong type, a missing field, an unknown kind all
# raise), so a damaged or planted entry is re-parsed from its file, never trusted.


def _schema() -> str:
    classes = [v for v in vars(models).values() if isinstance(v, type) and dataclasses.is_dataclass(v)]
    return cache.schema_of(Problem, *classes)


def _encode(value: Any) -> Any:
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if dataclasses.is_dataclass(value):
        return [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
    return value


def _check(ok: bool) -> None:
    if not ok:
        raise TypeError("wrong type in cache entry")


_decoders: dict[Any, Callable[[Any], Any]] = {}


def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A strict decoder for values of type `tp` (built once per type)."""
    found = _decoders.get(tp)
    if found is not None:
        return found
    origin = get_origin(tp)
    fn: Callable[[Any], Any]
    if tp is str or tp is bool:

        def fn(v: Any, _t: Any = tp) -> Any:
            _check(type(v) is _t)
            return v
    elif tp is int:

        def fn(v: Any) -> Any:
            _check(type(v) is int)
            return v
    elif tp is float:

        def fn(v: Any) -> Any:
            _check(type(v) in (int, float))
            return float(v)
    elif origin is Literal:
        allowed = frozenset(get_args(tp))

        def fn(v: Any) -> Any:
            _check(isinstance(v, str) and v in allowed)
            return v
    elif origin in (Union, types.UnionType):
        inner = _decoder(next(a for a in get_args(tp) if a is not type(None)))

        def fn(v: Any) -> Any:
            return None if v is None else inner(v)
    elif origin is list:
        item = _decoder(get_args(tp)[0])
        if get_args(tp)[0] is str:

            def fn(v: Any) -> Any:
                _check(type(v) is list and all(type(x) is str for x in v))
                return v
        else:

            def fn(v: Any) -> Any:
                _check(type(v) is list)
                return [item(x) for x in v]
    elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
        _decoders[tp] = lambda v: fn(v)  # recursive types: resolved on call
        plan = [(f.name, _decoder(_resolve(f.type))) for f in dataclasses.fields(tp)]
        count = len(plan)
        new = object.__new__

        def fn(v: Any) -> Any:
            _check(type(v) is list and len(v) == count)
            obj = new(tp)
            obj.__dict__.update({name: dec(x) for (name, dec), x in zip(plan, v)})
            return obj
    else:
        raise TypeError(f"no cache decoder for {tp!r}")
    _decoders[tp] = fn
    return fn


_resolved: dict[Any, Any] = {}


def _resolve(annotation: Any) -> Any:
    """A field's type from its annotation (a string under postponed evaluation), each
    distinct string evaluated once in the models' namespace."""
    if not isinstance(annotation, str):
        return annotation
    found = _resolved.get(annotation)
    if found is None:
        found = _resolved[annotation] = eval(annotation, vars(models))  # noqa: S307 (our own source)
    return found


def _decode_problems(problems: Any) -> list[Problem]:
    _check(type(problems) is list)
    decoded = []
    for p in problems:
        _check(type(p) is list and len(p) == 6 and type(p[2]) is int and type(p[3]) is int and type(p[5]) is dict)
        _check(all(type(x) is str for x in (p[0], p[1], p[4])))
        _check(all(type(k) is str and type(v) in (str, int) for k, v in p[5].items()))
        decoded.append(Problem(p[0], p[1], p[2], p[3], p[4], p[5]))
    return decoded


def _decode_key(key: Any) -> Optional[tuple[str, str, str]]:
    if key is None:
        return None
    _check(type(key) is list and len(key) == 3 and all(type(x) is str for x in key) and key[0] in KINDS)
    return (key[0], key[1], key[2])


def _encode_entry(stamped: Any, content: Any, problems: list[Problem]) -> list[Any]:
    """[stamp, key or None, model or None, problems]: what the cache keeps per file."""
    return [
        list(stamped) if stamped else None,
        [content.kind, content.id, content.lang] if content is not None else None,
        _encode(content) if content is not None else None,
        [[p.path, p.message_id, p.line, p.column, p.code, dict(p.params)] for p in problems],
    ]


def load_library(extra: Iterable[Path] = (), use_cache: bool = True) -> Library:
    """Load every content file on the search path, overriding by (kind, id, lang)."""
    folders = search_path(extra)
    ident = "\0".join(str(f.path.resolve()) for f in folders)
    schema = _schema() if use_cache else ""
    doc = cache.load_raw(CACHE_KIND, ident, schema) if use_cache else None
    cached = doc.get("data") if doc else None
    if not isinstance(cached, dict):
        cached = {}
    fresh: dict[str, Any] = {}
    dirty = False
    lib = Library(folders=folders)
    by_key: dict[tuple[str, str, str], Entry[Playbook | Scenario]] = {}
    for folder in folders:
        for path in discover(folder.path):
            stamped = stamp(path)
            key = str(path)
            hit = cached.get(key)
            entry: Optional[Entry[Playbook | Scenario]] = None
            problems: Optional[list[Problem]] = None
            if type(hit) is list and len(hit) == 4 and stamped is not None and hit[0] == list(stamped):
                try:
                    problems = _decode_problems(hit[3])
                    ckey = _decode_key(hit[1])
                    _check((ckey is None) == (hit[2] is None))
                    if ckey is not None:
                        entry = Entry(None, path, folder.origin, ckey, hit[2])  # decoded on use
                    fresh[key] = hit
                except cache.DECODE_ERRORS:  # damaged or wrongly typed: read the file again
                    problems = None
            if problems is None:
                from .loader import load_file

                loaded = load_file(path)
                problems = loaded.problems
                entry = Entry(loaded.content, path, folder.origin) if loaded.content is not None else None
                fresh[key] = _encode_entry(stamped, loaded.content, problems)
                dirty = True
            if entry is None:
                lib.broken.append((path, problems))
                continue
            if entry.key in by_key:
                lib.overridden.append(by_key[entry.key])
            by_key[entry.key] = entry
    if use_cache and (dirty or fresh.keys() != cached.keys()):
        cache.save(CACHE_KIND, ident, schema, fresh)
    lib.entries = list(by_key.values())
    return lib

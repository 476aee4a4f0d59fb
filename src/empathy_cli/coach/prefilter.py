"""Regular expressions that are compiled only when a reply could match them.

The wording check has a few hundred rules; compiling them all costs ~40 ms on every
`empathy check`, more than everything else the command does. Most rules cannot match a
given reply at all, and that is cheap to see: a rule like ``\\bcalm (yourself )?down\\b``
needs the text ``calm`` somewhere. So each pattern gets a *prefilter*, a set of literal
strings at least one of which must occur in any text it matches (found once from the
pattern's parse tree, the way RE2 and Hyperscan pick literals), and is compiled only when
one of them does occur. Prefilters are kept in the cache (`cache`, plain JSON), so a
normal run neither parses nor compiles patterns that cannot match.

A pattern whose prefilter cannot be worked out (lookarounds only, a leading character
class…) simply has none and is always compiled: the prefilter may only ever skip work,
never change a result.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator, Literal, Optional, Sequence

from ..text import fold

CACHE_KIND = "check-prefilter"
SHAPE = "1:{pattern: [literal] | null}"  # part of the cache key
_literals: Optional[dict[str, Optional[tuple[str, ...]]]] = None
_dirty = False


def _required(items: Iterable[tuple[Any, Any]]) -> Optional[set[str]]:
    """Literals one of which must occur wherever `items` (a parsed sequence of
    (opcode, argument) pairs, from the private `re._parser`) matches."""
    from re import _constants as c  # type: ignore[attr-defined]  # private: not in typeshed

    candidates: list[set[str]] = []
    run = ""

    def flush() -> None:
        nonlocal run
        if len(run) >= 2:
            candidates.append({run})
        run = ""

    for op, av in items:
        if op is c.LITERAL:
            run += chr(av)
            continue
        flush()
        need: Optional[set[str]] = None
        if op is c.SUBPATTERN:
            need = _required(av[-1])
        elif op is c.BRANCH:
            branches = [_required(b) for b in av[1]]
            found = [b for b in branches if b is not None]
            need = set[str]().union(*found) if len(found) == len(branches) else None
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            need = _required(av[2])
        elif op is getattr(c, "ATOMIC_GROUP", None):
            need = _required(av)
        if need:
            candidates.append(need)
    flush()
    if not candidates:
        return None
    # The most selective requirement: the one whose shortest literal is longest.
    return max(candidates, key=lambda s: (min(map(len, s)), -len(s)))


def literals_of(pattern: str) -> Optional[tuple[str, ...]]:
    """The prefilter of `pattern` (case-insensitive, on folded text), or None."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # private: not in typeshed

        need = _required(_parser.parse(pattern, re.IGNORECASE))
    except Exception:  # a bad pattern, or a Python whose parser differs: no prefilter
        return None
    if not need:
        return None
    return tuple(sorted({fold(s) for s in need}))


def _decode(data: object) -> dict[str, Optional[tuple[str, ...]]]:
    """The saved table, strictly typed (anything else raises: the cache rebuilds it)."""
    if type(data) is not dict:
        raise TypeError("prefilter: mapping expected")
    out: dict[str, Optional[tuple[str, ...]]] = {}
    for pattern, need in data.items():
        if need is None:
            out[pattern] = None
        elif type(need) is list and all(type(x) is str for x in need):
            out[pattern] = tuple(need)
        else:
            raise TypeError("prefilter: list of text expected")
    return out


def _load() -> dict[str, Optional[tuple[str, ...]]]:
    global _literals
    if _literals is None:
        from .. import cache

        _literals = cache.load(CACHE_KIND, "", SHAPE, decode=_decode) or {}
    return _literals


def save() -> None:
    """Keep newly computed prefilters for the next run (best effort)."""
    global _dirty
    if not _dirty or _literals is None:
        return
    from .. import cache

    if cache.save(CACHE_KIND, "", SHAPE, {k: (list(v) if v is not None else None) for k, v in _literals.items()}):
        _dirty = False


class LazyPattern:
    """A case-insensitive pattern, compiled on first real use."""

    __slots__ = ("source", "_rx", "_need")

    def __init__(self, source: str):
        self.source = source
        self._rx: Optional[re.Pattern[str]] = None
        self._need: Optional[tuple[str, ...]] | Literal[False] = False  # False: not looked up yet

    def need(self) -> Optional[tuple[str, ...]]:
        """The prefilter: literals one of which any match contains (None: no prefilter)."""
        if self._need is False:
            global _dirty
            table = _load()
            if self.source not in table:
                table[self.source] = literals_of(self.source)
                _dirty = True
            self._need = table[self.source]
        return self._need

    def may_match(self, text: str) -> bool:
        """False only when no match is possible (`text` is folded, lower-case)."""
        need = self.need()
        return need is None or any(lit in text for lit in need)

    @property
    def rx(self) -> Optional[re.Pattern[str]]:
        """The compiled pattern; None for a broken one (`empathy validate` reports those)."""
        if self._rx is None:
            try:
                self._rx = re.compile(self.source, re.IGNORECASE)
            except re.error:
                self._need = ()  # never matches, never compiled again
                return None
        return self._rx

    def search(self, text: str) -> Optional[re.Match[str]]:
        rx = self.rx if self.may_match(text) else None
        return rx.search(text) if rx is not None else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        rx = self.rx if self.may_match(text) else None
        return rx.finditer(text) if rx is not None else iter(())


class LiteralIndex:
    """Which of many patterns may match a text, worked out in one pass instead of one
    `may_match` per pattern: the prefilters' literals are grouped by their first two
    characters, and only the literals starting with a pair of characters the text holds
    are looked for. `candidates` gives exactly the patterns whose `may_match` is true
    (a pattern found broken later has no `rx`: the caller skips it, as `finditer` would)."""

    __slots__ = ("_always", "_short", "_by_pair", "_of")

    def __init__(self, patterns: Sequence[LazyPattern]):
        always: list[int] = []
        of: dict[str, list[int]] = {}
        for i, pattern in enumerate(patterns):
            need = pattern.need()
            if need is None:
                always.append(i)
            else:
                for lit in need:
                    of.setdefault(lit, []).append(i)
        by_pair: dict[str, list[str]] = {}
        short: list[str] = []  # literals of fewer than two characters ("" is in every text)
        for lit in of:
            if len(lit) < 2:
                short.append(lit)
            else:
                by_pair.setdefault(lit[:2], []).append(lit)
        self._always, self._short, self._by_pair = tuple(always), tuple(short), by_pair
        self._of = {lit: tuple(found) for lit, found in of.items()}

    def candidates(self, text: str) -> list[int]:
        """The positions (ascending) of the patterns that may match `text` (folded)."""
        found = set(self._always)
        of, by_pair = self._of, self._by_pair
        for pair in by_pair.keys() & {text[i : i + 2] for i in range(len(text) - 1)}:
            for lit in by_pair[pair]:
                if lit in text:
                    found.update(of[lit])
        for lit in self._short:
            if lit in text:
                found.update(of[lit])
        return sorted(found)

"""A plain-data digest of the playbooks, for `empathy check`.

The wording check needs little of a playbook: its language, its `signals:`, and each
stage's phrases and phrases to avoid. Reading that from the content cache means importing
the typed models and unpickling every playbook and scenario, about a fifth of the run.
So the check reads this digest instead: the same fields as plain objects, kept as plain
JSON in the cache (`cache`) and stamped with the search path and every file's path, size
and mtime. Any change rebuilds it from the library; a damaged, foreign or wrongly typed
digest is rebuilt too.

The stages' phrases are most of a playbook's text, and the check reads them only to
suggest a better phrasing when no phrase to avoid of the same kind exists. So they are
kept in a second document (CACHE_KIND_PHRASES, same name and stamps) that is read the
first time a stage's `phrases` are asked for: a run that needs none reads an eighth of the
text.
The check engine reads playbooks by attribute only, so a digest and a model serve alike.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any, Callable, Iterable, Optional

from .searchpath import search_path, stamps

CACHE_KIND = "check-digest"
CACHE_KIND_PHRASES = "check-phrases"
#: The shape of a digest (below): part of the cache key, so changing it is a new file.
SHAPE = "3:id,lang,signals[kind,safe patterns,label,weight],stages[id,avoid[text,instead,why,kind,tags]]"
SHAPE_PHRASES = "1:{lang:[playbook:[stage:[[text,tags]]]]}"


def _digest(pb: Any) -> list[Any]:
    from ..coach.safepattern import problem

    return [
        pb.id,
        pb.lang,
        # only patterns safe to run (`validate` names the others), so a run need not scan them
        [[s.kind, [p for p in s.patterns if problem(p, compile=False) is None], s.label, s.weight] for s in pb.signals],
        [[st.id, [[a.text, a.instead, a.why, a.kind, list(a.tags)] for a in st.avoid]] for st in pb.stages],
    ]


def _phrases_of(pb: Any) -> list[Any]:
    return [[[p.text, list(p.tags)] for p in st.phrases] for st in pb.stages]


class Stage:
    """A stage of a digest: its id and phrases to avoid; its phrases are read from the
    second document when first asked for (see the module description)."""

    __slots__ = ("id", "avoid", "_phrases", "_fill")

    def __init__(self, id: str, avoid: list[NS], fill: Callable[[], None]):
        self.id, self.avoid = id, avoid
        self._phrases: Optional[list[NS]] = None
        self._fill = fill

    @property
    def phrases(self) -> list[NS]:
        if self._phrases is None:
            self._fill()  # sets every stage's phrases at once
        return self._phrases or []


def _str(v: Any) -> str:
    if type(v) is not str:
        raise TypeError("digest: text expected")
    return v


def _strs(v: Any) -> list[str]:
    if type(v) is not list or not all(type(x) is str for x in v):
        raise TypeError("digest: list of text expected")
    return v


def _number(v: Any) -> float:
    if type(v) not in (int, float):
        raise TypeError("digest: number expected")
    return float(v)


def _opt(v: Any) -> Optional[str]:
    return None if v is None else _str(v)


def _playbook(d: Any, fill: Callable[[], None]) -> NS:
    pid, lang, signals, stages = d
    return NS(
        id=_str(pid),
        lang=_str(lang),
        signals=[NS(kind=_str(k), patterns=_strs(p), label=_str(label), weight=_number(w), safe=True) for k, p, label, w in signals],
        stages=[
            Stage(_str(sid), [NS(text=_str(t), instead=_str(i), why=_str(w), kind=_opt(k), tags=_strs(tags)) for t, i, w, k, tags in avoid], fill)
            for sid, avoid in stages
        ],
    )


def _decoder(fill: Callable[[], None]) -> Callable[[Any], dict[str, list[NS]]]:
    def decode(data: Any) -> dict[str, list[NS]]:
        if type(data) is not dict:
            raise TypeError("digest: mapping expected")
        out: dict[str, list[NS]] = {}
        for lang, playbooks in data.items():
            if type(playbooks) is not list:
                raise TypeError("digest: list expected")
            out[lang] = [_playbook(d, fill) for d in playbooks]
        return out

    return decode


def _decode_phrases(data: Any) -> dict[str, list[list[list[NS]]]]:
    if type(data) is not dict:
        raise TypeError("digest: mapping expected")
    return {_str(lang): [[[NS(text=_str(t), tags=_strs(tags)) for t, tags in stage] for stage in pb] for pb in playbooks] for lang, playbooks in data.items()}


def check_playbooks(extra: Iterable[Path], load_library: Callable[[], Any]) -> dict[str, list[NS]]:
    """Digests of every playbook on the search path, by language.

    `load_library` is called only when the digest is missing or stale (the caller's
    library, so broken files are reported the usual way)."""
    from .. import cache

    folders = [str(f.path) for f in search_path(extra)]
    stamped = stamps(folders)
    ident = "\0".join(folders)
    digests: dict[str, list[NS]] = {}

    def fill() -> None:
        """Give every stage its phrases (the second document; rebuilt when it is missing,
        damaged or of another state of the content than the digest)."""
        found = cache.load(CACHE_KIND_PHRASES, ident, SHAPE_PHRASES, stamped, _decode_phrases)
        if found is None or {k: len(v) for k, v in found.items()} != {k: len(v) for k, v in digests.items()}:
            raw = {lang: [_phrases_of(e.content) for e in lib] for lang, lib in _by_lang(load_library()).items()}
            cache.save(CACHE_KIND_PHRASES, ident, SHAPE_PHRASES, raw, stamped)
            found = _decode_phrases(raw)
        for lang, playbooks in digests.items():
            for pb, stages in zip(playbooks, found[lang]):
                for stage, phrases in zip(pb.stages, stages):
                    stage._phrases = phrases

    decode = _decoder(fill)
    loaded = cache.load(CACHE_KIND, ident, SHAPE, stamped, decode)
    if loaded is None:
        library = load_library()
        by_lang = _by_lang(library)
        raw = {lang: [_digest(e.content) for e in entries] for lang, entries in by_lang.items()}
        cache.save(CACHE_KIND, ident, SHAPE, raw, stamped)
        cache.save(CACHE_KIND_PHRASES, ident, SHAPE_PHRASES, {lang: [_phrases_of(e.content) for e in entries] for lang, entries in by_lang.items()}, stamped)
        loaded = decode(raw)
    digests.update(loaded)
    return digests


def _by_lang(library: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for entry in library.playbooks():
        out.setdefault(entry.content.lang, []).append(entry)
    return out

"""A plain-data digest of the playbooks, for `empathy check`.

The wording check needs little of a playbook: its language, its `signals:`, and each
stage's phrases and phrases to avoid. Reading that from the content cache means importing
the typed models and unpickling every playbook and scenario, about a fifth of the run.
So the check reads this digest instead: the same fields as `types.SimpleNamespace`
objects, kept as plain JSON in the cache (`cache`) and stamped with the search path and
every file's path, size and mtime. Any change rebuilds it from the library; a damaged,
foreign or wrongly typed digest is rebuilt too.
The check engine reads playbooks by attribute only, so a digest and a model serve alike.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any, Callable, Iterable, Optional

from .searchpath import search_path, stamps

CACHE_KIND = "check-digest"
#: The shape of a digest (below): part of the cache key, so changing it is a new file.
SHAPE = "2:id,lang,signals[kind,safe patterns,label,weight],stages[id,phrases[text,tags],avoid[text,instead,why,kind,tags]]"


def _digest(pb: Any) -> list[Any]:
    from ..coach.safepattern import problem

    return [
        pb.id,
        pb.lang,
        # only patterns safe to run (`validate` names the others), so a run need not scan them
        [[s.kind, [p for p in s.patterns if problem(p, compile=False) is None], s.label, s.weight] for s in pb.signals],
        [
            [
                st.id,
                [[p.text, list(p.tags)] for p in st.phrases],
                [[a.text, a.instead, a.why, a.kind, list(a.tags)] for a in st.avoid],
            ]
            for st in pb.stages
        ],
    ]


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


def _playbook(d: Any) -> NS:
    pid, lang, signals, stages = d
    return NS(
        id=_str(pid),
        lang=_str(lang),
        signals=[NS(kind=_str(k), patterns=_strs(p), label=_str(label), weight=_number(w), safe=True) for k, p, label, w in signals],
        stages=[
            NS(
                id=_str(sid),
                phrases=[NS(text=_str(t), tags=_strs(tags)) for t, tags in phrases],
                avoid=[NS(text=_str(t), instead=_str(i), why=_str(w), kind=_opt(k), tags=_strs(tags)) for t, i, w, k, tags in avoid],
            )
            for sid, phrases, avoid in stages
        ],
    )


def _decode(data: Any) -> dict[str, list[NS]]:
    if type(data) is not dict:
        raise TypeError("digest: mapping expected")
    out: dict[str, list[NS]] = {}
    for lang, playbooks in data.items():
        if type(playbooks) is not list:
            raise TypeError("digest: list expected")
        out[lang] = [_playbook(d) for d in playbooks]
    return out


def check_playbooks(extra: Iterable[Path], load_library: Callable[[], Any]) -> dict[str, list[NS]]:
    """Digests of every playbook on the search path, by language.

    `load_library` is called only when the digest is missing or stale (the caller's
    library, so broken files are reported the usual way)."""
    from .. import cache

    folders = [str(f.path) for f in search_path(extra)]
    stamped = stamps(folders)
    ident = "\0".join(folders)
    found = cache.load(CACHE_KIND, ident, SHAPE, stamped, _decode)
    if found is not None:
        return found
    library = load_library()
    raw: dict[str, list[Any]] = {}
    for entry in library.playbooks():
        raw.setdefault(entry.content.lang, []).append(_digest(entry.content))
    cache.save(CACHE_KIND, ident, SHAPE, raw, stamped)
    return _decode(raw)

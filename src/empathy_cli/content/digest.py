"""A plain-data digest of the playbooks, for `empathy check`.

The wording check needs little of a playbook: its language, its `signals:`, and each
stage's phrases and phrases to avoid. Reading that from the content cache means importing
the typed models and unpickling every playbook and scenario, about a fifth of the run.
So the check reads this digest instead: the same fields as `types.SimpleNamespace`
objects (they pickle without any project class), kept in the user cache folder and
stamped like the phrase index with the search path and every file's path, size and
mtime. Any change rebuilds it from the library; a damaged or foreign digest is ignored.
The check engine reads playbooks by attribute only, so a digest and a model serve alike.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace as NS
from typing import Any, Callable, Iterable

from .. import __version__
from .searchpath import search_path, stamps

FORMAT = (1, __version__, sys.version_info[:2])


def _digest(pb: Any) -> NS:
    return NS(
        id=pb.id,
        lang=pb.lang,
        signals=[NS(kind=s.kind, patterns=list(s.patterns), label=s.label, weight=s.weight) for s in pb.signals],
        stages=[
            NS(
                id=st.id,
                phrases=[NS(text=p.text, tags=list(p.tags)) for p in st.phrases],
                avoid=[NS(text=a.text, instead=a.instead, why=a.why, kind=a.kind, tags=list(a.tags)) for a in st.avoid],
            )
            for st in pb.stages
        ],
    )


def check_playbooks(extra: Iterable[Path], load_library: Callable[[], Any]) -> dict[str, list[NS]]:
    """Digests of every playbook on the search path, by language.

    `load_library` is called only when the digest is missing or stale (the caller's
    library, so broken files are reported the usual way)."""
    import pickle
    import zlib

    from .. import paths

    folders = [str(f.path) for f in search_path(extra)]
    stamped = stamps(folders)
    key = zlib.crc32("\0".join(folders).encode("utf-8", "surrogateescape"))
    file = paths.cache_dir() / f"check-{key:08x}.pickle"
    try:
        with open(file, "rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, dict) and data.get("format") == FORMAT and data.get("stamps") == stamped:
            return data["playbooks"]
    except Exception:  # missing, damaged or from another version: rebuild
        pass
    library = load_library()
    by_lang: dict[str, list[NS]] = {}
    for entry in library.playbooks():
        by_lang.setdefault(entry.content.lang, []).append(_digest(entry.content))
    try:
        from ..atomic import write_atomic

        write_atomic(file, pickle.dumps({"format": FORMAT, "stamps": stamped, "playbooks": by_lang}, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache folder only costs speed
    return by_lang

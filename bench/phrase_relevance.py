"""How often `empathy phrases QUERY` puts the right words first: success@1 and precision@3.

    python bench/phrase_relevance.py [FILE.tsv ...] [--misses] [--k 3]

Each FILE is a labelled query set, tab-separated with a header: `lang`, `query`,
`relevant`. `relevant` is a case-insensitive Python regular expression; a result counts
as relevant when it is in the query's language and the regex matches its text, one of
its tag ids or one of its tag labels. For each file and language this prints:

* with `--lang`: the query searched in its own language;
* without `--lang`, C locale: the language chosen as the command chooses it (detected
  from the query when the detector is clear, else the interface language, English), so a
  query searched in the wrong language scores zero.

success@1 = share of queries whose first result is relevant; precision@3 = relevant
results among the first three, over three (a missing result counts as not relevant).

Without FILE arguments it reports, each separately, the development sets by other
authors: tests/data/search/queries_dev.tsv, queries_dev2.tsv, queries_dev3.tsv
(`bench/split_dev3.py` holds a third of it back for honest tuning), queries_dev4.tsv, queries_dev5.tsv, queries_dev6.tsv,
queries_dev7.tsv, queries_dev8.tsv,
queries_dev9.tsv, queries_dev10.tsv, queries_dev11.tsv, queries_dev12.tsv, queries_dev13.tsv, queries_dev14.tsv, queries_dev15.tsv and
/work/shared/corpus/queries-external.tsv (those that exist). With `--blind` it also
reports the held-out sets, each by an author who saw nothing of the project and committed
before the tuning it judges: queries_blind.tsv, queries_fresh_blind.tsv,
queries_blind2.tsv, queries_blind3.tsv and queries_blind4.tsv; every such run is a look, to be counted in the notes. Only the built-in content is searched (EMPATHY_HOME and EMPATHY_CACHE point
to temporary folders). `--misses` lists the queries that failed, for studying classes
of mistakes; it refuses a blind set, whose per-query results must stay unseen.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULTS = [
    REPO / "tests/data/search/queries_dev.tsv",
    REPO / "tests/data/search/queries_dev2.tsv",
    REPO / "tests/data/search/queries_dev3.tsv",
    REPO / "tests/data/search/queries_dev4.tsv",
    REPO / "tests/data/search/queries_dev5.tsv",
    REPO / "tests/data/search/queries_dev6.tsv",
    REPO / "tests/data/search/queries_dev7.tsv",
    REPO / "tests/data/search/queries_dev8.tsv",
    REPO / "tests/data/search/queries_dev9.tsv",
    REPO / "tests/data/search/queries_dev10.tsv",
    REPO / "tests/data/search/queries_dev11.tsv",
    REPO / "tests/data/search/queries_dev12.tsv",
    REPO / "tests/data/search/queries_dev13.tsv",
    REPO / "tests/data/search/queries_dev14.tsv",
    REPO / "tests/data/search/queries_dev15.tsv",
    Path("/work/shared/corpus/queries-external.tsv"),
]
#: Held-out sets: reported only with --blind (every run is a look; count them in the notes).
BLIND = [
    REPO / "tests/data/search/queries_blind.tsv",
    REPO / "tests/data/search/queries_fresh_blind.tsv",
    REPO / "tests/data/search/queries_blind2.tsv",
    REPO / "tests/data/search/queries_blind3.tsv",
    REPO / "tests/data/search/queries_blind4.tsv",
]


def read_set(path: Path) -> list[tuple[str, str, re.Pattern]]:
    rows = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        for n, row in enumerate(reader, start=2):
            try:
                lang, query, relevant = row["lang"].strip(), row["query"], row["relevant"].strip()
            except (KeyError, AttributeError):
                sys.exit(f"{path}:{n}: expected the columns lang, query, relevant")
            if not lang or not query:
                continue
            try:
                rx = re.compile(relevant, re.IGNORECASE)
            except re.error as exc:
                sys.exit(f"{path}:{n}: relevant: bad regular expression: {exc}")
            rows.append((lang, query, rx))
    return rows


def relevant(hit, lang: str, rx: re.Pattern) -> bool:
    if hit.lang != lang:
        return False
    return bool(rx.search(hit.text) or any(rx.search(t) for t in hit.tags) or any(rx.search(t) for t in hit.tag_labels))


def evaluate(index, engine, rows, k: int, given: bool):
    """{lang: (n, success@1 sum, precision@k sum)} and the failed queries."""
    stats: dict[str, list] = {}
    misses = []
    for lang, query, rx in rows:
        if given:
            search_lang = lang
        else:
            search_lang, _ = engine.choose_lang(index, query, "en")
        hits = engine.search(index, engine.Query(query, lang=search_lang, limit=k))
        good = [relevant(h, lang, rx) for h in hits[:k]]
        s = stats.setdefault(lang, [0, 0.0, 0.0])
        s[0] += 1
        s[1] += 1.0 if good and good[0] else 0.0
        s[2] += sum(good) / k
        if not (good and good[0]) or sum(good) < k:
            misses.append((lang, query, search_lang, rx.pattern, [(g, h.text, h.tags) for g, h in zip(good, hits)]))
    return stats, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--misses", action="store_true", help="list failed queries (never for a blind set)")
    parser.add_argument("--blind", action="store_true", help="also report the held-out sets (count your looks)")
    args = parser.parse_args()
    files = args.files or [p for p in DEFAULTS + (BLIND if args.blind else []) if p.exists()]
    if args.misses and any("blind" in p.name for p in files):
        sys.exit("--misses: refusing to show per-query results of a blind set")

    tmp = tempfile.mkdtemp(prefix="empathy-relevance-")
    os.environ["EMPATHY_HOME"] = os.path.join(tmp, "home")
    os.environ["EMPATHY_CACHE"] = os.path.join(tmp, "cache")
    os.environ.pop("EMPATHY_PLAYBOOKS", None)
    for var in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "EMPATHY_LANG"):
        os.environ.pop(var, None)
    os.environ["LC_ALL"] = "C"
    sys.path.insert(0, str(REPO / "src"))
    from empathy_cli.coach import phrases as engine
    from empathy_cli.content.library import load_library

    index = engine.open_index([], lambda: load_library([]))
    for path in files:
        rows = read_set(path)
        print(f"\n{path}  ({len(rows)} queries)")
        print(f"  {'':14} {'lang':4} {'n':>4} {'success@1':>10} {'precision@' + str(args.k):>12}")
        for given in (True, False):
            stats, misses = evaluate(index, engine, rows, args.k, given)
            label = "--lang" if given else "no --lang (C)"
            for lang in sorted(stats):
                n, s1, pk = stats[lang]
                print(f"  {label:14} {lang:4} {n:4d} {s1 / n:10.3f} {pk / n:12.3f}")
            if args.misses:
                for lang, query, used, pattern, got in misses:
                    print(f"    MISS [{label}] {lang}→{used} {query!r}  /{pattern}/")
                    for good, text, tags in got:
                        print(f"        {'+' if good else '-'} {text}  {list(tags)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

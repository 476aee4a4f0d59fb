"""Phrase lookup: a compact search index over every playbook's phrases, and the search.

`empathy phrases WORD` must answer in a few interpreter start-ups even with hundreds of
playbooks, so this module keeps its own index cache next to the content cache and
imports nothing heavy (no YAML, no content models, no json) when that cache is warm:

* The index is stamped with the search path and the path, size and mtime of every
  content file on it — the same stamp keys as the content cache. Any added, removed or
  changed file, or a different search path, rebuilds it (from `content.library`, whose
  own cache avoids re-parsing unchanged YAML).
* It holds plain data only, serialised with `marshal` behind a magic header and a CRC:
  the vocabulary of folded words with a posting list (phrase numbers) per word, posting
  lists per tag and per stage, the tag and stage vocabularies per language, and one
  marshalled record per phrase (text, tags, avoided phrasings) decoded only when shown.
  A cache that is truncated, corrupt, from another version or another Python is ignored
  and rebuilt; it is written atomically (`atomic.write_atomic`).

Matching is on folded text (`text.fold`: lower case, accents stripped): a query word
matches a word of the phrase exactly or as its start ("frustr" → "frustrating",
"frustrujące"), a tag by its id, label or search words in the playbook's language
("zwrot" → refund), or a stage by its id or title; a word that matches nothing is tried
again with one typo (a letter missing, extra, wrong or swapped).
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from array import array
from bisect import bisect_right
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import __version__
from ..text import fold

#: Same order as content.models.STAGE_IDS (a test keeps them in step; importing the
#: models here would cost the fast path a few milliseconds).
STAGES = ("listen", "empathize", "solve", "escalate", "document")
SUFFIXES = (".yaml", ".yml")

INDEX_FORMAT = 1
_MAGIC = b"EMPATHY-PHRASES\n"
_TAG = (INDEX_FORMAT, __version__, sys.version_info[:2], marshal.version)

# Scores of one query word against one phrase (text and tag parts add up).
EXACT, PREFIX, TYPO, STAGE = 3.0, 2.0, 1.0, 1.0

AVOID_SIMILARITY = 0.34

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- results


class PhraseHit:
    """One phrase found, with where it comes from."""

    __slots__ = ("text", "stage", "playbook", "playbook_title", "lang", "tags", "tag_labels", "avoid", "path", "score")

    def __init__(self, text, stage, playbook, playbook_title, lang, tags, tag_labels, avoid, path, score=0.0):
        self.text = text
        self.stage = stage
        self.playbook = playbook
        self.playbook_title = playbook_title
        self.lang = lang
        self.tags = tags
        self.tag_labels = tag_labels
        self.avoid = avoid
        self.path = path
        self.score = score

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "stage": self.stage,
            "playbook": self.playbook,
            "playbook_title": self.playbook_title,
            "lang": self.lang,
            "tags": list(self.tags),
            "tag_labels": list(self.tag_labels),
            "avoid": list(self.avoid),
            "path": self.path,
            "score": round(self.score, 2),
        }

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"PhraseHit({self.text!r}, {self.stage}, {self.playbook}/{self.lang}, {self.score})"


# --------------------------------------------------------------------------- search path


def search_folders(extra: Iterable[Path] = ()) -> list[str]:
    """The content search path, as `content.library.search_path` computes it.

    Duplicated (four lines) so the warm path does not import the content package;
    `tests/test_phrases.py` checks the two agree, and `build` refuses to cache an index
    when they don't.
    """
    from .. import paths

    folders = [paths.builtin_playbooks(), paths.home() / "playbooks"]
    for part in os.environ.get("EMPATHY_PLAYBOOKS", "").split(os.pathsep):
        if part.strip():
            folders.append(Path(part).expanduser())
    folders.extend(Path(p).expanduser() for p in extra)
    return [str(f) for f in folders]


def _walk(folder: str) -> Iterable[str]:
    """YAML files below `folder` in `content.library.discover` order."""
    if os.path.isfile(folder):
        yield folder
        return
    if not os.path.isdir(folder):
        return
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def stamps(folders: list[str]) -> list[tuple]:
    """(path, size, mtime_ns) of every content file on the search path, in order."""
    out = []
    for folder in folders:
        for path in _walk(folder):
            try:
                st = os.stat(path)
            except OSError:
                out.append((path, -1, -1))
                continue
            out.append((path, st.st_size, st.st_mtime_ns))
    return out


def cache_file(folders: list[str]) -> Path:
    import zlib

    from .. import paths

    key = zlib.crc32("\0".join(os.path.abspath(f) for f in folders).encode("utf-8", "surrogateescape"))
    return paths.cache_dir() / f"phrases-{key:08x}.idx"


# --------------------------------------------------------------------------- the index


class PhraseIndex:
    """The searchable form of every phrase on the search path (all languages)."""

    def __init__(self, data: dict, fresh: bool = False):
        self.folders: list[str] = data["folders"]
        self.files: list = data["files"]
        #: one row per playbook: (id, lang, title, path)
        self.playbooks: list = data["playbooks"]
        self.pb_start = _arr(data["pb_start"])  # first phrase number of each playbook (+ total)
        self.vocab: str = data["vocab"]  # "\n" + folded words, one per line, sorted
        self.word_start = _arr(data["word_start"])  # offset of each vocab line
        self.postings: bytes = data["postings"]
        self.post_start = _arr(data["post_start"])
        self.tag_post: dict = data["tag_post"]  # "lang:tag id" -> phrase numbers (array 'I' bytes)
        self.stage_post: dict = data["stage_post"]  # "lang:stage id" -> phrase numbers
        #: lang -> {tag id: (label, folded words)}; lang -> {stage id: folded words}
        self.tag_vocab: dict = data["tag_vocab"]
        self.stage_vocab: dict = data["stage_vocab"]
        self.records: bytes = data["records"]
        self.rec_start = _arr(data["rec_start"])
        #: files that failed to load: (path, number of problems)
        self.broken: list = data["broken"]
        self.fresh = fresh  # built in this run (the library already warned about broken files)
        self._data = data

    # -- basic facts

    def __len__(self) -> int:
        return len(self.rec_start) - 1

    def langs(self) -> list[str]:
        return sorted({row[1] for row in self.playbooks})

    def playbook_of(self, i: int) -> int:
        return bisect_right(self.pb_start, i) - 1

    def record(self, i: int, score: float = 0.0) -> PhraseHit:
        text, stage, tags, avoid = marshal.loads(self.records[self.rec_start[i] : self.rec_start[i + 1]])
        pb_id, lang, title, path = self.playbooks[self.playbook_of(i)]
        vocab = self.tag_vocab.get(lang, {})
        labels = tuple(vocab[t][0] if t in vocab else t for t in tags)
        return PhraseHit(text, stage, pb_id, title, lang, tuple(tags), labels, tuple(avoid), path, score)

    def tag_ids(self, lang: Optional[str] = None) -> list[str]:
        """Tags used by at least one phrase (in `lang`)."""
        return sorted({k.partition(":")[2] for k in self.tag_post if lang is None or k.partition(":")[0] == lang})

    def _postings(self, word_no: int) -> array:
        a = array("I")
        a.frombytes(self.postings[self.post_start[word_no] * 4 : self.post_start[word_no + 1] * 4])
        return a

    def _words_from(self, rx: re.Pattern) -> list[tuple[int, str]]:
        """Vocabulary lines matched by `rx` (which starts with a literal "\\n")."""
        out = []
        for m in rx.finditer(self.vocab):
            line = m.start() + 1
            end = self.vocab.find("\n", line)
            word = self.vocab[line : end if end != -1 else len(self.vocab)]
            out.append((bisect_right(self.word_start, line) - 1, word))
        return out

    def dump(self) -> bytes:
        import zlib

        payload = marshal.dumps((_TAG, self._data))
        return _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload


def _arr(data: bytes) -> array:
    a = array("I")
    a.frombytes(data)
    return a


def _tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


_KEYS = {
    "folders": list, "files": list, "playbooks": list, "pb_start": bytes, "vocab": str, "word_start": bytes,
    "postings": bytes, "post_start": bytes, "tag_post": dict, "stage_post": dict, "tag_vocab": dict,
    "stage_vocab": dict, "records": bytes, "rec_start": bytes, "broken": list,
}


def read_index(file: Path) -> Optional[PhraseIndex]:
    """The cached index, or None when it is missing, corrupt or foreign."""
    import zlib

    try:
        with open(file, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + 4
    if len(raw) < head or not raw.startswith(_MAGIC):
        return None
    payload = memoryview(raw)[head:]
    if zlib.crc32(payload) != int.from_bytes(raw[len(_MAGIC) : head], "big"):
        return None
    try:
        tag, data = marshal.loads(payload)
        if tag != _TAG or not isinstance(data, dict):
            return None
        for key, kind in _KEYS.items():
            if not isinstance(data.get(key), kind):
                return None
        index = PhraseIndex(data)
        n = len(index)
        if (
            n < 0
            or len(index.pb_start) != len(index.playbooks) + 1
            or len(index.post_start) != len(index.word_start) + 1
            or index.rec_start[-1] != len(index.records)
            or index.post_start[-1] * 4 != len(index.postings)
            or (n and index.pb_start[-1] != n)
        ):
            return None
        return index
    except Exception:  # anything odd in a cache means: rebuild it
        return None


def build_index(library, folders: list[str], files: list) -> PhraseIndex:
    """Build the index from a loaded `content.library.Library`."""
    vocab_post: dict[str, list[int]] = {}
    tag_post: dict[str, list[int]] = {}
    stage_post: dict[str, list[int]] = {}
    tag_vocab: dict[str, dict] = {}
    stage_vocab: dict[str, dict] = {}
    playbooks, pb_start, records, rec_start = [], [], [], [0]
    size = 0
    n = 0
    for entry in library.playbooks():
        pb = entry.content
        playbooks.append((pb.id, pb.lang, pb.title, str(entry.path)))
        pb_start.append(n)
        tv = tag_vocab.setdefault(pb.lang, {})
        for info in pb.tags:
            label, words = tv.get(info.id, (info.label, ()))
            words = tuple(sorted(set(words) | set(_tokens(info.id.replace("_", " "))) | set(_tokens(info.label))
                                 | {w for phrase in info.words for w in _tokens(phrase)}))
            tv[info.id] = (label, words)
        sv = stage_vocab.setdefault(pb.lang, {})
        for stage in pb.stages:
            sv[stage.id] = tuple(sorted(set(sv.get(stage.id, ())) | {stage.id} | set(_tokens(stage.title))))
        avoids = _avoid_map(pb)
        for stage in pb.stages:
            for k, phrase in enumerate(stage.phrases):
                for word in set(_tokens(phrase.text)):
                    vocab_post.setdefault(word, []).append(n)
                for tag in dict.fromkeys(phrase.tags):
                    tag_post.setdefault(_key(pb.lang, tag), []).append(n)
                    if tag not in tv:  # a tag the vocabulary doesn't describe: its id is its name
                        tv[tag] = (tag, tuple(_tokens(tag.replace("_", " "))))
                stage_post.setdefault(_key(pb.lang, stage.id), []).append(n)
                rec = marshal.dumps((phrase.text, stage.id, list(phrase.tags), avoids.get((stage.id, k), [])))
                records.append(rec)
                size += len(rec)
                rec_start.append(size)
                n += 1
    pb_start.append(n)
    words = sorted(vocab_post)
    word_start, post_start, postings, pos, count = [], [0], array("I"), 0, 0
    vocab_parts = []
    for w in words:
        word_start.append(pos)
        vocab_parts.append("\n" + w)
        pos += len(w) + 1
        postings.extend(vocab_post[w])
        count += len(vocab_post[w])
        post_start.append(count)
    broken = [(str(path), len(problems)) for path, problems in library.broken]
    data = {
        "folders": folders,
        "files": files,
        "playbooks": playbooks,
        "pb_start": array("I", pb_start).tobytes(),
        "vocab": "".join(vocab_parts),
        "word_start": array("I", word_start).tobytes(),
        "postings": postings.tobytes(),
        "post_start": array("I", post_start).tobytes(),
        "tag_post": {t: array("I", ids).tobytes() for t, ids in tag_post.items()},
        "stage_post": {s: array("I", ids).tobytes() for s, ids in stage_post.items()},
        "tag_vocab": tag_vocab,
        "stage_vocab": stage_vocab,
        "records": b"".join(records),
        "rec_start": array("I", rec_start).tobytes(),
        "broken": broken,
    }
    return PhraseIndex(data, fresh=True)


def _norm_words(text: str) -> frozenset:
    """Content words, cut to five letters (a cheap stem that works for inflected Polish too)."""
    return frozenset(w[:5] for w in _tokens(text) if len(w) > 2)


def _avoid_map(pb) -> dict[tuple[str, int], list[str]]:
    """(stage id, phrase number) -> the avoided phrasings it replaces.

    An `avoid` entry belongs to the phrase its `instead` is (same words after folding),
    else to the most similar phrase of the playbook when they share enough of their
    content words (Jaccard of stems ≥ 0.34: "I'm sorry your experience hasn't been what
    you hoped for" ~ "I'm sorry the result isn't what you hoped for").
    """
    phrases = [(s.id, k, _norm_words(p.text), " ".join(_tokens(p.text))) for s in pb.stages for k, p in enumerate(s.phrases)]
    out: dict[tuple[str, int], list[str]] = {}
    for stage in pb.stages:
        for avoid in stage.avoid:
            target = " ".join(_tokens(avoid.instead))
            words = _norm_words(avoid.instead)
            best, best_score = None, 0.0
            for sid, k, pw, joined in phrases:
                if joined == target:
                    best, best_score = (sid, k), 2.0
                    break
                if words and pw:
                    score = len(words & pw) / len(words | pw)
                    if score > best_score:
                        best, best_score = (sid, k), score
            if best is not None and best_score >= AVOID_SIMILARITY:
                lst = out.setdefault(best, [])
                if avoid.text not in lst:
                    lst.append(avoid.text)
    return out


def open_index(extra: Iterable[Path], load_library: Callable[[], object], use_cache: bool = True) -> PhraseIndex:
    """The phrase index for this search path: from the cache when every stamp matches,
    else built from `load_library()` and cached.

    Files are stamped *before* the library is loaded, so a file changed meanwhile has a
    newer stamp than the index and is picked up by the next run.
    """
    folders = search_folders(extra)
    files = stamps(folders)
    file = cache_file(folders)
    if use_cache:
        index = read_index(file)
        if index is not None and index.folders == folders and index.files == [list(f) for f in files]:
            return index
    library = load_library()
    index = build_index(library, folders, [list(f) for f in files])
    if use_cache and _agrees(library, folders, files):
        from ..atomic import write_atomic

        try:
            write_atomic(file, index.dump(), dir_mode=0o700)
        except OSError:
            pass  # a read-only cache folder only costs speed
    return index


def _agrees(library, folders: list[str], files: list[tuple]) -> bool:
    """Whether our view of the search path is the library's (else never cache)."""
    theirs = [str(f.path) for f in getattr(library, "folders", [])]
    if theirs != folders:
        return False
    seen = {str(e.path) for e in library.entries} | {str(e.path) for e in library.overridden}
    seen |= {str(p) for p, _ in library.broken}
    return seen == {f[0] for f in files}


# --------------------------------------------------------------------------- search


class Query:
    """A search request; `None` filters mean "any"."""

    def __init__(self, text: str = "", lang: Optional[str] = None, stage: Optional[str] = None,
                 tag: Optional[str] = None, playbook: Optional[str] = None, limit: int = 10):
        self.text = text or ""
        self.lang = lang
        self.stage = stage
        self.tag = tag
        self.playbook = playbook
        self.limit = limit


def terms(text: str) -> list[str]:
    """The query's words, folded; one-letter words are dropped."""
    return list(dict.fromkeys(w for w in _tokens(text) if len(w) > 1))


def _typo_pattern(term: str) -> str:
    """A regex for every word starting with `term` at one edit (insert, delete, substitute, swap)."""
    variants = set()
    esc = [re.escape(c) for c in term]
    n = len(term)
    for i in range(n):
        variants.add("".join(esc[:i] + esc[i + 1 :]))  # deletion
        variants.add("".join(esc[:i] + [r"\w"] + esc[i + 1 :]))  # substitution
        if i + 1 < n:
            variants.add("".join(esc[:i] + [esc[i + 1], esc[i]] + esc[i + 2 :]))  # swap
    for i in range(n + 1):
        variants.add("".join(esc[:i] + [r"\w"] + esc[i:]))  # insertion
    return "|".join(sorted(variants, key=len, reverse=True))


def _match_words(words: Iterable[str], term: str, typo: Optional[re.Pattern]) -> float:
    """How well `term` matches one of `words`: exactly, as a word start, or (typo mode) at one edit."""
    if typo is not None:
        return TYPO if any(typo.match(w) for w in words) else 0.0
    best = 0.0
    for w in words:
        if w == term:
            return EXACT
        if w.startswith(term):
            best = PREFIX
    return best


def _term_scores(index: PhraseIndex, term: str, langs: Optional[set], typo: bool) -> dict[int, float]:
    """Phrase number -> score of one query word: the best text match plus the best tag
    match plus a stage match (tags and stages are matched in each phrase's language)."""
    typo_rx = re.compile("(?:" + _typo_pattern(term) + ")") if typo else None
    if typo_rx is not None:
        rx = re.compile("\n" + typo_rx.pattern + r"[^\n]*")
    else:
        rx = re.compile("\n" + re.escape(term) + r"[^\n]*")
    scores: dict[int, float] = {}
    # weakest first, so an exact word overrides a prefix match of the same phrase
    for word_no, word in sorted(index._words_from(rx), key=lambda nw: nw[1] == term):
        scores.update(dict.fromkeys(index._postings(word_no), TYPO if typo else (EXACT if word == term else PREFIX)))
    extra: dict[int, float] = {}
    for lang, vocab in index.tag_vocab.items():
        if langs is not None and lang not in langs:
            continue
        for tag_id, (_label, words) in vocab.items():
            s = _match_words(words, term, typo_rx)
            if s:
                for i in _arr(index.tag_post.get(_key(lang, tag_id), b"")):
                    if extra.get(i, 0.0) < s:
                        extra[i] = s
    for lang, vocab in index.stage_vocab.items():
        if langs is not None and lang not in langs:
            continue
        for stage_id, words in vocab.items():
            if _match_words(words, term, typo_rx):
                for i in _arr(index.stage_post.get(_key(lang, stage_id), b"")):
                    extra[i] = extra.get(i, 0.0) + STAGE
    for i, s in extra.items():
        scores[i] = scores.get(i, 0.0) + s
    return scores


def _key(lang: str, item: str) -> str:
    return f"{lang}:{item}"


def _union(posts: dict, item: str) -> set[int]:
    out: set[int] = set()
    for key, data in posts.items():
        if key.partition(":")[2] == item:
            out.update(_arr(data))
    return out


class Filter:
    """The filters of a query, compiled against one index."""

    def __init__(self, index: PhraseIndex, q: Query):
        self.pb_ok = [
            (q.lang is None or lang == q.lang) and (q.playbook is None or pb_id == q.playbook)
            for pb_id, lang, _, _ in index.playbooks
        ]
        self.stage = _union(index.stage_post, q.stage) if q.stage else None
        self.tag = _union(index.tag_post, q.tag) if q.tag else None
        self.index = index

    def __call__(self, i: int) -> bool:
        return (
            self.pb_ok[self.index.playbook_of(i)]
            and (self.stage is None or i in self.stage)
            and (self.tag is None or i in self.tag)
        )


def search(index: PhraseIndex, q: Query) -> list[PhraseHit]:
    """Phrases matching `q`, best first (at most `q.limit`; all when limit is None or ≤ 0)."""
    ranked = rank(index, q)
    if q.limit and q.limit > 0:
        ranked = ranked[: q.limit]
    return [index.record(i, s) for i, s in ranked]


def rank(index: PhraseIndex, q: Query) -> list[tuple[int, float]]:
    """(phrase number, score) of every phrase matching `q`, best first."""
    ok = Filter(index, q)
    words = terms(q.text)
    if not words:
        limit = q.limit if q.limit and q.limit > 0 else None
        out = []
        for i in range(len(index)):
            if ok(i):
                out.append((i, 0.0))
                if limit is not None and len(out) >= limit:
                    break
        return out
    langs = {q.lang} if q.lang else None
    total: dict[int, float] = {}
    matched: dict[int, int] = {}
    for term in words:
        scores = _term_scores(index, term, langs, typo=False)
        if not any(ok(i) for i in scores) and len(term) >= 4:
            scores = _term_scores(index, term, langs, typo=True)
        for i, s in scores.items():
            total[i] = total.get(i, 0.0) + s
            matched[i] = matched.get(i, 0) + 1
    hits = [i for i in total if ok(i)]
    hits.sort(key=lambda i: (-matched[i], -total[i], i))
    return [(i, total[i]) for i in hits]


def random_pick(index: PhraseIndex, q: Query, seed: Optional[int] = None) -> Optional[PhraseHit]:
    """One phrase at random among those matching `q` (a daily tip)."""
    import random

    full = Query(q.text, q.lang, q.stage, q.tag, q.playbook, limit=0)
    ranked = rank(index, full)
    if not ranked:
        return None
    i, s = random.Random(seed).choice(ranked)
    return index.record(i, s)


# --------------------------------------------------------------------------- suggestions


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small words only)."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def nearest_tags(index: PhraseIndex, text: str, lang: Optional[str], n: int = 3) -> list[tuple[str, str]]:
    """(tag id, label) of the tags closest to the query's words — for a "no match" hint.
    Without a query (or nothing close), the first few tags of the language."""
    vocab: dict[str, tuple] = {}
    for code, tags in index.tag_vocab.items():
        if lang is None or code == lang:
            for tag_id, (label, words) in tags.items():
                if _key(code, tag_id) in index.tag_post:
                    vocab.setdefault(tag_id, (label, words))
    words = terms(text)
    scored = []
    for tag_id, (label, tag_words) in vocab.items():
        candidates = set(tag_words) | {fold(tag_id)}
        best = min(
            (_distance(w, c[: len(w) + 1]) / max(len(w), 1) for w in words for c in candidates),
            default=9.0,
        )
        scored.append((best, tag_id, label))
    scored.sort()
    close = [(t, label) for d, t, label in scored if d <= 0.5][:n]
    if close or not words:
        return close or [(t, label) for _, t, label in sorted(scored, key=lambda x: x[1])][: max(n, 8)]
    return [(t, label) for _, t, label in scored[:n]]

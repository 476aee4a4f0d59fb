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
from ..content.searchpath import search_path, stamps
from ..text import fold

#: Same order as content.models.STAGE_IDS (a test keeps them in step; importing the
#: models here would cost the fast path a few milliseconds).
STAGES = ("listen", "empathize", "solve", "escalate", "document")

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
    """The content search path (see `content.searchpath`), as strings."""
    return [str(f.path) for f in search_path(extra)]


def cache_file(folders: list[str]) -> Path:
    import zlib

    from .. import paths

    key = zlib.crc32("\0".join(os.path.abspath(f) for f in folders).encode("utf-8", "surrogateescape"))
    return paths.cache_dir() / f"phrases-{key:08x}.idx"


# --------------------------------------------------------------------------- the index
#
# File layout:  MAGIC | head size (u32) | head CRC (u32) | head | blob
#   head: marshal of (_TAG, dict) - everything a search needs up front (vocabulary,
#         tag/stage postings, playbooks, offsets and CRCs of the blob's parts);
#   blob: the posting list of each vocabulary word, then one marshalled record per phrase.
# Only the head is read at start-up; posting lists and records are read when a search
# needs them and each is checked against its own CRC, so a large corpus costs little
# more to open than a small one, and a damaged cache is never believed.


class CorruptIndex(Exception):
    """A part of the cached index failed its check (the caller rebuilds it)."""


class PhraseIndex:
    """The searchable form of every phrase on the search path (all languages)."""

    def __init__(self, data: dict, blob=None, fresh: bool = False):
        self.folders: list[str] = data["folders"]
        self.files: list = data["files"]
        #: one row per playbook: (id, lang, title, path)
        self.playbooks: list = data["playbooks"]
        self.pb_start = _arr(data["pb_start"])  # first phrase number of each playbook (+ total)
        self.vocab: str = data["vocab"]  # "\n" + folded word, per word, sorted
        self.word_start = _arr(data["word_start"])  # offset of each vocabulary line
        self.post_start = _arr(data["post_start"])  # blob offset (in entries) of each word's postings
        self.post_crc = _arr(data["post_crc"])
        self.tag_post: dict = data["tag_post"]  # "lang:tag id" -> phrase numbers (array 'I' bytes)
        self.stage_post: dict = data["stage_post"]  # "lang:stage id" -> phrase numbers
        #: lang -> {tag id: (label, folded words)}; lang -> {stage id: folded words}
        self.tag_vocab: dict = data["tag_vocab"]
        self.stage_vocab: dict = data["stage_vocab"]
        self.rec_base: int = data["rec_base"]  # blob offset of the records
        self.rec_start = _arr(data["rec_start"])
        self.rec_crc = _arr(data["rec_crc"])
        #: files that failed to load: (path, number of problems)
        self.broken: list = data["broken"]
        self.fresh = fresh  # built in this run (the library already warned about broken files)
        self._data = data
        self._blob = blob  # bytes (fresh index) or an open file positioned after the head
        self._blob_at = 0

    # -- basic facts

    def __len__(self) -> int:
        return len(self.rec_start) - 1

    def langs(self) -> list[str]:
        return sorted({row[1] for row in self.playbooks})

    def playbook_of(self, i: int) -> int:
        return bisect_right(self.pb_start, i) - 1

    def tag_ids(self, lang: Optional[str] = None) -> list[str]:
        """Tags used by at least one phrase (in `lang`)."""
        return sorted({k.partition(":")[2] for k in self.tag_post if lang is None or k.partition(":")[0] == lang})

    # -- the lazily read parts

    def _read(self, offset: int, size: int, crc: int) -> bytes:
        import zlib

        if isinstance(self._blob, (bytes, bytearray)):
            data = bytes(self._blob[offset : offset + size])
        else:
            try:
                self._blob.seek(self._blob_at + offset)
                data = self._blob.read(size)
            except (OSError, ValueError) as exc:
                raise CorruptIndex(str(exc)) from None
        if len(data) != size or zlib.crc32(data) != crc:
            raise CorruptIndex("phrase index: checksum mismatch")
        return data

    def record(self, i: int, score: float = 0.0) -> PhraseHit:
        a, b = self.rec_start[i], self.rec_start[i + 1]
        try:
            text, stage, tags, avoid = marshal.loads(self._read(self.rec_base + a, b - a, self.rec_crc[i]))
        except CorruptIndex:
            raise
        except Exception as exc:
            raise CorruptIndex(str(exc)) from None
        pb_id, lang, title, path = self.playbooks[self.playbook_of(i)]
        vocab = self.tag_vocab.get(lang, {})
        labels = tuple(vocab[t][0] if t in vocab else t for t in tags)
        return PhraseHit(text, stage, pb_id, title, lang, tuple(tags), labels, tuple(avoid), path, score)

    def _postings(self, word_no: int) -> array:
        a, b = self.post_start[word_no], self.post_start[word_no + 1]
        out = _arr(self._read(a * 4, (b - a) * 4, self.post_crc[word_no]))
        if out and max(out) >= len(self):
            raise CorruptIndex("phrase index: posting out of range")
        return out

    def _words_from(self, rx: re.Pattern) -> list[tuple[int, str]]:
        """Vocabulary words matched by `rx` (which starts with a literal "\\n")."""
        out = []
        vocab = self.vocab
        for m in rx.finditer(vocab):
            line = m.start() + 1
            end = vocab.find("\n", line)
            out.append((bisect_right(self.word_start, line) - 1, vocab[line : end if end != -1 else len(vocab)]))
        return out

    def close(self) -> None:
        if self._blob is not None and not isinstance(self._blob, (bytes, bytearray)):
            self._blob.close()
        self._blob = None

    def dump(self) -> bytes:
        import zlib

        head = marshal.dumps((_TAG, self._data))
        return _MAGIC + len(head).to_bytes(4, "big") + zlib.crc32(head).to_bytes(4, "big") + head + bytes(self._blob)


def _arr(data: bytes) -> array:
    a = array("I")
    a.frombytes(data)
    return a


def _tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


_KEYS = {
    "folders": list, "files": list, "playbooks": list, "pb_start": bytes, "vocab": str, "word_start": bytes,
    "post_start": bytes, "post_crc": bytes, "tag_post": dict, "stage_post": dict, "tag_vocab": dict,
    "stage_vocab": dict, "rec_base": int, "rec_start": bytes, "rec_crc": bytes, "broken": list, "blob_size": int,
}


def read_index(file: Path) -> Optional[PhraseIndex]:
    """The cached index (its head read and checked), or None when it is missing, truncated,
    corrupt, or written by another version of empathy-cli or of Python."""
    import zlib

    try:
        fh = open(file, "rb")
    except OSError:
        return None
    try:
        start = fh.read(len(_MAGIC) + 8)
        if len(start) != len(_MAGIC) + 8 or not start.startswith(_MAGIC):
            raise CorruptIndex("not a phrase index")
        size = int.from_bytes(start[len(_MAGIC) : len(_MAGIC) + 4], "big")
        crc = int.from_bytes(start[len(_MAGIC) + 4 :], "big")
        head = fh.read(size)
        if len(head) != size or zlib.crc32(head) != crc:
            raise CorruptIndex("head checksum")
        tag, data = marshal.loads(head)
        if tag != _TAG or not isinstance(data, dict):
            raise CorruptIndex("foreign format")
        for key, kind in _KEYS.items():
            if not isinstance(data.get(key), kind):
                raise CorruptIndex(f"bad {key}")
        if os.fstat(fh.fileno()).st_size != len(start) + size + data["blob_size"]:
            raise CorruptIndex("truncated")
        index = PhraseIndex(data, fh)
        index._blob_at = len(start) + size
        n = len(index)
        if (
            n < 0
            or len(index.pb_start) != len(index.playbooks) + 1
            or index.pb_start[-1] != n
            or len(index.post_start) != len(index.word_start) + 1
            or len(index.post_crc) != len(index.word_start)
            or len(index.rec_crc) != n
            or index.post_start[-1] * 4 != index.rec_base
            or index.rec_base + index.rec_start[-1] != data["blob_size"]
        ):
            raise CorruptIndex("inconsistent")
        return index
    except Exception:  # anything odd in a cache means: rebuild it
        fh.close()
        return None


def build_index(library, folders: list[str], files: list) -> PhraseIndex:
    """Build the index from a loaded `content.library.Library`."""
    import zlib

    vocab_post: dict[str, list[int]] = {}
    tag_post: dict[str, list[int]] = {}
    stage_post: dict[str, list[int]] = {}
    tag_vocab: dict[str, dict] = {}
    stage_vocab: dict[str, dict] = {}
    playbooks, pb_start, records, rec_start, rec_crc = [], [], [], [0], []
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
                rec_crc.append(zlib.crc32(rec))
                size += len(rec)
                rec_start.append(size)
                n += 1
    pb_start.append(n)
    words = sorted(vocab_post)
    word_start, post_start, post_crc, postings, pos = [], [0], [], array("I"), 0
    vocab_parts = []
    for w in words:
        word_start.append(pos)
        vocab_parts.append("\n" + w)
        pos += len(w) + 1
        chunk = array("I", vocab_post[w])
        post_crc.append(zlib.crc32(chunk.tobytes()))
        postings.extend(chunk)
        post_start.append(len(postings))
    post_bytes = postings.tobytes()
    blob = post_bytes + b"".join(records)
    data = {
        "folders": folders,
        "files": files,
        "playbooks": playbooks,
        "pb_start": array("I", pb_start).tobytes(),
        "vocab": "".join(vocab_parts),
        "word_start": array("I", word_start).tobytes(),
        "post_start": array("I", post_start).tobytes(),
        "post_crc": array("I", post_crc).tobytes(),
        "tag_post": {t: array("I", ids).tobytes() for t, ids in tag_post.items()},
        "stage_post": {s: array("I", ids).tobytes() for s, ids in stage_post.items()},
        "tag_vocab": tag_vocab,
        "stage_vocab": stage_vocab,
        "rec_base": len(post_bytes),
        "rec_start": array("I", rec_start).tobytes(),
        "rec_crc": array("I", rec_crc).tobytes(),
        "broken": [(str(path), len(problems)) for path, problems in library.broken],
        "blob_size": len(blob),
    }
    return PhraseIndex(data, blob, fresh=True)


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
    else built from `load_library()` and cached (`use_cache=False`: always build, and
    overwrite the cache).

    Files are stamped *before* the library is loaded, so a file changed meanwhile has a
    newer stamp than the index and is picked up by the next run.
    """
    folders = search_folders(extra)
    files = [list(f) for f in stamps(folders)]
    file = cache_file(folders)
    if use_cache:
        index = read_index(file)
        if index is not None:
            if index.folders == folders and index.files == files:
                return index
            index.close()
    library = load_library()
    index = build_index(library, folders, files)
    if _agrees(library, folders, files):
        from ..atomic import write_atomic

        try:
            write_atomic(file, index.dump(), dir_mode=0o700)
        except OSError:
            pass  # a read-only cache folder only costs speed
    return index


def lookup(extra: Iterable[Path], load_library: Callable[[], object], q: "Query", pick: bool = False,
           seed: Optional[int] = None, prepare: Optional[Callable[[PhraseIndex], None]] = None,
           ) -> tuple[PhraseIndex, list[PhraseHit]]:
    """Open the index and search it (`prepare(index)` may adjust `q` first, or raise); a
    cache found damaged mid-search is rebuilt once."""
    extra = list(extra)
    index = open_index(extra, load_library)
    try:
        if prepare is not None:
            prepare(index)
        return index, _run(index, q, pick, seed)
    except CorruptIndex:
        index.close()
        index = open_index(extra, load_library, use_cache=False)
        if prepare is not None:
            prepare(index)
        return index, _run(index, q, pick, seed)


def _run(index: PhraseIndex, q: "Query", pick: bool, seed: Optional[int]) -> list[PhraseHit]:
    if pick:
        hit = random_pick(index, q, seed)
        return [hit] if hit is not None else []
    return search(index, q)


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
    """The filters of a query, compiled against one index: a byte per phrase for the
    playbook and language filters, sets for the stage and tag ones."""

    def __init__(self, index: PhraseIndex, q: Query):
        n = len(index)
        mask = bytearray(n)
        for k, (pb_id, lang, _, _) in enumerate(index.playbooks):
            if (q.lang is None or lang == q.lang) and (q.playbook is None or pb_id == q.playbook):
                a, b = index.pb_start[k], index.pb_start[k + 1]
                mask[a:b] = b"\x01" * (b - a)
        self.mask = mask
        self.stage = _union(index.stage_post, q.stage) if q.stage else None
        self.tag = _union(index.tag_post, q.tag) if q.tag else None

    def __call__(self, i: int) -> bool:
        return bool(self.mask[i]) and (self.stage is None or i in self.stage) and (self.tag is None or i in self.tag)

    def keep(self, ids: Iterable[int]) -> list[int]:
        mask, stage, tag = self.mask, self.stage, self.tag
        out = [i for i in ids if mask[i]]
        if stage is not None:
            out = [i for i in out if i in stage]
        if tag is not None:
            out = [i for i in out if i in tag]
        return out

    def all(self, limit: Optional[int] = None) -> list[int]:
        """Every phrase passing the filters, in index order (the first `limit`)."""
        out: list[int] = []
        pos = self.mask.find(1)
        while pos != -1:
            end = self.mask.find(0, pos)
            end = len(self.mask) if end == -1 else end
            out.extend(self.keep(range(pos, end)))
            if limit is not None and len(out) >= limit:
                return out[:limit]
            pos = self.mask.find(1, end)
        return out


def search(index: PhraseIndex, q: Query) -> list[PhraseHit]:
    """Phrases matching `q`, best first (at most `q.limit`; all when limit is None or ≤ 0)."""
    ranked = rank(index, q)
    if q.limit and q.limit > 0:
        ranked = ranked[: q.limit]
    return [index.record(i, s) for i, s in ranked]


def rank(index: PhraseIndex, q: Query) -> list[tuple[int, float]]:
    """(phrase number, score) of every phrase matching `q`, best first: phrases matching
    more of the query's words, then higher scores, then index order."""
    ok = Filter(index, q)
    words = terms(q.text)
    if not words:
        return [(i, 0.0) for i in ok.all(q.limit if q.limit and q.limit > 0 else None)]
    langs = {q.lang} if q.lang else None
    if len(words) == 1:
        scores = _term_scores(index, words[0], langs, typo=False)
        hits = ok.keep(scores)
        if not hits and len(words[0]) >= 4:
            scores = _term_scores(index, words[0], langs, typo=True)
            hits = ok.keep(scores)
        hits.sort(key=lambda i: (-scores[i], i))
        return [(i, scores[i]) for i in hits]
    total: dict[int, float] = {}
    matched: dict[int, int] = {}
    for term in words:
        scores = _term_scores(index, term, langs, typo=False)
        if not ok.keep(scores) and len(term) >= 4:
            scores = _term_scores(index, term, langs, typo=True)
        for i, s in scores.items():
            total[i] = total.get(i, 0.0) + s
            matched[i] = matched.get(i, 0) + 1
    hits = ok.keep(total)
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
    """(tag id, label) of the tags closest to the query's words, for a "no match" hint;
    without a query, or when nothing is close, the most used tags of the language."""
    vocab: dict[str, tuple] = {}
    used: dict[str, int] = {}
    for key, data in index.tag_post.items():
        code, _, tag_id = key.partition(":")
        if lang is None or code == lang:
            used[tag_id] = used.get(tag_id, 0) + len(data) // 4
            label, words = index.tag_vocab.get(code, {}).get(tag_id, (tag_id, ()))
            vocab.setdefault(tag_id, (label, words))
    words = terms(text)
    scored = []
    for tag_id, (label, tag_words) in vocab.items():
        candidates = set(tag_words) | {fold(tag_id)}
        # distance to the closest candidate's start (so "refu" is close to "refund")
        best = min((_distance(w, c[: len(w)]) / len(w) for w in words for c in candidates), default=9.0)
        scored.append((best, -used[tag_id], tag_id, label))
    scored.sort()
    close = [(t, label) for d, _, t, label in scored if d <= 0.4][:n]
    if close:
        return close
    popular = sorted(vocab, key=lambda t: (-used[t], t))
    return [(t, vocab[t][0]) for t in popular[: max(n, 5)]]

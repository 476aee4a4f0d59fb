"""Phrase lookup: an SQLite FTS5 index over every playbook's phrases, and the search.

A stressed receptionist types what is happening ("she is shouting at me", "pacjent
czekała 3 godziny", "discount"), not a tag name. The search therefore works in three
steps, all in the language being searched (see `choose_lang`):

1. **Query understanding** (`analyse`). The query's words are folded (lower case,
   accents off) and stemmed (`searchtext.stem`: "czekała", "czekanie", "czeka" → "czek").
   Each content word is looked up, strongest match first:
   * as a stem of the phrases' own words (exact, or as a word start: "frustr");
   * in the playbooks' tag vocabulary: the label and the `words:` (search words) of
     every tag, one or several words long ("speak to the manager", "zwrot pieniędzy").
     This is where situations live: "shouting" → anger, boundaries; "nagrywa" →
     boundaries. Authors extend it in their playbooks. A search word of several words
     matches a run of the query's words (one inside a longer run found too does not
     count: "come back and find me" is a threat, not "come back"); one that is a single
     word with stop words ("sit in", "on his phone") matches as typed, and its word alone
     only as a weaker hint ("phone"), unless the stop word is a Polish "się"
     ("wstydzi się" is "wstydzi", wherever "się" stands);
   * as a stage id or title ("empathize", "Rozwiąż");
   * only when none of that finds anything in the language, with one typo (a letter
     missing, extra, wrong or two swapped; two for long words) against the words the
     content uses.
   Stop words are dropped; short forms are read as their word ("appt", "a&e", "wiz.");
   words naming the person rather than the situation ("patient", "klientka") or a hurry
   ("now") count little. A multi-word search word also matches with a word or two
   between its words (GAPPED). When one word names only a feeling and another a
   situation ("angry about the price"), the feeling's tags and text count less
   (EMOTION): the phrases about what happened come first, those about both first of
   all. A word for a relative ("relative", "córka") is the situation only when no other
   word names one (PERSON: "relative wants the manager" is about the manager). At most
   `MAX_TERMS` words are used; a longer query is cut and `Query.truncated` says so (the
   command prints a notice).
2. **Retrieval**: one FTS5 query (`lang` AND any of the terms, tags or stages) finds
   the candidates, best `bm25()` first, at most `CANDIDATES` of them.
3. **Ranking**: BM25 (k1 = 1.2, b = 0.75) over the phrase's stems plus a BM25-weighted
   match of each tag and stage the query points at, each term weighted by how it was
   found: exact or stem 1.0, word start 0.7, accent-folded only (the query had accents
   the phrase doesn't) or one typo 0.5; a word that names tags, met in the text of a
   phrase with none of them, is taken in another sense (SENSE: "lying down" is no answer
   to "accused of lying"). A note for the record (a phrase of the `document` stage with
   a tag most of whose phrases are there: "Caller used abusive language at [time]…")
   counts NOTE unless the query names that stage or such a tag. A typo is only ever
   tried for a word that has no exact, stem or word-start match in the language, so
   "yelling" never reaches "telling".

The index cache is an SQLite database (data only) kept by the `cache` module (which
refuses a folder others can write, and prunes old indexes), stamped with
the search path and the path, size and mtime of every content file on it. A different
stamp, another format or version (`PRAGMA application_id` / `user_version` and a
version row), a truncated or damaged file, or a record failing its CRC means: rebuild
from `content.library` (whose own cache avoids re-parsing unchanged YAML). It is
opened read-only in place (`cache.readable_database`: a regular file in a safe folder) and written
whole, renamed into place (`cache.save_database`).
"""

from __future__ import annotations

import math
import sqlite3
from itertools import islice
from os.path import commonprefix
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional, Sequence

from .. import __version__
from ..content.searchpath import search_path, stamps
from ..text import fold
from ..vocab import STAGES  # noqa: F401  (re-exported)
from .searchtext import (
    ABBREVIATIONS,
    CLITICS,
    CONTRACTIONS,
    FUNCTION_WORDS,
    GENERIC,
    META,
    PERSONS,
    PLACES,
    SHORT_FORM_WORD,
    SHORT_FORMS,
    STOP,
    distance,
    expanded,
    iter_tokens,
    iter_words,
    stem,
    tokens,
    unprefixed,
    within_one_edit,
)

if TYPE_CHECKING:
    from ..content.library import Library
    from ..content.models import Phrase, Playbook
    from .langdetect import Detection

INDEX_FORMAT = 7
_APP_ID = 0x454D5048  # "EMPH"
_VERSION = f"{INDEX_FORMAT}/{__version__}/{sqlite3.sqlite_version}"

#: At most this many content words of a query are used (the rest is ignored, with a
#: notice): enough for any situation, and it bounds the work for any input.
MAX_TERMS = 24
#: Candidates fetched from FTS5 for the exact ranking.
CANDIDATES = 500
#: At most this many index terms a single query word may expand to (word starts, typos).
MAX_EXPANSION = 12
#: At most this many query words are tried with a typo, and compared with the tag
#: vocabulary for the "nearest tags" hint (bounded work for any query).
TYPO_WORDS, HINT_WORDS = 8, 4

# BM25 and term weights (see the module description).
K1, B = 1.2, 0.75
EXACT, PREFIX, WEAK = 1.0, 0.7, 0.5
UNPREFIXED = 0.8
#: Weight of a query word that meets only phrase text when other words name a situation.
FILLER = 0.5
#: Weight of the tags of a multi-word search word met with up to GAP other words between
#: two of its words (a plain run of the words counts 1.2).
GAPPED, GAP = 1.0, 2
#: Weight of the single-word meanings of a word that is part of a multi-word search word.
TAKEN = 0.4
#: Weight of an emotion tag when the query also names a situation tag (see `analyse`).
EMOTION = 0.6
#: Weight of a tag named only by a word for a person when another word names a situation.
PERSON = 0.6
#: Weight of the tags and text met by a meta word ("complaint", "problem", "unhappy",
#: "skarga": that something is wrong, not what) when another word names a situation.
META_WEIGHT = 0.5
#: Weight of a query word met in a phrase's text when the word names tags the phrase has
#: none of (another sense of the word).
SENSE = 0.6
TAG_WEIGHT, STAGE_WEIGHT, GENERIC_WEIGHT = 2.0, 0.6, 0.3
#: Weight of a phrase of the record-keeping stage (`RECORD_STAGE`: "Caller used abusive
#: language at [time]…") for a query that asks about neither that stage nor a tag whose
#: phrases are mostly there (NOTE_SHARE): what to write down is rarely what to say.
RECORD_STAGE, NOTE, NOTE_SHARE = "document", 0.6, 0.5
#: A phrase's score is multiplied by ((1 + words of the query it covers) / (1 + content
#: words)) ** COVERAGE, so "angry about the price" prefers phrases about both.
COVERAGE = 1.0

AVOID_SIMILARITY = 0.34
AMBIGUOUS = 0.66
#: Two phrases sharing this share of their words are near-copies; one is held back
#: while other phrases score at least DIVERSITY_FLOOR of its score.
NEAR_COPY, DIVERSITY_FLOOR = 0.5, 0.6
_SEP = "\x1f"
#: Marks a tag search word matched as its whole run of words, stop words included ("sit in").
WHOLE = "="
#: Marks the one content word left of such a search word ("on his phone" → "phone"), a
#: weaker sign of the tag (LOOSE_WEIGHT) than a search word of its own.
LOOSE, LOOSE_WEIGHT = "~", 0.5


# --------------------------------------------------------------------------- results


class PhraseHit:
    """One phrase found, with where it comes from."""

    __slots__ = ("text", "stage", "playbook", "playbook_title", "lang", "tags", "tag_labels", "avoid", "path", "score")

    def __init__(
        self,
        text: str,
        stage: str,
        playbook: str,
        playbook_title: str,
        lang: str,
        tags: tuple[str, ...],
        tag_labels: tuple[str, ...],
        avoid: tuple[str, ...],
        path: str,
        score: float = 0.0,
    ):
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

    def to_dict(self) -> dict[str, Any]:
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
        return f"PhraseHit({self.text!r}, {self.stage}, {self.playbook}/{self.lang}, {self.score:.2f})"


# --------------------------------------------------------------------------- search path


def search_folders(extra: Iterable[Path] = ()) -> list[str]:
    """The content search path (see `content.searchpath`), as strings."""
    return [str(f.path) for f in search_path(extra)]


CACHE_KIND = "phrases"


def cache_ident(files: Sequence[Sequence[str | int]]) -> str:
    """The index's name in the cache: a checksum of the content files it is built from, in
    search order (`searchpath.stamps`). The index depends on nothing else, so search paths
    that differ only in folders holding no content (every new user's empty home, each
    test's own) share one index instead of building it again."""
    import zlib

    return f"{zlib.crc32(chr(0).join(str(f[0]) for f in files).encode('utf-8', 'surrogateescape')):08x}"


def cache_file(folders: list[str]) -> Path:
    """Where the cached index of `folders` is (tests look at it)."""
    from .. import cache

    return cache.database_file(CACHE_KIND, cache_ident(stamps(folders)))


# --------------------------------------------------------------------------- the index

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE folder(pos INTEGER PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE file(pos INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
CREATE TABLE broken(path TEXT NOT NULL, count INTEGER NOT NULL);
CREATE TABLE playbook(pos INTEGER PRIMARY KEY, id TEXT NOT NULL, lang TEXT NOT NULL, title TEXT NOT NULL,
                      path TEXT NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL);
CREATE TABLE phrase(id INTEGER PRIMARY KEY, pb INTEGER NOT NULL, lang TEXT NOT NULL, stage TEXT NOT NULL,
                    text TEXT NOT NULL, tags TEXT NOT NULL, avoid TEXT NOT NULL, crc INTEGER NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(lang, stage, body, tags, tokenize='unicode61 remove_diacritics 0');
CREATE TABLE word(word TEXT NOT NULL, lang TEXT NOT NULL, stem TEXT NOT NULL, PRIMARY KEY(word, lang)) WITHOUT ROWID;
CREATE TABLE term(lang TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY(lang, term)) WITHOUT ROWID;
CREATE TABLE tag(lang TEXT NOT NULL, tag TEXT NOT NULL, label TEXT NOT NULL, token TEXT NOT NULL, df INTEGER NOT NULL,
                 PRIMARY KEY(lang, tag)) WITHOUT ROWID;
CREATE TABLE tagword(lang TEXT NOT NULL, stems TEXT NOT NULL, tag TEXT NOT NULL, head TEXT NOT NULL,
                     PRIMARY KEY(lang, stems, tag)) WITHOUT ROWID;
CREATE INDEX tagword_head ON tagword(lang, head);
CREATE TABLE stageword(lang TEXT NOT NULL, stem TEXT NOT NULL, stage TEXT NOT NULL, PRIMARY KEY(lang, stem, stage)) WITHOUT ROWID;
CREATE TABLE stats(lang TEXT PRIMARY KEY, n INTEGER NOT NULL, avglen REAL NOT NULL);
CREATE TABLE emotion(lang TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(lang, tag)) WITHOUT ROWID;
CREATE TABLE notetag(lang TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(lang, tag)) WITHOUT ROWID;
"""


class CorruptIndex(Exception):
    """A part of the cached index failed its check (the caller rebuilds it)."""


class PhraseIndex:
    """The searchable form of every phrase on the search path (all languages), backed by
    an SQLite database (a cache file, or in memory when just built)."""

    def __init__(self, db: sqlite3.Connection, fresh: bool = False):
        self.db = db
        self.fresh = fresh  # built in this run (the library already warned about broken files)
        try:
            #: one row per playbook: (id, lang, title, path); and the phrase numbers of each
            rows = db.execute("SELECT id, lang, title, path, first, last FROM playbook ORDER BY pos").fetchall()
            self.playbooks: list[tuple[str, str, str, str]] = [r[:4] for r in rows]
            self.ranges: list[tuple[int, int]] = [(r[4], r[5]) for r in rows]
            self.broken: list[tuple[str, int]] = db.execute("SELECT path, count FROM broken").fetchall()
            self._stats = {lang: (n, avg) for lang, n, avg in db.execute("SELECT lang, n, avglen FROM stats")}
        except sqlite3.Error as exc:
            raise CorruptIndex(str(exc)) from None
        self._tags: dict[str, dict[str, tuple[str, str, int]]] = {}
        self._emotions: dict[str, frozenset[str]] = {}
        self._notetags: dict[str, frozenset[str]] = {}

    def __len__(self) -> int:
        return sum(n for n, _ in self._stats.values())

    def langs(self) -> list[str]:
        return sorted({row[1] for row in self.playbooks})

    def tag_ids(self, lang: Optional[str] = None) -> list[str]:
        """Tags used by at least one phrase (in `lang`)."""
        return sorted(
            {t for t, (_, _, df) in self.tags(lang).items() if df} if lang else {t for code in self.langs() for t, (_, _, df) in self.tags(code).items() if df}
        )

    def tags(self, lang: str) -> dict[str, tuple[str, str, int]]:
        """tag id -> (label, FTS token, number of phrases) in `lang`."""
        if lang not in self._tags:
            rows = self._q("SELECT tag, label, token, df FROM tag WHERE lang = ?", (lang,))
            self._tags[lang] = {t: (label, token, df) for t, label, token, df in rows}
        return self._tags[lang]

    def emotions(self, lang: str) -> frozenset[str]:
        """Tags that name a feeling in `lang` (the playbooks' `emotions:`)."""
        if lang not in self._emotions:
            self._emotions[lang] = frozenset(r[0] for r in self._q("SELECT tag FROM emotion WHERE lang = ?", (lang,)))
        return self._emotions[lang]

    def note_tags(self, lang: str) -> frozenset[str]:
        """Tags most of whose phrases in `lang` are in the record-keeping stage (see NOTE)."""
        if lang not in self._notetags:
            self._notetags[lang] = frozenset(r[0] for r in self._q("SELECT tag FROM notetag WHERE lang = ?", (lang,)))
        return self._notetags[lang]

    def stats(self, lang: str) -> tuple[int, float]:
        return self._stats.get(lang, (0, 1.0))

    def _q(self, sql: str, args: tuple[object, ...] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise CorruptIndex(str(exc)) from None

    def record(self, i: int, score: float = 0.0) -> PhraseHit:
        import zlib

        rows = self._q("SELECT pb, lang, stage, text, tags, avoid, crc FROM phrase WHERE id = ?", (i,))
        if not rows:
            raise CorruptIndex(f"phrase {i} missing")
        pb, lang, stage, text, tags, avoid, crc = rows[0]
        if zlib.crc32(_SEP.join((text, stage, tags, avoid)).encode("utf-8", "surrogatepass")) != crc:
            raise CorruptIndex(f"phrase {i}: checksum mismatch")
        if not 0 <= pb < len(self.playbooks):
            raise CorruptIndex(f"phrase {i}: bad playbook")
        pb_id, _, title, path = self.playbooks[pb]
        tag_ids = tuple(tags.split()) if tags else ()
        vocab = self.tags(lang)
        labels = tuple(vocab[t][0] if t in vocab else t for t in tag_ids)
        avoids = tuple(avoid.split(_SEP)) if avoid else ()
        return PhraseHit(text, stage, pb_id, title, lang, tag_ids, labels, avoids, path, score)

    def close(self) -> None:
        try:
            self.db.close()
        except sqlite3.Error:  # pragma: no cover
            pass


def read_index(source: Optional[bytes | Path]) -> Optional[PhraseIndex]:
    """The cached index (its bytes, or a file), or None when it is missing, not an index
    of this version, or visibly damaged (truncated, not a database, inconsistent)."""
    if not source:
        return None
    db = None
    try:
        if isinstance(source, Path):  # opened read-only in place (see cache.database_file)
            size = source.stat().st_size
            db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        else:
            size = len(source)
            db = sqlite3.connect(":memory:")
            db.deserialize(source)
        app, version, page_size, pages = (
            db.execute("PRAGMA application_id").fetchone()[0],
            db.execute("PRAGMA user_version").fetchone()[0],
            db.execute("PRAGMA page_size").fetchone()[0],
            db.execute("PRAGMA page_count").fetchone()[0],
        )
        if app != _APP_ID or version != INDEX_FORMAT or page_size * pages != size:
            raise CorruptIndex("foreign or truncated")
        row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        if row is None or row[0] != _VERSION:
            raise CorruptIndex("another version")
        index = PhraseIndex(db)
        if sum(1 for _ in index.ranges) != len(index.playbooks):
            raise CorruptIndex("inconsistent")
        return index
    except Exception:  # anything odd in a cache means: rebuild it
        if db is not None:
            db.close()
        return None


def _stamps_of(index: PhraseIndex) -> tuple[list[str], list[list[str | int]]]:
    folders = [r[0] for r in index._q("SELECT path FROM folder ORDER BY pos")]
    files = [list(r) for r in index._q("SELECT path, size, mtime FROM file ORDER BY pos")]
    return folders, files


def build_index(library: Library, folders: list[str], files: list[list[str | int]]) -> PhraseIndex:
    """Build the index (in memory) from a loaded `content.library.Library`."""
    import zlib

    db = sqlite3.connect(":memory:")
    db.executescript(_SCHEMA)
    db.execute(f"PRAGMA application_id = {_APP_ID}")
    db.execute(f"PRAGMA user_version = {INDEX_FORMAT}")
    db.execute("INSERT INTO meta VALUES ('version', ?)", (_VERSION,))
    db.executemany("INSERT INTO folder VALUES (?, ?)", list(enumerate(folders)))
    db.executemany("INSERT INTO file VALUES (?, ?, ?, ?)", [(k, *f) for k, f in enumerate(files)])
    db.executemany("INSERT INTO broken VALUES (?, ?)", [(str(p), len(problems)) for p, problems in library.broken])

    words: dict[tuple[str, str], str] = {}  # (folded word, lang) -> stem
    df: dict[tuple[str, str], int] = {}
    tag_info: dict[tuple[str, str], str] = {}  # (lang, tag) -> label
    tag_df: dict[tuple[str, str], int] = {}
    note_df: dict[tuple[str, str], int] = {}  # phrases of the record-keeping stage, per tag
    tagwords: set[tuple[str, str, str]] = set()
    reduced: set[tuple[str, str, str]] = set()
    stagewords: set[tuple[str, str, str]] = set()
    emotions: set[tuple[str, str]] = set()
    lengths: dict[str, list[int]] = {}
    phrase_rows, fts_rows, pb_rows = [], [], []
    n = 0

    def stems_of(text: str, lang: str, words_of: Callable[[str], list[str]] = tokens) -> list[str]:
        out = []
        for w in words_of(text):
            s = words.get((w, lang))
            if s is None:
                s = words[(w, lang)] = stem(w, lang)
            out.append(s)
        return out

    phrase: str | Phrase  # a tag's name and search words, then each phrase of a stage
    for pos, entry in enumerate(library.playbooks()):
        pb = entry.content
        lang = pb.lang
        first = n
        for info in pb.tags:
            tag_info.setdefault((lang, info.id), info.label)
            for phrase in [info.id.replace("_", " "), info.label, *info.words]:
                every = expanded(tokens(phrase), lang)
                all_stems = stems_of(phrase, lang, lambda text: every)
                # stop words are told by the word, as in a query ("mówi" is one, its stem is not)
                seq = [s for w, s in zip(every, all_stems) if w not in STOP.get(lang, ())]
                if len(seq) == 1 and len(all_stems) > 1:
                    if {w for w in every if w in STOP.get(lang, ())} <= CLITICS.get(lang, frozenset()):
                        tagwords.add((lang, seq[0], info.id))  # "wstydzi się" is "wstydzi", wherever "się" goes
                    else:
                        reduced.add((lang, seq[0], info.id))  # "what happened" → "happen": loosely, if not ambiguous
                    # and the whole run of words, stop words and all, as typed ("sit in")
                    tagwords.add((lang, WHOLE + " ".join(every), info.id))
                elif seq:
                    tagwords.add((lang, " ".join(seq), info.id))
                elif len(every) > 1:  # stop words only ("where am I", "co teraz"): the run as typed
                    tagwords.add((lang, WHOLE + " ".join(every), info.id))
        emotions.update((lang, tag) for tag in pb.emotions)
        for stage in pb.stages:
            for s in {stage.id, *stems_of(stage.title, lang)}:
                stagewords.add((lang, s, stage.id))
        avoids = _avoid_map(pb)
        for stage in pb.stages:
            for k, phrase in enumerate(stage.phrases):
                body = stems_of(phrase.text, lang)
                tags = list(dict.fromkeys(phrase.tags))
                for tag in tags:
                    tag_info.setdefault((lang, tag), tag)
                    tag_df[(lang, tag)] = tag_df.get((lang, tag), 0) + 1
                    if stage.id == RECORD_STAGE:
                        note_df[(lang, tag)] = note_df.get((lang, tag), 0) + 1
                for s in set(body):
                    df[(lang, s)] = df.get((lang, s), 0) + 1
                lengths.setdefault(lang, []).append(len(body))
                avoid = _SEP.join(a.replace(_SEP, " ") for a in avoids.get((stage.id, k), []))
                tag_text = " ".join(tags)
                crc = zlib.crc32(_SEP.join((phrase.text, stage.id, tag_text, avoid)).encode("utf-8", "surrogatepass"))
                phrase_rows.append((n, pos, lang, stage.id, phrase.text, tag_text, avoid, crc))
                fts_rows.append((n, lang, stage.id, " ".join(body), tags))
                n += 1
        pb_rows.append((pos, pb.id, lang, pb.title, str(entry.path), first, n - 1))

    tagwords |= {(lang, LOOSE + s, tag) for lang, s, tag in _unambiguous(reduced - tagwords, fts_rows)}
    tokens_of = {key: f"t{k}" for k, key in enumerate(sorted(tag_info))}
    db.executemany("INSERT INTO playbook VALUES (?, ?, ?, ?, ?, ?, ?)", pb_rows)
    db.executemany("INSERT INTO phrase VALUES (?, ?, ?, ?, ?, ?, ?, ?)", phrase_rows)
    db.executemany(
        "INSERT INTO fts(rowid, lang, stage, body, tags) VALUES (?, ?, ?, ?, ?)",
        [(i, lang, st, body, " ".join(tokens_of[(lang, t)] for t in tags)) for i, lang, st, body, tags in fts_rows],
    )
    db.executemany("INSERT INTO word VALUES (?, ?, ?)", [(w, lang, s) for (w, lang), s in words.items()])
    db.executemany("INSERT INTO term VALUES (?, ?, ?)", [(lang, s, c) for (lang, s), c in df.items()])
    db.executemany(
        "INSERT INTO tag VALUES (?, ?, ?, ?, ?)",
        [(lang, t, label, tokens_of[(lang, t)], tag_df.get((lang, t), 0)) for (lang, t), label in tag_info.items()],
    )
    db.executemany("INSERT INTO tagword VALUES (?, ?, ?, ?)", [(lang, st, tag, _head(st)) for lang, st, tag in sorted(tagwords)])
    db.executemany("INSERT INTO stageword VALUES (?, ?, ?)", sorted(stagewords))
    db.executemany("INSERT INTO stats VALUES (?, ?, ?)", [(lang, len(ls), (sum(ls) / len(ls)) if ls else 1.0) for lang, ls in lengths.items()])
    db.executemany("INSERT INTO emotion VALUES (?, ?)", sorted(emotions))
    db.executemany("INSERT INTO notetag VALUES (?, ?)", sorted(key for key, c in note_df.items() if c >= NOTE_SHARE * tag_df[key]))
    db.commit()
    return PhraseIndex(db, fresh=True)


def _unambiguous(reduced: set[tuple[str, str, str]], fts_rows: Sequence[tuple[int, str, str, str, list[str]]]) -> set[tuple[str, str, str]]:
    """The search words that lost all but one word with their stop words ("what
    happened" → "happen", "co dalej" → "dal"), kept only when that word is not common
    in the phrases of other tags: at most AMBIGUOUS of the phrases using it (when three
    or more do) may lack the tag. Else the phrase would stand for a common word alone."""
    if not reduced:
        return set()
    wanted = {(lang, s) for lang, s, _ in reduced}
    uses: dict[tuple[str, str], list[list[str]]] = {}
    for _i, lang, _st, body, tags in fts_rows:
        for s in set(body.split()):
            if (lang, s) in wanted:
                uses.setdefault((lang, s), []).append(tags)
    out = set()
    for lang, s, tag in reduced:
        having = uses.get((lang, s), [])
        if len(having) < 3 or sum(1 for tags in having if tag not in tags) <= AMBIGUOUS * len(having):
            out.add((lang, s, tag))
    return out


def _norm_words(text: str) -> frozenset[str]:
    """Content words, cut to five letters (a cheap stem that works for inflected Polish too)."""
    return frozenset(w[:5] for w in tokens(text) if len(w) > 2)


def _avoid_map(pb: Playbook) -> dict[tuple[str, int], list[str]]:
    """(stage id, phrase number) -> the avoided phrasings it replaces.

    An `avoid` entry belongs to the phrase its `instead` is (same words after folding),
    else to the most similar phrase of the playbook when they share enough of their
    content words (Jaccard of stems ≥ 0.34: "I'm sorry your experience hasn't been what
    you hoped for" ~ "I'm sorry the result isn't what you hoped for"). Only phrases that
    share a word with the `instead` are compared (an inverted index: a playbook of a few
    hundred phrases and a hundred avoid entries made ~20,000 comparisons per build).
    """
    phrases = [(s.id, k, _norm_words(p.text), " ".join(tokens(p.text))) for s in pb.stages for k, p in enumerate(s.phrases)]
    exact: dict[str, int] = {}
    having: dict[str, list[int]] = {}
    for m, (_, _, pw, joined) in enumerate(phrases):
        exact.setdefault(joined, m)
        for w in pw:
            having.setdefault(w, []).append(m)
    out: dict[tuple[str, int], list[str]] = {}
    for stage in pb.stages:
        for avoid in stage.avoid:
            best: Optional[int] = exact.get(" ".join(tokens(avoid.instead)))
            if best is None:
                words = _norm_words(avoid.instead)
                shared: dict[int, int] = {}
                for w in words:
                    for m in having.get(w, ()):
                        shared[m] = shared.get(m, 0) + 1
                best_score = 0.0
                for m in sorted(shared):  # in playbook order: the first of equals wins, as before
                    score = shared[m] / (len(words) + len(phrases[m][2]) - shared[m])
                    if score > best_score:
                        best, best_score = m, score
                if best_score < AVOID_SIMILARITY:
                    best = None
            if best is not None:
                lst = out.setdefault((phrases[best][0], phrases[best][1]), [])
                if avoid.text not in lst:
                    lst.append(avoid.text)
    return out


def open_index(extra: Iterable[Path], load_library: Callable[[], Library], use_cache: bool = True) -> PhraseIndex:
    """The phrase index for this search path: from the cache when every stamp matches,
    else built from `load_library()` and cached (`use_cache=False`: always build, and
    overwrite the cache).

    Files are stamped *before* the library is loaded, so a file changed meanwhile has a
    newer stamp than the index and is picked up by the next run.
    """
    folders = search_folders(extra)
    files: list[list[str | int]] = [list(f) for f in stamps(folders)]
    from .. import cache

    ident = cache_ident(files)
    if use_cache:
        index = read_index(cache.readable_database(CACHE_KIND, ident))
        if index is not None:
            try:
                if _stamps_of(index)[1] == files:  # the same files as they are now: the same index
                    return index
            except CorruptIndex:
                pass
            index.close()
    library = load_library()
    index = build_index(library, folders, files)
    if _agrees(library, folders, files):
        try:
            cache.save_database(CACHE_KIND, ident, index.db.serialize())  # best effort: only costs speed
        except sqlite3.Error:
            pass
    return index


def _agrees(library: Library, folders: list[str], files: list[list[str | int]]) -> bool:
    """Whether our view of the search path is the library's (else never cache)."""
    theirs = [str(f.path) for f in getattr(library, "folders", [])]
    if theirs != folders:
        return False
    seen = {str(e.path) for e in library.entries} | {str(e.path) for e in library.overridden}
    seen |= {str(p) for p, _ in library.broken}
    return seen == {f[0] for f in files}


def lookup(
    extra: Iterable[Path],
    load_library: Callable[[], Library],
    q: "Query",
    pick: bool = False,
    seed: Optional[int] = None,
    prepare: Optional[Callable[[PhraseIndex], None]] = None,
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


# --------------------------------------------------------------------------- language


def choose_lang(index: PhraseIndex, text: str, default: str) -> tuple[str, Optional[Detection]]:
    """The content language to search for `text` when none was given. Returns
    (language, detection or None).

    The shared detector (`langdetect.detect`) decides, with the playbooks' own words as
    evidence; the content's vocabulary then settles what the detector can't: a clear
    answer in a language whose playbooks know none of the query's words gives way to
    one whose playbooks do ("zebra" in an English-only playbook), and an unclear answer
    goes to the language that knows most of them, else to `default`.
    """
    from .langdetect import detect

    available = index.langs()
    words = list(dict.fromkeys(w for _, w in zip(range(MAX_TERMS * 4), iter_tokens(text))))
    if not words:
        return default, None
    vocab: dict[str, set[str]] = {lang: set() for lang in available}
    marks = ",".join("?" * len(words))
    # a function word is no sign of content in the other language; the detector weighs it
    for word, lang in index._q(f"SELECT word, lang FROM word WHERE word IN ({marks})", tuple(words)):
        if word not in FUNCTION_WORDS:
            vocab.setdefault(lang, set()).add(word)
    detection = detect(text, {lang: frozenset(ws) for lang, ws in vocab.items()})
    known = {lang: len(vocab.get(lang, ())) for lang in available}
    best = max(known.values(), default=0)
    leaders = [lang for lang in available if known[lang] == best]
    if detection.clear() and detection.lang in available:
        if known[detection.lang] or not best:
            return detection.lang, detection
        return (leaders[0] if len(leaders) == 1 else default), detection
    if best and len(leaders) == 1:
        return leaders[0], detection
    return default, detection


def elsewhere(index: PhraseIndex, q: "Query") -> list[tuple[str, int]]:
    """(language, number of matches) for every other language where `q` finds phrases,
    most matches first: the hint when the searched language has none. A function word of
    either language is left out of the query first ("go" of "twierdzi, że go okłamali"
    is no English match), as `choose_lang` leaves it out of the evidence."""
    typed = list(islice(iter_words(q.text), MAX_TERMS * 4))
    kept = [raw for raw, w in typed if w not in FUNCTION_WORDS]
    if typed and not kept:
        return []
    text = " ".join(kept) if len(kept) < len(typed) else q.text
    out = []
    for lang in index.langs():
        if lang == q.lang:
            continue
        other = Query(text, lang, q.stage, q.tag, q.playbook, limit=0)
        count = len(rank(index, other, strong_only=True))
        if count:
            out.append((lang, count))
    out.sort(key=lambda lc: (-lc[1], lc[0]))
    return out


# --------------------------------------------------------------------------- search


class Query:
    """A search request; `None` filters mean "any". After a search, `truncated` says
    whether the text had more than `MAX_TERMS` content words (the rest was ignored)."""

    def __init__(
        self,
        text: str = "",
        lang: Optional[str] = None,
        stage: Optional[str] = None,
        tag: Optional[str] = None,
        playbook: Optional[str] = None,
        limit: int = 10,
    ):
        self.text = text or ""
        self.lang = lang
        self.stage = stage
        self.tag = tag
        self.playbook = playbook
        self.limit = limit
        self.truncated = False


def terms(text: str) -> list[str]:
    """The query's words, folded (at most `MAX_TERMS`; one-letter words are dropped):
    what the terminal view highlights."""
    out: dict[str, None] = {}
    for w in iter_tokens(text):
        if len(w) > 1:
            out[w] = None
            if len(out) >= MAX_TERMS:
                break
    return list(out)


class Analysis:
    """What a query asks for, in one language: weighted index terms, tags and stages."""

    __slots__ = ("body", "tags", "stages", "truncated", "accents", "concepts", "senses")

    def __init__(self) -> None:
        self.body: dict[str, float] = {}  # stem -> weight
        self.tags: dict[str, float] = {}  # tag id -> weight
        self.stages: dict[str, float] = {}  # stage id -> weight
        self.truncated = False
        #: stem -> accented lower-case prefix the phrase should contain for a full-weight match
        self.accents: dict[str, str] = {}
        #: per content word of the query, the body terms ("b:stem") and tags ("t:id") it
        #: found: a phrase covering more of them ranks higher (see COVERAGE)
        self.concepts: list[set[str]] = []
        #: body stem -> the tags the same query word named: in a phrase with none of them
        #: the word is used in another sense ("lying down" for "accused of lying")
        self.senses: dict[str, set[str]] = {}

    def empty(self) -> bool:
        return not (self.body or self.tags or self.stages)


def _add(d: dict[str, float], key: str, w: float) -> None:
    if d.get(key, 0.0) < w:
        d[key] = w


def _content_words(text: str, lang: str) -> tuple[list[tuple[str, str, str]], list[str], list[str], bool]:
    """([(raw lower word, folded word, stem)] of the content words, stems of the content
    words in order and every folded word in order, stop words included (both for
    multi-word tag search words), truncated?), reading at most MAX_TERMS content words."""
    import re

    stop = STOP.get(lang, frozenset())
    contracted = CONTRACTIONS.get(lang, {})
    content: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    sequence: list[str] = []
    every: list[str] = []
    truncated = False
    place = PLACES.get(lang)
    if place is not None and place.search(fold(text[:20_000])):
        text = place.sub(" ", fold(text[:20_000]))
    short = SHORT_FORMS.get(lang)
    if short is not None and short.search(text[:20_000].lower()):
        text = short.sub(f" {SHORT_FORM_WORD[lang]} ", text[:20_000].lower())
    abbreviated = ABBREVIATIONS.get(lang, {})
    for m in re.finditer(r"[^\W_]+", text):
        raw = m.group().lower()
        w = fold(raw)
        if w in abbreviated:
            raw = w = abbreviated[w]
        if w in stop or w in contracted or (len(w) < 2 and not w.isdigit()):
            if len(every) < 4 * MAX_TERMS:
                every.extend(contracted.get(w, (w,)))  # "cant" as "can t": stop words both
            continue
        if len(seen) >= MAX_TERMS and w not in seen:
            truncated = True
            break
        s = stem(w, lang)
        sequence.append(s)
        every.append(w)
        if w not in seen:
            seen.add(w)
            content.append((raw, w, s))
    return content, sequence, every, truncated


def analyse(index: PhraseIndex, text: str, lang: str, typo: bool = True) -> Analysis:
    """Turn the query `text` into weighted terms, tags and stages in `lang` (`typo`:
    try words that match nothing with a typo)."""
    a = Analysis()
    content, sequence, every, a.truncated = _content_words(text, lang)
    if not content:
        return a
    generic = _generic_stems(lang)
    persons = _person_stems(lang)
    people: list[int] = []  # the concepts named by a word for a person ("relative", "córka")
    metas: list[int] = []  # the concepts named by a meta word ("complaint", "skarga")
    meta = _meta_stems(lang)
    stems = list(dict.fromkeys(s for _, _, s in content))
    bare = {s: unprefixed(s, lang) for s in stems}
    known = _known_terms(index, lang, stems + [u for us in bare.values() for u in us])
    tagwords = TagWords(index, lang, [*sequence, *(WHOLE + w for w in every)])
    stagewords = dict(index._q("SELECT stem, stage FROM stageword WHERE lang = ?", (lang,)))
    # multi-word tag search words: a run of the query's stems (of its content words), or
    # of its very words for one that is a single word with stop words ("sit in", not
    # "sitting in"); the words they use are
    # taken (their single-word meanings don't count: "druga opinia" is not a review). A
    # run inside a longer one found too is not counted ("come back and find me" is a
    # threat, not "come back"); each run is one concept (see COVERAGE), met by its tags.
    joined = " " + " ".join(sequence) + " "
    joined_all = " " + " ".join(every) + " "
    typos = 0 if typo else TYPO_WORDS
    taken: dict[str, set[str]] = {}  # word -> tags of the runs that took it
    situational: set[str] = set()
    body_only: dict[str, list[str]] = {}
    # and one whose words come in order with a word or two between them ("nie ma wolnych
    # terminów", "waiting a year for an operation"), a little less surely
    present = set(sequence)
    runs: dict[str, tuple[str, ...]] = {}
    loose: dict[str, tuple[str, ...]] = {}
    for seq, tag_ids in tagwords.runs.items():
        if seq[0] == WHOLE:
            if f" {seq[1:]} " in joined_all:
                runs[seq] = tag_ids
            continue
        space = seq.find(" ")
        if space < 0 or seq[:space] not in present:
            continue
        if f" {seq} " in joined:
            runs[seq] = tag_ids
        elif present.issuperset(seq.split()) and _in_order(sequence, seq.split()):
            loose[seq] = tag_ids
    stop = STOP.get(lang, frozenset())
    plain = {seq: " " + " ".join(stem(w, lang) if seq[0] == WHOLE else w for w in seq.lstrip(WHOLE).split() if w not in stop) + " " for seq in [*runs, *loose]}
    for seq, tag_ids in [*runs.items(), *loose.items()]:
        if any(len(other) > len(plain[seq]) and plain[seq] in other for other in plain.values()):
            continue
        words = plain[seq].split()
        for tag in tag_ids:
            _add(a.tags, tag, EXACT * (1.2 if seq in runs else GAPPED))
        for w in words:
            taken.setdefault(w, set()).update(tag_ids)
        situational.update(words)
        if all(w in meta for w in words):  # "not happy with": a meta word still
            metas.append(len(a.concepts))
        a.concepts.append({"t:" + tag for tag in tag_ids})
    for raw, w, s in content:
        weight = GENERIC_WEIGHT if s in generic else EXACT
        concept: set[str] = set()
        if s in known:
            _add(a.body, s, weight)
            concept.add("b:" + s)
            if raw != w:
                a.accents[s] = raw[: len(s)]
        if s in taken:  # its own meanings count less than the phrase's
            for tag in tagwords.get(s, ()):
                _add(a.tags, tag, weight * TAKEN)
            continue
        for tag in tagwords.get(s, ()):
            _add(a.tags, tag, weight)
            concept.add("t:" + tag)
        for tag in tagwords.get(LOOSE + s, ()):  # "phone" from "on his phone": a hint only
            _add(a.tags, tag, weight * LOOSE_WEIGHT)
            concept.add("t:" + tag)
        if s in stagewords:
            _add(a.stages, stagewords[s], weight)
        if not concept:  # a Polish verb with a prefix the content doesn't use ("rozpłakała")
            for u in bare[s]:
                if u in known and len(u) > 3:  # "zwyzywał" → "wyz": as text, that is "wyżej"
                    _add(a.body, u, weight * UNPREFIXED)
                    concept.add("b:" + u)
                for tag in tagwords.get(u, ()):
                    _add(a.tags, tag, weight * UNPREFIXED)
                    concept.add("t:" + tag)
                if concept:
                    break
        if not concept and len(w) >= 4:  # a word start ("frustr")
            for t in _prefixed(index, lang, w):
                if t in tagwords:
                    for tag in tagwords.get(t):
                        _add(a.tags, tag, weight * PREFIX)
                        concept.add("t:" + tag)
                if _known_terms(index, lang, [t]):
                    _add(a.body, t, weight * PREFIX)
                    concept.add("b:" + t)
        if not concept and s not in stagewords and len(w) >= 4 and typos < TYPO_WORDS:
            typos += 1
            for t in _typo_stems(index, lang, w):  # only when nothing else matched this word
                if _known_terms(index, lang, [t]):
                    _add(a.body, t, weight * WEAK)
                    concept.add("b:" + t)
                for tag in tagwords.get(t, ()):
                    _add(a.tags, tag, weight * WEAK)
                    concept.add("t:" + tag)
        if concept and weight == EXACT:
            if s in persons:
                people.append(len(a.concepts))
            if s in meta:
                metas.append(len(a.concepts))
            a.concepts.append(concept)
        if any(c[0] == "t" for c in concept):
            situational.add(s)
            if s in a.body:
                a.senses.setdefault(s, set()).update(c[2:] for c in concept if c[0] == "t")
        else:
            body_only.setdefault(s, []).extend(c[2:] for c in concept if c[0] == "b")
    # the situation over the feeling: when one word of the query names only a feeling and
    # another a situation ("angry about the price", "pijany pacjent awanturuje się"), the
    # feeling's own phrases count less than those about what happened (a phrase with both
    # tags still covers both words); a word that names both ("yelling") stays as it is
    emotions = _emotions(index, lang)
    named = [{c[2:] for c in cs if c[0] == "t"} for cs in a.concepts]
    # the topic over meta words: when a word that says only that something is wrong
    # ("complaint", "problem", "not happy", "skarga") comes with one that names a situation
    # ("complaint about cold food"), what the meta word alone meets counts less (and is
    # no feeling or person to weigh again below); alone it stays whole. One that names
    # only feelings ("angry", "niezadowolony") is weighed as a feeling (EMOTION, below)
    metas = [k for k in metas if not (named[k] and named[k] <= emotions)]
    if metas and any(named[k] - emotions for k in range(len(named)) if k not in metas and k not in people):
        others = set().union(*(a.concepts[k] for k in range(len(named)) if k not in metas))
        for c in {c for k in metas for c in a.concepts[k]} - others:
            bag = a.tags if c[0] == "t" else a.body
            bag[c[2:]] *= META_WEIGHT
        people = [k for k in people if k not in metas]
        named = [set() if k in metas else named[k] for k in range(len(named))]
    # who over what: the tags of a word for a person ("relative" → family) count less
    # when another word names a situation ("relative wants the manager"), and are only
    # a situation themselves when nothing else is
    kept = list(range(len(named)))
    if any(named[k] - emotions for k in kept if k not in people):
        kept = [k for k in kept if k not in people]
        others = set().union(*(a.concepts[k] for k in kept))
        for c in {c for k in people for c in a.concepts[k]} - others:
            bag = a.tags if c[0] == "t" else a.body
            bag[c[2:]] *= PERSON
    if any(named[k] - emotions for k in kept):
        mixed = {tag for k in kept if named[k] - emotions for tag in named[k]}
        for tag in {tag for k in kept if named[k] <= emotions for tag in named[k]} - mixed:
            a.tags[tag] *= EMOTION
        # and the feeling word met in a phrase's text ("angry" in "You're angry because…")
        feelings = [k for k in kept if named[k] and named[k] <= emotions]
        rest = set().union(*(a.concepts[k] for k in range(len(named)) if k not in feelings))
        for c in {c for k in feelings for c in a.concepts[k] if c[0] == "b"} - rest:
            a.body[c[2:]] *= EMOTION
    # intent over filler: when some words of the query name a situation (a tag), words
    # that only meet phrase text ("ciągle", "hear", "room") count less
    if situational:
        for s, terms in body_only.items():
            for t in terms:
                if t in a.body and t not in situational:
                    a.body[t] *= FILLER
    return a


def _in_order(sequence: list[str], words: list[str]) -> bool:
    """Whether `words` come in `sequence` in this order with at most GAP other words
    between each two."""

    def from_(k: int, at: int) -> bool:
        if k == len(words):
            return True
        end = len(sequence) if at < 0 else min(len(sequence), at + 2 + GAP)
        return any(sequence[i] == words[k] and from_(k + 1, i) for i in range(at + 1, end))

    return from_(0, -1)


_GENERIC_STEMS: dict[str, frozenset[str]] = {}


def _emotions(index: PhraseIndex, lang: str) -> frozenset[str]:
    """The tags the playbooks of `lang` list as emotions (`emotions:`)."""
    return index.emotions(lang)


_PERSON_STEMS: dict[str, frozenset[str]] = {}


def _person_stems(lang: str) -> frozenset[str]:
    if lang not in _PERSON_STEMS:
        _PERSON_STEMS[lang] = frozenset(stem(w, lang) for w in PERSONS.get(lang, ()))
    return _PERSON_STEMS[lang]


_META_STEMS: dict[str, frozenset[str]] = {}


def _meta_stems(lang: str) -> frozenset[str]:
    if lang not in _META_STEMS:
        _META_STEMS[lang] = frozenset(stem(w, lang) for w in META.get(lang, ()))
    return _META_STEMS[lang]


def _generic_stems(lang: str) -> frozenset[str]:
    if lang not in _GENERIC_STEMS:
        _GENERIC_STEMS[lang] = frozenset(stem(w, lang) for w in GENERIC.get(lang, ()))
    return _GENERIC_STEMS[lang]


def _known_terms(index: PhraseIndex, lang: str, stems: list[str]) -> dict[str, int]:
    if not stems:
        return {}
    marks = ",".join("?" * len(stems))
    return dict(index._q(f"SELECT term, df FROM term WHERE lang = ? AND term IN ({marks})", (lang, *stems)))


def _head(stems: str) -> str:
    """What a query must contain for a tag search word to apply: its first word (with the
    WHOLE mark of a run typed as is), or all of a single word."""
    return stems.split(" ", 1)[0]


class TagWords:
    """The tag search words of one language that one query can meet.

    The vocabulary has thousands of entries and a query a handful of words, so instead of
    reading it all on every search (~2 ms with the built-in content), the multi-word
    entries are fetched by their first word (`head`) in one query, and single words are
    looked up one by one as `analyse` asks for them."""

    def __init__(self, index: PhraseIndex, lang: str, heads: Iterable[str]) -> None:
        self._index, self._lang = index, lang
        self._one: dict[str, tuple[str, ...]] = {}
        wanted = sorted(set(heads))
        runs: dict[str, list[str]] = {}
        if wanted:
            marks = ",".join("?" * len(wanted))
            sql = f"SELECT stems, tag FROM tagword WHERE lang = ? AND head IN ({marks}) AND stems != head ORDER BY stems, tag"
            for stems, tag in index._q(sql, (lang, *wanted)):
                runs.setdefault(stems, []).append(tag)
        #: the multi-word entries (and runs typed as is) that start with one of the heads
        self.runs = {k: tuple(v) for k, v in runs.items()}

    def get(self, key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        found = self._one.get(key)
        if found is None:
            rows = self._index._q("SELECT tag FROM tagword WHERE lang = ? AND stems = ?", (self._lang, key))
            found = self._one[key] = tuple(r[0] for r in rows)
        return found or default

    def __contains__(self, key: str) -> bool:
        return bool(self.get(key))


def _prefixed(index: PhraseIndex, lang: str, w: str) -> list[str]:
    """Stems of the content's words that start with the word typed ("frustr")."""
    rows = index._q(
        "SELECT DISTINCT stem FROM word WHERE word > ? AND word < ? AND lang = ? LIMIT ?",
        (w, w + "\uffff", lang, MAX_EXPANSION),
    )
    return [r[0] for r in rows]


def _typo_stems(index: PhraseIndex, lang: str, w: str) -> list[str]:
    """Stems of the content's words one typo away from `w` (two for words of 8+ letters)."""
    far = 2 if len(w) >= 8 else 1
    rows = index._q(
        "SELECT word, stem FROM word WHERE word >= ? AND word < ? AND lang = ? AND length(word) BETWEEN ? AND ?",
        (w[0], w[0] + "\uffff", lang, len(w) - far, len(w) + far),
    )
    rows += index._q("SELECT word, stem FROM word WHERE word = ? AND lang = ?", (w[1:], lang))
    out: dict[str, int] = {}
    for word, s in rows:
        d = 1 if within_one_edit(w, word) else (distance(w, word, 2) if far == 2 else 9)
        if d <= far:
            out[s] = min(out.get(s, 9), d)
    best = min(out.values(), default=9)
    return [s for s, d in out.items() if d == best][:MAX_EXPANSION]


def _fts_query(lang: str, a: Analysis, q: "Query", tags: dict[str, tuple[str, str, int]]) -> Optional[str]:
    def quote(s: str) -> str:
        return '"' + s.replace('"', '""') + '"'

    parts = []
    if a.body:
        parts.append("body : (" + " OR ".join(quote(t) for t in a.body) + ")")
    tag_tokens = [tags[t][1] for t in a.tags if t in tags]
    if tag_tokens:
        parts.append("tags : (" + " OR ".join(quote(t) for t in tag_tokens) + ")")
    if a.stages:
        parts.append("stage : (" + " OR ".join(quote(s) for s in a.stages) + ")")
    if not parts:
        return None
    expr = f"lang : {quote(lang)} AND ({' OR '.join(parts)})"
    return expr + _filters_fts(q, tags)


def _filters_fts(q: "Query", tags: dict[str, tuple[str, str, int]]) -> str:
    out = ""
    if q.stage:
        out += f' AND stage : "{q.stage}"'
    if q.tag:
        token = tags.get(q.tag, (None, None))[1]
        out += f' AND tags : "{token}"' if token else ' AND tags : "-none-"'
    return out


def _pb_ranges(index: PhraseIndex, q: "Query", lang: str) -> Optional[list[tuple[int, int]]]:
    if q.playbook is None:
        return None
    return [r for row, r in zip(index.playbooks, index.ranges) if row[0] == q.playbook and row[1] == lang]


def search(index: PhraseIndex, q: Query) -> list[PhraseHit]:
    """Phrases matching `q`, best first (at most `q.limit`; all when limit is None or ≤ 0).
    The same text in several playbooks of one language is shown once (its best match)."""
    limit = q.limit if q.limit and q.limit > 0 else None
    out: list[PhraseHit] = []
    words: list[frozenset[str]] = []
    deferred: list[PhraseHit] = []
    seen: set[tuple[str, str]] = set()
    for i, s in rank(index, q):
        if limit is not None and len(out) >= limit:
            break
        hit = index.record(i, s)
        key = (hit.lang, " ".join(tokens(hit.text)))
        if key in seen:
            continue
        seen.add(key)
        # diversity: a near-copy of a phrase already shown ("It's all right to cry. I'll
        # stay with you…" twice) waits while a distinct phrase scores close enough
        own = frozenset(tokens(hit.text))
        while deferred and deferred[0].score * DIVERSITY_FLOOR > s:
            out.append(deferred.pop(0))
            if limit is not None and len(out) >= limit:
                return out
        if any(len(own & other) >= NEAR_COPY * len(own | other) for other in words):
            deferred.append(hit)
            continue
        words.append(own)
        out.append(hit)
    while deferred and (limit is None or len(out) < limit):
        out.append(deferred.pop(0))
    if limit is None:
        out.sort(key=lambda h: -h.score)
    return out


def rank(index: PhraseIndex, q: Query, strong_only: bool = False) -> list[tuple[int, float]]:
    """(phrase number, score) of every phrase matching `q`, best first (ties in index
    order). `strong_only`: no typo matching."""
    langs = [q.lang] if q.lang else index.langs()
    if not any(True for w in iter_tokens(q.text)):
        return _listing(index, q, langs)
    out: list[tuple[int, float]] = []
    for lang in langs:
        a = analyse(index, q.text, lang, typo=not strong_only)
        q.truncated = q.truncated or a.truncated
        out.extend(_score(index, q, lang, a))
    out.sort(key=lambda iv: (-iv[1], iv[0]))
    return out


def _listing(index: PhraseIndex, q: Query, langs: list[str]) -> list[tuple[int, float]]:
    """Every phrase passing the filters, in index order (no query words)."""
    limit = q.limit if q.limit and q.limit > 0 else -1
    out: list[tuple[int, float]] = []
    for lang in langs:
        args: list[str | int]
        sql, args = "SELECT id, tags FROM phrase WHERE lang = ?", [lang]
        if q.stage:
            sql += " AND stage = ?"
            args.append(q.stage)
        ranges = _pb_ranges(index, q, lang)
        if ranges is not None:
            if not ranges:
                continue
            sql += " AND (" + " OR ".join("id BETWEEN ? AND ?" for _ in ranges) + ")"
            args.extend(x for r in ranges for x in r)
        for i, tags in index._q(sql + " ORDER BY id", tuple(args)):
            if q.tag is None or q.tag in tags.split():
                out.append((i, 0.0))
    out.sort()
    return out[:limit] if limit > 0 else out


def _score(index: PhraseIndex, q: Query, lang: str, a: Analysis) -> list[tuple[int, float]]:
    tags = index.tags(lang)
    expr = _fts_query(lang, a, q, tags)
    if expr is None:
        return []
    sql = "SELECT fts.rowid, fts.stage, fts.body, fts.tags"
    if a.accents:
        sql += ", phrase.text FROM fts JOIN phrase ON phrase.id = fts.rowid"
    else:
        sql += ", '' FROM fts"
    sql += " WHERE fts MATCH ?"
    args: list[str | int] = [expr]
    ranges = _pb_ranges(index, q, lang)
    if ranges is not None:
        if not ranges:
            return []
        sql += " AND (" + " OR ".join("fts.rowid BETWEEN ? AND ?" for _ in ranges) + ")"
        args.extend(x for r in ranges for x in r)
    sql += " ORDER BY bm25(fts, 0.0, 0.6, 1.0, 1.5) LIMIT ?"
    args.append(CANDIDATES)
    rows = index._q(sql, tuple(args))
    if not rows:
        return []
    n, avglen = index.stats(lang)
    n = max(n, 1)
    df = _known_terms(index, lang, list(a.body))

    def idf(count: int) -> float:
        return math.log(1.0 + (n - count + 0.5) / (count + 0.5))

    term_idf = {t: idf(df.get(t, 0)) for t in a.body}
    token_tag = {tags[t][1]: t for t in a.tags if t in tags}
    tag_idf = {t: idf(tags[t][2]) for t in a.tags if t in tags}
    stage_df: dict[str, int] = {}
    if a.stages:
        for st, c in index._q("SELECT stage, count(*) FROM phrase WHERE lang = ? GROUP BY stage", (lang,)):
            stage_df[st] = c
    tag_token = {t: tags[t][1] for t in a.tags if t in tags}
    sense_tokens = {s: {tags[t][1] for t in ts if t in tags} for s, ts in a.senses.items()}
    concepts = [({c[2:] for c in cs if c[0] == "b"}, {tag_token[c[2:]] for c in cs if c[0] == "t" and c[2:] in tag_token}) for cs in a.concepts]
    # what to write down only when the query asks about it (the stage or its tags)
    note_tags = index.note_tags(lang)
    notes = RECORD_STAGE in a.stages or bool(note_tags & a.tags.keys())
    note_tokens = {tags[t][1] for t in note_tags if t in tags}
    out = []
    for rowid, stage, body, tag_tokens, text in rows:
        words = body.split()
        length = len(words)
        norm = K1 * (1 - B + B * length / (avglen or 1.0))
        score = 0.0
        counts: dict[str, int] = {}
        if a.body:
            for w in words:
                if w in a.body:
                    counts[w] = counts.get(w, 0) + 1
            lower = text.lower() if a.accents else ""
            own = set(tag_tokens.split())
            for t, tf in counts.items():
                weight = a.body[t]
                prefix = a.accents.get(t)
                if prefix is not None and not _has_word_start(lower, prefix):
                    weight *= WEAK  # matched only once accents were dropped
                if t in sense_tokens and not sense_tokens[t] & own:
                    weight *= SENSE  # the word, not the situation it names here
                score += weight * term_idf[t] * tf * (K1 + 1) / (tf + norm)
        if token_tag:
            ts = tag_tokens.split()
            tag_norm = 1.0 + 0.15 * max(len(ts) - 1, 0)
            best = [a.tags[token_tag[tok]] * tag_idf[token_tag[tok]] for tok in ts if tok in token_tag]
            if best:
                best.sort(reverse=True)
                score += TAG_WEIGHT * (best[0] + 0.5 * sum(best[1:])) / tag_norm
        if stage in a.stages:
            score += STAGE_WEIGHT * a.stages[stage] * idf(stage_df.get(stage, n))
        if stage == RECORD_STAGE and note_tokens and not notes and note_tokens & set(tag_tokens.split()):
            score *= NOTE
        if len(concepts) > 1 and score > 0:
            ts = set(tag_tokens.split())
            covered = sum(1 for body_terms, tag_tokens_ in concepts if body_terms & counts.keys() or tag_tokens_ & ts)
            score *= ((1.0 + covered) / (1.0 + len(concepts))) ** COVERAGE
        if score > 0:
            out.append((rowid, score))
    return out


def _has_word_start(text: str, prefix: str) -> bool:
    at = text.find(prefix)
    while at != -1:
        if at == 0 or not text[at - 1].isalnum():
            return True
        at = text.find(prefix, at + 1)
    return False


def random_pick(index: PhraseIndex, q: Query, seed: Optional[int] = None) -> Optional[PhraseHit]:
    """One phrase at random among those matching `q` (a daily tip)."""
    import random

    full = Query(q.text, q.lang, q.stage, q.tag, q.playbook, limit=0)
    ranked = rank(index, full)
    q.truncated = full.truncated
    if not ranked:
        return None
    i, s = random.Random(seed).choice(ranked)
    return index.record(i, s)


# --------------------------------------------------------------------------- suggestions


def nearest_tags(index: PhraseIndex, text: str, lang: Optional[str], n: int = 3) -> list[tuple[str, str]]:
    """(tag id, label) of the tags closest to the query's words, for a "no match" hint;
    without a query, or when nothing is close, the most used tags of the language."""
    vocab: dict[str, tuple[str, set[str], set[str]]] = {}
    used: dict[str, int] = {}
    for code in [lang] if lang else index.langs():
        for tag_id, (label, _token, count) in index.tags(code).items():
            if not count:
                continue
            used[tag_id] = used.get(tag_id, 0) + count
            vocab.setdefault(tag_id, (label, {fold(tag_id)} | set(tokens(label)), set()))
        for stems, tag_id in index._q("SELECT stems, tag FROM tagword WHERE lang = ?", (code,)):
            if tag_id in vocab:
                vocab[tag_id][2].update(stems.lstrip(WHOLE + LOOSE).split())
    words = [w for w in terms(text) if len(w) >= 3][:HINT_WORDS]
    scored = []
    for tag_id, (label, names, search_words) in vocab.items():
        # distance to the closest candidate's start (so "refu" is close to "refund")
        # (ties: the longer common start wins, then the tag's own name over its search
        # words, then the more used tag)
        best = min(
            ((distance(w, c[: len(w)], int(0.4 * len(w))) / len(w), -len(commonprefix((w, c))), c not in names) for w in words for c in names | search_words),
            default=(9.0, 0, True),
        )
        scored.append((best, -used[tag_id], tag_id, label))
    scored.sort()
    close = [(t, label) for (d, _, _), _, t, label in scored if d <= 0.4][:n]
    if close:
        return close
    popular = sorted(vocab, key=lambda t: (-used[t], t))
    return [(t, vocab[t][0]) for t in popular[: max(n, 5)]]

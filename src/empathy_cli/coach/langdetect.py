"""Which language a short text is in: one detector for `check` and `phrases`.

Staff type a few words ("zwrot pieniędzy", "she is shouting at me", "prosze nie
krzyczec"), often without diacritics, so a general-purpose detector trained on long text
is the wrong tool. Three cheap kinds of evidence are enough for the two languages the
product speaks, and each is explainable:

1. letters only one language uses (ą ć ę ł ń ś ź ż for Polish);
2. function words (stop words) and common endings of each language, counted on the
   folded text so "prosze" and "proszę" count alike;
3. optionally, the content's own vocabulary (the caller passes word sets per language,
   e.g. from the playbooks), which catches domain words like "siniak" or "refund".

The answer carries a confidence; callers act only on a clear answer, so a single
ambiguous word ("OK", "botox") never switches the language behind the user's back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Optional

from ..text import fold

if TYPE_CHECKING:
    from typing import TypedDict

    class TrigramModel(TypedDict):
        """One language's trigram log-probabilities, and the one for a trigram never seen."""

        logp: dict[str, float]
        floor: float


_WORD = re.compile(r"[^\W\d_]+")
_PL_LETTERS = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")

#: Folded function words and very common words. Words shared by both languages
#: ("to", "na", "a", "i", "o") are left out on purpose.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the and you your you're youre i'm im we're is are was were be been have has had do does did
        don't dont can't cant won't wont not no yes this that these those what when where why how who which
        it it's its of for with about from at by my me our us they them their he she his her him
        will would could should can may might must shall just very really so but if or because
        please sorry thank thanks there here an as than then too also only all any some more most
        want wants need needs waiting wait says said said say tell told help get got make made""".split()
    ),
    "pl": frozenset(
        """nie sie się jest sa są byl byla bylo byli jestem jestesmy mam ma mamy maja moge mozemy moze
        pan pani pana panu pania panstwo panstwa ze że czy jak co ktory ktora ktore dlaczego kiedy gdzie
        tak juz już tez też ale jednak tylko bardzo jeszcze teraz tego tej ten ta te to tu tam
        dla przez przy bez pod nad mnie mi nam nas ich jego jej go ja my wy oni one on ona ono
        prosze proszę przepraszam dziekuje dziękuję rozumiem wiem chce chcę chcial chciala
        bo albo lub oraz wiec więc zeby żeby aby gdy jesli jeśli jezeli jeżeli czemu skad dokad""".split()
    ),
}


def trigrams(text: str) -> list[str]:
    """Folded character trigrams of each word, with word edges marked ("_kr", "krz", …)."""
    out: list[str] = []
    for word in _WORD.findall(fold(text)):
        padded = f"_{word}_"
        out.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


_TABLE: Optional[dict[str, TrigramModel]] = None


def _table() -> dict[str, TrigramModel]:
    """The trigram log-probabilities (package data built by scripts/train_langdetect.py)."""
    global _TABLE
    if _TABLE is None:
        import json
        import os

        # (a plain path, not importlib.resources: that import alone costs ~10 ms, a
        # tenth of `empathy phrases`' start-up budget; package data sits next to us)
        try:
            with open(os.path.join(os.path.dirname(__file__), "data", "langdetect.json"), encoding="utf-8") as fh:
                _TABLE = json.loads(fh.read())
        except (OSError, ValueError):  # pragma: no cover - a broken install: stop words only
            _TABLE = {}
    return _TABLE


@dataclass(frozen=True)
class Detection:
    """The detected language (None when there is no evidence), how sure (0–1) and why."""

    lang: Optional[str]
    confidence: float
    scores: Mapping[str, float]

    def clear(self, threshold: float = 0.75) -> bool:
        """True when the evidence is strong enough to act on."""
        return self.lang is not None and self.confidence >= threshold


def detect(text: str, vocab: Optional[Mapping[str, frozenset[str]]] = None, max_words: int = 200) -> Detection:
    """Detect English or Polish in `text`.

    Evidence, in log-odds for Polish over English: Polish-only letters, stop words, the
    caller's content vocabulary (`vocab` maps a language to folded words; a word known in
    one language only counts for it) and character trigrams. Only the first `max_words`
    words are read, so the cost is bounded for any input.
    """
    words = _WORD.findall(text[: max_words * 20])[:max_words]
    if not words:
        return Detection(None, 0.0, {"en": 0.0, "pl": 0.0})
    raw = " ".join(words)
    odds = 3.0 * len(_PL_LETTERS.findall(raw))
    for word in words:
        w = fold(word)
        odds += 2.0 * ((w in STOP_WORDS["pl"]) - (w in STOP_WORDS["en"]))
        if vocab:
            in_pl, in_en = w in vocab.get("pl", ()), w in vocab.get("en", ())
            odds += 1.5 * (in_pl - in_en)
    table = _table()
    if "en" in table and "pl" in table:
        en, pl = table["en"], table["pl"]
        grams = trigrams(raw)
        diff = sum(pl["logp"].get(g, pl["floor"]) - en["logp"].get(g, en["floor"]) for g in grams)
        odds += 0.5 * diff
    import math

    p_pl = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, odds))))
    lang = "pl" if p_pl >= 0.5 else "en"
    confidence = max(p_pl, 1.0 - p_pl)
    # map 0.5..1 onto 0..1: "no idea" is 0, certainty is 1
    return Detection(lang if odds else None, round(2.0 * confidence - 1.0, 3), {"pl": round(odds, 2)})

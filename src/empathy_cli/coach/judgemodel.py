"""The learned layer of the judge: a small linear model over what the rules found.

The rules say *what* a reply does and *where* (spans with rule ids); they cannot weigh
every combination a trainer weighs ("I understand. Next, please." is a brush-off; "Calm
is the last thing I'd expect you to feel" is not minimising). A multinomial logistic
regression does that weighing. Its features are:

- the weight of each kind of move the rules found, after the structure was read
  (`k:blame` …), each rule id that fired (`r:…`), and the structural reasons
  (`s:undercut`, `s:negated`, `s:rhetorical` …);
- the shape of the reply: a question, an exclamation, shouting capitals, second-person
  address, length;
- folded word stems (the first five letters, so Polish inflection and missing diacritics
  meet) and stem pairs.

It is trained by `scripts/train_judge.py` on the labelled development sets only (never the
blind split), its weights ship as package data (`coach/data/judge-<lang>.json`), and
inference is pure Python: a dictionary lookup per feature. No network, no downloads.
"""

from __future__ import annotations

import json
import math
import re
import sys
from binascii import a2b_base64, b2a_base64
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

from ..vocab import VERDICTS

CLASSES = VERDICTS[::-1]  # the model's class order: escalating, neutral, de-escalating
_WORD = re.compile(r"[^\W\d_]+")
_STEM = 5
_DIGIT = re.compile(r"\d")
_CAPS = re.compile(r"\b[A-ZĄĆĘŁŃÓŚŹŻ]{3,}\b")
_SECOND = {
    "en": frozenset("you your you're youre yours yourself you've you'd you'll".split()),
    "pl": frozenset("pan pani pana panu pania panem panstwo panstwa ty cie ciebie tobie twoj twoja twoje".split()),
}

_MODELS: dict[str, Optional[dict[str, Any]]] = {}


def stems(folded: str) -> list[str]:
    return [w[:_STEM] for w in _WORD.findall(folded)]


def features(
    text: str,
    folded: str,
    lang: str,
    kinds: Mapping[str, float],
    rule_ids: Iterable[str],
    reasons: Iterable[str],
    questions: int,
) -> dict[str, float]:
    """The feature vector of one judged reply (sparse: name → value)."""
    f: dict[str, float] = {"bias": 1.0}
    for kind, weight in kinds.items():
        if weight:
            f[f"k:{kind}"] = min(weight, 3.0)
    for rid in rule_ids:
        f[f"r:{rid}"] = 1.0
    for reason in reasons:
        f[f"s:{reason.split(':')[0]}"] = 1.0
    pos = sum(w for k, w in kinds.items() if k in ("empathy", "apology", "open_question", "options"))
    neg = sum(w for k, w in kinds.items() if k in ("minimizing", "blame", "dismissal", "threat"))
    f["s:pos"] = min(pos, 4.0) / 2
    f["s:neg"] = min(neg, 4.0) / 2
    f["s:none"] = 1.0 if not pos and not neg else 0.0
    # the rules' own reading: harm decides first, then help (as the judge did without a model)
    words = stems(folded)
    n = len(words)
    f["s:len"] = min(n, 60) / 30
    if n <= 3:
        f["s:short"] = 1.0
    if questions:
        f["s:question"] = 1.0
    if "!" in text:
        f["s:exclaim"] = 1.0
    if _CAPS.search(text):
        f["s:caps"] = 1.0
    if _DIGIT.search(text):
        f["s:digits"] = 1.0  # times, prices, dates: the stuff of plain information
    second = _SECOND.get(lang, frozenset())
    you = sum(1 for w in _WORD.findall(folded) if w in second)
    if you:
        f["s:you"] = min(you, 4) / 2
    for w in set(words):
        f[f"w:{w}"] = 1.0
    for a, b in set(zip(words, words[1:])):
        f[f"b:{a}_{b}"] = 1.0
    return f


#: Weights ship as thousandths (training rounds them to three decimals), so n / SCALE is
#: exactly the float the training wrote.
SCALE = 1000


def pack(weights: Mapping[str, Sequence[float]]) -> dict[str, str]:
    """`weights` as shipped: the feature names one per line, and their three weights each as
    little-endian 16-bit thousandths in base64. Decoding that is a split and a copy, where a
    JSON object of 4,000 lists cost about 2 ms of every `empathy check`."""
    from array import array

    names = sorted(weights)
    milli = array("h", [round(v * SCALE) for name in names for v in weights[name]])
    if any(abs(v / SCALE - w) > 1e-9 for v, w in zip(milli, (w for name in names for w in weights[name]))):
        raise ValueError("weights must be rounded to thousandths within ±32.767")
    if sys.byteorder != "little":
        milli.byteswap()
    return {"features": "\n".join(names), "milli": b2a_base64(milli.tobytes(), newline=False).decode("ascii")}


class Weights(Mapping[str, Sequence[float]]):
    """The shipped weights, read by feature name (`probabilities` looks up a few dozen)."""

    def __init__(self, packed: Mapping[str, str]) -> None:
        names = packed["features"].split("\n") if packed["features"] else []
        raw = a2b_base64(packed["milli"], strict_mode=True)
        if sys.byteorder == "little":
            milli: Sequence[int] = memoryview(raw).cast("h")  # no copy, no import
        else:  # pragma: no cover - big-endian machines
            from array import array

            swapped = array("h", raw)
            swapped.byteswap()
            milli = swapped
        if len(milli) != 3 * len(names):
            raise ValueError("weights: three per feature expected")
        self._index = {name: 3 * i for i, name in enumerate(names)}
        self._milli = milli

    def __getitem__(self, name: str) -> tuple[float, float, float]:
        i = self._index[name]
        m = self._milli
        return (m[i] / SCALE, m[i + 1] / SCALE, m[i + 2] / SCALE)

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def load(lang: str) -> Optional[dict[str, Any]]:
    """The shipped model of `lang` (its rules, and its `weights` as a `Weights`), or None
    (then the rules alone decide)."""
    if lang not in _MODELS:
        from pathlib import Path

        try:
            data = json.loads((Path(__file__).resolve().parent / "data" / f"judge-{lang}.json").read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("weights"), dict):
                data["weights"] = Weights(data["weights"])
                _MODELS[lang] = data
            else:
                _MODELS[lang] = None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            _MODELS[lang] = None
    return _MODELS[lang]


def probabilities(f: Mapping[str, float], weights: Mapping[str, Sequence[float]]) -> list[float]:
    """Softmax of the linear scores, one probability per class in CLASSES."""
    z = [0.0, 0.0, 0.0]
    for name, value in f.items():
        w = weights.get(name)
        if w is not None:
            z[0] += w[0] * value
            z[1] += w[1] * value
            z[2] += w[2] * value
    top = max(z)
    e = [math.exp(v - top) for v in z]
    total = sum(e)
    return [v / total for v in e]


#: How much more the judge fears missing harm than crying wolf: the class probabilities
#: are reweighted by these factors before the verdict (escalating, neutral, de-escalating).
#: Chosen by leaving one author's development set out at a time (`train_judge.py
#: --by-author --grid`): 2.0 balances escalating precision and recall in both languages.
PRIOR = (2.0, 1.0, 1.0)

#: Below this probability the model is unsure of its best class.
SURE = 0.6


def decide(probs: Sequence[float], pos: float, neg: float, plain: bool, prior: Sequence[float] = PRIOR) -> tuple[str, float, bool]:
    """The verdict, how sure, and whether the rules decided.

    The model weighs everything; but when it is unsure and the rules' reading is clear-cut
    (`plain`: help only or harm only, weighing at least 1, with no contrast, negation or
    veto read in the structure), the rules decide, at the confidence of the model's
    probability for that class raised to SURE.
    """
    probs = [p * b for p, b in zip(probs, prior)]
    total = sum(probs)
    probs = [p / total for p in probs]
    best = max(range(len(probs)), key=lambda i: probs[i])
    if probs[best] < SURE and plain:
        rules = 0 if neg >= 1.0 and not pos else 2 if pos >= 1.0 and not neg else None
        if rules is not None and rules != best:
            return CLASSES[rules], max(probs[rules], SURE), True
    return CLASSES[best], probs[best], False

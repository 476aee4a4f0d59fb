"""The wording check: judge one reply with the playbooks' wording signals.

No terminal code and no heavy imports (only `re`). The reply is folded (lower case,
accents stripped, one character per character — see `text.fold`) and matched against
the `signals:` of the playbooks in its language plus a set of general rules per language;
each hit keeps the span of the original text that triggered it, so the UI can underline
it. Every harmful hit gets a better phrasing from the playbooks' `avoid` entries (matched
on kind and wording) or, failing that, a phrase from the right stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Optional

from ..content.models import NEGATIVE_SIGNALS, POSITIVE_SIGNALS
from ..text import fold

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import Playbook

VERDICTS = ("de-escalating", "neutral", "escalating")


@dataclass
class SignalHit:
    kind: str
    text: str
    start: int
    end: int
    label: str = ""


@dataclass
class Suggestion:
    kind: str
    text: str  # the harmful span
    instead: str
    why: str = ""


@dataclass
class CheckResult:
    verdict: str  # "de-escalating" | "neutral" | "escalating"
    signals: list[SignalHit] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    score: float = 0.0  # >0 calming, <0 escalating

    def to_dict(self) -> dict:
        """The `--json` shape."""
        return {
            "verdict": self.verdict,
            "score": round(self.score, 2),
            "signals": [
                {"kind": s.kind, "text": s.text, "start": s.start, "end": s.end, "label": s.label} for s in self.signals
            ],
            "suggestions": [{"kind": s.kind, "text": s.text, "instead": s.instead, "why": s.why} for s in self.suggestions],
        }


# --------------------------------------------------------------------------- rules
# General rules, per language, applied on top of the playbooks' own signals. Patterns are
# matched on folded text (no diacritics, lower case). (kind, label, weight, patterns)

_RULES: dict[str, list[tuple[str, str, float, list[str]]]] = {
    "en": [
        ("minimizing", "minimising the feeling", 1.0, [
            r"\bcalm down\b", r"\brelax\b", r"\bit'?s (just |only )?nothing\b", r"\b(not|no) (such )?a big deal\b",
            r"\byou'?re (over ?reacting|being (dramatic|hysterical|silly))\b",
        ]),
        ("blame", "blaming the client", 1.0, [
            r"\byou (should|shouldn'?t|should not) have\b", r"\bif you had (only )?(followed|listened|read)\b",
            r"\b(it'?s|that'?s|this is) your (own )?fault\b",
        ]),
        ("dismissal", "dismissing the concern", 1.0, [
            r"\b(that'?s|it'?s|this is) (our|the) (policy|rule)\b", r"\bnothing (i|we) can do\b",
            r"\bi don'?t have time\b", r"\bnot my (problem|job)\b",
        ]),
        ("threat", "threat or ultimatum", 1.5, [
            r"\bor (else )?(i|we)('ll| will) (call|have)\b", r"\blast warning\b",
        ]),
        ("empathy", "naming the emotion", 1.0, [
            r"\bi (can )?(see|hear|understand)\b", r"\b(must be|sounds?) (really |very |so )?(frustrating|upsetting|worrying|stressful|hard|difficult)\b",
        ]),
        ("apology", "apology", 1.0, [r"\b(i'?m|i am|we'?re|we are) (so |really |very |truly )?sorry\b", r"\b(i|we) apologi[sz]e\b"]),
        ("open_question", "open question", 1.0, [r"\b(what|how)\b[^.?!]*\?", r"\btell me (more|about|what)\b"]),
        ("options", "concrete options", 1.0, [
            r"\b(we|i) (can|could) (offer|arrange|book|schedule|refund)\b", r"\b(one|another) option\b",
            r"\bwould you (like|prefer)\b",
        ]),
    ],
    "pl": [
        ("minimizing", "bagatelizowanie uczuć", 1.0, [
            r"\buspokoj (sie|pan|pani)\b", r"\bprosze sie uspokoic\b", r"\bnic (sie )?(takiego|nie stalo)\b",
            r"\bprzesadza", r"\bbez przesady\b",
        ]),
        ("blame", "obwinianie klienta", 1.0, [
            r"\b(trzeba|nalezalo) bylo\b", r"\bpowin(ien|na|ienes|nas) (pan |pani )?byl", r"\b(pana|pani|twoja) win",
        ]),
        ("dismissal", "zbywanie", 1.0, [
            r"\btak(a|ie) (jest |sa )?(polityka|zasady|procedury)\b", r"\bnic (nie )?(moge|mozemy) (zrobic|poradzic)\b",
            r"\bnie mam czasu\b", r"\bto nie (moj|nasz) problem\b",
        ]),
        ("threat", "groźba lub ultimatum", 1.5, [r"\b(wezwe|zadzwonie po) (ochrone|policje)\b", r"\bostatni raz\b"]),
        ("empathy", "nazwanie emocji", 1.0, [
            r"(?<!nie )\brozumiem\b", r"\bwidze,? ze\b", r"\b(to|musi byc|brzmi) (naprawde |bardzo )?(frustrujac|denerwujac|przykr|trudn|stresujac)",
        ]),
        ("apology", "przeprosiny", 1.0, [r"\bprzepraszam", r"\b(mi|nam) (bardzo )?przykro\b"]),
        ("open_question", "pytanie otwarte", 1.0, [r"\b(co|jak|jakie|jaki|jaka|kiedy)\b[^.?!]*\?", r"\bprosze (opowiedziec|powiedziec|opisac)\b"]),
        ("options", "konkretne możliwości", 1.0, [
            r"\b(mozemy|moge) (zaproponowac|umowic|zwrocic|zaoferowac|przelozyc)\b", r"\b(jedna|inna) (opcja|mozliwosc)\b",
        ]),
    ],
}

#: Languages with general rules built in (others rely on their playbooks' signals only).
RULE_LANGS = frozenset(_RULES)

_COMPILED: dict[str, list] = {}


def _compile(pattern: str) -> Optional[re.Pattern]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error:  # `empathy validate` reports it; the check just skips it
        return None


def _rules(lang: str) -> list[tuple[str, str, float, re.Pattern]]:
    rules = _COMPILED.get(lang)
    if rules is None:
        rules = []
        for kind, label, weight, patterns in _RULES.get(lang, []):
            for p in patterns:
                rx = _compile(p)
                if rx is not None:
                    rules.append((kind, label, weight, rx))
        _COMPILED[lang] = rules
    return rules


def fold_same_length(text: str) -> str:
    """`fold`, guaranteed to keep one character per character (so spans map back)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold(ch)) == 1 else ch for ch in text)


# --------------------------------------------------------------------------- matching


def _hits(text: str, folded: str, rules: Iterable[tuple[str, str, float, re.Pattern]]) -> list[tuple[SignalHit, float]]:
    found = []
    for kind, label, weight, rx in rules:
        for m in rx.finditer(folded):
            if m.end() > m.start():
                found.append((SignalHit(kind, text[m.start() : m.end()], m.start(), m.end(), label), weight))
    return found


def _merge(found: list[tuple[SignalHit, float]]) -> list[tuple[SignalHit, float]]:
    """One hit per overlapping run of the same kind: the heaviest, then the longest."""
    found.sort(key=lambda hw: (hw[0].kind, hw[0].start, -hw[0].end))
    merged: list[tuple[SignalHit, float]] = []
    for hit, weight in found:
        last = merged[-1] if merged else None
        if last and last[0].kind == hit.kind and hit.start < last[0].end:
            keep = last if (last[1], last[0].end - last[0].start) >= (weight, hit.end - hit.start) else (hit, weight)
            merged[-1] = keep
            continue
        merged.append((hit, weight))
    merged.sort(key=lambda hw: (hw[0].start, hw[0].end))
    return merged


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(fold_same_length(text)) if len(w) > 2}


def _similarity(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


_FALLBACK_STAGE = {"minimizing": "empathize", "blame": "empathize", "dismissal": "solve", "threat": "escalate"}


def _suggest(hit: SignalHit, context: str, playbooks: list["Playbook"]) -> Optional[Suggestion]:
    words = _words(context) | _words(hit.text)
    best: tuple[float, Optional[Suggestion]] = (-1.0, None)
    for pb in playbooks:
        for stage in pb.stages:
            for avoid in stage.avoid:
                score = _similarity(words, _words(avoid.text)) + (1.0 if avoid.kind == hit.kind else 0.0)
                if score > best[0]:
                    best = (score, Suggestion(hit.kind, hit.text, avoid.instead, avoid.why or hit.label))
    if best[1] is not None and best[0] >= 1.0:
        return best[1]
    stage_id = _FALLBACK_STAGE.get(hit.kind, "empathize")
    for pb in playbooks:
        stage = pb.stage(stage_id)
        if stage and stage.phrases:
            return Suggestion(hit.kind, hit.text, stage.phrases[0].text, hit.label)
    return best[1]


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return text[left : min(rights) if rights else len(text)]


# --------------------------------------------------------------------------- verdict


def check_reply(text: str, playbooks: list["Playbook"], lang: str) -> CheckResult:
    """Judge `text` (one reply, in `lang`) with the signals of `playbooks` and general rules."""
    folded = fold_same_length(text)
    rules = list(_rules(lang))
    for pb in playbooks:
        for sig in pb.signals:
            for p in sig.patterns:
                rx = _compile(p)
                if rx is not None:
                    rules.append((sig.kind, sig.label, sig.weight, rx))
    hits = _merge(_hits(text, folded, rules))
    pos = sum(w for h, w in hits if h.kind in POSITIVE_SIGNALS)
    neg = sum(w for h, w in hits if h.kind in NEGATIVE_SIGNALS)
    score = pos - 2.0 * neg
    if neg > 0:
        verdict = "escalating"
    elif pos >= 1.0:
        verdict = "de-escalating"
    else:
        verdict = "neutral"
    suggestions = []
    for hit, _ in hits:
        if hit.kind in NEGATIVE_SIGNALS:
            s = _suggest(hit, _sentence(text, hit.start, hit.end), playbooks)
            if s is not None:
                suggestions.append(s)
    return CheckResult(verdict, [h for h, _ in hits], suggestions, score)

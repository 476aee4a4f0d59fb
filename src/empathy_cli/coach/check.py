"""The judge of wording: one reply in, a verdict with its reasons out.

No terminal code, no translated prose, no files written. The reply is folded (lower case,
accents stripped, one character per character — see `text.fold`), cut into sentences of
at most SEGMENT characters, and read in three steps:

1. **Signals.** Three sources are matched sentence by sentence, each hit keeping the span
   of the person's own words and the id of its rule: the general rules of the language
   (package data, `coach/rules/<lang>.yaml`, compiled with the model into
   `coach/data/judge-<lang>.json` by `scripts/train_judge.py`); the `signals:` of the
   playbooks in that language; and the playbooks' phrases to avoid (a sentence sharing
   most of its words with one counts as that kind of move). Patterns that could
   backtrack badly are refused (`safepattern`), so the work is linear in the reply.
2. **Structure** (`_read_structure`): negation scope, contrast ("but / ale / jednak":
   the later part decides), a "but" wall, politeness next to harm, closed and rhetorical
   questions, bare acknowledgements. What the structure cancels is set aside with a
   reason id, never silently dropped.
3. **Weighing** (`judgemodel`): a small linear model over what steps 1–2 found and the
   reply's word stems gives the verdict and how sure it is; when it is unsure and the
   rules' reading is clear-cut, the rules decide (`judgemodel.decide`).

Every harmful span that remains gets a better phrasing: the `instead` of the closest
`avoid` entry of the same kind, else a phrase from the stage that fixes that kind of move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Optional, Sequence

from ..content.signals import NEGATIVE_SIGNALS, POSITIVE_SIGNALS
from ..text import fold
from ..vocab import VERDICTS, similarity  # noqa: F401  (VERDICTS re-exported)
from .prefilter import LazyPattern, LiteralIndex

if TYPE_CHECKING:  # pragma: no cover
    from .checkinput import CheckedPlaybook, CheckedStage

#: Harmful moves weighing this much make a reply escalating; calming ones, de-escalating.
THRESHOLD = 1.0


@dataclass
class SignalHit:
    kind: str
    text: str
    start: int
    end: int
    label: str = ""
    rule: str = ""  # the stable id of the rule that fired ("en.minimizing.calm-down", a playbook signal's id…)


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
    #: How sure the judge is of `verdict` (0–1), and the reasons (ids, not prose).
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)
    #: The language the reply was judged in (it may differ from the one asked for when the
    #: text is clearly in another language).
    lang: str = ""

    #: Below this confidence the verdict is shown as a guess, and rehearsal asks which
    #: listed reply was meant.
    UNSURE_BELOW = 0.6

    @property
    def unsure(self) -> bool:
        return self.confidence < self.UNSURE_BELOW

    def to_dict(self) -> dict[str, Any]:
        """The `--json` shape."""
        return {
            "verdict": self.verdict,
            "score": round(self.score, 2),
            "confidence": round(self.confidence, 2),
            "unsure": self.unsure,
            "reasons": list(self.reasons),
            "lang": self.lang,
            "signals": [{"kind": s.kind, "text": s.text, "start": s.start, "end": s.end, "label": s.label, "rule": s.rule} for s in self.signals],
            "suggestions": [{"kind": s.kind, "text": s.text, "instead": s.instead, "why": s.why} for s in self.suggestions],
        }


class Rule:
    """One pattern with its stable id, kind, weight and vetoes."""

    __slots__ = ("id", "kind", "weight", "rx", "label", "veto_before", "veto_after", "veto_within")

    def __init__(
        self,
        id: str,
        kind: str,
        weight: float,
        rx: LazyPattern,
        label: str = "",
        veto_before: Optional[LazyPattern] = None,
        veto_after: Optional[LazyPattern] = None,
        veto_within: Optional[LazyPattern] = None,
    ):
        self.id, self.kind, self.weight, self.rx, self.label = id, kind, weight, rx, label
        self.veto_before, self.veto_after, self.veto_within = veto_before, veto_after, veto_within


class RuleSet:
    """A language's rules and the structure words the judge reads clauses with. (Plain
    classes for the judge's internals: generating a dataclass costs start-up time.)"""

    __slots__ = ("lang", "rules", "contrast", "negated_frame", "negated_just_before", "info_question", "bare_ack", "fallback")

    def __init__(self, lang: str, rules: list[Rule]):
        self.lang, self.rules = lang, rules
        self.contrast: Optional[LazyPattern] = None  # "but", "however", "ale", "jednak", "tylko że" …
        self.negated_frame: Optional[LazyPattern] = None  # "I won't tell you to", "nie powiem, żeby" … (just before a hit)
        self.negated_just_before: Optional[LazyPattern] = None  # "not", "nie jest" right before a harmful move
        self.info_question: Optional[LazyPattern] = None  # "what is your date of birth?", "jaki preparat…?": closed
        self.bare_ack: Optional[LazyPattern] = None  # the whole reply is "I understand." / "Rozumiem."
        #: A better phrasing per harmful kind when no playbook offers one (content, not interface).
        self.fallback: dict[str, str] = {}


_PATTERNS: dict[str, LazyPattern] = {}
_RULESETS: dict[str, RuleSet] = {}


def _compile(pattern: str) -> LazyPattern:
    """The rule pattern, compiled only once a reply could match it (see `prefilter`).
    A broken or unsafe pattern never matches: `empathy validate` reports it, the check skips it."""
    rx = _PATTERNS.get(pattern)
    if rx is None:
        rx = _PATTERNS[pattern] = LazyPattern(pattern)
    return rx


_HERE = Path(__file__).resolve().parent


def rule_file(lang: str) -> Path:
    """The package-data rule file of `lang`, whether or not it exists. (A plain path, not
    importlib.resources: that import alone costs ~8 ms of every `empathy check`.)"""
    return _HERE / "rules" / f"{lang}.yaml"


def load_rule_data(lang: str) -> Optional[dict[str, Any]]:
    """The parsed rule file of `lang`, or None when the language has no general rules."""
    source = rule_file(lang)
    if not source.is_file():
        return None
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: Optional[dict[str, Any]] = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    return data


def ruleset(lang: str) -> RuleSet:
    """The general rules of `lang` (patterns compiled when first needed; unsafe ones dropped)."""
    cached = _RULESETS.get(lang)
    if cached is not None:
        return cached
    from . import judgemodel
    from .safepattern import problem as safe_problem

    compiled = judgemodel.load(lang)
    # Compiled rules were checked when they were built (scripts/train_judge.py, and a test
    # keeps them equal to the rule file); rules read from YAML are scanned here.
    data = (compiled or {}).get("rules") or load_rule_data(lang) or {}
    trusted = bool(compiled and compiled.get("rules"))

    def problem(p: str) -> Optional[str]:
        return None if trusted else safe_problem(p, compile=False)

    vetoes = {name: _compile(p) for name, p in (data.get("vetoes") or {}).items() if problem(p) is None}
    structure = data.get("structure") or {}
    out = RuleSet(lang, [])
    out.fallback = {k: v for k, v in (data.get("fallback") or {}).items() if isinstance(v, str)}
    for name in ("contrast", "negated_frame", "negated_just_before", "info_question", "bare_ack"):
        if structure.get(name) and problem(structure[name]) is None:
            setattr(out, name, _compile(structure[name]))
    for entry in data.get("rules") or []:
        if problem(entry["pattern"]) is not None:
            continue
        out.rules.append(
            Rule(
                entry["id"],
                entry["kind"],
                float(entry.get("weight", 1.0)),
                _compile(entry["pattern"]),
                entry.get("label", ""),
                vetoes.get(entry.get("veto_before", "")),
                vetoes.get(entry.get("veto_after", "")),
                vetoes.get(entry.get("veto_within", "")),
            )
        )
    _RULESETS[lang] = out
    return out


def rule_langs() -> frozenset[str]:
    """The languages that have general rules (a rule file in the package)."""
    return frozenset(p.name[:-5] for p in (_HERE / "rules").iterdir() if p.name.endswith(".yaml"))


def rules(lang: str) -> list[Rule]:
    """The general rules of `lang`."""
    return ruleset(lang).rules


#: How many sets of playbooks `playbook_rules` keeps the rules of (a process judges with
#: one or two; tests and long sessions with more simply rebuild the oldest).
MEMO_SIZE = 32
#: The rules of the playbooks' `signals:`, by what they are made of (`_signals_key`).
_PLAYBOOK_RULES: dict[tuple[Any, ...], list[Rule]] = {}
#: Whether a signal pattern is safe to run (`safepattern.problem`), by its text.
_SAFE: dict[str, bool] = {}


def _signals_key(pb: CheckedPlaybook) -> tuple[Any, ...]:
    """Everything `playbook_rules` reads of `pb`: its rules are rebuilt when any of it changes
    (two playbooks with the same id but other signals, a file edited and loaded again)."""
    return (pb.id, tuple((s.kind, s.weight, s.label, getattr(s, "safe", False), tuple(s.patterns)) for s in pb.signals))


def _safe(pattern: str) -> bool:
    found = _SAFE.get(pattern)
    if found is None:
        from .safepattern import problem

        found = _SAFE[pattern] = problem(pattern, compile=False) is None
    return found


def playbook_rules(playbooks: Iterable[CheckedPlaybook]) -> list[Rule]:
    """The `signals:` of the playbooks as rules. A bad or unsafe pattern never runs
    (`empathy validate` names it). Built once per content of the playbooks: judging many
    replies with the same playbooks scans and compiles each pattern once."""
    key = tuple(_signals_key(pb) for pb in playbooks)
    cached = _PLAYBOOK_RULES.get(key)
    if cached is None:
        cached = []
        seen = set()
        for pb_id, signals in key:
            for n, (kind, weight, label, safe, patterns) in enumerate(signals):
                for p in patterns:
                    sig_key = (kind, p)
                    # two playbooks of a language often share signals; a digest holds safe patterns only
                    if sig_key in seen or (not safe and not _safe(p)):
                        continue
                    seen.add(sig_key)
                    cached.append(Rule(f"{pb_id}.signals[{n}]", kind, weight, _compile(p), label))
        if len(_PLAYBOOK_RULES) >= MEMO_SIZE:
            del _PLAYBOOK_RULES[next(iter(_PLAYBOOK_RULES))]
        _PLAYBOOK_RULES[key] = cached
    return list(cached)


def fold_same_length(text: str) -> str:
    """`fold`, guaranteed to keep one character per character (so spans map back)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold(ch)) == 1 else ch for ch in text)


# --------------------------------------------------------------------------- matching

#: Sentences end at these; a sentence longer than SEGMENT characters is cut at a space, so
#: every pattern runs on a bounded window and judging is linear in the reply's length.
_SENTENCE_END = re.compile(r"[.!?;\n]+")
SEGMENT = 320
#: Longer replies are judged on their first MAX_CHARS characters (and say so).
MAX_CHARS = 20_000


class Segment:
    """One sentence (or a piece of a long one) of the folded reply."""

    __slots__ = ("start", "end", "end_mark")

    def __init__(self, start: int, end: int, end_mark: str):
        # end_mark: the punctuation that ends it ("?", "!", "." …; "" at the end of the text)
        self.start, self.end, self.end_mark = start, end, end_mark

    @property
    def question(self) -> bool:
        return "?" in self.end_mark


def segments(folded: str) -> list[Segment]:
    """The sentences of `folded`, each at most SEGMENT characters long."""
    out: list[Segment] = []
    pos = 0
    for m in list(_SENTENCE_END.finditer(folded)) + [None]:
        end = m.end() if m else len(folded)  # the sentence keeps its punctuation ("…?")
        mark = m.group() if m else ""
        start = pos
        pos = m.end() if m else len(folded)
        while end - start > SEGMENT:  # cut a run-on sentence at its last space in the window
            cut = folded.rfind(" ", start + SEGMENT // 2, start + SEGMENT)
            cut = cut if cut > start else start + SEGMENT
            out.append(Segment(start, cut, ""))
            start = cut
        if folded[start:end].strip():
            out.append(Segment(start, end, mark))
    return out


class _Hit:
    """A rule's match while the judge reads the structure; `why` says why it was set aside."""

    __slots__ = ("hit", "weight", "seg", "why")

    def __init__(self, hit: SignalHit, weight: float, seg: int, why: str = ""):
        self.hit, self.weight, self.seg, self.why = hit, weight, seg, why

    @property
    def active(self) -> bool:
        return not self.why


#: The literal index (`prefilter.LiteralIndex`) of a list of rules (the general rules plus
#: one set of playbooks' signals), by the rules themselves: MEMO_SIZE kept. None while the
#: list has judged one reply only: building the index costs more than asking each rule
#: once, so `empathy check` of one reply never builds it; judging many replies does.
_INDEXES: dict[tuple[Rule, ...], Optional[LiteralIndex]] = {}


def _index_of(rule_list: list[Rule]) -> Optional[LiteralIndex]:
    key = tuple(rule_list)
    if key not in _INDEXES:
        if len(_INDEXES) >= MEMO_SIZE:
            del _INDEXES[next(iter(_INDEXES))]
        _INDEXES[key] = None
        return None
    index = _INDEXES[key]
    if index is None:
        index = _INDEXES[key] = LiteralIndex([rule.rx for rule in rule_list])
    return index


def _hits(text: str, folded: str, segs: list[Segment], rule_list: Iterable[Rule], vetoed: list[str], unsaid: list[tuple[int, int]]) -> list[_Hit]:
    """Every rule's matches, sentence by sentence; a vetoed match is noted in `vetoed` and
    its span in `unsaid` (negated or rescued words are not what the reply says)."""
    found = []
    rule_list = list(rule_list)
    index = _index_of(rule_list)
    for si, seg in enumerate(segs):
        window = folded[seg.start : seg.end]
        # the rules whose prefilter lets them match, in order
        picks = index.candidates(window) if index is not None else [i for i, rule in enumerate(rule_list) if rule.rx.may_match(window)]
        for i in picks:
            rule = rule_list[i]
            rx = rule.rx.rx
            if rx is None:  # broken: never matches
                continue
            for m in rx.finditer(window):
                start, end = m.start(), m.end()
                # trim leading separators some patterns consume ("(^|[.!?]\s*)sorry")
                while start < end and not window[start].isalnum():
                    start += 1
                while end > start and window[end - 1].isspace():
                    end -= 1
                if end <= start:
                    continue
                before = max(0, start - 120)
                if rule.veto_before is not None and (v := rule.veto_before.search(window[before:start])):
                    vetoed.append(f"vetoed.{rule.kind}:{rule.id}")
                    unsaid.append((seg.start + before + v.start(), seg.start + end))  # "nie przesadza", "not … overreacting"
                    continue
                if rule.veto_within is not None and rule.veto_within.search(window[start:end]):
                    vetoed.append(f"vetoed.{rule.kind}:{rule.id}")
                    unsaid.append((seg.start + start, seg.start + end))
                    continue
                if rule.veto_after is not None and rule.veto_after.search(window[end:]):
                    vetoed.append(f"vetoed.{rule.kind}:{rule.id}")
                    unsaid.append((seg.start + start, seg.start + end))
                    continue
                a, b = seg.start + start, seg.start + end
                found.append(_Hit(SignalHit(rule.kind, text[a:b], a, b, rule.label, rule.id), rule.weight, si))
    return found


def _merge(found: list[_Hit]) -> list[_Hit]:
    """One hit per overlapping run of the same kind: the heaviest, then the longest."""
    found.sort(key=lambda h: (h.hit.kind, h.hit.start, -h.hit.end))
    merged: list[_Hit] = []
    for h in found:
        last = merged[-1] if merged else None
        if last and last.hit.kind == h.hit.kind and h.hit.start < last.hit.end:
            if (h.weight, h.hit.end - h.hit.start) > (last.weight, last.hit.end - last.hit.start):
                merged[-1] = h
            continue
        merged.append(h)
    merged.sort(key=lambda h: (h.hit.start, h.hit.end))
    return merged


# --------------------------------------------------------------------------- structure

_UNDERCUT = frozenset({"apology", "empathy"})  # what a "but" + harm after it turns hollow
_RESCUE = frozenset({"options", "empathy", "apology", "open_question"})


#: Cues read in the clause after a contrast: the person addressed ("but you were late")
#: and a refusal ("but we're not changing it").
_AFTER_YOU = {"en": LazyPattern(r"\b(you|your|you'?re|you'?ve)\b"), "pl": LazyPattern(r"\b(pan|pani|pana|panu|pania|panstwo|ty|twoj\w*|sie pan\w*)\b")}
_AFTER_NO = {
    "en": LazyPattern(r"\b(no|not|never|can'?t|cannot|won'?t|isn'?t|aren'?t|don'?t|doesn'?t|unable|only)\b|n't\b"),
    "pl": LazyPattern(r"\b(nie|nic|nigdy|niestety|tylko|zadn\w*)\b"),
}


def _read_structure(text: str, folded: str, segs: list[Segment], hits: list[_Hit], rs: RuleSet) -> list[str]:
    """Set aside the hits that the reply's structure cancels, and say why (reason ids).

    - The same words read as harm and as help ("I'm sorry you feel that way" holds
      "sorry"): the harmful reading wins.
    - Negation scope: a harmful move inside a negated frame of speech ("I won't tell you to
      calm down", "nie powiem, żeby się Pan uspokoił") is not made.
    - Contrast: after "but / however / ale / jednak / tylko że" the later part decides. Harm
      after it makes an apology or "I understand" before it hollow (a non-apology); help
      after it rescues a "can't" before it ("I can't change that, but I can book …"); and
      empathy followed by "but" + the person addressed or a refusal, with no help, is
      itself a wall (a `structure.but-wall` signal on the words after "but").
    - Politeness is not empathy: a weak courtesy ("thanks for raising it", "I appreciate
      that") next to harm, or before a "but" with no help after it, is set aside.
    - A question after a fact (a name, a number, which medicine) is closed, not open; a bare
      "I understand." names nothing.
    - A question that also blames or dismisses is rhetorical: it is not an open question,
      and it apologises for nothing.
    """
    reasons: list[str] = []
    neg = [h for h in hits if h.hit.kind in NEGATIVE_SIGNALS]
    pos = [h for h in hits if h.hit.kind in POSITIVE_SIGNALS]
    # 1. negation scope: a harmful move inside a negated frame of speech, read in the clause
    #    just before it ("I won't tell you to calm down"), or negated right before it ("it's
    #    not your fault", "to nie jest Pani wina", "nie jest Pani roszczeniowa") is not made
    for n in neg:
        seg = segs[n.seg]
        clause_start = seg.start
        if rs.contrast is not None:
            for m in rs.contrast.finditer(folded[seg.start : n.hit.start]):
                clause_start = seg.start + m.end()
        lead = folded[max(clause_start, n.hit.start - 80) : n.hit.start]
        if rs.negated_frame is not None and rs.negated_frame.search(lead):
            n.why = "negated"
        elif rs.negated_just_before is not None and rs.negated_just_before.search(lead[-40:]):
            n.why = "negated"
        if n.why:
            reasons.append(f"negated:{n.hit.rule}")
    # 2. the harmful reading of the same words wins ("I'm sorry you see it that way")
    for p in pos:
        if any(n.active and n.hit.start < p.hit.end and p.hit.start < n.hit.end for n in neg):
            p.why = "overlap"
    # 3. contrast
    if rs.contrast is not None:
        for si, seg in enumerate(segs):
            for m in rs.contrast.finditer(folded[seg.start : seg.end]):
                c = seg.start + m.start()
                at_start = not folded[seg.start : c].strip(" ,-–—\"'„”“")
                before = [h for h in hits if h.active and h.hit.end <= c and (h.seg == si or (at_start and h.seg == si - 1))]
                after = [h for h in hits if h.active and h.seg == si and h.hit.start >= c]
                tail = folded[seg.start + m.end() : seg.end]
                cues = [cue for cue, rx in (("you", _AFTER_YOU), ("no", _AFTER_NO)) if rx.get(rs.lang) is not None and rx[rs.lang].search(tail)]
                reasons += [f"contrast.{cue}" for cue in cues]
                if any(h.hit.kind in POSITIVE_SIGNALS for h in before):
                    reasons.append("contrast.after_help" if any(h.hit.kind in _RESCUE for h in after) else "contrast.after_kind")
                if not any(h.hit.kind in _RESCUE or h.hit.kind in NEGATIVE_SIGNALS for h in after) and any(h.hit.kind in _UNDERCUT for h in before) and cues:
                    # "I understand, but you were late" / "I'm sorry, but we're not changing it":
                    # empathy, then the person blamed or refused, and no help offered — a wall
                    a = seg.start + m.end()
                    while a < seg.end and not folded[a].isalnum():
                        a += 1
                    b = seg.end
                    while b > a and not folded[b - 1].isalnum():
                        b -= 1
                    if b > a:
                        wall = _Hit(SignalHit("dismissal", text[a:b], a, b, "", "structure.but-wall"), 1.0, si)
                        hits.append(wall)
                        neg.append(wall)
                        after.append(wall)
                        reasons.append("contrast.wall")
                if not any(h.hit.kind in _RESCUE for h in after):
                    for h in before:  # "I appreciate that, but we do ask …": politeness, then a wall
                        if h.hit.kind in _UNDERCUT and h.weight < THRESHOLD:
                            h.why = "politeness"
                            reasons.append(f"contrast.politeness:{h.hit.rule}")
                if any(h.hit.kind in NEGATIVE_SIGNALS for h in after):
                    for h in before:
                        if h.hit.kind in _UNDERCUT:
                            h.why = "undercut"
                            reasons.append(f"contrast.undercut:{h.hit.rule}")
                elif any(h.hit.kind in _RESCUE for h in after):
                    for h in before:
                        if h.hit.kind == "dismissal":
                            h.why = "rescued"
                            reasons.append(f"contrast.rescued:{h.hit.rule}")
    # 4. politeness next to harm is a wall, not empathy ("Thanks for raising it; the matter
    #    is closed."): weak courtesies are set aside when the reply also does harm
    if any(n.active for n in neg):
        for p in pos:
            if p.active and p.hit.kind in _UNDERCUT and p.weight < THRESHOLD:
                p.why = "politeness"
                reasons.append(f"politeness.wall:{p.hit.rule}")
    # 5. a question after a fact (a name, a number, a date, which medicine) is closed: it
    #    gathers information, it does not invite the person's account
    if rs.info_question is not None:
        for p in pos:
            if p.active and p.hit.kind == "open_question" and segs[p.seg].question:
                seg = segs[p.seg]
                if rs.info_question.search(folded[seg.start : seg.end]):
                    p.why = "closed"
                    reasons.append(f"question.closed:{p.hit.rule}")
    # 6. a bare acknowledgement ("I understand.", "Rozumiem.") is neutral: nothing is named
    if rs.bare_ack is not None and rs.bare_ack.search(folded):
        for p in pos:
            if p.active and p.hit.kind == "empathy":
                p.why = "bare"
                reasons.append(f"bare:{p.hit.rule}")
    # 7. rhetorical and sarcastic questions: a question that also blames or dismisses
    #    invites no answer and apologises for nothing ("Oh great, so now it's our fault?")
    for p in pos:
        if p.active and segs[p.seg].question and p.hit.kind in ("open_question", "apology", "empathy"):
            if any(n.active and n.seg == p.seg for n in neg):
                p.why = "rhetorical"
                reasons.append(f"question.rhetorical:{p.hit.rule}")
    return reasons


_WORD = re.compile(r"\w+")
#: Words too common to say anything about how close two sentences are.
_STOP = frozenset(
    "the and you your for that this with are was not but have has had can will just our all its it's "
    "i'm we're you're they what when then than there here from into about been would could should "
    "nie sie jest ale jak czy pan pani pana panu pania to tak juz tez lub albo oraz przez dla przy "
    "jeszcze bardzo tylko tego tej ten ta te sa mam ma mamy".split()
)


def _stems(text: str) -> frozenset[str]:
    """Content words of `text`, folded and cut to five letters (a cheap stem)."""
    return frozenset(w[:5] for w in _WORD.findall(fold_same_length(text)) if len(w) > 2 and w not in _STOP)


#: The stems of the playbooks' own wordings (phrases, phrases to avoid), by text: the same
#: few hundred are compared with every reply. Replies themselves are not kept.
_CONTENT_STEMS: dict[str, frozenset[str]] = {}
_CONTENT_STEMS_SIZE = 20_000


def _content_stems(text: str) -> frozenset[str]:
    """`_stems` of a playbook's wording, worked out once."""
    found = _CONTENT_STEMS.get(text)
    if found is None:
        if len(_CONTENT_STEMS) >= _CONTENT_STEMS_SIZE:
            _CONTENT_STEMS.clear()
        found = _CONTENT_STEMS[text] = _stems(text)
    return found


_similarity = similarity


#: A sentence sharing this much (Jaccard of stems, and at least 3 stems) with a phrase to
#: avoid counts as that kind of move.
AVOID_SIMILARITY = 0.7


def _avoid_hits(text: str, folded: str, segs: list[Segment], playbooks: Sequence[CheckedPlaybook]) -> list[_Hit]:
    avoids = [(a, _content_stems(a.text)) for pb in playbooks for s in pb.stages for a in s.avoid if a.kind in NEGATIVE_SIGNALS]
    if not avoids:
        return []
    out = []
    for si, seg in enumerate(segs):
        start, end = seg.start, seg.end
        while start < end and folded[start].isspace():
            start += 1
        if end - start < 3:
            continue
        stems = _stems(text[start:end])
        best = max(avoids, key=lambda a: _similarity(stems, a[1]))
        kind = best[0].kind  # never None: `avoids` holds negative kinds only
        if kind is not None and len(stems & best[1]) >= 3 and _similarity(stems, best[1]) >= AVOID_SIMILARITY:
            # the label is the phrase to avoid itself; the interface says "close to …"
            out.append(_Hit(SignalHit(kind, text[start:end], start, end, best[0].text, "avoid"), 1.0, si))
    return out


# --------------------------------------------------------------------------- suggestions

_FIX_STAGE = {"minimizing": "empathize", "blame": "empathize", "dismissal": "solve", "threat": "escalate"}


def _suggest(hit: SignalHit, sentence: str, playbooks: Sequence[CheckedPlaybook], lang: str) -> Optional[Suggestion]:
    """The `instead` of the closest `avoid` entry of the hit's kind, else a phrase from the
    stage that repairs that kind of move, else a built-in suggestion."""
    stems = _stems(sentence) | _stems(hit.text)
    best: tuple[float, Optional[Suggestion]] = (-1.0, None)
    stage: Optional[CheckedStage]
    for pb in playbooks:
        for stage in pb.stages:
            for avoid in stage.avoid:
                if avoid.kind != hit.kind:
                    continue
                score = _similarity(stems, _content_stems(avoid.text))
                if score > best[0]:
                    best = (score, Suggestion(hit.kind, hit.text, avoid.instead, avoid.why or hit.label))
    if best[1] is not None:
        return best[1]
    stage_id = _FIX_STAGE.get(hit.kind, "empathize")
    for pb in playbooks:
        stage = next((s for s in pb.stages if s.id == stage_id), None)
        if stage and stage.phrases:
            phrase = max(stage.phrases, key=lambda p: _similarity(stems, _content_stems(p.text)))
            return Suggestion(hit.kind, hit.text, phrase.text, hit.label)
    fallback = ruleset(lang).fallback.get(hit.kind)
    return Suggestion(hit.kind, hit.text, fallback, hit.label) if fallback else None


# --------------------------------------------------------------------------- verdict


def _rules_verdict(pos: float, neg: float) -> tuple[str, float]:
    """The rules' own verdict and how sure they are, from the weights of what they found."""
    if neg >= THRESHOLD:
        return "escalating", min(1.0, 0.6 + 0.2 * neg - 0.1 * pos)
    if pos >= THRESHOLD:
        return "de-escalating", min(1.0, 0.55 + 0.15 * pos - 0.2 * neg)
    return "neutral", 0.5 if (pos or neg) else 0.6


class Analysis:
    """What the rules and the structure found in one reply, before the verdict."""

    __slots__ = ("text", "folded", "segs", "active", "reasons", "kinds", "unsaid")

    def __init__(
        self,
        text: str,
        folded: str,
        segs: list[Segment],
        active: list[_Hit],
        reasons: list[str],
        kinds: dict[str, float],
        unsaid: Optional[list[tuple[int, int]]] = None,
    ):
        self.text, self.folded, self.segs, self.active = text, folded, segs, active
        self.reasons, self.kinds, self.unsaid = reasons, kinds, unsaid or []

    @property
    def pos(self) -> float:
        return sum(w for k, w in self.kinds.items() if k in POSITIVE_SIGNALS)

    @property
    def neg(self) -> float:
        return sum(w for k, w in self.kinds.items() if k in NEGATIVE_SIGNALS)

    @property
    def plain(self) -> bool:
        """A clear-cut reading: nothing in the structure (contrast, negation, a veto) to weigh."""
        return not any(r.startswith(("contrast", "negated", "vetoed", "question")) for r in self.reasons)

    def features(self, lang: str) -> dict[str, float]:
        from . import judgemodel

        folded = self.folded
        for a, b in self.unsaid:  # words inside a negated or vetoed move say the opposite: leave them out
            folded = folded[:a] + " " * (b - a) + folded[b:]
        return judgemodel.features(
            self.text, folded, lang, self.kinds, [h.hit.rule for h in self.active], self.reasons, sum(1 for s in self.segs if s.question)
        )


#: A short quotation inside a reply: one to four words between quotation marks that open
#: after a space or punctuation and close before one (so the apostrophes of "don't" or
#: "O'Brien" never pair up).
_QUOTED = re.compile(r"""(?:^|(?<=[\s(\[:;,]))['"‘“„«‚]((?:[^\s'"‘’“”„«»‚]+ ?){1,4})['"’”»‘](?=$|[\s.,;:!?)\]—–-])""")


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of short quotations: words the reply mentions rather than says to the
    client (the name a client called the staff member, a term under discussion: "Please
    don't call me 'love'"). A rule matching inside one is not the reply's own move, and its
    words are left out of the learned reading, as negated words are."""
    if not any(q in text for q in "'\"‘“„«‚"):
        return []
    return [m.span() for m in _QUOTED.finditer(text)]


def analyse(text: str, playbooks: Sequence[CheckedPlaybook], lang: str) -> Analysis:
    """Rules, phrases to avoid and structure, read on `text` (at most MAX_CHARS of it)."""
    reasons: list[str] = []
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        reasons.append("truncated")
    rs = ruleset(lang)
    folded = fold_same_length(text)
    segs = segments(folded)
    unsaid: list[tuple[int, int]] = []
    found = _hits(text, folded, segs, rs.rules + playbook_rules(playbooks), reasons, unsaid)
    found += _avoid_hits(text, folded, segs, playbooks)
    quoted = _quoted(text)
    if quoted:
        kept = [h for h in found if not any(a <= h.hit.start and h.hit.end <= b for a, b in quoted)]
        if len(kept) < len(found):
            reasons.append("quoted")
        found = kept
        unsaid += quoted
    merged = _merge(found)
    reasons += _read_structure(text, folded, segs, merged, rs)
    unsaid += [(h.hit.start, h.hit.end) for h in merged if h.why == "negated"]
    active = [h for h in merged if h.active]
    kinds: dict[str, float] = {}
    for h in active:
        kinds[h.hit.kind] = kinds.get(h.hit.kind, 0.0) + h.weight
    return Analysis(text, folded, segs, active, reasons, kinds, unsaid)


def check_reply(text: str, playbooks: Sequence[CheckedPlaybook], lang: str) -> CheckResult:
    """Judge `text` (one reply, in `lang`) with the signals of `playbooks` (those in `lang`
    are used), the general rules of `lang`, the playbooks' phrases to avoid, the structure
    of its sentences and the learned weighing of all that (see `judgemodel`).

    Pure: reads package data, writes nothing. Time is linear in the length of `text`
    (every pattern runs on one bounded sentence at a time, and patterns that could
    backtrack badly are refused); text past MAX_CHARS is not read, and the result says so.
    """
    from . import judgemodel

    playbooks = [pb for pb in playbooks if getattr(pb, "lang", lang) == lang]
    a = analyse(text, playbooks, lang)
    verdict, confidence = _rules_verdict(a.pos, a.neg)
    reasons = list(a.reasons)
    model = judgemodel.load(lang)
    if model is not None and model.get("weights"):
        probs = judgemodel.probabilities(a.features(lang), model["weights"])
        verdict, confidence, by_rules = judgemodel.decide(probs, a.pos, a.neg, a.plain)
        reasons.append("rules" if by_rules else "model")
    suggestions: list[Suggestion] = []
    if verdict != "de-escalating":
        seen = set()
        for h in a.active:
            hit = h.hit
            if hit.kind in NEGATIVE_SIGNALS and (hit.kind, hit.start) not in seen:
                seen.add((hit.kind, hit.start))
                seg = a.segs[h.seg]
                s = _suggest(hit, a.text[seg.start : seg.end], playbooks, lang)
                if s is not None and all(s.instead != other.instead for other in suggestions):
                    suggestions.append(s)  # one better phrasing covers "Calm down, it's not a big deal"
    return CheckResult(
        verdict,
        [h.hit for h in a.active],
        suggestions,
        round(a.pos - 1.5 * a.neg, 2),
        confidence=round(confidence, 3),
        reasons=reasons,
        lang=lang,
    )

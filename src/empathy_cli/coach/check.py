"""The wording check: judge one reply with the playbooks' wording signals.

No terminal code and no heavy imports (only `re`). The reply is folded (lower case,
accents stripped, one character per character — see `text.fold`) and three sources of
signals are matched against it:

1. the `signals:` of the playbooks in the reply's language (authors add their own);
2. general rules for the language (below, English and Polish): the grammar of each move
   rather than fixed sentences — "you should/could have …", "gdyby Pani przeczytała …",
   "(it's|that's) our policy", "nic nie mogę zrobić", conditional threats, emotion words
   after "you seem/you're/jest Pani …", open questions that are not form-filling;
3. the playbooks' `avoid` entries themselves: a sentence that shares most of its words
   with a phrase to avoid counts as that kind of move, even when no rule names it.

Each hit keeps the span of the original text that triggered it. The verdict: any
harmful move (minimising, blame, dismissal, threat) weighing 1 or more makes the reply
escalating — an apology in front of "that's our policy" does not rescue it; otherwise
calming moves weighing 1 or more make it de-escalating; else it is neutral. Every
harmful span gets a better phrasing: the `instead` of the closest `avoid` entry of the
same kind, else a phrase from the stage that fixes that kind of move.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Optional

from .. import i18n
from ..content.signals import NEGATIVE_SIGNALS, POSITIVE_SIGNALS
from ..text import fold
from . import prefilter
from .prefilter import LazyPattern

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import Playbook

VERDICTS = ("de-escalating", "neutral", "escalating")
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

    def to_dict(self) -> dict:
        """The `--json` shape."""
        return {
            "verdict": self.verdict,
            "score": round(self.score, 2),
            "confidence": round(self.confidence, 2),
            "unsure": self.unsure,
            "reasons": list(self.reasons),
            "lang": self.lang,
            "signals": [
                {"kind": s.kind, "text": s.text, "start": s.start, "end": s.end, "label": s.label, "rule": s.rule}
                for s in self.signals
            ],
            "suggestions": [{"kind": s.kind, "text": s.text, "instead": s.instead, "why": s.why} for s in self.suggestions],
        }


# --------------------------------------------------------------------------- general rules
#
# (kind, weight, patterns[, options]) per language. Patterns are matched on folded text
# (lower case, no diacritics). Options:
#   veto_before: a regex that, found in the sentence before the match (anchor it with $ to
#                look just before), cancels it ("nie rozumiem", "you're not overreacting").
#   veto_after:  a regex that, found between the match and the end of its sentence,
#                cancels it ("I can't change that myself, but here's what I can do").
#   veto_within: a regex that, found inside the match, cancels it ("if the threats
#                continue, I'll call security" sets a limit; it is not an ultimatum).

_NEG_EN = r"(\bnot|n't|\bnever|\bno)\s+(\w+\s+)?$"
_NEG_PL = r"\bnie\s+$"
_RESCUE_EN = r"\bbut\b.*\b(i can|we can|i'?ll|we'?ll|i will|we will|let me|here'?s what|what i can|what we can)\b"
_RESCUE_PL = (r"\bale\b.*\b(moge|mozemy|sprawdze|zapytam|poprosze|zadzwonie|porozmawiam|zaproponuje|przekaze|"
              r"dowiem|zrobie|zajme|pomoge|dopilnuje)\b")
# "if the threats continue, I'll call security" sets a limit on behaviour; it is not an ultimatum
_LIMIT_EN = r"\bif (the|this|these|any more|more) (threats?|shouting|swearing|abuse|insults?|violence|aggression)\b"
_LIMIT_PL = r"\b(jesli|jezeli|gdy|jak) (grozb|krzyk|wyzwisk|przeklenst|obelg|agresj|przemoc)\w*"

_EN_FEEL = (r"(frustrat\w*|upset\w*|angry|annoyed|worried|anxious|scared|afraid|frightened|disappointed|let down|hurt|"
            r"confused|stressed|embarrassed|overwhelmed|exhausted|fed up|concerned|uncomfortable|sad|distressed|"
            r"in pain|shaken|nervous|unhappy|furious|cross|alarmed|worn out)")
_EN_HARD = (r"(frustrating|upsetting|worrying|stressful|hard|difficult|annoying|painful|disappointing|scary|"
            r"frightening|confusing|exhausting|awful|horrible|distressing|unpleasant|embarrassing|overwhelming|tough|"
            r"unfair|infuriating|maddening|terrible|a lot to deal with|a worry|a shock)")

RULES_EN: list[tuple] = [
    # -- minimising the feeling or the problem
    ("minimizing", 1.0, [
        r"\b(calm|settle|simmer|cool) down\b",
    ], {"veto_before": r"\b(it|this|that|they|swelling|bruising|redness|things|lumps?|it'?ll|that'?ll)\b(\s+\S+){0,3}\s+$"}),
    ("minimizing", 1.0, [
        r"(^|[.!?,;]\s*|\bjust |\bplease |\bso )relax\b",
        r"\b(it'?s|it is|that'?s|that is|this is)( really| honestly| seriously| actually)? nothing\b(?! (i|we) can)",
        r"\b(not|no) (such )?(a |that )?(big|huge|major|serious) (deal|thing|problem|issue)\b",
        r"\bnot (that|so) (bad|serious|terrible)\b", r"\bnot the end of the world\b",
        r"\bnothing (serious|to (worry|be (afraid|scared|upset|worried|nervous|anxious)) (about|of))\b",
        r"\byou'?re (just |being )?(over ?reacting|exaggerating|panicking)\b",
        r"\byou'?re (just )?being (a bit |too |so |very |rather |quite )?(dramatic|hysterical|silly|emotional|"
        r"over ?sensitive|sensitive|paranoid|precious|childish)\b",
        r"\bdon'?t be (so |such a |a |too )?(dramatic|silly|ridiculous|a baby|sensitive|hysterical|childish)\b",
        r"\b(no|there'?s( really)? no|there is( really)? no|don'?t|do not)( real)? (need|reason|cause) to (get |be |feel )?"
        r"(so |that |too |this )?(upset|worked up|excited|emotional|angry|stressed|dramatic|worried|scared|panic\w*)\b",
        r"\b(don'?t|do not) (get|be) (so |that |too )?(upset|worked up|emotional|excited|dramatic)\b",
        r"\b(everyone|everybody|all (our )?(patients|clients)|most (patients|clients|people)|lots of people) "
        r"(gets?|has|have|goes through|experiences?|feels?|complains? about) (this|that|it|a (bit|little) of|some|"
        r"bruis\w*|swelling)",
        r"\b(it|this|that) (always|usually|normally) (looks|happens|feels|is) like (this|that)\b",
        r"\b(it'?s|it is|that'?s|that is)( (completely|perfectly|totally|entirely|quite))? normal\b(?! to| that you| for you to)",
        r"\b(it|that|this) (can'?t|cannot|doesn'?t|does not|shouldn'?t|should not|won'?t) (hurt|be) (that|so|this) "
        r"(much|bad|painful)\b",
        r"\b(get over it|stop (whining|exaggerating|overreacting|worrying so much))\b",
        r"\b(it'?s|it is|that'?s|that is|this is)( (just|only|merely|simply))?( an?)? (tiny|little|small|minor|slight|"
        r"bit of|touch of)\b",
        r"\b(just|only|merely) (an? )?(bit of |little |small |tiny |minor |some )?(swelling|bruis\w*|redness|"
        r"scratch|bump|mark|procedure|side effect)\b",
    ]),
    ("minimizing", 0.5, [
        r"\b(you'?ll|you will) (be )?(absolutely |totally |completely )?fine\b",
        r"(?<!what )(?<!how )(?<!that )\byou were (clearly |already |properly )?(told|informed|given)\b",
        r"\b(it'?ll|it will|that'?ll|that will|they'?ll) (go down|settle( down)?|pass|fade|disappear|heal|clear up)\b",
        r"(^|[.!?]\s*)(don'?t|do not) worry\b",
    ]),
    # -- blaming the person
    ("blame", 1.0, [
        r"\byou (really |just |obviously |clearly |simply )?(should|shouldn'?t|should not|ought to|could|"
        r"need(ed)? to)( not)? (have|'?ve)\b(?! (been|felt) (so |that |really )?" + _EN_FEEL + ")",
        r"\byou should'?ve\b",
        r"\bif you(?: had|'d) (only |just |actually |bothered to )?(not )?(\w+ed|read|come|done|listened|followed|told|"
        r"taken|kept|gone|called|asked|seen|paid|brought|stayed|been)\b(?! (like|prefer|rather))",
        r"\bhad you (only |just |actually )?(not )?(\w+ed|read|come|done|listened|followed|told|taken|kept|gone|"
        r"called|asked|seen|paid|brought|stayed|been)\b",
        r"\b(it'?s|it is|it was|that'?s|that is|that was|this is|this was)( all| entirely| completely| totally)? "
        r"(your|you'?re) (own )?(fault|responsibility|mistake|doing)\b",
        r"\byour (own )?fault\b", r"\b(is|was) your (own )?responsibility\b",
        r"\b(it'?s|it is) (up to|on) you to\b",
        r"\byou (didn'?t|did not|failed to|never|refused to|forgot to|chose not to|don'?t|do not) (even )?(follow|read|"
        r"listen|come|turn up|show up|attend|use|apply|keep|take|stick|bother|check|tell|mention|say|inform|let us know|"
        r"call|ring|ask|wait|bring)\b",
        r"\bnot rocket science\b",
        r"\b(did|do|have|were) you (actually|even|really|ever|at least|at all) \w+",
        r"\bwhy (didn'?t|did not|haven'?t|have not|wouldn'?t|won'?t|can'?t|don'?t|do not|weren'?t) you\b",
        r"\b(we|i|the doctor|the nurse|they|she|he)( (already|clearly))? (told|warned|informed|advised) you\b",
        r"\byou were (clearly |already |properly )?(warned|advised|made aware)\b",
        r"\byou (signed|agreed to|consented to|accepted|chose)\b",
        r"\byou'?re (just )?being (completely |totally |really |very |so |a bit |quite |rather )?(unreasonable|difficult|"
        r"rude|aggressive|impossible|awkward|demanding)\b",
        r"\b(what did you expect|you brought (this|it) on yourself|you only have yourself to blame)\b",
    ]),
    # -- dismissing, stonewalling
    ("dismissal", 1.0, [
        r"\b(that'?s|it'?s|this is|that is|it is)( (just|simply|only))? (our|the|company|clinic|hospital) "
        r"(policy|policies|rules?|procedure|protocol|system)\b",
        r"\b(the )?rules are (the )?rules\b", r"\bpolicy is policy\b",
        r"\b(that'?s|that is|it'?s|it is)( (just|simply))? (how|the way) (it is|it works|things (are|work)|we do (things|it)|"
        r"it goes)\b",
        r"\b(there'?s|there is) nothing (more |else )?(i|we|anyone|anybody) can do\b",
        r"\bnothing (more |else )?(i|we) can do\b",
        r"\b(i|we) (can'?t|cannot|can not|won'?t|will not|am not able to|are not able to|'m not able to|'re not able to) "
        r"(do anything|help( you)?|change (it|that|this|anything)|make (an|any) exceptions?)\b",
        r"\b(i|we) (don'?t|do not) (have|got) (the )?time( for (this|that|you))?\b",
        r"\btoo busy\b", r"\b(i'?m|i am|we'?re|we are)( (very|really|extremely|so|incredibly|too|quite))* busy\b",
        r"\byou (need|have|got) to understand\b", r"\byou people\b",
        r"\byou (always|keep|constantly|just) (complain|moan|whine|mak\w+ a fuss)\w*",
        r"\b(i|we)('ve| have)? (already )?(explained|told you|said)( (this|that|it))?( to you)? (twice|three times|several "
        r"times|many times|a (hundred|thousand) times|already|before)\b",
        r"(^|[.!?,]\s*)(please )?(stop|quit) (shouting|yelling|screaming|swearing|raising your voice)\b",
        r"\b(don'?t|do not)( you)? (take|use) (that|this) tone\b", r"\bwatch your (tone|language|mouth)\b",
        r"\b(don'?t|do not)( you)? (raise your voice|shout|yell|scream) at me\b",
        r"\bnot my (problem|job|department|responsibility|concern|fault)\b",
        r"\b(that'?s|it'?s|that is|it is) (not )?(your|our) problem\b",
        r"\b(that'?s|it'?s|that is|it is) not (my|our) (problem|fault|concern|responsibility)\b",
        r"\b(take|bring) (it|that|this|your complaint) up with\b",
        r"\bwhatever\b(?! (you|we|i|the|is|works|suits|helps|it takes|happens))",
        r"\b(i|we) (don'?t|do not|couldn'?t) care\b", r"\b(i'?m|i am|we'?re|we are) not interested\b",
        r"\b(deal|live) with it\b", r"\bget used to it\b", r"\btake it or leave it\b",
        r"\b(nobody|no one|no other (client|patient)s?)( else)? (has |have )?(ever )?(complained|had (a |any )?problem)",
        r"\b(other|all our|our other|most of our|most) (clients|patients|people|customers) (are|were|have been) "
        r"(really |very |perfectly |completely )?(happy|satisfied|fine|pleased)\b",
        r"\byou'?re not the only (one|patient|client|person)\b",
        r"\b(wait|queue) like everyone else\b", r"\beveryone (else )?(has to|must|needs to) wait\b",
        r"\blet me stop you\b", r"\b(stop|quit) (interrupting|complaining|whining|making a (scene|fuss)|moaning)\b",
        r"\b(end of (story|discussion)|there'?s no point (in )?(discussing|arguing|talking))\b",
        r"\bnothing (more )?to (discuss|talk about|add)\b",
        r"\bwhat do you (want|expect) (me|us) to do\b", r"\bwhat(?:'s| is) your problem\b",
        r"\bas (i|we) (already |just |have )?(said|told you|explained|mentioned)\b",
        r"\b(this|the) conversation is over\b", r"\b(i'?m|i am) done with (this|you)\b",
        r"\bgo (and )?(write|post) your review\b",
    ]),
    # -- threats and ultimatums (ordinary limit-setting about threats is vetoed)
    ("threat", 1.5, [
        r"\b(or|otherwise|or else)\b[^.!?]{0,40}\b(i|we|security|the police)('ll| will| am going to|'m going to| are going to"
        r"|'re going to|'m| am| are)?( have to| need to| must)? ?(call(ing)?|get(ting)?|have you|ban|remove|throw|report|charge|sue|cancel|refuse|"
        r"ask you to leave|escort)\b",
        r"\bif you (don'?t|do not|won'?t|will not|keep|continue|carry on|raise|shout|yell|swear|post|write|leave|say|do "
        r"that)\b[^.!?]{0,60}\b(i|we|you)('ll| will|'m| am|'re| are)?( going to| gonna| have to| only)? ?(call(ing)?|be "
        r"(banned|removed|asked to leave|escorted|charged|reported|sued|refused|seen last)|hear from|not be seen|won'?t be "
        r"seen|wait (even )?longer|ban|remove|report|sue|regret)\b",
        r"\b(this is )?(your |a |my )?(last|final) (warning|chance)\b",
        r"\b(you'?ll|you will|you'?re going to|you are going to) (be )?(banned|blacklisted|removed|thrown out|escorted "
        r"(out|off)|reported|charged|sued|regret)\b",
        r"\b(one more (word|time)|say that again|try that again|keep (shouting|yelling|swearing|talking like that|this up|"
        r"it up|going))\b[^.!?]{0,60}\b(and|or)\b",
        r"\beither you\b[^.!?]{0,60}\bor\b",
        r"\b(hear from|speak to|talk to) (our|my) (lawyers?|solicitors?|legal team)\b",
        r"\b(we|i)('ll| will) (take|pursue|start) legal action\b", r"\bdon'?t make me\b",
        r"\b(leave|get out)( now| immediately| right now)?,? or\b",
    ], {"veto_before": _LIMIT_EN + r"[^.!?]*$", "veto_within": _LIMIT_EN}),
    ("threat", 1.0, [
        r"\b(i'?m|i am|we'?re|we are|i'?ll|i will|we'?ll|we will)( going to)? (call(ing)?|get(ting)?) (security|the police|"
        r"the guards)\b",
    ], {"veto_before": _LIMIT_EN + r"[^.!?]*$"}),
    # -- naming and validating the emotion; support
    ("empathy", 1.0, [
        r"\bi (can )?(see|hear|tell) (how|that|why|what)\b",
        r"\bi (can )?(see|hear|tell) (you'?re|you are|you'?ve been|you have been|this|it'?s|it is|it has)\b",
        r"\bi hear you\b",
        r"\bi (completely |totally |fully |really |do |can |absolutely )?(understand|appreciate)\b",
        r"\bi can (only )?imagine\b", r"\bi get (it|that|why)\b",
        r"\b(you'?re|you are|you seem|you sound|you look|you must be|you must have been|you'?ve been|you have been|"
        r"you feel|you'?re feeling|you are feeling|you might be|you may be)( (so|very|really|quite|a bit|a little|"
        r"understandably|clearly|rightly|obviously|pretty))* " + _EN_FEEL + r"\b",
        r"\b(this|that|it)( must| would| could| might)?( have)? (be|been|sound|sounds|seem|seems|feel|feels|was|is|"
        r"has been)( (really|so|very|incredibly|quite|extremely|deeply|truly|understandably|such))* (an? )?" + _EN_HARD,
        r"\b(it |that |this )?sounds (like|as if|as though) (you|this|it|that|there|nobody|no one|the)\b",
        r"\b(understandabl[ey]|no wonder|of course you( are|'re| feel| would)|anyone would (be|feel)|i'?d (be|feel)|"
        r"i would (be|feel)|makes (complete |total |perfect |a lot of )?sense)\b",
        r"\b(you'?re|you are) (absolutely |completely |quite )?(right|entitled|justified) to\b",
        r"\byou have (every|a|the) right to (be|feel|ask|expect|want|raise)\b",
        r"\b(you'?re|you are) not (over ?reacting|exaggerating|being (dramatic|silly|difficult|unreasonable)|wrong to|"
        r"imagining (it|this|things)|the problem)\b",
        r"\b(that|this|it|today|the wait) must (have been|be) (a |an )?((really|very|such a|so|quite|pretty) )*(long|rough|"
        r"hard|tough|awful|horrible|difficult|stressful|frightening|scary|worrying|upsetting|exhausting|draining|lonely)\b",
        r"\b(thank you|thanks)( (so|very) much)? for (telling|letting|sharing|bringing|your patience|being (so )?patient|waiting|raising|explaining|"
        r"coming|flagging|pointing|giving)\b",
        r"\b(i|we) (really |genuinely )?(want|'d like|would like|am going|'m going|are going|'re going) to (help|get this "
        r"right|sort (this|it) out|make (this|it) right|put (this|it) right|understand|fix this|hear)\b",
        r"\b(i'?m|i am|we'?re|we are) (taking|going to take) (this|it|you|your \w+) (very |really )?seriously\b",
        r"\b(i|we) take (this|it|your \w+) (very |really )?seriously\b",
        r"\b(a |that'?s a |that is a )?(fair|reasonable|valid|good) (point|question|concern)\b",
        r"\bnormal to (feel|be) \w+", r"\byou'?re (absolutely |completely |quite )?right\b",
        r"\bi'?m (here|listening)\b", r"\b(please )?take your time\b",
    ], {"veto_before": _NEG_EN}),
    # -- apologising
    ("apology", 1.0, [
        r"\b(i'?m|i am|we'?re|we are) (so |really |very |truly |terribly |deeply |awfully |genuinely |sincerely )*sorry\b",
        r"\b(i|we) (sincerely |do |really |truly )?apologi[sz]e\b", r"\b(my|our) (sincere |deepest |humble )?apologies\b",
        r"\bapologies for\b", r"\b(i|we) regret (that|the|any)\b", r"(^|[.!?]\s*)sorry\b",
    ], {"veto_before": _NEG_EN}),
    # -- open questions about the person's experience (not form-filling)
    ("open_question", 1.0, [
        r"\bhow\b(?! (many|much|long|old|often|far|soon)\b)[^.?!]*\?",
        r"\bwhat\b(?!(( time| date| day| year| number)\b| is your (name|date|number|address|phone|e-?mail|surname|"
        r"postcode|insurance)| do you (want|expect) (me|us))|'s your (name|date|number|address|problem))[^.?!]*\?",
        r"\bwhy\b(?! (didn'?t|did|would|haven'?t|don'?t|can'?t|won'?t|weren'?t) you)[^.?!]*\?",
        r"\b(tell|show|walk) me (more|about|what|how|through|everything|the whole|exactly)\b",
        r"\b(could|can|would|will) you (please )?(tell|describe|explain|walk|show|talk) (me|us)\b",
        r"\bhelp me understand\b", r"\bi'?d (like|love|want) to (hear|understand|know) (more|what|how|about|the whole|why)\b",
        r"(^|[.!?,;]\s*|\bplease )(go on|carry on|continue)\b(?! (like|with|to))",
    ]),
    # -- concrete options and next steps
    ("options", 1.0, [
        r"\b(we|i) (can|could|'ll|will|might|may|'d be happy to|would be happy to) (also )?(offer|arrange|book|schedule|"
        r"reschedule|refund|give|provide|set up|organi[sz]e|ask|check|look (into|at)|find|move|speak|talk|bring|make sure|"
        r"send|put|get (you|the|a|someone)|call you|fit you|see if|try|waive|cover|replace|redo|correct|fix)\b",
        r"\b(one|another|an|the other|a further|a second|your|a few|several|two|three|some|other) (option|options|"
        r"possibility|possibilities|alternative|alternatives|choices?)\b",
        r"\bwould you (like|prefer|rather)\b", r"\bdo you (want|prefer|'d like) (me|us|to)\b",
        r"\b(shall|should|can|could) (i|we) (book|arrange|call|check|ask|get|schedule|find|look|move|set|organi[sz]e)\b",
        r"\blet me (check|see|find|call|get|look|arrange|book|ask|speak|talk|sort|fix|make|bring|try)\b",
        r"\blet'?s (ask|get|book|check|look|have|go through|sit|find|call|arrange|see what|work out|sort)\b",
        r"\bi('ll| will) (personally |now |right away |straight away )?(make sure|ensure|see to it|follow up|keep you "
        r"(updated|informed|posted)|come back|get back|let you know|call|check|ask|find out|speak|talk|arrange|book|look "
        r"into|sort|take|write|note|bring|send)\b",
        r"\bhere'?s what (i|we) can do\b", r"\bwould it help (if|to)\b", r"\b(which|what) (would|do) you prefer\b",
    ]),
    ("options", 0.7, [
        r"\bif you('d| would) (like|prefer)\b",
        r"\b(free|no-cost|complimentary|corrective|follow-?up|review|second|touch-?up) (session|appointment|opinion|"
        r"treatment|correction|consultation|visit|check)\b",
        r"\bat no (extra )?cost\b", r"\b(a |full |partial )refund\b",
        r"\b(it'?s|it is) (not|hardly) (that )?(hard|difficult|complicated)\b",
    ]),
]

_PL_FEEL = (r"(zdenerwowan|zaniepokojon|rozczarowan|sfrustrowan|zl[ya]|zli|wsciekl|przestraszon|zmartwion|zawiedzion|"
            r"rozgoryczon|zestresowan|zmeczon|zagubion|smutn|przygnebion|poirytowan|urazon|zaklopotan|wystraszon|"
            r"przerazon|rozzloszczon|zirytowan|przejet|niespokojn|obolal)\w*")
_PL_HARD = (r"(frustrujac|denerwujac|przykr|trudn|stresujac|bolesn|niepokojac|rozczarowujac|irytujac|meczac|krepujac|"
            r"przerazajac|straszn|niesprawiedliw|uciazliw|przytlaczajac|okropn|niepokoj|nieprzyjemn|ciezk|wyczerpujac)\w*")
_PANI = r"(pan|pani|pan/pani|pani/pan|panstwo|ty)"

RULES_PL: list[tuple] = [
    ("minimizing", 1.0, [
        r"\buspok(oj|ojcie|oic|oi|ojmy)\b",
        r"\bnic (sie )?(takiego|wielkiego|strasznego|powaznego|zlego)\b", r"\bnic sie nie stalo\b",
        r"\b(nie ma|to nie|zadna|zadnej|bez) (zadnej )?tragedi\w*", r"\bto nie koniec swiata\b",
        r"\bprzesadza(sz|cie)?\b", r"\bprzesadzaj\w*", r"\bbez przesady\b",
        r"\b(histeryz|dramatyz|wyolbrzym|panikuj|panikowa)\w*", r"\bz igly widly\b",
        r"\b(nie ma|bez|nie trzeba|nie warto)( sie)? (co|czego|powodu|potrzeby)?( sie)?( tak)?( \w+)? ?(denerw|przejm|martw|"
        r"bac|panik|histery|zlosc|irytow|obaw|stresow|nerw)\w*",
        r"\bnie (ma|bylo) (o czym|czym sie) (mowic|przejmowac|martwic)\b",
        r"\b(tylko|jedynie|zwykl\w*|zwyczajn\w*|maly|mala|male|malutk\w*|drobn\w*|lekk\w*|niewielk\w*|troszke|troche) "
        r"(tylko |jedynie |zwykl\w* |maly |mala |male |malutk\w* |drobn\w* |lekk\w* |niewielk\w* )*(obrzek|opuchlizn|"
        r"siniak|since|siniec|zaczerwienien|zabieg|sprawa|sprawk|rzecz|zadrapani|guz|kwesti|drobiazg|skutek uboczny|"
        r"efekt uboczny|bol|bolu)\w*",
        r"\b(kazdy|kazda|wszyscy|wszystkie|kazdemu|wszystkim|wiekszosc)( (\w+)){0,3} (ma|maja|tak ma|tak maja|przechodz\w*|"
        r"sie zdarza|to ma|to maja)\b(?! (czekac|poczekac))",
        r"\b(to|tak|to jest)( (calkiem|zupelnie|calkowicie|absolutnie|przeciez))? normaln(e|a|y)\b(?!,? (ze|uczuci|reakcj|"
        r"martwic|czuc|byc))",
        r"\b(az tak|chyba nie|nie moze)( to)?( tak)?( chyba)?( nie)? bole\w*",
        r"\baz tak\b[^.!?]{0,20}\bnie boli\b",
        r"\bnie rob\w* (z tego |sobie |tu |tutaj )?(afer|problem|tragedi|dram|halas)\w*",
        r"\bwszystko (bedzie|jest) (dobrze|w porzadku),? na pewno\b", r"\bna pewno wszystko bedzie dobrze\b",
    ], {"veto_before": r"(?<!niech )(?<!prosze )\bnie\s+((\w+)\s+)?$"}),
    ("minimizing", 0.5, [
        r"(^|[.!?,]\s*)spokojnie\b",
        r"\b(zaraz|samo|sama|szybko|za (kilka|pare|dwa|trzy) dni)( samo| sama)? (przejdzie|zejdzie|minie|sie wchlonie|"
        r"zniknie|ustapi|zagoi)\b",
    ]),
    ("blame", 1.0, [
        r"\btrzeba( sie| to| bylo sie)* bylo\b", r"\btrzeba sie bylo\b", r"\bnalezalo\b", r"\bwystarczyl(o|oby)\b",
        r"\bpowin(ien|na|ienes|nas|ni|niscie)( " + _PANI + r")?( sie)?( " + _PANI + r")? (byl|byla|bylo|byli|byly)\b",
        r"\bgdyby(s|scie)? (" + _PANI + r" )?(sie )?(nie )?(?!chcial|wolal|potrzebowal|mial|zechcial|zyczyl)(\w+)(l|la|li|ly)\b",
        r"\b(to|to jest|to byla|to byl|to juz)( " + _PANI + r"| pana| pani| pana/pani| pani/pana| twoja| twoj| wasza| wasz)"
        r"( wlasn\w*)? (wina|winy|blad|odpowiedzialnosc|obowiazek)\b",
        r"\b(pana|pani|pana/pani|pani/pana|twoja|twoj|wasza|wasz) (wlasn\w* )?(wina|blad)\b",
        r"\b(pana|pani|twoja|wasza|twoim|pana/pani) (wlasn\w* )?odpowiedzialnos\w*",
        r"\bsam\w*( \w+)?( sobie)?( \w+)? (winien|winna|winni|winny)\b",
        r"\b(mowilismy|mowilam|mowilem|uprzedzalismy|uprzedzalam|uprzedzalem|ostrzegalismy|ostrzegalam|ostrzegalem|"
        r"informowalismy|informowalam|informowalem|tlumaczylismy|tlumaczylam|tlumaczylem|przeciez mowil\w*)\b",
        r"\b(byl|byla|byli|byly|zostal|zostala|zostali|zostaly)( " + _PANI + r")?( o tym| wczesniej| przeciez| wyraznie)*"
        r" (uprzedzon|poinformowan|ostrzezon|pouczon)\w*",
        r"\b" + _PANI + r" (sie )?(podpisal|zgodzil|zaakceptowal|wybral)\w*",
        r"\b(podpisal|zgodzil|zaakceptowal|wybral)\w* (sie )?" + _PANI + r"\b",
        r"\bnie (stosowal|przestrzegal|przeczytal|czytal|sluchal|przyszedl|przyszla|zglosil|posluchal|zastosowal|"
        r"dopilnowal|pilnowal|uwazal|zapytal|powiedzial|poinformowal|wspomnial|zadzwonil|poczekal)\w*( sie)?( nam| mi| o tym)?"
        r" " + _PANI + r"\b",
        r"\b" + _PANI + r"( sie)? nie (stosowal|przestrzegal|przeczytal|czytal|sluchal|przyszedl|przyszla|zglosil|posluchal|"
        r"zastosowal|dopilnowal|pilnowal|uwazal|zapytal|powiedzial|poinformowal|wspomnial|zadzwonil|poczekal)\w*",
        r"\bczy (" + _PANI + r" )?(w ogole|aby na pewno|faktycznie|rzeczywiscie|chociaz)\b",
        r"\b(czemu|dlaczego)( " + _PANI + r")? nie\b",
        r"\b(zachowuje sie|jest|jestes)( " + _PANI + r")? (kompletnie |zupelnie |calkowicie |bardzo |strasznie )?"
        r"(nierozsadn|niemil|agresywn|nieuprzejm|niegrzeczn|roszczeniow|nieznosn|klotliw)\w*",
        r"\b(co|czego) (" + _PANI + r" )?(sie )?spodziewal\w*",
    ]),
    ("dismissal", 1.0, [
        r"\btak(a|ie|i)( sa| jest| mamy| sa u nas| jest u nas| obowiazuja| obowiazuje)?( \w+)? (polityk|zasad|procedur|"
        r"przepis|regul|regulamin)\w*",
        r"\b(zasady|przepisy|procedury|regulamin) (sa |to )+(zasady|przepisy|procedury|regulamin)\b",
        r"\b(polityka|zasady|regulamin|procedury|przepisy)( \w+)? (nie pozwala|nie pozwalaja|zabrania|zabraniaja|"
        r"nie przewiduj)\w*",
        r"\bnic( wiecej| innego| tu| tutaj| na to| z tym)? (nie )?(moge|mozemy|mozna|da sie|jestem w stanie|jestesmy w stanie)"
        r"( \w+)? (zrobic|poradzic|pomoc|zmienic|zaradzic)\b",
        r"\bnie (moge|mozemy|jestem w stanie|jestesmy w stanie|da sie) (nic|niczego|w niczym)\b",
        r"\bnic (na to|tu|tutaj|z tym) (nie )?(poradz|zrobi|da sie|moge|mozemy)\w*",
        r"\bnie (moge|mozemy|jestem w stanie|jestesmy w stanie) (pani |panu |pani/panu |panu/pani |ci |wam |panstwu )?"
        r"(pomoc|nic zrobic)\b",
        r"\bnie mam( teraz| na to| dzis| dzisiaj| czasu na| w tej chwili)* czas\w*",
        r"\b(jestem|jestesmy)( teraz| bardzo| zbyt| za| strasznie)* zajet\w*",
        r"\bto nie (jest )?(moj|nasz|moja|nasza|moje|nasze) (problem|sprawa|wina|dzial|zadanie|obowiazek|kompetencj)\w*",
        r"\bnie (moj|nasz|moja|nasza) (problem|sprawa|wina|dzial|broszka)\b",
        r"\bto (jest )?(pana|pani|twoj|twoja|pana/pani) (problem|sprawa)\b",
        r"\b(nie )?(interesuje|obchodzi) (mnie|nas) to\b", r"\bnie (interesuje|obchodzi) (mnie|nas)\b",
        r"\b(mnie|nas) to nie (interesuje|obchodzi)\b",
        r"\bi (koniec|tyle)\b", r"\bkoniec (dyskusji|tematu|rozmowy)\b", r"\bkropka\b",
        r"\b(gdzie indziej|do kogos innego|do innej (kliniki|przychodni|placowki))\b",
        r"\b(nikt|zaden|zadna)( inny| inna)?( pacjent\w*| klient\w*)?( sie)?( na to| na nic)? (nie )?(skarzyl|narzekal|"
        r"zglaszal|mial|reklamowal)\w*",
        r"\b(inn[eiy]|pozostal[eiy]|wszystkie|wszyscy|nasz[eiy]|wiekszosc)( \w+)? (pacjent|klient)\w* (sa|byli|byly|jest)"
        r"( \w+)? (zadowolen|zachwycon)\w*",
        r"\b(wszyscy|kazdy|kazda) (musza|musi) (czekac|poczekac)\b", r"\bjak wszyscy\b",
        r"\bnie (jest|jestes)( " + _PANI + r")? (jedyn)\w*",
        r"\bdobr(ze|a),? dobr(ze|a)\b", r"\bprosze mnie (po)?sluchac\b",
        r"\bniech (" + _PANI + r" )?(sobie )?(pisze|idzie|robi co chce|sie skarzy|zglasza|wystawia)\b",
        r"\bnie (bede|zamierzam|bedziemy)( o tym| z panem| z pania| tego)? (dyskutowac|rozmawiac|sie klocic|sluchac)\b",
        r"\bnie rob\w* (tu |tutaj )?(scen|cyrk|zamieszani)\w*", r"\bbez scen\b",
        r"\b(u nas )?tak (to |juz )?(po prostu )?(jest|dziala|sie robi)\b(?!,? (ze|dobrze|jak))",
        r"\bnie (zajmuje|zajmujemy) sie\b", r"\bco (" + _PANI + r" )?(ode mnie|od nas) (chce|chcesz|oczekuje)\b",
        r"\bco (" + _PANI + r" )?sobie (wyobraza|mysli)\b",
        r"\b(nie bede|nie zamierzam) (sie )?tlumaczyc\b",
        r"\b(wy|pan|pani|panstwo) (zawsze|ciagle|wiecznie|tylko)( na cos| tylko)? (narzek|marud|czepia|skarz)\w*",
        r"\bmusi(sz)?( " + _PANI + r")? zrozumiec\b",
        r"\bprosze (na mnie|do mnie) (tak )?nie (krzyczec|mowic|podnosic glosu|wrzeszczec)\b",
        r"\bprosze nie (krzyczec|podnosic glosu|wrzeszczec) na mnie\b",
        r"(^|[.!?,]\s*)(niech (" + _PANI + r" )?przestanie|przestan\w*) (krzyczec|wrzeszczec|krzyk)\w*",
    ], {"veto_after": _RESCUE_PL}),
    ("dismissal", 0.5, [
        r"\b(doktor|lekarz|lekarka|pani doktor|pan doktor)( jest)?( teraz| bardzo| strasznie)* zajet\w*",
        r"\bprosze (natychmiast )?(wyjsc|opuscic)\b",
    ]),
    ("threat", 1.5, [
        r"\b(jesli|jezeli|jak|gdy|bo|albo|inaczej|bo inaczej|a jak|lub|a)\b[^.!?]{0,60}\b((wezwe|wezwiemy|zadzwonie (po|na)|"
        r"dzwonie (po|na)|zawolam|zawolamy|wolam)( \w+)? (ochron|policj|straz)|wyprosze|wyprosimy|(zglosze|zglosimy)( to| sprawe)? "
        r"(na policj|do prokurat|do sadu)|pozwiemy|poczeka (pan |pani )?(jeszcze )?dluzej|nie zostanie|zostanie (pan|pani|"
        r"pan/pani) (wypros|wyrzuc|skresl|zablok|usun)|zablokuj|skreslimy|wyrzuc|wypros|wyprowadz|(koncze|zakoncze) (te |ta )?"
        r"(rozmow|wizyt|dyskusj)|bedzie (pan|pani) musial|pozaluje|pozalujesz|(zajmie|zajma) sie( \w+)? (prawnik|sad|policj)|"
        r"nie przyjmiemy|nie obsluzymy)\w*",
        r"\bjeszcze (raz|jedno slowo|jeden raz|jedno)\b[^.!?]{0,60}\b(i|a|to)\b",
        r"\balbo( " + _PANI + r")?( sie)?( \w+)? (przestan|uspok|wyjd|opusc|zamilk|przesta)\w*",
        r"\bostatni raz\b", r"\bostrzegam\b", r"\bostatnie ostrzezenie\b", r"\bpozaluje(sz|cie)?\b", r"\bpozwiemy\b",
        r"\b(zajmie sie|zajma sie|przekazemy|skierujemy)( \w+)? (prawnik|prawnicy|sad|policj|prokurat)\w*",
        r"\b(zostanie|zostaniesz)( " + _PANI + r")? (wyproszon|wyrzucon|zablokowan|skreslon|usunie|wyprowadzon)\w*",
    ], {"veto_before": _LIMIT_PL + r"[^.!?]*$", "veto_within": _LIMIT_PL}),
    ("threat", 1.0, [
        r"\b(wezwe|wzywam|zadzwonie po|dzwonie po|dzwonie na|zadzwonie na|wezwiemy|zawolam|zawolamy|wolam)( \w+)? (ochron|"
        r"policj|straz)\w*",
    ], {"veto_before": _LIMIT_PL + r"[^.!?]*$"}),
    ("empathy", 1.0, [
        r"\b(rozumiem|rozumiemy)\b", r"\bwidze,? (ze|jak|po|iz)\b",
        r"\bslysze,? (ze|jak|" + _PANI + r"|pania|panstwa|cie|w (pana|pani) glosie)\b",
        r"\b(to|musi byc|musialo byc|brzmi|brzmialo|bylo|jest|moze byc|wyglada na|bylo to|to bylo|to jest)( dla "
        r"(pana|pani|ciebie|pani/pana|pana/pani))?( (naprawde|bardzo|strasznie|niezwykle|okropnie|ogromnie|szczegolnie|"
        r"na pewno|tak|zupelnie|dosc))* " + _PL_HARD,
        r"\b(jest|czuje sie|wydaje sie|byl|byla|jestes|czujesz sie|moze (pan|pani) (byc|czuc sie))( " + _PANI + r")?( (bardzo|"
        r"naprawde|mocno|troche|zrozumiale|slusznie|tak))* " + _PL_FEEL,
        r"\bmusial(o|a)? (to )?byc( dla (pana|pani|ciebie))?( (bardzo|naprawde|strasznie|okropnie))* (dlug|trudn|ciezk|"
        r"meczac|stresujac|przykr|okropn|straszn|nerwow)\w*",
        r"\bprawo (byc|czuc|sie|oczekiwac|wymagac|pytac|zloscic|denerwowac|martwic)\w*",
        r"\b(zrozumial\w*|nic dziwnego|oczywiscie,? ze (pan|pani|to)|naturaln\w*,? ze|normaln\w*,? ze|kazdy by sie|kazdy na "
        r"(pana|pani) miejscu)\b",
        r"\bna (pana|pani|twoim|pani/pana|pana/pani) miejscu\b", r"\bsluszn\w*\b",
        r"\bdziekuje,? (ze|za (cierpliwosc|informacje|zgloszenie|powiedzenie|wyrozumialosc|szczerosc|to|czekanie|sygnal|"
        r"uwage|zaufanie|zwrocenie))\b",
        r"\b(chce|chcemy|chcialabym|chcialbym|chcielibysmy)( to)? (pomoc|dobrze zalatwic|wyjasnic|zrozumiec|naprawic|"
        r"rozwiazac|zalatwic|uslyszec|wiedziec)\b",
        r"\btraktuj\w* (to|pana|pania|sprawe|te sprawe|pani sprawe|pana sprawe|pani zgloszenie|powaznie)\b.{0,10}powaznie",
        r"\bnie (przesadza|dramatyzuje|histeryzuje|panikuje|wyolbrzymia)\w*",
        r"\bslucham( pana| pani| uwaznie)?\b(?!\?)", r"\b(jestem|jestesmy) tu(taj)? (dla|z) (pana|pani)\b",
        r"\bniech (" + _PANI + r" )?sie nie spieszy\b", r"\bprosze sie nie spieszyc\b",
        r"\b(to|ma (pan|pani)) (sluszn|racj)\w*", r"\bma (pan|pani|pan/pani) racje\b",
    ], {"veto_before": r"(?<!niech )(?<!prosze )\bnie\s+$|\bniech (" + _PANI + r" )?(sie )?$"}),
    ("apology", 1.0, [
        r"\bprzeprasz(am|amy|ac)\b", r"\b((bardzo|naprawde|szczerze|strasznie) )?(mi|nam)( (bardzo|naprawde|strasznie|"
        r"ogromnie|szczerze))? przykro\b", r"\bprzeprosiny\b", r"\bwybacz\w*", r"\bprosze o wybaczenie\b",
        r"\bprzykro (mi|nam)\b",
    ], {"veto_before": _NEG_PL}),
    ("open_question", 1.0, [
        r"\b(co|jak|jakie|jaki|jaka|jakich|w czym|o czym|czego|czym|dlaczego)\b(?! (sie )?(" + _PANI + r" )?(nazywa|"
        r"pisze)|(jest )?(pana|pani) (numer|adres|pesel|nazwisko|data|telefon)|(" + _PANI + r" )?(sobie wyobraza|sobie mysli|"
        r"ode mnie|od nas)|( " + _PANI + r")? nie\b)[^.?!]*\?",
        r"\bprosze (mi |nam )?(opowiedziec|powiedziec|opisac|wyjasnic|pokazac)\b",
        r"\b(czy )?(moze|mogl(a|by|aby)?|moglaby|moglby|zechce|zechcialby|zechcialaby|mozesz)( " + _PANI + r")?( mi| nam)? "
        r"(opowiedziec|powiedziec|opisac|wyjasnic|pokazac)\b",
        r"\bopowie (mi |nam )?(" + _PANI + r")\b", r"\b(prosze|niech (" + _PANI + r")) (mowic|kontynuowac|opowiadac)\b",
        r"\bchcial(a|)(bym|abym) (uslyszec|zrozumiec|wiedziec|dowiedziec sie)\b",
    ]),
    ("options", 1.0, [
        r"\b(mozemy|moge|mozna|moglibysmy|moglabym|moglbym|da sie|jestesmy w stanie|jestem w stanie|chetnie)( tez| teraz|"
        r" od razu| jeszcze dzis| jeszcze dzisiaj)?( \w+)? (zaproponowac|umowic|zwrocic|zaoferowac|przelozyc|sprawdzic|"
        r"zadzwonic|poprosic|zorganizowac|wyznaczyc|wyslac|zapisac|zaplanowac|ustalic|przekazac|porozmawiac|zalatwic|"
        r"zamowic|przyspieszyc|skontaktowac|zaprosic|dac|wydac|wystawic|rozwazyc|obnizyc|poprawic|skorygowac|"
        r"zarezerwowac|przesunac|oddzwonic|zapytac|znalezc|zwolnic|pokryc|powtorzyc)\w*",
        r"\b(sprawdze|zapytam|poprosze(?! o\b)|zadzwonie(?! (po|na) )|oddzwonie|umowie|zapisze|zorganizuje|zaproponuje|"
        r"przekaze|dowiem sie|porozmawiam|dopilnuje|zalatwie|wyjasnie|zajme sie|poszukam|przygotuje|wysle|wroce|"
        r"zarezerwuje|pomoge|pomozemy|poprosimy|sprawdzimy|umowimy|zaproponujemy)\b",
        r"\b(jedn\w*|inn\w*|kolejn\w*|drug\w*|dwie|trzy|kilka|kilku) (opcj|mozliwos|propozycj|rozwiazan|wyjsc|wariant)\w*",
        r"\b(do wyboru|ma (pan|pani) wybor|opcje|mozliwosci|propozycje)\b",
        r"\bczy (to )?(pomoze|pomogloby|bedzie pomocne)\b",
        r"\b(czy )?(woli|wolalby|wolalaby|wolisz|odpowiada|odpowiadalby|odpowiadalaby|pasuje|pasowalby|pasowalaby|"
        r"chcialby|chcialaby|chcesz)( " + _PANI + r"| panu| pani| ci)?\b",
    ]),
    ("options", 0.7, [
        r"\b(jesli|jezeli|gdyby) (" + _PANI + r" )?(chcial|chciala|wolal|wolala|zechce|zechcial|zyczy)\w*",
        r"\b(bezplatn|darmow|nieodplatn)\w* (\w+ )?(korekt|wizyt|kontrol|konsultacj|zabieg|poprawk|sesj)\w*",
        r"\b(wizyt\w* kontroln|drug\w* opini|zwrot\w* (pieniedzy|kosztow|koszt|czesci)|termin\w* zastepcz)\w*",
    ]),
]

#: General rules per language; other languages rely on their playbooks' signals only.
_RULES: dict[str, list[tuple]] = {"en": RULES_EN, "pl": RULES_PL}
RULE_LANGS = frozenset(_RULES)

#: A suggestion when no playbook offers one (kind -> text), per language.
FALLBACK = {
    "en": {
        "minimizing": "I can see this is really worrying you. Tell me what you've noticed.",
        "blame": "Let's look at what happened together and what we can do now.",
        "dismissal": "I can't change that myself, but here's what I can do, and I'll ask about the rest.",
        "threat": "I want to help you, and I can do that best if we talk calmly. Can we sit down?",
    },
    "pl": {
        "minimizing": "Widzę, że to Panią/Pana naprawdę niepokoi. Proszę powiedzieć, co Pani/Pan zauważyła/zauważył.",
        "blame": "Przyjrzyjmy się razem temu, co się stało, i temu, co możemy zrobić teraz.",
        "dismissal": "Nie mogę tego zmienić sama, ale powiem, co mogę zrobić, a o resztę zapytam.",
        "threat": "Chcę Pani/Panu pomóc i najlepiej zrobię to, gdy porozmawiamy spokojnie. Usiądźmy.",
    },
}

LABELS = {
    "en": {"minimizing": "minimises the feeling or the problem", "blame": "blames the person",
           "dismissal": "dismisses the concern", "threat": "threat or ultimatum", "empathy": "names or validates the emotion",
           "apology": "apologises", "open_question": "open question", "options": "offers concrete options or next steps",
           "like": "close to a phrase to avoid"},
    "pl": {"minimizing": "bagatelizuje uczucia lub problem", "blame": "obwinia rozmówcę", "dismissal": "zbywa problem",
           "threat": "groźba lub ultimatum", "empathy": "nazywa lub uznaje emocje", "apology": "przeprasza",
           "open_question": "pytanie otwarte", "options": "proponuje konkretne możliwości lub kroki",
           "like": "bliskie zwrotowi, którego należy unikać"},
}


class Rule:
    """One compiled pattern with its kind, weight and vetoes."""

    __slots__ = ("kind", "weight", "rx", "label", "veto_before", "veto_after", "veto_within")

    def __init__(self, kind: str, weight: float, rx: LazyPattern, label: str = "",
                 veto_before: Optional[LazyPattern] = None, veto_after: Optional[LazyPattern] = None,
                 veto_within: Optional[LazyPattern] = None):
        self.kind, self.weight, self.rx, self.label = kind, weight, rx, label
        self.veto_before, self.veto_after, self.veto_within = veto_before, veto_after, veto_within


_COMPILED: dict[str, list[Rule]] = {}
_PATTERNS: dict[str, LazyPattern] = {}


def _compile(pattern: str) -> LazyPattern:
    """The rule pattern, compiled only once a reply could match it (see `prefilter`).
    A broken pattern never matches: `empathy validate` reports it, the check skips it."""
    rx = _PATTERNS.get(pattern)
    if rx is None:
        rx = _PATTERNS[pattern] = LazyPattern(pattern)
    return rx


def rules(lang: str) -> list[Rule]:
    """The general rules of `lang` (each pattern compiled when first needed)."""
    compiled = _COMPILED.get(lang)
    if compiled is None:
        compiled = []
        labels = LABELS.get(lang, LABELS["en"])
        for entry in _RULES.get(lang, []):
            kind, weight, patterns = entry[:3]
            opts = entry[3] if len(entry) > 3 else {}
            vb = _compile(opts["veto_before"]) if "veto_before" in opts else None
            va = _compile(opts["veto_after"]) if "veto_after" in opts else None
            vw = _compile(opts["veto_within"]) if "veto_within" in opts else None
            if kind == "dismissal" and va is None and lang == "en":
                va = _compile(_RESCUE_EN)
            for p in patterns:
                compiled.append(Rule(kind, weight, _compile(p), labels.get(kind, kind), vb, va, vw))
        _COMPILED[lang] = compiled
    return compiled


def playbook_rules(playbooks: Iterable["Playbook"]) -> list[Rule]:
    """The `signals:` of the playbooks as rules (a bad pattern never matches)."""
    out = []
    seen = set()
    for pb in playbooks:
        for sig in pb.signals:
            for p in sig.patterns:
                key = (sig.kind, p)
                if key in seen:  # two playbooks of a language often share signals
                    continue
                seen.add(key)
                out.append(Rule(sig.kind, sig.weight, _compile(p), sig.label))
    return out


def fold_same_length(text: str) -> str:
    """`fold`, guaranteed to keep one character per character (so spans map back)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := fold(ch)) == 1 else ch for ch in text)


# --------------------------------------------------------------------------- matching

_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence_bounds(folded: str, start: int, end: int) -> tuple[int, int]:
    left = max(folded.rfind(c, 0, start) for c in ".!?;\n") + 1
    m = _SENTENCE_END.search(folded, end)
    return left, (m.start() if m else len(folded))


def _hits(text: str, folded: str, rule_list: Iterable[Rule]) -> list[tuple[SignalHit, float]]:
    found = []
    for rule in rule_list:
        for m in rule.rx.finditer(folded):
            start, end = m.start(), m.end()
            # trim leading separators some patterns consume ("(^|[.!?]\s*)sorry")
            while start < end and not folded[start].isalnum():
                start += 1
            while end > start and folded[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            if rule.veto_before is not None:
                left, _ = _sentence_bounds(folded, start, end)
                if rule.veto_before.search(folded[max(left, start - 120) : start]):
                    continue
            if rule.veto_within is not None and rule.veto_within.search(folded[start:end]):
                continue
            if rule.veto_after is not None:
                _, s_end = _sentence_bounds(folded, start, end)
                if rule.veto_after.search(folded[end:s_end]):
                    continue
            found.append((SignalHit(rule.kind, text[start:end], start, end, rule.label), rule.weight))
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
#: Words too common to say anything about how close two sentences are.
_STOP = frozenset(
    "the and you your for that this with are was not but have has had can will just our all its it's "
    "i'm we're you're they what when then than there here from into about been would could should "
    "nie sie jest ale jak czy pan pani pana panu pania to tak juz tez lub albo oraz przez dla przy "
    "jeszcze bardzo tylko tego tej ten ta te sa mam ma mamy".split()
)


def _stems(text: str) -> frozenset:
    """Content words of `text`, folded and cut to five letters (a cheap stem)."""
    return frozenset(w[:5] for w in _WORD.findall(fold_same_length(text)) if len(w) > 2 and w not in _STOP)


def _similarity(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


#: A sentence sharing this much (Jaccard of stems, and at least 3 stems) with a phrase to
#: avoid counts as that kind of move.
AVOID_SIMILARITY = 0.7


def _avoid_hits(text: str, folded: str, playbooks: list["Playbook"], lang: str) -> list[tuple[SignalHit, float]]:
    avoids = [(a, _stems(a.text)) for pb in playbooks for s in pb.stages for a in s.avoid if a.kind in NEGATIVE_SIGNALS]
    if not avoids:
        return []
    label = LABELS.get(lang, LABELS["en"])["like"]
    out = []
    pos = 0
    for m in list(_SENTENCE_END.finditer(folded)) + [None]:
        end = m.start() if m else len(folded)
        start = pos
        pos = end + 1
        while start < end and folded[start].isspace():
            start += 1
        if end - start < 3:
            continue
        stems = _stems(text[start:end])
        best = max(avoids, key=lambda a: _similarity(stems, a[1]))
        if len(stems & best[1]) >= 3 and _similarity(stems, best[1]) >= AVOID_SIMILARITY:
            out.append((SignalHit(best[0].kind, text[start:end], start, end, f"{label}: {i18n.quote(best[0].text)}"), 1.0))
    return out


# --------------------------------------------------------------------------- suggestions

_FIX_STAGE = {"minimizing": "empathize", "blame": "empathize", "dismissal": "solve", "threat": "escalate"}


def _suggest(hit: SignalHit, sentence: str, playbooks: list["Playbook"], lang: str) -> Optional[Suggestion]:
    """The `instead` of the closest `avoid` entry of the hit's kind, else a phrase from the
    stage that repairs that kind of move, else a built-in suggestion."""
    stems = _stems(sentence) | _stems(hit.text)
    best: tuple[float, Optional[Suggestion]] = (-1.0, None)
    for pb in playbooks:
        for stage in pb.stages:
            for avoid in stage.avoid:
                if avoid.kind != hit.kind:
                    continue
                score = _similarity(stems, _stems(avoid.text))
                if score > best[0]:
                    best = (score, Suggestion(hit.kind, hit.text, avoid.instead, avoid.why or hit.label))
    if best[1] is not None:
        return best[1]
    stage_id = _FIX_STAGE.get(hit.kind, "empathize")
    for pb in playbooks:
        stage = next((s for s in pb.stages if s.id == stage_id), None)
        if stage and stage.phrases:
            phrase = max(stage.phrases, key=lambda p: _similarity(stems, _stems(p.text)))
            return Suggestion(hit.kind, hit.text, phrase.text, hit.label)
    fallback = FALLBACK.get(lang, FALLBACK["en"]).get(hit.kind)
    return Suggestion(hit.kind, hit.text, fallback, hit.label) if fallback else None


# --------------------------------------------------------------------------- verdict


def check_reply(text: str, playbooks: list["Playbook"], lang: str) -> CheckResult:
    """Judge `text` (one reply, in `lang`) with the signals of `playbooks` (those in `lang`
    are used), the general rules of `lang` and the playbooks' phrases to avoid."""
    playbooks = [pb for pb in playbooks if getattr(pb, "lang", lang) == lang]
    folded = fold_same_length(text)
    found = _hits(text, folded, list(rules(lang)) + playbook_rules(playbooks))
    found += _avoid_hits(text, folded, playbooks, lang)
    hits = _merge(found)
    pos = sum(w for h, w in hits if h.kind in POSITIVE_SIGNALS)
    neg = sum(w for h, w in hits if h.kind in NEGATIVE_SIGNALS)
    if neg >= THRESHOLD:
        verdict = "escalating"
    elif pos >= THRESHOLD:
        verdict = "de-escalating"
    else:
        verdict = "neutral"
    suggestions = []
    seen = set()
    for hit, _ in hits:
        if hit.kind in NEGATIVE_SIGNALS and (hit.kind, hit.start) not in seen:
            seen.add((hit.kind, hit.start))
            left, right = _sentence_bounds(folded, hit.start, hit.end)
            s = _suggest(hit, text[left:right], playbooks, lang)
            if s is not None and all(s.instead != other.instead for other in suggestions):
                suggestions.append(s)  # one better phrasing covers "Calm down, it's not a big deal"
    prefilter.save()
    return CheckResult(verdict, [h for h, _ in hits], suggestions, round(pos - 1.5 * neg, 2))

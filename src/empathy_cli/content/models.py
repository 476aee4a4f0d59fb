"""Typed models of the content files: playbooks and scenarios.

These dataclasses are the single source of truth for the content format. The loader
(`content.typecheck`) converts YAML data into them field by field, so every problem has a
path and a line; `empathy schema` turns the same classes into JSON Schema. Field docs live
in ``metadata["doc"]`` so both the validator and the JSON Schema can quote them.

They are plain frozen-ish dataclasses on purpose: they import nothing heavy, pickle fast
for the content cache, and carry no terminal code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional, TypeVar, dataclass_transform

from ..vocab import STAGES, Outcome, SignalKind, StageId
from .signals import NEGATIVE_SIGNALS as NEGATIVE_SIGNALS  # re-exported
from .signals import POSITIVE_SIGNALS as POSITIVE_SIGNALS  # re-exported
from .signals import SIGNAL_KINDS as SIGNAL_KINDS  # re-exported

#: The stage ids, in order (`vocab.STAGES`, under the name the content layer uses).
STAGE_IDS: tuple[str, ...] = STAGES

_T = TypeVar("_T")

FieldType = Literal["date", "time", "datetime", "text", "longtext", "choice", "multichoice", "bool"]


#: Models are compared by identity and shown by id, not field by field: skipping the
#: generated __eq__/__repr__ saves two thirds of the cost of defining ~20 dataclasses
#: (about 8 ms on every run that reads content), which the fast commands feel.
@dataclass_transform(eq_default=False)
def model(cls: type[_T]) -> type[_T]:
    """A content model: a dataclass without generated __eq__/__repr__ (typing sees its fields)."""
    return dataclass(eq=False, repr=False)(cls)


def doc(text: str, **extra: object) -> dict[str, object]:
    """Metadata for a dataclass field: its documentation and schema constraints."""
    return {"doc": text, **extra}


# --------------------------------------------------------------------------- playbooks


@model
class Source:
    """A framework or publication a playbook draws on."""

    name: str = field(metadata=doc("Short name, e.g. 'HEARD' or 'Project BETA'."))
    note: str = field(default="", metadata=doc("What this playbook takes from it."))
    url: str = field(default="", metadata=doc("Where a trainer can read more."))


@model
class Phrase:
    """Something to say, tagged so it can be found in a hurry."""

    text: str = field(metadata=doc("The words to say.", min_length=1))
    tags: list[str] = field(
        default_factory=list,
        metadata=doc("Topics and emotions: frustration, waiting, refund, pain, appearance, price…"),
    )


@model
class Avoid:
    """A phrase that escalates, with the better alternative to say instead."""

    text: str = field(metadata=doc("The harmful phrasing.", min_length=1))
    instead: str = field(metadata=doc("What to say instead.", min_length=1))
    why: str = field(default="", metadata=doc("Why it escalates."))
    kind: Optional[SignalKind] = field(default=None, metadata=doc("Which wording signal this phrase is an example of."))
    tags: list[str] = field(default_factory=list, metadata=doc("Topics, as for phrases."))


@model
class Stage:
    """One of the five stages of the method."""

    id: StageId = field(metadata=doc("Stage id: listen, empathize, solve, escalate or document."))
    title: str = field(metadata=doc("Title shown to the user.", min_length=1))
    goal: str = field(metadata=doc("What this stage is for, in one or two sentences.", min_length=1))
    do: list[str] = field(default_factory=list, metadata=doc("Things to do."))
    dont: list[str] = field(default_factory=list, metadata=doc("Things not to do."))
    questions: list[str] = field(default_factory=list, metadata=doc("Questions to ask."))
    phrases: list[Phrase] = field(default_factory=list, metadata=doc("Phrases to use."))
    avoid: list[Avoid] = field(default_factory=list, metadata=doc("Phrases to avoid, each with a better alternative."))


@model
class SolutionOption:
    """A realistic option the staff member may offer."""

    id: str = field(metadata=doc("Stable id, used in answers files and records.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    title: str = field(metadata=doc("Short title.", min_length=1))
    description: str = field(default="", metadata=doc("What it involves."))
    approval: str = field(default="", metadata=doc("Who must approve it (empty: the staff member may offer it)."))
    tags: list[str] = field(default_factory=list, metadata=doc("Topics it fits."))


@model
class WarningSign:
    """An observable sign that the situation is getting unsafe."""

    id: str = field(metadata=doc("Stable id.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    text: str = field(metadata=doc("The sign, as a staff member would notice it.", min_length=1))


@model
class EscalationLevel:
    """A level of escalation (e.g. green, amber, red): its signs and what to do."""

    id: str = field(metadata=doc("Level id, e.g. green, amber, red.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    title: str = field(metadata=doc("Title shown to the user.", min_length=1))
    severity: int = field(metadata=doc("0 = calm; higher is more serious.", minimum=0, maximum=10))
    signs: list[WarningSign] = field(default_factory=list, metadata=doc("Warning signs of this level."))
    actions: list[str] = field(default_factory=list, metadata=doc("What to do, in order."))
    call: list[str] = field(default_factory=list, metadata=doc("Who to bring in: colleague, manager, security, emergency services."))
    say: list[str] = field(default_factory=list, metadata=doc("The words to use when calling in help (e.g. CUS)."))


@model
class RecordField:
    """A field of the incident record the Document stage fills in."""

    id: str = field(metadata=doc("Field id, e.g. date, time, location, details.", pattern=r"^[a-z][a-z0-9_]*$"))
    label: str = field(metadata=doc("Label shown to the user.", min_length=1))
    type: FieldType = field(default="text", metadata=doc("Kind of value."))
    required: bool = field(default=False, metadata=doc("Whether the record needs it."))
    help: str = field(default="", metadata=doc("What to write."))
    choices: list[str] = field(default_factory=list, metadata=doc("Allowed values for choice fields."))


@model
class Signal:
    """A wording signal: regular expressions that recognise one kind of move in a reply.

    Patterns are Python regular expressions, matched case-insensitively against the reply
    with accents folded (ą→a, ł→l), so authors write them without diacritics.
    """

    kind: SignalKind = field(metadata=doc("What the wording does."))
    patterns: list[str] = field(metadata=doc("Regular expressions (accent-folded, case-insensitive).", min_items=1))
    label: str = field(default="", metadata=doc("Short human description, shown with the match."))
    weight: float = field(default=1.0, metadata=doc("How strongly a match counts.", minimum=0, maximum=5))


@model
class TagInfo:
    """How a tag is called and searched for in the playbook's language.

    Tags are stable English ids across languages (so `--tag refund` works everywhere);
    this gives each a label and the words people type when looking for it ("zwrot").
    """

    id: str = field(metadata=doc("The tag id used on phrases.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    label: str = field(metadata=doc("Name shown to the user, in the playbook's language.", min_length=1))
    words: list[str] = field(default_factory=list, metadata=doc("Search words and synonyms."))


@model
class Playbook:
    """A de-escalation playbook: the five stages, solutions, escalation and record fields."""

    kind: Literal["playbook"] = field(metadata=doc("Always 'playbook'."))
    id: str = field(metadata=doc("Stable id, shared by translations.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    lang: str = field(metadata=doc("Language code: en, pl, …", pattern=r"^[a-z]{2,3}$"))
    title: str = field(metadata=doc("Title.", min_length=1))
    stages: list[Stage] = field(metadata=doc("The five stages, in order.", min_items=1))
    description: str = field(default="", metadata=doc("Who and what this playbook is for."))
    sources: list[Source] = field(default_factory=list, metadata=doc("Frameworks it draws on."))
    solutions: list[SolutionOption] = field(default_factory=list, metadata=doc("Catalogue of solution options."))
    escalation: list[EscalationLevel] = field(default_factory=list, metadata=doc("Escalation levels, calm to serious."))
    record_fields: list[RecordField] = field(default_factory=list, metadata=doc("Incident-record fields."))
    signals: list[Signal] = field(default_factory=list, metadata=doc("Wording signals for judging replies."))
    emotions: list[str] = field(default_factory=list, metadata=doc("Emotion tags a client may show (ids from `tags`), offered in the Empathize stage."))
    tags: list[TagInfo] = field(default_factory=list, metadata=doc("Tag vocabulary: label and search words per tag."))

    def stage(self, stage_id: str) -> Optional[Stage]:
        return next((s for s in self.stages if s.id == stage_id), None)


# --------------------------------------------------------------------------- scenarios


@model
class Persona:
    """Who the trainee is talking to."""

    name: str = field(metadata=doc("The client's name.", min_length=1))
    role: str = field(default="", metadata=doc("Who they are, e.g. 'patient', 'client'."))
    context: str = field(default="", metadata=doc("What happened before the conversation."))
    mood: int = field(default=5, metadata=doc("Starting mood: 0 calm … 10 furious.", minimum=0, maximum=10))
    gender: Optional[Literal["f", "m"]] = field(
        default=None,
        metadata=doc('Grammatical gender of the client, f or m (omit when unknown): phrases written for both ("Pan/Pani") are shown in this form.'),
    )
    variants: list[Variant] = field(
        default_factory=list,
        metadata=doc("Ways to play this persona (temperament, alternative lines): each rehearsal plays one, picked by its seed or `--variant`."),
    )

    def variant(self, variant_id: str) -> Optional[Variant]:
        return next((v for v in self.variants if v.id == variant_id), None)


# -- persona variants (`persona.variants`): kept as one block -------------------------


@model
class VariantLine:
    """What the client says at one node under a variant, instead of the node's `say`."""

    node: str = field(metadata=doc("Id of the node whose line this replaces."))
    say: str = field(metadata=doc("The client's line at that node under this variant.", min_length=1))
    narration: str = field(default="", metadata=doc("Stage direction instead of the node's own (empty: keep it)."))


@model
class Variant:
    """One way the persona can be played, picked per rehearsal by its seed (or `--variant`).

    `temperament` scales every change of mood before rounding (half away from zero, so a
    change never rounds to nothing): 0.5 reacts half as strongly as written, 1.5 half again
    as strongly. `lines` replace what the client says at some nodes.
    """

    id: str = field(metadata=doc("Variant id, e.g. 'reserved' or 'volatile' (used by `--variant` and in records).", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    temperament: float = field(default=1.0, metadata=doc("How strongly mood reacts: each mood change × this, then rounded.", minimum=0.5, maximum=1.5))
    mood: Optional[int] = field(default=None, metadata=doc("Starting mood under this variant (default: the persona's).", minimum=0, maximum=10))
    note: str = field(default="", metadata=doc("What this variant is like, for the trainer (shown in the debrief and the record)."))
    lines: list[VariantLine] = field(default_factory=list, metadata=doc("Alternative client lines: `node:` and `say:` (and `narration:`)."))

    def line(self, node_id: str) -> Optional[VariantLine]:
        return next((x for x in self.lines if x.node == node_id), None)


@model
class Condition:
    """A condition on the simulated client's mood."""

    mood_at_least: Optional[int] = field(default=None, metadata=doc("True when mood ≥ this.", minimum=0, maximum=10))
    mood_at_most: Optional[int] = field(default=None, metadata=doc("True when mood ≤ this.", minimum=0, maximum=10))

    def holds(self, mood: int) -> bool:
        if self.mood_at_least is not None and mood < self.mood_at_least:
            return False
        if self.mood_at_most is not None and mood > self.mood_at_most:
            return False
        return True


@model
class Choice:
    """A reply the trainee may pick."""

    id: str = field(metadata=doc("Id, unique within its node (used by answers files).", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    text: str = field(metadata=doc("What the trainee says.", min_length=1))
    next: str = field(metadata=doc("Id of the next node or ending."))
    feedback: str = field(default="", metadata=doc("Why this reply helps or hurts."))
    mood: int = field(default=0, metadata=doc("Change of the client's mood (negative calms).", minimum=-10, maximum=10))
    score: int = field(default=0, metadata=doc("Points for the node's stage, 0–10.", minimum=0, maximum=10))
    when: Optional[Condition] = field(default=None, metadata=doc("Offered only when this holds."))


@model
class Node:
    """A point where the client speaks and the trainee replies."""

    id: str = field(metadata=doc("Node id, unique in the scenario.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    stage: StageId = field(metadata=doc("Which stage of the method this node practises."))
    say: str = field(metadata=doc("What the client says.", min_length=1))
    choices: list[Choice] = field(metadata=doc("Replies to choose from.", min_items=1))
    narration: str = field(default="", metadata=doc("Stage direction shown before the line."))
    tags: list[str] = field(default_factory=list, metadata=doc("Topics of this moment (used for hints)."))


@model
class Rule:
    """Jump to a node when the mood crosses a threshold (checked after every reply)."""

    when: Condition = field(metadata=doc("The mood condition."))
    goto: str = field(metadata=doc("Node or ending to jump to."))
    once: bool = field(default=True, metadata=doc("Fire at most once per rehearsal."))


@model
class Ending:
    """How the conversation ends."""

    id: str = field(metadata=doc("Ending id, unique in the scenario.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    outcome: Outcome = field(metadata=doc("Outcome: resolved, partly_resolved, escalated, walked_out, safety, unresolved."))
    text: str = field(metadata=doc("What happens.", min_length=1))
    lesson: str = field(default="", metadata=doc("The takeaway for the debrief."))


@model
class CaseStep:
    """One step of a pinned case: a listed reply (`choice`) or the trainee's own words (`say`).

    Exactly one of the two, as in an answers file for `empathy rehearse --answers`.
    """

    choice: Optional[str] = field(default=None, metadata=doc("Id of a reply listed at that point of the conversation.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    say: Optional[str] = field(default=None, metadata=doc("Own words, mapped like a reply typed in a rehearsal.", min_length=1))


@model
class PinnedCase:
    """A pinned case (`tests:`): steps played like a golden transcript, and what they must lead to.

    `empathy scenarios test` plays the steps and checks the expected ending and/or score range.
    """

    name: str = field(metadata=doc("What the case shows, e.g. 'best path resolves'.", min_length=1))
    steps: list[CaseStep] = field(metadata=doc('Replies in order: `choice: ID` or `say: "own words"`.', min_items=1))
    variant: Optional[str] = field(default=None, metadata=doc("Id of the persona variant to play it under (default: every variant)."))
    ending: Optional[str] = field(default=None, metadata=doc("Id of the ending the steps must reach."))
    score: Optional[list[int]] = field(
        default=None,
        metadata=doc(
            "Range [min, max] (0–100) the overall score must fall in.",
            min_items=2,
            max_items=2,
            items={"minimum": 0, "maximum": 100},
        ),
    )


@model
class Scenario:
    """A branching role-play for rehearsal against a simulated client."""

    kind: Literal["scenario"] = field(metadata=doc("Always 'scenario'."))
    id: str = field(metadata=doc("Stable id, shared by translations.", pattern=r"^[a-z0-9][a-z0-9_-]*$"))
    lang: str = field(metadata=doc("Language code: en, pl, …", pattern=r"^[a-z]{2,3}$"))
    title: str = field(metadata=doc("Title.", min_length=1))
    playbook: str = field(metadata=doc("Id of the playbook (same lang) whose phrases and signals it uses."))
    persona: Persona = field(metadata=doc("Who the trainee talks to."))
    start: str = field(metadata=doc("Id of the first node."))
    nodes: list[Node] = field(metadata=doc("The conversation's nodes.", min_items=1))
    endings: list[Ending] = field(metadata=doc("How it can end.", min_items=1))
    description: str = field(default="", metadata=doc("What the scenario practises."))
    rules: list[Rule] = field(default_factory=list, metadata=doc("Mood-threshold jumps."))
    tags: list[str] = field(default_factory=list, metadata=doc("Topics."))
    tests: list[PinnedCase] = field(default_factory=list, metadata=doc("Pinned cases run by `empathy scenarios test`: steps and the expected ending or score."))

    def node(self, node_id: str) -> Optional[Node]:
        return next((n for n in self.nodes if n.id == node_id), None)

    def ending(self, ending_id: str) -> Optional[Ending]:
        return next((e for e in self.endings if e.id == ending_id), None)


Content = Playbook | Scenario
KINDS: dict[str, type] = {"playbook": Playbook, "scenario": Scenario}

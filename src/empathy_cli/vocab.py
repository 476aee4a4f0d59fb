"""The project's vocabulary: each fixed set of ids defined once, and the one similarity helper.

Stages, outcomes, verdicts, signal kinds and escalation-level names are ids, never prose:
content files, records and engines use them, and the interface translates them at the
edge (``i18n`` keys such as ``common.stage.<id>``). Import-cheap on purpose (no imports
beyond the standard library), so every layer can use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, Protocol

#: The five stages of a de-escalation conversation, in the order they are walked.
STAGES: tuple[str, ...] = ("listen", "empathize", "solve", "escalate", "document")
StageId = Literal["listen", "empathize", "solve", "escalate", "document"]

#: How a scenario ending (or a rehearsal) turned out, best first. ``incomplete`` is a
#: record's outcome when the session stopped before an ending; content never uses it.
ENDING_OUTCOMES: tuple[str, ...] = ("resolved", "partly_resolved", "escalated", "walked_out", "safety", "unresolved")
INCOMPLETE = "incomplete"
OUTCOMES: tuple[str, ...] = (*ENDING_OUTCOMES, INCOMPLETE)
Outcome = Literal["resolved", "partly_resolved", "escalated", "walked_out", "safety", "unresolved"]
#: How good an outcome is, best first (an ending's outcome compared with another's).
OUTCOMES_BEST_FIRST: tuple[str, ...] = ("resolved", "partly_resolved", "unresolved", "safety", "walked_out", "escalated")

#: What the wording check says about a reply.
VERDICTS: tuple[str, ...] = ("de-escalating", "neutral", "escalating")

#: The kinds of wording signals, and which calm a conversation and which heat it up.
SIGNAL_KINDS: tuple[str, ...] = (
    "empathy",
    "apology",
    "open_question",
    "options",
    "minimizing",
    "blame",
    "dismissal",
    "threat",
)
SignalKind = Literal["empathy", "apology", "open_question", "options", "minimizing", "blame", "dismissal", "threat"]
POSITIVE_SIGNALS = frozenset({"empathy", "apology", "open_question", "options"})
NEGATIVE_SIGNALS = frozenset({"minimizing", "blame", "dismissal", "threat"})

#: The signal kinds each stage is really about (a reply that makes them does the stage's work).
STAGE_MOVES: dict[str, frozenset[str]] = {
    "listen": frozenset({"open_question"}),
    "empathize": frozenset({"empathy", "apology"}),
    "solve": frozenset({"options"}),
    "escalate": frozenset({"empathy", "options"}),
    "document": frozenset(),
}

#: Escalation levels a playbook usually names, calm to serious (playbooks may add their own).
LEVELS: tuple[str, ...] = ("green", "amber", "red")


def similarity(a: Iterable[Any], b: Iterable[Any]) -> float:
    """Jaccard similarity of two sets of words (or stems, or kinds): 0.0 when either is empty."""
    sa = a if isinstance(a, (set, frozenset)) else set(a)
    sb = b if isinstance(b, (set, frozenset)) else set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


if TYPE_CHECKING:  # a Protocol class costs start-up time; typing needs it only here

    class _Choice(Protocol):
        @property
        def score(self) -> float: ...

        @property
        def mood(self) -> int: ...


def choice_rank(choice: "_Choice") -> tuple[float, int]:
    """Sort key for scenario choices: higher score first, then the calmer mood change.

    ``max(choices, key=choice_rank)`` is the best choice, ``min`` the worst.
    """
    return (choice.score, -choice.mood)

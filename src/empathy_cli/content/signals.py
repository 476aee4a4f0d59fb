"""The kinds of wording signals, and which calm a conversation and which heat it up.

A module of its own so the wording check can use them without importing the models.
"""

SIGNAL_KINDS = (
    "empathy",
    "apology",
    "open_question",
    "options",
    "minimizing",
    "blame",
    "dismissal",
    "threat",
)
#: Signal kinds that calm a conversation down, and those that heat it up.
POSITIVE_SIGNALS = frozenset({"empathy", "apology", "open_question", "options"})
NEGATIVE_SIGNALS = frozenset({"minimizing", "blame", "dismissal", "threat"})

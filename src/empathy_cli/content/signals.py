"""The kinds of wording signals (defined once, in `empathy_cli.vocab`; re-exported here for the
content layer and the wording check)."""

from ..vocab import NEGATIVE_SIGNALS, POSITIVE_SIGNALS, SIGNAL_KINDS

__all__ = ["NEGATIVE_SIGNALS", "POSITIVE_SIGNALS", "SIGNAL_KINDS"]

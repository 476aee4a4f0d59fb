"""The clock (defined in `empathy_cli.clock`, so the core can read it too)."""

from ..clock import Clock, fixed, from_env, system

__all__ = ["Clock", "fixed", "from_env", "system"]

"""Options with a fixed set of values, as Enums: `--help` and shell completion list the
values, and a value outside them is a usage error (exit 2) worded in the interface
language, as the commands worded it before they were Enums.

`Choice` is the choice type Typer builds for an Enum (`typer._types.TyperChoice`), with
only the message for a wrong value changed; pass it as ``click_type=`` next to the Enum
annotation. Values are matched regardless of case.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable

from typer._types import TyperChoice

from ..vocab import STAGES


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"


class RecordKind(str, Enum):
    encounter = "encounter"
    rehearsal = "rehearsal"


class CardKind(str, Enum):
    reply = "reply"
    situation = "situation"
    avoid = "avoid"
    stage = "stage"


Stage = Enum("Stage", {s: s for s in STAGES}, type=str)  # type: ignore[misc]  # members from data: mypy wants literals


class Choice(TyperChoice):
    def __init__(self, enum: type[Enum], message: Callable[[str, Any], str]):
        super().__init__([e.value for e in enum], case_sensitive=False)
        self.message = message

    def get_invalid_choice_message(self, value: Any, ctx: Any) -> str:
        return self.message(str(value), ctx)


def choice(enum: type[Enum], key: str, field: str, **extra: object) -> Choice:
    """A `Choice` of `enum` whose error is the i18n message `key` with the value as `field`."""

    def message(value: str, ctx: Any) -> str:
        from .. import i18n
        from ..runtime import current

        # Options are parsed before the command runs (and switches the interface language):
        # the command's --lang when already read, else the global one, EMPATHY_LANG, the locale.
        option = ctx.params.get("lang") if ctx is not None and isinstance(ctx.params.get("lang"), str) else None
        return i18n.t(key, in_lang=i18n.choose(option or current().lang), **{field: value, **extra})

    return Choice(enum, message)

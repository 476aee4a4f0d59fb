"""A problem found in a content file, located by line and column.

Kept in its own tiny module because problems travel through the content cache, and the
fast commands must be able to read them without importing the validator.

A problem carries no sentence: it holds a stable `message_id` and its `params` (ids,
numbers, the values from the file), and the interface phrases it in the language the
user chose (`i18n.problems.render`). `message` is the English sentence, for logs and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Union

#: What a parameter may hold: text (an id, a value as written) or a whole number.
Param = Union[str, int]


def params(**values: Any) -> dict[str, Param]:
    """Problem parameters: None dropped, numbers kept, anything else as text."""
    return {k: v if isinstance(v, (str, int)) and not isinstance(v, bool) else str(v) for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a place in it.

    `code` is stable per kind of problem (E… errors, W… warnings), like compiler codes, so
    editors and CI can recognise it; `path` names the field, e.g. ``stages[2].phrases[0].text``;
    `message_id` names the sentence (``"type"``, ``"duplicate_id"``…) and `params` fill it.
    """

    path: str
    message_id: str
    line: int
    column: int
    code: str = "E100"
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)

    @property
    def is_error(self) -> bool:
        return not self.code.startswith("W")

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the interface language)."""
        from ..i18n.problems import render

        return render(self.message_id, self.params, lang)

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text("en")

    def describe(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

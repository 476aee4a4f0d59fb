"""A problem found in a content file, located by line and column.

Kept in its own tiny module because problems travel through the content cache, and the
fast commands must be able to read them without importing the validator.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at a place in it.

    `code` is stable per kind of problem (E… errors, W… warnings), like compiler codes, so
    editors and CI can recognise it; `path` names the field, e.g. ``stages[2].phrases[0].text``.
    """

    path: str
    message: str
    line: int
    column: int
    code: str = "E100"

    @property
    def is_error(self) -> bool:
        return not self.code.startswith("W")

    def describe(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

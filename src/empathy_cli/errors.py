"""The one project exception, caught at the edge of the CLI and turned into a message.

Commands and the core raise `EmpathyError` with a message for the user; `cli.common`
prints it on stderr (literally, never as markup) and exits with its code.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # problems found, or the operation failed
    USAGE = 2  # wrong usage (also Click's own code for bad options)
    INTERRUPTED = 130


class EmpathyError(Exception):
    """An expected failure with a message for the user."""

    def __init__(self, message: str, code: int = ExitCode.PROBLEMS):
        super().__init__(message)
        self.message = message
        self.code = int(code)

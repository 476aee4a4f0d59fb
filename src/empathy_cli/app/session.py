"""The one session protocol that encounter and rehearse share.

    resume (pick a journal) → run → finished: save
                                  → Interrupted(partial): nothing done → NOTHING
                                                          else journal, then save (if the
                                                          person says so) or keep for --resume

An engine raises `Interrupted` (or lets `Cancelled` / `KeyboardInterrupt` through) when
the person stops; it never asks what to do with the partial work itself. Each use-case
describes its session with the `Session` hooks; `run_session` is the only place that
decides between saving, keeping and dropping, so Ctrl-C behaves the same in both, and
the same tests (tests/test_session.py) run against both.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable, Optional, Protocol

from ..coach.prompter import Cancelled, GoBack, Interrupted, Question
from ..localtext import Shown

__all__ = ["Ending", "Interrupted", "Session", "ask_yes_no", "matching_journals", "run_session"]


class Ending(str, Enum):
    """How a session ended."""

    COMPLETE = "complete"  # ran to its end, saved
    INCOMPLETE = "incomplete"  # stopped, saved as an incomplete record (the person chose to)
    KEPT = "kept"  # stopped, journal kept for --resume
    NOTHING = "nothing"  # stopped before anything was done: nothing saved, nothing kept


class Session(Protocol):
    """What a use-case tells the protocol about its session."""

    def run(self) -> None:
        """Run the engine to its end; raise `Interrupted`/`Cancelled`/`KeyboardInterrupt` to stop."""

    def has_work(self) -> bool:
        """Whether anything was done worth saving or resuming."""

    def journal(self) -> None:
        """Write the journal (what --resume continues from)."""

    def ask_save(self) -> bool:
        """Ask whether to save the partial work as an incomplete record (False: keep it)."""

    def save(self, complete: bool) -> None:
        """Save the record (and forget the journal)."""

    def keep(self) -> None:
        """Leave the journal for --resume (and say so)."""


def run_session(session: Session) -> Ending:
    """Run `session` through the protocol; return how it ended."""
    try:
        session.run()
    except (Interrupted, Cancelled, KeyboardInterrupt):
        if not session.has_work():
            return Ending.NOTHING
        session.journal()
        try:
            save = session.ask_save()
        except (Cancelled, GoBack, KeyboardInterrupt):
            save = False
        if save:
            session.save(complete=False)
            return Ending.INCOMPLETE
        session.keep()
        return Ending.KEPT
    session.save(complete=True)
    return Ending.COMPLETE


def ask_yes_no(prompter: Any, question_id: str, prompt: Shown, help: Shown = "") -> bool:
    """A confirm question (default no, no going back); a second Ctrl-C or end of input is a no."""
    question = Question(question_id, "confirm", prompt, default=False, allow_back=False, help=help)
    try:
        return bool(prompter.ask(question))
    except (Cancelled, GoBack, KeyboardInterrupt):
        return False


def matching_journals(journals: list[dict[str, Any]], key: Optional[str], *, content_field: str) -> list[dict[str, Any]]:
    """The journals a --resume argument means, newest first: every one when `key` is empty;
    else the session whose id is `key`, else those whose id starts with it, else those of
    the playbook or scenario `key` (`content_field` names the journal's field for it)."""
    if not key:
        return list(journals)
    exact = [j for j in journals if str(j.get("session", "")) == key]
    if exact:
        return exact
    prefix = [j for j in journals if str(j.get("session", "")).startswith(key)]
    if prefix:
        return prefix
    return [j for j in journals if j.get(content_field) == key]


def choose(journals: list[dict[str, Any]], pick: Optional[Callable[[list[dict[str, Any]]], Optional[str]]]) -> Optional[dict[str, Any]]:
    """One journal: the newest, or the one `pick` chooses when there are several to choose from."""
    if not journals:
        return None
    if pick is None or len(journals) == 1:
        return journals[0]
    chosen = pick(journals)
    return next((j for j in journals if str(j.get("session")) == chosen), journals[0])

"""The encounter use-case: resume or start a walk-through, run it, save or keep it.

    find the journal (--resume) or the playbook → Encounter engine (questions, then the
    review) → reflection → session protocol (app.session): record saved and its summary
    shown (masked, as the record holds it), or journal kept for --resume

The review and the reflection are phases of the journal, so a session stopped there (or
whose terminal closed) continues there with --resume.

The command (`cli/encounter.py`) parses options, builds the prompter and words the
outcome; this module calls the engine and the store. Nothing here imports Typer, Rich
or questionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..coach.encounter import REFLECTION_IDS, Encounter, EncounterResult, reflect
from ..localtext import Shown
from ..records.store import RecordInfo, RecordStore, journal_problem
from .session import Ending, ask_yes_no, matching_journals, run_session

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import Playbook

KIND = "encounter"


class NoSuchSession(LookupError):
    """--resume named a session that is not there."""


class DamagedJournal(ValueError):
    def __init__(self, session: str, reason: str):
        super().__init__(reason)
        self.session = session
        self.reason = reason


def find_journal(store: RecordStore, key: Optional[str], pick: Optional[Callable[[list[dict[str, Any]]], str]]) -> Optional[dict[str, Any]]:
    """The journal to resume: the session `key` names (its id, an id prefix, or its
    playbook), else the newest, or the one `pick` chooses among several. None when there
    is nothing to resume; NoSuchSession when `key` matches nothing; DamagedJournal.
    `pick` raises what it raises (Cancelled) when the person does not choose."""
    journals = store.unfinished(KIND)
    if key:
        direct = store.load_journal(key)
        found = [direct] if direct is not None else matching_journals(journals, key, content_field="playbook")
        if not found or found[0].get("kind") != KIND:
            raise NoSuchSession(key)
        problem = journal_problem(found[0])
        if problem:
            raise DamagedJournal(str(found[0].get("session")), problem)
        return found[0]
    if not journals:
        return None
    if pick is None:  # a scripted run continues the newest
        return journals[0]
    chosen = pick(journals)
    return next(j for j in journals if j.get("session") == chosen)


def renderer(playbook: "Playbook") -> Callable[[Shown], str]:
    """How the engine words the answers it pre-fills (details, steps_taken): in the
    record's language, the playbook's, as plain text."""
    from .. import i18n

    return lambda value: i18n.render(value, playbook.lang)


def carried_masks(journal: Optional[dict[str, Any]]) -> int:
    """How many identifiers the journal of a resumed session had masked already."""
    value = (journal or {}).get("masked", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


class Walk:
    """The session protocol around the engine alone (no store): `walk()` runs it."""

    def __init__(self, engine: Encounter, ask_save: Optional[Callable[[], bool]] = None):
        self.engine = engine
        self.result: Optional[EncounterResult] = None
        self._ask_save = ask_save

    def run(self) -> None:
        self.result = self.engine.run()

    def has_work(self) -> bool:
        return self.engine.has_answers()

    def journal(self) -> None:
        self.engine.write_journal()

    def ask_save(self) -> bool:
        if self._ask_save is not None:
            return self._ask_save()
        q = self.engine.save_question()
        return ask_yes_no(self.engine.prompter, q.id, q.prompt, q.help or "")

    def save(self, complete: bool) -> None:
        if not complete:
            self.result = self.engine.stopped(save=True)

    def keep(self) -> None:
        self.result = self.engine.stopped(save=False)


def walk(engine: Encounter) -> EncounterResult:
    """Run a walk-through through the session protocol; its result (status ``complete``,
    ``incomplete`` or ``kept``)."""
    session = Walk(engine)
    ending = run_session(session)
    if ending is Ending.NOTHING or session.result is None:
        return engine.stopped(save=False)
    return session.result


@dataclass
class Outcome:
    ending: Ending
    result: EncounterResult
    info: Optional[RecordInfo] = None  # the saved record
    masked: int = 0  # identifiers masked in it
    unused: list[str] = field(default_factory=list)


class EncounterSession(Walk):
    """The full use-case: the walk-through, the reflection, and the record."""

    def __init__(
        self,
        playbook: "Playbook",
        others: list["Playbook"],
        prompter: Any,
        store: RecordStore,
        *,
        journal: Optional[dict[str, Any]] = None,
        mask: bool = True,
        interactive: bool = True,
    ):
        self.playbook, self.store, self.mask, self.interactive = playbook, store, mask, interactive
        self.prompter = prompter
        self.carried = carried_masks(journal)
        self.session_id = str(journal.get("session")) if journal else store.new_session_id()
        self.info: Optional[RecordInfo] = None

        def check(text: str) -> Any:
            from ..coach.check import check_reply

            return check_reply(text, [playbook, *others], playbook.lang)

        engine = Encounter(
            playbook,
            prompter,
            render=renderer(playbook),
            session=self.session_id,
            check=check,
            # A scripted run has its answers in a file already: no journal to resume.
            journal=(lambda state: store.journal(self.session_id, state, mask=mask)) if interactive else None,
            resume=journal,
            # Identifiers masked in the journal before a resume still count in the record.
            extra={"redaction": mask, "masked_carried": self.carried},
            # The review before saving is for a person; an answers file is saved as it is.
            review=interactive,
        )
        super().__init__(engine)

    def run(self) -> None:
        super().run()
        assert self.result is not None
        answers = self.engine.ctx.answers
        done = {k[1:]: v for k, v in answers.items() if k in ("_reflect", *(f"_{q}" for q in REFLECTION_IDS))}

        def on_answer(qid: str, value: Any) -> None:
            answers[f"_{qid}"] = value  # journaled (and masked) with the answers
            self.engine.write_journal()

        self.result.reflection = reflect(self.prompter, ask_first=self.interactive, done=done, on_answer=on_answer)

    def save(self, complete: bool) -> None:
        super().save(complete)
        from ..records.encounter import save_encounter

        assert self.result is not None
        self.info = save_encounter(self.store, self.result, self.playbook, mask=self.mask, masked_before=self.carried)
        if complete:  # what the record holds, as it holds it (masked)
            record = self.info.data
            said = [str(x.get("text")) for x in record.get("first_said") or [] if isinstance(x, dict)]
            masked = int(record.get("masked") or 0) if record.get("redacted") else None  # record version 2
            self.prompter.show(self.engine.summary(record.get("answers") or {}, first_said=said, masked=masked))


def run_encounter(session: EncounterSession) -> Outcome:
    """Run the session through the protocol; what happened, for the command to word."""
    ending = run_session(session)
    result = session.result if session.result is not None else session.engine.stopped(save=False)
    masked = (session.info.data.get("masked") or 0) if session.info else 0
    return Outcome(ending, result, session.info, masked)

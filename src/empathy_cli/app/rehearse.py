"""The rehearse use-case: resume or start a rehearsal, run it, save or keep it.

    find the journal (--resume) or the scenario → Rehearsal engine (journal after every
    reply) → session protocol (app.session): record + debrief saved, or journal kept

The command (`cli/rehearse.py`) parses options, builds the prompter, prints the debrief
and words the outcome; this module calls the engine and the store. Nothing here
imports Typer, Rich or questionary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Optional

from ..clock import system
from ..coach.prompter import OutOfAnswers
from ..coach.rehearsal import Rehearsal
from ..records.store import RecordInfo, RecordStore
from .session import Ending, matching_journals, run_session

if TYPE_CHECKING:  # pragma: no cover
    from ..content.models import Playbook, Scenario

KIND = "rehearsal"


def find_journals(store: RecordStore, key: Optional[str]) -> list[dict[str, Any]]:
    """Unfinished rehearsals --resume may continue, newest first: all of them, or those
    `key` names (a session id, an id prefix, or a scenario id)."""
    return matching_journals(store.unfinished(KIND), key, content_field="scenario")


@dataclass
class Setup:
    """Who rehearses what, and how the record is kept (from the options or the journal)."""

    session: str
    started_at: str
    trainee: str
    no_redact: bool


class RehearsalSession:
    """The session hooks for a rehearsal (see `app.session.Session`)."""

    def __init__(
        self,
        scenario: "Scenario",
        playbook: Optional["Playbook"],
        prompter: Any,
        store: RecordStore,
        *,
        journal: Optional[dict[str, Any]] = None,
        trainee: str = "",
        no_redact: bool = False,
        seed: Optional[int] = None,
        variant: Optional[str] = None,
        exam: bool = False,
        scripted: bool = False,
        ask_save: Optional[Callable[[], bool]] = None,
        clock: Callable[[], Any] = system,
    ):
        self.scenario, self.prompter, self.store, self.scripted, self.clock = scenario, prompter, store, scripted, clock
        self._ask_save = ask_save
        self.ran_out = False
        self.record: Optional[dict[str, Any]] = None
        self.info: Optional[RecordInfo] = None
        if journal is not None:
            # ValueError: cannot resume. The journal keeps the variant; resuming plays it again.
            self.rehearsal = Rehearsal.resume(scenario, playbook, journal)
            self.setup = Setup(
                str(journal["session"]),
                str(journal.get("started_at") or clock().isoformat()),
                trainee or str(journal.get("trainee") or ""),
                no_redact or bool(journal.get("no_redact")),
            )
        else:
            # `variant` None: the seed picks one (UnknownVariant if it names none)
            self.rehearsal = Rehearsal(scenario, playbook, seed=seed, exam=exam, variant=variant)
            self.setup = Setup(store.new_session_id(), clock().isoformat(), trainee, no_redact)

    # -- the protocol's hooks -------------------------------------------------------------
    def run(self) -> None:
        try:
            self.rehearsal.run(self.prompter, on_change=lambda r: self.journal(), echo_replies=self.scripted)
        except OutOfAnswers:  # an answers file that ran out: what is there is the record
            self.ran_out = True

    def has_work(self) -> bool:
        return bool(self.rehearsal.state.transcript)

    def journal(self) -> None:
        s, sc = self.setup, self.scenario
        state = {
            "kind": KIND,
            "playbook": sc.playbook,
            "title": sc.title,
            "trainee": s.trainee,
            "started_at": s.started_at,
            "no_redact": s.no_redact,
            "replies": len(self.rehearsal.state.transcript),
            **self.rehearsal.snapshot(),
        }
        self.store.journal(s.session, state, mask=not s.no_redact)

    def ask_save(self) -> bool:
        # A batch run stopped with Ctrl-C keeps its journal without asking.
        return False if self.scripted or self._ask_save is None else self._ask_save()

    def save(self, complete: bool) -> None:
        from ..records.model import RehearsalRecord
        from ..records.rehearsal_md import mask, render

        s = self.setup
        record = self.rehearsal.record(trainee=s.trainee, started_at=s.started_at, finished_at=self.clock().isoformat())
        record["session"] = s.session  # as in encounter records: the record names its session
        record = RehearsalRecord.from_dict({**record, "redacted": False, "masked": 0} if s.no_redact else mask(record)).to_dict()
        self.info = self.store.save(record, render(record))
        self.store.discard(s.session)
        self.record = record

    def keep(self) -> None:
        pass


def run_rehearsal(session: RehearsalSession) -> Ending:
    return run_session(session)

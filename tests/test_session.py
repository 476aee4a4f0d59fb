"""The one session protocol, run against BOTH use-cases (encounter and rehearse).

Each test drives a real session (engine, store, journal, record) with a prompter that
answers sensibly and stops (Ctrl-C at a prompt, `Cancelled`, or a KeyboardInterrupt)
after a given number of answers. The same assertions hold for both kinds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from empathy_cli.app import encounter as enc
from empathy_cli.app import rehearse as reh
from empathy_cli.app.session import Ending, matching_journals
from empathy_cli.coach.prompter import Cancelled, Question, validate_answer
from empathy_cli.records.store import RecordStore

DATA = Path(__file__).parent / "data"
ENCOUNTER_FILE = DATA / "encounter" / "test-clinic.yaml"
REHEARSE = DATA / "rehearse"


class Stopper:
    """Answers every question sensibly; the `stop_after`+1-th question raises `stop`.
    `save` answers the 'save what is there?' question (an exception instance: raised)."""

    def __init__(self, stop_after: int | None = None, stop: BaseException | type = Cancelled, save: Any = False):
        self.stop_after, self.stop, self.save = stop_after, stop, save
        self.asked: list[str] = []
        self.answered = 0

    def ask(self, q: Question) -> Any:
        self.asked.append(q.id)
        if q.id == "save_incomplete":
            if isinstance(self.save, BaseException):
                raise self.save
            return self.save
        if self.stop_after is not None and self.answered >= self.stop_after:
            raise self.stop() if isinstance(self.stop, type) else self.stop
        self.answered += 1
        if q.id in ("continue",):
            return True
        if q.id == "reflect":
            return False
        if q.kind == "choice" and q.options:
            return q.default if q.default in {o.id for o in q.options} else q.options[0].id
        if q.kind == "multi":
            return [q.options[0].id] if q.options and q.required else []
        if q.default not in (None, ""):
            return validate_answer(q, q.default)
        if q.kind in ("text", "longtext"):
            return "Words typed at the desk."
        if q.kind == "date":
            return validate_answer(q, "2026-11-23")
        if q.kind == "time":
            return validate_answer(q, "10:00")
        if q.kind == "confirm":
            return True
        return validate_answer(q, "")

    def show(self, message: Any) -> None:
        pass


@pytest.fixture(scope="module")
def content(content_of):
    return content_of(DATA / "encounter", REHEARSE)


class EncounterDriver:
    kind, content_field = "encounter", "playbook"

    def __init__(self, content: Any, store: RecordStore):
        self.pb = content.get("playbook", "test-clinic", "en").content
        self.store = store

    def start(self, prompter: Stopper, journal: dict | None = None) -> tuple[Ending, str]:
        session = enc.EncounterSession(self.pb, [], prompter, self.store, journal=journal, interactive=True)
        return enc.run_encounter(session).ending, session.session_id

    def complete(self, record: dict) -> bool:
        return bool(record["complete"])


class RehearseDriver:
    kind, content_field = "rehearsal", "scenario"

    def __init__(self, content: Any, store: RecordStore):
        self.sc = content.get("scenario", "parcel-late", "en").content
        self.pb = content.get("playbook", self.sc.playbook, "en").content
        self.store = store

    def start(self, prompter: Stopper, journal: dict | None = None) -> tuple[Ending, str]:
        from empathy_cli.app.session import ask_yes_no

        session = reh.RehearsalSession(
            self.sc, self.pb, prompter, self.store, journal=journal, seed=1, ask_save=lambda: ask_yes_no(prompter, "save_incomplete", "Save?")
        )
        return reh.run_rehearsal(session), session.setup.session

    def complete(self, record: dict) -> bool:
        return bool(record["complete"]) and record["outcome"] != "incomplete"


@pytest.fixture(params=["encounter", "rehearse"])
def driver(request, content, tmp_path):
    store = RecordStore(tmp_path / "records")
    return (EncounterDriver if request.param == "encounter" else RehearseDriver)(content, store)


def _records(store: RecordStore) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(store.folder.glob("*.json"))]


def test_a_session_run_to_its_end_is_saved_and_leaves_no_journal(driver):
    ending, _ = driver.start(Stopper())
    assert ending is Ending.COMPLETE
    [record] = _records(driver.store)
    assert driver.complete(record)
    assert driver.store.unfinished(driver.kind) == []


@pytest.mark.parametrize("stop", [Cancelled, KeyboardInterrupt])
def test_stopping_before_any_answer_keeps_nothing_and_asks_nothing(driver, stop):
    prompter = Stopper(stop_after=0, stop=stop)
    ending, _ = driver.start(prompter)
    assert ending is Ending.NOTHING
    assert "save_incomplete" not in prompter.asked
    assert _records(driver.store) == [] and driver.store.unfinished(driver.kind) == []


@pytest.mark.parametrize("stop", [Cancelled, KeyboardInterrupt])
def test_stopping_and_declining_keeps_the_journal_and_resume_finishes_it(driver, stop):
    prompter = Stopper(stop_after=2, stop=stop, save=False)
    ending, session_id = driver.start(prompter)
    assert ending is Ending.KEPT and "save_incomplete" in prompter.asked
    assert _records(driver.store) == []
    [journal] = driver.store.unfinished(driver.kind)
    assert journal["session"] == session_id
    # the same journal is found by its id, an id prefix, or its playbook/scenario
    for key in (session_id, session_id[:15], journal[driver.content_field]):
        assert matching_journals([journal], key, content_field=driver.content_field) == [journal]
    assert matching_journals([journal], "no-such-thing", content_field=driver.content_field) == []

    ending, resumed_id = driver.start(Stopper(), journal=journal)
    assert ending is Ending.COMPLETE and resumed_id == session_id
    [record] = _records(driver.store)
    assert record["session"] == session_id and driver.complete(record)
    assert driver.store.unfinished(driver.kind) == []


def test_stopping_and_saving_gives_an_incomplete_record_and_no_journal(driver):
    ending, session_id = driver.start(Stopper(stop_after=2, save=True))
    assert ending is Ending.INCOMPLETE
    [record] = _records(driver.store)
    assert record["session"] == session_id and not driver.complete(record)
    assert driver.store.unfinished(driver.kind) == []


def test_a_second_ctrl_c_at_the_save_question_keeps_the_journal(driver):
    ending, _ = driver.start(Stopper(stop_after=2, save=KeyboardInterrupt()))
    assert ending is Ending.KEPT
    assert _records(driver.store) == [] and len(driver.store.unfinished(driver.kind)) == 1


def test_the_journal_is_written_after_every_answer(driver):
    ending, session_id = driver.start(Stopper(stop_after=3, save=False))
    assert ending is Ending.KEPT
    journal = driver.store.load_journal(session_id)
    assert journal is not None and journal["kind"] == driver.kind
    progress = len([k for k in journal.get("answers", {}) if not k.startswith("_")]) if driver.kind == "encounter" else journal["replies"]
    assert progress >= 1

"""`empathy rehearse` in a real terminal (a pseudo-terminal driven by pexpect): pick a
scenario and a reply, type one's own words, use hint and back, finish; Ctrl-C then
resume; Ctrl-C then save an incomplete record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from empathy_cli.runtime import current

pexpect = pytest.importorskip("pexpect")
from pty_support import finish, spawn  # noqa: E402  (needs pexpect)

DATA = Path(__file__).parent / "data" / "rehearse"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def term(tmp_path, warm_child):
    """Start `empathy -p DATA rehearse …` in a 120×50 terminal; yields a starter."""
    children = []
    env = {
        **current().env,  # EMPATHY_HOME / EMPATHY_CACHE point at tmp folders (conftest)
        "TERM": "xterm-256color",
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "LINES": "50",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # pexpect does not answer cursor-position requests
    }
    env.pop("EMPATHY_COLOR", None)

    def start(*args: str):
        argv = ["-p", str(DATA), "rehearse", "--out", str(tmp_path / "records"), "--seed", "1", *args]
        warm_child(env, argv)  # the built-in content cached, as after a first run
        child = spawn(
            sys.executable,
            ["-m", "empathy_cli", *argv],
            env=env,
            dimensions=(50, 120),
            encoding="utf-8",
            timeout=30,
        )
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def records(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def picker_position(scenario_id: str, lang: str) -> int:
    """Where the picker lists a scenario: sorted by title, like the command does."""
    from empathy_cli.content.library import load_library

    entries = sorted(load_library([DATA]).scenarios(lang), key=lambda e: e.content.title.lower())
    return [e.content.id for e in entries].index(scenario_id)


def test_pick_reply_type_own_words_hint_back_and_finish(term, tmp_path):
    child = term("--lang", "en")
    child.expect("Which conversation would you like to rehearse")
    child.send(DOWN * picker_position("parcel-late", "en") + ENTER)

    child.expect("Where is my parcel")
    child.expect("Your reply")
    child.send(ENTER)  # the first listed reply: an apology and an open question
    child.expect("5/10 tense")
    child.expect("An apology and an open question")

    child.expect("birthday present")
    child.expect("Your reply")
    child.send(DOWN * 4 + ENTER)  # name, shrug, ok, type own, [hint]
    child.expect("Phrases that may help")
    child.expect("I can see how disappointing this is.")
    child.expect("Your reply")
    child.send(DOWN * 2 + ENTER)  # "Right." (flat: the client stays at 5, too tense for the voucher)
    child.expect("Flat.")

    child.expect("So what are you going to do")
    child.expect("Your reply")
    # options, wait (no voucher: the client isn't calm enough), type own, hint, [back]
    child.send(DOWN * 4 + ENTER)
    child.expect("Back one step")
    child.expect("birthday present")  # the same moment again
    child.expect("Your reply")
    child.send(DOWN * 3 + ENTER)
    child.expect("Your words")
    child.send("I'm so sorry. I can see how disappointing this is, with the birthday and all." + ENTER)
    child.expect("What helped")

    child.expect("So what are you going to do")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Will anyone remember")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Debrief")
    child.expect("Outcome: resolved")
    child.expect("Saved:")
    assert finish(child) == 0

    (rec,) = records(tmp_path / "records")
    assert rec["outcome"] == "resolved" and rec["complete"] is True
    assert [t["choice"] for t in rec["transcript"]] == ["ask", "name", "options", "note"]
    assert [t["typed"] for t in rec["transcript"]] == [False, True, False, False]
    assert rec["transcript"][1]["reply"].startswith("I'm so sorry.")  # the undone reply is gone


def test_ctrl_c_keeps_the_session_and_resume_finishes_it(term, tmp_path):
    child = term("parcel-late", "--lang", "en", "--trainee", "Ola")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("birthday present")
    child.expect("Your reply")
    child.send(CTRL_C)
    child.expect("Save what you have as an incomplete record")
    child.send("n")
    child.expect("--resume")
    assert finish(child) == 130
    assert not records(tmp_path / "records")
    assert len(list((tmp_path / "records" / ".journal").glob("*.json"))) == 1

    child = term("--resume")
    child.expect("Resuming the rehearsal after 1 reply")
    child.expect("birthday present")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("So what are you going to do")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Will anyone remember")
    child.expect("Your reply")
    child.send(ENTER)
    child.expect("Outcome: resolved")
    assert finish(child) == 0
    (rec,) = records(tmp_path / "records")
    assert rec["trainee"] == "Ola" and [t["choice"] for t in rec["transcript"]] == ["ask", "name", "options", "note"]
    assert not list((tmp_path / "records" / ".journal").glob("*.json"))


def test_ctrl_c_can_save_an_incomplete_record_in_polish(term, tmp_path):
    child = term("parcel-late", "--lang", "pl")
    child.expect("Gdzie jest moja paczka")
    child.expect("Twoja odpowiedź")
    child.send(ENTER)
    child.expect("To był prezent")
    child.expect("Twoja odpowiedź")
    child.send(CTRL_C)
    child.expect("Zapisać to, co jest")
    child.send("y")
    child.expect("niedokończone")
    child.expect("Zapisano:")
    assert finish(child) == 130
    (rec,) = records(tmp_path / "records")
    assert rec["complete"] is False and rec["outcome"] == "incomplete" and len(rec["transcript"]) == 1


def test_resume_offers_a_choice_between_unfinished_rehearsals(term, tmp_path):
    for replies in (1, 2):
        child = term("parcel-late", "--lang", "en")
        for _ in range(replies):
            child.expect(r"Your reply: .*\(Use arrow keys\)")
            child.send(ENTER)
        child.expect(r"Your reply: .*\(Use arrow keys\)")
        child.send(CTRL_C)
        child.expect("Save what you have")
        child.send("n")
        assert finish(child) == 130
    child = term("--resume")
    child.expect("Which unfinished rehearsal would you like to continue")
    child.expect("replies: 1")
    child.send(DOWN + ENTER)  # newest first: the one with 2 replies, then the one with 1
    child.expect("Resuming the rehearsal after 1 reply")
    child.expect("Your reply")  # at the prompt
    child.send(CTRL_C)
    child.expect("Save what you have")
    child.send("y")
    assert finish(child) == 130
    (rec,) = records(tmp_path / "records")
    assert len(rec["transcript"]) == 1 and rec["complete"] is False
    assert len(list((tmp_path / "records" / ".journal").glob("*.json"))) == 1

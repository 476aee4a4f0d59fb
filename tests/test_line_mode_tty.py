"""The accessible line mode in a real terminal (tmux): a whole encounter (with Ctrl-C, keep
for later, --resume) and a whole rehearsal, answered by typing numbers, `b` and `?`.

Every byte the program writes is logged with `tmux pipe-pane`, and the log holds no ESC
byte: no colour, cursor movement, redraw or terminal query. The records come out as in
the full interface.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from pty_support import empathy_exe

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

TESTS = Path(__file__).parent
ENCOUNTER_DATA = TESTS / "data" / "encounter"
REHEARSE_DATA = TESTS / "data" / "rehearse"

#: How often the log is read while waiting for text: the program answers in milliseconds,
#: so a wait costs about one interval; the timeouts are only upper bounds.
POLL = 0.01


class Pane:
    """One program in a tmux pane of its own server, every output byte logged."""

    def __init__(self, tmp_path: Path, args: list[str], env: dict[str, str], name: str):
        self.socket = f"empathy-line-{uuid.uuid4().hex[:10]}"
        self.log = tmp_path / f"{name}.raw"
        self.log.write_bytes(b"")
        self.pos = 0
        if "PYTHONPATH" in os.environ:  # a checkout run with PYTHONPATH=src tests its own code
            env = {"PYTHONPATH": os.pathsep.join(os.path.abspath(x) for x in os.environ["PYTHONPATH"].split(os.pathsep)), **env}
        assignments = [f"{k}={v}" for k, v in env.items()]
        # The program starts once the log is attached ("read go"), so no byte goes unseen;
        # its exit status is printed after it, and the pane waits to be closed.
        program = shlex.join(["env", "-i", *assignments, *args])
        script = f"trap : INT; read go; {program}; echo EXIT=$?; read done"  # the shell outlives a Ctrl-C
        self.tmux("new-session", "-d", "-x", "100", "-y", "40", "-s", "t", "sh -c " + shlex.quote(script))
        self.tmux("pipe-pane", "-t", "t", "cat >> " + shlex.quote(str(self.log)))
        self.tmux("send-keys", "-t", "t", "Enter")

    def tmux(self, *args: str) -> None:
        subprocess.run(["tmux", "-f", "/dev/null", "-L", self.socket, *args], check=True, capture_output=True, timeout=30)

    def raw(self) -> bytes:
        return self.log.read_bytes()

    def expect(self, text: str, timeout: float = 40) -> None:
        """Wait until `text` appears in the output after the last match."""
        needle = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while True:
            data = self.raw()
            found = data.find(needle, self.pos)
            if found >= 0:
                self.pos = found + len(needle)
                return
            if time.monotonic() > deadline:
                tail = data[self.pos :][-1500:].decode("utf-8", "replace")
                raise AssertionError(f"{text!r} did not appear; the output after the last match ends with:\n{tail}")
            time.sleep(POLL)

    def expect_any(self, *texts: str, timeout: float = 40) -> str:
        """Wait for whichever of `texts` comes first; return it."""
        deadline = time.monotonic() + timeout
        while True:
            data = self.raw()
            hits = [(data.find(t.encode("utf-8"), self.pos), t) for t in texts]
            hits = [(at, t) for at, t in hits if at >= 0]
            if hits:
                at, text = min(hits)
                self.pos = at + len(text.encode("utf-8"))
                return text
            if time.monotonic() > deadline:
                tail = data[self.pos :][-1500:].decode("utf-8", "replace")
                raise AssertionError(f"none of {texts!r} appeared; the output ends with:\n{tail}")
            time.sleep(POLL)

    def line(self, text: str = "") -> None:
        """Type `text` and press Enter."""
        if text:
            self.tmux("send-keys", "-t", "t", "-l", text)
        self.tmux("send-keys", "-t", "t", "Enter")

    def ctrl_c(self) -> None:
        self.tmux("send-keys", "-t", "t", "C-c")

    def first_replies_to_the_end(self, prompt_end: str, saved: str, limit: int = 30) -> int:
        """Answer every prompt of a rehearsal with its first listed reply until `saved`
        appears; return how many replies that took."""
        replies = 0
        while self.expect_any(prompt_end, saved) != saved:
            self.line("1")
            replies += 1
            assert replies < limit, "the rehearsal did not end"
        return replies

    def exit_status(self) -> int:
        self.expect("EXIT=")
        deadline = time.monotonic() + 10
        while True:
            rest = self.raw()[self.pos :].decode("ascii", "replace")
            digits = "".join(ch for ch in rest.split("\n")[0] if ch.isdigit())
            if digits and "\n" in rest:
                return int(digits)
            assert time.monotonic() < deadline, "no exit status"
            time.sleep(POLL)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def pane(tmp_path, warm_child):
    panes: list[Pane] = []
    home = tmp_path / "home"

    def start(*args: str, name: str, **extra: str) -> Pane:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "EMPATHY_HOME": str(home),
            "EMPATHY_CACHE": str(tmp_path / "cache"),
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",  # a capable terminal: the line mode must still write no escapes
            **{k: os.environ[k] for k in ("PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE") if k in os.environ},  # the run's bytecode (conftest)
            **extra,
        }
        warm_child(env, args)  # the built-in content cached, as after a first run
        p = Pane(tmp_path, [empathy_exe(), *args], env, name)
        panes.append(p)
        return p

    start.home = home  # type: ignore[attr-defined]
    yield start
    for p in panes:
        p.close()


def no_escapes(p: Pane) -> None:
    data = p.raw()
    assert data, "nothing was logged"
    at = data.find(b"\x1b")
    assert at < 0, f"ESC byte at {at}: {data[max(0, at - 80) : at + 40]!r}"


def test_a_whole_encounter_with_ctrl_c_and_resume_writes_no_escape(pane):
    folder = pane.home / "records"  # type: ignore[attr-defined]

    # EMPATHY_PLAIN=1 switches the line mode on, on a capable terminal.
    p = pane("--playbooks", str(ENCOUNTER_DATA), "encounter", "test-clinic", name="encounter1", EMPATHY_PLAIN="1")
    p.expect("What is their concern")
    p.expect("(b: back, ?: help): ")
    p.line("Too expensive, call 601 234 567")
    p.expect("What do they want")
    p.line("?")  # help: the question's help and the keys again
    p.expect("(b: back, ?: help)")
    p.line("money back")
    p.expect("already been tried")
    p.expect("(b: back, ?: help): ")  # at the prompt
    p.ctrl_c()
    p.expect("Save what you have")
    p.expect("Enter alone: No: ")
    p.line("n")
    p.expect("empathy encounter --resume")
    assert p.exit_status() == 130
    no_escapes(p)
    journals = list((folder / ".journal").glob("*.json"))
    assert len(journals) == 1 and not list(folder.glob("*.json"))

    p = pane("--playbooks", str(ENCOUNTER_DATA), "encounter", "--resume", name="encounter2", EMPATHY_PLAIN="1")
    p.expect("  1. ")  # the unfinished session, numbered
    p.expect("Type a number, 1 to 1")
    p.line("1")
    p.expect("already been tried")
    p.line("phoned twice")
    p.expect("  1. ")  # the emotions checklist
    p.expect("0 for none")
    p.line("b")  # back to the previous question
    p.expect("already been tried")
    p.expect("Enter alone keeps: phoned twice")
    p.line()
    p.expect("0 for none")
    p.line("1")  # emotions: the first
    p.expect("0 for none")
    p.line("1")  # phrases used: the first
    p.expect("(b: back, ?: help): ")
    p.line()  # own phrase: none
    p.expect("0 for none")
    p.line("2")  # options offered: the second (refund)
    p.expect("Type a number, 1 to")
    p.line("1")  # the one accepted: the only one offered
    p.expect("(b: back, ?: help): ")
    p.line()  # notes
    p.expect("0 for none")
    p.line("0")  # no warning signs
    p.expect("Date")
    p.line("wczoraj")  # dates as people type them
    p.expect("Time")
    p.line("14.30")
    p.expect("Location")
    p.line("reception")
    p.expect("(b: back, ?: help): ")
    p.line()  # details: pre-filled
    p.expect("(b: back, ?: help): ")
    p.line()  # steps taken: pre-filled
    p.expect("Outcome")
    p.expect("Type a number")
    p.line("7")  # not a listed number: refused, asked again
    p.expect("Type one of the numbers from 1 to")
    p.line("2")  # partly resolved
    p.expect("(b: back, ?: help): ")
    p.line("call on Friday")
    p.expect("(b: back, ?: help): ")
    p.line("30.11.2026")  # follow-up due
    p.expect("Save the record, or change an answer?")  # the review: numbered lines
    p.expect("2. Change: Concern")
    p.expect("Enter alone: 1: ")
    p.line()  # save
    p.expect("Enter alone: No: ")  # a minute for yourself? no
    p.line()
    p.expect("Saved")
    assert p.exit_status() == 0
    no_escapes(p)

    [js] = folder.glob("*.json")
    record = json.loads(js.read_text(encoding="utf-8"))
    a = record["answers"]
    assert record["complete"] is True and record["outcome"] == "partly_resolved"
    assert a["concern"] == "Too expensive, call [phone]" and a["wants"] == "money back"
    assert a["tried"] == "phoned twice" and a["emotions"] == ["frustration"]
    assert a["options_offered"] == ["refund"] and a["option_accepted"] == "refund"
    assert a["time"] == "14:30" and a["follow_up_due"] == "2026-11-30" and len(a["date"]) == 10
    assert not list(folder.glob(".journal/*.json"))


def test_a_whole_rehearsal_writes_no_escape_and_reads_the_mood_in_words(pane):
    folder = pane.home / "records"  # type: ignore[attr-defined]
    p = pane("--plain", "--playbooks", str(REHEARSE_DATA), "rehearse", "parcel-late", "--lang", "en", "--seed", "1", name="rehearse")
    p.expect("Mood: 6 of 10, upset")
    p.expect("Where is my parcel")
    p.expect("or your own words (h: hint, ?: help): ")
    p.line("h")  # a hint: phrases for the stage
    p.expect("Phrases that may help:")
    p.expect("or your own words (h: hint, ?: help): ")
    p.line("1")  # the first listed reply
    p.expect("Mood: 5 of 10, tense; down 1, calmer")
    replies = 1 + p.first_replies_to_the_end("help): ", "Saved")
    assert p.exit_status() == 0
    no_escapes(p)
    [record] = [json.loads(x.read_text(encoding="utf-8")) for x in folder.glob("*.json")]
    assert record["kind"] == "rehearsal" and record["complete"] is True
    assert len(record["transcript"]) == replies


def test_polish_line_mode_on_a_dumb_terminal(pane):
    """TERM=dumb alone switches the line mode on; the keys and the mood speak Polish."""
    p = pane("--playbooks", str(REHEARSE_DATA), "rehearse", "parcel-late", "--lang", "pl", "--seed", "1", name="pl", TERM="dumb")
    p.expect("Nastrój: 6 na 10")
    p.expect("albo własne słowa (h: podpowiedź, ?: pomoc): ")
    p.line("?")
    p.expect("(h: podpowiedź, ?: pomoc)")
    p.expect("(h: podpowiedź, ?: pomoc): ")  # asked again
    p.ctrl_c()
    assert p.exit_status() == 130
    no_escapes(p)


def test_the_harness_sees_the_escapes_of_the_full_interface(pane):
    """The same capture of the full interface does hold ESC bytes: the checks above can fail."""
    p = pane("--playbooks", str(REHEARSE_DATA), "rehearse", "parcel-late", "--lang", "en", name="full", EMPATHY_PLAIN="0", PROMPT_TOOLKIT_NO_CPR="1")
    p.expect("Your reply")
    p.ctrl_c()
    assert p.exit_status() == 130
    assert b"\x1b" in p.raw()

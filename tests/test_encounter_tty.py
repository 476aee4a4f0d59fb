"""The encounter in a terminal: questionary through prompt_toolkit's pipe input, and one
real-terminal session end to end with pexpect (Ctrl-C, keep for later, --resume, finish)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from empathy_cli.app.encounter import renderer
from empathy_cli.coach.encounter import Encounter
from empathy_cli.coach.prompter import Cancelled, GoBack, Option, Question
from empathy_cli.content.loader import load_file
from empathy_cli.ui.interactive import InteractivePrompter

DATA = Path(__file__).parent / "data" / "encounter"
REPO = Path(__file__).resolve().parent.parent
ENTER, SPACE, DOWN, UP, CTRL_C = "\r", " ", "\x1b[B", "\x1b[A", "\x03"


@pytest.fixture
def pipe():
    with create_pipe_input() as inp:
        yield inp


def prompter(inp) -> InteractivePrompter:
    return InteractivePrompter(input=inp, output=DummyOutput())


# --------------------------------------------------------------------------- the prompter


def test_checkbox_offers_back(pipe):
    q = Question("emotions", "multi", "Which?", options=[Option("a", "A"), Option("b", "B")])
    pipe.send_text(DOWN + SPACE + ENTER)  # tick B
    assert prompter(pipe).ask(q) == ["b"]
    pipe.send_text(DOWN + DOWN + SPACE + ENTER)  # tick "← Back"
    with pytest.raises(GoBack):
        prompter(pipe).ask(q)


def test_checkbox_without_back_when_not_allowed(pipe):
    q = Question("x", "multi", "Which?", options=[Option("a", "A")], allow_back=False)
    pipe.send_text(DOWN + SPACE + ENTER)  # the cursor wraps to A: there is no Back entry
    assert prompter(pipe).ask(q) == ["a"]


def test_text_back_and_ctrl_c(pipe):
    p = prompter(pipe)
    pipe.send_text("back" + ENTER)
    with pytest.raises(GoBack):
        p.ask(Question("concern", "longtext", "What?"))
    pipe.send_text(CTRL_C)
    with pytest.raises(Cancelled):
        p.ask(Question("concern", "longtext", "What?"))


def test_date_is_validated_at_the_prompt(pipe):
    pipe.send_text("2026-13-01" + ENTER + "\x15" + "2026-11-27" + ENTER)  # ctrl-u clears the line
    assert prompter(pipe).ask(Question("follow_up_due", "date", "When?")) == "2026-11-27"


# --------------------------------------------------------------------------- the engine


def test_engine_through_questionary_with_back_across_stages(pipe):
    pb = load_file(DATA / "test-clinic.yaml").content
    keys = [
        "It hurts" + ENTER,  # concern
        "a refund" + ENTER,  # wants
        ENTER,  # tried
        DOWN + DOWN + DOWN + SPACE + ENTER,  # emotions: tick "← Back" → back to tried
        "phoned twice" + ENTER,  # tried again
        SPACE + ENTER,  # emotions: frustration
        SPACE + ENTER,  # phrases_used: empathize-1
        ENTER,  # own_phrase
        DOWN + SPACE + ENTER,  # options_offered: refund
        ENTER,  # option_accepted: refund
        ENTER,  # solution_notes
        DOWN + DOWN + SPACE + ENTER,  # warning_signs: threatens-harm
        ENTER,  # continue after the red alert
        SPACE + ENTER,  # help_called: the first offered (red level first)
        ENTER,  # help_called_at: now
        ENTER,
        ENTER,  # date, time
        "reception" + ENTER,  # location
        ENTER,
        ENTER,  # details, steps_taken: pre-filled
        DOWN + ENTER,  # outcome: partly_resolved
        "call on Friday" + ENTER,  # follow_up
        ENTER,  # follow_up_due
        ENTER,  # the review: save (the default)
    ]
    pipe.send_text("".join(keys))
    result = Encounter(pb, prompter(pipe), render=renderer(pb)).run()
    a = result.answers
    assert result.complete
    assert a["tried"] == "phoned twice" and a["emotions"] == ["frustration"]
    assert a["phrases_used"] == ["empathize-1"]
    assert a["options_offered"] == ["refund"] and a["option_accepted"] == "refund"
    assert a["warning_signs"] == ["threatens-harm"] and a["help_called"] == ["security"]
    assert a["location"] == "reception" and a["outcome"] == "partly_resolved"
    assert "Accepted: Refund (approval: clinic manager)." in a["steps_taken"]


# --------------------------------------------------------------------------- the command in an app session


def test_command_ctrl_c_keep_then_resume(runner, home, monkeypatch):
    """The whole command with questionary reading a pipe: Ctrl-C, keep it, --resume, finish."""
    from prompt_toolkit.application import create_app_session

    from empathy_cli.cli import encounter as cmd
    from empathy_cli.cli.app import app

    monkeypatch.setattr(cmd, "require_tty", lambda command: None)
    monkeypatch.setenv("EMPATHY_PLAIN", "0")  # the full interface (the tests' TERM=dumb would pick the line mode)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("Too expensive, call 601 234 567" + ENTER + "money back" + ENTER + CTRL_C + "n")
        res = runner.invoke(app, ["--playbooks", str(DATA), "encounter", "test-clinic"])
    assert res.exit_code == 130, res.output
    assert "empathy encounter --resume" in res.stdout
    journals = list((home / "records" / ".journal").glob("*.json"))
    assert len(journals) == 1 and stat.S_IMODE(journals[0].stat().st_mode) == 0o600
    journal = json.loads(journals[0].read_text())
    assert journal["answers"]["wants"] == "money back" and journal["position"] == "tried"
    assert not list((home / "records").glob("*.json"))

    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        keys = [
            ENTER,  # pick the only unfinished session
            "nothing yet" + ENTER,  # tried: where it stopped
            ENTER,
            ENTER,
            ENTER,  # emotions, phrases (none), own phrase
            ENTER,
            ENTER,  # options offered: none; notes (no accepted question without offers)
            ENTER,  # no warning signs
            ENTER,
            ENTER,
            "desk" + ENTER,
            ENTER,
            ENTER,  # date, time, location, details, steps
            DOWN + DOWN + DOWN + ENTER,  # outcome: unresolved
            ENTER,
            ENTER,  # follow-up, due
            ENTER,  # the review: save
            ENTER,  # the reflection: skipped (Enter takes the default, no)
        ]
        inp.send_text("".join(keys))
        res = runner.invoke(app, ["--playbooks", str(DATA), "encounter", "--resume"])
    assert res.exit_code == 0, res.output
    [js] = (home / "records").glob("*.json")
    record = json.loads(js.read_text())
    assert record["complete"] is True and record["outcome"] == "unresolved"
    assert record["answers"]["concern"] == "Too expensive, call [phone]"
    assert record["answers"]["tried"] == "nothing yet" and record["redacted"] is True and record["masked"] == 1
    assert not list((home / "records" / ".journal").glob("*.json"))


def test_command_ctrl_c_save_incomplete(runner, home, monkeypatch):
    from prompt_toolkit.application import create_app_session

    from empathy_cli.cli import encounter as cmd
    from empathy_cli.cli.app import app

    monkeypatch.setattr(cmd, "require_tty", lambda command: None)
    monkeypatch.setenv("EMPATHY_PLAIN", "0")  # the full interface (the tests' TERM=dumb would pick the line mode)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("Too expensive" + ENTER + CTRL_C + "y")
        res = runner.invoke(app, ["--playbooks", str(DATA), "encounter", "test-clinic"])
    assert res.exit_code == 130, res.output  # interrupted, even though saved
    assert "Saved as incomplete" in res.stdout
    [js] = (home / "records").glob("*.json")
    record = json.loads(js.read_text())
    assert record["complete"] is False and record["stage_reached"] == "listen"
    assert record["answers"] == {"concern": "Too expensive"}
    assert "INCOMPLETE" in js.with_suffix(".md").read_text()
    assert not list((home / "records" / ".journal").glob("*.json"))


# --------------------------------------------------------------------------- a real terminal


def _pty_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A real terminal's environment: the test's own folders, UTF-8, xterm. A pty answers
    no cursor-position request, so prompt_toolkit is told not to wait for one."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("EMPATHY_", "NO_COLOR", "LANG", "LC_"))},
        "EMPATHY_HOME": str(tmp_path / "home"),
        "EMPATHY_CACHE": str(tmp_path / "cache"),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        **extra,
    }


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a pty")
def test_real_terminal_session_end_to_end(tmp_path, warm_child):
    pytest.importorskip("pexpect")
    from pty_support import empathy_exe, finish, spawn

    exe = empathy_exe()
    home = tmp_path / "home"
    env = _pty_env(tmp_path, COLUMNS="120", LINES="40")

    def start(*args):
        warm_child(env, args)  # the built-in content cached, as after a first run
        child = spawn(exe, list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
        child.logfile_read = open(tmp_path / "session.log", "a")
        return child

    child = start("encounter", "aesthetic-clinic")
    child.expect("What is their concern")
    child.send('She says "my lips are uneven", e-mail anna@example.com' + ENTER)
    child.expect("What do they want")
    child.send("a correction" + ENTER)
    child.expect("already been tried")
    child.send(CTRL_C)
    child.expect("Save what you have")
    child.send("n")
    child.expect("--resume")
    assert finish(child) == 130

    child = start("encounter", "--resume")
    child.expect("Which session")
    child.send(ENTER)
    child.expect("already been tried")
    child.send("called twice" + ENTER)
    child.expect("emotions")
    child.send(SPACE + ENTER)  # frustration
    child.expect("phrases did you use")
    child.send(SPACE + ENTER)
    child.expect("own words")
    child.send("Calm down, it's not a big deal." + ENTER)
    child.expect("Better:")
    child.expect(r"Continue\?")
    child.send(ENTER)
    child.expect("options did you offer")
    child.send(SPACE + ENTER)  # corrective follow-up
    child.expect("accept")
    child.send(ENTER)
    child.expect("else offered")
    child.send(ENTER)
    child.expect("warning signs")
    child.send(ENTER)  # none
    child.expect("Date")
    child.send(ENTER)
    child.expect("Time")
    child.send(ENTER)
    child.expect("Location")
    child.send("reception" + ENTER)
    child.expect("Staff present")
    child.send(ENTER)
    child.expect("in their words")
    child.send(ENTER)  # pre-filled from the concern
    child.expect("What happened")
    child.send(ENTER)
    child.expect("Steps taken")
    child.send(ENTER)
    child.expect("Highest escalation level")
    child.send(ENTER)
    child.expect("Outcome")
    child.send(ENTER)  # resolved
    child.expect("Follow-up")
    child.send("Review on Friday" + ENTER)
    child.expect("Follow-up due")
    child.send("2026-11-27" + ENTER)
    child.expect("Before saving")
    child.expect("Save the record, or change an answer")
    child.send(ENTER)
    child.expect("A minute for yourself")
    child.send("y")
    child.expect("What went well")
    child.send("I listened first" + ENTER)
    child.expect("differently")
    child.send(ENTER)
    child.expect("How are you now")
    child.send(DOWN + DOWN + ENTER)  # shaken
    child.expect("Take five minutes")
    child.expect("Saved: (.*?\\.md)")
    child.expect("masked: 1")
    assert finish(child) == 0

    folder = home / "records"
    [js] = folder.glob("*.json")
    md = js.with_suffix(".md")
    record = json.loads(js.read_text(encoding="utf-8"))
    assert record["kind"] == "encounter" and record["complete"] is True and record["outcome"] == "resolved"
    assert record["answers"]["concern"] == 'She says "my lips are uneven", e-mail [email]'
    assert record["answers"]["tried"] == "called twice" and record["answers"]["emotions"] == ["frustration"]
    assert record["checks"]["own_phrase"]["verdict"] == "escalating"
    assert record["answers"]["follow_up_due"] == "2026-11-27"
    assert record["reflection"] == {"skipped": False, "well": "I listened first", "change": "", "feeling": "shaken"}
    text = md.read_text(encoding="utf-8")
    assert "anna@example.com" not in text and "Review on Friday" in text
    assert stat.S_IMODE(js.stat().st_mode) == 0o600 and stat.S_IMODE(md.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert not list(folder.glob(".journal/*.json"))


def test_back_typed_after_a_prefilled_default(pipe):
    """A pre-filled date: typing 'back' without clearing it still goes back."""
    pipe.send_text("back" + ENTER)
    with pytest.raises(GoBack):
        prompter(pipe).ask(Question("date", "date", "Date", default="2026-11-23"))
    pipe.send_text(ENTER)
    assert prompter(pipe).ask(Question("date", "date", "Date", default="2026-11-23")) == "2026-11-23"


@pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a pty")
def test_real_terminal_review_screen_changes_an_answer_then_saves(tmp_path, warm_child):
    """The review before saving, in a real terminal: every answer by stage, one changed
    (the list comes back with the new answer), then saved; the summary after it shows
    what happened and the steps taken, masked, and the nudge (amber, nobody called)."""
    pytest.importorskip("pexpect")
    from pty_support import empathy_exe, finish, spawn

    exe = empathy_exe()
    home = tmp_path / "home"
    env = _pty_env(tmp_path)
    warm_child(env, ["--playbooks", str(DATA)])  # the built-in content cached, as after a first run
    child = spawn(exe, ["--playbooks", str(DATA), "encounter", "test-clinic"], env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.logfile_read = open(tmp_path / "session.log", "a")
    child.expect("What is their concern")
    child.send("Uneven, call me on 601 234 567" + ENTER)
    child.expect("What do they want")
    child.send("a correction" + ENTER)
    child.expect("already been tried")
    child.send(ENTER)
    child.expect("emotions")
    child.send(ENTER)
    child.expect("phrases did you use")
    child.send(ENTER)
    child.expect("own words")
    child.send(ENTER)
    child.expect("options did you offer")
    child.send(ENTER)
    child.expect("else offered")
    child.send(ENTER)
    child.expect("warning signs")
    child.send(DOWN + SPACE + ENTER)  # shouts: amber
    child.expect("Who did you call in")
    child.send(ENTER)  # nobody
    child.expect("nobody was called in. Who to call: Clinic manager")
    child.expect("Date")
    child.send(ENTER)
    child.expect("Time")
    child.send(ENTER)
    child.expect("Location")
    child.send("desk" + ENTER)
    child.expect("What happened")
    child.send(ENTER)
    child.expect("Steps taken")
    child.send(ENTER)
    child.expect("Outcome")
    child.send(ENTER)
    child.expect("Follow-up")
    child.send(ENTER)
    child.expect("Follow-up due")
    child.send(ENTER)
    # the review: every answer by stage, then save or change one
    child.expect("Before saving: your answers")
    child.expect("1. Listen")
    child.expect("Wants: a correction")
    child.expect("4. Escalate")
    child.expect("Save the record, or change an answer")
    child.send(DOWN + DOWN + ENTER)  # save, concern, wants
    child.expect("What do they want")
    child.send("\x15" + "a refund" + ENTER)  # ctrl-u clears the answer shown
    child.expect("Before saving: your answers")
    child.expect("Wants: a refund")
    child.expect("Save the record, or change an answer")
    child.send(ENTER)  # save
    child.expect("A minute for yourself")
    child.send(ENTER)  # no reflection
    child.expect("Summary")
    child.expect(r"What happened: Concern: Uneven, call me on \[phone\]")
    child.expect("Steps taken: Listened to the concern")
    child.expect("Who to call: Clinic manager")
    child.expect("Saved: ")
    assert finish(child) == 0
    [js] = (home / "records").glob("*.json")
    record = json.loads(js.read_text(encoding="utf-8"))
    assert record["answers"]["wants"] == "a refund" and record["answers"]["warning_signs"] == ["shouting"]
    assert record["reflection"] == {"skipped": True}
    assert "601 234 567" not in (tmp_path / "session.log").read_text(encoding="utf-8").split("Summary", 1)[1]

"""The accessible line mode's prompter (`ui.line.LinePrompter`) and when it is chosen
(`ui.mode`): numbered choices answered by typing, `b` back, `?` help, `h` hint, the mood
in words, both languages. The real-terminal run is in test_line_mode_tty.py."""

from __future__ import annotations

import io

import pytest

from empathy_cli import i18n
from empathy_cli.coach.prompter import Cancelled, GoBack, Message, Option, Question, Typed
from empathy_cli.ui import mode
from empathy_cli.ui.line import LinePrompter


def ask(question: Question, typed: str) -> tuple[object, str]:
    out = io.StringIO()
    answer = LinePrompter(io.StringIO(typed), out).ask(question)
    return answer, out.getvalue()


CHOICE = Question("r", "choice", "Reply?", options=[Option("a", "First"), Option("b", "Second", "approval: manager")])


def test_a_choice_is_numbered_and_answered_by_its_number():
    answer, out = ask(CHOICE, "2\n")
    assert answer == "b"
    assert "  1. First\n  2. Second (approval: manager)\n" in out
    assert "Type a number, 1 to 2 (b: back, ?: help): " in out
    assert "\x1b" not in out


def test_a_wrong_number_or_words_are_refused_and_asked_again():
    answer, out = ask(CHOICE, "3\nsecond\n\n1\n")
    assert answer == "a"
    assert out.count("! Type one of the numbers from 1 to 2.") == 3


def test_enter_takes_the_default():
    q = Question("r", "choice", "Reply?", options=CHOICE.options, default="b")
    answer, out = ask(q, "\n")
    assert answer == "b" and "Enter alone: 2" in out


def test_b_goes_back_and_question_mark_shows_help():
    q = Question("r", "choice", "Reply?", options=CHOICE.options, help="Pick what you said.")
    with pytest.raises(GoBack):
        ask(q, "?\nb\n")
    out = io.StringIO()
    with pytest.raises(GoBack):
        LinePrompter(io.StringIO("?\nb\n"), out).ask(q)
    assert out.getvalue().count("Pick what you said.") == 2  # once with the question, once on ?


def test_going_back_where_it_is_refused_says_why():
    q = Question("r", "choice", "Reply?", options=CHOICE.options, allow_back=False, no_back="Not in an exam.")
    answer, out = ask(q, "b\n1\n")
    assert answer == "a" and "! Not in an exam." in out


def test_own_words_and_a_hint():
    counted = []
    q = Question("r", "choice", "Reply?", options=CHOICE.options, allow_typed=True, hints=["Take your time."], on_hint=lambda: counted.append(1))
    answer, out = ask(q, "h\nI can see this matters to you.\n")
    assert answer == Typed("I can see this matters to you.")
    assert "or your own words (h: hint, b: back, ?: help)" in out and "“Take your time.”" in out and counted == [1]


def test_typed_words_the_engine_refuses_are_explained():
    q = Question("r", "choice", "Reply?", options=CHOICE.options, allow_typed=True, check_typed=lambda text: "say it in words" if text == "ok" else None)
    answer, out = ask(q, "ok\n1\n")
    assert answer == "a" and "! say it in words" in out


def test_a_checklist_takes_numbers_zero_and_enter():
    q = Question("e", "multi", "Emotions?", options=[Option("anger", "Anger"), Option("fear", "Fear"), Option("shame", "Shame")], default=["fear"])
    assert ask(q, "3, 1\n")[0] == ["shame", "anger"]
    assert ask(q, "0\n")[0] == []
    answer, out = ask(q, "\n")
    assert answer == ["fear"] and "2. Fear (ticked)" in out and "Enter alone keeps the ticked ones" in out
    answer, out = ask(q, "4\n2\n")
    assert answer == ["fear"] and "! Type numbers from 1 to 3" in out
    with pytest.raises(GoBack):
        ask(q, "b\n")


def test_text_keeps_its_default_and_dates_come_out_iso():
    answer, out = ask(Question("d", "date", "Date?", default="2026-11-23"), "\n")
    assert answer == "2026-11-23" and "Enter alone keeps: 2026-11-23" in out
    answer, out = ask(Question("d", "date", "Date?"), "31.02\n30.11.2026\n")
    assert answer == "2026-11-30" and "! expected a date" in out
    assert ask(Question("t", "time", "Time?"), "14.30\n")[0] == "14:30"
    with pytest.raises(GoBack):
        ask(Question("c", "text", "Concern?"), "b\n")


def test_end_of_input_and_ctrl_c_cancel():
    with pytest.raises(Cancelled):
        ask(CHOICE, "")

    class Interrupted(io.StringIO):
        def readline(self, *args):  # type: ignore[override]
            raise KeyboardInterrupt

    with pytest.raises(Cancelled):
        LinePrompter(Interrupted(), io.StringIO()).ask(CHOICE)


def test_polish_keys_and_yes_no():
    i18n.set_lang("pl")
    q = Question("save", "confirm", "Zapisać?", default=False)
    answer, out = ask(q, "t\n")
    assert answer is True and "t: Tak, n: Nie; sam Enter: Nie: " in out
    assert ask(q, "\n")[0] is False
    answer, out = ask(CHOICE, "x\n1\n")
    assert answer == "a" and "Proszę wpisać numer od 1 do 2 (b: wstecz, ?: pomoc)" in out
    assert "! Proszę wpisać jeden z numerów od 1 do 2." in out


def test_the_mood_meter_is_words_and_numbers_in_both_languages():
    out = io.StringIO()
    LinePrompter(io.StringIO(), out).show(Message("mood", "Mood", data={"mood": 7, "word": "upset", "delta": 2}))
    assert out.getvalue() == "Mood: 7 of 10, upset; up 2, more tense\n"
    i18n.set_lang("pl")
    out = io.StringIO()
    LinePrompter(io.StringIO(), out).show(Message("mood", "Nastrój", data={"mood": 3, "word": "spokój", "delta": -1}))
    assert out.getvalue() == "Nastrój: 3 na 10, spokój; o 1 niżej, więcej spokoju\n"


def test_escalation_tips_have_one_bullet_each():
    """The escalation panel's sub-items keep their own marker instead of a second bullet."""
    out = io.StringIO()
    lines = ["Do now:", "  1. Keep your voice low", "Call:", "  • Clinic manager"]
    LinePrompter(io.StringIO(), out).show(Message("tips", "Amber", lines))
    text = out.getvalue()
    assert "• Do now:" in text and "    1. Keep your voice low" in text and "    • Clinic manager" in text
    assert "•   •" not in text and "•   1." not in text


@pytest.mark.parametrize(
    "env, forced, expected",
    [
        ({"TERM": "dumb"}, None, True),
        ({"TERM": "xterm", "EMPATHY_PLAIN": "1"}, None, True),
        ({"TERM": "dumb", "EMPATHY_PLAIN": "0"}, None, False),
        ({"TERM": "xterm"}, None, False),
        ({"TERM": "xterm"}, True, True),
    ],
)
def test_when_the_line_mode_is_on(monkeypatch, env, forced, expected):
    monkeypatch.delenv("EMPATHY_PLAIN", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    mode.set_plain(forced)
    try:
        assert mode.plain() is expected
        from empathy_cli.ui.interactive import InteractivePrompter

        assert isinstance(mode.terminal_prompter(), LinePrompter if expected else InteractivePrompter)
    finally:
        mode.set_plain(None)


def test_plain_option_wins_over_color_always(monkeypatch, runner):
    """`--plain` with `--color always`: still no escape sequence anywhere."""
    from empathy_cli.cli.app import app
    from empathy_cli.ui import console

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    try:
        res = runner.invoke(app, ["--plain", "--color", "always", "scenarios", "list"])
        assert res.exit_code == 0 and "\x1b" not in res.output
        assert console.fancy() is False
    finally:
        mode.set_plain(None)
    res = runner.invoke(app, ["--color", "always", "scenarios", "list"])
    assert "\x1b" in res.output  # without --plain, --color always does colour


def test_the_stage_line_does_not_point_at_a_back_entry_that_is_not_there():
    out = io.StringIO()
    hint = i18n.t("encounter.progress_back")
    LinePrompter(io.StringIO(), out).show(Message("progress", lines=["Stage 1 of 5: Listen", hint]))
    assert out.getvalue() == "Stage 1 of 5: Listen\n"

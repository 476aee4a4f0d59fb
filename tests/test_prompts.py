"""The interactive prompter driven through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from empathy_cli import i18n
from empathy_cli.coach.prompter import Cancelled, GoBack, Option, Question, Typed
from empathy_cli.ui.interactive import InteractivePrompter

ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"


def ask(question: Question, keys: str):
    with create_pipe_input() as inp:
        inp.send_text(keys)
        return InteractivePrompter(input=inp, output=DummyOutput()).ask(question)


@pytest.mark.parametrize("lang, key, expected", [("en", "y", True), ("en", "n", False), ("pl", "t", True), ("pl", "n", False), ("pl", "y", True)])
def test_confirm_speaks_the_interface_language(lang, key, expected):
    i18n.set_lang(lang)
    assert ask(Question("save", "confirm", "Save?"), key) is expected


def test_confirm_enter_takes_the_default():
    assert ask(Question("save", "confirm", "Save?", default=True), ENTER) is True
    assert ask(Question("save", "confirm", "Save?", default=False), ENTER) is False


def test_text_date_validation_and_back():
    assert ask(Question("d", "date", "Date?"), "2026-11-23" + ENTER) == "2026-11-23"
    # an invalid date is refused at the prompt; the user fixes it
    assert ask(Question("d", "date", "Date?"), "31/02" + ENTER + "\x7f" * 5 + "2026-11-24" + ENTER) == "2026-11-24"
    with pytest.raises(GoBack):
        ask(Question("c", "text", "Concern?"), "back" + ENTER)


def test_choice_typed_words_and_ctrl_c():
    q = Question("r", "choice", "Reply?", options=[Option("a", "First"), Option("b", "Second")], allow_typed=True)
    assert ask(q, DOWN + ENTER) == "b"
    assert ask(q, DOWN + DOWN + ENTER + "My own words" + ENTER) == Typed("My own words")
    with pytest.raises(Cancelled):
        ask(q, CTRL_C)


def test_multi_select():
    q = Question("e", "multi", "Emotions?", options=[Option("anger", "Anger"), Option("fear", "Fear")])
    assert ask(q, " " + DOWN + " " + ENTER) == ["anger", "fear"]


def test_refusal_messages_are_translated():
    from empathy_cli.coach.prompter import validate_answer
    from empathy_cli.localtext import Text
    from empathy_cli.ui import localize

    i18n.set_lang("pl")
    with pytest.raises(ValueError) as exc:
        validate_answer(Question("d", "date", "Data?"), "pojutrze")
    assert exc.value.args[0] == Text("answers.date")  # the engine says which refusal
    assert "oczekiwano daty, np. 30.11.2026" in localize.reason(exc.value)  # the prompter says it in Polish


def test_enter_on_back_in_a_checklist_goes_back():
    q = Question("e", "multi", "Emotions?", options=[Option("anger", "Anger"), Option("fear", "Fear")])
    with pytest.raises(GoBack):
        ask(q, DOWN + DOWN + ENTER)  # highlight "← Back", press Enter
    assert ask(q, DOWN + " " + ENTER) == ["fear"]  # elsewhere Enter still submits the ticks

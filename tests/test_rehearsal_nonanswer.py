"""Non-answers ("hint", "?", "ok", "idk", "nie wiem", a lone word, keyboard mash, nothing)
are never scored: `coach.nonanswer` tells them from short real replies, in English and
Polish; the engine refuses them and asks again; an answers file names their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empathy_cli import i18n
from empathy_cli.cli.app import app
from empathy_cli.coach import rehearsal as engine
from empathy_cli.coach.check import CheckResult, SignalHit
from empathy_cli.coach.nonanswer import is_non_answer, non_answer
from empathy_cli.coach.prompter import Cancelled, Typed
from empathy_cli.coach.rehearsal import NonAnswer
from empathy_cli.localtext import keys
from rehearsal_support import FakePrompter, make

DATA = Path(__file__).parent / "data" / "rehearse"


@pytest.mark.parametrize(
    "text, reason",
    [
        ("hint", "hint"),
        ("Hint", "hint"),
        (":hint", "hint"),
        ("give me a hint", "hint"),
        ("podpowiedź", "hint"),
        ("Podpowiedź proszę", "hint"),
        ("co mam powiedzieć?", "hint"),
        ("back", "back"),
        ("wstecz", "back"),
        ("skip", "command"),
        ("pomiń", "command"),
        ("?", "no_words"),
        ("...", "no_words"),
        ("!!!", "no_words"),
        ("12345", "no_words"),
        ("", "empty"),
        ("   \n ", "empty"),
        ("ok", "filler"),
        ("OK.", "filler"),
        ("idk", "filler"),
        ("I don't know", "filler"),
        ("no idea", "filler"),
        ("hmm", "filler"),
        ("nie wiem", "filler"),
        ("Nie wiem.", "filler"),
        ("Tak", "filler"),
        ("Dobra, dobra.", "filler"),
        ("nie mam pojęcia", "filler"),
        ("nwm", "filler"),
        ("asdfgh", "gibberish"),
        ("qwerty uiop", "gibberish"),
        ("sdkfjh sdkjfh", "gibberish"),
        ("jjjjjjj", "gibberish"),
        ("lkjhgf", "gibberish"),
        ("xkcd zzzz", "gibberish"),
        ("Parcel", "one_word"),
        ("Paczka.", "one_word"),
        ("Right.", "one_word"),
    ],
)
def test_non_answers_in_both_languages(text, reason):
    assert non_answer(text, "en") == reason
    assert non_answer(text, "pl") == reason
    assert is_non_answer(text, "pl")


@pytest.mark.parametrize(
    "text",
    [
        "I'm so sorry.",
        "Sorry!",
        "Przepraszam.",
        "Przykro mi.",
        "Rozumiem.",
        "I see.",
        "Understood.",
        "Order number?",
        "Calm down!",
        "Not my department.",
        "Ja tu tylko pracuję.",
        "Proszę nie krzyczeć.",
        "niech sie pan nie denerwuje",
        "Wszczęcie procedury jest konieczne.",
        "Chrząszcz brzmi w trzcinie.",
        "Hmm. The computer is slow today.",
    ],
)
def test_short_real_replies_are_answers(text):
    assert non_answer(text, "en") is None and non_answer(text, "pl") is None


# --------------------------------------------------------------------------- the engine


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of(DATA)


@pytest.mark.parametrize(
    "lang, text, words",
    [("en", "Hint", "not scored"), ("en", "?", "not scored"), ("pl", "nie wiem", "nie podlega ocenie"), ("pl", "asdfgh", "nie podlega ocenie")],
)
def test_a_non_answer_is_never_scored(lib, lang, text, words):
    r = make(lib, lang=lang)
    with pytest.raises(NonAnswer) as exc:
        r.reply(Typed(text))
    assert f"rehearse.non_answer.{exc.value.reason}" in keys(exc.value.message)
    assert words in i18n.render(exc.value.message, lang)
    assert r.state.transcript == [] and r.state.mood == 6 and r.state.node == "start"
    assert r.question().check_typed(text) == exc.value.message  # what every prompter shows


def test_run_says_so_and_asks_again(lib):
    r = make(lib)
    p = FakePrompter([Typed("ok"), Typed("Hint"), "ask"])
    with pytest.raises(Cancelled):
        r.run(p)
    warnings = [m.lines[0] for m in p.shown if m.kind == "warning"]
    assert len(warnings) == 2 and all("rehearse.non_answer.again" in keys(w) for w in warnings)
    assert all("not scored" in i18n.render(w, "en") for w in warnings)
    assert [q.id for q in p.questions] == ["start", "start", "start", "feeling"]
    assert [t.choice for t in r.state.transcript] == ["ask"]  # only the real reply counts


def test_a_listed_reply_typed_as_written_is_an_answer(lib):
    r = make(lib)
    r.reply("number")
    turn = r.reply(Typed("Right."))  # a lone word, but it is the listed reply "Right."
    assert turn.typed and turn.choice == "ok"


def test_a_lone_word_the_judge_finds_a_move_in_is_an_answer(lib, monkeypatch):
    real = engine.check_reply

    def judge(text, playbooks, lang):
        if text == "Relax.":
            return CheckResult("escalating", [SignalHit("minimizing", "Relax", 0, 5)], score=-1.5)
        return real(text, playbooks, lang)

    monkeypatch.setattr(engine, "check_reply", judge)
    r = make(lib)
    turn = r.reply(Typed("Relax."))
    assert turn.heard == "escalating" and turn.score == 0


# --------------------------------------------------------------------------- answers files


@pytest.fixture
def run(runner, tmp_path, write):
    def _run(answers: str, *args: str, lang: str = "en"):
        argv = ["-p", str(DATA), "rehearse", "parcel-late", "--lang", lang, "--out", str(tmp_path / "records"), "--seed", "1"]
        return runner.invoke(app, argv + ["--answers", str(write("answers.yaml", answers)), *args])

    return _run


@pytest.mark.parametrize(
    "lang, say, expect",
    [
        ("en", "Hint", "“Hint” asks for a hint; it is not a reply to the client and is not scored."),
        ("en", "idk", "“idk” does not answer the client, so it is not scored."),
        ("pl", "nie wiem", "„nie wiem” nie odpowiada na to, co mówi klient, więc nie podlega ocenie."),
        ("pl", "?", "W „?” nie ma słów"),
    ],
)
def test_a_non_answer_in_an_answers_file_is_reported_with_its_line(run, tmp_path, lang, say, expect):
    result = run(f"- choice: ask\n- say: {json.dumps(say, ensure_ascii=False)}\n- choice: options\n", lang=lang)
    assert result.exit_code == 1
    assert "answers.yaml:2: feeling: " in result.stderr and expect in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not list((tmp_path / "records").glob("*.json"))  # nothing scored, no record


def test_in_an_exam_asking_for_a_hint_says_why_there_is_none(run):
    result = run("- choice: ask\n- say: hint\n", "--exam")
    assert result.exit_code == 1
    assert "answers.yaml:2" in result.stderr and "This is an exam: there are no hints" in result.stderr
    result = run("- say: wstecz\n", "--exam", lang="pl")
    assert result.exit_code == 1 and "To egzamin: nie można się cofnąć" in result.stderr

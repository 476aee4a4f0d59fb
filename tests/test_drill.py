"""`empathy drill`: cards from the content, grading by the judge, FSRS scheduling, state on
disk after every card, scripted runs that repeat exactly, Ctrl-C that keeps everything."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from empathy_cli.app import drill as usecase
from empathy_cli.app.drill import Answer
from empathy_cli.cli.app import app
from empathy_cli.coach import drill as engine
from empathy_cli.coach.prompter import Cancelled

NOW = "2026-11-23T10:00:00+01:00"
T0 = datetime.fromisoformat(NOW)


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of()  # the built-in content only (parsed once a session), never the user's


def en_deck(lib, **focus):
    return usecase.deck(lib, engine.Focus(lang="en", **focus))


# --------------------------------------------------------------------------- cards


def test_the_deck_has_every_kind_of_card_from_the_content(lib):
    deck = en_deck(lib)
    kinds = {c.kind for c in deck}
    assert kinds == set(engine.KINDS)
    assert len({c.id for c in deck}) == len(deck)  # ids are unique
    counter = next(c for c in deck if c.id == "reply:en:delayed-appointment:counter")
    assert counter.stage == "listen" and counter.context == "Sarah Mitchell"
    assert counter.prompt.startswith("I've been sitting here for fifty minutes")
    # the better phrasing is the scenario's best reply
    assert counter.better[0].startswith("I'm really sorry you've waited this long")
    avoid = next(c for c in deck if c.kind == "avoid")
    assert avoid.worse and avoid.better[0] != avoid.worse
    assert all(c.lang == "en" for c in deck)
    # ids do not depend on the order of loading: a rebuilt deck has the same ids
    assert [c.id for c in en_deck(lib)] == [c.id for c in deck]


def test_focus_narrows_by_stage_tag_playbook_and_kind(lib):
    assert {c.stage for c in en_deck(lib, stage="solve")} == {"solve"}
    assert all("waiting" in c.tags for c in en_deck(lib, tag="waiting"))
    uses = {e.content.id for e in lib.scenarios("en") if e.content.playbook == "patient-care"}
    assert "anxious-before-procedure" in uses
    assert {c.source for c in en_deck(lib, playbook="patient-care")} <= {"patient-care"} | uses
    assert {c.kind for c in en_deck(lib, kind="avoid")} == {"avoid"}
    assert all(c.lang == "pl" for c in usecase.deck(lib, engine.Focus(lang="pl")))


def test_say_this_not_that_order_is_seeded_and_graded(lib):
    card = en_deck(lib, kind="avoid")[0]
    assert engine.choices(card, 7) == engine.choices(card, 7)
    orders = {tuple(text for _, text in engine.choices(card, s)) for s in range(12)}
    assert len(orders) == 2  # both orders happen, so the answer is not always "1"
    right = engine.expected(card, 7)
    assert dict(engine.choices(card, 7))[right] == card.better[0]
    assert engine.grade_pick(card, right, 7).outcome == "good"
    wrong = "2" if right == "1" else "1"
    grade = engine.grade_pick(card, wrong, 7)
    assert grade.outcome == "again" and grade.correct is False


def test_typed_replies_are_judged_on_the_trainees_own_words(lib):
    card = next(c for c in en_deck(lib) if c.id == "reply:en:delayed-appointment:counter")
    judge = usecase.judges(lib)(card)
    bad = engine.grade_typed(card, "Calm down, it's not a big deal.", judge)
    assert bad.outcome == "again" and bad.check.verdict == "escalating"
    spans = {"Calm down, it's not a big deal."[s.start : s.end] for s in bad.check.signals}
    assert any("calm down" in s.lower() for s in spans)  # signals point at the words typed
    assert bad.better  # and a better phrasing is offered
    good = engine.grade_typed(card, "I'm really sorry you've waited so long. What matters most to you right now?", judge)
    assert good.outcome in ("good", "easy") and good.rating >= 3
    flat = engine.grade_typed(card, "The doctor is running late.", judge)
    assert flat.outcome == "hard"


@pytest.mark.parametrize("text", ["?", "idk", "  ", "I don't know.", "nie wiem", "..."])
def test_a_non_answer_is_never_graded(lib, text):
    card = en_deck(lib, kind="reply")[0]

    def judge(_):  # pragma: no cover - must not be called
        raise AssertionError("a non-answer reached the judge")

    grade = engine.grade_typed(card, text, judge)
    assert grade.outcome == "skipped" and not grade.graded and grade.better


def test_plan_is_due_cards_first_then_a_few_new_ones(lib):
    deck = en_deck(lib)
    later = (T0 + timedelta(days=3)).isoformat()
    earlier = (T0 - timedelta(days=1)).isoformat()
    states = {deck[0].id: {"fsrs": {"due": earlier}}, deck[1].id: {"fsrs": {"due": later}}}
    due, fresh = engine.plan(deck, states, T0, new_limit=4, seed=1)
    assert [c.id for c in due] == [deck[0].id]
    assert len(fresh) == 4 and not {c.id for c in fresh} & set(states)
    assert len({c.kind for c in fresh}) >= 3  # the kinds take turns
    assert engine.plan(deck, states, T0, new_limit=4, seed=1) == (due, fresh)


# --------------------------------------------------------------------------- the session


class FakeUI:
    """Answers cards from a list; an exception in the list is raised at that card."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.asked, self.grades = [], []
        self.summary = None

    def start(self, plan):
        self.plan = plan

    def ask(self, card, choices, number, total):
        self.asked.append(card.id)
        value = self.answers.pop(0)
        if isinstance(value, BaseException):
            raise value
        if value == "RIGHT":
            return Answer(picked=engine.expected(card, 5)) if card.kind in ("avoid", "stage") else Answer(text="I'm so sorry. What would help most?")
        return value

    def graded(self, card, grade, due):
        self.grades.append((card.id, grade.outcome, due))

    def finish(self, summary):
        self.summary = summary


def test_ctrl_c_keeps_every_card_answered(lib, tmp_path):
    state_file = tmp_path / "drill" / "state.json"
    ui = FakeUI(["RIGHT", "RIGHT", KeyboardInterrupt()])
    summary = usecase.run(en_deck(lib), ui, usecase.judges(lib), state_file=state_file, clock=lambda: T0, seed=5)
    assert summary.stopped == "interrupted" and summary.answered == 2
    saved = json.loads(state_file.read_text())
    assert set(saved["cards"]) == set(ui.asked[:2])
    assert [e["card"] for e in saved["log"]] == ui.asked[:2]
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(state_file.parent.stat().st_mode) == 0o700


def test_cancelled_input_also_stops_cleanly_and_skips_are_not_scheduled(lib, tmp_path):
    state_file = tmp_path / "s.json"
    ui = FakeUI([Answer(text="?"), "RIGHT", Cancelled()])
    summary = usecase.run(en_deck(lib), ui, usecase.judges(lib), state_file=state_file, clock=lambda: T0, seed=5)
    assert summary.skipped == 1 and summary.answered == 1 and summary.stopped == "interrupted"
    saved = json.loads(state_file.read_text())
    assert ui.asked[0] not in saved["cards"] and ui.asked[1] in saved["cards"]


def test_a_card_rated_good_comes_back_later_than_one_rated_again(lib, tmp_path):
    deck = en_deck(lib, kind="avoid")
    state_file = tmp_path / "s.json"
    ui = FakeUI(["RIGHT", Answer(picked="x")] + ["RIGHT"] * 3)
    usecase.run(deck, ui, usecase.judges(lib), state_file=state_file, clock=lambda: T0, seed=5)
    (_, first, due_good), (_, second, due_again) = ui.grades[:2]
    assert (first, second) == ("good", "again") and due_good > due_again > T0
    # The next day every card seen is due (still learning) and comes before any new card,
    # the one that was missed first (it was due soonest).
    ui2 = FakeUI(["RIGHT"] * 10)
    usecase.run(deck, ui2, usecase.judges(lib), state_file=state_file, clock=lambda: T0 + timedelta(days=1), seed=5)
    assert ui2.plan.due == 5 and set(ui2.asked[:5]) == set(ui.asked[:5]) and ui2.asked[0] == ui.asked[1]
    assert len(ui2.asked) == 10  # then five new ones


def test_minutes_end_the_session_when_time_is_up(lib, tmp_path):
    now = [T0]

    class SlowUI(FakeUI):
        def ask(self, *args):
            now[0] += timedelta(seconds=90)  # each card takes a minute and a half
            return super().ask(*args)

    ui = SlowUI(["RIGHT"] * 10)
    summary = usecase.run(en_deck(lib), ui, usecase.judges(lib), state_file=tmp_path / "s.json", clock=lambda: now[0], minutes=2, seed=5)
    assert summary.stopped == "time" and len(ui.asked) == 2 and summary.answered == 2


def test_streak_counts_consecutive_days():
    from datetime import date

    from empathy_cli.records.drillstate import streak

    d = date(2026, 11, 23)
    assert streak([d - timedelta(days=2), d - timedelta(days=1), d], d) == 3
    assert streak([d - timedelta(days=2), d - timedelta(days=1)], d) == 2  # today not yet
    assert streak([d - timedelta(days=3)], d) == 0


def test_a_damaged_state_file_is_reported_not_replaced(runner, home, tmp_path, monkeypatch):
    state = home / "drill" / "state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{not json")
    answers = tmp_path / "a.yaml"
    answers.write_text("- say: '?'\n")
    res = runner.invoke(app, ["drill", "--answers", str(answers), "--seed", "1"], env={"EMPATHY_NOW": NOW})
    assert res.exit_code == 1 and "state.json" in res.stderr and "Traceback" not in res.output
    assert state.read_text() == "{not json"


# --------------------------------------------------------------------------- the command


BY_KIND = {
    "reply": ['- say: "Calm down, it\'s not a big deal."', "- say: \"I'm really sorry you've waited this long. What matters most to you right now?\""],
    "situation": ['- say: "?"', '- say: "I can see you are upset. I am getting my manager now, please stay here with me."'],
    "avoid": ['- choice: "1"', '- choice: "2"'],
    "stage": ["- choice: empathize", "- say: idk"],
}


def answers_for(template: str) -> str:
    """Fill a `drill --template` in: answers by card kind, alternating good and bad."""
    import re

    steps = []
    for n, kind in enumerate(re.findall(r"^# \d+\. .*\[(\w+):", template, re.M)):
        steps.append(BY_KIND[kind][n % 2])
    return "\n".join(steps) + "\n"


def scripted(runner, tmp_path, name, *extra):
    home = tmp_path / name
    env = {"EMPATHY_HOME": str(home), "EMPATHY_NOW": NOW}
    args = ["drill", "--seed", "3", "--new", "8", *extra]
    template = runner.invoke(app, [*args, "--template"], env=env)
    assert template.exit_code == 0, template.output
    answers = tmp_path / f"{name}.yaml"
    answers.write_text(answers_for(template.stdout))
    (tmp_path / f"{name}.yaml.template").write_text(template.stdout)
    res = runner.invoke(app, [*args, "--answers", str(answers)], env=env)
    return res, home / "drill" / "state.json"


def test_a_scripted_drill_gives_the_same_schedule_every_run(runner, tmp_path):
    first, state1 = scripted(runner, tmp_path, "one")
    second, state2 = scripted(runner, tmp_path, "two")
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    s1, s2 = json.loads(state1.read_text()), json.loads(state2.read_text())
    assert s1 == s2
    assert "Drill: 0 due, 8 new" in first.stdout and "Card 8/8" in first.stdout
    assert "Done:" in first.stdout and "streak: 1 day" in first.stdout
    # the cards of the template are the cards of the run, in order (skipped ones unscheduled)
    import re

    planned = re.findall(r"^# \d+\. .*\[(.+)\]$", (tmp_path / "one.yaml.template").read_text(), re.M)
    answers = (tmp_path / "one.yaml").read_text().splitlines()
    graded = [cid for cid, step in zip(planned, answers) if step not in ('- say: "?"', "- say: idk")]
    assert len(planned) == 8 and [e["card"] for e in s1["log"]] == graded
    assert set(s1["cards"]) == set(graded)


def test_scripted_drill_in_polish(runner, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text('- say: "Przepraszam, że musiała Pani czekać. Co jest dla Pani teraz najważniejsze?"\n- say: nie wiem\n')
    res = runner.invoke(app, ["drill", "--lang", "pl", "--kind", "reply", "--answers", str(answers), "--seed", "2"], env={"EMPATHY_NOW": NOW})
    assert res.exit_code == 0, res.output
    assert "Ćwiczenie:" in res.stdout and "Bez oceny" in res.stdout
    assert "Skończyły się odpowiedzi" in res.stdout


def test_without_a_terminal_it_points_to_answers(runner):
    res = runner.invoke(app, ["drill"])
    assert res.exit_code == 2 and "--answers" in res.stderr


def test_bad_options_are_usage_errors(runner, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("- say: '?'\n")
    assert runner.invoke(app, ["drill", "--stage", "calm", "--answers", str(answers)]).exit_code == 2
    res = runner.invoke(app, ["drill", "--tag", "no-such-tag", "--answers", str(answers)])
    assert res.exit_code == 1 and "No cards match" in res.stderr
    answers.write_text("say: hello\n")
    res = runner.invoke(app, ["drill", "--answers", str(answers)])
    assert res.exit_code == 2 and "YAML list" in res.stderr


def test_fsrs_is_imported_only_by_the_drill():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from empathy_cli.cli.app import app\n"
        "r = CliRunner().invoke(app, ['--version'])\n"
        "r = CliRunner().invoke(app, ['check', 'Calm down, it is not a big deal'])\n"
        "r = CliRunner().invoke(app, ['phrases', 'waiting'])\n"
        "print('fsrs' in sys.modules, 'empathy_cli.coach.drill' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "False"]


def test_ctrl_c_in_a_terminal_session_keeps_what_was_answered(runner, home, monkeypatch):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from empathy_cli.cli import drill as cmd

    monkeypatch.setattr(cmd, "require_tty", lambda command: None)
    monkeypatch.setenv("EMPATHY_PLAIN", "0")  # the full interface (the tests' TERM=dumb would pick the line mode)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("I'm so sorry about the wait. What would help most right now?\r" + "\x03")
        res = runner.invoke(app, ["drill", "--kind", "reply", "--seed", "4"], env={"EMPATHY_NOW": NOW})
    assert res.exit_code == 130, res.output
    assert "Every card answered so far is saved" in res.stdout
    saved = json.loads((home / "drill" / "state.json").read_text())
    assert len(saved["cards"]) == 1 and saved["log"][0]["kind"] == "reply"

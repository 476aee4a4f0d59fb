"""`empathy encounter`: the engine through a fake prompter, and the command through CliRunner.

The engine is tested without any terminal: a fake prompter answers by question id and
logs what was asked and shown, in order. The command is tested with the test playbook
under tests/data/encounter (and the built-in aesthetic-clinic for the template).
"""

from __future__ import annotations

import json
import stat
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from empathy_cli import i18n
from empathy_cli.app.encounter import renderer, walk
from empathy_cli.coach.encounter import (
    ENGINE_IDS,
    Encounter,
    answers_template,
    questions,
)
from empathy_cli.coach.prompter import Cancelled, GoBack, Message, Question, validate_answer
from empathy_cli.content.loader import load_file
from empathy_cli.localtext import Text, keys, words

DATA = Path(__file__).parent / "data" / "encounter"
PLAYBOOK_FILE = DATA / "test-clinic.yaml"
STARTED = datetime(2026, 11, 23, 14, 15, 2, tzinfo=timezone.utc)


@pytest.fixture
def pb():
    return load_file(PLAYBOOK_FILE).content


def check_with(pb):
    from empathy_cli.coach.check import check_reply

    return lambda text: check_reply(text, [pb], "en")


class FakePrompter:
    """Answers by question id. A value may be a list of successive answers (for a question
    asked again after `back`), or an exception instance to raise (GoBack, Cancelled)."""

    def __init__(self, answers: dict[str, Any]):
        self.answers = {k: (list(v) if isinstance(v, tuple) else [v]) for k, v in answers.items()}
        self.log: list[tuple[str, Any]] = []  # ("ask", Question) / ("show", Message)

    def ask(self, q: Question) -> Any:
        self.log.append(("ask", q))
        queue = self.answers.get(q.id)
        if not queue:
            if q.id == "continue":
                return True
            value = q.default if q.default is not None else ([] if q.kind == "multi" else "")
            return validate_answer(q, value) if not (q.kind == "choice" and value == "") else ""
        value = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(value, BaseException):
            if len(queue) == 1 and queue[0] is value:
                queue.clear()
            raise value
        return validate_answer(q, value)

    def show(self, message: Message) -> None:
        self.log.append(("show", message))

    @property
    def asked(self) -> list[str]:
        return [q.id for kind, q in self.log if kind == "ask"]

    def shown(self, kind: str) -> list[Message]:
        return [m for k, m in self.log if k == "show" and m.kind == kind]


FULL = {
    "concern": "The result looks uneven. Call me on 601 234 567.",
    "wants": "a correction",
    "tried": "phoned twice",
    "emotions": ["frustration"],
    "phrases_used": ["empathize-1"],
    "own_phrase": "",
    "options_offered": ["review", "refund"],
    "option_accepted": "review",
    "solution_notes": "",
    "warning_signs": [],
    "location": "reception",
    "outcome": "resolved",
    "follow_up": "Doctor calls on Friday",
    "follow_up_due": "2026-11-27",
}


def run(pb, answers, **kw):
    prompter = FakePrompter(answers)
    engine = Encounter(pb, prompter, render=renderer(pb), session="s1", check=check_with(pb), clock=lambda: STARTED, **kw)
    engine.ctx.started_at = STARTED
    return walk(engine), prompter


# --------------------------------------------------------------------------- the engine


def test_walkthrough_keys_every_answer_by_question_id_and_prefills_the_record(pb):
    result, prompter = run(pb, FULL)
    assert result.status == "complete" and result.complete
    a = result.answers
    for key in ("concern", "wants", "tried", "emotions", "phrases_used", "options_offered", "option_accepted", "location", "outcome"):
        assert a[key] == FULL[key], key
    # Document defaults: date and time of the start; steps_taken and details pre-filled.
    assert a["date"] == "2026-11-23" and a["time"] == "14:15"
    assert "Review with the doctor" in a["steps_taken"] and "Refund" in a["steps_taken"]
    assert "(approval: treating doctor)" in a["steps_taken"]
    assert "I can see this is frustrating." in a["steps_taken"]
    assert a["details"].startswith("Concern: The result looks uneven")
    # No warning signs: nobody to ask about help.
    assert "help_called" not in prompter.asked and "help_called_at" not in a
    # The stages are entered in order, each with a progress line.
    progress = [m.data["stage"] for m in prompter.shown("progress")]
    assert progress == ["listen", "empathize", "solve", "escalate", "document"]
    # The last thing before the record is saved: the review of every answer, by stage.
    assert prompter.asked[-1] == "review" and prompter.shown("summary")[-1].data == {"review": True}


def test_back_returns_to_the_previous_question_across_stages(pb):
    answers = dict(FULL)
    answers["tried"] = ("phoned once", "phoned twice")
    answers["emotions"] = (GoBack(), ["anxiety"])
    answers["phrases_used"] = ["empathize-2"]
    result, prompter = run(pb, answers)
    asked = prompter.asked
    first = asked.index("emotions")
    # back from the first question of Empathize lands on the last one of Listen …
    assert asked[first + 1] == "tried"
    # … which is asked with the earlier answer as its default, then Empathize again.
    again = [q for kind, q in prompter.log if kind == "ask" and q.id == "tried"][1]
    assert again.default == "phoned once"
    assert asked[first + 2] == "emotions"
    assert result.answers["tried"] == "phoned twice"
    assert result.answers["emotions"] == ["anxiety"]
    # Re-entering Listen shows the progress line again but not the tips a second time.
    assert [m.data["stage"] for m in prompter.shown("progress")][:3] == ["listen", "empathize", "listen"]
    assert len([m for m in prompter.shown("tips") if m.title == Text("encounter.tips.do") and "Let them finish." in m.lines]) == 1


def test_back_at_the_first_question_says_so_and_asks_again(pb):
    answers = dict(FULL)
    answers["concern"] = (GoBack(), "It hurts")
    result, prompter = run(pb, answers)
    assert prompter.asked[:2] == ["concern", "concern"]
    assert Text("encounter.at_start") in [line for m in prompter.shown("warning") for line in m.lines]
    assert result.answers["concern"] == "It hurts"


def test_phrases_offered_fit_the_emotions_picked(pb):
    answers = dict(FULL, emotions=["anger"], phrases_used=["escalate-1"])
    result, prompter = run(pb, answers)
    q = next(q for kind, q in prompter.log if kind == "ask" and q.id == "phrases_used")
    assert q.option_ids() == ["escalate-1"]
    assert "Anger" in q.options[0].hint
    # an emotion no phrase fits: the whole Empathize stage is offered
    result, prompter = run(pb, dict(FULL, emotions=[], phrases_used=[]))
    q = next(q for kind, q in prompter.log if kind == "ask" and q.id == "phrases_used")
    assert q.option_ids() == ["empathize-1", "empathize-2", "empathize-3"]


def test_a_red_sign_shows_the_actions_and_words_before_going_on(pb):
    answers = dict(FULL, warning_signs=["threatens-harm"], help_called=["security"], help_called_at="14:20")
    result, prompter = run(pb, answers)
    alerts = prompter.shown("alert")
    assert len(alerts) == 1
    assert alerts[0].title == Text("encounter.alert.title", level="Red: danger")
    assert keys(alerts[0].lines) == ["encounter.alert.actions", "encounter.alert.call", "encounter.alert.say", "encounter.quote"]
    text = words(alerts[0].lines)
    assert "Get away from the danger." in text and "Call security." in text
    assert "Security" in text and "Emergency services (112)" in text
    assert "This is a safety issue: I need security now." in text
    # shown right after the checklist, and the user confirms before the next question
    log = [(k, getattr(x, "id", None) or getattr(x, "kind", None)) for k, x in prompter.log]
    at = log.index(("show", "alert"))
    assert log[at - 1] == ("ask", "warning_signs")
    assert log[at + 1] == ("ask", "continue")
    assert log[at + 2] == ("ask", "help_called")
    assert result.answers["help_called"] == ["security"] and result.answers["help_called_at"] == "14:20"
    assert result.escalation_level == "red"
    assert "Called in: Security at 14:20." in result.answers["steps_taken"]


def test_an_amber_sign_shows_advice_but_no_alert(pb):
    result, prompter = run(pb, dict(FULL, warning_signs=["shouting"], help_called=[]))
    assert prompter.shown("alert") == []
    tips = [m for m in prompter.shown("tips") if m.data.get("level") == "amber"]
    assert tips and "Call the manager." in words(tips[0].lines)
    # help_called offers the amber level's people first
    q = next(q for kind, q in prompter.log if kind == "ask" and q.id == "help_called")
    assert q.option_ids()[0] == "clinic-manager"
    assert "help_called_at" not in prompter.asked


def test_a_typed_escalating_phrase_gets_a_better_alternative(pb):
    result, prompter = run(pb, dict(FULL, own_phrase="Calm down, please."))
    feedback = prompter.shown("feedback")
    assert len(feedback) == 1 and feedback[0].data["verdict"] == "escalating"
    assert Text("encounter.better", text="I can see you're upset. I'm listening.") in feedback[0].lines
    assert feedback[0].lines[0] == Text("encounter.verdict.escalating")
    assert prompter.asked[prompter.asked.index("own_phrase") + 1] == "continue"
    assert result.checks["own_phrase"]["verdict"] == "escalating"
    assert result.checks["own_phrase"]["suggestions"] == ["I can see you're upset. I'm listening."]


def test_a_calming_phrase_passes_without_a_pause(pb):
    result, prompter = run(pb, dict(FULL, own_phrase="I can see this is really frustrating, I'm sorry."))
    assert prompter.shown("feedback")[0].data["verdict"] == "de-escalating"
    assert "continue" not in prompter.asked


def test_answering_no_after_the_feedback_asks_the_phrase_again(pb):
    answers = dict(FULL, own_phrase=("Calm down.", "I can see you're upset."), **{"continue": False})
    prompter = FakePrompter(answers)
    prompter.answers["continue"] = [False, True]
    result = Encounter(pb, prompter, render=renderer(pb), check=check_with(pb)).run()
    assert prompter.asked.count("own_phrase") == 2
    assert result.answers["own_phrase"] == "I can see you're upset."
    assert "own_phrase" not in result.checks or result.checks["own_phrase"]["verdict"] != "escalating"


def test_cancel_keeps_the_journal_and_resume_continues_where_it_stopped(pb):
    states: list[dict] = []
    answers = dict(FULL, options_offered=Cancelled(), save_incomplete=False)
    prompter = FakePrompter(answers)
    result = walk(Encounter(pb, prompter, render=renderer(pb), session="s1", check=check_with(pb), journal=states.append))
    assert result.status == "kept"
    assert "save_incomplete" in prompter.asked
    state = json.loads(json.dumps(states[-1]))  # the journal is plain JSON
    assert state["position"] == "options_offered" and state["stage"] == "solve"
    assert state["answers"]["concern"] == FULL["concern"]
    # one journal write per answer (and none lost)
    assert len(states) >= len([k for k in state["answers"] if not k.startswith("_")])

    prompter2 = FakePrompter(FULL)
    resumed = Encounter(pb, prompter2, render=renderer(pb), check=check_with(pb), resume=state).run()
    assert prompter2.asked[0] == "options_offered"
    assert "concern" not in prompter2.asked
    assert resumed.status == "complete" and resumed.session == "s1"
    assert resumed.answers["concern"] == FULL["concern"]
    assert resumed.answers["options_offered"] == ["review", "refund"]
    # back from the first resumed question goes to the last one answered before
    prompter3 = FakePrompter(dict(FULL, options_offered=(GoBack(), ["refund"]), option_accepted="refund"))
    Encounter(pb, prompter3, render=renderer(pb), resume=state).run()
    assert prompter3.asked[:3] == ["options_offered", "own_phrase", "options_offered"]


def test_cancel_then_save_gives_an_incomplete_record(pb):
    from empathy_cli.records.encounter import build_record

    answers = dict(FULL, warning_signs=Cancelled(), save_incomplete=True)
    result, _ = run(pb, answers)
    assert result.status == "incomplete" and not result.complete
    record = build_record(result, pb)
    assert record["complete"] is False and record["stage_reached"] == "escalate"
    assert record["answers"]["option_accepted"] == "review"
    assert "outcome" not in record["answers"] and record["outcome"] is None


def test_cancel_before_any_answer_keeps_nothing_and_asks_nothing(pb):
    states: list = []
    prompter = FakePrompter({"concern": Cancelled()})
    result = walk(Encounter(pb, prompter, render=renderer(pb), journal=states.append))
    assert result.status == "kept" and result.answers == {}
    assert prompter.asked == ["concern"] and states == []


def test_questions_list_is_the_single_source_for_ids_and_template(pb):
    ids = [q.id for _, q in questions(pb)]
    assert ids[: len(ENGINE_IDS)] == list(ENGINE_IDS)
    assert ids[len(ENGINE_IDS) :] == [f.id for f in pb.record_fields]
    text = answers_template(pb, i18n.render)
    for qid in ids:
        assert f"\n{qid}: " in text
    # allowed values are listed, with who approves
    assert "#     refund: Refund  (approval: clinic manager)" in text
    assert "#     threatens-harm: Threatens to hurt someone  (Red)" in text
    assert "#     security: Security" in text


def test_template_is_valid_yaml_and_runs_once_filled_in(pb, tmp_path):
    from empathy_cli.content.yamlsafe import load
    from empathy_cli.ui.scripted import ScriptedPrompter

    text = answers_template(pb, i18n.render)
    data = load(text)
    assert set(data) == {q.id for _, q in questions(pb)}
    filled = text.replace('concern: ""', 'concern: "It hurts"').replace('location: ""', "location: desk").replace('outcome: ""', "outcome: resolved")
    prompter = ScriptedPrompter(load(filled), "t.yaml")
    result = Encounter(pb, prompter, render=renderer(pb)).run()
    assert result.complete and result.answers["outcome"] == "resolved"
    assert result.answers["steps_taken"]  # required, pre-filled from the answers above
    assert result.answers["date"] == datetime.now().astimezone().date().isoformat()


def test_engine_imports_no_terminal_code():
    import subprocess
    import sys

    code = (
        "import sys, empathy_cli.coach.encounter, empathy_cli.records.encounter, empathy_cli.records.encounter_md, empathy_cli.records.export;"
        "bad = [m for m in ('rich', 'questionary', 'prompt_toolkit', 'typer') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


# --------------------------------------------------------------------------- the command


def cli(runner, *args, input=None):
    from empathy_cli.cli.app import app

    return runner.invoke(app, ["--playbooks", str(DATA), *args], input=input)


def answers_file(tmp_path: Path, **overrides: Any) -> Path:
    import yaml

    data = dict(FULL, **overrides)
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def records(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_template_then_answers_then_record(runner, home, tmp_path):
    res = cli(runner, "encounter", "test-clinic", "--template")
    assert res.exit_code == 0, res.output
    template = tmp_path / "t.yaml"
    filled = (
        res.stdout.replace('concern: ""', 'concern: "Uneven lips, she wrote to anna@example.com"')
        .replace('location: ""', "location: reception")
        .replace('outcome: ""', "outcome: partly_resolved")
        .replace("emotions: []", "emotions: [frustration]")
        .replace("warning_signs: []", "warning_signs: [threatens-harm]")
        .replace("help_called: []", "help_called: [security]")
        .replace('help_called_at: ""', 'help_called_at: "14:20"')
    )
    template.write_text(filled, encoding="utf-8")
    res = cli(runner, "encounter", "test-clinic", "--answers", str(template))
    assert res.exit_code == 0, res.output
    assert "Personal identifiers masked: 1" in res.stdout
    assert "act now" in res.stdout  # the red alert is printed in a scripted run too
    folder = home / "records"
    [js] = records(folder)
    md = js.with_suffix(".md")
    record = json.loads(js.read_text(encoding="utf-8"))
    assert record["kind"] == "encounter" and record["playbook"] == "test-clinic" and record["lang"] == "en"
    assert record["complete"] is True and record["outcome"] == "partly_resolved"
    assert record["redacted"] is True and record["masked"] == 1 and "redaction" not in record
    assert record["version"] == 3
    datetime.fromisoformat(record["started_at"]) and datetime.fromisoformat(record["finished_at"])
    assert record["answers"]["concern"] == "Uneven lips, she wrote to [email]"
    assert record["answers"]["help_called"] == ["security"]
    assert set(record["answers"]) >= {"concern", "emotions", "warning_signs", "date", "time", "details", "steps_taken", "outcome"}
    text = md.read_text(encoding="utf-8")
    assert "anna@example.com" not in text and "[email]" in text
    assert "# Encounter record: Test clinic" in text and "**Location:** reception" in text
    assert "- Threatens to hurt someone" in text
    assert stat.S_IMODE(js.stat().st_mode) == 0o600 and stat.S_IMODE(md.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # a scripted run keeps no journal
    assert not list(folder.glob(".journal/*.json"))


def test_template_of_the_builtin_playbook_lists_its_record_fields(runner):
    from empathy_cli.cli.app import app

    res = runner.invoke(app, ["encounter", "aesthetic-clinic", "--template"])
    assert res.exit_code == 0, res.output
    for qid in (
        "concern",
        "emotions",
        "options_offered",
        "warning_signs",
        "date",
        "location",
        "details",
        "steps_taken",
        "outcome",
        "follow_up",
        "follow_up_due",
    ):
        assert f"\n{qid}: " in res.stdout
    assert "refund-partial: Partial refund or credit  (approval: clinic manager)" in res.stdout


def test_no_redact_keeps_identifiers(runner, home, tmp_path):
    res = cli(runner, "encounter", "test-clinic", "--answers", str(answers_file(tmp_path)), "--no-redact")
    assert res.exit_code == 0, res.output
    [js] = records(home / "records")
    record = json.loads(js.read_text(encoding="utf-8"))
    assert "601 234 567" in record["answers"]["concern"] and record["masked"] == 0 and record["redacted"] is False
    assert "not masked" in res.stdout


def test_out_dir_is_used(runner, home, tmp_path):
    out = tmp_path / "elsewhere"
    res = cli(runner, "encounter", "test-clinic", "--answers", str(answers_file(tmp_path)), "--out", str(out))
    assert res.exit_code == 0, res.output
    assert len(records(out)) == 1 and not (home / "records").exists()


def test_an_invalid_answer_names_the_question_and_the_line(runner, home, tmp_path):
    path = answers_file(tmp_path, emotions=["frustration", "boredom"])
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 1
    line = path.read_text().splitlines().index("- boredom") + 1
    assert f"{path}:{line}: emotions: unknown value 'boredom'" in res.stderr
    assert "Traceback" not in res.output
    assert not (home / "records").exists()


def test_a_bad_date_names_the_question_and_the_line(runner, tmp_path):
    path = answers_file(tmp_path, follow_up_due="next friday")
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 1
    line = next(n for n, l in enumerate(path.read_text().splitlines(), 1) if l.startswith("follow_up_due"))
    assert f":{line}: follow_up_due: expected a date, e.g. 30.11.2026" in res.stderr


def test_a_missing_required_answer_is_an_error(runner, tmp_path):
    data = dict(FULL)
    del data["location"]
    import yaml

    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 1 and "location: missing answer (required)" in res.stderr


def test_unused_keys_are_a_warning(runner, home, tmp_path):
    path = answers_file(tmp_path, colour="blue", help_called=["security"])
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 0, res.output
    assert "'colour' is not a question of this playbook" in res.stderr
    assert "'help_called' was not asked" in res.stderr  # no warning sign was ticked
    assert len(records(home / "records")) == 1


def test_broken_answers_file_is_an_error_with_a_line(runner, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("concern: [unclosed\n", encoding="utf-8")
    res = cli(runner, "encounter", "test-clinic", "--answers", str(path))
    assert res.exit_code == 1 and f"{path}:" in res.stderr and "Traceback" not in res.output


def test_without_a_terminal_it_points_to_answers(runner, home):
    res = cli(runner, "encounter", "test-clinic", input="")
    assert res.exit_code == 2
    assert "--answers" in res.stderr and "Traceback" not in res.output
    assert not (home / "records").exists()


def test_resume_with_nothing_to_resume(runner):
    res = cli(runner, "encounter", "--resume")
    assert res.exit_code == 0 and "No unfinished encounters" in res.stdout


def test_resume_unknown_id_is_an_error(runner):
    res = cli(runner, "encounter", "--resume", "nope")
    assert res.exit_code == 1 and "nope" in res.stderr


def test_resume_from_a_journal_with_answers(runner, home, tmp_path):
    """A journal left by an interrupted session is continued (here with an answers file for
    the rest) and removed once the record is saved."""
    from empathy_cli.records.store import RecordStore

    store = RecordStore(home / "records")
    prompter = FakePrompter(dict(FULL, options_offered=Cancelled(), save_incomplete=False))
    pb = load_file(PLAYBOOK_FILE).content
    walk(Encounter(pb, prompter, render=renderer(pb), session="20261123-141502-abcdef", journal=lambda s: store.journal("20261123-141502-abcdef", s)))
    assert store.unfinished("encounter")
    rest = answers_file(tmp_path, concern="IGNORED: already answered")
    res = cli(runner, "encounter", "--resume", "20261123-141502", "--answers", str(rest))
    assert res.exit_code == 0, res.output
    [js] = records(home / "records")
    record = json.loads(js.read_text(encoding="utf-8"))
    assert record["session"] == "20261123-141502-abcdef"
    assert record["answers"]["concern"].startswith("The result looks uneven")
    assert store.unfinished("encounter") == []


def test_help_is_fast_and_does_not_import_questionary():
    import subprocess
    import sys

    code = "import sys; from empathy_cli.cli import app; print('questionary' in sys.modules, 'rich.console' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"


def test_going_back_and_emptying_an_answer_drops_what_depended_on_it(pb):
    """help_called_at is dropped when help_called is emptied on the way back."""
    answers = dict(
        FULL,
        warning_signs=["shouting"],
        help_called=(["clinic-manager"], []),
        help_called_at=("14:20", GoBack()),
        date=(GoBack(), ""),
    )
    result, prompter = run(pb, answers)
    asked = prompter.asked
    assert asked.count("help_called") == 2 and asked.count("help_called_at") == 2
    assert result.answers["help_called"] == [] and "help_called_at" not in result.answers
    assert "Called in" not in result.answers["steps_taken"]


def test_resume_refuses_a_journal_of_another_kind(runner, home):
    from empathy_cli.records.store import RecordStore

    RecordStore(home / "records").journal("20261123-000000-aaaaaa", {"kind": "rehearsal", "answers": {}})
    res = cli(runner, "encounter", "--resume", "20261123-000000-aaaaaa")
    assert res.exit_code == 1 and "no unfinished encounter" in res.stderr

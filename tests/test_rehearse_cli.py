"""`empathy rehearse` from the command line: batch runs from answers files, records,
masking, resume, and the errors a trainer can run into."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.runtime import current

DATA = Path(__file__).parent / "data" / "rehearse"
BEST = "- choice: ask\n- choice: name\n- choice: options\n- choice: note\n"


@pytest.fixture
def rec_dir(tmp_path) -> Path:
    return tmp_path / "records"


@pytest.fixture
def run(runner, rec_dir, write):
    """Run `empathy -p DATA rehearse parcel-late --answers FILE --out DIR …`."""

    def _run(answers: str | None, *args: str, scenario: str | None = "parcel-late", lang: str = "en"):
        argv = ["-p", str(DATA), "rehearse"]
        if scenario:
            argv.append(scenario)
        argv += ["--lang", lang, "--out", str(rec_dir), "--seed", "1"]
        if answers is not None:
            argv += ["--answers", str(write("answers.yaml", answers))]
        return runner.invoke(app, argv + list(args))

    return _run


def records(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def test_batch_run_prints_transcript_and_debrief_and_saves_a_private_record(run, rec_dir):
    result = run(BEST, "--trainee", "Ana Kowalska")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Pat Doe: Where is my parcel?" in out
    assert "You: I'm sorry it hasn't arrived." in out  # the chosen reply is echoed in batch runs
    # the tests' terminal is TERM=dumb: the line mode, so the mood meter is in words and numbers
    assert "Mood: 6 of 10, upset" in out and "Mood: 5 of 10, tense; down 1, calmer" in out
    assert "== Debrief ==" in out and "Outcome: resolved" in out and "Score: 100/100" in out
    assert "Saved:" in out
    (rec,) = records(rec_dir)
    assert rec["kind"] == "rehearsal" and rec["scenario"] == "parcel-late" and rec["playbook"] == "rh-desk"
    assert rec["lang"] == "en" and rec["trainee"] == "Ana Kowalska"
    assert rec["complete"] is True and rec["outcome"] == "resolved" and rec["ending"] == "resolved"
    assert rec["score"] == 100 and rec["stages"] == {"listen": 100, "empathize": 100, "solve": 100, "document": 100}
    assert rec["redacted"] is True and rec["masked"] == 0 and rec["version"] == 3
    assert rec["started_at"] and rec["finished_at"] >= rec["started_at"]
    assert [t["choice"] for t in rec["transcript"]] == ["ask", "name", "options", "note"]
    md = next(rec_dir.glob("*.md"))
    text = md.read_text(encoding="utf-8")
    assert "# Rehearsal: The late birthday parcel" in text and "Ana Kowalska" in text and "**Pat Doe:**" in text
    for path in [md, *rec_dir.glob("*.json")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list((rec_dir / ".journal").glob("*.json"))  # the journal is gone once saved


def test_typed_replies_throughout(run, rec_dir):
    answers = (
        "- say: \"I'm so sorry it hasn't come. What happened?\"\n"
        '- say: "I can see how disappointing this is for a birthday."\n'
        '- say: "We can offer a courier tomorrow morning or a refund today. Which would you prefer?"\n'
        "- say: \"I'm writing it all down now and you'll get a copy. Anything to add?\"\n"
    )
    result = run(answers)
    assert result.exit_code == 0, result.output
    assert "You (own words): I can see how disappointing" in result.output
    assert "What helped:" in result.output
    (rec,) = records(rec_dir)
    assert rec["outcome"] == "resolved" and rec["score"] >= 90
    assert all(t["typed"] for t in rec["transcript"])
    assert rec["transcript"][1]["verdict"] == "de-escalating"
    empathy = [s for s in rec["transcript"][1]["signals"] if s["kind"] == "empathy"]
    assert empathy and empathy[0]["text"].startswith("I can see")


def test_dismissive_typed_replies_end_badly_and_count_escalating_signals(run, rec_dir):
    answers = '- say: "Calm down, that\'s our policy."\n- say: "Calm down or I\'ll call security."\n'
    result = run(answers)
    assert result.exit_code == 0, result.output
    assert "Harmful: minimising: “Calm down" in result.output and "Try instead:" in result.output
    (rec,) = records(rec_dir)
    assert rec["outcome"] in ("walked_out", "escalated") and rec["score"] == 0
    assert rec["escalating_signals"].count("minimizing") == 2 and "dismissal" in rec["escalating_signals"]


def test_polish_run_speaks_polish(run, rec_dir):
    answers = '- say: "Widzę, że to dla Pana bardzo trudne — co teraz najbardziej by pomogło?"\n- choice: name\n- choice: options\n- choice: note\n'
    result = run(answers, lang="pl")
    assert result.exit_code == 0, result.output
    assert "Paweł Nowak: Gdzie jest moja paczka?" in result.output
    assert "Nastrój: 6 na 10, zdenerwowanie" in result.output
    assert "== Omówienie ==" in result.output and "Wynik rozmowy: sprawa rozwiązana" in result.output
    assert "Zapisano:" in result.output
    (rec,) = records(rec_dir)
    assert rec["lang"] == "pl" and rec["outcome"] == "resolved"
    md = next(rec_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "# Ćwiczenie: Spóźniona paczka urodzinowa" in md and "Przebieg rozmowy" in md


def test_leftover_steps_are_ignored_with_a_warning(run, rec_dir):
    result = run(BEST + "- choice: ask\n- say: more\n")
    assert result.exit_code == 0
    assert "2 steps left" in result.stderr and "step 5, step 6" in result.stderr
    assert records(rec_dir)[0]["complete"] is True


def test_running_out_of_steps_saves_an_incomplete_record_and_exits_1(run, rec_dir):
    result = run("- choice: ask\n- choice: name\n")
    assert result.exit_code == 1
    assert "ran out of steps" in result.stderr
    assert "Debrief (incomplete rehearsal)" in result.output
    (rec,) = records(rec_dir)
    assert rec["complete"] is False and rec["outcome"] == "incomplete" and rec["ending"] is None
    assert len(rec["transcript"]) == 2 and rec["stages"] == {"listen": 100, "empathize": 100}
    assert not list((rec_dir / ".journal").glob("*.json"))


def test_unknown_choice_is_a_problem_in_the_file_with_the_line(run, rec_dir):
    result = run("- choice: ask\n- choice: nope\n")
    assert result.exit_code == 1
    assert "answers.yaml:2:" in result.stderr and "unknown choice 'nope'" in result.stderr and "name" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_answers_file_must_be_a_list_of_steps(run):
    result = run("ask: name\n")
    assert result.exit_code == 1 and "list of steps" in result.stderr
    result = run("- pick: ask\n")
    assert result.exit_code == 1 and "unknown step 'pick'" in result.stderr


def test_answers_need_a_scenario(run):
    result = run(BEST, scenario=None)
    assert result.exit_code == 2 and "name the scenario" in result.stderr


def test_missing_answers_file(runner, tmp_path):
    result = runner.invoke(app, ["-p", str(DATA), "rehearse", "parcel-late", "--answers", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "not found" in result.stderr


def test_unknown_scenario_names_the_available_ones(run):
    result = run(BEST, scenario="nope")
    assert result.exit_code == 1 and "parcel-late" in result.stderr


def test_without_a_terminal_points_to_answers(runner):
    result = runner.invoke(app, ["-p", str(DATA), "rehearse", "parcel-late"])
    assert result.exit_code == 2
    assert "--answers" in result.stderr


def test_identifiers_in_typed_replies_are_masked_unless_no_redact(run, rec_dir):
    answers = '- say: "Sorry! Could you email me at pat.doe@example.com or call +48 601 234 567? What happened?"\n'
    run(answers)
    (rec,) = records(rec_dir)
    reply = rec["transcript"][0]["reply"]
    assert "[email]" in reply and "[phone]" in reply and "example.com" not in json.dumps(rec)
    assert rec["masked"] == 2 and rec["redacted"] is True
    md = next(rec_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "pat.doe" not in md and "601 234" not in md
    for p in rec_dir.glob("*"):
        if p.is_file():
            p.unlink()
    run(answers, "--no-redact")
    (rec,) = records(rec_dir)
    assert "pat.doe@example.com" in rec["transcript"][0]["reply"] and rec["redacted"] is False and rec["masked"] == 0


def test_exam_mode_gives_feedback_only_at_the_end(run, rec_dir):
    result = run(BEST, "--exam")
    assert result.exit_code == 0
    live, _, debrief = result.output.partition("== Transcript ==")  # the debrief comes after the transcript
    assert "Feedback ·" not in live and "An apology and an open question." not in live
    assert "An apology and an open question." in debrief
    assert records(rec_dir)[0]["exam"] is True


def test_same_seed_same_run(run, rec_dir):
    run(BEST)
    run(BEST)
    a, b = records(rec_dir)
    assert [t["reaction"] for t in a["transcript"]] == [t["reaction"] for t in b["transcript"]]
    assert len(list(rec_dir.glob("*.json"))) == 2  # never overwritten


def test_interrupted_batch_run_can_be_resumed(run, rec_dir, monkeypatch, write):
    from empathy_cli.ui.scripted import ScriptedPrompter

    real_ask = ScriptedPrompter.ask

    def ask(self, question):
        if question.id == "solve":
            raise KeyboardInterrupt
        return real_ask(self, question)

    monkeypatch.setattr(ScriptedPrompter, "ask", ask)
    result = run('- choice: ask\n- say: "I can see how disappointing this is."\n- choice: options\n', "--trainee", "Ola")
    assert result.exit_code == 130
    assert "--resume" in result.output
    assert not records(rec_dir)
    (journal,) = (rec_dir / ".journal").glob("*.json")
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["kind"] == "rehearsal" and data["state"]["node"] == "solve" and len(data["history"]) == 2
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    monkeypatch.setattr(ScriptedPrompter, "ask", real_ask)

    result = run("- choice: options\n- choice: note\n", "--resume", scenario=None)
    assert result.exit_code == 0, result.output
    assert "Resuming the rehearsal after 2 replies." in result.output
    (rec,) = records(rec_dir)
    assert rec["outcome"] == "resolved" and rec["trainee"] == "Ola"
    assert [t["choice"] for t in rec["transcript"]] == ["ask", "name", "options", "note"]
    assert rec["transcript"][1]["typed"] is True
    assert not list((rec_dir / ".journal").glob("*.json"))


def test_resume_with_nothing_to_resume(run):
    result = run(None, "--resume", scenario=None)
    # no terminal and no answers: refused first; with answers: nothing to resume
    assert result.exit_code == 2
    result = run(BEST, "--resume", scenario=None)
    assert result.exit_code == 1 and "no unfinished rehearsal" in result.stderr


def test_template_is_a_runnable_answers_file_along_the_best_path(runner, run, rec_dir, write):
    result = runner.invoke(app, ["-p", str(DATA), "rehearse", "parcel-late", "--lang", "en", "--template"])
    assert result.exit_code == 0
    import yaml

    steps = yaml.safe_load(result.output)
    assert steps == [{"choice": "ask"}, {"choice": "name"}, {"choice": "options"}, {"choice": "note"}]
    assert "#   shrug: It's just a parcel, it's not a big deal." in result.output
    assert "The end: resolved (resolved)" in result.output
    assert run(result.output).exit_code == 0
    assert records(rec_dir)[0]["score"] == 100
    pl = runner.invoke(app, ["-p", str(DATA), "rehearse", "parcel-late", "--lang", "pl", "--template"])
    assert "Jeden krok na odpowiedź" in pl.output and "Paweł Nowak: Gdzie jest moja paczka?" in pl.output
    assert run("- choice: ask\n", "--template").exit_code == 2  # --template with --answers
    assert runner.invoke(app, ["-p", str(DATA), "rehearse", "--template"]).exit_code == 2


def test_help_lists_the_options(runner):
    result = runner.invoke(app, ["rehearse", "--help"])
    assert result.exit_code == 0
    for option in ("--answers", "--template", "--exam", "--trainee", "--out", "--no-redact", "--resume", "--seed", "--lang"):
        assert option in result.output


def test_markup_in_typed_words_is_shown_literally(run, rec_dir):
    result = run('- say: "[bold red]I am sorry[/] \\u001b[2J What happened?"\n')
    assert "[bold red]I am sorry[/]" in result.output
    assert "\x1b[2J" not in result.output and "\\x1b[2J" in result.output


def test_python_m_runs_a_batch_rehearsal(tmp_path, write):
    answers = write("a.yaml", BEST)
    env = {**current().env, "NO_COLOR": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "empathy_cli",
            "-p",
            str(DATA),
            "rehearse",
            "parcel-late",
            "--lang",
            "en",
            "--answers",
            str(answers),
            "--out",
            str(tmp_path / "r"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Outcome: resolved" in proc.stdout


def test_the_debrief_summary_comes_after_the_transcript(run):
    """On a 40-row terminal the summary must be what stays on screen: it is printed last."""
    out = run(BEST).output
    transcript, debrief = out.index("== Transcript =="), out.index("== Debrief ==")
    assert transcript < debrief < out.index("Saved")

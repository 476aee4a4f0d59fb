"""Issue 9 §2, §3, §8: special files, endless devices, deep JSON, huge numbers and
unreadable folders end in one line naming the thing, never a hang or an internal error."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.content.searchpath import discover

DATA = Path(__file__).resolve().parent.parent / "data"
fifo_ok = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(DATA / "minimal_playbook.yaml", folder / "good.yaml")
    return folder


@fifo_ok
@pytest.mark.parametrize("command", [["validate"], ["phrases", "refund"], ["check", "Calm down"], ["playbooks", "list"], ["scenarios", "list"]])
def test_fifo_and_dev_zero_in_a_content_folder_are_skipped_with_a_warning(run, content, command):
    os.mkfifo(content / "fifo.yaml")
    os.symlink("/dev/zero", content / "zero.yaml")
    result = run("--playbooks", str(content), *command)
    assert result.returncode in (0, 1), result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    lines = result.err.splitlines()
    assert sum("fifo.yaml" in line and "FIFO" in line for line in lines) == 1
    assert sum("zero.yaml" in line and "device" in line for line in lines) == 1


@fifo_ok
def test_validate_of_a_named_fifo_is_a_located_problem(run, content):
    os.mkfifo(content / "fifo.yaml")
    result = run("validate", str(content / "fifo.yaml"))
    assert result.returncode == 1
    assert f"{content / 'fifo.yaml'}:1:1: not a regular file (FIFO)" in result.out


def test_dev_zero_as_answers_is_refused(run):
    result = run("encounter", "aesthetic-clinic", "--answers", "/dev/zero")
    assert result.returncode == 1
    assert result.err.count("\n") == 1 and "/dev/zero" in result.err and "not a regular file" in result.err


def test_dev_zero_on_standard_input_is_read_with_a_cap(run):
    with open("/dev/zero", "rb") as zero:
        check = run("check", "-", stdin=zero)
    assert check.returncode == 2 and "too long" in check.err and check.err.count("\n") == 1
    with open("/dev/zero", "rb") as zero:
        answers = run("encounter", "aesthetic-clinic", "--answers", "-", stdin=zero)
    assert answers.returncode == 1 and "too large" in answers.err and answers.err.count("\n") == 1


def test_answers_from_a_pipe_still_work(run, cli, tmp_path):
    """`--answers <(…)`: a pipe the user names is read (with the cap), unlike content."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    import threading

    pipe = tmp_path / "answers.pipe"
    os.mkfifo(pipe)
    text = (DATA / "encounter" / "test-clinic.yaml").read_text()
    del text  # the playbook; answers come from the template below
    template = cli("--playbooks", str(DATA / "encounter"), "encounter", "test-clinic", "--template").out
    filled = template.replace('concern: ""', 'concern: "Uneven"').replace('location: ""', "location: desk").replace('outcome: ""', "outcome: resolved")

    def writer() -> None:
        with open(pipe, "w") as fh:
            fh.write(filled)

    thread = threading.Thread(target=writer)
    thread.start()
    result = run("--playbooks", str(DATA / "encounter"), "encounter", "test-clinic", "--answers", str(pipe), "--out", str(tmp_path / "r"))
    thread.join()
    assert result.returncode == 0, result.err


@fifo_ok
@pytest.mark.parametrize("command", [["log", "list"], ["log", "export", "--format", "json"], ["report"], ["encounter", "--resume"]])
def test_special_and_deep_files_in_the_records_folder(run, tmp_path, command):
    records = tmp_path / "records"
    (records / ".journal").mkdir(parents=True, mode=0o700)
    os.chmod(records, 0o700)
    os.mkfifo(records / "fifo.json")
    os.symlink("/dev/zero", records / "zero.json")
    (records / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (records / "deepish.json").write_text('{"kind": "rehearsal", "x": ' + "[" * 500 + "]" * 500 + "}")
    os.mkfifo(records / ".journal" / "fifo.json")
    (records / ".journal" / "deep.json").write_text("{" + '"a":{' * 5000 + "}" * 5001)
    args = [*command, str(records)] if command == ["report"] else [*command, "--out", str(records)]
    if command[0] == "encounter":
        args += ["--answers", str(DATA / "minimal_playbook.yaml")]
    result = run(*args)
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert result.returncode in (0, 1)
    for line in result.err.splitlines():  # warnings and plain notices, one line each
        assert line.startswith(("empathy: ", "No ")) or not line.strip(), line
    if command[0] in ("log", "report"):
        assert "fifo.json" in result.err and "zero.json" in result.err and "deep.json" in result.err
    if command[0] == "log" and command[1] == "export":
        assert json.loads(result.out) == []


def test_a_5000_digit_integer_is_a_located_problem(cli, tmp_path, content):
    big = "9" * 5000
    text = (content / "good.yaml").read_text().replace("id: minimal", "id: big") + f"\nextra_number: {big}\n"
    (content / "big.yaml").write_text(text)
    result = cli("validate", str(content / "big.yaml"))
    assert result.returncode == 1
    assert f"{content / 'big.yaml'}:" in result.out and "number is too long" in result.out
    assert "internal error" not in result.err
    # In a --playbooks folder it no longer breaks every command: the file is skipped.
    listed = cli("--playbooks", str(content), "playbooks", "list")
    assert listed.returncode == 0 and "big.yaml" in listed.err and "internal error" not in listed.err


def test_an_unreadable_content_subfolder_is_one_warning(tmp_path, monkeypatch, capsys):
    root = tmp_path / "c"
    (root / "locked").mkdir(parents=True)
    (root / "a.yaml").write_text("x: 1")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert [p.name for p in discover(root)] == ["a.yaml"]
    assert [p.name for p in discover(root)] == ["a.yaml"]
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "locked" in err[0] and "Permission denied" in err[0]


def test_150000_duplicate_ids_in_an_answers_file_are_refused(runner, tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("concern: x\nemotions: [" + ", ".join(["frustration"] * 150_000) + "]\n")
    result = runner.invoke(app, ["encounter", "aesthetic-clinic", "--answers", str(answers), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert "too many values" in result.output and str(answers) in result.output
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("*.json"))


def test_a_damaged_encounter_journal_is_a_clean_message(runner, tmp_path):
    records = tmp_path / "r"
    (records / ".journal").mkdir(parents=True, mode=0o700)
    os.chmod(records, 0o700)
    bad = {"kind": "encounter", "session": "s1", "playbook": "aesthetic-clinic", "lang": "en", "history": 5, "answers": [1, 2], "position": 7}
    (records / ".journal" / "s1.json").write_text(json.dumps(bad))
    result = runner.invoke(app, ["encounter", "--resume", "s1", "--answers", str(DATA / "minimal_playbook.yaml"), "--out", str(records)])
    assert result.exit_code == 1
    assert "s1.json is damaged" in result.output and "internal error" not in result.output


@pytest.mark.parametrize("value", ["!!int", "!!float ''", "!!bool"])
def test_an_empty_typed_value_in_content_is_a_located_problem(cli, content, value):
    """Found by the YAML property tests: PyYAML's own constructors raise IndexError or
    KeyError on an empty "!!int", "!!float" or "!!bool" (an internal error before)."""
    text = (content / "good.yaml").read_text().replace("id: minimal", "id: empty-typed") + f"\nextra: {value}\n"
    (content / "typed.yaml").write_text(text)
    line = text.count("\n")
    result = cli("validate", str(content / "typed.yaml"))
    assert result.returncode == 1, result.err
    assert f"{content / 'typed.yaml'}:{line}:" in result.out and "bad value" in result.out
    assert "internal error" not in result.err + result.out
    listed = cli("--playbooks", str(content), "playbooks", "list")  # skipped, named, never fatal
    assert listed.returncode == 0 and "typed.yaml" in listed.err and "internal error" not in listed.err


@pytest.mark.parametrize("answers", ["concern:\n- []\n", "concern: x\nemotions: [frustration, [x], {a: 1}]\n", "concern: x\nemotions:\n- - - frustration\n"])
def test_nested_lists_in_an_answers_file_are_a_located_problem(cli, tmp_path, answers):
    """Found by the answers-file property tests: a list inside a list answer gave an
    internal error (TypeError: unhashable type) instead of naming the answer."""
    path = tmp_path / "answers.yaml"
    path.write_text(answers)
    result = cli("encounter", "aesthetic-clinic", "--answers", str(path), "--out", str(tmp_path / "r"))
    assert result.returncode == 1, result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    (line,) = result.err.splitlines()
    assert line.startswith(f"empathy: error: {path}")


def _interrupted_rehearsal(runner, monkeypatch, records: Path) -> tuple[Path, Path]:
    """A real rehearsal journal (stopped after two replies) and the steps that finish it."""
    import yaml

    from empathy_cli.ui.scripted import ScriptedPrompter

    steps = yaml.safe_load(runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout)
    first, rest = records.parent / "first.yaml", records.parent / "rest.yaml"
    first.write_text(yaml.safe_dump(steps))
    rest.write_text(yaml.safe_dump(steps[2:]))
    real_ask = ScriptedPrompter.ask

    def ask(self, question):
        if len(self.asked) >= 2:
            raise KeyboardInterrupt
        return real_ask(self, question)

    with monkeypatch.context() as patch:
        patch.setattr(ScriptedPrompter, "ask", ask)
        assert runner.invoke(app, ["rehearse", "delayed-appointment", "--answers", str(first), "--out", str(records)]).exit_code == 130
    (journal,) = (records / ".journal").glob("*.json")
    return journal, rest


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda j: j["history"][0].update(transcript="[]"), "turn is not a mapping"),
        (lambda j: j["state"]["transcript"][0].update(reply=5), "'reply'"),
        (lambda j: j["state"]["transcript"][0].update(score="nine"), "'score'"),
        (lambda j: j["state"]["transcript"][0].update(client=None), "'client'"),
        (lambda j: j["state"]["transcript"][0].update(stage="banana"), "unknown stage"),
        (lambda j: j["state"]["transcript"][0].update(signals=[{"kind": 1}]), "'signals'"),
        (lambda j: j["state"].update(mood=float("inf")), "damaged journal"),
    ],
)
def test_a_damaged_rehearsal_journal_is_a_clean_message(runner, monkeypatch, tmp_path, damage, reason):
    """Found by the journal property tests: a turn of the wrong shape or type in a rehearsal
    journal gave an internal error (AttributeError when resuming; TypeError or KeyError
    when the record was written). Now the resume says the journal is damaged, and why."""
    records = tmp_path / "r"
    journal, rest = _interrupted_rehearsal(runner, monkeypatch, records)
    data = json.loads(journal.read_text())
    damage(data)
    journal.write_text(json.dumps(data))
    result = runner.invoke(app, ["rehearse", "--resume", "--answers", str(rest), "--out", str(records)])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert "cannot resume" in line and reason in line
    assert not list(records.glob("*.json"))  # nothing half-made was saved


def test_an_undamaged_rehearsal_journal_still_resumes(runner, monkeypatch, tmp_path):
    records = tmp_path / "r"
    journal, rest = _interrupted_rehearsal(runner, monkeypatch, records)
    result = runner.invoke(app, ["rehearse", "--resume", "--answers", str(rest), "--out", str(records)])
    assert result.exit_code == 0, result.output
    (saved,) = records.glob("*.json")
    assert len(json.loads(saved.read_text())["transcript"]) > 2

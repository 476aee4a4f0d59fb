"""Fair exams: no undo and no hint in --exam (asking says why, in the engine, the terminal
and an answers file); practice records count undos and hints; records say whether they
were exams; `report` shows the counts and filters on the mode; old records still load."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from empathy_cli import i18n
from empathy_cli.cli.app import app
from empathy_cli.coach.prompter import Cancelled, GoBack, Message
from empathy_cli.coach.rehearsal import Rehearsal
from empathy_cli.localtext import Text
from empathy_cli.records import report as core
from empathy_cli.ui.interactive import InteractivePrompter
from rehearsal_support import FakePrompter as Prompter
from rehearsal_support import make

DATA = Path(__file__).parent / "data" / "rehearse"
TRAINER = Path(__file__).parent / "data" / "trainer" / "records"
ENTER, DOWN = "\r", "\x1b[B"
BEST = "- choice: ask\n- choice: name\n- choice: options\n- choice: note\n"


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of(DATA)


# --------------------------------------------------------------------------- the engine


@pytest.mark.parametrize(
    "lang, no_undo, no_hint",
    [
        ("en", "This is an exam: there is no going back", "This is an exam: there are no hints"),
        ("pl", "To egzamin: nie można się cofnąć", "To egzamin: nie ma podpowiedzi"),
    ],
)
def test_an_exam_has_no_undo_and_no_hint_and_says_why(lib, lang, no_undo, no_hint):
    r = make(lib, lang=lang, exam=True)
    p = Prompter(["ask", GoBack, "name"])
    with pytest.raises(Cancelled):
        r.run(p)
    assert [t.choice for t in r.state.transcript] == ["ask", "name"]  # the back was refused
    assert any(m.kind == "warning" and m.lines[0] == Text("rehearse.exam.no_undo") for m in p.shown)
    q = p.questions[1]
    assert not q.allow_back and q.hints == [] and q.on_hint is None
    assert q.no_back == Text("rehearse.exam.no_undo") and q.no_hint == Text("rehearse.exam.no_hint")
    # In the trainee's language:
    assert i18n.render(q.no_back, lang).startswith(no_undo) and i18n.render(q.no_hint, lang).startswith(no_hint)
    assert q.check_typed("hint") == Text("rehearse.exam.no_hint")  # typing it says why too
    assert q.check_typed("podpowiedź" if lang == "pl" else "back") == Text("rehearse.exam.no_hint" if lang == "pl" else "rehearse.exam.no_undo")
    rec = r.record()
    assert rec["exam"] is True and rec["mode"] == "exam" and rec["undos"] == 0 and rec["hints"] == 0


def test_practice_counts_undos_and_hints_and_keeps_them_on_resume(lib):
    r = make(lib)
    p = Prompter(["HINT", "policy", GoBack, "ask", "HINT", "HINT", "name"])
    with pytest.raises(Cancelled):
        r.run(p)
    assert (r.undos, r.hints_used) == (1, 3)
    rec = r.record()
    assert rec["mode"] == "practice" and rec["exam"] is False and (rec["undos"], rec["hints"]) == (1, 3)
    again = Rehearsal.resume(r.scenario, r.playbook, json.loads(json.dumps(r.snapshot())))
    assert (again.undos, again.hints_used) == (1, 3)
    old = {k: v for k, v in r.snapshot().items() if k not in ("undos", "hints")}  # a journal from before
    assert Rehearsal.resume(r.scenario, r.playbook, old).undos == 0


# --------------------------------------------------------------------------- the terminal


def ask(question, keys: str):
    with create_pipe_input() as inp:
        inp.send_text(keys)
        p = InteractivePrompter(input=inp, output=DummyOutput())
        shown: list[Message] = []
        p.show = shown.append  # type: ignore[method-assign]
        return p.ask(question), shown


def test_terminal_exam_keeps_back_and_hint_entries_that_say_why(lib):
    r = make(lib, exam=True)
    r.reply("ask")
    q = r.question()
    # ask, policy… no: the feeling node lists name, shrug, ok; then own words, Hint, Back
    answer, shown = ask(q, DOWN * 5 + ENTER + DOWN * 4 + ENTER + ENTER)
    assert answer == "name"
    warnings = [m.lines[0] for m in shown if m.kind == "warning"]
    assert warnings[0].startswith("This is an exam: there is no going back")
    assert warnings[1].startswith("This is an exam: there are no hints")


def test_terminal_practice_hint_is_counted_and_a_typed_non_answer_is_asked_again(lib):
    r = make(lib)
    q = r.question()
    # start lists ask, policy, number; then own words, Hint. Hint → shown; then own words "ok" → refused; then "hint" typed → shown
    keys = DOWN * 4 + ENTER + DOWN * 3 + ENTER + "ok" + ENTER + DOWN * 3 + ENTER + "hint" + ENTER + ENTER
    answer, shown = ask(q, keys)
    assert answer == "ask"
    assert [m.kind for m in shown] == ["phrases", "warning", "phrases"]
    assert "not scored" in shown[1].lines[0]
    assert r.hints_used == 2


# --------------------------------------------------------------------------- records and report


@pytest.fixture
def rehearse(runner, tmp_path, write):
    def _run(answers: str, *args: str, lang: str = "en"):
        argv = ["-p", str(DATA), "rehearse", "parcel-late", "--lang", lang, "--out", str(tmp_path / "records"), "--seed", "1"]
        return runner.invoke(app, argv + ["--answers", str(write("answers.yaml", answers)), *args])

    return _run


def test_exam_record_says_so_in_json_and_markdown(rehearse, tmp_path):
    assert rehearse(BEST, "--exam", "--trainee", "Ana").exit_code == 0
    assert rehearse(BEST, "--trainee", "Ana", lang="pl").exit_code == 0
    recs = sorted((json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "records").glob("*.json")), key=lambda r: r["lang"])
    assert [(r["lang"], r["mode"], r["exam"], r["undos"], r["hints"]) for r in recs] == [("en", "exam", True, 0, 0), ("pl", "practice", False, 0, 0)]
    md = {p.read_text(encoding="utf-8").split("\n")[0]: p.read_text(encoding="utf-8") for p in (tmp_path / "records").glob("*.md")}
    en = next(v for k, v in md.items() if k.startswith("# Rehearsal"))
    pl = next(v for k, v in md.items() if k.startswith("# Ćwiczenie"))
    assert "**Mode:** exam (feedback at the end)" in en
    assert "**Tryb:** trening" in pl and "**Pomoc:** 0 cofnięć, 0 podpowiedzi" in pl


def record(trainee: str, exam: bool, undos: int = 0, hints: int = 0, unsure: int = 0, score: int = 70) -> dict:
    return {
        "kind": "rehearsal",
        "scenario": "parcel-late",
        "lang": "en",
        "trainee": trainee,
        "complete": True,
        "score": score,
        "stages": {"listen": score},
        "outcome": "resolved",
        "exam": exam,
        "mode": "exam" if exam else "practice",
        "undos": undos,
        "hints": hints,
        "unsure_replies": unsure,
        "escalating_signals": [],
        "transcript": [],
    }


@pytest.fixture
def folder(tmp_path) -> Path:
    out = tmp_path / "recs"
    out.mkdir()
    for i, rec in enumerate(
        [record("Ana", False, undos=2, hints=3), record("Ana", False, hints=1, unsure=1), record("Ana", True, score=90), record("Ben", True, score=40)]
    ):
        (out / f"r{i}.json").write_text(json.dumps(rec), encoding="utf-8")
    return out


def test_report_shows_exams_undos_hints_and_unsure(runner, folder):
    data = json.loads(runner.invoke(app, ["report", str(folder), "--json"]).stdout)
    (sc,) = data["scenarios"]
    assert (sc["exams"], sc["practice"], sc["undos"], sc["hints"], sc["unsure"]) == (2, 2, 2, 4, 1)
    ana = next(t for t in data["trainees"] if t["trainee"] == "Ana")
    assert (ana["exams"], ana["undos"], ana["hints"]) == (1, 2, 4)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["report", str(folder), "--csv"]).stdout)))
    ana_row = next(r for r in rows if r["trainee"] == "Ana")
    assert (ana_row["exams"], ana_row["practice"], ana_row["undos"], ana_row["hints"], ana_row["unsure"]) == ("1", "2", "2", "4", "1")
    table = runner.invoke(app, ["report", str(folder)]).stdout
    head = next(x for x in table.splitlines() if x.lstrip().startswith("scenario"))
    assert head.split()[-7:-3] == ["exams", "undos", "hints", "unsure"]  # then "escalating signals", "outcomes"
    line = next(x for x in table.splitlines() if x.startswith("parcel-late"))
    assert line.split()[1:9] == ["4", "67.5", "90", "67.5", "2", "2", "4", "1"]
    pl = runner.invoke(app, ["--lang", "pl", "report", str(folder)]).stdout
    assert "egzaminy" in pl and "cofnięcia" in pl and "podpowiedzi" in pl


def test_report_filters_exams_and_practice(runner, folder):
    exams = json.loads(runner.invoke(app, ["report", str(folder), "--json", "--exam"]).stdout)
    assert exams["count"] == 2 and exams["filters"]["mode"] == "exam" and exams["scenarios"][0]["mean_score"] == 65.0
    practice = json.loads(runner.invoke(app, ["report", str(folder), "--json", "--practice", "--trainee", "ana"]).stdout)
    assert practice["count"] == 2 and practice["filters"]["mode"] == "practice" and practice["trainees"][0]["hints"] == 4
    none = runner.invoke(app, ["report", str(folder), "--exam", "--trainee", "Nobody"])
    assert none.exit_code == 0 and "(--trainee Nobody, --exam)" in none.stderr


def test_old_records_count_as_practice_with_no_help_used(runner):
    data = json.loads(runner.invoke(app, ["report", str(TRAINER), "--json"]).stdout)
    assert data["count"] == 7
    for group in data["scenarios"] + data["trainees"]:
        assert group["exams"] == 0 and group["undos"] == 0 and group["hints"] == 0 and group["unsure"] == 0
    assert json.loads(runner.invoke(app, ["report", str(TRAINER), "--json", "--practice"]).stdout)["count"] == 7


def test_parse_record_reads_modes_and_counts_defensively():
    path = Path("x.json")
    a = core.parse_record({**record("A", True), "undos": 5}, path)
    assert a.exam is True and a.undos == 0  # an exam has no undo, whatever the file says
    b = core.parse_record({**record("A", False), "undos": -1, "hints": "3", "unsure_replies": True}, path)
    assert (b.exam, b.undos, b.hints, b.unsure) == (False, 0, 0, 0)
    c = core.parse_record(
        {k: v for k, v in record("A", False).items() if k not in ("mode", "exam", "unsure_replies")} | {"transcript": [{"unsure": True}, {}]}, path
    )
    assert (c.exam, c.unsure) == (False, 1)
    assert core.parse_record({**record("A", False), "exam": None, "mode": "exam"}, path).exam is True


def test_log_lists_new_and_old_rehearsal_records(runner, rehearse, tmp_path):
    import shutil

    assert rehearse(BEST, "--exam").exit_code == 0
    shutil.copy(TRAINER / "anna-1.json", tmp_path / "records" / "anna-1.json")  # written before modes and counts
    result = runner.invoke(app, ["log", "list", "--json", "--kind", "rehearsal", "--out", str(tmp_path / "records")])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2 and "damaged" not in result.stderr

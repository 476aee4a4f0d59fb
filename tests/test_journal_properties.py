"""Journals and records, tested in the field's own way: Hypothesis damages them.

An unfinished encounter or rehearsal leaves a journal (``.journal/<session>.json``) in the
records folder; a finished one leaves a record. Starting from real ones (written by the
engines and the CLI), Hypothesis replaces, deletes and retypes values anywhere in them,
truncates them, or writes random JSON or bytes instead. Whatever it writes, `encounter
--resume`, `rehearse --resume`, `log list`, `log export` and `report` end with exit 0, 1,
2 or 130 and at most one-line messages: never an internal error, never a traceback.

The commands run through Typer's CliRunner with EMPATHY_DEBUG=1, so a bug would surface as
the exception itself rather than as the one-line "internal error" message.
"""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathy_cli.cli.app import app

SETTINGS = settings(
    max_examples=100 * settings.default.max_examples // 100,  # 100 under the CI profile (conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
REPO = Path(__file__).resolve().parent.parent
PB = ["--playbooks", str(REPO / "tests" / "data" / "encounter")]
SESSION = "20261123-141502-abcdef"
ENCOUNTER_ANSWERS = {
    "concern": "The result looks uneven. Call me on 601 234 567.",
    "wants": "a correction",
    "emotions": ["frustration"],
    "phrases_used": ["empathize-1"],
    "options_offered": ["review", "refund"],
    "option_accepted": "review",
    "location": "reception",
    "outcome": "resolved",
}


def run_ok(runner, *args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output


def encounter_journal(folder: Path) -> dict[str, Any]:
    """A real journal: an encounter stopped with Ctrl-C half way, kept for --resume."""
    from empathy_cli.app.encounter import renderer
    from empathy_cli.coach.encounter import Encounter
    from empathy_cli.coach.prompter import Cancelled
    from empathy_cli.content.loader import load_file
    from empathy_cli.records.store import RecordStore
    from empathy_cli.ui.scripted import ScriptedPrompter

    class StopHalfWay(ScriptedPrompter):
        def ask(self, question):
            if question.id == "options_offered":
                raise Cancelled()
            if question.id == "save_incomplete":
                return False
            return super().ask(question)

    store = RecordStore(folder)
    pb = load_file(REPO / "tests" / "data" / "encounter" / "test-clinic.yaml").content
    from empathy_cli.coach.prompter import Interrupted

    try:  # the engine journals every answer, then says it was interrupted
        Encounter(pb, StopHalfWay(dict(ENCOUNTER_ANSWERS)), render=renderer(pb), session=SESSION, journal=lambda s: store.journal(SESSION, s)).run()
    except Interrupted:
        pass
    path = folder / ".journal" / f"{SESSION}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    assert data["kind"] == "encounter" and data["answers"]
    return data


def rehearsal_journal(runner, folder: Path, monkeypatch) -> dict[str, Any]:
    """A real journal: a scripted rehearsal interrupted at its third reply."""
    from empathy_cli.ui.scripted import ScriptedPrompter

    steps = folder.parent / "steps.yaml"
    steps.write_text(runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout, encoding="utf-8")
    real_ask = ScriptedPrompter.ask

    def ask(self, question):
        if len(self.asked) >= 2:
            raise KeyboardInterrupt
        return real_ask(self, question)

    with monkeypatch.context() as patch:
        patch.setattr(ScriptedPrompter, "ask", ask)
        result = runner.invoke(app, ["rehearse", "delayed-appointment", "--answers", str(steps), "--out", str(folder)])
    assert result.exit_code == 130, result.output
    (path,) = (folder / ".journal").glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    assert data["kind"] == "rehearsal" and data["history"]
    return data


def real_records(runner, folder: Path) -> list[dict[str, Any]]:
    """Two real records: a finished encounter and a finished rehearsal."""
    answers = folder.parent / "answers.yaml"
    answers.write_text(yaml.safe_dump(ENCOUNTER_ANSWERS), encoding="utf-8")
    run_ok(runner, *PB, "encounter", "test-clinic", "--answers", str(answers), "--out", str(folder))
    steps = folder.parent / "steps.yaml"
    steps.write_text(runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout, encoding="utf-8")
    run_ok(runner, "rehearse", "delayed-appointment", "--answers", str(steps), "--out", str(folder))
    found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    for p in folder.glob("*.*"):
        if p.is_file():
            p.unlink()
    assert sorted(r["kind"] for r in found) == ["encounter", "rehearsal"]
    return found


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["", "encounter", "rehearsal", "en", "pl", "test-clinic", "delayed-appointment", SESSION, "2026-11-23T14:15:02+01:00", "resolved"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8,
)


def places(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in a JSON document, the document's own keys first."""
    out: list[tuple[Any, Any]] = []
    todo = [doc]
    while todo:
        node = todo.pop(0)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            out.append((node, key))
            todo.append(value)
    return out


@st.composite
def damaged(draw, doc: dict[str, Any]) -> bytes:
    """`doc` with a few values replaced, deleted or retyped anywhere in it."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 4))):
        spots = places(doc)
        if not spots:
            break
        container, key = draw(st.sampled_from(spots))
        action = draw(st.sampled_from(["replace", "replace", "delete", "wrap", "stringify"]))
        if action == "replace":
            container[key] = draw(JSON_VALUES)
        elif action == "delete":
            del container[key]
        elif action == "wrap":
            container[key] = [container[key]] if draw(st.booleans()) else {"x": container[key]}
        else:
            container[key] = json.dumps(container[key])
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def truncated(draw, doc: dict[str, Any]) -> bytes:
    data = json.dumps(doc).encode("utf-8")
    return data[: draw(st.integers(0, len(data)))]


def contents(docs: list[dict[str, Any]]) -> st.SearchStrategy[bytes]:
    return st.one_of(
        *(damaged(d) for d in docs),
        *(truncated(d) for d in docs),
        JSON_VALUES.map(lambda v: json.dumps(v).encode("utf-8")),
        st.binary(max_size=200),
    )


def check_outcome(result, where: str) -> None:
    """Exit 0, 1, 2 or 130; a failure is said in a line; no exception escaped."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{where}: {type(exc).__name__}: {exc}"
    assert result.exit_code in (0, 1, 2, 130), (where, result.exit_code, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output, (where, result.output)
    if result.exit_code in (1, 2):
        assert any(line.startswith(("empathy: error:", "empathy: warning:")) or "Error:" in line for line in result.stderr.splitlines()), (where, result.stderr)


@pytest.fixture(scope="module")
def originals(tmp_path_factory) -> dict[str, Any]:
    """Real journals and records, written once for the module."""
    import os

    from typer.testing import CliRunner

    runner = CliRunner()
    monkeypatch = pytest.MonkeyPatch()
    base = tmp_path_factory.mktemp("originals")
    monkeypatch.setenv("EMPATHY_HOME", str(base / "home"))
    monkeypatch.setenv("EMPATHY_CACHE", str(base / "cache"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("EMPATHY_LANG", "EMPATHY_RECORDS", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    try:
        folder = base / "records"
        found = {
            "encounter": encounter_journal(folder),
            "rehearsal": rehearsal_journal(runner, folder, monkeypatch),
            "records": real_records(runner, folder),
        }
    finally:
        monkeypatch.undo()
    assert os.environ.get("EMPATHY_HOME") != str(base / "home")
    return found


def fresh_folder(base: Path) -> Path:
    folder = Path(tempfile.mkdtemp(dir=base))
    (folder / ".journal").mkdir(mode=0o700)
    folder.chmod(0o700)
    return folder


def test_the_originals_resume_and_list_cleanly(runner, originals, tmp_path, monkeypatch):
    """The real journals resume and the real records list: the damaged variants below start
    from working files, so what they prove is about the damage."""
    monkeypatch.setenv("EMPATHY_DEBUG", "1")
    rest = tmp_path / "rest.yaml"
    rest.write_text(yaml.safe_dump(ENCOUNTER_ANSWERS), encoding="utf-8")
    folder = fresh_folder(tmp_path)
    (folder / ".journal" / f"{SESSION}.json").write_text(json.dumps(originals["encounter"]), encoding="utf-8")
    result = runner.invoke(app, [*PB, "encounter", "--resume", SESSION, "--answers", str(rest), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    assert json.loads(next(folder.glob("*.json")).read_text(encoding="utf-8"))["session"] == SESSION
    steps = tmp_path / "steps.yaml"  # the journal holds the template's first two steps
    template = yaml.safe_load(runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout)
    steps.write_text(yaml.safe_dump(template[2:]), encoding="utf-8")
    (folder / ".journal" / f"{SESSION}.json").write_text(json.dumps(originals["rehearsal"]), encoding="utf-8")
    result = runner.invoke(app, ["rehearse", "--resume", "--answers", str(steps), "--out", str(folder)])
    assert "Resuming the rehearsal after 2 replies." in result.output
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["log", "list", "--json", "--out", str(folder)])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 2


def test_any_journal_content_ends_cleanly(runner, originals, tmp_path, monkeypatch):
    monkeypatch.setenv("EMPATHY_DEBUG", "1")
    rest = tmp_path / "rest.yaml"
    rest.write_text(yaml.safe_dump(ENCOUNTER_ANSWERS), encoding="utf-8")
    steps = tmp_path / "steps.yaml"  # what follows the journal's two replies: a resumed run can finish
    template = yaml.safe_load(runner.invoke(app, ["rehearse", "delayed-appointment", "--template"]).stdout)
    steps.write_text(yaml.safe_dump(template[2:]), encoding="utf-8")

    @SETTINGS
    @given(blob=contents([originals["encounter"], originals["rehearsal"]]))
    def run(blob: bytes) -> None:
        folder = fresh_folder(tmp_path)
        journal = folder / ".journal" / f"{SESSION}.json"
        for args in (
            [*PB, "encounter", "--resume", "--answers", str(rest), "--out", str(folder)],
            [*PB, "encounter", "--resume", SESSION, "--answers", str(rest), "--out", str(folder)],
            ["rehearse", "--resume", "--answers", str(steps), "--out", str(folder)],
            ["log", "list", "--out", str(folder)],
            ["report", str(journal)],
        ):
            journal.write_bytes(blob)
            check_outcome(runner.invoke(app, args), f"{args[-3:]} with {blob[:400]!r}")

    run()


def test_any_record_content_ends_cleanly(runner, originals, tmp_path, monkeypatch):
    monkeypatch.setenv("EMPATHY_DEBUG", "1")

    @SETTINGS
    @given(blob=contents(originals["records"]))
    def run(blob: bytes) -> None:
        folder = fresh_folder(tmp_path)
        (folder / "20261123-141502-rehearsal-x.json").write_bytes(blob)
        (folder / "20261123-141502-rehearsal-x.md").write_text("# x\n", encoding="utf-8")
        for args in (
            ["log", "list", "--out", str(folder)],
            ["log", "list", "--json", "--out", str(folder)],
            ["log", "export", "--out", str(folder)],
            ["log", "show", "20261123", "--out", str(folder)],
            ["report", str(folder)],
            ["report", "--json", str(folder)],
        ):
            check_outcome(runner.invoke(app, args), f"{args[:2]} with {blob[:400]!r}")

    run()

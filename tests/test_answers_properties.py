"""Answers files, tested in the field's own way: Hypothesis writes the files.

Whatever an answers file holds — generated YAML of the right or the wrong shape, a valid
`--template` output damaged at random, YAML-ish noise or random bytes — `encounter
--answers`, `rehearse --answers` and `drill --answers` finish with exit 0, 1 or 2, and a
failure is one line on stderr: never an internal error, never a traceback.

The commands run through Typer's CliRunner with EMPATHY_DEBUG=1, so a bug would surface as
the exception itself rather than as the one-line "internal error" message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from empathy_cli.cli.app import app

REPO = Path(__file__).resolve().parent.parent
# YAML-ish noise: the characters and pieces YAML's grammar turns on.
YAMLISH = st.lists(
    st.sampled_from(
        list("ab1 0.:-[]{},#&*!|>'\"%@`?~\n\t\\\x00\x85\u202e\ufeffé")
        + ["!!str ", "!!int ", "!!bool ", "!!python/object ", "!!set ", "&a ", "*a", "<<: ", "---\n", "- ", ": ", "say: ", "choice: ", "9" * 50]
    ),
    max_size=30,
).map("".join)

SETTINGS = settings(
    max_examples=120 * settings.default.max_examples // 100,  # 120 under the CI profile (conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
NOW = "2026-11-23T10:00:00+01:00"
PB = ["--playbooks", str(REPO / "tests" / "data" / "encounter")]

COMMANDS = {
    "encounter": [*PB, "encounter", "test-clinic"],
    "rehearse": ["rehearse", "delayed-appointment"],
    "drill": ["drill", "--seed", "1", "--minutes", "2"],
}


def template(runner, name: str) -> str:
    args = COMMANDS[name]
    result = runner.invoke(app, [*args, "--template"], env={"EMPATHY_NOW": NOW})
    assert result.exit_code == 0, result.output
    return result.stdout


def ids_in(text: str) -> list[str]:
    """Question and option ids a template names (keys and `#   id: label` lines)."""
    found = set(re.findall(r"^#\s+([a-z0-9][a-z0-9_.-]*):", text, re.M)) | set(re.findall(r"^([a-z][a-z0-9_-]*):", text, re.M))
    found |= set(re.findall(r"^- (?:choice|say): \"?([a-z0-9-]+)", text, re.M))
    return sorted(found) or ["x"]


SCALAR_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)


def values(ids: list[str]) -> st.SearchStrategy:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True), SCALAR_TEXT, st.sampled_from(ids))
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(["say", "choice", "answer", *ids]), SCALAR_TEXT), inner, max_size=3),
        ),
        max_leaves=12,
    )


def documents(ids: list[str]) -> st.SearchStrategy:
    """Data of the right shapes (a mapping of question ids, a list of steps) and wrong ones."""
    value = values(ids)
    step = st.one_of(
        st.fixed_dictionaries({"choice": st.one_of(st.sampled_from(ids), value)}),
        st.fixed_dictionaries({"say": st.one_of(SCALAR_TEXT, value)}),
        value,
    )
    return st.one_of(st.dictionaries(st.one_of(st.sampled_from(ids), SCALAR_TEXT), value, max_size=8), st.lists(step, max_size=8), value)


@st.composite
def damaged(draw, text: str) -> str:
    """A valid template with a few random cuts, insertions and swapped lines."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["cut", "insert", "swap", "truncate"]))
        if action == "cut":
            del lines[i]
        elif action == "insert":
            lines.insert(i, draw(YAMLISH) + "\n")
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines = lines[: i + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return "".join(lines)


def contents(runner, name: str) -> st.SearchStrategy[bytes]:
    text = template(runner, name)
    ids = ids_in(text)
    dumped = documents(ids).map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8"))
    return st.one_of(
        dumped,
        damaged(text).map(lambda t: t.encode("utf-8")),
        YAMLISH.map(lambda t: t.encode("utf-8")),
        st.binary(max_size=300),
    )


def check_outcome(result, where: str) -> None:
    """Exit 0, 1 or 2; a failure is one clean line on stderr; no exception escaped."""
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{where}: {type(exc).__name__}: {exc}"
    assert result.exit_code in (0, 1, 2), (where, result.exit_code, result.output)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    if result.exit_code:
        # Said in a line of its own: an error, or the warning of a run saved as incomplete.
        said = [line for line in result.stderr.splitlines() if line.startswith(("empathy: error:", "empathy: warning:")) or "Error:" in line]
        assert said, (where, result.stderr)


@pytest.mark.parametrize(
    "name, blob",
    [
        ("encounter", b"concern:\n- []\n"),  # found by the property below: TypeError (unhashable list)
        ("encounter", b"concern: x\nemotions: [frustration, [x], {a: 1}]\n"),
    ],
)
def test_found_answers_files_end_cleanly(runner, name, blob, tmp_path, monkeypatch):
    monkeypatch.setenv("EMPATHY_DEBUG", "1")
    path = tmp_path / "answers.yaml"
    path.write_bytes(blob)
    result = runner.invoke(app, [*COMMANDS[name], "--answers", str(path), "--out", str(tmp_path / "records")])
    check_outcome(result, name)
    assert result.exit_code == 1 and f"{path}:" in result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_any_answers_file_ends_cleanly(runner, name, tmp_path_factory, monkeypatch):
    monkeypatch.setenv("EMPATHY_DEBUG", "1")
    monkeypatch.setenv("EMPATHY_NOW", NOW)
    folder = tmp_path_factory.mktemp(f"answers-{name}")
    out = ["--out", str(folder / "records")] if name != "drill" else []

    @SETTINGS
    @given(blob=contents(runner, name), stdin=st.booleans())
    def run(blob: bytes, stdin: bool) -> None:
        if stdin:
            result = runner.invoke(app, [*COMMANDS[name], "--answers", "-", *out], input=blob)
        else:
            path = folder / "answers.yaml"
            path.write_bytes(blob)
            result = runner.invoke(app, [*COMMANDS[name], "--answers", str(path), *out])
        check_outcome(result, f"{name} with {blob[:300]!r}")

    run()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_template_itself_runs(runner, name, tmp_path, monkeypatch):
    """The properties start from each command's own template: it must be a working file,
    or the damaged variants would prove little."""
    monkeypatch.setenv("EMPATHY_NOW", NOW)
    path = tmp_path / "answers.yaml"
    text = template(runner, name)
    if name == "encounter":  # the required answers, left empty by the template
        for key, value in (("concern", '"The bill is wrong"'), ("location", "reception"), ("outcome", "resolved")):
            text = text.replace(f'\n{key}: ""', f"\n{key}: {value}")
    path.write_text(text, encoding="utf-8")
    out = ["--out", str(tmp_path / "records")] if name != "drill" else []
    result = runner.invoke(app, [*COMMANDS[name], "--answers", str(path), *out])
    assert result.exit_code == 0, result.output

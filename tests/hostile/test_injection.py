"""Issue 9 §7: terminal and document injection. Bidi and C1 controls are made visible on
screen, in Markdown and CSV, and escaped in every JSON output; typed HTML and Markdown
stay literal in the encounter record; file names and ids cannot forge lines."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.text import BIDI, clean, dumps_json

DATA = Path(__file__).resolve().parent.parent / "data"
PB = ["--playbooks", str(DATA / "encounter")]
RAW = [chr(c) for c in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C, 0x9B, 0x85, 0x1B)]
TRICK = "refund \u202eevil\u202c \u2066x\u2069 \u200f\u061c csi\u009b2J esc\x1b]0;t\x07"


def no_raw(text: str) -> None:
    for ch in RAW:
        assert ch not in text, f"U+{ord(ch):04X} reached the output raw"


def test_one_mechanism_for_screen_and_json():
    shown = clean(TRICK)
    no_raw(shown)
    assert "\\u202e" in shown and "\\x9b" in shown and "\\x1b" in shown
    encoded = dumps_json({"t": TRICK, "pl": "zażółć"})
    no_raw(encoded)
    assert json.loads(encoded) == {"t": TRICK, "pl": "zażółć"}  # data unchanged for programs
    assert "zażółć" in encoded  # non-ASCII text stays readable
    assert set(BIDI) >= {"\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"}


@pytest.fixture
def saved(runner, tmp_path):
    import yaml

    data = {
        "concern": f"{TRICK} <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![p](http://evil.example/p.png)",
        "details": "<script>alert(1)</script>\n# forged heading\n[y](javascript:alert(2))",
        "emotions": ["frustration"],
        "location": "reception",
        "outcome": "resolved",
    }
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "r"
    result = runner.invoke(app, [*PB, "encounter", "test-clinic", "--answers", str(answers), "--out", str(out)])
    assert result.exit_code == 0, result.output
    no_raw(result.stdout)
    return out


def test_records_markdown_and_json_hold_nothing_raw(saved):
    [md] = saved.glob("*.md")
    [js] = saved.glob("*.json")
    no_raw(md.read_text(encoding="utf-8"))
    no_raw(js.read_text(encoding="utf-8"))
    assert TRICK.split()[1] in json.loads(js.read_text(encoding="utf-8"))["answers"]["concern"]  # as typed


def test_encounter_markdown_escapes_typed_html_and_markdown(saved):
    [md] = saved.glob("*.md")
    text = md.read_text(encoding="utf-8")
    import re

    for raw in ("<img", "<script>", "](javascript:", "![p](http"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    assert "\n# forged" not in text
    assert "\\<img src=x onerror=alert(1)\\>" in text and "\\[x\\](javascript:alert(1))" in text


def test_log_outputs_hold_nothing_raw(runner, saved):
    for args in (
        ["log", "list"],
        ["log", "list", "--json"],
        ["log", "export", "--format", "json"],
        ["log", "export", "--format", "csv", "--kind", "encounter"],
        ["log", "show", next(saved.glob("*.json")).stem],
    ):
        result = runner.invoke(app, [*args, "--out", str(saved)])
        assert result.exit_code == 0, (args, result.output)
        no_raw(result.stdout)
    exported = runner.invoke(app, ["log", "export", "--format", "json", "--out", str(saved)]).stdout
    assert "\u202e" in json.loads(exported)[0]["answers.concern"]
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["log", "export", "--kind", "encounter", "--out", str(saved)]).stdout)))
    assert any("\\u202e" in cell for cell in rows[1])


def test_phrases_and_check_json_hold_nothing_raw(runner, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    text = (DATA / "minimal_playbook.yaml").read_text(encoding="utf-8")
    (folder / "m.yaml").write_text(text.replace("id: minimal", "id: tricky"), encoding="utf-8")
    import yaml

    data = yaml.safe_load((folder / "m.yaml").read_text(encoding="utf-8"))
    data["stages"][0].setdefault("phrases", []).append({"text": f"Sorry about the wait {TRICK}", "tags": []})
    (folder / "m.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["--playbooks", str(folder), "phrases", "wait", "--playbook", "tricky", "--json", "--all-langs"])
    assert result.exit_code == 0, result.output
    no_raw(result.stdout)
    assert any("\u202e" in hit["text"] for hit in json.loads(result.stdout)), result.stdout
    checked = runner.invoke(app, ["check", f"Calm down {TRICK}", "--json"])
    no_raw(checked.stdout)
    assert json.loads(checked.stdout)


def test_a_file_name_with_a_newline_cannot_forge_a_validate_line(cli, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    forged = "x.yaml\nall.yaml:1:1: everything is fine [OK]\n\u202ey"
    name = folder / f"{forged}.yaml"
    shutil.copy(DATA / "minimal_playbook.yaml", name)
    name.write_text(name.read_text().replace("title:", "titel:"))
    result = cli("validate", str(folder))
    assert result.returncode == 1
    lines = result.out.splitlines()
    assert lines and all(line.startswith(str(folder)) for line in lines)
    assert "\\n" in lines[0] and not any(line.startswith("all.yaml") for line in lines)
    no_raw(result.out + result.err)


@pytest.mark.parametrize("bad", ['"nlid\\n"', '"tab\\tid"', '"bell\\x07"', '"rtl\\u202e"'])
def test_an_id_with_a_newline_or_control_fails_validation(cli, tmp_path, bad):
    path = tmp_path / "m.yaml"
    path.write_text((DATA / "minimal_playbook.yaml").read_text().replace("id: minimal", f"id: {bad}", 1))
    result = cli("validate", str(path))
    assert result.returncode == 1 and "E104" in result.out

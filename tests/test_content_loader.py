"""Loading content files into typed models: every problem has a field path and a line."""

from __future__ import annotations

from pathlib import Path

from empathy_cli.content.loader import load_file
from empathy_cli.content.models import Playbook

DATA = Path(__file__).parent / "data"


def problems(path: Path) -> list[tuple[int, str, str]]:
    return [(p.line, p.code, p.describe()) for p in load_file(path).problems]


def test_minimal_playbook_loads_typed():
    loaded = load_file(DATA / "minimal_playbook.yaml")
    assert loaded.problems == []
    pb = loaded.content
    assert isinstance(pb, Playbook)
    assert [s.id for s in pb.stages] == ["listen", "empathize", "solve", "escalate", "document"]
    assert pb.stage("empathize").phrases[0].tags == ["frustration"]


def _pb(stages_extra: str = "", top_extra: str = "") -> str:
    text = (DATA / "minimal_playbook.yaml").read_text()
    return text.replace("stages:\n", f"{top_extra}stages:\n", 1) + stages_extra


def test_missing_required_field_names_path_and_line(write):
    text = _pb().replace('      - text: "I can see this is frustrating."\n        tags: [frustration]\n', "      - tags: [frustration]\n")
    f = write("p.yaml", text)
    ((line, code, msg),) = problems(f)
    assert code == "E108"
    assert msg == "stages[1].phrases[0].text: required"
    assert text.splitlines()[line - 1].strip() == "- tags: [frustration]"


def test_wrong_type_and_unknown_field_and_bad_enum(write):
    text = _pb(top_extra="colour: blue\n").replace("title: Minimal test playbook", "title: [not, text]").replace("id: solve", "id: solv")
    f = write("p.yaml", text)
    found = {code: (line, msg) for line, code, msg in problems(f)}
    assert found["E101"][1] == "title: must be text, not a list"
    assert found["E107"][1] == "colour: unknown field"
    assert "did you mean 'solve'" in found["E102"][1]
    lines = text.splitlines()
    assert lines[found["E107"][0] - 1].startswith("colour:")
    assert "solv" in lines[found["E102"][0] - 1]


def test_unknown_kind_and_non_mapping(write):
    ((line, code, msg),) = problems(write("k.yaml", "kind: poem\nid: x\n"))
    assert (line, code) == (1, "E109") and "unknown kind 'poem'" in msg
    ((line, code, msg),) = problems(write("l.yaml", "- just\n- a list\n"))
    assert code == "E012"


def test_missing_and_disordered_stages(write):
    text = _pb()
    start = text.index("  - id: solve")
    end = text.index("  - id: escalate")
    solve = text[start:end]
    text = text[:start] + text[end:]
    text = text + solve  # solve moved after document
    f = write("p.yaml", text)
    codes = [code for _, code, _ in problems(f)]
    assert "E203" in codes and "E202" not in codes


def test_duplicate_ids_and_bad_regex(write):
    extra = "solutions:\n  - {id: refund, title: Refund}\n  - {id: refund, title: Refund again}\nsignals:\n  - kind: empathy\n    patterns: ['(unclosed']\n"
    f = write("p.yaml", _pb() + extra)
    found = {code: msg for _, code, msg in problems(f)}
    assert "duplicate id 'refund'" in found["E201"]
    assert found["E204"].startswith("signals[0].patterns[0]: bad regular expression")


def test_unsafe_tag_in_content_file_is_a_problem_not_an_exception(write):
    f = write("evil.yaml", "kind: playbook\nid: !!python/object/apply:os.system ['echo hi']\n")
    ((line, code, msg),) = problems(f)
    assert (line, code) == (2, "E005")


def test_missing_file_is_a_problem(tmp_path):
    ((line, code, msg),) = problems(tmp_path / "nope.yaml")
    assert code == "E002"

"""The positioned YAML loader refuses everything that is not plain content, with a line."""

from __future__ import annotations

import pytest

from empathy_cli.content import yamlsafe
from empathy_cli.content.yamlsafe import YamlError, YList, YMap, load, read_text


def test_positions_of_keys_values_and_items():
    data = load("kind: playbook\nstages:\n  - id: listen\n    title: Listen\n")
    assert isinstance(data, YMap)
    assert data.value_pos["kind"].line == 1 and data.value_pos["kind"].column == 7
    stages = data["stages"]
    assert isinstance(stages, YList)
    assert stages.item_pos[0].line == 3
    assert stages[0].key_pos["title"].line == 4


def test_scalars_resolve_like_yaml_but_dates_stay_text():
    data = load("a: 1\nb: 1.5\nc: true\nd: null\ne: 2026-11-23\nf: 'x'\n")
    assert data == {"a": 1, "b": 1.5, "c": True, "d": None, "e": "2026-11-23", "f": "x"}


@pytest.mark.parametrize(
    "text, line, code, words",
    [
        ("a: 1\nb: [1, 2\n", 3, "E001", "syntax"),
        ("a: 1\na: 2\n", 2, "E007", "duplicate key 'a'"),
        ("a: !!python/object:os.system echo\n", 1, "E005", "not allowed"),
        ("a: !!python/name:os.system\n", 1, "E005", "not allowed"),
        ("x: 1\n---\ny: 2\n", 2, "E008", "one YAML document"),
        ("a: *nope\n", 1, "E009", "unknown alias"),
        ("? [a, b]\n: 1\n", 1, "E006", "plain value"),
    ],
)
def test_refusals_name_the_line(text, line, code, words):
    with pytest.raises(YamlError) as info:
        load(text)
    assert info.value.line == line
    assert info.value.code == code
    assert words in info.value.message


def test_empty_document_is_refused():
    for text in ("", "   \n# only a comment\n"):
        with pytest.raises(YamlError) as info:
            load(text)
        assert info.value.code == "E012"


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(YamlError) as info:
        load("\n".join(lines) + "\n")
    assert info.value.code == "E010"
    assert "alias" in info.value.message


def test_small_aliases_are_fine():
    data = load("base: &b {text: hi}\ncopy: *b\n")
    assert data["copy"] == {"text": "hi"}


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 500 + "]" * 500 + "\n"
    with pytest.raises(YamlError) as info:
        load(text)
    assert info.value.code == "E011"
    assert info.value.line == 1


def test_huge_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(30 * 1024 * 1024)  # sparse: 30 MB, costs no disk
    with pytest.raises(YamlError) as info:
        read_text(big)
    assert info.value.code == "E003"


def test_non_utf8_names_line_and_column(tmp_path):
    f = tmp_path / "latin2.yaml"
    f.write_bytes("kind: playbook\ntitle: Za".encode() + "żółć".encode("iso-8859-2") + b"\n")
    with pytest.raises(YamlError) as info:
        read_text(f)
    assert (info.value.line, info.value.column, info.value.code) == (2, 10, "E004")


def test_bom_is_accepted(tmp_path):
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load(read_text(f)) == {"a": 1}


def test_limits_are_sane():
    assert yamlsafe.MAX_BYTES < 10 * 1024 * 1024
    assert yamlsafe.MAX_DEPTH <= 100


def test_as_text_keeps_what_was_typed():
    data = load("time: 12:30\nfollow_up: no\ncount: 007\nempty:\nnull_word: null\nquoted: 'null'\nlist: [yes, 1.5]\n", as_text=True)
    assert data == {"time": "12:30", "follow_up": "no", "count": "007", "empty": None, "null_word": None, "quoted": "null", "list": ["yes", "1.5"]}
    with pytest.raises(YamlError):
        load("a: !!python/object:os.system x\n", as_text=True)

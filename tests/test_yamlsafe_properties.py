"""The content YAML loader, tested in the field's own way: Hypothesis writes the documents.

- on every document `yaml.safe_dump` writes from generated mappings, lists and scalars,
  `yamlsafe.load` gives the same data as `yaml.safe_load`;
- on random YAML-ish text that both accept, the two agree (dates excepted: the loader keeps
  them as text on purpose);
- whatever the text or the bytes, the loader raises nothing but its own located
  `YamlError` (a line and a column, a code), never a parser or Python exception.
"""

from __future__ import annotations

import datetime
import math
import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from empathy_cli.content import yamlsafe
from empathy_cli.content.yamlsafe import YamlError, YList, YMap, load

SETTINGS = settings(max_examples=300 * settings.default.max_examples // 100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text YAML can write (no lone surrogates), Polish letters and control characters included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
# Plain words that YAML 1.1 reads as something else: the resolver must agree on them.
TRICKY = st.sampled_from(
    [
        "yes",
        "No",
        "on",
        "OFF",
        "~",
        "null",
        "12:30",
        "0x1F",
        "0o17",
        "017",
        "1_000",
        "+1",
        "-0",
        ".5",
        "1e3",
        "1.0e+3",
        ".inf",
        "-.Inf",
        ".NaN",
        "=",
        "<<",
        "2026-11-23",
        "y",
        "n",
        "0b101",
        "190:20:30",
        "True",
        "",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    TEXT,
    TRICKY,
)
KEYS = st.one_of(TEXT, TRICKY, st.integers(-1000, 1000))
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


def plain(value):
    """`value` as plain dicts, lists and scalars (a YMap is a dict with positions)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def same(a, b) -> bool:
    """Equal data, with NaN equal to itself and bool never equal to an int."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b) and not (isinstance(a, dict) and isinstance(b, dict)) and not (isinstance(a, list) and isinstance(b, list)):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def has_date(value) -> bool:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return True
    if isinstance(value, dict):
        return any(has_date(k) or has_date(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_date(v) for v in value)
    return False


def depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


@SETTINGS
@given(data=DATA, flow=st.sampled_from([None, True, False]), unicode=st.booleans(), width=st.sampled_from([20, 80, 1000]))
@example(data={"when": "12:30", "ok": "no", "n": 1, "x": None, "d": "2026-11-23"}, flow=False, unicode=True, width=80)
def test_dumped_documents_load_as_safe_load_reads_them(data, flow, unicode, width):
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, width=width, sort_keys=False)
    expected = yaml.safe_load(text)
    assert not has_date(expected)  # safe_dump quotes what would read as a date
    got = load(text)
    assert same(plain(got), expected), text


@SETTINGS
@given(data=DATA)
def test_loaded_values_remember_their_positions(data):
    text = yaml.safe_dump(data, default_flow_style=False, allow_unicode=True)
    lines = len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))  # YAML's own line breaks

    def walk(value):
        if isinstance(value, YMap):
            assert 1 <= value.pos.line <= lines
            assert set(value.key_pos) == set(value) == set(value.value_pos)
            for k, v in value.items():
                assert 1 <= value.key_pos[k].line <= value.value_pos[k].line <= lines
                walk(v)
        elif isinstance(value, YList):
            assert len(value.item_pos) == len(value)
            for v in value:
                walk(v)

    walk(load(text))


# Random text over the characters YAML's grammar turns on: most of it is not YAML at all.
TOKENS = list("ab1 0.:-[]{},#&*!|>'\"%@`?~\n\t\\\x00\x85\u2028\ufeffé") + [
    "!!str ",
    "!!int ",
    "!!float ",
    "!!python/object ",
    "!!binary ",
    "!!set ",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "...\n",
    "- ",
    ": ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "! ",
    '"12"',
    "!!bool ",
    "!!null ",
    "9" * 50,
    "yes",
    "12:30",
    "2026-11-23",
    ".inf",
    "0x1F",
    "  ",
    "\n  ",
]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@SETTINGS
@given(text=YAMLISH)
@example(text='! "12"')  # found by this test: "!" resolves as plain in safe_load (12)
@example(text="\x85\ufeffa")  # libyaml drops a byte-order mark that PyYAML keeps
def test_random_text_agrees_with_safe_load_or_is_a_located_problem(text):
    try:
        got = load(text)
    except YamlError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.code.startswith("E") and exc.message
        return
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # libyaml and PyYAML's Python parser disagree on a few corner cases
    except (ValueError, OverflowError, TypeError):
        return  # safe_load itself breaks (a huge number…): the loader's answer stands
    assume(not has_date(expected))
    if not same(plain(got), expected):
        # PyYAML's two parsers differ on a few corner cases (a byte-order mark inside the
        # text…); the loader parses with libyaml, so its reading is the other acceptable one.
        assert same(plain(got), yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))), repr(text)


@SETTINGS
@given(text=st.one_of(YAMLISH, st.text(max_size=200)), as_text=st.booleans())
@example(text="!!int ", as_text=False)  # found by this test: IndexError inside PyYAML
@example(text="a: !!bool\n", as_text=False)  # KeyError inside PyYAML
@example(text="- !!float ''\n", as_text=False)
def test_any_text_is_data_or_a_located_problem(text, as_text):
    try:
        load(text, as_text=as_text)
    except YamlError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.code.startswith("E") and exc.message


@SETTINGS
@given(blob=st.binary(max_size=200))
def test_any_bytes_read_from_a_file_are_data_or_a_located_problem(blob, tmp_path_factory):
    path = tmp_path_factory.mktemp("yaml") / "content.yaml"
    path.write_bytes(blob)
    try:
        load(yamlsafe.read_text(path))
    except YamlError as exc:
        assert exc.line >= 1 and exc.column >= 1 and exc.code.startswith("E") and exc.message


@pytest.mark.parametrize("text", ["a: &x [1, 2]\nb: *x\n", "[&k a, *k]\n", "{? [1]: 2}\n"])
def test_aliases_and_complex_keys_match_or_are_refused(text):
    try:
        got = load(text)
    except YamlError as exc:
        assert exc.code == "E006"  # a list as a key: refused, with its position
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(text)
        return
    assert same(plain(got), yaml.safe_load(text))


@pytest.mark.parametrize(
    "text, expected",
    [("!", None), ("a: !\n", {"a": None}), ('! "12"', 12), ("! yes", True), ("- ! ''\n", [None]), ("a: !\nb: ! x\n", {"a": None, "b": "x"})],
)
def test_a_lone_exclamation_mark_reads_as_safe_load_reads_it(text, expected):
    """Found by the properties above: libyaml reports an empty "!" value as not implicit
    (the loader read "" where safe_load reads None), and the loader kept a quoted "!" value
    as text where safe_load resolves it as a plain one."""
    assert yaml.safe_load(text) == expected
    assert same(plain(load(text)), expected)


@pytest.mark.parametrize("text", ["!!int ", "a: !!bool\n", "- !!float ''\n", "x: !!int\ny: 1\n"])
def test_an_empty_typed_value_is_a_located_problem(text):
    """Found by the properties above: PyYAML's constructors raise IndexError or KeyError on
    an empty "!!int", "!!float" or "!!bool"; the loader names the line instead."""
    with pytest.raises(YamlError) as info:
        load(text)
    assert info.value.code == "E001" and "bad value" in info.value.message and info.value.line >= 1

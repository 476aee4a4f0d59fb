"""The regex prefilter may skip work but never change a result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from empathy_cli.coach import check, prefilter
from empathy_cli.coach.prefilter import LazyPattern, LiteralIndex, literals_of
from empathy_cli.content.library import load_library
from empathy_cli.runtime import current
from empathy_cli.text import fold

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bcalm (yourself )?down\b", ("calm ",)),
        (r"\b(sorry|apologi[sz]e)\b", ("apologi", "sorry")),
        (r"(?<=\s)x", None),
        (r"[a-z]+\d", None),
        (r"(?:a|bc)+d", None),  # 'a' alone is too short to be a literal: no prefilter
        (r"it'?s (nothing|fine)", ("fine", "nothing")),
        (r"Żałuję", ("zaluje",)),
    ],
)
def test_literals(pattern, expected):
    assert literals_of(pattern) == expected


def all_patterns() -> list[str]:
    patterns = set()
    for lang in check.rule_langs():
        data = check.load_rule_data(lang)
        patterns.update(entry["pattern"] for entry in data["rules"])
        patterns.update(data["vetoes"].values())
        patterns.update(data["structure"].values())
    for entry in load_library([]).playbooks():
        for signal in entry.content.signals:
            patterns.update(signal.patterns)
    return sorted(patterns)


def all_texts() -> list[str]:
    texts = []
    for name in ("check_en.yaml", "check_pl.yaml"):
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
        texts += [item["text"] for item in items]
    for entry in load_library([]).scenarios():
        texts += [c.text for node in entry.content.nodes for c in node.choices]
    return [check.fold_same_length(t) for t in texts]


def test_prefiltered_patterns_find_exactly_what_plain_regexes_find():
    patterns, texts = all_patterns(), all_texts()
    assert len(patterns) > 150 and len(texts) > 300
    skipped = 0
    lazies = [LazyPattern(source) for source in patterns]
    may: list[list[int]] = [[] for _ in texts]  # per text, the patterns that may match it
    for i, (source, lazy) in enumerate(zip(patterns, lazies)):
        plain = re.compile(source, re.IGNORECASE)
        for t, text in enumerate(texts):
            expected = [m.span() for m in plain.finditer(text)]
            assert [m.span() for m in lazy.finditer(text)] == expected, (source, text)
            if lazy.may_match(text):
                may[t].append(i)
            else:
                skipped += 1
    assert skipped > len(patterns) * len(texts) // 2  # and it really skips most of the work
    # The index the judge uses picks, in one pass, exactly the patterns whose prefilter passes.
    index = LiteralIndex(lazies)
    for t, text in enumerate(texts):
        assert index.candidates(text) == may[t], text


def test_broken_pattern_never_matches():
    lazy = LazyPattern("(unclosed")
    assert lazy.search("(unclosed") is None and list(lazy.finditer("x")) == []


def test_prefilters_are_cached_across_runs(monkeypatch):
    prefilter._literals = None
    LazyPattern(r"\bcalm down").may_match("calm down")
    prefilter.save()
    prefilter._literals = None
    monkeypatch.setattr(prefilter, "literals_of", lambda p: pytest.fail("parsed again"))
    assert LazyPattern(r"\bcalm down").may_match(fold("Calm down"))


def test_corrupt_prefilter_cache_is_ignored(home):

    from empathy_cli import cache

    prefilter._literals = None
    path = cache.file_for(prefilter.CACHE_KIND, "", prefilter.SHAPE)
    assert path is not None and path.parent == Path(current().env["EMPATHY_CACHE"])
    for damaged in (b"not json", b'{"cache": "check-prefilter", "schema": "%s", "stamp": null, "data": {"x": 5}}' % prefilter.SHAPE.encode()):
        path.write_bytes(damaged)
        assert LazyPattern(r"\bcalm down").search("please calm down") is not None
        prefilter._literals = None


def test_one_better_phrasing_is_not_repeated_for_two_spans():
    lib = load_library([])
    result = check.check_reply("Calm down, it's not a big deal", [e.content for e in lib.playbooks("en")], "en")
    assert [h.kind for h in result.signals].count("minimizing") == 2
    insteads = [s.instead for s in result.suggestions]
    assert insteads and len(insteads) == len(set(insteads))

"""Phrase search beyond the words it was written with: word families, verb prefixes,
intent over filler, places, ambiguous search words, diverse top results."""

from __future__ import annotations

import pytest

from empathy_cli.coach import phrases as engine
from empathy_cli.coach.searchtext import stem, tokens, unprefixed
from search_support import find, index, shared_builtin_index  # noqa: F401  (autouse fixture)


def stems(words, lang):
    return {stem(tokens(w)[0], lang) for w in words.split()}


# --------------------------------------------------------------------------- word families


@pytest.mark.parametrize(
    "family",
    [
        "czekać czekała czekają czekanie czekania",
        "krzyczy krzyczeć krzyk krzyki",
        "płacze płakać płacz płakała",
        "zwrot zwrócić zwrotu zwróci",
        "skarga skargi skarży",
        "rachunek rachunku rachunkiem",
        "wizyta wizyty wizycie",
        "przeprosić przepraszam przeprosiny",
        "zdenerwowany zdenerwowani zdenerwowanie",
    ],
)
def test_polish_word_families_meet(family):
    assert len(stems(family, "pl")) == 1, {w: stem(tokens(w)[0], "pl") for w in family.split()}


@pytest.mark.parametrize(
    "family",
    ["cancel cancelled cancelling cancellation", "apologise apology apologies apologize", "complain complaint", "tell told", "lose lost", "pay paid"],
)
def test_english_word_families_meet(family):
    assert len(stems(family, "en")) == 1


def test_unrelated_polish_words_stay_apart():
    assert stem("strach", "pl") != stem("strona", "pl")
    assert stem("zeby", "pl") != stem("zeba", "pl")  # "żeby" (so that) is not "zęba" (tooth)
    assert stem("czekac", "pl") != stem("czytac", "pl")


def test_polish_verb_prefixes_back_off():
    assert stem("plakac", "pl") in unprefixed(stem("rozplakala", "pl"), "pl")
    assert unprefixed("rozplak", "en") == []
    assert all(len(u) >= 4 for u in unprefixed("zaczek", "pl"))
    hits = find("rozpłakała się", "pl")
    assert hits and "sadness" in hits[0].tags
    hits = find("nakrzyczała na mnie", "pl")
    assert hits and hits[0].tags and {"anger", "boundaries"} & set(hits[0].tags)


# --------------------------------------------------------------------------- intent


def test_a_place_is_not_a_situation():
    for lang, query, wanted in [("en", "patient collapsed in the waiting room", "emergency"), ("en", "chest pain in waiting area", "emergency")]:
        hits = find(query, lang)
        assert hits and wanted in hits[0].tags, (query, hits[0].text if hits else None)
        assert not any(h.tags == ("waiting",) for h in hits)


def test_filler_counts_less_than_a_situation():
    idx = index()
    a = engine.analyse(idx, "ciągle przerywa", "pl")
    assert "communication" in a.tags or "boundaries" in a.tags
    # "ciągle" is a frequency word: it names nothing
    assert stem("ciagle", "pl") not in a.body
    b = engine.analyse(idx, "owner needs to hear about this", "en")
    assert "help" in b.tags
    assert b.body.get(stem("hear", "en"), 0) <= engine.FILLER


def test_a_multi_word_search_word_keeps_a_little_of_its_words():
    idx = index()
    a = engine.analyse(idx, "druga opinia", "pl")
    assert a.tags["second_opinion"] > a.tags.get("review_threat", 0) > 0


def test_a_search_word_that_shrinks_to_a_common_word_is_dropped(tmp_path):
    (tmp_path / "pb.yaml").write_text(AMBIGUOUS_PLAYBOOK, encoding="utf-8")
    idx = index([tmp_path])
    words = dict(idx._q("SELECT stems, tag FROM tagword WHERE lang = 'en' AND tag IN ('zebra', 'okapi')"))
    assert stem("happened", "en") not in words  # "what happened": 'happen' is in most phrases, few of them zebra
    assert words.get(stem("stripes", "en")) == "zebra"
    assert words.get(stem("okapi", "en")) == "okapi"


AMBIGUOUS_PLAYBOOK = """\
kind: playbook
id: ambiguous-test
lang: en
title: Ambiguous
description: Test playbook.
stages:
  - id: listen
    title: Listen
    goal: Hear them.
    phrases:
      - {text: "Tell me what happened with the zebra stripes.", tags: [zebra]}
      - {text: "Tell me what happened at the desk.", tags: [okapi]}
      - {text: "What happened next at the desk?", tags: [okapi]}
      - {text: "Whatever happened, I am listening.", tags: [okapi]}
  - {id: empathize, title: Empathize, goal: Name it., phrases: [{text: "That sounds hard."}]}
  - {id: solve, title: Solve, goal: Fix it., phrases: [{text: "Let's sort it out."}]}
  - {id: escalate, title: Escalate, goal: Get help., phrases: [{text: "I'll ask a colleague."}]}
  - {id: document, title: Document, goal: Write it., phrases: [{text: "Noted at the desk."}]}
tags:
  - {id: zebra, label: zebra, words: [stripes, what happened]}
  - {id: okapi, label: okapi, words: [okapi]}
"""


# --------------------------------------------------------------------------- diversity


def test_near_copies_do_not_fill_the_top_three():
    for lang, query in [("en", "patient crying"), ("pl", "klientka płacze")]:
        hits = find(query, lang, limit=3)
        assert len(hits) == 3
        words = [set(tokens(h.text)) for h in hits]
        for i in range(3):
            for j in range(i + 1, 3):
                assert len(words[i] & words[j]) < engine.NEAR_COPY * len(words[i] | words[j]), (hits[i].text, hits[j].text)


def test_listing_everything_keeps_every_phrase():
    idx = index()
    every = engine.search(idx, engine.Query("płacze", lang="pl", limit=0))
    ranked = engine.rank(idx, engine.Query("płacze", lang="pl", limit=0))
    texts = {" ".join(tokens(idx.record(i).text)) for i, _ in ranked}
    assert len(every) == len(texts)


# --------------------------------------------------------------------------- vocabulary


@pytest.mark.parametrize(
    "lang,query,wanted",
    [
        ("en", "guy losing his temper", {"anger"}),
        ("en", "she is sobbing", {"sadness"}),
        ("en", "rip off prices", {"price"}),
        ("en", "get the manager", {"help"}),
        ("pl", "wściekła klientka", {"anger"}),
        ("pl", "rozpłakał się", {"sadness"}),
        ("pl", "zdzierstwo", {"price"}),
        ("pl", "zawołać kierowniczkę", {"help"}),
    ],
)
def test_synonym_families_reach_their_tags(lang, query, wanted):
    hits = find(query, lang)
    assert hits and set(hits[0].tags) & wanted, (query, hits[0].text if hits else None)

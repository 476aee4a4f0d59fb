"""`empathy phrases`: situational queries, inflection, typo vs exact, language, bounds."""

from __future__ import annotations

import json

import pytest

from empathy_cli.coach import phrases as engine
from empathy_cli.coach.searchtext import distance, stem, tokens, within_one_edit
from search_support import find, index, shared_builtin_index  # noqa: F401  (autouse fixture)


def tags_of(hits):
    return [set(h.tags) for h in hits]


# --------------------------------------------------------------------------- situations


@pytest.mark.parametrize(
    "lang,query,wanted",
    [
        ("en", "she is shouting at me", {"anger", "boundaries"}),
        ("en", "yelling", {"anger", "boundaries"}),
        ("pl", "pacjent krzyczy", {"anger", "boundaries"}),
        ("pl", "klient wrzeszczy", {"anger", "boundaries"}),
        ("en", "he is filming me", {"boundaries", "privacy"}),
        ("pl", "nagrywa mnie telefonem", {"boundaries", "privacy"}),
        ("en", "discount", {"price"}),
        ("pl", "chce rabat", {"price"}),
        ("pl", "czy może być taniej", {"price"}),
        ("en", "they want to speak to the owner", {"help"}),
        ("pl", "żąda rozmowy z właścicielem", {"help"}),
        ("pl", "chce szefa", {"help"}),
        ("en", "patient crying", {"sadness"}),
        ("pl", "klientka płacze", {"sadness"}),
    ],
)
def test_situations_reach_their_tags(lang, query, wanted):
    hits = find(query, lang)
    assert hits, query
    assert all(h.lang == lang for h in hits)
    assert tags_of(hits)[0] & wanted, (query, hits[0].text, hits[0].tags)
    assert sum(bool(t & wanted) for t in tags_of(hits)) >= 2


def test_new_phrases_exist_in_both_languages():
    for lang, query, tag in [
        ("en", "filming", "privacy"),
        ("pl", "nagrywa", "privacy"),
        ("en", "discount", "price"),
        ("pl", "rabat", "price"),
        ("en", "owner", "help"),
        ("pl", "właściciel", "help"),
        ("en", "aftercare confused", "confusion"),
        ("pl", "zalecenia po zabiegu niejasne", "confusion"),
    ]:
        hits = find(query, lang, limit=5)
        assert any(tag in h.tags for h in hits), (lang, query)


def test_a_multi_word_search_word_takes_its_words():
    # "druga opinia" is a second opinion, not an online review ("opinia")
    hits = find("chce drugą opinię", "pl")
    assert "second_opinion" in hits[0].tags
    assert not any("review_threat" in h.tags for h in hits)


def test_search_words_come_from_the_playbook(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    (folder / "mine.yaml").write_text(PLAYBOOK, encoding="utf-8")
    hits = find("capybara stampede", "en", extra=[folder])
    assert hits and hits[0].playbook == "mine" and hits[0].tags == ("zoo",)


PLAYBOOK = """\
kind: playbook
id: mine
lang: en
title: Mine
stages:
  - id: listen
    title: Listen
    goal: Listen.
    phrases:
      - text: "Let's keep everyone at a safe distance from the enclosure."
        tags: [zoo]
  - {id: empathize, title: Empathize, goal: Feel.}
  - {id: solve, title: Solve, goal: Solve.}
  - {id: escalate, title: Escalate, goal: Escalate.}
  - {id: document, title: Document, goal: Write.}
tags:
  - id: zoo
    label: zoo trouble
    words: [capybara stampede]
"""


# --------------------------------------------------------------------------- inflection


def test_polish_inflection_meets_in_one_stem():
    forms = ["czekała", "czekanie", "czeka", "czekam", "czekający"]
    assert len({stem(tokens(f)[0], "pl") for f in forms}) == 1
    assert len({stem(tokens(f)[0], "pl") for f in ["zwrot", "zwrotu", "zwrotem", "zwrotów"]}) == 1
    assert len({stem(tokens(f)[0], "pl") for f in ["krzyczy", "krzyczał", "krzyczeć"]}) == 1
    assert len({stem(w, "en") for w in ["shouting", "shouted", "shouts"]}) == 1
    assert stem("yelling", "en") != stem("telling", "en")


@pytest.mark.parametrize("query", ["czekała 3 godziny", "czekanie", "czeka od rana", "czekala"])
def test_inflected_and_unaccented_polish_finds_waiting(query):
    hits = find(query, "pl")
    assert hits and "waiting" in hits[0].tags, query


def test_english_word_forms_meet():
    assert "waiting" in find("waited", "en")[0].tags
    assert "refund" in find("refunds", "en")[0].tags


# --------------------------------------------------------------------------- typo vs exact


def test_yelling_never_becomes_telling():
    hits = find("yelling", "en", limit=5)
    assert hits
    assert not any("telling" in h.text.lower() for h in hits)


def test_a_typo_is_only_tried_when_nothing_matches():
    idx = index()
    exact = engine.analyse(idx, "yelling", "en")
    assert exact.tags.get("anger") == engine.EXACT  # found as itself, at full weight
    typo = engine.analyse(idx, "refnd", "en")
    assert typo.tags.get("refund") == pytest.approx(engine.WEAK)  # found through a typo, at low weight
    assert "refund" in find("refnd", "en")[0].tags


def test_exact_words_outrank_typo_matches():
    # "frustrated" is exact; "wiating" reaches waiting only through a typo
    hits = find("frustrated wiating", "en", limit=0)
    assert "frustration" in hits[0].tags
    typo_only = [h.score for h in hits if "waiting" in h.tags and "frustr" not in (h.text.lower() + " ".join(h.tags))]
    assert typo_only and hits[0].score > max(typo_only)


def test_accented_query_prefers_accented_matches(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        PLAYBOOK.replace("lang: en", "lang: pl")
        .replace("Let's keep everyone at a safe distance from the enclosure.", "Kąt poczekalni jest wolny.")
        .replace("tags: [zoo]", 'tags: [zoo]\n      - text: "Kat to zawód z dawnych czasów."\n        tags: [zoo]'),
        encoding="utf-8",
    )
    hits = find("kąt", "pl", extra=[folder])
    assert [h.text for h in hits][:2] == ["Kąt poczekalni jest wolny.", "Kat to zawód z dawnych czasów."]
    assert hits[0].score > hits[1].score


def test_a_verb_of_a_three_letter_root_keeps_its_i():
    from empathy_cli.coach.searchtext import stem

    # "zabić"/"zabił" and "ząb" used to meet as "zab"; "kupić" and "kup", "robić" and "rob" alike
    assert {stem(w, "pl") for w in ("zabic", "zabil", "zabila")} == {"zabi"}
    assert stem("zab", "pl") == "zab" and stem("kupil", "pl") == "kupi" != stem("kup", "pl")
    assert stem("zaplacil", "pl") == stem("zaplacic", "pl")  # longer roots strip as before
    top = [h.tags for h in engine.search(index(), engine.Query("chce sie zabic", lang="pl", limit=3))]
    assert all("self_harm" in tags for tags in top), top


def test_edit_distance_helpers():
    assert within_one_edit("refnd", "refund") and within_one_edit("wiating", "waiting")
    assert within_one_edit("yelling", "telling")  # one substitution away: why typos come last
    assert distance("abcdef", "uvwxyz", 2) == 3  # capped


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    "query,lang",
    [
        ("zwrot pieniędzy", "pl"),
        ("czekanie", "pl"),
        ("pacjent krzyczy", "pl"),
        ("klient placze", "pl"),
        ("she is shouting at me", "en"),
        ("discount", "en"),
        ("he is filming me", "en"),
        ("rabat", "pl"),
        # a function word of one language that is a content word in the other's phrases
        # ("go" is English, "in" is in Polish "in vitro") is no evidence for that other
        ("szwagier twierdzi że go okantowali", "pl"),
        ("colapsd in the lobby", "en"),
    ],
)
def test_the_query_language_is_detected(query, lang):
    chosen, _ = engine.choose_lang(index(), query, "en" if lang == "pl" else "pl")
    assert chosen == lang


def _run(runner, *args, env=None):
    from empathy_cli.cli.app import app

    return runner.invoke(app, list(args), env=env)


def test_cli_searches_the_query_language_without_lang(environ, runner, monkeypatch):
    environ["LC_ALL"] = "C"
    environ.pop("EMPATHY_LANG", None)
    for query in ("zwrot pieniędzy", "czekanie"):
        result = _run(runner, "phrases", query, "--json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data and {d["lang"] for d in data} == {"pl"}


def test_a_function_word_is_no_match_in_the_other_language():
    # "go" is a Polish pronoun here and an English verb in English phrases: no English hint
    q = engine.Query("szwagier twierdzi że go okantowali", lang="pl")
    assert engine.search(index(), q) == [] and engine.elsewhere(index(), q) == []
    # while a query the other language really knows still gets its hint
    assert [lang for lang, _ in engine.elsewhere(index(), engine.Query("zwrot pieniędzy", lang="en"))] == ["pl"]
    assert [lang for lang, _ in engine.elsewhere(index(), engine.Query("zwrot pieniędzy za to", lang="en"))] == ["pl"]


def test_cli_says_where_matches_are_english_interface(runner):
    result = _run(runner, "phrases", "czekanie", "--lang", "en")
    assert result.exit_code == 1
    line = [ln for ln in result.stderr.splitlines() if "--lang pl" in ln]
    assert line and "in Polish" in line[0] and "matches" in line[0]


def test_cli_says_where_matches_are_polish_interface(runner, tmp_path, monkeypatch):
    folder = tmp_path / "books"
    folder.mkdir()
    (folder / "mine.yaml").write_text(PLAYBOOK.replace("capybara stampede", "quokka"), encoding="utf-8")
    result = _run(runner, "--playbooks", str(folder), "phrases", "quokka", "--lang", "pl")
    assert result.exit_code == 1
    assert "1 zwrot pasuje w języku angielskim: dodaj --lang en" in result.stderr


def test_plural_forms_of_the_hint():
    from empathy_cli.ui.phrases_view import plural_form

    assert [plural_form(n, "pl") for n in (1, 2, 5, 12, 22, 25)] == ["one", "few", "many", "many", "few", "many"]
    assert [plural_form(n, "en") for n in (1, 2)] == ["one", "many"]


# --------------------------------------------------------------------------- bounds


def test_a_long_query_is_cut_to_max_terms():
    words = [f"slowo{i}x" for i in range(500)]
    q = engine.Query(" ".join(words)[:2000] + " refund", lang="en")
    a = engine.analyse(index(), q.text, "en")
    assert a.truncated
    engine.search(index(), q)
    assert q.truncated
    short = engine.Query("refund waiting", lang="en")
    engine.search(index(), short)
    assert not short.truncated
    # only the first MAX_TERMS content words were read: a word after them counts for nothing
    assert "refund" not in engine.analyse(index(), q.text, "en").tags


def test_cli_notice_for_a_long_query(runner):
    text = " ".join(f"word{i}" for i in range(300))
    result = _run(runner, "phrases", text, "--lang", "en")
    assert f"first {engine.MAX_TERMS} words" in result.stderr
    assert "Traceback" not in result.output

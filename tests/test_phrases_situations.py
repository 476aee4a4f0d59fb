"""Phrase search for situations typed in other people's words: the situations the
built-in playbooks cover, and the ways a query reaches them (search words with stop
words, runs inside runs, feelings and situations, word senses, contractions, places,
Polish forms)."""

from __future__ import annotations

import pytest

from empathy_cli.coach import phrases as engine
from empathy_cli.coach.searchtext import CONTRACTIONS, STOP, stem, tokens
from search_support import find, index, shared_builtin_index  # noqa: F401  (autouse fixture)


def own_index_with_builtin(tmp_path, yaml_text):
    """The index of a playbook of the test's own next to the whole built-in content."""
    (tmp_path / "pb.yaml").write_text(yaml_text, encoding="utf-8")
    return index([tmp_path])


@pytest.fixture
def own_index(monkeypatch, small_builtin):
    """`own_index(tmp_path, yaml_text)`: the index of a playbook of the test's own, next to
    the small built-in content (conftest.SMALL_BUILTIN), so each builds fast."""
    monkeypatch.setattr("empathy_cli.paths.builtin_playbooks", lambda: small_builtin)

    def build(tmp_path, yaml_text):
        (tmp_path / "pb.yaml").write_text(yaml_text, encoding="utf-8")
        return index([tmp_path])

    return build


def playbook(lang, phrases, tags):
    """A small valid playbook: `phrases` [(text, [tags])] in the Listen stage, `tags`
    [(id, [search words])]."""
    lines = [f"kind: playbook\nid: own-{lang}\nlang: {lang}\ntitle: Own\ndescription: Test playbook.\nstages:"]
    lines.append("  - id: listen\n    title: Listen\n    goal: Hear them.\n    phrases:")
    lines += [f'      - {{text: "{text}", tags: [{", ".join(ts)}]}}' for text, ts in phrases]
    for stage in ("empathize", "solve", "escalate", "document"):
        lines.append(f'  - {{id: {stage}, title: {stage.title()}, goal: Do it., phrases: [{{text: "Zebra okapi giraffe {stage}."}}]}}')
    lines.append("tags:")
    lines += [f"  - {{id: {t}, label: {t}, words: [{', '.join(ws)}]}}" for t, ws in tags]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- the built-in content


@pytest.mark.parametrize(
    "lang,query,wanted",
    [
        ("en", "pharmacy ran out of my meds", "prescription"),
        ("pl", "brak leku w aptece", "prescription"),
        ("en", "she wants a copy of her notes", "records"),
        ("pl", "prosi o kopię dokumentacji medycznej", "records"),
        ("en", "he's threatening to sue us", "legal"),
        ("pl", "grozi pozwem", "legal"),
        ("en", "caller keeps swearing on the phone", "phone"),
        ("pl", "klient przeklina przez telefon", "phone"),
        ("en", "hair falling out after treatment", "side_effects"),
        ("pl", "wypadaja wlosy po leczeniu", "side_effects"),
        ("en", "patient doesn't speak english", "language"),
        ("pl", "pacjentka nie mówi po polsku", "language"),
        ("en", "belongings went missing on the ward", "facilities"),
        ("pl", "zginęły rzeczy osobiste", "facilities"),
        ("en", "deaf patient cant hear me", "accessibility"),
        ("pl", "starsza pani nie słyszy", "accessibility"),
        ("en", "baby has a high temperature", "unwell"),
        ("pl", "dziecko ma wysoką gorączkę", "unwell"),
        ("en", "her husband passed away", "bad_news"),
        ("pl", "zmarł mąż pacjentki", "bad_news"),
        ("en", "patient says he wants to end it all", "self_harm"),
        ("pl", "pacjent mówi, że chce się zabić", "self_harm"),
        ("en", "client fainted after botox", "emergency"),
        ("pl", "klientka zemdlała po zabiegu", "emergency"),
        ("en", "insurance won't cover it", "price"),
        ("pl", "NFZ nie refunduje tego leku", "price"),
    ],
)
def test_situations_nobody_had_written_for_reach_their_phrases(lang, query, wanted):
    hits = find(query, lang)
    assert hits and wanted in hits[0].tags, (query, hits[0].text if hits else None)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_new_situations_have_phrases_in_both_languages(lang):
    idx = index()
    for tag in ("prescription", "records", "legal", "phone", "side_effects", "language", "facilities", "accessibility", "unwell", "bad_news", "self_harm"):
        assert idx.tags(lang).get(tag, ("", "", 0))[2] >= 2, (lang, tag)


# --------------------------------------------------------------------------- search words with stop words


def test_the_stop_words_of_a_search_word_are_told_by_the_word_as_in_a_query():
    # "mówi" is a stop word, its stem "mow" is not: the search word and the query agree
    a = engine.analyse(index(), "pacjentka nie mówi po polsku", "pl")
    assert a.tags.get("language", 0) > engine.EXACT


def test_a_search_word_with_stop_words_matches_as_typed_not_inflected(tmp_path):
    idx = own_index_with_builtin(
        tmp_path,
        playbook(
            "en",
            [("Would you like your mum to join us?", ["companion"]), ("Thank you for waiting so long.", ["queue"])],
            [("companion", ["sit in"]), ("queue", ["queue"])],
        ),
    )
    assert engine.analyse(idx, "can my mum sit in", "en").tags.get("companion", 0) > engine.EXACT
    assert "companion" not in engine.analyse(idx, "sitting in the queue since eight", "en").tags


def test_a_search_word_of_stop_words_only_matches_as_a_run(own_index, tmp_path):
    # "where am I" is all stop words: no word of it means anything alone, the run does
    idx = own_index(
        tmp_path,
        playbook(
            "en",
            [("You're at the clinic, and I'm here with you.", ["lost"]), ("Thank you for waiting.", ["queue"])],
            [("lost", ["where am I"]), ("queue", ["queue"])],
        ),
    )
    assert engine.analyse(idx, 'she keeps asking "where am I"', "en").tags.get("lost", 0) >= engine.EXACT
    assert [h.text for h in engine.search(idx, engine.Query("she keeps asking where am i", lang="en", limit=1))] == [
        "You're at the clinic, and I'm here with you."
    ]
    for query in ("am I where", "I know where I am", "where is it"):  # the words out of order, or only some
        assert "lost" not in engine.analyse(idx, query, "en").tags, query


def test_its_one_word_alone_is_only_a_hint(own_index, tmp_path):
    idx = own_index(
        tmp_path,
        playbook(
            "en",
            [("Please stop filming.", ["filming"]), ("I'm listening on the line.", ["calls"])],
            [("filming", ["on his zebrafone"]), ("calls", ["zebrafone"])],
        ),
    )
    a = engine.analyse(idx, "zebrafone", "en")
    assert a.tags["calls"] == engine.EXACT
    assert a.tags["filming"] == pytest.approx(engine.EXACT * engine.LOOSE_WEIGHT) and a.tags["filming"] < a.tags["calls"]
    assert engine.analyse(idx, "filming me on his zebrafone", "en").tags["filming"] > engine.EXACT


def test_a_polish_sie_goes_with_its_verb_on_either_side(own_index, tmp_path):
    idx = own_index(
        tmp_path, playbook("pl", [("Nie ma powodu do wstydu.", ["wstyd"]), ("Proszę usiąść.", ["inne"])], [("wstyd", ["wstydzi się"]), ("inne", ["krzesło"])])
    )
    for query in ("pacjentka wstydzi się", "pacjentka się wstydzi", "wstydzi"):
        assert engine.analyse(idx, query, "pl").tags.get("wstyd", 0) >= engine.EXACT, query
    for query in ("wydziera się", "się wydziera"):
        assert "anger" in engine.analyse(index(), query, "pl").tags, query


def test_a_run_inside_a_longer_run_found_too_does_not_count(tmp_path):
    idx = own_index_with_builtin(
        tmp_path,
        playbook(
            "en",
            [("That sounds like a threat.", ["threat"]), ("I'll come back at ten with news.", ["later"])],
            [("threat", ["come back and find"]), ("later", ["come back"])],
        ),
    )
    a = engine.analyse(idx, "he says he'll come back and find me", "en")
    assert "threat" in a.tags and "later" not in a.tags
    assert engine.search(idx, engine.Query("he says he'll come back and find me", lang="en"))[0].tags == ("threat",)
    assert "later" in engine.analyse(idx, "please come back later", "en").tags


# --------------------------------------------------------------------------- feelings, senses


def test_the_index_knows_which_tags_are_feelings():
    assert {"anger", "sadness", "fear"} <= index().emotions("en")
    assert "price" not in index().emotions("pl")


@pytest.mark.parametrize("lang,query,wanted", [("en", "angry about the price", "price"), ("pl", "pijany pacjent awanturuje się", "safety")])
def test_the_situation_comes_before_the_feeling(lang, query, wanted, monkeypatch):
    idx = index()
    a = engine.analyse(idx, query, lang)
    feeling = next(t for t in a.tags if t in idx.emotions(lang))
    assert wanted in find(query, lang)[0].tags
    emotion = engine.EMOTION
    monkeypatch.setattr(engine, "EMOTION", 1.0)
    assert a.tags[feeling] == pytest.approx(engine.analyse(idx, query, lang).tags[feeling] * emotion) and emotion < 1.0


def test_a_word_that_names_both_a_feeling_and_a_situation_keeps_both():
    a = engine.analyse(index(), "yelling about the price", "en")
    assert a.tags["anger"] == engine.EXACT and a.tags["boundaries"] == engine.EXACT


def test_a_word_met_in_another_sense_counts_less(own_index, tmp_path, monkeypatch):
    idx = own_index(
        tmp_path,
        playbook(
            "en",
            [("Stay lying down for now.", ["rest"]), ("You feel you were misled; let's look at it together.", ["honesty"])],
            [("honesty", ["lying"]), ("rest", ["lie down"])],
        ),
    )

    def scores():
        return {idx.record(i).text: s for i, s in engine.rank(idx, engine.Query("accused of lying", lang="en"))}

    sensed, sense = scores(), engine.SENSE
    monkeypatch.setattr(engine, "SENSE", 1.0)
    plain = scores()
    assert sense < 1.0
    assert sensed["Stay lying down for now."] == pytest.approx(plain["Stay lying down for now."] * sense)
    assert sensed["You feel you were misled; let's look at it together."] == pytest.approx(plain["You feel you were misled; let's look at it together."])


# --------------------------------------------------------------------------- words as typed


def test_contractions_typed_without_an_apostrophe_read_as_with_one(own_index, tmp_path):
    idx = own_index(
        tmp_path,
        playbook("en", [("I'll speak more slowly.", ["hearing"]), ("Here is the form.", ["forms"])], [("hearing", ["can't hear"]), ("forms", ["form"])]),
    )
    for query in ("she cant hear me", "she can't hear me"):
        assert engine.analyse(idx, query, "en").tags.get("hearing", 0) > engine.EXACT, query
    assert all(part in STOP["en"] for parts in CONTRACTIONS["en"].values() for part in parts)
    assert engine.analyse(idx, "dont", "en").empty()


@pytest.mark.parametrize(
    "family",
    [
        "zadatek zadatku zadatkiem",
        "początek początku",
        "zestresowany zestresowana zestresowanego",
        "przestraszony przestraszonego przestraszonej",
        "zdenerwowany zdenerwowanego",
        "pies psa psem psu psy psów",
        "kot kota kotem koty",
        "piesek pieska",
        "wózek wózka",
        "zgubione zgubił zguba zgubiono zgubiona",
        "obciążenie obciążyli obciążono obciążona",
        "krzyczącego krzyczy krzyczący krzyczącej",
        "mówiący mówi mówiąc",
        "zmęczeni zmęczony zmęczona",
        "zaniepokojeni zaniepokojony",
        "odwołano odwołana odwołali",
        "pobraliśmy pobrali pobrał",
        "zgubiłeś zgubiłaś zgubił",
        "zrobiliście zrobili",
    ],
)
def test_more_polish_forms_meet(family):
    assert len({stem(tokens(w)[0], "pl") for w in family.split()}) == 1


@pytest.mark.parametrize(
    "lang,query,place_tag,wanted",
    [
        ("en", "aggressive man at the pharmacy", "prescription", "safety"),
        ("pl", "agresywny facet w aptece", "prescription", "safety"),
        ("en", "patient collapsed in the toilet", "facilities", "emergency"),
        ("pl", "pacjent zemdlał w toalecie", "facilities", "emergency"),
    ],
)
def test_a_place_named_in_a_query_is_not_the_situation(lang, query, place_tag, wanted):
    a = engine.analyse(index(), query, lang)
    assert wanted in a.tags and place_tag not in a.tags
    assert wanted in find(query, lang)[0].tags


# --------------------------------------------------------------------------- who, and what to write down


def staged_playbook(lang, stages, tags):
    """A small valid playbook: `stages` {stage id: [(text, [tags])]}, `tags` [(id, [search words])]."""
    lines = [f"kind: playbook\nid: own-{lang}\nlang: {lang}\ntitle: Own\ndescription: Test playbook.\nstages:"]
    for stage in ("listen", "empathize", "solve", "escalate", "document"):
        lines.append(f"  - id: {stage}\n    title: {stage.title()}\n    goal: Do it.\n    phrases:")
        lines += [f'      - {{text: "{text}", tags: [{", ".join(ts)}]}}' for text, ts in stages.get(stage, [(f"Zebra okapi giraffe {stage}.", [])])]
    lines.append("tags:")
    lines += [f"  - {{id: {t}, label: {t}, words: [{', '.join(ws)}]}}" for t, ws in tags]
    return "\n".join(lines) + "\n"


def test_a_word_for_a_person_names_the_situation_only_when_nothing_else_does(own_index, tmp_path, monkeypatch):
    idx = own_index(
        tmp_path,
        playbook(
            "en",
            [("Your relative is welcome to join you.", ["family"]), ("I'll ask the okapiboss to come over.", ["help"])],
            [("family", ["relative", "daughter"]), ("help", ["okapiboss"])],
        ),
    )
    a = engine.analyse(idx, "relative wants the okapiboss", "en")
    assert a.tags["help"] == engine.EXACT and a.tags["family"] == pytest.approx(engine.EXACT * engine.PERSON) and engine.PERSON < 1.0
    assert engine.search(idx, engine.Query("relative wants the okapiboss", lang="en"))[0].tags == ("help",)
    assert engine.analyse(idx, "daughter wants to see her relative", "en").tags["family"] >= engine.EXACT
    monkeypatch.setattr(engine, "PERSON", 1.0)
    assert engine.analyse(idx, "relative wants the okapiboss", "en").tags["family"] == engine.EXACT


def test_a_person_is_a_situation_next_to_a_feeling(own_index, tmp_path):
    idx = own_index(
        tmp_path,
        playbook("pl", [("Córka może wejść z Panią.", ["family"]), ("Widzę, że to złości.", ["anger"])], [("family", ["córka"]), ("anger", ["zła"])]),
    )
    idx.emotions("pl")  # the test playbook lists no emotions: every tag is a situation
    a = engine.analyse(idx, "córka zła", "pl")
    assert a.tags["family"] == engine.EXACT


def test_a_note_for_the_record_comes_after_what_to_say_unless_the_record_is_asked_for(own_index, tmp_path, monkeypatch):
    note = "Caller used abusive language at [time]; call ended."
    reply = "Please stop swearing, or I'll end the call."
    idx = own_index(
        tmp_path,
        staged_playbook(
            "en",
            {
                "escalate": [(reply, ["boundaries"])],
                "document": [(note, ["documentation", "boundaries"]), ("Incident logged for the team.", ["documentation"])],
            },
            [("boundaries", ["abusive", "swearing"]), ("documentation", ["write up", "incident"])],
        ),
    )
    assert idx.note_tags("en") == {"documentation"}

    def scores(query):
        return {idx.record(i).text: s for i, s in engine.rank(idx, engine.Query(query, lang="en"))}

    damped = scores("abusive caller swearing")
    assert engine.search(idx, engine.Query("abusive caller swearing", lang="en"))[0].text == reply
    monkeypatch.setattr(engine, "NOTE", 1.0)
    plain = scores("abusive caller swearing")
    assert damped[note] < plain[note] and damped[reply] == pytest.approx(plain[reply])
    monkeypatch.undo()
    asked = scores("write up abusive caller swearing")
    assert max(asked, key=lambda t: asked[t]) == note


def test_a_feeling_word_met_in_a_phrase_counts_less_next_to_a_situation(monkeypatch):
    # "angry" in "You're angry because…" is the feeling again, not what happened
    idx = index()
    a = engine.analyse(idx, "angry about the price", "en")
    feeling = stem("angry", "en")
    assert a.body[feeling] == pytest.approx(engine.EXACT * engine.EMOTION)
    assert engine.analyse(idx, "angry", "en").body[feeling] == engine.EXACT
    monkeypatch.setattr(engine, "EMOTION", 1.0)
    assert engine.analyse(idx, "angry about the price", "en").body[feeling] == engine.EXACT
    monkeypatch.undo()
    top = find("obcokrajowiec zły, nie rozumie", "pl")[0]
    assert "language" in top.tags, top.text


@pytest.mark.parametrize(
    "lang,short,full",
    [
        ("en", "patient late for appt", "patient late for appointment"),
        ("en", "dr was rude", "doctor was rude"),
        ("en", "waited 5 hrs in a&e", "waited 5 hours in emergency"),
        ("en", "waited 5 hrs in A and E", "waited 5 hours in emergency"),
        ("pl", "spóźnił się na wiz.", "spóźnił się na wizytę"),
        ("pl", "nie może się dodzwonić, tel. zajęty", "nie może się dodzwonić, telefon zajęty"),
    ],
)
def test_short_forms_staff_type_read_as_the_word(lang, short, full):
    idx = index()
    a, b = engine.analyse(idx, short, lang), engine.analyse(idx, full, lang)
    assert a.tags == b.tags and a.body == b.body
    assert [h.text for h in find(short, lang)] == [h.text for h in find(full, lang)]


@pytest.mark.parametrize("lang,query,wanted", [("en", "man demands to see the manager now", "help"), ("pl", "klient żąda kierownika natychmiast", "help")])
def test_a_hurry_is_no_situation(lang, query, wanted):
    a = engine.analyse(index(), query, lang)
    assert "waiting" not in a.tags or a.tags["waiting"] < engine.EXACT
    assert wanted in find(query, lang)[0].tags


@pytest.mark.parametrize("family", ["dismissed dismissive dismissing", "aggressive aggression", "abusive abuse", "confusion confused"])
def test_english_word_families_meet(family):
    assert len({stem(w, "en") for w in family.split()}) == 1


@pytest.mark.parametrize(
    "lang,query,place_tag",
    [("en", "relatives arguing at dad's bedside", "facilities"), ("pl", "rodzeństwo kłóci się przy łóżku ojca", "facilities")],
)
def test_a_bedside_is_where_not_what(lang, query, place_tag):
    a = engine.analyse(index(), query, lang)
    assert place_tag not in a.tags and "conflict" in a.tags


def test_a_search_word_with_a_word_or_two_between_its_words_still_counts(own_index, tmp_path):
    idx = own_index(
        tmp_path,
        playbook(
            "en",
            [("You'll hear from the zebra team.", ["stripes"]), ("Here is the okapi form.", ["okapi"])],
            [("stripes", ["zebra team"]), ("okapi", ["form"])],
        ),
    )
    assert engine.analyse(idx, "zebra team", "en").tags["stripes"] == pytest.approx(engine.EXACT * 1.2)
    assert engine.analyse(idx, "zebra night team", "en").tags["stripes"] == pytest.approx(engine.EXACT * engine.GAPPED)
    assert engine.analyse(idx, "zebra in the night shift team", "en").tags["stripes"] == pytest.approx(engine.EXACT * engine.GAPPED)
    assert "stripes" not in engine.analyse(idx, "zebra came at night shift with the team", "en").tags
    assert "stripes" not in engine.analyse(idx, "team zebra", "en").tags
    assert engine.GAP == 2
    for lang, query, wanted in (
        ("pl", "nie ma wolnych terminów do końca miesiąca", "reschedule"),
        ("en", "been waiting a year for an operation", "waiting_list"),
    ):
        assert wanted in find(query, lang)[0].tags, query


def test_a_polish_verb_with_a_prefix_reaches_a_short_stem():
    # "zwyzywał" is "wyzywa" with a prefix; its stem without it has only three letters
    a = engine.analyse(index(), "zwyzywał rejestratorkę", "pl")
    assert "boundaries" in a.tags
    assert not any(len(term) <= 3 for term in a.body)  # "wyz" as text would meet "wyżej"
    assert "boundaries" in find("zwyzywał rejestratorkę", "pl")[0].tags


@pytest.mark.parametrize("lang,meta,topic", [("en", "complaint", "okapifood"), ("en", "problem", "okapifood"), ("pl", "skarga", "okapijedzenie")])
def test_a_meta_word_counts_less_than_the_topic_it_comes_with(own_index, tmp_path, monkeypatch, lang, meta, topic):
    idx = own_index(
        tmp_path,
        playbook(
            lang,
            [(f"If you would like to make a {meta}, I will show you how.", ["complaint"]), ("Sorry the meal was cold.", ["facilities"])],
            [("complaint", [meta]), ("facilities", [topic])],
        ),
    )
    query = f"{meta} about the {topic}" if lang == "en" else f"{meta} na {topic}"
    a = engine.analyse(idx, query, lang)
    assert a.tags["facilities"] == engine.EXACT and engine.META_WEIGHT < 1.0
    assert a.tags["complaint"] == pytest.approx(engine.EXACT * engine.META_WEIGHT)
    assert "facilities" in engine.search(idx, engine.Query(query, lang=lang))[0].tags
    # a query only about the complaint keeps it whole
    assert engine.analyse(idx, f"how to handle a {meta}", lang).tags["complaint"] == engine.EXACT
    monkeypatch.setattr(engine, "META_WEIGHT", 1.0)
    assert engine.analyse(idx, query, lang).tags["complaint"] == engine.EXACT


@pytest.mark.parametrize(
    "lang,query,wanted",
    [
        ("en", "complaint about hospital parking fine", "park"),
        ("en", "complaint about cold food in hospital", "meal|food"),
        ("pl", "skarga na zimne jedzenie", "posiłek|jedzen"),
    ],
)
def test_a_complaint_about_something_finds_the_something(lang, query, wanted):
    import re

    assert re.search(wanted, find(query, lang, limit=1)[0].text, re.I)


@pytest.mark.parametrize(
    "lang,query,wanted",
    [
        ("en", "angry man says we lost his referral", "referral"),
        ("en", "reminder text never arrived", "reminder"),
        ("en", "customer says pharmacist gave wrong change", "change"),
        ("en", "family angry mum discharged too early", "discharge"),
        ("en", "caller says nobody ever rings back", "rang you back|call you"),
        ("en", "patient says receptionist laughed at her", "laughed"),
        ("en", "son says dad not being fed on ward", "meals"),
        ("pl", "przychodnia zgubiła skierowanie", "skierowanie"),
        ("pl", "nie przyszedł sms z przypomnieniem", "przypomnieniem"),
        ("pl", "klient mówi że źle wydano resztę", "reszty"),
        ("pl", "rodzina uważa że wypisali za wczesnie", "wypisie"),
        ("pl", "syn mowi ze ojciec glodny na oddziale", "posiłk"),
        ("pl", "pani nie chce się zważyć", "skrępow|krępuj"),
    ],
)
def test_situations_a_fifth_author_typed_are_found(lang, query, wanted):
    import re

    assert re.search(wanted, find(query, lang, limit=1)[0].text, re.I)

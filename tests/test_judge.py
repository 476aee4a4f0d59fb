"""The judge of wording: failure classes read by structure, rules as data, safe patterns,
language detection and confidence.

Every class of mistake named in the judge issue has a case in English and in Polish, and
each asserts the verdict AND the signal (kind and the words it sits on), so a fix that
guesses the verdict for the wrong reason still fails.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from empathy_cli.coach import check, judgemodel
from empathy_cli.coach.check import SEGMENT, check_reply, segments
from empathy_cli.coach.safepattern import problem
from empathy_cli.content.library import load_library


@pytest.fixture(scope="module")
def books(content_of):
    lib = content_of()  # the built-in content (parsed once a session)
    return {lang: [e.content for e in lib.playbooks(lang)] for lang in ("en", "pl")}


def judged(books, lang: str, text: str):
    return check_reply(text, books[lang], lang)


def spans(result, kind: str) -> list[str]:
    return [s.text for s in result.signals if s.kind == kind]


# (lang, reply, verdict, kind that must be shown on these words or None, words, kind that must NOT be shown)
CLASSES = {
    "negation and contrast": [
        ("en", "I'm not going to tell you to relax – you've every right to be cross.", "de-escalating", "empathy", "you've every right to be", "minimizing"),
        ("en", "That wasn't your mistake.", "de-escalating", "empathy", "That wasn't your mistake", "blame"),
        ("pl", "Nie powiem Panu, żeby się Pan uspokoił – ma Pan prawo być zły.", "de-escalating", "empathy", "prawo być", "minimizing"),
        ("pl", "Nie ma w tym Pani winy.", "de-escalating", "empathy", "Nie ma w tym Pani winy", "blame"),
        ("en", "I won't tell you to calm down – this is a long wait and I'm sorry.", "de-escalating", "apology", "I'm sorry", "minimizing"),
        # "calm down" said in the past-tense form of a wish ("żeby się Pan uspokoił"): negated, kind; not, minimising
        ("pl", "Nie mówię, żeby się Pani uspokoiła. Ma Pani prawo być zdenerwowana po takim czekaniu.", "de-escalating", None, None, "minimizing"),
        ("pl", "Chciałabym, żeby się Pan wreszcie uspokoił.", "escalating", "minimizing", "uspokoił", None),
    ],
    "non-apologies and 'sorry, but' + blame or policy": [
        ("en", "I'm sorry you see it that way.", "escalating", "dismissal", "sorry you see it that way", "apology"),
        ("en", "Apologies if that upset you.", "escalating", "dismissal", "Apologies if that upset", "apology"),
        ("pl", "Przykro mi, że Pan to tak odbiera.", "escalating", "dismissal", "Przykro mi, że Pan to tak odbiera", "apology"),
        ("pl", "Przepraszam, ale to Pan pomylił godziny.", "escalating", "blame", "to Pan pomylił", "apology"),
        (
            "en",
            "I get that you're upset, but you were twenty minutes late, so we had to give your slot away.",
            "escalating",
            "dismissal",
            "you were twenty minutes late, so we had to give your slot away",
            "empathy",
        ),
        (
            "pl",
            "Rozumiem, że jest Pani zdenerwowana, ale spóźniła się Pani dwadzieścia minut.",
            "escalating",
            "dismissal",
            "spóźniła się Pani dwadzieścia minut",
            "empathy",
        ),
    ],
    "politeness hiding a wall": [
        ("en", "Thanks for raising it; the matter is closed.", "escalating", "dismissal", "matter is closed", "empathy"),
        ("en", "I appreciate that, but we do ask clients to allow extra time.", "escalating", None, None, "empathy"),
        ("pl", "Zgodnie z cennikiem korekta jest płatna, pozdrawiam.", "escalating", "dismissal", "Zgodnie z cennikiem", None),
    ],
    "rhetorical and sarcastic questions": [
        ("en", "And what exactly did you expect for that price?", "escalating", "blame", "what exactly did you expect", "open_question"),
        ("en", "Oh great, so now it's our fault?", "escalating", "dismissal", "Oh great, so", "apology"),
        ("pl", "Serio, znowu Pani?", "escalating", "dismissal", "Serio, znowu Pani?", None),
        ("en", "Do you want to be seen or do you want to argue?", "escalating", "dismissal", None, "options"),
    ],
    "ultimatums without security or police": [
        ("en", "Keep raising your voice and this call is over.", "escalating", "threat", "and this call is over", None),
        ("pl", "Jeszcze raz Pan tak powie, to kończę rozmowę.", "escalating", "threat", "kończę rozmowę", None),
    ],
    "dismissal without trigger words": [
        ("en", "Not my department.", "escalating", "dismissal", "Not my department", None),
        ("en", "Plenty of people manage to fill this in.", "escalating", "dismissal", "Plenty of people manage", None),
        ("pl", "Ja tu tylko pracuję.", "escalating", "dismissal", "Ja tu tylko pracuję", None),
        ("pl", "Proszę nie dyskutować z lekarzem.", "escalating", "dismissal", "Proszę nie dyskutować", None),
    ],
    "empty acknowledgements and requests": [
        ("en", "I see.", "neutral", None, None, None),
        ("pl", "Rozumiem.", "neutral", None, None, None),
        ("pl", "Sprawdzę.", "neutral", None, None, None),
        ("pl", "Poproszę dowód.", "neutral", None, None, "options"),
    ],
    "Polish inflection, register and missing diacritics": [
        ("pl", "niech sie pan nie denerwuje", "escalating", "minimizing", "nie denerwuje", None),
        ("pl", "uspokój się pani", "escalating", "minimizing", "uspokój", None),
        ("pl", "prosze nie krzyczec", "escalating", "dismissal", "prosze nie krzyczec", None),
        ("pl", "Nie przesadzaj, wszystkich boli po wyrwaniu ósemki.", "escalating", "minimizing", "Nie przesadzaj", None),
        ("pl", "Nie przesadza Pani, to trzeba sprawdzić.", "de-escalating", "empathy", "Nie przesadza", "minimizing"),
        (
            "pl",
            "Szanowna Pani, informujemy, że reklamacja nie została uwzględniona. Z poważaniem, Dział Obsługi Klienta",
            "escalating",
            "dismissal",
            "reklamacja nie została uwzględniona",
            None,
        ),
    ],
}


@pytest.mark.parametrize(
    "lang,text,verdict,kind,words,absent",
    [case for cases in CLASSES.values() for case in cases],
    ids=[f"{name}: {case[1][:40]}" for name, cases in CLASSES.items() for case in cases],
)
def test_failure_classes_are_judged_on_the_right_words(books, lang, text, verdict, kind, words, absent):
    result = judged(books, lang, text)
    assert result.verdict == verdict, result.to_dict()
    if kind:
        assert spans(result, kind), result.to_dict()
    if words:
        assert words in spans(result, kind), result.to_dict()
    if absent:
        assert not spans(result, absent), result.to_dict()
    for s in result.signals:  # every signal sits on the person's own words and names its rule
        assert text[s.start : s.end] == s.text and s.rule


def test_every_class_is_covered_in_both_languages():
    for name, cases in CLASSES.items():
        if name.startswith("Polish"):
            continue
        assert {c[0] for c in cases} == {"en", "pl"}, name


def test_a_hollow_apology_is_set_aside_with_its_reason(books):
    result = judged(books, "en", "I'm sorry, but rules are rules.")
    assert spans(result, "apology") == []
    assert any(r.startswith("contrast.undercut:en.apology.") for r in result.reasons)


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "I can't do anything about the price myself, but I can ask the manager today."),
        ("pl", "Nic nie mogę zrobić z ceną sama, ale mogę dziś zapytać kierownika."),
    ],
)
def test_help_after_but_rescues_a_cant(books, lang, text):
    result = judged(books, lang, text)
    assert result.verdict == "de-escalating", result.to_dict()
    assert not spans(result, "dismissal")
    assert any(r.startswith(("contrast.rescued:", "vetoed.dismissal:")) for r in result.reasons)


# --------------------------------------------------------------------------- rules as data


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_rule_files_have_stable_unique_ids_valid_kinds_and_safe_patterns(lang):
    from empathy_cli.content.signals import SIGNAL_KINDS

    data = check.load_rule_data(lang)
    ids = [r["id"] for r in data["rules"]]
    assert len(ids) == len(set(ids)) >= 100
    assert all(rid.startswith(f"{lang}.{r['kind']}.") for rid, r in zip(ids, data["rules"]))
    assert {r["kind"] for r in data["rules"]} <= set(SIGNAL_KINDS)
    for r in data["rules"]:
        assert problem(r["pattern"]) is None, r["id"]
        for veto in ("veto_before", "veto_after", "veto_within"):
            assert r.get(veto) in (None, *data["vetoes"]), r["id"]
    assert all(problem(p) is None for p in [*data["vetoes"].values(), *data["structure"].values()])
    # A doubled apostrophe is a YAML quoting slip (four apostrophes inside a single-quoted
    # string are two): folded text never holds one, so such a rule never fires on "won't".
    assert not [r["id"] for r in data["rules"] if "''" in r["pattern"]]


@pytest.mark.parametrize(
    "text, rule",
    [
        ("I won't pretend this was OK. We let you down.", "en.apology.ownership"),
        ("You're not in trouble, nobody is blaming you.", "en.empathy.not-in-trouble"),
        ("Well, that's your opinion.", "en.dismissal.your-opinion"),
        ("I don't make the rules.", "en.dismissal.dont-make-rules"),
    ],
)
def test_rules_with_contractions_fire_on_contracted_words(text, rule):
    assert rule in {h.hit.rule for h in check.analyse(text, [], "en").active}


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_shipped_judge_was_built_from_the_rule_file_as_it_is(lang):
    """Rebuild with `python scripts/train_judge.py` after editing a rule file."""
    shipped = json.loads((check._HERE / "data" / f"judge-{lang}.json").read_text(encoding="utf-8"))
    assert shipped["rules_sha256"] == hashlib.sha256(check.rule_file(lang).read_bytes()).hexdigest()
    assert shipped["rules"] == check.load_rule_data(lang)
    weights = judgemodel.load(lang)["weights"]
    assert len(weights) > 1000
    assert all(len(weights[name]) == 3 for name in list(weights)[:50])


# --------------------------------------------------------------------------- safety and bounded work


@pytest.mark.parametrize(
    "pattern,why",
    [
        (r"(x+x+)+y", "nested repetition"),
        (r"(\w+ )+end", "nested repetition"),
        (r"(a*)*", "nested repetition"),
        (r"(a|b)\1", "back-references"),
        (r"(?P<w>a)(?P=w)", "back-references"),
        (r"(unclosed", "not a valid"),
    ],
)
def test_unsafe_patterns_are_refused_with_a_reason(pattern, why):
    assert why in (problem(pattern) or "")


@pytest.mark.parametrize("pattern", [r"\bcalm (yourself )?down\b", r"( (very|really|so))* upset", r"(\w+ ){0,3}fault", r"[(]+x"])
def test_ordinary_patterns_are_safe(pattern):
    assert problem(pattern) is None


def test_validate_names_an_unsafe_signal_and_the_judge_never_runs_it(runner, tmp_path, books):
    from empathy_cli.cli.app import app
    from empathy_cli.paths import builtin_playbooks

    text = (builtin_playbooks() / "en" / "aesthetic-clinic.yaml").read_text(encoding="utf-8")
    text = text.replace("id: aesthetic-clinic", "id: evil-clinic", 1)
    assert "\nsignals:\n" in text
    text = text.replace("\nsignals:\n", "\nsignals:\n  - kind: blame\n    patterns: ['(x+x+)+y']\n", 1)
    folder = tmp_path / "pb"
    folder.mkdir()
    (folder / "evil.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert "[E205]" in result.stdout and "nested repetition" in result.stdout
    evil = [e.content for e in load_library([folder], use_cache=False).playbooks("en") if e.content.id == "evil-clinic"]
    assert all(r.rx.source != "(x+x+)+y" for r in check.playbook_rules(evil))
    check_reply("x" * 30, evil, "en")  # would take exponential time if the pattern ran


def test_long_replies_are_read_in_bounded_sentences_and_cut_at_the_limit(books):
    run_on = "that's our policy but " * 900  # ~19,800 characters, no full stop
    assert all(s.end - s.start <= SEGMENT for s in segments(run_on))
    result = judged(books, "en", run_on)
    assert result.verdict == "escalating"
    huge = judged(books, "en", "I'm sorry. " * 3000)
    assert "truncated" in huge.reasons


# --------------------------------------------------------------------------- confidence and language


def test_rules_decide_when_the_model_is_unsure_and_the_reading_is_plain():
    even = (1.0, 1.0, 1.0)  # the mechanism, apart from the shipped prior
    verdict, confidence, by_rules = judgemodel.decide([0.45, 0.3, 0.25], pos=1.0, neg=0.0, plain=True, prior=even)
    assert (verdict, by_rules) == ("de-escalating", True) and confidence >= judgemodel.SURE
    verdict, _, by_rules = judgemodel.decide([0.45, 0.3, 0.25], pos=1.0, neg=0.0, plain=False, prior=even)
    assert (verdict, by_rules) == ("escalating", False)
    verdict, confidence, by_rules = judgemodel.decide([0.1, 0.1, 0.8], pos=0.0, neg=1.5, plain=True)
    assert (verdict, by_rules) == ("de-escalating", False) and confidence > 0.7


def test_unsure_verdicts_say_so(runner, monkeypatch):
    from empathy_cli.cli.app import app

    monkeypatch.setattr(judgemodel, "probabilities", lambda f, w: [0.4, 0.35, 0.25])
    result = runner.invoke(app, ["check", "We'll see about that.", "--lang", "en"])
    assert "Not sure" in result.stdout
    data = json.loads(runner.invoke(app, ["check", "We'll see about that.", "--lang", "en", "--json"]).stdout)
    assert data["unsure"] is True and data["confidence"] < 0.6 and "model" in data["reasons"]


def test_polish_without_lang_in_a_c_locale_is_judged_in_polish(runner):
    from empathy_cli.cli.app import app

    text = "Przykro mi, ale nic nie mogę zrobić, takie są procedury."
    result = runner.invoke(app, ["check", text])
    assert result.exit_code == 1
    assert "judged in Polish" in result.stdout
    data = json.loads(runner.invoke(app, ["check", text, "--json"]).stdout)
    assert data["lang"] == "pl" and data["detected_lang"] == "pl" and data["verdict"] == "escalating"
    kept = json.loads(runner.invoke(app, ["check", text, "--json", "--lang", "en"]).stdout)
    assert kept["lang"] == "en" and kept["detected_lang"] is None  # an explicit --lang is obeyed


def test_english_stays_english(runner):
    from empathy_cli.cli.app import app

    data = json.loads(runner.invoke(app, ["check", "Calm down, it's only a bit of swelling.", "--json"]).stdout)
    assert data["lang"] == "en" and data["detected_lang"] is None and data["verdict"] == "escalating"


# ------------------------------------------------------------- classes found by author


@pytest.mark.parametrize(
    "lang, text, rule, verdict",
    [
        ("en", "Do we look like a bank to you?", "en.dismissal.do-i-look-like", "escalating"),
        ("en", "Are you always this impatient with the girls on reception?", "en.blame.are-you-always", "escalating"),
        ("en", "Your husband is being a bit dramatic about a flu jab.", "en.minimizing.someone-being-dramatic", "escalating"),
        ("en", "Honestly, stop wasting the nurse's time.", "en.dismissal.wasting-time", "escalating"),
        ("en", "Feel free to go elsewhere.", "en.dismissal.feel-free-to-complain", "escalating"),
        ("en", "If she'd rung first she wouldn't have had to queue.", "en.blame.if-you-had-then", "escalating"),
        ("en", "You don't have to explain anything to me right now. Take a seat and we'll go through it.", "en.empathy.no-pressure", "de-escalating"),
        ("en", "I'm glad you told us straight away.", "en.empathy.glad-you-told-us", "de-escalating"),
        ("en", "Someone will keep you informed while you wait, even if nothing changes.", "en.options.keep-you-updated", "de-escalating"),
        ("pl", "Tłumaczę Pani jak dziecku, druga rejestracja jest na dole.", "pl.dismissal.jak-dziecku", "escalating"),
        ("pl", "No i co z tego, że czekała Pani godzinę?", "pl.dismissal.i-co-z-tego", "escalating"),
        ("pl", "To była Pana decyzja, żeby przerwać leczenie.", "pl.blame.to-byla-pani-decyzja", "escalating"),
        ("pl", "Zapraszam do sądu, jeśli się Pani nie podoba.", "pl.dismissal.do-sadu", "escalating"),
        ("pl", "Spróbujmy na spokojnie ustalić, co poszło nie tak.", "pl.options.zrobmy", "de-escalating"),
        ("pl", "Możemy od razu wydrukować nowe skierowanie.", "pl.options.mozemy-zrobic", "de-escalating"),
        ("pl", "Doceniam, że od razu Pan do nas zadzwonił.", "pl.empathy.doceniam", "de-escalating"),
        ("pl", "Nic nie mogę zrobić, takie są zasady.", None, "escalating"),
        ("en", "There's no need to get personal, sir.", "en.minimizing.no-need-to-get", "escalating"),
        ("en", "Well, if she skipped the follow-up, that's on her.", "en.blame.thats-on-you", "escalating"),
        ("en", "It's been a hard shift for all of us, you know.", "en.dismissal.some-of-us", "escalating"),
        ("en", "I'm not going to brush this off. I'll ring the ward now and come back to you.", "en.empathy.not-fobbing-off", "de-escalating"),
        ("pl", "Ale co Pani taka drażliwa dzisiaj?", "pl.minimizing.jaki-pan-drazliwy", "escalating"),
        ("pl", "Czy Pani mnie w ogóle rozumie?", "pl.blame.czy-pan-w-ogole-slucha", "escalating"),
        ("pl", "Nie będę Pana odsyłać od okienka do okienka, zaraz to sprawdzę.", "pl.empathy.nie-bede-zbywac", "de-escalating"),
        ("pl", "Jutro rano omówimy to z lekarzem i oddzwonimy przed dziesiątą.", "pl.options.zrobimy", "de-escalating"),
        # reassurance built on negation (dev6's class): the "not" takes a fear away
        ("en", "Honestly, you haven't done anything wrong; that form confuses everyone.", "en.empathy.not-your-fault", "de-escalating"),
        ("en", "You're not wasting anyone's time by checking twice.", "en.empathy.not-your-doing", "de-escalating"),
        ("en", "There's no need to apologise, these forms confuse everyone.", "en.empathy.no-pressure", "de-escalating"),
        ("en", "I've written it all down, so you won't have to go through it again with the nurse.", "en.empathy.no-pressure", "de-escalating"),
        ("en", "Nobody here will think less of you for asking.", "en.empathy.nobody-judges", "de-escalating"),
        ("en", "You won't be billed for today; the clinic cancelled, not you.", "en.empathy.no-charge", "de-escalating"),
        ("pl", "To naprawdę nie Pani wina, że list przyszedł na stary adres.", "pl.empathy.not-your-fault", "de-escalating"),
        ("pl", "Nie zawraca nam Pani głowy, od tego tu jesteśmy.", "pl.empathy.otucha-nic-zlego", "de-escalating"),
        ("pl", "Nie musi się Pan z niczego tłumaczyć, te formularze każdego mylą.", "pl.empathy.otucha-nie-musi", "de-escalating"),
        ("pl", "Nikt tu Pani nie ocenia za to pytanie.", "pl.empathy.otucha-nikt-nie", "de-escalating"),
        ("pl", "Nie naliczymy opłaty za dzisiejszą wizytę, bo to przychodnia ją odwołała.", "pl.empathy.otucha-bez-oplaty", "de-escalating"),
    ],
)
def test_classes_found_by_leaving_an_author_out(books, lang, text, rule, verdict):
    """Written for this test, not taken from any labelled set: each class, in new words."""
    fired = {h.hit.rule for h in check.analyse(text, [], lang).active}
    if rule:
        assert rule in fired
    if verdict:
        assert check.check_reply(text, books[lang], lang).verdict == verdict


@pytest.mark.parametrize(
    "lang, said, mentioned",
    [
        ("pl", "Skarbie, proszę usiąść i poczekać.", "Proszę nie mówić do mnie „skarbie”; jestem Kasia i zaraz sprawdzę tę receptę."),
        ("pl", "Moja droga, proszę czekać na swoją kolej.", 'Wolałabym, żeby nie mówiła Pani do mnie "moja droga". Mam na imię Ola, sprawdźmy ten termin.'),
        ("en", "Just relax and take a seat.", "When you said 'just relax' earlier, I didn't mean to brush you off. Let's look at this together."),
    ],
)
def test_words_in_quotation_marks_are_mentioned_not_said(books, lang, said, mentioned):
    # The same words: said to the client they are a move; quoted, they are the subject.
    kinds = {h.hit.kind for h in check.analyse(said, [], lang).active}
    assert kinds & {"dismissal", "minimizing"}
    quoted = check.analyse(mentioned, [], lang)
    assert not {h.hit.kind for h in quoted.active} & {"dismissal", "minimizing"} and "quoted" in quoted.reasons
    assert check.check_reply(mentioned, books[lang], lang).verdict != "escalating"


def test_apostrophes_are_not_quotation_marks():
    assert check._quoted("Don't worry, it's Mr O'Brien's file and we'll sort it.") == []
    assert check._quoted("She said 'sorry' twice.") == [(9, 16)]


def test_a_word_that_only_ends_like_a_lets_form_is_not_an_offer():
    fired = {h.hit.rule for h in check.analyse("Jest Pan bardzo nieuprzejmy.", [], "pl").active}
    assert "pl.options.zrobmy" not in fired

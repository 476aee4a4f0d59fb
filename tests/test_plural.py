"""One plural rule (`i18n.plural_form`, `i18n.plural`, and ``{count:one|few|many}`` in
catalogue strings): English 1 / other, Polish 1 / 2–4 (not 12–14) / 0 and 5+."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from empathy_cli import i18n


@pytest.mark.parametrize(
    "n, form",
    [
        (0, "many"),
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (11, "many"),
        (12, "many"),
        (14, "many"),
        (21, "many"),
        (22, "few"),
        (24, "few"),
        (25, "many"),
        (102, "few"),
        (112, "many"),
        (1003, "few"),
    ],
)
def test_polish_forms(n, form):
    assert i18n.plural_form(n, "pl") == form


@pytest.mark.parametrize("n, form", [(0, "many"), (1, "one"), (2, "many"), (3, "many"), (22, "many"), (101, "many")])
def test_english_forms(n, form):
    assert i18n.plural_form(n, "en") == form


def test_plural_picks_the_word():
    assert [i18n.plural(n, "plik|pliki|plików", "pl") for n in (1, 2, 5, 12, 22)] == ["plik", "pliki", "plików", "plików", "pliki"]
    assert [i18n.plural(n, "file|files", "en") for n in (0, 1, 2)] == ["files", "file", "files"]


def test_catalogue_strings_count_in_both_languages():
    i18n.set_lang("en")
    assert i18n.t("validate.summary_bad", problems=1, bad=1, files=1) == "1 problem in 1 of 1 file."
    assert i18n.t("validate.summary_bad", problems=3, bad=2, files=5) == "3 problems in 2 of 5 files."
    assert i18n.t("rehearse.resumed", n=1) == "Resuming the rehearsal after 1 reply."
    assert i18n.t("rehearse.resumed", n=2) == "Resuming the rehearsal after 2 replies."
    i18n.set_lang("pl")
    assert i18n.t("validate.summary_bad", problems=1, bad=1, files=1) == "1 problem w 1 z 1 pliku."
    assert i18n.t("validate.summary_bad", problems=3, bad=2, files=5) == "3 problemy w 2 z 5 plików."
    assert i18n.t("validate.summary_bad", problems=12, bad=2, files=22) == "12 problemów w 2 z 22 plików."
    assert i18n.t("validate.summary_ok", files=1) == "Sprawdzono 1 plik: bez problemów."
    assert i18n.t("validate.summary_ok", files=3) == "Sprawdzono 3 pliki: bez problemów."
    assert i18n.t("rehearse.resumed", n=1) == "Wznowienie ćwiczenia po 1 odpowiedzi."
    assert i18n.t("rehearse.resumed", n=5) == "Wznowienie ćwiczenia po 5 odpowiedziach."
    assert i18n.t("encounter.resume_option", when="x", playbook="p", count=2, stage="s") == "x · p · 2 odpowiedzi · przerwano na etapie: s"
    assert i18n.t("log.exported", count=1, path="a") == "Zapisano 1 raport do a."
    assert i18n.t("log.exported", count=4, path="a") == "Zapisano 4 raporty do a."
    assert i18n.t("log.exported", count=5, path="a") == "Zapisano 5 raportów do a."
    assert i18n.t("phrases.elsewhere", count=3, name="angielskim", lang="en") == "3 zwroty pasują w języku angielskim: dodaj --lang en"


def test_a_polish_string_falling_back_to_english_counts_in_english():
    i18n.set_lang("pl")

    class Area:  # a catalogue with an English string only
        EN = {"x": "{n} {n:file|files}"}
        PL: dict = {}

    import sys

    sys.modules["empathy_cli.i18n._plural_probe"] = Area  # type: ignore[assignment]
    try:
        assert i18n.t("_plural_probe.x", n=2) == "2 files"
    finally:
        del sys.modules["empathy_cli.i18n._plural_probe"]


_SPEC = re.compile(r"\{(\w+):([^{}]*\|[^{}]*)\}")


def _catalogues():
    for info in pkgutil.iter_modules(i18n.__path__):
        module = importlib.import_module(f"empathy_cli.i18n.{info.name}")
        for lang in ("EN", "PL"):
            table = getattr(module, lang, None)
            if isinstance(table, dict):
                yield info.name, lang, table


def test_every_counted_word_has_the_forms_of_its_language():
    """English strings give two forms (one|other), Polish ones three (1 | 2–4 | 5+)."""
    found = 0
    for area, lang, table in _catalogues():
        for key, text in table.items():
            for _, forms in _SPEC.findall(str(text)):
                found += 1
                expected = 2 if lang == "EN" else 3
                assert forms.count("|") + 1 == expected, f"{area}.{key} ({lang}): {forms}"
    assert found >= 40


def test_no_catalogue_string_hedges_a_plural():
    """No "reply(ies)", "problem(s)" or "Problemów: 1" left: counted words agree."""
    for area, lang, table in _catalogues():
        for key, text in table.items():
            assert not re.search(r"\w\((s|es|ies)\)", str(text)), f"{area}.{key} ({lang}): {text}"
    assert "Problemów:" not in str(importlib.import_module("empathy_cli.i18n.validate").PL)

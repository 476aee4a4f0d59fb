"""Interface strings: one catalogue per area, same keys and placeholders in every language."""

from __future__ import annotations

import importlib
import pkgutil
import string

import pytest

from empathy_cli import i18n

AREAS = [m.name for m in pkgutil.iter_modules(i18n.__path__)]


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("area", AREAS)
def test_every_language_has_the_same_keys_and_placeholders(area):
    module = importlib.import_module(f"empathy_cli.i18n.{area}")
    for lang in i18n.SUPPORTED:
        table = getattr(module, lang.upper())
        assert set(table) == set(module.EN), f"{area}.{lang}: keys differ"
        for key, text in table.items():
            assert fields(text) == fields(module.EN[key]), f"{area}.{key} ({lang})"


@pytest.mark.parametrize(
    "env, option, expected",
    [
        ({}, None, "en"),
        ({"LANG": "pl_PL.UTF-8"}, None, "pl"),
        ({"LANG": "pl_PL.UTF-8", "LANGUAGE": "en_GB:pl"}, None, "en"),
        ({"LANGUAGE": "de:pl"}, None, "pl"),
        ({"LANG": "pl_PL.UTF-8", "EMPATHY_LANG": "en"}, None, "en"),
        ({"EMPATHY_LANG": "en"}, "pl", "pl"),
        ({"LANG": "C"}, None, "en"),
        ({"LC_ALL": "pl_PL"}, None, "pl"),
    ],
)
def test_language_choice(environ, monkeypatch, env, option, expected):
    for var, value in env.items():
        environ[var] = value
    assert i18n.choose(option) == expected


def test_translation_and_fallback():
    assert i18n.t("common.stage.listen", in_lang="pl") == "Wysłuchaj"
    assert i18n.t("common.stage.listen", in_lang="de") == "Listen"
    i18n.set_lang("pl")
    assert i18n.t("validate.summary_ok", files=3).startswith("Sprawdzono")


def test_signal_kinds_agree_with_the_model_literal():
    import typing

    from empathy_cli.content.models import SignalKind
    from empathy_cli.content.signals import NEGATIVE_SIGNALS, POSITIVE_SIGNALS, SIGNAL_KINDS

    assert typing.get_args(SignalKind) == SIGNAL_KINDS
    assert POSITIVE_SIGNALS | NEGATIVE_SIGNALS == set(SIGNAL_KINDS) and not POSITIVE_SIGNALS & NEGATIVE_SIGNALS

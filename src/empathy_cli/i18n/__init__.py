"""The interface's own strings, in English and Polish, through one small mechanism.

Messages are looked up by ``"area.name"``: the module ``empathy_cli.i18n.<area>`` holds
one dict per language (``EN``, ``PL``, …). Areas are imported on first use, so a command
pays only for its own strings, and each feature keeps its strings in its own file. A
missing translation falls back to English; a missing English string is a bug the tests
catch (`tests/test_i18n.py` checks every area has the same keys in every language).
"""

from __future__ import annotations

import importlib
from typing import Any, Optional

from ..runtime import current

SUPPORTED = ("en", "pl")
DEFAULT = "en"


def normalize(value: Optional[str]) -> Optional[str]:
    """'pl_PL.UTF-8' → 'pl'; '' / 'C' / 'POSIX' → None."""
    if not value:
        return None
    code = value.split(":")[0].split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if not code or code in ("c", "posix"):
        return None
    return code


def choose(option: Optional[str] = None) -> str:
    """The language to use: --lang, else EMPATHY_LANG, else LANGUAGE, LC_ALL, LC_MESSAGES, LANG, else English.

    The result may be a content language the interface itself does not speak (say 'de'):
    content is then looked up in it while interface strings fall back to English.
    """
    if option:
        return normalize(option) or DEFAULT
    env = current().env
    for var in ("EMPATHY_LANG",):
        code = normalize(env.get(var))
        if code:
            return code
    # LANGUAGE is a colon-separated preference list (GNU gettext); take the first entry we speak,
    # else its first entry.
    language = [normalize(p) for p in env.get("LANGUAGE", "").split(":") if normalize(p)]
    for code in language:
        if code in SUPPORTED:
            return code
    if language:
        return language[0]  # type: ignore[return-value]
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = normalize(env.get(var))
        if code:
            return code
    return DEFAULT


def set_lang(lang: str) -> None:
    """Switch the interface strings to `lang` (kept in the current `Runtime`)."""
    current().ui_lang = lang


def get_lang() -> str:
    return current().ui_lang


def quote(text: str) -> str:
    """`text` in the quotation marks of the interface language (“…” or „…”)."""
    return t("common.quote", text=text)


def t(key: str, *, in_lang: Any = None, **values: Any) -> str:
    """The message `key` ("area.name") in the current language (or `in_lang`), formatted
    with `values`."""
    area, _, name = key.partition(".")
    module = importlib.import_module(f"{__name__}.{area}")
    table = getattr(module, (in_lang or current().ui_lang).upper(), None) or {}
    text = table.get(name)
    if text is None:
        text = module.EN[name]
    return text.format(**values) if values else text

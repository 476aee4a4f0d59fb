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
    language = [c for p in env.get("LANGUAGE", "").split(":") if (c := normalize(p))]
    for code in language:
        if code in SUPPORTED:
            return code
    if language:
        return language[0]
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


def plural_form(n: int, lang: Optional[str] = None) -> str:
    """ "one", "few" or "many": the plural form of the count `n` in `lang` (default: the
    interface language). English: 1 / other. Polish: 1 (dzień), 2–4 but not 12–14
    (dni, odpowiedzi… "few"), 0 and 5+ ("many")."""
    n = abs(int(n))
    if n == 1:
        return "one"
    if (lang or current().ui_lang) == "pl" and n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


_FORM_INDEX = {"one": 0, "few": 1, "many": 2}


def plural(n: int, forms: str, lang: Optional[str] = None) -> str:
    """The word of `forms` ("reply|replies", "odpowiedź|odpowiedzi|odpowiedzi") that goes
    with the count `n`. English gives two forms (one|other), Polish three (one|few|many)."""
    words = forms.split("|")
    return words[min(_FORM_INDEX[plural_form(n, lang)], len(words) - 1)]


def _format_counted(text: str, lang: str, values: dict[str, Any]) -> str:
    """`str.format` plus counted words: ``{count:reply|replies}`` is the form of "reply"
    that goes with `count` (see `plural`); any other format spec works as usual."""
    import string  # only strings with counted words pay for it

    class Formatter(string.Formatter):
        def format_field(self, value: Any, format_spec: str) -> str:
            if "|" in format_spec:
                return plural(int(value), format_spec, lang)
            formatted: str = super().format_field(value, format_spec)
            return formatted

    return Formatter().vformat(text, (), values)


def t(key: str, *, in_lang: Any = None, **values: Any) -> str:
    """The message `key` ("area.name") in the current language (or `in_lang`), formatted
    with `values`. Counted words are written ``{count:one|few|many}`` (see `plural`)."""
    area, _, name = key.partition(".")
    module = importlib.import_module(f"{__name__}.{area}")
    lang = in_lang or current().ui_lang
    table: dict[str, str] = getattr(module, lang.upper(), None) or {}
    text: str | None = table.get(name)
    if text is None:
        text, lang = module.EN[name], "en"
    if not values:
        return text
    if "|" in text:
        return _format_counted(text, lang, values)
    return text.format(**values)


def render(value: Any, in_lang: Any = None) -> str:
    """Words an engine said (`localtext.Text` / `Cat`, or a plain string shown as it is) in
    the current language (or `in_lang`). Anything else is shown with ``str``."""
    from ..localtext import Cat, Text

    if isinstance(value, str):
        return value
    if isinstance(value, Text):
        values = {k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else render(v, in_lang) for k, v in value.params}
        text = t(value.key, in_lang=in_lang, **values)
        if value.line is not None:
            lines = [x for x in text.split("\n") if x.strip()]
            return lines[value.line % len(lines)] if lines else ""
        return text
    if isinstance(value, Cat):
        return "".join(render(p, in_lang) for p in value.parts)
    if value is None:
        return ""
    return str(value)

"""`empathy check "REPLY"`: a wording coach for one reply, before it is said or sent.

Exit code 0 when the reply is neutral or de-escalating, 1 when it escalates (so a script
or an editor hook can stop a message), 2 for usage errors.

No `from __future__ import annotations` here on purpose: Typer would `eval` every
parameter's annotation string on each run; real annotations are built once, at import.
"""

from typing import Annotated

import typer

from ..errors import EmpathyError, ExitCode
from ..runtime import current
from .common import JsonOption, LangOption, dump_json, library, use_lang

#: The most a reply may hold (characters); standard input is read no further than this.
MAX_CHARS = 20_000


def check(
    reply: Annotated[str, typer.Argument(metavar="REPLY", help="The reply to check, in quotes; '-' reads it from standard input.")],
    lang: LangOption = None,
    json: JsonOption = False,
) -> None:
    """Judge one reply: de-escalating, neutral or escalating, with the words that make it so
    and better phrasings from the playbooks. Exit code 1 when it escalates."""
    from .. import i18n

    resolved = use_lang(lang)
    if reply == "-":  # read with a cap: `/dev/zero` on standard input stops at the limit
        from ..safeio import TooLarge, read_stdin

        try:
            text = read_stdin(MAX_CHARS * 4).decode("utf-8", "replace")
        except TooLarge:
            raise EmpathyError(i18n.t("check.too_long", size=f"> {MAX_CHARS}", limit=MAX_CHARS), ExitCode.USAGE) from None
    else:
        text = reply
    if not text.strip():
        raise EmpathyError(i18n.t("check.empty"), ExitCode.USAGE)
    if len(text) > MAX_CHARS:
        raise EmpathyError(i18n.t("check.too_long", size=len(text), limit=MAX_CHARS), ExitCode.USAGE)

    from ..coach import prefilter
    from ..coach.check import check_reply, rule_langs
    from ..content.digest import check_playbooks

    by_lang = check_playbooks(current().playbook_dirs, library)  # plain digests: no models to load
    content_lang, detected = _judging_language(text, resolved, explicit=bool(lang or current().lang), known=set(by_lang) | rule_langs())
    playbooks = by_lang.get(content_lang, [])
    if not playbooks and content_lang not in rule_langs():
        if lang or current().lang:
            raise EmpathyError(i18n.t("check.no_rules", lang=content_lang))
        content_lang = "en"  # an interface language the content doesn't speak: English
        playbooks = by_lang.get(content_lang, [])
    result = check_reply(text, playbooks, content_lang)
    prefilter.save()  # keep the literals worked out for the next run (the engine writes nothing)
    if json:
        dump_json(result.to_dict() | {"detected_lang": detected})
    else:
        from ..ui.check_view import print_check

        print_check(text, result, detected=detected)
    if result.verdict == "escalating":
        raise typer.Exit(ExitCode.PROBLEMS)


def _judging_language(text: str, resolved: str, *, explicit: bool, known: set[str]) -> "tuple[str, str | None]":
    """The language to judge `text` in, and the detected language when it overrode the
    resolved one. An explicit --lang is obeyed; otherwise a reply clearly written in
    another language the content speaks is judged in that language."""
    if explicit:
        return resolved, None
    from ..coach.langdetect import detect

    found = detect(text)
    lang = found.lang  # (a clear detection always names one)
    if found.clear() and lang is not None and lang != resolved and lang in known:
        return lang, lang
    return resolved, None

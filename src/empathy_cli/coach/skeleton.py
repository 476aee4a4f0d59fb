"""Commented skeletons of new content files, for `empathy new scenario|playbook`.

A skeleton is a small but complete, valid file: every field is present or mentioned, with a
comment saying what it is for, in the file's language when the interface speaks it (English
otherwise). The texts themselves live in the `new` area of `i18n`, so translators find them
next to the other strings; this module fills them in and decides where they go.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import i18n, paths

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANG_PATTERN = re.compile(r"^[a-z]{2,3}$")
KINDS = ("scenario", "playbook")


def valid_id(content_id: str) -> bool:
    return bool(ID_PATTERN.match(content_id))


def valid_lang(lang: str) -> bool:
    return bool(LANG_PATTERN.match(lang))


def default_path(kind: str, content_id: str, lang: str) -> Path:
    """Where a new file goes by default: the user's own playbooks folder, which is on the
    search path, so the new content is picked up at once."""
    base = paths.home() / "playbooks" / lang
    return (base / "scenarios" if kind == "scenario" else base) / f"{content_id}.yaml"


def _shown(path: Path | str) -> str:
    """A path as it may appear inside a YAML comment (one line)."""
    return " ".join(str(path).splitlines())


def scenario(content_id: str, lang: str, playbook: str, path: Path | str) -> str:
    """The text of a new scenario. `content_id`, `lang` and `playbook` must be valid ids
    (they are written inside double quotes and must not need escaping)."""
    _check(content_id, lang)
    if not valid_id(playbook):
        raise ValueError(f"bad playbook id {playbook!r}")
    return i18n.t("new.scenario_template", in_lang=lang, id=content_id, lang=lang, playbook=playbook, path=_shown(path))


def playbook(content_id: str, lang: str, path: Path | str) -> str:
    """The text of a new playbook with the five stages."""
    _check(content_id, lang)
    return i18n.t("new.playbook_template", in_lang=lang, id=content_id, lang=lang, path=_shown(path))


def _check(content_id: str, lang: str) -> None:
    if not valid_id(content_id):
        raise ValueError(f"bad id {content_id!r}")
    if not valid_lang(lang):
        raise ValueError(f"bad language code {lang!r}")

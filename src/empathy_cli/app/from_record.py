"""Drafting a rehearsal scenario from a saved encounter record (`new scenario --from-record`).

The use-case finds the record, refuses it when any identifier is left in its free text
(the masking's own detection, `records.redact`, names the field), judges the own words
again with the current judge, drafts the scenario (`coach.skeleton.draft_scenario`) in the
record's language and checks the draft with the validator before anyone sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import i18n
from ..errors import EmpathyError
from ..records.redact import redact_text
from ..records.store import RecordStore

if TYPE_CHECKING:  # pragma: no cover
    from ..coach.skeleton import OwnCheck
    from ..content.library import Library


def _t(key: str, **values: object) -> str:
    return i18n.t(f"draft.{key}", **values)


def unmasked_fields(record: dict[str, Any]) -> list[str]:
    """The free-text fields of `record` that still hold an identifier, as `answers.concern`…"""
    found = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, str):
            if redact_text(value)[1]:
                found.append(path)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, f"{path}[{n}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))

    for section in ("answers", "checks", "reflection"):
        walk(record.get(section) or {}, section)
    return found


def find_record(store: RecordStore, record_id: str) -> dict[str, Any]:
    info = store.find(record_id)
    if info is None:
        raise EmpathyError(_t("no_record", id=record_id, folder=store.folder))
    if info.data.get("kind") != "encounter":
        raise EmpathyError(_t("not_encounter", id=info.id, kind=info.data.get("kind")))
    return {**info.data, "_id": info.id}


def draft(store: RecordStore, lib: "Library", record_id: str, content_id: str, path_shown: str) -> str:
    """The YAML text of a scenario drafted from record `record_id` (EmpathyError if the
    record is missing, not an encounter, or still holds an identifier)."""
    from ..coach import skeleton
    from ..coach.check import check_reply

    record = find_record(store, record_id)
    bad = unmasked_fields(record)
    if bad:
        raise EmpathyError(_t("refused", id=record["_id"], field=bad[0]))
    lang, playbook_id = str(record.get("lang") or ""), str(record.get("playbook") or "")
    entry = lib.get("playbook", playbook_id, lang)
    if entry is None:
        raise EmpathyError(_t("no_playbook", playbook=playbook_id, lang=lang))
    answers = record.get("answers") or {}
    if not str(answers.get("concern") or answers.get("client_concern") or "").strip():
        raise EmpathyError(_t("nothing_to_draft", id=record["_id"]))
    pb = entry.content
    own_check: OwnCheck | None = None
    own = str(answers.get("own_phrase") or "").strip()
    if own:
        others = [e.content for e in lib.playbooks(lang) if e.content.id != pb.id]
        result = check_reply(own, [pb, *others], lang)
        better = [s.instead for s in result.suggestions]
        own_check = {"verdict": result.verdict, "verdict_name": i18n.t(f"check.verdict.{result.verdict}", in_lang=lang), "better": better}

    def words(key: str, **values: object) -> str:
        if key == "outcome":
            return i18n.t(f"encounter.outcome.{values['outcome']}", in_lang=lang)
        return i18n.t(f"draft.{key}", in_lang=lang, **values)

    data = skeleton.draft_scenario(record, pb, content_id, words, own_check)
    header = [_t("from", id=record["_id"]), i18n.t("new.next_steps", in_lang=lang, path=path_shown)]
    return skeleton.to_yaml(data, header)

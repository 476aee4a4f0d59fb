"""Commented skeletons of new content files, for `empathy new scenario|playbook`.

A skeleton is a small but complete, valid file: every field is present or mentioned, with a
comment saying what it is for, in the file's language when there is a skeleton in it
(English otherwise). The skeletons are package data, one YAML file per kind and language
(``empathy_cli/templates/scenario.pl.yaml``…) with ``${id}``, ``${lang}``, ``${playbook}``
and ``${path}`` placeholders filled by `string.Template` (a literal dollar is ``$$``). Each
must pass `empathy validate` as written: `tests/test_new.py` checks that in every language.
This module fills them in and decides where they go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import paths
from ..vocab import ENDING_OUTCOMES

if TYPE_CHECKING:
    from typing import NotRequired, Protocol, TypedDict

    from ..content.models import Playbook

    class Words(Protocol):
        """The drafted scenario's fixed sentences by key, filled in, in the record's language."""

        def __call__(self, key: str, **values: object) -> str: ...

    class OwnCheck(TypedDict):
        """The judge on the trainee's own words, as the draft quotes it."""

        verdict: str
        verdict_name: str
        better: list[str]

    class ChoiceDraft(TypedDict):
        id: str
        text: str
        mood: int
        score: int
        next: str
        feedback: str

    class NodeDraft(TypedDict):
        id: str
        stage: str
        narration: NotRequired[str]
        say: str
        tags: list[str]
        choices: list[ChoiceDraft]

    class EndingDraft(TypedDict):
        id: str
        outcome: str
        text: str
        lesson: NotRequired[str]

    class PersonaDraft(TypedDict):
        name: str
        role: str
        context: str
        mood: int

    class ScenarioDraft(TypedDict):
        """A drafted scenario, YAML-ready: the keys in the order they are written."""

        kind: str
        id: str
        lang: str
        title: str
        description: str
        playbook: str
        tags: list[str]
        persona: PersonaDraft
        start: str
        rules: list[dict[str, Any]]
        nodes: list[NodeDraft]
        endings: list[EndingDraft]


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
    return _fill("scenario", {"id": content_id, "lang": lang, "playbook": playbook, "path": _shown(path)})


def playbook(content_id: str, lang: str, path: Path | str) -> str:
    """The text of a new playbook with the five stages."""
    _check(content_id, lang)
    return _fill("playbook", {"id": content_id, "lang": lang, "path": _shown(path)})


def template(kind: str, lang: str) -> str:
    """The skeleton of `kind` in `lang` as written in the package (English when there is
    none in `lang`)."""
    from importlib.resources import files

    folder = files("empathy_cli") / "templates"
    for candidate in (lang, "en"):
        resource = folder / f"{kind}.{candidate}.yaml"
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no {kind} skeleton in the package")


def _fill(kind: str, values: dict[str, str]) -> str:
    from string import Template

    return Template(template(kind, values["lang"])).substitute(values)


def _check(content_id: str, lang: str) -> None:
    if not valid_id(content_id):
        raise ValueError(f"bad id {content_id!r}")
    if not valid_lang(lang):
        raise ValueError(f"bad language code {lang!r}")


# --------------------------------------------------------------------------- from a record

#: Mood changes and scores of the drafted replies: the playbook's best words calm, the
#: phrases to avoid inflame (two of them reach the mood rule's threshold).
BEST, USED, AVOID = (-2, 9), (-2, 8), (2, 0)
OWN = {"de-escalating": (-1, 8), "neutral": (0, 5), "escalating": (2, 1)}
LOST_AT = 9
REAL_OUTCOMES = ENDING_OUTCOMES


def _first_sentence(text: str, width: int = 60) -> str:
    line = " ".join(str(text).split())
    cut = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    return cut if len(cut) <= width else cut[: width - 1].rstrip(" ,;:") + "…"


def draft_scenario(record: dict[str, Any], pb: Playbook, content_id: str, words: Words, own_check: OwnCheck | None = None) -> ScenarioDraft:
    """A rehearsal scenario (as YAML-ready data) drafted from an encounter `record` of the
    playbook `pb`: the persona and the opening from the concern and the emotions, a node
    per stage reached, replies from the phrases used, the own words (with the judge's
    verdict `own_check`), the playbook's best phrases and its phrases to avoid, endings
    from the outcome. `words(key, **values)` gives the fixed sentences in the record's
    language. Only the record's (masked) text and the playbook's are used."""
    a = record.get("answers") or {}
    emotions = [e for e in a.get("emotions") or [] if isinstance(e, str)]
    labels = {x.id: x.label for x in pb.tags}
    levels = {lv.id: lv for lv in pb.escalation}
    level = levels.get(str(record.get("escalation_level") or ""))
    top = max((lv.severity for lv in pb.escalation), default=0)
    severity = level.severity if level else 0
    red = bool(level) and severity > 0 and severity == top
    concern = " ".join(str(a.get("concern") or a.get("client_concern") or "").split())
    context = [concern]
    if a.get("wants"):
        context.append(words("context.wants", text=_strip(a["wants"])))
    if a.get("tried"):
        context.append(words("context.tried", text=_strip(a["tried"])))

    stages = ["listen", "empathize", "solve"]
    if a.get("warning_signs") or severity > 0:
        stages.append("escalate")
    stages = [s for s in stages if pb.stage(s) is not None]
    used: dict[str, list[str]] = {}
    for pid in a.get("phrases_used") or []:
        stage_id, _, number = str(pid).rpartition("-")
        stage = pb.stage(stage_id)
        if stage is not None and number.isdigit() and 0 < int(number) <= len(stage.phrases):
            target = stage_id if stage_id in stages else "empathize"
            used.setdefault(target, []).append(stage.phrases[int(number) - 1].text)

    says = {
        "listen": concern,
        "empathize": words("say.empathize"),
        "solve": words("say.solve", wants=_strip(a["wants"])) if a.get("wants") else words("say.solve_plain"),
        "escalate": words("say.escalate"),
    }
    signs = {s.id: s.text for lv in pb.escalation for s in lv.signs}
    nodes: list[NodeDraft] = []
    for i, stage_id in enumerate(stages):
        stage = pb.stage(stage_id)
        if stage is None:  # never: `stages` holds only the playbook's own
            continue
        final = i == len(stages) - 1
        nxt = "resolved" if final else stages[i + 1]
        real = "as-it-happened" if final else stages[i + 1]
        choices: list[ChoiceDraft] = []
        ranked = sorted(stage.phrases, key=lambda p: 0 if set(emotions) & set(p.tags) else 1)
        taken = set(used.get(stage_id, []))
        best = [p.text for p in ranked if p.text not in taken]
        if best:
            choices.append(_choice("best", best[0], nxt, BEST, words("fb.best")))
        for n, text in enumerate(used.get(stage_id, []), 1):
            choices.append(_choice(f"used-{n}", text, real, USED, words("fb.used")))
        own = " ".join(str(a.get("own_phrase") or "").split())
        if own and stage_id == "empathize":
            judged: OwnCheck = own_check or {"verdict": "", "verdict_name": "", "better": []}
            verdict = judged["verdict"] or "neutral"
            better = judged["better"]
            name = judged["verdict_name"] or verdict
            feedback = words("fb.own_better", verdict=name, better=better[0]) if better else words("fb.own", verdict=name)
            choices.append(_choice("own", own, real, OWN.get(verdict, OWN["neutral"]), feedback))
        if final and not any(c["next"] == real for c in choices) and len(best) > 1:
            choices.append(_choice("also-good", best[1], real, USED, words("fb.best")))
        if stage.avoid:
            av = next((x for x in stage.avoid if set(emotions) & set(x.tags)), stage.avoid[0])
            choices.append(_choice("avoid", av.text, "lost" if final else nxt, AVOID, av.why or words("fb.avoid")))
        if not choices:
            continue
        narration: str | None = None
        if i == 0:
            shown = [labels.get(e, e) for e in emotions]
            narration = words("narration.opening", emotions=", ".join(shown)) if shown else words("narration.opening_plain")
        if stage_id == "escalate":
            sign = next((signs[s] for s in a.get("warning_signs") or [] if s in signs), "")
            if sign:
                narration = sign
        node: NodeDraft = {"id": stage_id, "stage": stage_id, "narration": narration or "", "say": says[stage_id], "tags": list(emotions), "choices": choices}
        if narration is None:
            del node["narration"]  # (keys stay in the order they are written)
        nodes.append(node)

    outcome = str(record.get("outcome") or "")
    reached = {c["next"] for n in nodes for c in n["choices"]}
    endings: list[EndingDraft] = [{"id": "resolved", "outcome": "resolved", "text": words("ending.resolved"), "lesson": words("lesson.resolved")}]
    if "as-it-happened" in reached:
        real_ending: EndingDraft = {
            "id": "as-it-happened",
            "outcome": outcome if outcome in REAL_OUTCOMES else "unresolved",
            "text": words("ending.real", outcome=words_outcome(words, outcome)),
        }
        if a.get("follow_up"):
            real_ending["lesson"] = words("lesson.real", text=_strip(a["follow_up"]))
        endings.append(real_ending)
    lost: EndingDraft = {
        "id": "lost",
        "outcome": "safety" if red else "walked_out",
        "text": words("ending.safety" if red else "ending.lost"),
        "lesson": words("lesson.lost"),
    }
    endings.append(lost)
    # the last node's replies must reach an ending: fix "resolved" if no best phrase led there
    if nodes and "resolved" not in reached:
        nodes[-1]["choices"][0]["next"] = "resolved"
    return {
        "kind": "scenario",
        "id": content_id,
        "lang": pb.lang,
        "title": words("title", concern=_first_sentence(concern)),
        "description": words("description", record=record.get("_id", ""), date=str(record.get("started_at", ""))[:10]),
        "playbook": pb.id,
        "tags": list(emotions),
        "persona": {
            "name": words("persona.name"),
            "role": words("persona.role"),
            "context": " ".join(context),
            "mood": 5 + (1 if severity > 0 else 0) + (1 if red else 0),
        },
        "start": nodes[0]["id"] if nodes else "",
        "rules": [{"when": {"mood_at_least": LOST_AT}, "goto": "lost"}],
        "nodes": nodes,
        "endings": endings,
    }


def words_outcome(words: Words, outcome: str) -> str:
    return words("outcome", outcome=outcome) if outcome else words("outcome", outcome="unresolved")


def _strip(value: object) -> str:
    return " ".join(str(value).split()).rstrip(" .")


def _choice(cid: str, text: str, nxt: str, effect: tuple[int, int], feedback: str) -> ChoiceDraft:
    return {"id": cid, "text": text, "mood": effect[0], "score": effect[1], "next": nxt, "feedback": feedback}


def to_yaml(data: Mapping[str, Any], header: list[str]) -> str:
    """The drafted scenario as YAML, with `header` as comment lines on top."""
    import yaml

    from ..text import clean

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:  # no &anchors: a trainer edits this file
            return True

    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "".join(f"# {clean(' '.join(line.split()))}\n" for line in header) + "\n" + body

"""Document-level checks: rules that need the whole file, not just one field.

Codes are stable so editors, CI and trainers can recognise a kind of problem:

- E2xx playbooks: E201 duplicate id, E202 missing stage, E203 stage out of order,
  E204 bad regular expression, E205 a signal pattern the judge refuses to run (nested
  repetition, back-references: see coach/safepattern.py), W206 tag missing from the tag vocabulary.
- E3xx scenarios: E301 duplicate id, E302 reference to no node or ending, E303 unreachable
  node, E304 no ending reachable, E305 unreachable ending (warning W305), E306 a rule that
  can never fire.
- Pinned cases of a scenario (`tests:`): E301 duplicate case name, E307 a `choice:` that
  names no reply of any node, E308 an `ending:` that names no ending, E309 a score range
  whose min is above its max, E310 a step with both or neither of `choice` and `say`, E311
  a case that expects nothing (no `ending`, no `score`). Whether each step fits the point
  of the conversation it is played at is for `empathy scenarios test` to find.
- Persona variants (`persona.variants`): E301 a duplicate variant id, or two lines for the
  same node in one variant; E312 a line whose `node:` names no node; E313 a pinned case
  whose `variant:` names no variant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Optional

from .loader import Checker, check
from .models import STAGE_IDS, Playbook


def _duplicates(items: Iterable[object], attr: str, path: str, checker: Checker, code: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key is None:
            continue
        if key in seen:
            checker.add(f"{path}[{i}].{attr}", "duplicate_id", code, id=key, other=f"{path}[{seen[key]}]")
        else:
            seen[key] = i


@check("playbook")
def playbook_structure(pb: Playbook, checker: Checker) -> None:
    _duplicates(pb.stages, "id", "stages", checker, "E201")
    present = [s.id for s in pb.stages]
    for stage_id in STAGE_IDS:
        if stage_id not in present:
            checker.add("stages", "missing_stage", "E202", stage=stage_id)
    order = [STAGE_IDS.index(s) for s in present]
    for i in range(1, len(order)):
        if order[i] < order[i - 1]:
            checker.add(f"stages[{i}].id", "stage_order", "E203", stage=present[i], order=", ".join(STAGE_IDS))
            break
    _duplicates(pb.solutions, "id", "solutions", checker, "E201")
    _duplicates(pb.escalation, "id", "escalation", checker, "E201")
    _duplicates(pb.record_fields, "id", "record_fields", checker, "E201")
    signs = [(i, j, s.id) for i, lvl in enumerate(pb.escalation) for j, s in enumerate(lvl.signs)]
    seen: dict[str, str] = {}
    for i, j, sid in signs:
        here = f"escalation[{i}].signs[{j}].id"
        if sid in seen:
            checker.add(here, "duplicate_id", "E201", id=sid, other=seen[sid])
        seen.setdefault(sid, here)
    if pb.tags:
        _duplicates(pb.tags, "id", "tags", checker, "E201")
        declared = {tag.id for tag in pb.tags}
        for i, stage in enumerate(pb.stages):
            for j, phrase in enumerate(stage.phrases):
                for k, tag in enumerate(phrase.tags):
                    if tag not in declared:
                        checker.add(f"stages[{i}].phrases[{j}].tags[{k}]", "tag_unknown", "W206", tag=tag)
        for i, emotion in enumerate(pb.emotions):
            if emotion not in declared:
                checker.add(f"emotions[{i}]", "emotion_unknown", "W206", emotion=emotion)
    from ..coach.safepattern import refusal

    for i, sig in enumerate(pb.signals):
        for j, pattern in enumerate(sig.patterns):
            try:
                re.compile(pattern)
            except re.error as exc:
                checker.add(f"signals[{i}].patterns[{j}]", "bad_regex", "E204", detail=str(exc))
                continue
            why = refusal(pattern, compile=False)
            if why is not None:  # the judge never runs it; say why, so the author can rewrite it
                checker.add(f"signals[{i}].patterns[{j}]", "pattern_refused", "E205", why=why[0], **why[1])


class _View:
    """Attribute access to a raw mapping: a value of the wrong type reads as None."""

    def __init__(self, data: Any, **kinds: type):
        self._data = data if isinstance(data, dict) else {}
        self._kinds = kinds

    def __getattr__(self, name: str) -> Any:
        value = self._data.get(name)
        kind = self._kinds.get(name, str)
        return value if isinstance(value, kind) and not isinstance(value, bool) else None


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _raw_scenario(data: Any) -> Any:
    """The parts of a scenario the flow checks need, read straight from the raw data, so a
    misspelt stage or an out-of-range mood elsewhere does not hide a broken `next:`."""
    from types import SimpleNamespace as NS

    top = _View(data)
    nodes = [
        NS(id=_View(n).id, choices=[NS(id=_View(c).id, next=_View(c).next) for c in _items(n.get("choices") if isinstance(n, dict) else None)])
        for n in _items(top._data.get("nodes"))
    ]
    endings = [NS(id=_View(e).id) for e in _items(top._data.get("endings"))]
    rules = []
    for r in _items(top._data.get("rules")):
        when = _View(_View(r, when=dict).when or {}, mood_at_least=int, mood_at_most=int)
        rules.append(
            NS(goto=_View(r).goto, when=NS(mood_at_least=when.mood_at_least, mood_at_most=when.mood_at_most), has_when=isinstance(r, dict) and "when" in r)
        )
    return NS(start=top.start, nodes=nodes, endings=endings, rules=rules)


@check("scenario", raw=True)
def scenario_graph(data: Any, checker: Checker) -> None:
    sc = _raw_scenario(data)
    _duplicates(sc.nodes, "id", "nodes", checker, "E301")
    _duplicates(sc.endings, "id", "endings", checker, "E301")
    node_ids = {n.id for n in sc.nodes if n.id is not None}
    ending_ids = {e.id for e in sc.endings if e.id is not None}
    for i, e in enumerate(sc.endings):
        if e.id in node_ids:
            checker.add(f"endings[{i}].id", "node_and_ending", "E301", id=e.id)
    targets = node_ids | ending_ids

    # A dangling reference is reported once; for the flow checks below it is read as the
    # id it most likely meant (or as a way out), so one typo is not reported three times.
    def ref(path: str, target: Optional[str], what: str) -> Optional[str]:
        if target is None:
            return None  # missing or not text: the field check reports it
        if target in targets:
            return target
        import difflib

        close = difflib.get_close_matches(target, sorted(targets), n=1)
        checker.add(path, "no_target", "E302", what=what, target=target, close=close[0] if close else None)
        return close[0] if close else None

    if sc.start is not None and sc.start not in node_ids:
        ref("start", sc.start, "start") if sc.start not in ending_ids else checker.add("start", "start_is_ending", "E302")

    edges: dict[str, set[str]] = defaultdict(set)
    unknown_exit: set[str] = set()  # nodes with a dangling `next` that suggests nothing
    for i, node in enumerate(sc.nodes):
        _duplicates(node.choices, "id", f"nodes[{i}].choices", checker, "E301")
        for j, choice in enumerate(node.choices):
            target = ref(f"nodes[{i}].choices[{j}].next", choice.next, "next")
            if node.id is None:
                continue
            if target is not None:
                edges[node.id].add(target)
            elif choice.next is not None:
                unknown_exit.add(node.id)
    rule_targets = set()
    for i, rule in enumerate(sc.rules):
        target = ref(f"rules[{i}].goto", rule.goto, "goto")
        if target is not None:
            rule_targets.add(target)
        c = rule.when
        if not rule.has_when:
            continue  # the field check reports a missing `when`
        if c.mood_at_least is None and c.mood_at_most is None:
            checker.add(f"rules[{i}].when", "rule_no_condition", "E306")
        elif c.mood_at_least is not None and c.mood_at_most is not None and c.mood_at_least > c.mood_at_most:
            checker.add(f"rules[{i}].when", "rule_never", "E306")
    # A rule can fire after any reply, so its target is reachable from every node; but a
    # rule may never fire, so only choices count as a way out of a loop.
    choice_edges = {k: set(v) for k, v in edges.items()}
    for node_id in node_ids:
        edges[node_id] |= rule_targets

    reachable: set[str] = set()
    frontier = [sc.start] if sc.start in node_ids else []
    while frontier:
        current = frontier.pop()
        if current in reachable:
            continue
        reachable.add(current)
        frontier.extend(edges.get(current, ()))
    if sc.start in node_ids:
        for i, node in enumerate(sc.nodes):
            if node.id is not None and node.id not in reachable:
                checker.add(f"nodes[{i}].id", "node_unreachable", "E303", node=node.id, start=sc.start)
        for i, ending in enumerate(sc.endings):
            if ending.id is not None and ending.id not in reachable:
                checker.add(f"endings[{i}].id", "ending_unreachable", "W305", ending=ending.id)

    # Nodes from which no ending can be reached: a loop with no way out.
    can_end = set(ending_ids) | unknown_exit
    changed = True
    while changed:
        changed = False
        for node_id in node_ids - can_end:
            if choice_edges.get(node_id, set()) & can_end:
                can_end.add(node_id)
                changed = True
    for i, node in enumerate(sc.nodes):
        if node.id is not None and node.id in reachable and node.id not in can_end:
            checker.add(f"nodes[{i}].id", "no_way_out", "E304", node=node.id)


def _did_you_mean(word: str, known: set[str]) -> Optional[str]:
    """The known name closest to a misspelt `word`, if any."""
    import difflib

    close = difflib.get_close_matches(word, sorted(known), n=1)
    return close[0] if close else None


@check("scenario", raw=True)
def scenario_tests(data: Any, checker: Checker) -> None:
    """The `tests:` section: steps and expectations that name what the scenario has."""
    top = _View(data)
    cases = _items(top._data.get("tests"))
    if not cases:
        return
    nodes = [n for n in _items(top._data.get("nodes")) if isinstance(n, dict)]
    choice_ids = {cid for n in nodes for c in _items(n.get("choices")) if isinstance(c, dict) and isinstance(cid := c.get("id"), str)}
    ending_ids = {eid for e in _items(top._data.get("endings")) if isinstance(e, dict) and isinstance(eid := e.get("id"), str)}
    names: dict[str, int] = {}
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            continue  # the field check reports it
        here = f"tests[{i}]"
        name = _View(case).name
        if name is not None:
            if name in names:
                checker.add(f"{here}.name", "duplicate_case", "E301", name=name, other=names[name])
            names.setdefault(name, i)
        for j, step in enumerate(_items(case.get("steps"))):
            if not isinstance(step, dict):
                continue
            given = [k for k in ("choice", "say") if step.get(k) is not None]
            if len(given) != 1:
                checker.add(f"{here}.steps[{j}]", "step_both" if len(given) == 2 else "step_neither", "E310")
            choice = _View(step).choice
            if choice is not None and choice_ids and choice not in choice_ids:
                checker.add(f"{here}.steps[{j}].choice", "unknown_choice", "E307", choice=choice, close=_did_you_mean(choice, choice_ids))
        ending = _View(case).ending
        if ending is not None and ending_ids and ending not in ending_ids:
            checker.add(f"{here}.ending", "unknown_ending", "E308", ending=ending, close=_did_you_mean(ending, ending_ids))
        score = case.get("score")
        if isinstance(score, list) and len(score) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in score):
            if score[0] > score[1]:
                checker.add(f"{here}.score", "score_range", "E309", lo=score[0], hi=score[1])
        if "ending" not in case and "score" not in case:
            checker.add(here, "case_expects_nothing", "E311")


@check("scenario", raw=True)
def scenario_variants(data: Any, checker: Checker) -> None:
    """Persona variants: unique ids, lines that name real nodes, cases that name real variants."""
    top = _View(data)
    persona = top._data.get("persona")
    variants = [v for v in _items(persona.get("variants") if isinstance(persona, dict) else None)]
    node_ids: set[str] = {n["id"] for n in _items(top._data.get("nodes")) if isinstance(n, dict) and isinstance(n.get("id"), str)}
    ids: dict[str, int] = {}
    for i, variant in enumerate(variants):
        if not isinstance(variant, dict):
            continue  # the field check reports it
        here = f"persona.variants[{i}]"
        vid = _View(variant).id
        if vid is not None:
            if vid in ids:
                checker.add(f"{here}.id", "duplicate_variant", "E301", id=vid, other=ids[vid])
            ids.setdefault(vid, i)
        lines: dict[str, int] = {}
        for j, line in enumerate(_items(variant.get("lines"))):
            node = _View(line).node
            if node is None:
                continue
            if node_ids and node not in node_ids:
                checker.add(f"{here}.lines[{j}].node", "unknown_node", "E312", node=node, close=_did_you_mean(node, node_ids))
            elif node in lines:
                checker.add(f"{here}.lines[{j}].node", "second_line", "E301", node=node, other=lines[node])
            lines.setdefault(node, j)
    for i, case in enumerate(_items(top._data.get("tests"))):
        wanted = _View(case).variant
        if wanted is None:
            continue
        if wanted not in ids:
            close = _did_you_mean(wanted, set(ids))
            if ids:
                checker.add(f"tests[{i}].variant", "unknown_variant", "E313", variant=wanted, close=close, known=", ".join(ids))
            else:
                checker.add(f"tests[{i}].variant", "unknown_variant_none", "E313", variant=wanted, close=close)

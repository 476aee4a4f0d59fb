"""The human output of `empathy scenarios test`: problem lines and a summary per scenario.

Plain text (problems must stay greppable as ``FILE:LINE:COL: message [CODE]``, like
`empathy validate`), every piece of content text passed through `text.clean`.
"""

from __future__ import annotations

import json
import sys
from typing import Any, Optional, TextIO

from .. import i18n
from ..text import clean


def t(key: str, **values: object) -> str:
    return i18n.t(f"scenarios.test.{key}", **values)


def problem_line(file: str, row: dict[str, Any], field: bool = False) -> str:
    """One problem as `validate` prints it (warnings say so; `field` adds the field path,
    as `validate` does for the problems of a file that could not be loaded)."""
    sev = "" if row["severity"] == "error" else f"{i18n.t('common.warning')}: "
    where = f"{row['path']}: " if field and row.get("path") else ""
    return f"{file}:{row['line']}:{row['column']}: {sev}{where}{row['message']} [{row['code']}]"


def step_lines(steps: list[dict[str, str]]) -> list[str]:
    """Steps as an answers file / `tests:` entry would hold them, ready to paste."""
    out = []
    for step in steps:
        if "say" in step:
            out.append(f"- say: {json.dumps(' '.join(step['say'].split()), ensure_ascii=False)}")
        else:
            out.append(f"- choice: {step['choice']}")
    return out


def _range(values: Optional[list[int]]) -> str:
    if not values:
        return "–"
    lo, hi = values
    return str(lo) if lo == hi else f"{lo}–{hi}"


def _steps_inline(steps: list[dict[str, str]]) -> str:
    return ", ".join(s["choice"] for s in steps) or "–"


def print_report(entry: dict[str, Any], out: Optional[TextIO] = None) -> None:
    """One scenario: its heading, its problems (with the steps that reproduce them), then
    the summary of the exploration, the random playthroughs and the pinned cases."""

    out = out or sys.stdout

    def w(line: str = "", indent: int = 0) -> None:
        out.write(clean(" " * indent + line) + "\n")

    w(t("heading", id=entry["id"], lang=entry["lang"], path=entry["file"]))
    for row in entry["problems"]:
        w(problem_line(entry["file"], row, field=bool(entry.get("broken"))))
        if row.get("steps"):
            head = t("replay", seed=row["seed"], run=row["run"], runs=row["runs"]) if row.get("run") is not None else t("replay_plain")
            w(head, 2)
            for line in step_lines(row["steps"]):
                w(line, 4)
    if entry.get("broken"):
        w(t("broken", count=len(entry["problems"])), 2)
        w()
        return
    bound = entry["bound"]
    w(t("explored", states=entry["states"], paths=entry["paths"], max_steps=bound["max_steps"], max_paths=bound["max_paths"]), 2)
    if bound["steps_hit"]:
        w(t("bound_steps", max_steps=bound["max_steps"]), 2)
    if bound["paths_hit"]:
        w(t("bound_paths", max_paths=bound["max_paths"]), 2)
    if bound["states_hit"]:
        w(t("bound_states", max_states=bound["max_states"]), 2)
    w(t("endings"), 2)
    for e in entry["endings"]:
        outcome = i18n.t(f"scenarios.outcome.{e['outcome']}")
        if e["reachable"]:
            w(t("ending_line", id=e["id"], outcome=outcome, mood=_range(e["mood"]), score=_range(e["score"]), paths=e["paths"]), 4)
        else:
            w(t("ending_never", id=e["id"], outcome=outcome), 4)
    cov = entry["coverage"]
    w(t("coverage", **cov), 2)
    if entry.get("variants"):
        items = ", ".join(t("variant_item", id=v["id"], temperament=f"{v['temperament']:g}", mood=v["mood"], states=v["states"]) for v in entry["variants"])
        w(t("variants", items=items), 2)
    for which in ("best", "worst"):
        path = entry[which]
        if path:
            where = f" [{path['variant']}]" if path.get("variant") else ""
            w(t(which, score=path["score"], ending=path["ending"], steps=_steps_inline(path["steps"])) + where, 2)
    rnd = entry["random"]
    if rnd["runs"]:
        w(t("random", runs=rnd["runs"], seed=rnd["seed"], typed=rnd["typed_replies"]), 2)
    cases = entry["cases"]
    if cases:
        w(t("cases", passed=sum(1 for c in cases if c["passed"]), total=len(cases)), 2)
        for c in cases:
            mark = "✓" if c["passed"] else "✗"
            where = f" [{c['variant']}]" if c.get("variant") else ""
            w(f"{mark} {c['name']}{where} → {c['ending'] or '–'} ({c['score'] if c['score'] is not None else '–'})", 4)
    else:
        w(t("no_cases"), 2)
    w()


def print_summary(tested: int, errors: int, warnings: int, bad: int, seed: int, random_runs: int) -> None:
    """The closing line on stderr (after the report on stdout), like `empathy validate`."""
    summary = t("summary_bad", n=tested, errors=errors, bad=bad) if errors else t("summary_ok", n=tested)
    if warnings:
        summary += " " + t("warnings", warnings=warnings)
    sys.stdout.flush()
    sys.stderr.write(summary + "\n")
    if random_runs:
        sys.stderr.write(t("seed", seed=seed) + "\n")

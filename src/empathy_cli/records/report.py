"""Aggregate rehearsal records for a trainer: per scenario, per trainee, per pair.

Input is the JSON half of the records `empathy rehearse` saves (``kind: rehearsal``). For
every group of records the report gives:

- ``attempts``: every record, complete or not; ``complete`` and ``incomplete`` split them;
- ``mean_score`` / ``best_score`` (0–100) and ``stages`` (mean per stage id): **complete
  records only** — an interrupted rehearsal has a partial score that would drag the mean
  down, so it counts as an attempt (outcome ``incomplete``) but not in the scores;
  ``None`` when a group has no complete record;
- ``escalating_signals``: how often each escalating wording signal (minimizing, blame,
  dismissal, threat…) occurred, most frequent first, over all attempts;
- ``outcomes``: how many attempts ended in each outcome (``incomplete`` for unfinished ones);
- ``exams`` / ``practice``: how many attempts were exams and practice runs;
- ``undos`` / ``hints``: how often practice runs went back a step or showed the hints;
- ``unsure``: typed replies the judge was unsure about, whose path was a best guess.

Records older than these fields still count: no mode means practice, no counts mean 0.

Reading is forgiving: files that are not rehearsal records (encounter records, other JSON)
are skipped silently; unreadable files, broken JSON and rehearsal records with unusable
fields are listed in ``Collected.problems`` for the command to report, and skipped.
Pure functions over plain data: no terminal code.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..content.models import NEGATIVE_SIGNALS, STAGE_IDS
from ..safeio import TooDeep, TooLarge, describe, read_json
from ..vocab import INCOMPLETE, OUTCOMES
from .model import RehearsalRecord

KIND = "rehearsal"
MAX_BYTES = 10 * 1024 * 1024  # a record is a few kilobytes; anything this big is not one


# --------------------------------------------------------------------------- reading


@dataclass
class Attempt:
    """One rehearsal record, normalised for counting."""

    path: Path
    scenario: str
    trainee: str  # as written (whitespace collapsed); may be ""
    complete: bool
    score: Optional[float]
    stages: dict[str, float]
    outcome: str
    signals: list[str]
    lang: str = ""
    started_at: str = ""
    title: str = ""  # the scenario's title, as the record gives it
    exam: bool = False  # an exam (no hints, no undo); older records: practice
    undos: int = 0  # replies taken back (practice)
    hints: int = 0  # times the hints were shown (practice)
    unsure: int = 0  # typed replies mapped on a guess (the judge was unsure)

    @property
    def trainee_key(self) -> str:
        """Trainees are grouped regardless of case: "Anna Nowak" = "anna nowak"."""
        return self.trainee.casefold()


@dataclass
class Problem:
    """A file that looked like it should count but could not be used.

    `code` names the kind of problem for the interface to phrase (read, too_large, json,
    no_scenario, no_score); `detail` is the technical reason, shown as is.
    """

    path: Path
    code: str
    detail: str = ""


@dataclass
class Collected:
    attempts: list[Attempt] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # broken or unusable: reported
    skipped: list[Path] = field(default_factory=list)  # not rehearsal records: silent
    files: int = 0  # JSON files looked at


def _number(value: Optional[float]) -> Optional[float]:
    """A score (0–100) as a float; None when missing or out of range."""
    return float(value) if value is not None and 0 <= value <= 100 else None


def parse_record(data: Any, path: Path) -> Attempt | Problem | None:
    """An `Attempt`, a `Problem` (a rehearsal record that can't be used), or None (not a
    rehearsal record at all). Records of any version: `RehearsalRecord` reads them."""
    if not isinstance(data, dict) or data.get("kind") != KIND:
        return None
    rec = RehearsalRecord.from_dict(data)
    if not rec.scenario:
        return Problem(path, "no_scenario")
    score = _number(rec.score)
    if rec.complete and score is None:
        return Problem(path, "no_score", repr(data.get("score")))
    stages = {stage: n for stage, value in rec.stages.items() if (n := _number(value)) is not None}
    outcome = (rec.outcome or "unresolved") if rec.complete else INCOMPLETE
    return Attempt(
        path=path,
        scenario=rec.scenario,
        trainee=" ".join(rec.trainee.split()),
        complete=rec.complete,
        score=score if rec.complete else None,
        stages=stages if rec.complete else {},
        outcome=outcome,
        signals=rec.escalating_signals,
        lang=rec.lang,
        started_at=rec.started_at,
        title=rec.title,
        exam=rec.exam,
        undos=0 if rec.exam else rec.undos,  # an exam has no undo, whatever the file says
        hints=0 if rec.exam else rec.hints,
        unsure=rec.unsure_replies,
    )


def json_files(paths: Iterable[Path]) -> Iterable[Path]:
    """The files to look at: files named explicitly, and ``*.json`` below folders named,
    recursively, skipping hidden files and folders (``.journal``
    holds unfinished sessions, not records). Each file once, in a stable order."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [Path(root) / f for f in files if f.endswith(".json") and not f.startswith(".")]
            candidates = sorted(found)
        else:
            candidates = [path]
        for file in candidates:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file


def collect(paths: Iterable[Path]) -> Collected:
    """Read every record below `paths` (folders or files that exist: check before)."""
    out = Collected()
    for file in json_files(paths):
        if file.suffix.lower() != ".json":
            # `empathy report records/*` also names the Markdown halves: not records.
            out.skipped.append(file)
            continue
        out.files += 1
        try:  # the bounded reader: regular files only, size and nesting capped
            data = read_json(file, MAX_BYTES)
        except TooLarge:
            out.problems.append(Problem(file, "too_large", f"{MAX_BYTES // (1024 * 1024)} MB"))
            continue
        except TooDeep as exc:
            out.problems.append(Problem(file, "json", exc.detail))
            continue
        except (OSError, UnicodeDecodeError) as exc:
            out.problems.append(Problem(file, "read", describe(exc)))
            continue
        except ValueError as exc:  # broken JSON
            out.problems.append(Problem(file, "json", str(exc)))
            continue
        result = parse_record(data, file)
        if result is None:
            out.skipped.append(file)
        elif isinstance(result, Problem):
            out.problems.append(result)
        else:
            out.attempts.append(result)
    return out


# --------------------------------------------------------------------------- aggregating


def _mean(values: list[float]) -> Optional[float]:
    return round(sum(values) / len(values), 1) if values else None


def summarise(attempts: list[Attempt]) -> dict[str, Any]:
    """The figures of one group of attempts (see the module docstring)."""
    complete = [a for a in attempts if a.complete]
    scores = [a.score for a in complete if a.score is not None]
    stage_values: dict[str, list[float]] = {}
    for a in complete:
        for stage, value in a.stages.items():
            stage_values.setdefault(stage, []).append(value)
    order = list(STAGE_IDS) + sorted(s for s in stage_values if s not in STAGE_IDS)
    signals = Counter(s for a in attempts for s in a.signals)
    outcomes = Counter(a.outcome for a in attempts)
    outcome_order = [o for o in OUTCOMES if o in outcomes] + sorted(o for o in outcomes if o not in OUTCOMES)
    return {
        "attempts": len(attempts),
        "complete": len(complete),
        "incomplete": len(attempts) - len(complete),
        "mean_score": _mean(scores),
        "best_score": (int(max(scores)) if max(scores).is_integer() else max(scores)) if scores else None,
        "stages": {s: _mean(stage_values[s]) for s in order if s in stage_values},
        "escalating_signals": [{"kind": k, "count": n} for k, n in sorted(signals.items(), key=lambda kv: (-kv[1], kv[0]))],
        "outcomes": {o: outcomes[o] for o in outcome_order},
        "exams": sum(1 for a in attempts if a.exam),
        "practice": sum(1 for a in attempts if not a.exam),
        "undos": sum(a.undos for a in attempts),
        "hints": sum(a.hints for a in attempts),
        "unsure": sum(a.unsure for a in attempts),
    }


@dataclass
class Report:
    count: int
    complete: int
    scenarios: list[dict[str, Any]]
    trainees: list[dict[str, Any]]
    pairs: list[dict[str, Any]]  # one per scenario × trainee

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "complete": self.complete,
            "incomplete": self.count - self.complete,
            "scenarios": self.scenarios,
            "trainees": self.trainees,
            "pairs": self.pairs,
        }


def select(attempts: list[Attempt], scenario: Optional[str] = None, trainee: Optional[str] = None, exam: Optional[bool] = None) -> list[Attempt]:
    """Attempts of one scenario (by id) and/or one trainee (name, any case), and only
    exams (`exam=True`) or only practice runs (`exam=False`)."""
    out = attempts
    if exam is not None:
        out = [a for a in out if a.exam is exam]
    if scenario:
        out = [a for a in out if a.scenario == scenario.strip()]
    if trainee is not None:
        key = " ".join(trainee.split()).casefold()
        out = [a for a in out if a.trainee_key == key]
    return out


def _names(attempts: list[Attempt]) -> dict[str, str]:
    """For each trainee key, the spelling seen most often (ties: the first in sort order)."""
    spellings: dict[str, Counter[str]] = {}
    for a in attempts:
        spellings.setdefault(a.trainee_key, Counter())[a.trainee] += 1
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in spellings.items()}


def _title(group: list[Attempt], lang: Optional[str]) -> str:
    """The scenario's title from its records: in `lang` when a record has it there, else
    the most frequent one."""
    titles = Counter(a.title for a in group if a.title)
    preferred = Counter(a.title for a in group if a.title and a.lang == lang)
    pick = preferred or titles
    return sorted(pick.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if pick else ""


def build(attempts: list[Attempt], lang: Optional[str] = None) -> Report:
    """Group and summarise attempts; `lang` picks which language's scenario titles to show."""
    names = _names(attempts)
    by_scenario: dict[str, list[Attempt]] = {}
    by_trainee: dict[str, list[Attempt]] = {}
    by_pair: dict[tuple[str, str], list[Attempt]] = {}
    for a in attempts:
        by_scenario.setdefault(a.scenario, []).append(a)
        by_trainee.setdefault(a.trainee_key, []).append(a)
        by_pair.setdefault((a.scenario, a.trainee_key), []).append(a)

    scenarios = []
    for sid in sorted(by_scenario):
        group = by_scenario[sid]
        scenarios.append(
            {
                "scenario": sid,
                "title": _title(group, lang),
                "langs": sorted({a.lang for a in group if a.lang}),
                "trainees": len({a.trainee_key for a in group}),
                **summarise(group),
            }
        )
    trainees = []
    for key in sorted(by_trainee, key=lambda k: (k == "", k)):  # the unnamed last
        group = by_trainee[key]
        trainees.append({"trainee": names[key], "scenarios": len({a.scenario for a in group}), **summarise(group)})
    pairs = []
    for sid, key in sorted(by_pair, key=lambda p: (p[0], p[1] == "", p[1])):
        pairs.append({"scenario": sid, "trainee": names[key], **summarise(by_pair[(sid, key)])})
    return Report(
        count=len(attempts),
        complete=sum(1 for a in attempts if a.complete),
        scenarios=scenarios,
        trainees=trainees,
        pairs=pairs,
    )


# --------------------------------------------------------------------------- CSV

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """Free text for a CSV that people open in spreadsheets: a value starting like a
    formula (=, +, -, @) gets a leading apostrophe, so it is shown and never evaluated."""
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def csv_rows(report: Report) -> tuple[list[str], list[list[Any]]]:
    """Header and rows for `--csv`: one row per scenario × trainee, with a fixed column per
    stage, per outcome and per escalating signal kind (plus any others found)."""
    stages = list(STAGE_IDS) + sorted({s for p in report.pairs for s in p["stages"]} - set(STAGE_IDS))
    outcomes = list(OUTCOMES) + sorted({o for p in report.pairs for o in p["outcomes"]} - set(OUTCOMES))
    known_signals = sorted(NEGATIVE_SIGNALS)
    signals = known_signals + sorted({s["kind"] for p in report.pairs for s in p["escalating_signals"]} - set(known_signals))
    header = (
        ["scenario", "trainee", "attempts", "complete", "incomplete", "mean_score", "best_score"]
        + [f"stage_{s}" for s in stages]
        + [f"outcome_{o}" for o in outcomes]
        + [f"signal_{s}" for s in signals]
        + ["exams", "practice", "undos", "hints", "unsure"]
    )
    rows = []
    for p in report.pairs:
        counts = {s["kind"]: s["count"] for s in p["escalating_signals"]}
        rows.append(
            [csv_safe(p["scenario"]), csv_safe(p["trainee"]), p["attempts"], p["complete"], p["incomplete"]]
            + ["" if p["mean_score"] is None else p["mean_score"], "" if p["best_score"] is None else p["best_score"]]
            + ["" if p["stages"].get(s) is None else p["stages"][s] for s in stages]
            + [p["outcomes"].get(o, 0) for o in outcomes]
            + [counts.get(s, 0) for s in signals]
            + [p["exams"], p["practice"], p["undos"], p["hints"], p["unsure"]]
        )
    return header, rows

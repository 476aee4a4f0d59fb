"""Precision and recall of `empathy check` verdicts on labelled replies.

    python bench/check_accuracy.py [--lang en|pl] [--errors] [--playbooks DIR]

1. tests/data/check_<lang>.yaml: every reply judged with the built-in playbooks of that
   language (plus --playbooks folders); precision and recall per verdict and accuracy for
   the dev split and the holdout split (written with dev, before the rules, never tuned on).
2. An outside check written by someone else: the replies offered in the built-in rehearsal
   scenarios, labelled by the mood change their author gave them (calms → de-escalating,
   heats up → escalating, 0 → neutral). Half the scenarios were used while writing the
   rules ("tuning"); the other half never were ("blind").
3. Consistency with the playbooks: recommended phrases, questions and `instead` wordings
   should not be judged escalating; phrases to avoid that name a harmful kind should be.

`--errors` lists the mistakes on the dev split and the tuning half only: the holdout and
the blind half are not for tuning.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.coach.check import VERDICTS, check_reply  # noqa: E402


def load_set(lang: str) -> list[dict]:
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "data" / f"check_{lang}.yaml").read_text(encoding="utf-8"))
    return data["items"]


def playbooks_for(lang: str, extra: list[Path]) -> list:
    from empathy_cli.content.library import load_library

    lib = load_library(extra, use_cache=False)
    return [e.content for e in lib.playbooks(lang)]


def scores(items: list[dict], playbooks: list, lang: str) -> tuple[dict, float, list]:
    pairs = []
    for item in items:
        got = check_reply(item["text"], playbooks, lang).verdict
        pairs.append((item["verdict"], got, item["text"]))
    per = {}
    for v in VERDICTS:
        tp = sum(1 for want, got, _ in pairs if want == v and got == v)
        predicted = sum(1 for _, got, _ in pairs if got == v)
        actual = sum(1 for want, _, _ in pairs if want == v)
        per[v] = (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0, actual)
    accuracy = sum(1 for want, got, _ in pairs if want == got) / len(pairs) if pairs else 1.0
    errors = [(want, got, text) for want, got, text in pairs if want != got]
    return per, accuracy, errors


#: Scenarios whose replies were looked at while writing the rules; the others are blind.
TUNING_SCENARIOS = {"anxious-before-procedure", "delayed-appointment"}


def scenario_items(lang: str, extra: list[Path] = ()) -> list[dict]:
    """Replies of the built-in scenarios in `lang`, labelled by their mood change."""
    from empathy_cli.content.library import load_library

    lib = load_library(list(extra), use_cache=False)
    items = []
    for entry in lib.scenarios(lang):
        split = "tuning" if entry.content.id in TUNING_SCENARIOS else "blind"
        for node in entry.content.nodes:
            for choice in node.choices:
                verdict = "escalating" if choice.mood > 0 else "de-escalating" if choice.mood < 0 else "neutral"
                items.append({"text": choice.text, "verdict": verdict, "split": split})
    return items


def consistency(playbooks: list, lang: str) -> tuple[int, int, int, int]:
    """(good wordings, of which judged escalating, harmful avoid entries, of which caught)."""
    good, good_bad, harmful, caught = 0, 0, 0, 0
    for pb in playbooks:
        for stage in pb.stages:
            texts = [p.text for p in stage.phrases] + list(stage.questions) + [a.instead for a in stage.avoid]
            for text in texts:
                good += 1
                good_bad += check_reply(text, playbooks, lang).verdict == "escalating"
            for avoid in stage.avoid:
                if avoid.kind in ("minimizing", "blame", "dismissal", "threat"):
                    harmful += 1
                    caught += check_reply(avoid.text, playbooks, lang).verdict == "escalating"
    return good, good_bad, harmful, caught


def accuracy(lang: str, split: str = "dev", extra: list[Path] = ()) -> float:
    """Accuracy of the verdict on one split (used by tests/test_check.py)."""
    items = [i for i in load_set(lang) if i["split"] == split]
    return scores(items, playbooks_for(lang, list(extra)), lang)[1]


def report(label: str, subset: list, pbs: list, lang: str, show_errors: bool) -> None:
    """Print accuracy and per-verdict precision/recall of one labelled subset."""
    per, acc, errors = scores(subset, pbs, lang)
    print(f"  {label:<8} n={len(subset):<3} accuracy={acc:.3f}")
    for v in VERDICTS:
        p, r, n = per[v]
        print(f"    {v:<14} precision={p:.3f} recall={r:.3f} (n={n})")
    if show_errors:
        for want, got, text in errors:
            print(f"    ! want {want:<13} got {got:<13} {text[:120]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=["en", "pl"])
    parser.add_argument("--errors", action="store_true", help="list dev-set mistakes")
    parser.add_argument("--playbooks", action="append", type=Path, default=[])
    args = parser.parse_args()
    for lang in args.lang or ["en", "pl"]:
        items = load_set(lang)
        pbs = playbooks_for(lang, args.playbooks)
        print(f"== {lang}  ({len(pbs)} playbook(s), {sum(len(p.signals) for p in pbs)} playbook signal(s))")
        for split in ("dev", "holdout"):
            report(split, [i for i in items if i["split"] == split], pbs, lang, args.errors and split == "dev")
        outside = scenario_items(lang, args.playbooks)
        for split in ("tuning", "blind"):
            subset = [i for i in outside if i["split"] == split]
            if subset:
                report(f"scenarios/{split}", subset, pbs, lang, args.errors and split == "tuning")
        good, good_bad, harmful, caught = consistency(pbs, lang)
        print(f"  playbooks: {good_bad}/{good} recommended wordings judged escalating; "
              f"{caught}/{harmful} harmful avoid entries caught")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How right the judge of wording is, on labelled replies nobody tuned it on.

    python bench/check_accuracy.py [--lang en|pl] [--blind] [--errors] [--playbooks DIR]

Sets, per language (every figure: confusion matrix, precision and recall per verdict,
3-class accuracy, and the 2-class figure escalating vs not):

1. tests/data/judge/dev_<lang>.tsv — two thirds of 440 replies per language written by an
   author who never saw the rules; the judge is trained and tuned on these.
2. ../shared/corpus/wording-external.tsv — written outside the project; also used for
   training and tuning (development data, not a result).
3. tests/data/judge/blind_<lang>.tsv — the blind third of (1), set aside and committed
   before any tuning. Printed only with --blind: every look is a look, so say in the
   notes how many times it was run. --errors never lists blind mistakes.
   tests/data/judge/fresh_blind_<lang>.tsv — a second held-out set (150 replies per
   language) by another author who saw nothing of the project, committed before the
   third round of tuning; also printed only with --blind.
4. tests/data/judge/dev2_<lang>.tsv, dev3_, dev4_, dev5_ … — more development replies per
   language, each file by another author who saw nothing of the project; each was judged
   unseen first (the figure is in its commit message) and then added to the training.
5. tests/data/check_<lang>.yaml — the first version's probe replies (regression only).
6. Consistency with the playbooks: recommended wordings should not be judged escalating;
   harmful phrases to avoid should be.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.coach.check import VERDICTS, check_reply  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "corpus" / "wording-external.tsv"
ORDER = ("escalating", "neutral", "de-escalating")


def load_set(lang: str) -> list[dict]:
    """The first version's probe replies (tests/data/check_<lang>.yaml)."""
    import yaml

    data = yaml.safe_load((ROOT / "tests" / "data" / f"check_{lang}.yaml").read_text(encoding="utf-8"))
    return data["items"]


def load_tsv(path: Path, lang: str) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{"text": r["reply"], "verdict": r["label"]} for r in rows if r["lang"] == lang]


def playbooks_for(lang: str, extra: list[Path]) -> list:
    from empathy_cli.content.library import load_library

    lib = load_library(extra, use_cache=False)
    return [e.content for e in lib.playbooks(lang)]


def scores(items: list[dict], playbooks: list, lang: str) -> tuple[dict, float, list]:
    """(per verdict (precision, recall, n), accuracy, mistakes (want, got, text))."""
    pairs = [(item["verdict"], check_reply(item["text"], playbooks, lang).verdict, item["text"]) for item in items]
    per = {}
    for v in VERDICTS:
        tp = sum(1 for want, got, _ in pairs if want == v and got == v)
        predicted = sum(1 for _, got, _ in pairs if got == v)
        actual = sum(1 for want, _, _ in pairs if want == v)
        per[v] = (tp / predicted if predicted else 1.0, tp / actual if actual else 1.0, actual)
    accuracy = sum(1 for want, got, _ in pairs if want == got) / len(pairs) if pairs else 1.0
    errors = [(want, got, text) for want, got, text in pairs if want != got]
    per["_pairs"] = pairs  # type: ignore[assignment]
    return per, accuracy, errors


def consistency(playbooks: list, lang: str) -> tuple[int, int, int, int]:
    """(good wordings, of which judged escalating, harmful avoid entries, of which caught)."""
    good, good_bad, harmful, caught = 0, 0, 0, 0
    for pb in playbooks:
        for stage in pb.stages:
            if stage.id == "document":  # notes for the record, not words said to the client
                continue
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
    """Accuracy of the verdict on one split of the probe set (used by tests/test_check.py)."""
    items = [i for i in load_set(lang) if i["split"] == split]
    return scores(items, playbooks_for(lang, list(extra)), lang)[1]


def report(label: str, subset: list, pbs: list, lang: str, show_errors: bool) -> None:
    """Print the confusion matrix, per-verdict precision/recall, accuracy and the 2-class figure."""
    per, acc, errors = scores(subset, pbs, lang)
    pairs = per.pop("_pairs")  # type: ignore[arg-type]
    esc_tp = sum(1 for w, g, _ in pairs if w == g == "escalating")
    esc_pred = sum(1 for _, g, _ in pairs if g == "escalating")
    esc_true = sum(1 for w, _, _ in pairs if w == "escalating")
    two_class = sum(1 for w, g, _ in pairs if (w == "escalating") == (g == "escalating")) / len(pairs)
    print(
        f"  {label:<10} n={len(subset):<4} 3-class accuracy={acc:.3f}   2-class (escalating vs not) accuracy={two_class:.3f}"
        f"  escalating P={esc_tp / max(esc_pred, 1):.3f} R={esc_tp / max(esc_true, 1):.3f}"
    )
    print("    confusion (rows: labelled, columns: judged)   " + "  ".join(f"{v[:6]:>6}" for v in ORDER))
    for want in ORDER:
        row = [sum(1 for w, g, _ in pairs if w == want and g == got) for got in ORDER]
        print(f"    {want:<45}" + "  ".join(f"{n:>6}" for n in row))
    for v in ORDER:
        p, r, n = per[v]
        print(f"    {v:<14} precision={p:.3f} recall={r:.3f} (n={n})")
    if show_errors:
        for want, got, text in errors:
            print(f"    ! want {want:<13} got {got:<13} {text[:140]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=["en", "pl"])
    parser.add_argument("--blind", action="store_true", help="also report the blind split (count your looks)")
    parser.add_argument("--errors", action="store_true", help="list mistakes on the development sets")
    parser.add_argument("--playbooks", action="append", type=Path, default=[])
    args = parser.parse_args()
    data = ROOT / "tests" / "data" / "judge"
    for lang in args.lang or ["en", "pl"]:
        pbs = playbooks_for(lang, args.playbooks)
        print(f"== {lang}  ({len(pbs)} playbook(s))")
        for path in sorted(data.glob(f"dev*_{lang}.tsv")):  # dev, dev2 … : one author each
            report(path.name.split("_")[0], load_tsv(path, lang), pbs, lang, args.errors)
        if EXTERNAL.is_file():
            report("external", load_tsv(EXTERNAL, lang), pbs, lang, args.errors)
        probes = load_set(lang)
        report("probes", probes, pbs, lang, args.errors)
        if args.blind:
            report("BLIND", load_tsv(data / f"blind_{lang}.tsv", lang), pbs, lang, False)
            if (data / f"fresh_blind_{lang}.tsv").is_file():
                report("FRESH BLIND", load_tsv(data / f"fresh_blind_{lang}.tsv", lang), pbs, lang, False)
        good, good_bad, harmful, caught = consistency(pbs, lang)
        print(f"  playbooks: {good_bad}/{good} recommended wordings judged escalating; {caught}/{harmful} harmful avoid entries caught")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

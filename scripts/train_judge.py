"""Compile the judge's rules and train its learned layer, per language.

    python scripts/train_judge.py            # compile + train both languages, write package data
    python scripts/train_judge.py --cv 5     # k-fold cross-validation on the training data only

Reads the rule files (src/empathy_cli/coach/rules/<lang>.yaml) and the labelled
DEVELOPMENT sets only — tests/data/judge/dev*_<lang>.tsv (dev_ by the first authors, dev2_
by a later one) and the outside development set
../shared/corpus/wording-external.tsv when present. The blind split
(tests/data/judge/blind_<lang>.tsv) is never read here: it is for bench/check_accuracy.py.

Writes src/empathy_cli/coach/data/judge-<lang>.json: the rules as parsed (so a run reads
JSON, not YAML), the SHA-256 of the rule file they came from (a test checks they agree),
and the weights of a multinomial logistic regression over `judgemodel.features`, trained
by plain stochastic gradient descent with L2 regularisation (deterministic: fixed seed).
Pure Python, no numpy: the sets are a few hundred replies.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.coach import check, judgemodel  # noqa: E402

DATA = ROOT / "src" / "empathy_cli" / "coach" / "data"
EXTERNAL = ROOT.parent / "shared" / "corpus" / "wording-external.tsv"
EPOCHS, RATE, L2 = 40, 0.05, 5e-4
#: Words and word pairs are regularised this much harder than what the rules and the
#: structure found: the judge must lean on how a reply is built, not on the vocabulary of
#: the replies it was trained on.
LEXICAL = 30.0
#: A weight whose classes differ by less than this is dropped from the shipped model.
PRUNE = 0.1
#: The built-in content counts this much per reply next to a labelled reply.
CONTENT_WEIGHT = 0.3
#: Escalating priors that `--cv N --sweep` compares with judgemodel.PRIOR.
SWEEP = (1.0, 1.3, 1.6, 2.0, 2.5, 3.0)


def read_tsv(path: Path, lang: str) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["reply"], r["label"]) for r in rows if r["lang"] == lang]


def sources(lang: str) -> dict[str, list[tuple[str, str]]]:
    """The labelled development replies of `lang`, by the author's set they come from."""
    found = {path.stem: read_tsv(path, lang) for path in sorted((ROOT / "tests" / "data" / "judge").glob(f"dev*_{lang}.tsv"))}
    if EXTERNAL.is_file():
        found["external"] = read_tsv(EXTERNAL, lang)
    return found


def training_items(lang: str) -> list[tuple[str, str]]:
    return [item for items in sources(lang).values() for item in items]


def content_items(lang: str) -> list[tuple[str, str]]:
    """The built-in content as extra training replies: every phrase to avoid (escalating)
    with its `instead` (de-escalating), the talking stages' phrases and open questions
    (de-escalating), and the scenarios' listed replies by the mood
    change their author gave them — pairs and sets that are balanced between harm and
    help, so they teach the content's own wording without tilting the verdicts."""
    from empathy_cli.content.library import load_library

    lib = load_library([], use_cache=False)
    items = []
    for entry in lib.playbooks(lang):
        for stage in entry.content.stages:
            if stage.id != "document":  # the talking stages: what the playbook recommends saying
                items += [(p.text, "de-escalating") for p in stage.phrases]
                items += [(q, "de-escalating") for q in stage.questions]  # its open questions too
            for avoid in stage.avoid:
                items.append((avoid.text, "escalating"))
                items.append((avoid.instead, "de-escalating"))
    for entry in lib.scenarios(lang):
        for node in entry.content.nodes:
            for choice in node.choices:
                label = "escalating" if choice.mood > 0 else "de-escalating" if choice.mood < 0 else "neutral"
                items.append((choice.text, label))
    return items


def builtin_playbooks(lang: str) -> list:
    from empathy_cli.content.library import load_library

    return [e.content for e in load_library([], use_cache=False).playbooks(lang)]


def compile_rules(lang: str) -> dict:
    """Point the engine at the YAML rules of `lang` (as a compiled file with no weights)."""
    source = check.rule_file(lang)
    raw = source.read_bytes()
    data = check.load_rule_data(lang)
    from empathy_cli.coach.safepattern import problem

    patterns = [r["pattern"] for r in data["rules"]] + list(data["vetoes"].values()) + list(data["structure"].values())
    unsafe = [(p, why) for p in patterns if (why := problem(p))]
    if unsafe:
        raise SystemExit(f"{source}: refused patterns: {unsafe}")
    compiled = {"version": 1, "lang": lang, "rules_sha256": hashlib.sha256(raw).hexdigest(), "rules": data, "weights": {}}
    judgemodel._MODELS[lang] = compiled
    check._RULESETS.pop(lang, None)
    return compiled


def train(xs: list[dict], ys: list[int], epochs: int = EPOCHS, rate: float = RATE, l2: float = L2, weights: "list[float] | None" = None) -> dict:
    w: dict[str, list[float]] = {}
    order = list(range(len(xs)))
    rng = random.Random(7)
    for epoch in range(epochs):
        rng.shuffle(order)
        lr = rate / (1 + epoch * 0.1)
        for i in order:
            x, y = xs[i], ys[i]
            sw = weights[i] if weights else 1.0
            p = judgemodel.probabilities(x, w)
            for name, value in x.items():
                row = w.setdefault(name, [0.0, 0.0, 0.0])
                reg = l2 * LEXICAL if name[:2] in ("w:", "b:") else l2
                for c in range(3):
                    g = sw * (p[c] - (1.0 if c == y else 0.0)) * value + reg * row[c]
                    row[c] -= lr * g
    # Weights that cannot move a verdict are left out: a smaller file is a faster start.
    return {k: [round(v, 3) for v in row] for k, row in w.items() if max(row) - min(row) >= PRUNE}


def featurise(items: list[tuple[str, str]], playbooks: list, lang: str) -> tuple[list[dict], list[int]]:
    xs = [check.analyse(text, playbooks, lang).features(lang) for text, _ in items]
    ys = [judgemodel.CLASSES.index(label) for _, label in items]
    return xs, ys


def score(label: str, held: "list[tuple[int, list[float], check.Analysis]]", prior: "tuple[float, ...]") -> None:
    """Print accuracy and escalating precision/recall of held-out (label, probabilities, analysis)."""
    got = [judgemodel.CLASSES.index(judgemodel.decide(p, a.pos, a.neg, a.plain, prior)[0]) for _, p, a in held]
    want = [y for y, _, _ in held]
    tp = sum(g == w == 0 for g, w in zip(got, want))
    print(
        f"{label}, prior {prior[0]:.2f}: accuracy {sum(g == w for g, w in zip(got, want)) / len(want):.3f}, "
        f"escalating precision {tp / max(got.count(0), 1):.3f} recall {tp / max(want.count(0), 1):.3f}"
    )


def show_mistakes(tag: str, items: list[tuple[str, str]], analyses: "list[check.Analysis]", w: dict, lang: str) -> None:
    """List the replies of `items` the weights `w` misjudge (development data only)."""
    for (text, label), a in zip(items, analyses):
        got = judgemodel.decide(judgemodel.probabilities(a.features(lang), w), a.pos, a.neg, a.plain)[0]
        if got != label:
            print(f"  [{tag}] want {label:<13} got {got:<13} {text}")


def cross_validate(lang: str, k: int, show_errors: bool = False, sweep: bool = False) -> None:
    """k-fold over the labelled replies; the content items are always in the training part."""
    compile_rules(lang)
    items = training_items(lang)
    playbooks = builtin_playbooks(lang)
    analyses = [check.analyse(text, playbooks, lang) for text, _ in items]
    xs = [a.features(lang) for a in analyses]
    ys = [judgemodel.CLASSES.index(label) for _, label in items]
    cx, cy = featurise(content_items(lang), playbooks, lang) if CONTENT_WEIGHT else ([], [])
    idx = list(range(len(xs)))
    random.Random(11).shuffle(idx)
    held: list[tuple[int, list[float], check.Analysis]] = []
    for fold in range(k):
        test = sorted(set(idx[fold::k]))
        keep = [i for i in idx if i not in set(test)]
        w = train([xs[i] for i in keep] + cx, [ys[i] for i in keep] + cy, weights=[1.0] * len(keep) + [CONTENT_WEIGHT] * len(cx))
        held += [(ys[i], judgemodel.probabilities(xs[i], w), analyses[i]) for i in test]
        if show_errors:
            show_mistakes(f"fold {fold + 1}", [items[i] for i in test], [analyses[i] for i in test], w, lang)
    for prior in [judgemodel.PRIOR] + ([(b, 1.0, 1.0) for b in SWEEP] if sweep else []):
        score(f"{lang}: {k}-fold on {len(xs)} training replies", held, prior)


def by_author(lang: str, grid: bool = False, show_errors: bool = False) -> None:
    """Leave one author's set out: train on the others (and the content), judge the one left
    out. Closer than k-fold to what matters, replies by a new author in new words; `--grid`
    compares settings of the word regularisation and the escalating prior this way."""
    global LEXICAL
    compile_rules(lang)
    playbooks = builtin_playbooks(lang)
    groups = sources(lang)
    feats = {name: [check.analyse(t, playbooks, lang) for t, _ in items] for name, items in groups.items()}
    labels = {name: [judgemodel.CLASSES.index(lb) for _, lb in items] for name, items in groups.items()}
    cx, cy = featurise(content_items(lang), playbooks, lang)
    saved = LEXICAL
    for LEXICAL in [saved] + ([lx for lx in (3.0, 10.0, 100.0) if lx != saved] if grid else []):
        held: list[tuple[int, list[float], check.Analysis]] = []
        for name in groups:
            xs = [a.features(lang) for other in groups if other != name for a in feats[other]]
            ys = [y for other in groups if other != name for y in labels[other]]
            w = train(xs + cx, ys + cy, weights=[1.0] * len(xs) + [CONTENT_WEIGHT] * len(cx))
            held += [(y, judgemodel.probabilities(a.features(lang), w), a) for a, y in zip(feats[name], labels[name])]
            if show_errors:
                show_mistakes(name, groups[name], feats[name], w, lang)
        for prior in [judgemodel.PRIOR] + ([(b, 1.0, 1.0) for b in SWEEP] if grid else []):
            score(f"{lang}: by author ({', '.join(groups)}), lexical {LEXICAL:g}", held, prior)
    LEXICAL = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", type=int, default=0, help="k-fold cross-validation instead of writing the model")
    parser.add_argument("--lang", choices=["en", "pl"], action="append")
    parser.add_argument("--errors", action="store_true", help="with --cv: list the misjudged training replies")
    parser.add_argument("--by-author", action="store_true", help="leave one author's set out at a time instead of k-fold")
    parser.add_argument("--grid", action="store_true", help="with --by-author: compare regularisation and prior settings")
    parser.add_argument("--sweep", action="store_true", help="with --cv: also report other escalating priors (judgemodel.PRIOR)")
    args = parser.parse_args()
    for lang in args.lang or ["en", "pl"]:
        if args.by_author:
            by_author(lang, args.grid, args.errors)
            continue
        if args.cv:
            cross_validate(lang, args.cv, args.errors, args.sweep)
            continue
        compiled = compile_rules(lang)
        labelled, content = training_items(lang), content_items(lang)
        items = labelled + content
        xs, ys = featurise(items, builtin_playbooks(lang), lang)
        compiled["weights"] = train(xs, ys, weights=[1.0] * len(labelled) + [CONTENT_WEIGHT] * len(content))
        compiled["trained_on"] = {"replies": len(items), "epochs": EPOCHS, "rate": RATE, "l2": L2}
        out = DATA / f"judge-{lang}.json"
        shipped = {**compiled, "version": 2, "weights": judgemodel.pack(compiled["weights"])}
        out.write_text(json.dumps(shipped, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"{lang}: {len(items)} replies, {len(compiled['weights'])} weights → {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

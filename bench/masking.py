"""How well masking catches identifiers, what it masks by mistake, and how long it takes.

    python bench/masking.py [--split dev|blind|both] [--errors]

1. tests/data/masking/{dev,blind}.yaml: identifiers typed in context (EN and PL), and
   "keep" sentences (times, prices, visit dates, references, rooms, counts, doses). The set
   was written before the masking was rewritten; a random third of each kind went to
   blind.yaml, which is never tuned on. Per kind: how many identifiers were caught (every
   secret string gone, and no 4 digits in a row of a long number left). False masks:
   keep sentences changed at all, and keep strings lost inside identifier sentences.
2. Speed: masking adversarial 10 KB and 100 KB strings (long digit runs, separators,
   titles, '@', dots...). Linear work shows as a ~10x ratio between the two sizes.

`--errors` lists the misses and false masks of the DEV split only.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.records.redact import redact_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "masking"


def load(split: str) -> dict:
    import yaml

    return yaml.safe_load((DATA / f"{split}.yaml").read_text(encoding="utf-8"))


def caught(secret: str, masked: str) -> bool:
    """The secret is gone, and (for long numbers) no 4 of its digits in a row survive."""
    if secret in masked:
        return False
    digits = re.sub(r"\D", "", secret)
    if len(digits) >= 7:
        runs = re.findall(r"\d+", masked)
        for i in range(len(digits) - 3):
            window = digits[i : i + 4]
            if any(window in run for run in runs):
                return False
    return True


def evaluate(data: dict) -> tuple[dict, list, list]:
    """(per kind [caught, total], misses, false masks)."""
    per: dict = defaultdict(lambda: [0, 0])
    misses, false = [], []
    for item in data["identifiers"]:
        masked, _ = redact_text(item["text"])
        ok = all(caught(s, masked) for s in item["secret"])
        per[item["kind"]][0] += ok
        per[item["kind"]][1] += 1
        if not ok:
            misses.append((item["kind"], item["text"], masked))
        for k in item.get("keep") or []:
            if k not in masked:
                false.append((f"lost {k!r}", item["text"], masked))
    for item in data["keep"]:
        masked, _ = redact_text(item["text"])
        if masked != item["text"]:
            false.append(("changed", item["text"], masked))
    return per, misses, false


def report(split: str, show_errors: bool) -> None:
    data = load(split)
    per, misses, false = evaluate(data)
    total_c = sum(c for c, _ in per.values())
    total_n = sum(n for _, n in per.values())
    print(f"{split}: caught {total_c}/{total_n} = {total_c / total_n:.1%}; false masks {len(false)} (keep sentences: {len(data['keep'])})")
    for kind in sorted(per):
        c, n = per[kind]
        print(f"  {kind:<14} {c:>3}/{n:<3} {c / n:6.1%}")
    if show_errors and split == "dev":
        for kind, text, masked in misses:
            print(f"  ! miss {kind:<13} {text}\n    -> {masked}")
        for why, text, masked in false:
            print(f"  ! false {why}: {text}\n    -> {masked}")


def adversarial(size: int) -> dict[str, str]:
    def fill(unit: str) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return {
        "digits": fill("1"),
        "digits+spaces": fill("1 "),
        "digit pairs": fill("12-"),
        "dots": fill("1."),
        "at signs": fill("a@"),
        "e-mail-ish": fill("a.b"),
        "spaced at": fill("a at b dot "),
        "titles": fill("Pan Pani Mr "),
        "capitals": fill("Aa "),
        "letters+digits": fill("AB12"),
        "postcodes": fill("00-590 "),
        "born": fill("born 1 "),
        "quotes": fill('"a'),
        "brackets": fill("[1."),
        "mixed": fill("ul. Długa 5/3, +48 601 234 567 x@y.pl Pani Nowak ur. 12.03.1954 "),
    }


def speed() -> None:
    print("speed (ms per call; ratio 100 KB / 10 KB, ~10 means linear):")
    worst = 0.0
    for name, small in adversarial(10_000).items():
        big = adversarial(100_000)[name]
        t0 = time.perf_counter()
        redact_text(small)
        t1 = time.perf_counter()
        redact_text(big)
        t2 = time.perf_counter()
        a, b = (t1 - t0) * 1000, (t2 - t1) * 1000
        worst = max(worst, b)
        print(f"  {name:<15} 10 KB {a:7.1f}  100 KB {b:8.1f}  ratio {b / max(a, 1e-3):5.1f}")
    print(f"  slowest 100 KB: {worst:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "blind", "both"], default="both")
    parser.add_argument("--errors", action="store_true", help="list dev-split misses and false masks")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    for split in ("dev", "blind"):
        if args.split in (split, "both"):
            report(split, args.errors)
    if not args.no_speed:
        speed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

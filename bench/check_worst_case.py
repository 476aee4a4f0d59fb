"""Worst-case time of the judge: long and adversarial replies, and an unsafe signal.

    python bench/check_worst_case.py

Prints the seconds each case takes (median of 3) in this process. The target: a
20,000-character reply is judged in at most 1 s; a playbook signal with nested
repetition is refused, so it costs nothing. Prints figures only.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace as NS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.coach.check import check_reply  # noqa: E402
from empathy_cli.content.library import load_library  # noqa: E402


def timed(fn) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    lib = load_library([], use_cache=False)
    books = {lang: [e.content for e in lib.playbooks(lang)] for lang in ("en", "pl")}
    evil = NS(id="evil", lang="en", stages=[], signals=[NS(kind="blame", patterns=["(x+x+)+y"], label="", weight=1.0)])
    cases = {
        '20,000 chars: "that\'s our policy but …" run-on (en)': ("en", ("that's our policy but " * 910)[:20_000]),
        "20,000 chars: one word repeated, no spaces (en)": ("en", "a" * 20_000),
        '20,000 chars: "I\'m sorry. " × 1818 (en)': ("en", ("I'm sorry. " * 1820)[:20_000]),
        '20,000 chars: "przykro mi, ale " run-on (pl)': ("pl", ("przykro mi, ale takie są zasady " * 700)[:20_000]),
        "20,000 chars: random-ish words (pl)": ("pl", (" ".join(f"słowo{i % 97}" for i in range(4000)))[:20_000]),
    }
    print(f"{'case':<58} seconds")
    for name, (lang, text) in cases.items():
        print(f"{name:<58} {timed(lambda: check_reply(text, books[lang], lang)):.3f}")
    secs = timed(lambda: check_reply("x" * 30, books["en"] + [evil], "en"))
    print(f"{'signal (x+x+)+y on 30 x (refused, never run)':<58} {secs:.3f}")


if __name__ == "__main__":
    main()

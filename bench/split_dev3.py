"""Split a labelled query set for honest tuning: every third row per language (rows 3, 6,
9, … counted within each language) goes to a held-back part that is only ever scored as a
whole, never studied query by query; the rest is for tuning.

    python bench/split_dev3.py tests/data/search/queries_dev3.tsv OUT_DIR

writes OUT_DIR/<name>_tune.tsv and OUT_DIR/<name>_heldback.tsv (same header).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    lines = src.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    seen: dict[str, int] = {}
    tune, held = [header], [header]
    for row in rows:
        lang = row.split("\t", 1)[0]
        seen[lang] = seen.get(lang, 0) + 1
        (held if seen[lang] % 3 == 0 else tune).append(row)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{src.stem}_tune.tsv").write_text("\n".join(tune) + "\n", encoding="utf-8")
    (out / f"{src.stem}_heldback.tsv").write_text("\n".join(held) + "\n", encoding="utf-8")
    print(f"tune {len(tune) - 1}, held back {len(held) - 1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

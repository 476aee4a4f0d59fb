"""Build the character-trigram table of the language detector from the built-in content.

    python scripts/train_langdetect.py

Reads every string of the built-in playbooks and scenarios (playbooks/en, playbooks/pl),
counts folded character trigrams per language, and writes
src/empathy_cli/coach/data/langdetect.json: per language, the log-probability of each
trigram seen at least twice, and a floor for unseen ones. The content is the project's
own words, so the table needs no outside data and is rebuilt whenever content grows.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from empathy_cli.coach.langdetect import trigrams  # noqa: E402


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            if k not in ("id", "next", "kind", "lang", "tags", "patterns", "sources", "playbook", "stage"):
                yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def main() -> None:
    import yaml

    table = {}
    for lang in ("en", "pl"):
        counts: Counter = Counter()
        for path in sorted((ROOT / "playbooks" / lang).rglob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            for s in strings(data):
                counts.update(trigrams(s))
        total = sum(counts.values())
        kept = {t: c for t, c in counts.items() if c >= 2}
        vocab = len(kept) + 1
        table[lang] = {
            "floor": round(math.log(0.5 / (total + vocab)), 3),
            "logp": {t: round(math.log((c + 0.5) / (total + vocab)), 3) for t, c in sorted(kept.items())},
        }
    out = ROOT / "src" / "empathy_cli" / "coach" / "data" / "langdetect.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()

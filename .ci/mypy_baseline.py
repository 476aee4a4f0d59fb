"""Run mypy; fail on any error not listed in .ci/mypy-baseline.txt (the list only shrinks).

Line numbers are left out of the comparison, so unrelated edits do not churn the list.
`python .ci/mypy_baseline.py --update` rewrites the list (review the diff: it should only
lose lines).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

BASELINE = Path(__file__).with_name("mypy-baseline.txt")
LINE = re.compile(r"^(?P<file>[^:]+):\d+(?::\d+)?: error: (?P<msg>.*)$")


def errors() -> list[str]:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary"], capture_output=True, text=True)
    out = []
    for line in proc.stdout.splitlines():
        m = LINE.match(line)
        if m:
            out.append(f"{m['file']}: {m['msg']}")
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not out):
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(2)
    return sorted(out)


def main() -> int:
    found = errors()
    if "--update" in sys.argv:
        BASELINE.write_text("".join(f"{e}\n" for e in found), encoding="utf-8")
        print(f"mypy baseline: {len(found)} known errors")
        return 0
    known = Counter(BASELINE.read_text(encoding="utf-8").splitlines()) if BASELINE.exists() else Counter()
    new = Counter(found) - known
    gone = known - Counter(found)
    if new:
        print("mypy: errors not in the baseline (.ci/mypy-baseline.txt):")
        for e in sorted(new.elements()):
            print("  " + e)
        return 1
    print(f"mypy: no new errors ({sum(Counter(found).values())} known, {sum(gone.values())} fixed since the baseline; run with --update to drop them)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

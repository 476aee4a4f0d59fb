"""`empathy validate` on many large playbooks, cold (empty cache), as wall time and peak memory.

Usage: python bench/validate_many.py [--files 300] [--kb 100] [--runs 3]

Builds FILES playbooks of about KB kilobytes each (the built-in English playbook with its
phrases repeated in variants, each file with its own id) in a temporary folder, then times,
in a fresh interpreter with an empty EMPATHY_CACHE each run:

- ``validate DIR``: the files named on the command line;
- ``--playbooks DIR validate``: the same folder on the search path (every file is both part
  of the library and validated).

Prints the median wall time, the CPU time (user + system, all processes: the honest figure
on a busy machine) and the peak RSS of the largest process. Figures only: never used as a
pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def build(folder: Path, files: int, kb: int) -> None:
    base = yaml.safe_load((REPO / "playbooks" / "en" / "aesthetic-clinic.yaml").read_text(encoding="utf-8"))
    phrases = [(i, p) for i, st in enumerate(base["stages"]) for p in st.get("phrases", [])]
    variant = 0
    text = ""
    while len(text.encode("utf-8")) < kb * 1024:
        variant += 1
        for i, p in phrases:
            base["stages"][i]["phrases"].append({"text": f"{p['text']} (variant {variant})", "tags": list(p.get("tags", []))})
        text = yaml.safe_dump(base, allow_unicode=True, sort_keys=False, width=100)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        (folder / f"bench-{n:03d}.yaml").write_text(text.replace("id: aesthetic-clinic\n", f"id: bench-{n:03d}\n", 1), encoding="utf-8")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--kb", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="empathy-validate-bench-"))
    content = tmp / "content"
    build(content, args.files, args.kb)
    size = sum(p.stat().st_size for p in content.iterdir())
    commands = {
        "validate DIR": [sys.executable, "-m", "empathy_cli", "validate", str(content)],
        "--playbooks DIR validate": [sys.executable, "-m", "empathy_cli", "--playbooks", str(content), "validate"],
    }
    print(f"{args.files} files, {size / args.files / 1024:.0f} KiB each ({size / 1024 / 1024:.1f} MiB), cold cache, runs={args.runs}")
    for name, cmd in commands.items():
        times, cpus, code = [], [], None
        for _ in range(args.runs):
            cache = tmp / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            env = {**os.environ, "EMPATHY_HOME": str(tmp / "home"), "EMPATHY_CACHE": str(cache), "NO_COLOR": "1"}
            elapsed, cpu, code = run(cmd, env)
            times.append(elapsed)
            cpus.append(cpu)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"{name:28} wall {statistics.median(times):6.2f} s   cpu {statistics.median(cpus):6.2f} s   exit {code}"
            f"   peak RSS (largest process so far) {peak / 1024:.0f} MiB"
        )
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Start-up cost of everyday commands, as medians and as ratios to `python -c pass`.

Usage: python bench/startup.py [--runs 15]

Compiles the sources first (as an installed package has its bytecode), then runs each
command in a fresh interpreter with a warm content cache (EMPATHY_CACHE and
EMPATHY_HOME in a temporary folder), interleaving the commands so machine noise hits them
alike, and prints the median wall time and its ratio to the interpreter's own start-up
measured in the same run. Prints figures only: never used as a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "empathy --version": [sys.executable, "-m", "empathy_cli", "--version"],
    "empathy --help": [sys.executable, "-m", "empathy_cli", "--help"],
    "empathy playbooks list": [sys.executable, "-m", "empathy_cli", "playbooks", "list"],
    "empathy scenarios list": [sys.executable, "-m", "empathy_cli", "scenarios", "list"],
    "empathy log list": [sys.executable, "-m", "empathy_cli", "log", "list"],
    "empathy phrases waiting": [sys.executable, "-m", "empathy_cli", "phrases", "waiting"],
    "empathy check …": [sys.executable, "-m", "empathy_cli", "check", "Calm down, it's not a big deal"],
    "empathy validate": [sys.executable, "-m", "empathy_cli", "validate"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="empathy-bench-")
    env = {**os.environ, "EMPATHY_HOME": os.path.join(tmp, "home"), "EMPATHY_CACHE": os.path.join(tmp, "cache"), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode written
    subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(os.path.dirname(__file__), "..", "src")], capture_output=True)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for cmd in COMMANDS.values():  # warm the cache and the OS file cache
        subprocess.run(cmd, env=env, capture_output=True)
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["python -c pass"])
    print(f"{'command':28} {'median ms':>10} {'× python':>9}   (runs={args.runs})")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"{name:28} {med * 1000:10.1f} {med / base:9.1f}")


if __name__ == "__main__":
    main()

"""How fast `empathy phrases WORD` answers, as a multiple of the interpreter's start-up.

    python bench/phrases_speed.py [--runs 15] [--word frustr] [--playbooks 200] [--phrases 200] [--keep]

1. Generates a large corpus into a temporary folder: --playbooks playbooks (half English,
   half Polish) of --phrases phrases each, valid playbooks with all five stages, a tag
   vocabulary and avoid entries.
2. Points EMPATHY_HOME and EMPATHY_CACHE at temporary folders, and warms the caches: one
   run on the built-in content, one with the corpus (passed with EMPATHY_PLAYBOOKS).
3. Times, interleaved so machine noise hits them alike, `python -c pass`,
   `empathy phrases WORD` on the built-in content and on built-in + corpus, and prints
   the medians and both ratios (targets: ≤ 8× and ≤ 10×).

Figures only: never a pass/fail test (timing belongs to benchmarks, not to tests).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STAGES = ("listen", "empathize", "solve", "escalate", "document")

EN = {
    "openers": [
        "I can see",
        "It sounds like",
        "I understand that",
        "I hear that",
        "It makes sense that",
        "Thank you for telling me that",
        "I'm sorry that",
        "Let me check why",
        "I'd like to know how",
        "Could you tell me when",
    ],
    "subjects": [
        "the wait",
        "the result",
        "the swelling",
        "the bill",
        "the bruising",
        "your appointment",
        "the pain",
        "the follow-up",
        "the doctor's answer",
        "the refund request",
        "the new date",
        "the treatment",
    ],
    "feelings": ["frustrating", "worrying", "upsetting", "disappointing", "confusing", "painful", "stressful", "unfair", "exhausting", "embarrassing"],
    "tails": [
        "for you",
        "after all this time",
        "when you made time for it",
        "today",
        "since Monday",
        "right now",
        "with everything else going on",
        "after what you were told",
    ],
    "actions": [
        "I'll ask the doctor",
        "we can book a review",
        "I'll call you back",
        "we could arrange a second opinion",
        "I'll write it down",
        "we can look at a refund",
        "I'll ask the manager",
        "we can move the appointment",
    ],
    "tags": {
        "frustration": ["frustrated", "fed up", "annoyed"],
        "waiting": ["wait", "delay", "late", "queue"],
        "refund": ["refund", "money back"],
        "pain": ["pain", "hurts", "sore"],
        "price": ["price", "cost", "bill"],
        "anxiety": ["worried", "anxious", "nervous"],
        "results": ["result", "outcome", "effect"],
        "side_effects": ["swelling", "bruising", "lump"],
        "anger": ["angry", "furious", "upset"],
        "follow_up": ["follow-up", "call back", "next step"],
    },
    "stage_titles": ["Listen", "Empathize", "Solve", "Escalate", "Document"],
}
PL = {
    "openers": [
        "Widzę, że",
        "Rozumiem, że",
        "Słyszę, że",
        "To zrozumiałe, że",
        "Dziękuję, że mówi Pani, że",
        "Przykro mi, że",
        "Sprawdzę, dlaczego",
        "Chciałabym wiedzieć, jak",
        "Proszę powiedzieć, kiedy",
        "Brzmi to tak, jakby",
    ],
    "subjects": [
        "czekanie",
        "efekt zabiegu",
        "opuchlizna",
        "rachunek",
        "siniak",
        "wizyta",
        "ból",
        "kontrola",
        "odpowiedź lekarza",
        "prośba o zwrot",
        "nowy termin",
        "zabieg",
    ],
    "feelings": ["frustrujące", "niepokojące", "przykre", "rozczarowujące", "niejasne", "bolesne", "stresujące", "niesprawiedliwe", "męczące", "krępujące"],
    "tails": [
        "dla Pani",
        "po tak długim czasie",
        "skoro znalazła Pani czas",
        "dzisiaj",
        "od poniedziałku",
        "teraz",
        "przy wszystkim innym",
        "po tym, co Pani usłyszała",
    ],
    "actions": [
        "zapytam lekarza",
        "możemy umówić kontrolę",
        "oddzwonię do Pani",
        "możemy zorganizować drugą opinię",
        "zapiszę to",
        "możemy rozważyć zwrot",
        "poproszę kierownika",
        "możemy przełożyć wizytę",
    ],
    "tags": {
        "frustration": ["frustracja", "zdenerwowanie", "irytacja"],
        "waiting": ["czekanie", "opóźnienie", "kolejka"],
        "refund": ["zwrot", "zwrot pieniędzy"],
        "pain": ["ból", "boli", "bolesny"],
        "price": ["cena", "koszt", "rachunek"],
        "anxiety": ["niepokój", "martwi", "stres"],
        "results": ["efekt", "wynik", "rezultat"],
        "side_effects": ["opuchlizna", "siniak", "obrzęk"],
        "anger": ["złość", "wściekły", "zły"],
        "follow_up": ["kontrola", "oddzwonić", "kolejny krok"],
    },
    "stage_titles": ["Słuchaj", "Okaż empatię", "Rozwiąż", "Eskaluj", "Udokumentuj"],
}


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def playbook_yaml(n: int, lang: str, phrases: int, rng: random.Random) -> str:
    v = EN if lang == "en" else PL
    tags = list(v["tags"])
    out = [
        "kind: playbook",
        f"id: bench-{n:03d}",
        f"lang: {lang}",
        f"title: {q(f'Bench playbook {n}')}",
        "description: Generated for bench/phrases_speed.py.",
        "stages:",
    ]
    per_stage = [phrases // len(STAGES) + (1 if i < phrases % len(STAGES) else 0) for i in range(len(STAGES))]
    for stage, title, count in zip(STAGES, v["stage_titles"], per_stage):
        out += [f"  - id: {stage}", f"    title: {q(title)}", f"    goal: {q('Generated goal for ' + stage)}", "    phrases:"]
        texts = []
        for _ in range(count):
            text = (
                f"{rng.choice(v['openers'])} {rng.choice(v['subjects'])} is {rng.choice(v['feelings'])} {rng.choice(v['tails'])}; {rng.choice(v['actions'])}."
                if lang == "en"
                else f"{rng.choice(v['openers'])} {rng.choice(v['subjects'])} to {rng.choice(v['feelings'])} {rng.choice(v['tails'])}; {rng.choice(v['actions'])}."
            )
            texts.append(text)
            out += [f"      - text: {q(text)}", f"        tags: [{', '.join(rng.sample(tags, rng.randint(1, 3)))}]"]
        out.append("    avoid:")
        for k in range(3):
            out += [
                f"      - text: {q('Generated phrasing to avoid number ' + str(k))}",
                f"        instead: {q(rng.choice(texts) if texts else 'Say this instead.')}",
                "        kind: dismissal",
            ]
    out.append("tags:")
    for tag, words in v["tags"].items():
        out += [f"  - id: {tag}", f"    label: {q(words[0])}", f"    words: [{', '.join(q(w) for w in words)}]"]
    return "\n".join(out) + "\n"


def generate(folder: Path, playbooks: int, phrases: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(playbooks):
        lang = "en" if n % 2 == 0 else "pl"
        (folder / lang).mkdir(parents=True, exist_ok=True)
        (folder / lang / f"bench-{n:03d}.yaml").write_text(playbook_yaml(n, lang, phrases, rng), encoding="utf-8")


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--word", default="frustr")
    parser.add_argument("--playbooks", type=int, default=200)
    parser.add_argument("--phrases", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as it is (by default the runs may cache bytecode, in a temporary "
        "PYTHONPYCACHEPREFIX, as an installed package does; a source checkout without .pyc files recompiles "
        "every project module on every run)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="empathy-phrases-bench-"))
    try:
        corpus = tmp / "corpus"
        start = time.perf_counter()
        generate(corpus, args.playbooks, args.phrases)
        print(f"corpus: {args.playbooks} playbooks × {args.phrases} phrases in {corpus} ({time.perf_counter() - start:.1f} s)")
        base_env = {**os.environ, "EMPATHY_HOME": str(tmp / "home"), "EMPATHY_CACHE": str(tmp / "cache"), "NO_COLOR": "1", "EMPATHY_LANG": "en"}
        base_env.pop("EMPATHY_PLAYBOOKS", None)
        if not args.no_bytecode:
            base_env.pop("PYTHONDONTWRITEBYTECODE", None)
            base_env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        print(
            "bytecode cache: "
            + (
                "as the environment says (PYTHONDONTWRITEBYTECODE=" + os.environ.get("PYTHONDONTWRITEBYTECODE", "") + ")"
                if args.no_bytecode
                else "on (temporary PYTHONPYCACHEPREFIX)"
            )
        )
        big_env = {**base_env, "EMPATHY_PLAYBOOKS": str(corpus)}
        empathy = [sys.executable, "-m", "empathy_cli", "phrases", args.word]
        commands = {
            "python -c pass": ([sys.executable, "-c", "pass"], base_env),
            f"phrases {args.word} (built-in)": (empathy, base_env),
            f"phrases {args.word} (+{args.playbooks}×{args.phrases})": (empathy, big_env),
        }
        for name, (cmd, env) in commands.items():  # warm the caches (first run builds them)
            start = time.perf_counter()
            timed(cmd, env)
            print(f"warm-up {name}: {(time.perf_counter() - start) * 1000:.0f} ms")
        out = subprocess.run(empathy + ["--json", "--limit", "0"], env=big_env, capture_output=True, text=True)
        matches = out.stdout.count('"text"')
        print(f"matches on the large corpus: {matches}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (cmd, env) in commands.items():
                times[name].append(timed(cmd, env))
        medians = {name: statistics.median(v) for name, v in times.items()}
        base = medians["python -c pass"]
        print(f"\n{'command':40} {'median ms':>10} {'× python':>9}   (runs={args.runs})")
        for name, med in medians.items():
            print(f"{name:40} {med * 1000:10.1f} {med / base:9.2f}")
        names = list(commands)
        print(f"\nratio built-in: {medians[names[1]] / base:.2f} (target ≤ 8)")
        print(f"ratio large:    {medians[names[2]] / base:.2f} (target ≤ 10)")
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

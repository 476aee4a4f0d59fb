"""A Polish session in a real terminal (tmux, the line mode): help, a whole interactive
encounter, a whole interactive rehearsal, the log and the report, every byte logged, and no English word on screen that
is not a name or an id (the word list and the name filter of tests/test_polish_session.py).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from test_line_mode_tty import POLL, REHEARSE_DATA, no_escapes, pane  # noqa: F401  (pane: the tmux fixture)
from test_polish_session import english_words

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


ENCOUNTER_PL = Path(__file__).parent / "data" / "encounter_pl"


def _screen(p) -> str:
    return p.raw().decode("utf-8", "replace")


def _answer(tail: str, prompt: str) -> str:
    """What a person types at a Polish line-mode prompt (the last lines on screen)."""
    if "t: tak, n: nie" in prompt.lower():
        return ""  # Enter: the default
    if "oczekiwano daty" in tail:
        return "dziś"
    if "oczekiwano godziny" in tail:
        return "14.30"
    if "numer" in prompt:
        return "1"
    return "Pacjentka czekała godzinę i jest zła."


#: A prompt is complete once nothing more has been written for this long. (The line mode
#: writes a prompt with one flush, after whole lines: an output ending in ": " is a prompt
#: unless a write was split right there; the pause only guards against that.)
QUIET = 0.02


def _drive(p, limit: int = 80) -> None:
    """Answer every prompt of an interactive session until the program ends."""
    seen = 0
    for _ in range(limit):
        deadline = time.monotonic() + 40
        size, since = -1, time.monotonic()
        while True:
            data = p.raw()
            if b"EXIT=" in data[seen:]:
                return
            if len(data) != size:  # still writing
                size, since = len(data), time.monotonic()
            elif len(data) > seen and data.rstrip(b" ").endswith(b":") and data.endswith(b" ") and time.monotonic() - since >= QUIET:
                break  # a prompt, and the line is complete
            assert time.monotonic() < deadline, data[-600:].decode("utf-8", "replace")
            time.sleep(POLL)
        seen = len(data)
        lines = [x for x in data.decode("utf-8", "replace").splitlines() if x.strip()]
        p.line(_answer("\n".join(lines[-4:-1]), lines[-1]))
    raise AssertionError("the session did not end")


def test_a_whole_polish_session_shows_no_english(pane):  # noqa: F811
    # Help, the encounter and the rehearsal run side by side, each in a terminal of its own
    # (one home: they write different files); the log and the report come after them.
    shown = []
    helps = pane("--lang", "pl", "--help", name="help")
    e = pane("--lang", "pl", "--plain", "--playbooks", str(ENCOUNTER_PL), "encounter", "test-clinic-pl", name="encounter")
    p = pane("--plain", "--playbooks", str(REHEARSE_DATA), "rehearse", "parcel-late", "--lang", "pl", "--seed", "1", name="rehearse")
    with ThreadPoolExecutor(1) as pool:
        encounter = pool.submit(_drive, e)  # answered while the rehearsal is played

        assert helps.exit_status() == 0
        shown.append(_screen(helps))

        p.expect("Nastrój: 6 na 10")
        p.expect("(h: podpowiedź, ?: pomoc): ")
        p.line("h")  # a hint
        p.expect("(h: podpowiedź, ?: pomoc): ")
        p.line("?")  # the keys
        assert p.first_replies_to_the_end("pomoc): ", "Zapisano") >= 1
        assert p.exit_status() == 0
        no_escapes(p)
        shown.append(_screen(p))

        encounter.result()
    assert e.exit_status() == 0
    no_escapes(e)
    shown.append(_screen(e))
    [record] = [json.loads(f.read_text(encoding="utf-8")) for f in (pane.home / "records").glob("*encounter*.json")]  # type: ignore[attr-defined]
    assert record["complete"] is True and record["lang"] == "pl"

    # These only read: side by side too.
    queries = [
        pane("--lang", "pl", "--playbooks", str(REHEARSE_DATA), *args, name="-".join(args))
        for args in (("log", "list"), ("report",), ("playbooks", "list"), ("scenarios", "list"))
    ]
    for q in queries:
        assert q.exit_status() == 0
        shown.append(_screen(q))

    text = "\n".join(shown)
    assert "Nastrój" in text and "poradnik" in text.lower()
    assert english_words(text) == [], english_words(text)

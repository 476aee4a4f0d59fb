"""A Polish session in a real terminal (tmux, the line mode): help, a whole interactive
rehearsal, the log and the report, every byte logged, and no English word on screen that
is not a name or an id (the word list and the name filter of tests/test_polish_session.py).
"""

from __future__ import annotations

import shutil
import sys

import pytest

from test_line_mode_tty import REHEARSE_DATA, no_escapes, pane  # noqa: F401  (pane: the tmux fixture)
from test_polish_session import english_words

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


def _screen(p) -> str:
    return p.raw().decode("utf-8", "replace")


def test_a_whole_polish_session_shows_no_english(pane):  # noqa: F811
    shown = []
    helps = pane("--lang", "pl", "--help", name="help")
    assert helps.exit_status() == 0
    shown.append(_screen(helps))

    p = pane("--plain", "--playbooks", str(REHEARSE_DATA), "rehearse", "parcel-late", "--lang", "pl", "--seed", "1", name="rehearse")
    p.expect("Nastrój: 6 na 10")
    p.expect("(h: podpowiedź, ?: pomoc): ")
    p.line("h")  # a hint
    p.expect("(h: podpowiedź, ?: pomoc): ")
    p.line("?")  # the keys
    replies = 0
    while p.expect_any("pomoc): ", "Zapisano") != "Zapisano":  # the first listed reply, to the end
        p.line("1")
        replies += 1
        assert replies < 30, "the rehearsal did not end"
    assert p.exit_status() == 0
    no_escapes(p)
    shown.append(_screen(p))

    for args in (("log", "list"), ("report",), ("playbooks", "list"), ("scenarios", "list")):
        q = pane("--lang", "pl", "--playbooks", str(REHEARSE_DATA), *args, name="-".join(args))
        assert q.exit_status() == 0
        shown.append(_screen(q))

    text = "\n".join(shown)
    assert "Nastrój" in text and "poradnik" in text.lower()
    assert english_words(text) == [], english_words(text)

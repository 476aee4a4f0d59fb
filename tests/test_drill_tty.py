"""A ten-card drill in a real terminal (tmux, line mode): answered card by card, stopped
with Ctrl-C half way, then finished in a second session — nothing answered is lost.

The drill's own promise ("two to five minutes a day") is measured by hand, not here:
tests never time anything.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from pty_support import empathy_exe
from test_line_mode_tty import Pane  # the tmux driver of the line-mode tests

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal"),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]

ARGS = ["drill", "--lang", "en", "--kind", "avoid", "--new", "10", "--seed", "3", "--minutes", "60"]


def _state(home: Path) -> dict:
    return json.loads((home / "drill" / "state.json").read_text(encoding="utf-8"))


def _answer(pane: Pane, card: int, total: int) -> None:
    pane.expect(f"Card {card}/{total}")
    pane.expect("(?: help):")
    pane.line("1")
    pane.expect("next time:")


def test_ten_cards_with_a_ctrl_c_in_the_middle_lose_nothing(tmp_path, home, warm_child):
    env = {
        "EMPATHY_HOME": str(home),
        "EMPATHY_CACHE": str(tmp_path / "cache"),
        "TERM": "dumb",
        "LANG": "C.UTF-8",
        "PATH": "/usr/bin:/bin",
    }
    warm_child(env, ARGS)  # the built-in content cached, as after a first run
    first = Pane(tmp_path, [empathy_exe(), *ARGS], env, "first")
    try:
        for card in range(1, 5):
            _answer(first, card, 10)
        first.expect("Card 5/10")
        first.expect("(?: help):")  # at its prompt
        first.ctrl_c()
        first.expect("Every card answered so far is saved.")
        assert first.exit_status() == 130
    finally:
        first.close()
    saved = _state(home)
    assert len(saved["cards"]) == 4 and all(c["reviews"] == 1 for c in saved["cards"].values())

    second = Pane(tmp_path, [empathy_exe(), *ARGS], env, "second")
    try:
        total = 10  # the cards answered before are not new any more: ten others come
        for card in range(1, total + 1):
            _answer(second, card, total)
        assert second.exit_status() == 0
    finally:
        second.close()
    done = _state(home)
    assert len(done["cards"]) == 14
    assert set(saved["cards"]) <= set(done["cards"])  # the first session's cards are kept

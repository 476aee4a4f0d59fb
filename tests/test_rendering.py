"""Layout fixes: one bullet per escalation item, wrapped lines keep their indent, prompts
break between words, help texts reflow to the terminal, the debrief summary comes last."""

from __future__ import annotations

import io
import re

import pytest

from empathy_cli.coach.prompter import Message


def rendered(message: Message, width: int, monkeypatch) -> str:
    """What the full interface prints on a colour terminal `width` columns wide."""
    from empathy_cli.ui import render

    buf = io.StringIO()
    from rich.console import Console

    monkeypatch.setattr("empathy_cli.ui.console.console", lambda stderr=False: Console(file=buf, width=width, color_system=None, markup=False, highlight=False))
    monkeypatch.setattr("empathy_cli.ui.console.fancy", lambda stream=None: True)
    monkeypatch.setenv("EMPATHY_PLAIN", "0")
    render.render_message(message)
    return buf.getvalue()


def test_escalation_tips_have_no_double_bullets(monkeypatch):
    lines = ["Do this now:", "  1. Keep your voice low and even, and keep a table between you", "Call:", "  • Clinic manager"]
    out = rendered(Message("tips", "Amber: tension rising", lines), 100, monkeypatch)
    assert "• Do this now:" in out and "1. Keep your voice low" in out and "• Clinic manager" in out
    assert not re.search(r"•\s+•", out) and not re.search(r"•\s+1\.", out)


def test_wrapped_lines_keep_their_indent(monkeypatch):
    long = "  1. " + " ".join(["word"] * 30)
    out = rendered(Message("info", "", [long]), 40, monkeypatch)
    body = [line for line in out.splitlines() if "word" in line]
    assert len(body) > 2
    starts = {len(line) - len(line.lstrip("│ ")) for line in body[1:]}
    first = body[0].index("1.") + 3
    assert starts == {first}, out  # continuation lines start under the text, not at the margin


def test_client_lines_hang_under_the_words(monkeypatch):
    out = rendered(Message("client", "Emma", [" ".join(["because"] * 12)]), 40, monkeypatch)
    lines = out.splitlines()
    assert lines[0].startswith("Emma: because") and all(line.startswith("      because") for line in lines[1:])


@pytest.mark.parametrize("columns", [40, 60, 120])
def test_prompts_break_between_words(monkeypatch, columns):
    from empathy_cli.ui.interactive import _fit

    monkeypatch.setenv("COLUMNS", str(columns))
    message, instruction = _fit("What has already been tried: earlier calls, visits, promises, anything offered?", "(type 'back' to go back)")
    words = set("What has already been tried: earlier calls, visits, promises, anything offered?".split())
    for line in message.split("\n"):
        assert len(line) <= columns - 1
        assert set(line.split()) <= words  # every piece is a whole word
    assert "back' to go back)" in (instruction or "")


def test_help_texts_have_no_hard_line_breaks(runner):
    from empathy_cli.cli.app import app

    res = runner.invoke(app, ["scenarios", "--help"], env={"COLUMNS": "200"})
    assert re.search(
        r"show\s+Show one scenario: persona, every node with its choices \(mood change, score, next\), the mood rules and the endings\.", res.stdout
    )
    res = runner.invoke(app, ["new", "scenario", "--help"], env={"COLUMNS": "200"})
    assert "mood rule and endings. It validates as it is" in res.stdout


def test_every_command_help_is_reflowed():
    from empathy_cli.cli.lazy import LAZY, _build

    def walk(command, path):
        help_text = command.help or ""
        for paragraph in help_text.split("\n\n"):
            for line in paragraph.split("\n")[1:]:
                assert not line[:1].islower(), f"{path}: a hard break inside a sentence: {line!r}"
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, f"{path} {name}")

    for name, (module, attr) in LAZY.items():
        walk(_build(name, module, attr), name)


def test_reflow_keeps_paragraphs_and_lists():
    from empathy_cli.cli.lazy import reflow

    assert reflow("One line\ngoes on.\n\nNext:\n- a\n  - b") == "One line goes on.\n\nNext:\n- a\n  - b"

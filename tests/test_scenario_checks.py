"""Scenario flow checks: references, reachability, endings, loops, mood rules."""

from __future__ import annotations

from empathy_cli.content.loader import load_file

GOOD = """\
kind: scenario
id: wait
lang: en
title: Waiting room
playbook: minimal
persona: {name: Ann, mood: 6}
start: open
rules:
  - when: {mood_at_least: 9}
    goto: safety
nodes:
  - id: open
    stage: listen
    say: "I've been waiting an hour!"
    choices:
      - {id: good, text: "That is a long wait. What happened?", next: offer, mood: -2, score: 9}
      - {id: bad, text: "Calm down.", next: angry, mood: 3}
  - id: offer
    stage: solve
    say: "So what now?"
    choices:
      - {id: options, text: "I can offer two options.", next: resolved, score: 8}
  - id: angry
    stage: empathize
    say: "Don't tell me to calm down!"
    choices:
      - {id: sorry, text: "You're right, I'm sorry.", next: offer, mood: -1, score: 6}
      - {id: leave, text: "Then leave.", next: walked}
  - id: safety
    stage: escalate
    say: "I'll smash this place!"
    choices:
      - {id: call, text: "I'm calling security now.", next: safe}
endings:
  - {id: resolved, outcome: resolved, text: Sorted.}
  - {id: walked, outcome: walked_out, text: She left.}
  - {id: safe, outcome: safety, text: Security came.}
"""


def codes(write, text):
    return [(p.code, p.describe(), p.line) for p in load_file(write("s.yaml", text)).problems]


def test_good_scenario_has_no_problems(write):
    assert codes(write, GOOD) == []


def test_next_to_nowhere_names_line_and_suggests(write):
    text = GOOD.replace("next: resolved,", "next: resolvd,")
    found = codes(write, text)
    assert found[0][0] == "E302"
    assert "did you mean 'resolved'" in found[0][1]
    assert "resolvd" in text.splitlines()[found[0][2] - 1]


def test_unreachable_node_and_unreachable_ending(write):
    text = GOOD.replace("next: angry, mood: 3", "next: offer, mood: 3")
    found = {c: m for c, m, _ in codes(write, text)}
    assert "node 'angry' can never be reached" in found["E303"]
    assert "ending 'walked' can never be reached" in found["W305"]


def test_loop_with_no_way_out(write):
    text = GOOD.replace("next: walked}", "next: angry}").replace("next: offer, mood: -1, score: 6}", "next: angry, mood: -1, score: 6}")
    found = {c: m for c, m, _ in codes(write, text)}
    assert "no ending can be reached from node 'angry'" in found["E304"]


def test_mood_out_of_range_and_empty_rule(write):
    text = GOOD.replace("mood_at_least: 9", "mood_at_least: 12").replace("{name: Ann, mood: 6}", "{name: Ann, mood: -1}")
    found = [m for _, m, _ in codes(write, text)]
    assert any("rules[0].when.mood_at_least: must be between 0 and 10, not 12" == m for m in found)
    assert any(m.startswith("persona.mood: must be between 0 and 10") for m in found)
    text = GOOD.replace("when: {mood_at_least: 9}", "when: {}")
    assert [c for c, _, _ in codes(write, text)] == ["E306"]


def test_duplicate_node_ids(write):
    text = GOOD.replace("id: angry", "id: offer")
    assert "E301" in [c for c, _, _ in codes(write, text)]


def test_every_problem_of_a_file_is_reported_in_one_run(write, runner):
    """Field errors do not hide flow errors or a missing playbook (no fix-and-rerun rounds)."""
    from empathy_cli.cli.app import app

    text = (
        GOOD.replace("playbook: minimal", "playbook: no-such-playbook")
        .replace("stage: solve", "stage: slove")  # a field error
        .replace("mood_at_least: 9", "mood_at_least: 15")  # a field error
        .replace("next: resolved,", "next: resolvd,")  # a flow error
        .replace("{id: bad, text:", "{id: good, text:")  # a duplicate choice id
    )
    result = runner.invoke(app, ["validate", "--json", str(write("s.yaml", text))])
    codes = sorted(p["code"] for p in __import__("json").loads(result.stdout)["problems"])
    assert codes == ["E102", "E105", "E301", "E302", "E401"], codes  # and no knock-on E304/W305

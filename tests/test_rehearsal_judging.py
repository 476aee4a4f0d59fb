"""Typed replies in rehearsal, whatever the judge: mood and score follow its verdict and
strength within bounds set by the listed replies; an unsure judge (or a tie between two
listed replies) asks which one was meant, an answers file keeps the guess flagged
`unsure`; feedback speaks only of the trainee's own words; stage scores are measured
against the best reply available; "next time" comes from the scenario's own situation;
the debrief agrees with the scores.

The judge is replaced (monkeypatched `check_reply`) wherever a test needs a verdict, a
strength or a confidence, so these tests hold for any judge the lead ships."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from empathy_cli import i18n
from empathy_cli.coach import rehearsal as engine
from empathy_cli.coach.check import CheckResult, SignalHit
from empathy_cli.coach.prompter import Cancelled, Typed
from empathy_cli.coach.rehearsal import choice_class
from empathy_cli.localtext import Text, keys
from rehearsal_support import FakePrompter as Prompter
from rehearsal_support import make

DATA = Path(__file__).parent / "data" / "rehearse"
BUILTIN_SCENARIOS = ["filler-uneven-result", "delayed-appointment", "refund-review-threat", "anxious-before-procedure"]
TYPED = "Some words of the trainee, judged by a stand-in judge"


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of(DATA)


#: The real judge's verdicts on the listed replies, kept across tests: (text, lang, ids of
#: the playbooks) -> (the playbooks, kept so their ids stay theirs; the verdict). The
#: judge is deterministic, and the exhaustive tests below judge the same replies at every
#: node and mood.
_JUDGED: dict = {}


def judge_as(monkeypatch, verdict: str, score: float = 0.0, confidence: float = 1.0, signals=(), text: str = TYPED):
    """Make the judge return `verdict` for `text`; every other text is judged as usual."""
    real = engine.check_reply

    def judge(t, playbooks, lang):
        if t == text:
            return CheckResult(verdict, list(signals), score=score, confidence=confidence, lang=lang)
        key = (t, lang, tuple(map(id, playbooks)))
        if key not in _JUDGED:
            _JUDGED[key] = (tuple(playbooks), real(t, playbooks, lang))
        return _JUDGED[key][1]

    monkeypatch.setattr(engine, "check_reply", judge)


# --------------------------------------------------------------------------- verdict and strength


def all_nodes(lib):
    for scenario in BUILTIN_SCENARIOS + ["parcel-late"]:
        for lang in ("en", "pl"):
            entry = lib.get("scenario", scenario, lang)
            assert entry is not None, (scenario, lang)
            for node in entry.content.nodes:
                yield scenario, lang, node


@pytest.mark.parametrize("score", [0.0, 1.0, 3.0])
def test_a_reply_judged_de_escalating_never_scores_below_a_listed_dismissive_one(lib, monkeypatch, score):
    judge_as(monkeypatch, "de-escalating", score=score)
    for scenario, lang, node in all_nodes(lib):
        r = make(lib, scenario, lang)
        for mood in range(11):
            offered = r.offered(node, mood)
            r.state.mood = mood
            m = r.map_typed(node, TYPED)
            heating = [c for c in offered if choice_class(c) == "escalating"]
            assert all(m.score >= c.score for c in heating), (scenario, lang, node.id, mood)
            assert m.mood <= 0 and all(m.mood <= c.mood for c in heating), (scenario, lang, node.id, mood)
            assert m.heard == "de-escalating"


@pytest.mark.parametrize("score", [0.5, -1.0, -4.0])
def test_a_reply_judged_escalating_never_scores_above_a_listed_calming_one(lib, monkeypatch, score):
    judge_as(monkeypatch, "escalating", score=score, signals=[SignalHit("minimizing", "Some", 0, 4)])
    for scenario, lang, node in all_nodes(lib):
        r = make(lib, scenario, lang)
        for mood in range(11):
            offered = r.offered(node, mood)
            r.state.mood = mood
            m = r.map_typed(node, TYPED)
            calming = [c for c in offered if choice_class(c) == "de-escalating"]
            assert all(m.score <= c.score for c in calming), (scenario, lang, node.id, mood)
            assert m.mood >= 1, (scenario, lang, node.id, mood)


def test_strength_moves_score_and_mood(lib, monkeypatch):
    r = make(lib)
    node = r.node
    results = {}
    for verdict, score in (("de-escalating", 0.5), ("de-escalating", 2.0), ("neutral", 0.0), ("escalating", -1.0), ("escalating", -3.0)):
        # An open question: what the opening (a listen moment) is about, so nothing is capped.
        signals = [SignalHit("open_question", "Some words", 0, 10)] if verdict == "de-escalating" else []
        judge_as(monkeypatch, verdict, score=score, signals=signals)
        results[(verdict, score)] = make(lib).map_typed(node, TYPED)
    weak, strong = results[("de-escalating", 0.5)], results[("de-escalating", 2.0)]
    assert strong.score == 9 and strong.mood == -1  # as good as the best listed reply (ask: 9, -1)
    assert weak.score <= strong.score and weak.mood >= strong.mood
    flat = results[("neutral", 0.0)]
    mild, harsh = results[("escalating", -1.0)], results[("escalating", -3.0)]
    assert harsh.score == 0 and harsh.mood == 3  # as bad as the worst listed reply (policy: 0, +3)
    assert harsh.score <= mild.score < flat.score <= weak.score
    assert harsh.mood >= mild.mood >= 1 > flat.mood


# --------------------------------------------------------------------------- unsure, and ties


def test_an_unsure_judge_asks_which_listed_reply_was_meant(lib, monkeypatch):
    judge_as(monkeypatch, "de-escalating", score=1.0, confidence=0.3)
    r = make(lib)
    p = Prompter([Typed(TYPED), "number"])
    with pytest.raises(Cancelled):
        r.run(p)
    follow = p.questions[1]
    assert follow.followup and follow.id == "start.meant" and not follow.allow_typed
    assert set(follow.option_ids()) == {"ask", "policy", "number"}
    assert follow.prompt == Text("rehearse.which_meant")
    assert i18n.render(follow.prompt, "en") == "Which listed reply is closest to what you meant?"
    (turn,) = r.state.transcript
    assert turn.choice == "number" and turn.meant == "number" and not turn.unsure
    assert turn.heard == "neutral" and turn.mood_after == 6 and turn.score == 4  # counts as the flat reply it was meant as
    assert "rehearse.taken_as" in keys(turn.feedback)
    assert "Practical but cold." not in turn.feedback  # the words of "number" were not used


def test_an_answers_file_keeps_the_guess_and_flags_it_unsure(lib, monkeypatch):
    from empathy_cli.ui.scripted import ScriptedPrompter

    judge_as(monkeypatch, "de-escalating", score=2.0, confidence=0.3)
    r = make(lib)
    p = ScriptedPrompter([{"say": TYPED}])
    with pytest.raises(Cancelled):  # one step only: it runs out at the next node
        r.run(p)
    (turn,) = r.state.transcript
    assert turn.unsure and turn.meant == "" and turn.choice == "ask" and turn.confidence == 0.3
    assert "rehearse.guessed" in keys(turn.feedback) and "rehearse.judge_unsure" in keys(turn.feedback)
    rec = r.record()
    assert rec["unsure_replies"] == 1 and rec["transcript"][0]["unsure"] is True


def test_a_tie_between_two_listed_replies_with_different_paths_asks(lib, monkeypatch):
    r = make(lib)
    start = r.scenario.node("start")
    twin = dataclasses.replace(start.choices[0], id="ask-twin", next="solve")
    node = dataclasses.replace(start, choices=[*start.choices, twin])
    r.scenario = dataclasses.replace(r.scenario, nodes=[node, *r.scenario.nodes[1:]])
    words = "I'm sorry it hasn't arrived. Could you tell me what happened?"
    m = r.map_typed(node, words)
    assert m.unsure and {c.id for c in m.candidates} == {"ask", "ask-twin"}
    p = Prompter([Typed(words), "ask-twin"])
    with pytest.raises(Cancelled):
        r.run(p)
    assert r.state.transcript[0].choice == "ask-twin" and r.state.node == "solve"
    assert set(p.questions[1].option_ids()) == {"ask", "ask-twin"}  # only the two that fit


def test_no_question_when_the_judge_is_sure_and_nothing_ties(lib):
    r = make(lib)
    p = Prompter([Typed("I'm sorry it hasn't arrived. Could you tell me what happened, from the start?")])
    with pytest.raises(Cancelled):
        r.run(p)
    assert [q.id for q in p.questions] == ["start", "feeling"]
    assert not r.state.transcript[0].unsure


# --------------------------------------------------------------------------- feedback on own words


def test_feedback_never_shows_a_listed_replys_feedback_for_words_not_used(lib, monkeypatch):
    authored = {c.feedback for n in make(lib).scenario.nodes for c in n.choices if c.feedback}
    for verdict, score in (("de-escalating", 2.0), ("escalating", -3.0), ("neutral", 0.0)):
        judge_as(monkeypatch, verdict, score=score)
        r = make(lib)
        for _ in range(6):
            if r.finished:
                break
            turn = r.reply(Typed(TYPED))
            assert not authored & {x for x in turn.feedback if isinstance(x, str)}, (verdict, turn.node, turn.feedback)


def test_polite_wall_judged_escalating_is_not_praised_for_the_call_for_help(lib, monkeypatch):
    text = "I appreciate that, but we do ask clients to allow extra time."
    judge_as(monkeypatch, "escalating", score=-1.5, signals=[SignalHit("dismissal", "we do ask clients to allow extra time", 22, 60)], text=text)
    r = make(lib)
    r.reply("policy")  # → security (the rule), where the call for help is listed
    turn = r.reply(Typed(text))
    assert turn.heard == "escalating" and turn.choice != "help"
    assert "Help, called in calmly." not in turn.feedback
    assert Text("rehearse.heard_bad", kind=Text("rehearse.signal.dismissal"), text="we do ask clients to allow extra time") in turn.feedback
    [works] = [x for x in turn.feedback if isinstance(x, Text) and x.key == "rehearse.would_work"]
    assert works.values["text"].startswith("I can see how angry you are.")
    # As the trainee reads it:
    shown = [i18n.render(x, "en") for x in turn.feedback]
    assert "Harmful: dismissing: “we do ask clients to allow extra time”." in shown


def test_feedback_quotes_the_signals_of_the_trainees_own_words_in_polish(lib, monkeypatch):
    text = "Proszę się uspokoić, takie są zasady."
    judge_as(monkeypatch, "escalating", score=-3, signals=[SignalHit("minimizing", "Proszę się uspokoić", 0, 19)], text=text)
    r = make(lib, lang="pl")
    turn = r.reply(Typed(text))
    assert Text("rehearse.heard_bad", kind=Text("rehearse.signal.minimizing"), text="Proszę się uspokoić") in turn.feedback
    assert "Szkodzi: bagatelizowanie: „Proszę się uspokoić”." in [i18n.render(x, "pl") for x in turn.feedback]
    assert turn.signals == [{"kind": "minimizing", "text": "Proszę się uspokoić"}]


# --------------------------------------------------------------------------- scores against the best


def test_points_are_out_of_ten_against_the_best_reply_available(lib):
    r = make(lib)
    turn = r.reply("ask")  # 9 is the best at the opening
    assert (turn.score, turn.max_score, turn.points) == (9, 9, 10)
    msgs = r.turn_messages(turn, echo_reply=False)
    assert any(m.kind == "feedback" and m.title == Text("rehearse.feedback_title", points=10) for m in msgs)
    assert i18n.render(msgs[-1].title, "en") == "Feedback · 10/10 points"
    assert i18n.render(msgs[-1].title, "pl") == "Informacja zwrotna · 10/10 pkt"


def test_a_stage_is_the_mean_share_of_the_best_at_each_of_its_moments(lib):
    r = make(lib)
    for answer in ("policy", "stall", "apologise"):  # security (3 of 10), then angry (9 of 9)
        r.reply(answer)
    rec = r.record()
    assert rec["stages"]["escalate"] == 65  # (0.3 + 1.0) / 2; summed points would give 63
    assert [t["points"] for t in rec["transcript"]] == [0, 3, 10]
    assert rec["score"] == round(100 * (0 + 0.3 + 1.0) / 3)


# --------------------------------------------------------------------------- next time


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_next_time_comes_from_the_scenarios_situation(lib, lang):
    r = make(lib, lang=lang)
    # The playbook's listen stage also has phrases for other situations (a refund, no tag):
    stage = r.playbook.stage("listen")
    other = [
        dataclasses.replace(stage.phrases[0], text="Would you like a refund form?", tags=["refund"]),
        dataclasses.replace(stage.phrases[0], text="Please take your time.", tags=[]),
        # tagged like the moment, but also about results, which this scenario is not:
        dataclasses.replace(stage.phrases[0], text="How does the result look to you?", tags=["delivery", "results"]),
    ]
    r.playbook = dataclasses.replace(
        r.playbook, stages=[dataclasses.replace(s, phrases=[*s.phrases, *other]) if s.id == "listen" else s for s in r.playbook.stages]
    )
    for answer in ("number", "name", "options", "note"):
        r.reply(answer)
    nxt = r.record()["next_time"]
    assert nxt["stage"] == "listen"
    best = r.scenario.node("start").choices[0].text  # the opening's best reply
    assert nxt["phrases"][0] == best
    assert not {"Would you like a refund form?", "Please take your time.", "How does the result look to you?"} & set(nxt["phrases"])


def test_next_time_never_offers_phrases_of_other_situations(lib):
    r = make(lib)
    for answer in ("number", "ok", "options", "vague"):
        r.reply(answer)
    tags = {tag for n in r.scenario.nodes for tag in n.tags}
    nodes_best = {c.text for n in r.scenario.nodes for c in n.choices}
    for phrase in r.record()["next_time"]["phrases"]:
        source = next((p for s in r.playbook.stages for p in s.phrases if p.text == phrase), None)
        assert phrase in nodes_best or (source is not None and tags & set(source.tags)), phrase


# --------------------------------------------------------------------------- the debrief agrees


def debrief_text(record) -> str:
    from empathy_cli.ui import console as con
    from empathy_cli.ui.debrief import print_debrief

    buf = io.StringIO()
    old = con.console
    try:
        from rich.console import Console

        con.console = lambda: Console(file=buf, width=100, no_color=True, force_terminal=False)  # type: ignore[assignment]
        print_debrief(record)
    finally:
        con.console = old
    return buf.getvalue()


def test_listed_calming_replies_never_count_as_escalating_wording(lib, monkeypatch):
    # A listed reply the author made calming, with words the judge flags (a CUS line):
    text = make(lib).scenario.node("start").choices[0].text
    judge_as(monkeypatch, "escalating", score=-1.5, signals=[SignalHit("blame", "it hasn't arrived", 9, 26)], text=text)
    r = make(lib)
    for answer in ("ask", "name", "options", "note"):
        r.reply(answer)
    rec = r.record()
    assert rec["score"] == 100 and rec["escalating_signals"] == []
    out = debrief_text(rec)
    assert "Every stage went well" in out and "Escalating wording" not in out


def test_escalating_wording_never_stands_next_to_every_stage_went_well(lib, monkeypatch):
    judge_as(monkeypatch, "escalating", score=-1.5, signals=[SignalHit("minimizing", "Some words", 0, 10)])
    r = make(lib)
    r.reply("ask")
    r.reply("name")
    r.reply("options")
    # Make the typed escalating reply earn full marks (a node with no calming reply left):
    wrap = r.scenario.node("wrap")
    only = dataclasses.replace(wrap.choices[0], mood=1, score=10)
    r.scenario = dataclasses.replace(r.scenario, nodes=[n if n.id != "wrap" else dataclasses.replace(wrap, choices=[only]) for n in r.scenario.nodes])
    r.reply(Typed(TYPED))
    rec = r.record()
    assert rec["escalating_signals"] == ["minimizing"]
    assert rec["next_time"]["stage"] == "document"
    out = debrief_text(rec)
    assert "Escalating wording in your replies: minimising ×1" in out
    assert "Every stage went well" not in out


def test_old_records_still_render(lib):
    from empathy_cli.records.rehearsal_md import render

    old = {
        "kind": "rehearsal",
        "scenario": "parcel-late",
        "lang": "en",
        "complete": True,
        "score": 80,
        "outcome": "resolved",
        "stages": {"listen": 100},
        "escalating_signals": ["blame"],
        "next_time": {"stage": "listen", "score": 100, "phrases": []},
        "transcript": [
            {
                "node": "start",
                "stage": "listen",
                "client": "Hi",
                "reply": "Hello",
                "typed": False,
                "verdict": "neutral",
                "signals": [],
                "mood_before": 6,
                "mood_after": 5,
                "score": 9,
                "max_score": 9,
                "feedback": "Fine.",
            }
        ],
    }
    out = debrief_text(old)
    assert "mood 6 → 5 · 10/10 points" in out and "blaming ×1" in out and "Every stage went well" not in out
    md = render(old)
    assert "mood 6 → 5 · 10/10 points" in md and "blaming ×1" in md


@pytest.mark.parametrize("lang, mark", [("en", "unsure"), ("pl", "niepewne")])
def test_unsure_is_flagged_in_transcript_record_markdown_and_report(runner, tmp_path, write, monkeypatch, lang, mark):
    import json

    from empathy_cli.cli.app import app

    judge_as(monkeypatch, "de-escalating", score=2.0, confidence=0.2)
    out = tmp_path / "records"
    steps = f"- say: {json.dumps(TYPED)}\n- choice: name\n- choice: options\n- choice: note\n"
    result = runner.invoke(
        app, ["-p", str(DATA), "rehearse", "parcel-late", "--lang", lang, "--out", str(out), "--seed", "1", "--answers", str(write("a.yaml", steps))]
    )
    assert result.exit_code == 0, result.output + result.stderr
    debrief = result.output.partition("==")[2]
    assert f"· {mark}" in debrief
    (rec,) = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")]
    assert rec["unsure_replies"] == 1 and rec["transcript"][0]["unsure"] is True and rec["transcript"][0]["choice"] == "ask"
    md = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert f"· {mark}*" in md
    data = json.loads(runner.invoke(app, ["report", str(out), "--json"]).stdout)
    assert data["scenarios"][0]["unsure"] == 1

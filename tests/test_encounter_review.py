"""The encounter, finished well: the review before saving, the honest record ("first
said"), the nudge when nobody was called, the summary of what the record holds, and the
review and reflection surviving --resume."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from empathy_cli import i18n
from empathy_cli.app.encounter import EncounterSession, renderer, run_encounter, walk
from empathy_cli.app.session import Ending
from empathy_cli.coach.encounter import Encounter
from empathy_cli.coach.prompter import Cancelled, GoBack
from empathy_cli.content.loader import load_file
from empathy_cli.localtext import Cat, Shown, Text, keys
from empathy_cli.records.encounter import build_record
from empathy_cli.records.encounter_md import render_markdown
from empathy_cli.records.store import RecordStore, journal_problem
from test_encounter import FULL, STARTED, FakePrompter

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def pb():
    return load_file(DATA / "encounter" / "test-clinic.yaml").content


@pytest.fixture
def pb_pl():
    return load_file(DATA / "encounter_pl" / "test-clinic-pl.yaml").content


def check_for(pb):
    from empathy_cli.coach.check import check_reply

    return lambda text: check_reply(text, [pb], pb.lang)


def engine(pb, prompter, **kw):
    e = Encounter(pb, prompter, render=renderer(pb), session="s1", check=check_for(pb), clock=lambda: STARTED, **kw)
    e.ctx.started_at = STARTED
    return e


def answer_line(label: Shown, value: Shown) -> Cat:
    """A line of the review: an answer under its stage, as the engine says it."""
    return Cat("  ", label, ": ", value)


def review_asks(prompter) -> int:
    return prompter.asked.count("review")


# --------------------------------------------------------------------------- the review


def test_the_review_shows_every_answer_by_stage_before_saving(pb):
    prompter = FakePrompter(FULL)
    result = walk(engine(pb, prompter))
    assert result.complete and prompter.asked[-1] == "review"
    [review] = [m for m in prompter.shown("summary") if m.data.get("review")]
    assert review.title == Text("encounter.review.title")
    # every stage that has answers, as a heading, in order, and the answers under it
    headings = [line for line in review.lines if line.parts[0] != "  "]
    assert headings == [Cat("1. ", "Listen"), Cat("2. ", "Empathize"), Cat("3. ", "Solve"), Cat("5. ", "Document")]  # nothing ticked in Escalate
    assert "encounter.label.warning_signs" not in keys(review.lines)
    assert answer_line(Text("encounter.label.concern"), "The result looks uneven. Call me on 601 234 567.") in review.lines
    assert answer_line(Text("encounter.label.options_offered"), "Review with the doctor; Refund") in review.lines
    assert answer_line("Location", "reception") in review.lines
    assert any(line.parts[1] == "Steps taken" for line in review.lines)
    # the question: save first (the default), then one "change" per answer
    q = next(q for kind, q in prompter.log if kind == "ask" and q.id == "review")
    assert q.default == "save" and q.option_ids()[0] == "save"
    assert {"concern", "wants", "options_offered", "location", "outcome", "steps_taken"} <= set(q.option_ids())
    assert next(o for o in q.options if o.id == "wants").label == Text("encounter.review.change", label=Text("encounter.label.wants"), value="a correction")
    # what was left empty is not in the list of answers, but can be changed like any other
    empty = Text("encounter.review.change", label=Text("encounter.label.warning_signs"), value=Text("encounter.review.empty"))
    assert next(o for o in q.options if o.id == "warning_signs").label == empty
    assert i18n.render(empty) == "Change: Warning signs — (left empty)"


def test_changing_an_answer_at_the_review_asks_it_again_then_shows_the_review_again(pb):
    prompter = FakePrompter(dict(FULL, review=("wants", "save"), wants=("a correction", "a refund")))
    result = walk(engine(pb, prompter))
    assert result.answers["wants"] == "a refund"
    assert review_asks(prompter) == 2
    after = prompter.asked[prompter.asked.index("review") :]
    assert after == ["review", "wants", "review"]  # only the answer changed, nothing else
    reviews = [m for m in prompter.shown("summary") if m.data.get("review")]
    wants = Text("encounter.label.wants")
    assert answer_line(wants, "a refund") in reviews[-1].lines and answer_line(wants, "a correction") in reviews[0].lines


def test_a_change_that_brings_new_questions_asks_them_and_drops_what_no_longer_applies(pb):
    # Tick an amber sign at the review: "who did you call in?" now applies and is asked.
    answers = dict(FULL, review=("warning_signs", "save"), warning_signs=([], ["shouting"]), help_called=["clinic-manager"], help_called_at="14:40")
    prompter = FakePrompter(answers)
    result = walk(engine(pb, prompter))
    after = prompter.asked[prompter.asked.index("review") :]
    assert after == ["review", "warning_signs", "help_called", "help_called_at", "review"]
    assert result.answers["help_called"] == ["clinic-manager"] and result.answers["help_called_at"] == "14:40"
    # ... and un-ticking it again drops the call that depended on it
    answers = dict(answers, review=("warning_signs", "warning_signs", "save"), warning_signs=([], ["shouting"], []))
    result = walk(engine(pb, FakePrompter(answers)))
    assert "help_called" not in result.answers and "help_called_at" not in result.answers


def test_back_at_a_changed_answer_keeps_the_old_one_and_back_at_the_review_goes_to_the_last_question(pb):
    prompter = FakePrompter(dict(FULL, review=("wants", "save"), wants=("a correction", GoBack())))
    result = walk(engine(pb, prompter))
    assert result.answers["wants"] == "a correction" and review_asks(prompter) == 2
    prompter = FakePrompter(dict(FULL, review=(GoBack(), "save"), follow_up_due=("2026-11-27", "2026-11-30")))
    result = walk(engine(pb, prompter))
    assert prompter.asked[-3:] == ["review", "follow_up_due", "review"]
    assert result.answers["follow_up_due"] == "2026-11-30"


def test_an_answers_file_is_saved_without_the_review(runner, home, tmp_path):
    from empathy_cli.cli.app import app

    answers = tmp_path / "a.yaml"
    answers.write_text('concern: "Uneven, call 601 234 567"\nlocation: desk\noutcome: resolved\n', encoding="utf-8")
    res = runner.invoke(app, ["--playbooks", str(DATA / "encounter"), "encounter", "test-clinic", "--answers", str(answers)])
    assert res.exit_code == 0, res.output
    assert "Before saving" not in res.stdout and "Save the record" not in res.stdout
    assert len(list((home / "records").glob("*.json"))) == 1


def test_the_line_mode_shows_the_review_as_numbered_lines(pb):
    from empathy_cli.ui.line import LinePrompter

    states: list[dict[str, Any]] = []
    walk(engine(pb, FakePrompter(dict(FULL, review=Cancelled(), save_incomplete=False)), journal=states.append))
    assert states[-1]["phase"] == "review"
    out = io.StringIO()
    line = LinePrompter(input=io.StringIO("3\na refund\n1\n"), output=out)
    result = engine(pb, line, resume=states[-1]).run()
    text = out.getvalue()
    assert "Before saving: your answers" in text
    assert "  1. Save the record" in text and "  3. Change: Wants — a correction (Listen)" in text
    assert "\x1b" not in text
    assert result.answers["wants"] == "a refund"
    assert text.count("Save the record, or change an answer?") == 2


# --------------------------------------------------------------------------- an honest record


def test_an_escalating_phrase_replaced_through_change_that_answer_stays_as_first_said(pb):
    prompter = FakePrompter(dict(FULL, own_phrase=("Calm down. Mail me: a@b.pl", "I can see you're upset.")))
    prompter.answers["continue"] = [False, True]
    result = walk(engine(pb, prompter))
    assert result.answers["own_phrase"] == "I can see you're upset."
    assert result.first_said == [{"question": "own_phrase", "text": "Calm down. Mail me: a@b.pl", "verdict": "escalating"}]
    record = build_record(result, pb)
    assert record["first_said"] == [{"question": "own_phrase", "text": "Calm down. Mail me: [email]", "verdict": "escalating"}]
    md = render_markdown(record, pb)
    assert "**Own words:** “I can see you're upset.”\n\n- *First said:* “Calm down. Mail me: [email]”" in md
    # the review shows it too, before saving
    review = [m for m in prompter.shown("summary") if m.data.get("review")][-1]
    own = review.lines.index(answer_line(Text("encounter.label.own_phrase"), "I can see you're upset."))
    first = Cat("  ", Text("encounter.first_said", text=Text("encounter.quote", text="Calm down. Mail me: a@b.pl")))
    assert review.lines[own + 1] == first  # right under the words that replaced it
    assert i18n.render(first) == "  First said: “Calm down. Mail me: a@b.pl”"
    # the pre-filled steps taken say it too, in the order it was said
    assert "Said: “I can see this is frustrating.”, “Calm down. Mail me: a@b.pl”, “I can see you're upset”." in result.answers["steps_taken"]


def test_replaced_through_the_review_or_by_nothing_it_stays_too(pb):
    prompter = FakePrompter(dict(FULL, own_phrase=("Calm down.", ""), review=("own_phrase", "save")))
    result = walk(engine(pb, prompter))
    assert result.answers["own_phrase"] == "" and [x["text"] for x in result.first_said] == ["Calm down."]
    md = render_markdown(build_record(result, pb), pb)
    assert "**Own words:** —\n\n- *First said:* “Calm down.”" in md


def test_a_calm_phrase_replaced_is_not_kept_and_records_without_the_field_still_render(pb):
    prompter = FakePrompter(dict(FULL, own_phrase=("I can see you're upset.", "I'm sorry this happened."), review=("own_phrase", "save")))
    result = walk(engine(pb, prompter))
    assert result.first_said == []
    record = build_record(result, pb)
    assert "first_said" not in record  # the field is optional: absent when there is nothing
    assert "First said" not in render_markdown(record, pb)
    record["first_said"] = "damaged"  # a hand-edited record does not break the Markdown
    assert "First said" not in render_markdown(record, pb)


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_markdown_record_with_first_said_golden(lang, pb, pb_pl, golden):
    playbook = pb if lang == "en" else pb_pl
    i18n.set_lang(lang)
    try:
        first = "Calm down, it's nothing." if lang == "en" else "Proszę się uspokoić, to nic takiego."
        better = "I can see you're upset." if lang == "en" else "Widzę, że to Pana zdenerwowało."
        answers = dict(FULL, own_phrase=(first, better), outcome="partly_resolved")
        if lang == "pl":
            answers.update(
                concern="Wynik jest nierówny. Proszę dzwonić: 601 234 567.",
                wants="korekty",
                tried="dzwoniła dwa razy",
                location="recepcja",
                follow_up="Lekarz zadzwoni w piątek",
            )
        prompter = FakePrompter(answers)
        prompter.answers["continue"] = [False, True]
        result = walk(engine(playbook, prompter))
        assert [x["text"] for x in result.first_said] == [first]
        shown = render_markdown(build_record(result, playbook), playbook)
    finally:
        i18n.set_lang("en")
    golden(f"encounter_first_said_{lang}.md", shown)  # pytest --update-golden rewrites it


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_the_document_stage_asks_not_to_leave_out_what_went_badly(lang, pb, pb_pl):
    i18n.set_lang(lang)
    try:
        prompter = FakePrompter(FULL)
        walk(engine(pb if lang == "en" else pb_pl, prompter))
        [document] = [m for m in prompter.shown("stage") if m.title.parts[-1] in ("Document", "Udokumentuj")]
    finally:
        i18n.set_lang("en")
    assert len(document.lines) == 2  # the playbook's goal, then one line of guidance
    assert document.lines[1] == Text("encounter.document_honest")
    said = i18n.render(document.lines[1], lang)
    assert ("what went badly" in said) if lang == "en" else ("co poszło źle" in said)


def test_prefilled_answers_are_plain_text_in_the_language_of_the_record(pb_pl):
    """The engine words what it pre-fills through the renderer the app gives it (the
    record's language, whatever the interface's), and saves it as plain text."""
    assert i18n.get_lang() == "en"
    prompter = FakePrompter(dict(FULL, concern="Wynik jest nierówny"))
    result = walk(engine(pb_pl, prompter))
    details, steps = result.answers["details"], result.answers["steps_taken"]
    assert isinstance(details, str) and isinstance(steps, str)
    assert details.startswith("Problem: Wynik jest nierówny.")
    assert steps.startswith("Wysłuchano problemu i podsumowano go.")
    # the question showed it as its default, already in words
    asked = next(q for kind, q in prompter.log if kind == "ask" and q.id == "details")
    assert asked.default == details
    # a renderer in another language words the same answers differently: it is what decides
    english = Encounter(pb_pl, FakePrompter({}), render=lambda value: i18n.render(value, "en"), resume={"answers": result.answers})
    [details_step] = [s for s in english.steps if s.id == "details"]
    assert details_step.build(english.ctx).default.startswith("Concern: Wynik jest nierówny.")


# --------------------------------------------------------------------------- the nudge


def test_amber_signs_and_nobody_called_get_a_nudge_with_who_and_what_to_say(pb):
    prompter = FakePrompter(dict(FULL, warning_signs=["shouting"], help_called=[]))
    result = walk(engine(pb, prompter))
    nudges = [m for m in prompter.shown("warning") if m.data.get("nudge")]
    assert nudges and nudges[0].lines == [
        Text("encounter.nudge.call", level="Amber", who="Clinic manager"),
        Text("encounter.nudge.say", text=Text("encounter.quote", text="I'm concerned about a client at reception.")),
    ]
    assert [i18n.render(x) for x in nudges[0].lines] == [
        "Amber warning signs, and nobody was called in. Who to call: Clinic manager.",
        "What to say: “I'm concerned about a client at reception.”",
    ]
    # non-blocking: no question asked because of it, and the walk-through goes on
    assert prompter.asked[prompter.asked.index("help_called") + 1] == "date" and result.complete
    # it is in the review too, before saving
    review = [m for m in prompter.shown("summary") if m.data.get("review")][-1]
    assert review.lines[-2] == Cat("! ", Text("encounter.nudge.call", level="Amber", who="Clinic manager"))


def test_red_signs_nudge_names_the_red_calls_and_calling_someone_ends_it(pb):
    prompter = FakePrompter(dict(FULL, warning_signs=["shouting", "threatens-harm"], help_called=[]))
    walk(engine(pb, prompter))
    [nudge] = [m for m in prompter.shown("warning") if m.data.get("nudge")]
    assert nudge.data["nudge"] == "red" and nudge.lines[0] == Text("encounter.nudge.call", level="Red", who="Security, Emergency services (112)")
    for answers in (dict(FULL, warning_signs=["shouting"], help_called=["clinic-manager"]), dict(FULL, warning_signs=["upset"])):
        prompter = FakePrompter(answers)
        walk(engine(pb, prompter))
        assert not [m for m in prompter.shown("warning") if m.data.get("nudge")]


def test_the_nudge_in_polish(pb_pl):
    i18n.set_lang("pl")
    try:
        prompter = FakePrompter(dict(FULL, warning_signs=["shouting"], help_called=[]))
        walk(engine(pb_pl, prompter))
    finally:
        i18n.set_lang("en")
    [nudge] = [m for m in prompter.shown("warning") if m.data.get("nudge")]
    assert nudge.lines[0] == Text("encounter.nudge.call", level="Żółty", who="Kierownik kliniki")
    assert [i18n.render(x, "pl") for x in nudge.lines] == [
        "Sygnały ostrzegawcze (poziom: Żółty), a nikogo nie wezwano. Kogo wezwać: Kierownik kliniki.",
        "Co powiedzieć: „Martwi mnie sytuacja z klientem w recepcji.”",
    ]


# --------------------------------------------------------------------------- the summary


def test_the_summary_shows_what_happened_the_steps_and_what_the_record_holds_masked(runner, home, tmp_path):
    from empathy_cli.cli.app import app

    answers = tmp_path / "a.yaml"
    answers.write_text(
        'concern: "Uneven lips, call me on 601 234 567"\nwarning_signs: [shouting]\nlocation: desk\noutcome: resolved\nfollow_up: "Mail a@b.pl on Friday"\n',
        encoding="utf-8",
    )
    res = runner.invoke(app, ["--playbooks", str(DATA / "encounter"), "encounter", "test-clinic", "--answers", str(answers)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    summary = out[out.index("Summary") : out.index("Saved:")]
    assert "What happened: Concern: Uneven lips, call me on [phone]." in summary
    assert "Steps taken: Listened to the concern and summed it up." in summary
    assert "Follow-up: Mail [email] on Friday" in summary
    assert "601 234 567" not in out and "a@b.pl" not in out
    assert "Amber warning signs, and nobody was called in" in summary
    [js] = (home / "records").glob("*.json")
    record = json.loads(js.read_text())
    n = len([v for v in record["answers"].values() if v not in ("", [], None)])
    assert f"The record holds {n} answers. Personal identifiers masked: 2." in " ".join(summary.split())


# --------------------------------------------------------------------------- resume


def session(pb, prompter, store, journal=None):
    return EncounterSession(pb, [], prompter, store, journal=journal, interactive=True)


def test_stopped_at_the_review_resume_returns_to_the_review(pb, home):
    store = RecordStore(home / "records")
    prompter = FakePrompter(dict(FULL, review=Cancelled(), save_incomplete=False))
    outcome = run_encounter(session(pb, prompter, store))
    assert outcome.ending is Ending.KEPT
    [journal] = store.unfinished("encounter")
    assert journal["phase"] == "review" and journal_problem(journal) is None

    prompter = FakePrompter({"reflect": False})
    outcome = run_encounter(session(pb, prompter, store, journal))
    assert outcome.ending is Ending.COMPLETE
    assert prompter.asked == ["review", "reflect"]  # the review first, then the reflection
    assert outcome.info is not None and outcome.info.data["answers"]["location"] == "reception"


def test_the_reflection_survives_resume_with_its_answers(pb, home):
    store = RecordStore(home / "records")
    prompter = FakePrompter(dict(FULL, reflect=True, reflect_well="I listened, call 601 234 567", reflect_change=KeyboardInterrupt()))
    s = session(pb, prompter, store)
    with pytest.raises(KeyboardInterrupt):  # the terminal closed mid-reflection
        s.run()
    [journal] = store.unfinished("encounter")
    assert journal["phase"] == "reflect"
    assert journal["answers"]["_reflect_well"] == "I listened, call [phone]"  # masked on disk

    prompter = FakePrompter({"reflect_change": "Offer the doctor sooner", "reflect_feeling": "fine"})
    outcome = run_encounter(session(pb, prompter, store, journal))
    assert prompter.asked == ["reflect_change", "reflect_feeling"]  # no walk, no review, no gate again
    reflection = outcome.info.data["reflection"]
    assert reflection == {"skipped": False, "well": "I listened, call [phone]", "change": "Offer the doctor sooner", "feeling": "fine"}
    assert not any(k.startswith("_") for k in outcome.info.data["answers"])
    # and the summary came after the reflection, from the saved record
    kinds = [m.kind for kind, m in prompter.log if kind == "show"]
    assert kinds[-1] == "summary"


def test_a_journal_with_a_wording_check_can_be_resumed(pb, home):
    store = RecordStore(home / "records")
    prompter = FakePrompter(dict(FULL, own_phrase="Calm down.", options_offered=Cancelled(), save_incomplete=False))
    run_encounter(session(pb, prompter, store))
    [journal] = store.unfinished("encounter")
    assert journal_problem(journal) is None
    assert journal["notes"]["_own_phrase_check"]["verdict"] == "escalating"
    prompter = FakePrompter(dict(FULL, own_phrase="I can see you're upset.", review=("own_phrase", "save"), reflect=False))
    outcome = run_encounter(session(pb, prompter, store, journal))
    # the check carried over: replacing the escalating words at the review keeps them
    assert outcome.info.data["first_said"][0]["text"] == "Calm down."


def test_a_hand_edited_journal_with_odd_notes_still_resumes_and_saves(pb, home):
    store = RecordStore(home / "records")
    prompter = FakePrompter(dict(FULL, own_phrase="Calm down.", options_offered=Cancelled(), save_incomplete=False))
    run_encounter(session(pb, prompter, store))
    [journal] = store.unfinished("encounter")
    journal["notes"] = {"_own_phrase_check": "escalating", "_x": {"y": 1}, "plain": 3}
    journal["answers"]["_first_said"] = "Calm down."  # text, not a list
    journal["phase"] = ["review"]
    prompter = FakePrompter(dict(FULL, own_phrase="I can see you're upset.", reflect=False))
    outcome = run_encounter(session(pb, prompter, store, journal))
    assert outcome.ending is Ending.COMPLETE and prompter.asked[0] == "options_offered"
    record = outcome.info.data
    assert "first_said" not in record and record["checks"] == {}  # the odd note was not taken as a check
    assert "First said" not in outcome.info.markdown_path.read_text(encoding="utf-8")

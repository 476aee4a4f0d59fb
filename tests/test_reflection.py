"""The short reflection at the end of `empathy encounter`: optional, saved in the record's
own section, remembered as skipped, masked like everything else, and one line of staff
support (never anything clinical) for someone who says they are shaken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from empathy_cli import i18n
from empathy_cli.cli.app import app
from empathy_cli.coach.encounter import reflect
from empathy_cli.coach.prompter import Cancelled, validate_answer
from empathy_cli.localtext import Text
from empathy_cli.runtime import current

BASE = """\
concern: "The result is uneven."
location: reception
outcome: resolved
follow_up: "Doctor calls on Friday"
"""


class Answers:
    def __init__(self, **answers):
        self.answers = answers
        self.asked, self.shown = [], []

    def ask(self, q):
        self.asked.append(q.id)
        value = self.answers.get(q.id, q.default if q.default is not None else "")
        if isinstance(value, BaseException):
            raise value
        return validate_answer(q, value) if value != "" else ""

    def show(self, message):
        self.shown.append(message)


def run(runner, tmp_path, extra=""):
    answers = tmp_path / "a.yaml"
    answers.write_text(BASE + extra, encoding="utf-8")
    res = runner.invoke(app, ["encounter", "aesthetic-clinic", "--answers", str(answers)])
    assert res.exit_code == 0, res.output
    [js] = Path(current().env["EMPATHY_HOME"], "records").glob("*.json")
    return res, json.loads(js.read_text()), js.with_suffix(".md").read_text()


def test_scripted_reflection_is_saved_in_its_own_section(runner, home, tmp_path):
    res, record, md = run(
        runner, tmp_path, 'reflect_well: "I let her finish. Mail me at a@b.pl"\nreflect_change: "Offer the doctor sooner"\nreflect_feeling: shaken\n'
    )
    assert record["reflection"] == {"skipped": False, "well": "I let her finish. Mail me at [email]", "change": "Offer the doctor sooner", "feeling": "shaken"}
    assert not any(k.startswith("reflect") for k in record["answers"])  # not mixed with the incident's answers
    assert record["masked"] == 1  # masked and counted like any other free text
    assert "## Reflection" in md and "> Offer the doctor sooner" in md and "a@b.pl" not in md
    assert "Take five minutes before your next client, and tell your lead how it went." in res.stdout
    assert "not used" not in res.stderr and "ignored" not in res.stderr  # the keys are known


def test_a_reflection_left_out_is_remembered_as_skipped(runner, home, tmp_path):
    res, record, md = run(runner, tmp_path)
    assert record["reflection"] == {"skipped": True}
    assert "## Reflection\n\n_Skipped._" in md
    assert "Take five minutes" not in res.stdout


def test_the_gate_skips_or_opens_the_questions():
    p = Answers()  # Enter at the gate: its default is no
    assert reflect(p) == {"skipped": True} and p.asked == ["reflect"]
    p = Answers(reflect=True, reflect_well="Stayed calm", reflect_feeling="tired")
    assert reflect(p) == {"skipped": False, "well": "Stayed calm", "change": "", "feeling": "tired"}
    assert p.shown == []  # support is for someone shaken only
    p = Answers(reflect=True)  # every question left empty
    assert reflect(p) == {"skipped": True}
    p = Answers(reflect=True, reflect_well="x", reflect_change=Cancelled())  # Ctrl-C in the middle
    assert reflect(p) == {"skipped": True}


def test_support_line_for_someone_shaken_is_staff_support_not_clinical():
    p = Answers(reflect=True, reflect_feeling="shaken")
    reflect(p)
    [message] = p.shown
    assert message.title == Text("encounter.reflect.support_title") and message.lines == [Text("encounter.reflect.support")]
    assert message.data == {"support": True}
    for lang in ("en", "pl"):  # what it says, in either language
        text = " ".join(i18n.render(x, lang) for x in message.lines).lower()
        assert ("five minutes" in text and "lead" in text) if lang == "en" else ("pięć minut" in text and "przełożon" in text)
        for clinical in ("therap", "terap", "diagnos", "medic", "lek ", "psych", "counsel"):
            assert clinical not in text


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_reflection_section_golden(lang, golden):
    from empathy_cli.records.encounter_md import _reflection

    i18n.set_lang(lang)
    shown = "\n".join(_reflection({"skipped": False, "well": "I listened first.\nThen I summed up.", "change": "", "feeling": "shaken"}))
    shown += "\n---\n" + "\n".join(_reflection({"skipped": True}))
    i18n.set_lang("en")
    golden(f"reflection_{lang}.md", shown + "\n")
    assert _reflection(None) == []  # records made before reflection existed have no section

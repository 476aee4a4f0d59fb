"""Dates and times as people type them: one parser (`empathy_cli.dates`), ISO out, used by
every question of type date/time (terminal and answers files) and by `progress --since`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from empathy_cli.coach.prompter import Question, validate_answer
from empathy_cli.dates import parse_date, parse_day, parse_time

TODAY = date(2026, 1, 5)


@pytest.mark.parametrize(
    "typed, iso",
    [
        ("2026-11-30", "2026-11-30"),
        ("30.11.2026", "2026-11-30"),
        ("30.11.26", "2026-11-30"),
        ("30/11/2026", "2026-11-30"),
        (" 1.2.2026 ", "2026-02-01"),
        ("dziś", "2026-01-05"),
        ("Dzisiaj", "2026-01-05"),
        ("today", "2026-01-05"),
        ("wczoraj", "2026-01-04"),
        ("yesterday", "2026-01-04"),
        ("jutro", "2026-01-06"),
        ("tomorrow", "2026-01-06"),
        ("7d", "2025-12-29"),
    ],
)
def test_dates_in_every_form_come_out_iso(typed, iso):
    assert parse_date(typed, TODAY) == iso


def test_a_day_without_a_year_is_the_nearest_unless_a_direction_is_given():
    assert parse_date("30.11", TODAY) == "2025-11-30"  # 36 days ago beats 329 days ahead
    assert parse_date("30.11.", TODAY) == "2025-11-30"
    assert parse_date("3.01", TODAY) == "2026-01-03"
    assert parse_date("15.01", date(2026, 12, 20)) == "2027-01-15"  # a follow-up next month
    assert parse_date("15.01", date(2026, 12, 20), direction="past") == "2026-01-15"
    assert parse_date("30.11", TODAY, direction="future") == "2026-11-30"
    assert parse_date("29.02", date(2027, 3, 1)) == "2028-02-29"  # only leap years have it


@pytest.mark.parametrize("bad", ["31.02", "31.02.2026", "2026-13-01", "soon", "", "30.11.2026.1", "32.1"])
def test_what_is_no_date_is_refused(bad):
    with pytest.raises(ValueError):
        parse_day(bad, TODAY)


@pytest.mark.parametrize(
    "typed, iso",
    [
        ("14:30", "14:30"),
        ("14.30", "14:30"),
        ("9:05", "09:05"),
        ("9.05", "09:05"),
        ("14", "14:00"),
        ("14 30", "14:30"),
        ("14:30:15", "14:30:15"),
        ("T14:30", "14:30"),
    ],
)
def test_times_come_out_iso(typed, iso):
    assert parse_time(typed) == iso


@pytest.mark.parametrize("bad", ["25:00", "14:61", "14:3", "noon", "", "1430"])
def test_what_is_no_time_is_refused(bad):
    with pytest.raises(ValueError):
        parse_time(bad)


def test_questions_store_what_people_type_as_iso():
    """The one validation every prompter shares: a terminal and an answers file alike."""
    assert validate_answer(Question("date", "date", "Date"), "30.11.2026") == "2026-11-30"
    assert validate_answer(Question("date", "date", "Date"), "dziś") == date.today().isoformat()
    assert validate_answer(Question("date", "date", "Date"), "wczoraj") == (date.today() - timedelta(days=1)).isoformat()
    assert validate_answer(Question("time", "time", "Time"), "14.30") == "14:30"
    assert validate_answer(Question("time", "time", "Time"), "") == ""  # optional, left empty


def test_a_bad_date_says_which_forms_work_in_both_languages():
    from empathy_cli import i18n
    from empathy_cli.ui.localize import reason

    with pytest.raises(ValueError) as exc:
        validate_answer(Question("date", "date", "Date"), "31.02")
    assert "30.11.2026" in reason(exc.value)
    i18n.set_lang("pl")
    with pytest.raises(ValueError) as exc:
        validate_answer(Question("date", "date", "Data"), "kiedyś")
    assert "wczoraj" in reason(exc.value)
    with pytest.raises(ValueError) as exc:
        validate_answer(Question("time", "time", "Godzina"), "25:00")
    assert "14.30" in reason(exc.value)


def test_an_answers_file_may_use_polish_dates(runner, home, write):
    """The encounter's date questions through a scripted run: stored as ISO."""
    import json
    from pathlib import Path

    from empathy_cli.cli.app import app

    data = Path(__file__).parent / "data" / "encounter"
    answers = write(
        "a.yaml",
        "concern: It hurts\nwants: a refund\ndate: 30.11.2026\ntime: '14.30'\nfollow_up_due: 3.12.2026\nlocation: desk\noutcome: resolved\n",
    )
    res = runner.invoke(app, ["--playbooks", str(data), "encounter", "test-clinic", "--answers", str(answers)])
    assert res.exit_code == 0, res.output
    [js] = (home / "records").glob("*.json")
    record = json.loads(js.read_text())
    assert record["answers"]["date"] == "2026-11-30" and record["answers"]["time"] == "14:30"
    assert record["answers"]["follow_up_due"] == "2026-12-03"


def test_progress_since_takes_polish_dates(runner):
    from empathy_cli.cli.app import app

    for since in ("wczoraj", "30.11", "30.11.2026", "7d"):
        res = runner.invoke(app, ["progress", "--since", since])
        assert res.exit_code == 0, (since, res.output)
    res = runner.invoke(app, ["progress", "--since", "31.02"])
    assert res.exit_code == 2 and "31.02" in res.stderr

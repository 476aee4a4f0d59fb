"""Masking personal identifiers typed into free text (records are shown to managers)."""

from __future__ import annotations

import pytest

from empathy_cli.records.redact import pesel_valid, redact, redact_text


@pytest.mark.parametrize("pesel", ["44051401359", "02270803624", "90123101230"])
def test_valid_pesel_is_masked(pesel):
    assert redact_text(f"PESEL {pesel}, thanks") == ("PESEL [PESEL], thanks", 1)


@pytest.mark.parametrize(
    "number, why",
    [
        ("44051401358", "wrong check digit"),
        ("85130507807", "check digit right, month 13 impossible"),
        ("12345678901", "an invoice number"),
    ],
)
def test_eleven_digits_that_are_not_a_pesel_survive(number, why):
    assert not pesel_valid(number), why
    assert redact_text(f"invoice {number}") == (f"invoice {number}", 0)


@pytest.mark.parametrize(
    "phone",
    [
        "601 234 567",
        "601-234-567",
        "601234567",
        "+48 601 234 567",
        "+48601234567",
        "0048 601 234 567",
        "(22) 123 45 67",
        "+44 20 7946 0958",
        "+1 (555) 123-4567",
        "+49 30 12345678",
    ],
)
def test_polish_and_international_phones_are_masked(phone):
    text, n = redact_text(f"call me on {phone} tomorrow")
    assert (text, n) == ("call me on [phone] tomorrow", 1)


@pytest.mark.parametrize("email", ["anna.kowalska@example.com", "j+clinic@mail.co.uk", "a_b-c@sub.domain.pl"])
def test_emails_are_masked(email):
    assert redact_text(f"write to {email}.") == ("write to [email].", 1)


@pytest.mark.parametrize(
    "text",
    [
        "on 2026-11-23 at 14:30",
        "on 2026-11-23 14:30",
        "23.11.2026 14:30",
        "from 20.11.2026 to 23.11.2026",
        "2026/11/23 14:30:05",
        "2026-11-23T14:30",
        "between 10:00 and 12:30",
        "20.11.2026-23.11.2026",
        "room 12, 3 visits, 250 zł, order 12345678",
    ],
)
def test_dates_times_and_small_numbers_are_not_masked(text):
    assert redact_text(text) == (text, 0)


def test_a_phone_right_after_a_date_is_still_masked():
    assert redact_text("2026-11-23 601 234 567") == ("2026-11-23 [phone]", 1)
    assert redact_text("at 14:30 she called from 601 234 567") == ("at 14:30 she called from [phone]", 1)


def test_several_kinds_in_one_text_and_nested_values():
    data = {
        "concern": "Mail a@b.pl or call 601 234 567; PESEL 44051401359",
        "list": ["x@y.com", "nothing here"],
        "n": 5,
        "flag": True,
    }
    found: set[str] = set()
    masked, count = redact(data, found)
    assert masked["concern"] == "Mail [email] or call [phone]; PESEL [PESEL]"
    assert masked["list"] == ["[email]", "nothing here"]
    assert masked["n"] == 5 and masked["flag"] is True
    assert count == 4 and len(found) == 4


def test_the_same_identifier_twice_is_one_distinct_value():
    found: set[str] = set()
    _, count = redact(["call 601 234 567", "again: 601 234 567", "mail A@B.pl", "a@b.pl"], found)
    assert count == 4 and len(found) == 2

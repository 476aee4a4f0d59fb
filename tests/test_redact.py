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
        ("12345678901", "made up"),
    ],
)
def test_any_eleven_digits_are_masked_as_pesel_even_with_a_wrong_checksum(number, why):
    # A PESEL typed with a mistake is still a PESEL: over-masking beats leaking.
    assert not pesel_valid(number), why
    assert redact_text(f"pesel {number}") == ("pesel [PESEL]", 1)
    assert redact_text(f"patient {number} called") == ("patient [PESEL] called", 1)


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
        "Wizyta o 14.30, cena 1 200,00 zł, sala 214.",
        "The session costs £75; booking ref 4471; 2 ml at 09:40.",
        "Booking reference 88123456 was sent by text.",
        "Ciśnienie 140/90, tętno 88, 12 500 000 zł to budżet oddziału.",
        "Pani z rejestracji powiedziała, że Pan doktor się spóźni. Czy Pani może przyjść?",
        "Visit on 12/01/2026 at 16:20, then 19.01 and 26.01 at 8.15.",
        "She arrived at 14.30 and waited in room 3B.",
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


@pytest.mark.parametrize(
    "text, masked",
    [
        ('mail "jan kowal"@example.com now', "mail [email] now"),
        ("mail ops@[192.0.2.7] now", "mail [email] now"),
        ("mail a.b (at) clinic (dot) co (dot) uk now", "mail [email] now"),
        ("mail jan kropka nowak małpa wp kropka pl now", "mail [email] now"),
        ("mail jan.nowak @ wp.pl now", "mail [email] now"),
        ("mail anna at example.com now", "mail [email] now"),
    ],
)
def test_email_variants(text, masked):
    assert redact_text(text)[0] == masked


def test_at_as_a_word_is_not_an_email_without_a_domain():
    text = "We met at reception.Then she left at 14.30."
    assert redact_text(text) == (text, 0)


@pytest.mark.parametrize(
    "phone",
    [
        "601\u2011234\u2011567",
        "601\u2013234\u2013567",
        "601\u2212234\u2212567",
        "555-0199",
        "123 45 67",
        "020 7946 0321",
        "07700 900777",
        "1-800-555-0100",
        "+1 555 010 0123",
    ],
)
def test_unicode_hyphens_local_and_uk_us_numbers(phone):
    assert redact_text(f"call {phone} today") == ("call [phone] today", 1)


def test_an_extension_goes_with_its_phone():
    assert redact_text("on 22 628 41 93 wew. 215 rano")[0] == "on [phone] rano"
    assert redact_text("on 020 7946 0958 ext. 204 today")[0] == "on [phone] today"


def test_nip_nhs_ssn_and_id_card():
    assert redact_text("NIP 526-025-02-74")[0] == "NIP [NIP]"
    assert redact_text("faktura na NIP PL5260250274")[0] == "faktura na NIP PL[NIP]"
    assert redact_text("NHS number 943 476 5919")[0] == "NHS number [NHS]"
    assert redact_text("SSN 219-09-9999, thanks")[0] == "SSN [SSN], thanks"
    assert redact_text("dowód ABA 300000")[0] == "dowód [ID card]"
    assert redact_text("dowód aba300000")[0] == "dowód [ID card]"


def test_lower_case_letters_and_digits_need_an_id_word():
    assert redact_text("kod abc123456 do szafki") == ("kod abc123456 do szafki", 0)


@pytest.mark.parametrize(
    "iban",
    [
        "PL61 1090 1014 0000 0712 1981 2874",
        "PL61109010140000071219812874",
        "61 1090 1014 0000 0712 1981 2874",
        "DE89 3704 0044 0532 0130 00",
        "GB29 NWBK 6016 1331 9268 19",
        "gb29nwbk60161331926819",
        "PL61-1090-1014-0000-0712-1981-2874",
    ],
)
def test_iban_spaced_or_not_any_country(iban):
    assert redact_text(f"refund to {iban}, please") == ("refund to [IBAN], please", 1)


def test_iban_end_is_found_by_its_checksum():
    # The word after an unspaced IBAN is upper case too; mod-97 tells where the IBAN ends.
    assert redact_text("IBAN GB29NWBK60161331926819 ASAP") == ("IBAN [IBAN] ASAP", 1)


def test_card_with_expiry_and_cvv():
    text = "card 4111 1111 1111 1111 exp 09/27, CVV 123; paid 150 zł"
    # One identifier: the expiry date and CVV belong to the card.
    assert redact_text(text) == ("card [card] exp [card], CVV [card]; paid 150 zł", 1)
    assert redact_text("Amex 3782 822463 10005 on file, CID 4421.")[0] == "Amex [card] on file, CID [card]."


@pytest.mark.parametrize(
    "text, masked",
    [
        ("born 1 May 1960, seen at 10:15", "born [date of birth], seen at 10:15"),
        ("DOB: 02/03/1977", "DOB: [date of birth]"),
        ("ur. 5 maja 1958 r., wizyta 12.05", "ur. [date of birth], wizyta 12.05"),
        ("urodzona 1990-01-02", "urodzona [date of birth]"),
        ("data urodzenia: 01.02.2003", "data urodzenia: [date of birth]"),
        ("she was born in 1948", "she was born in [date of birth]"),
    ],
)
def test_dates_of_birth_are_masked_visit_dates_are_not(text, masked):
    assert redact_text(text)[0] == masked


@pytest.mark.parametrize(
    "text, masked",
    [
        ("lives at ul. Długa 5/3, 00-590 Warszawa.", "lives at [address]."),
        ("lives at 221B Baker Street, NW1 6XE.", "lives at [address]."),
        ("lives at 742 Evergreen Terrace, Springfield, IL 62704.", "lives at [address]."),
        ("adres: Lipowa 12 m. 3, 20-400 Lublin", "adres: [address]"),
    ],
)
def test_street_addresses(text, masked):
    assert redact_text(text)[0] == masked


@pytest.mark.parametrize(
    "text, masked",
    [
        ("Pani Kowalska czekała", "Pani [name] czekała"),
        ("rozmawiałam z panią Kowalską", "rozmawiałam z panią [name]"),
        ("syn pana Nowaka dzwonił", "syn pana [name] dzwonił"),
        ("Państwo Nowakowie przyszli", "Państwo [name] przyszli"),
        ("Mr and Mrs Smith-Jones came", "Mr and Mrs [name] came"),
        ("Dr. J. Watson's patient", "Dr. [name]'s patient"),
        ("Miss Anna Maria Lee called", "Miss [name] called"),
    ],
)
def test_names_after_a_title_keep_the_form_of_address(text, masked):
    assert redact_text(text)[0] == masked


def test_masking_twice_changes_nothing():
    text = "Pani Kowalska (ur. 1 maja 1960), tel. 601 234 567, ul. Długa 5/3, 00-590 Warszawa, a@b.pl"
    once, n = redact_text(text)
    assert n == 5
    assert redact_text(once) == (once, 0)

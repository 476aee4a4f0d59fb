"""Masking obvious personal identifiers typed into free text.

Records stay on the user's machine, but they get shown to managers and pasted into
reports, so e-mail addresses, phone numbers and PESEL numbers are masked unless the user
asks otherwise (`--no-redact`). PESEL is masked only when its checksum is valid, so an
11-digit invoice number survives; phones need enough digits to be a phone.
"""

from __future__ import annotations

import re
from typing import Any, Optional

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PESEL = re.compile(r"(?<!\d)\d{11}(?!\d)")
# +48 123 456 789, 0048 123-456-789, (22) 123 45 67, 123456789, +44 20 7946 0958 …
PHONE = re.compile(r"(?<![\w+(])(?:\+|00|\()?\d[\d\s().-]{7,17}\d(?!\w)")

MASK = {"email": "[email]", "phone": "[phone]", "pesel": "[PESEL]"}


def pesel_valid(digits: str) -> bool:
    if len(digits) != 11 or not digits.isdigit():
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(digits, weights))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    month = int(digits[2:4]) % 20
    day = int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


# Dates and times are protected before phones are looked for, so "2026-11-23 14:30" or
# "23.11.2026 14:30" is never read as a phone number.
DATE_TIME = re.compile(
    r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?(?!\d)"
    r"|(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"
)


def redact_text(text: str, found: Optional[set[str]] = None) -> tuple[str, int]:
    """Return the text with identifiers masked, and how many were masked.

    When `found` is given, the masked values are added to it (so a caller can count
    distinct identifiers when the same one appears in several answers)."""
    count = 0

    def note(value: str) -> None:
        nonlocal count
        count += 1
        if found is not None:
            found.add(re.sub(r"[^\w@.+]", "", value).lower())

    def email(m: re.Match) -> str:
        note(m.group())
        return MASK["email"]

    text = EMAIL.sub(email, text)

    def pesel(m: re.Match) -> str:
        if pesel_valid(m.group()):
            note(m.group())
            return MASK["pesel"]
        return m.group()

    text = PESEL.sub(pesel, text)

    # Look for phones in a copy where dates and times are blanked out (same length), and
    # replace the spans found in the original.
    shielded = DATE_TIME.sub(lambda m: "\x00" * len(m.group()), text)
    pieces: list[str] = []
    last = 0
    for m in PHONE.finditer(shielded):
        raw = text[m.start() : m.end()]
        digits = re.sub(r"\D", "", m.group())
        if not 9 <= len(digits) <= 15:
            continue
        if len(digits) == 11 and raw.isdigit():
            continue  # an 11-digit number that is not a valid PESEL: leave it
        pieces.append(text[last : m.start()])
        pieces.append(MASK["phone"])
        note(raw)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), count


def redact(value: Any, found: Optional[set[str]] = None) -> tuple[Any, int]:
    """Mask identifiers in every string inside `value` (dicts, lists, strings)."""
    if isinstance(value, str):
        return redact_text(value, found)
    if isinstance(value, list):
        out, total = [], 0
        for item in value:
            new, n = redact(item, found)
            out.append(new)
            total += n
        return out, total
    if isinstance(value, dict):
        res, total = {}, 0
        for k, v in value.items():
            new, n = redact(v, found)
            res[k] = new
            total += n
        return res, total
    return value, 0

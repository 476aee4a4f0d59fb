"""Masking obvious personal identifiers typed into free text.

Records stay on the user's machine, but they get shown to managers and pasted into
reports, so e-mail addresses, phone numbers and PESEL numbers are masked unless the user
asks otherwise (`--no-redact`). PESEL is masked only when its checksum is valid, so an
11-digit invoice number survives; phones need enough digits to be a phone.
"""

from __future__ import annotations

import re
from typing import Any

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


def redact_text(text: str) -> tuple[str, int]:
    """Return the text with identifiers masked, and how many were masked."""
    count = 0

    def sub(kind: str):
        def repl(m: re.Match) -> str:
            nonlocal count
            count += 1
            return MASK[kind]

        return repl

    text = EMAIL.sub(sub("email"), text)

    def pesel(m: re.Match) -> str:
        nonlocal count
        if pesel_valid(m.group()):
            count += 1
            return MASK["pesel"]
        return m.group()

    text = PESEL.sub(pesel, text)

    def phone(m: re.Match) -> str:
        nonlocal count
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if not 9 <= len(digits) <= 15:
            return raw
        # Dates and times (2026-11-23, 10.11.2026 14:30) are not phones.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()) or re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", raw.strip()):
            return raw
        if len(digits) == 11 and digits.isdigit() and raw.isdigit():
            return raw  # an 11-digit number that is not a valid PESEL: leave it
        count += 1
        return MASK["phone"]

    text = PHONE.sub(phone, text)
    return text, count


def redact(value: Any) -> tuple[Any, int]:
    """Mask identifiers in every string inside `value` (dicts, lists, strings)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, list):
        out, total = [], 0
        for item in value:
            new, n = redact(item)
            out.append(new)
            total += n
        return out, total
    if isinstance(value, dict):
        res, total = {}, 0
        for k, v in value.items():
            new, n = redact(v)
            res[k] = new
            total += n
        return res, total
    return value, 0

"""Masking personal identifiers typed into free text.

Records stay on the user's machine, but they get shown to managers and pasted into
reports, so identifiers are masked unless the user asks otherwise (`--no-redact`). When in
doubt an identifier is masked: over-masking a number beats leaking one. What is kept on
purpose: times, prices, dates that are not a date of birth, short reference numbers,
room numbers, counts and doses.

What is masked, in this order (each kind gets its own placeholder):

- ``[email]``: ``name@domain.tld``, quoted local parts (``"j smith"@x.org``), IP-literal
  domains (``a@[10.0.0.1]``, ``a@[IPv6:…]``), spaces around ``@`` and the spelled-out forms
  ``(at)/[at]/at/(małpa)/małpa`` with ``(dot)/dot/(kropka)/kropka``;
- ``[date of birth]``: a date right after born / born on / DOB / D.O.B. / date of birth /
  birth date / ur. / urodzony / urodzona / urodził się / data urodzenia (numeric dates,
  "4 July 1990", "3 maja 1985 r.", "March 1975", a bare year); the cue word stays;
- ``[IBAN]``: a country code, two check digits and the account (mod-97 checked to find its
  end; spaced, dashed or not, any country); a Polish 26-digit account without ``PL``;
- ``[address]``: a street with a house number (``ul./al./os./pl.`` + name + number, or
  number + name + Street/Road/Lane/Ave/…) with what follows it (flat, city, postcode), and
  a postcode with its city (``00-590 Warszawa``, ``NW1 6XE``, ``Springfield, IL 62704``);
- ``[ID card]``: a Polish identity card, three letters and six digits (``ABC 123456``,
  lower case too after "dowód"/"ID");
- ``[name]``: up to three capitalised words after a title or form of address (Mr, Mrs, Ms,
  Miss, Mx, Dr, Prof, Sir; Pan, Pani, Państwo and their inflected forms, dr, prof., mgr):
  "Pani Kowalska" becomes "Pani [name]";
- numbers of 7 or more digits (spaces, dots, Unicode hyphens and brackets between groups;
  with a ``+``/``00`` prefix and an extension such as ``ext. 204``, ``x12``, ``wew. 15``):
  ``[PESEL]`` any 11 digits, ``[NIP]``, ``[NHS]`` (mod-11), ``[SSN]``, ``[card]`` (Luhn,
  with the expiry date and CVV that follow it), ``[IBAN]`` (20 or more digits), otherwise
  ``[phone]``. A 7- or 8-digit number is a phone when grouped like one (``555-0142``,
  ``123 45 67``) or after a word such as "tel"/"call"/"numer", an account after
  "account"/"konto", and is kept after "order"/"ref"/"booking"/"faktura"/… or when it is
  a plain run of digits (a reference), grouped in thousands or shaped like a date.

Dates, times and prices are shielded before numbers are looked for, so "2026-11-23 14:30",
"14.30" and "1 200,00 zł" are never read as phone numbers. Masking is idempotent (masking a
masked text changes nothing) and takes linear time: every pattern is bounded.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator, Optional

MASK = {
    "email": "[email]",
    "phone": "[phone]",
    "pesel": "[PESEL]",
    "nip": "[NIP]",
    "iban": "[IBAN]",
    "card": "[card]",
    "id card": "[ID card]",
    "nhs": "[NHS]",
    "ssn": "[SSN]",
    "dob": "[date of birth]",
    "address": "[address]",
    "name": "[name]",
}

# --------------------------------------------------------------------------- checksums


def pesel_valid(digits: str) -> bool:
    """A PESEL with a valid check digit and a possible month and day."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(digits, weights))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    month = int(digits[2:4]) % 20
    day = int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def nip_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (6, 5, 7, 2, 3, 4, 5, 6, 7)))
    return total % 11 == int(digits[9])


def nhs_valid(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit() or len(digits) < 12:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban_valid(compact: str) -> bool:
    """mod-97 check of an IBAN written without spaces (letters in any case)."""
    compact = compact.upper()
    if not (15 <= len(compact) <= 34 and compact[:2].isalpha() and compact[2:4].isdigit()):
        return False
    rotated = compact[4:] + compact[:4]
    if not rotated.isalnum() or not rotated.isascii():
        return False
    return int("".join(str(int(ch, 36)) for ch in rotated)) % 97 == 1


# --------------------------------------------------------------------------- patterns

UP = "A-ZĄĆĘŁŃÓŚŹŻÀÁÂÄÇÉÈÊËÍÎÏÑÔÖÚÙÛÜŠŽČŘ"
HY = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"  # hyphen, Unicode hyphens and dashes, minus

# E-mail. Local parts: atoms joined by dots, or a quoted string. Domains: labels joined by
# dots, or an IP literal in brackets.
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]{1,64}"
_QUOTED = r'"[^"\n]{1,64}"'
_LABEL = r"[\w-]{1,63}"
_IP_LITERAL = r"\[(?:IPv6:)?[0-9A-Fa-f:.]{2,45}\]"
EMAIL = re.compile(
    rf"(?<![\w!#$%&'*+/=?^`{{|}}~.-])(?:{_QUOTED}|{_ATOM}(?:\.{_ATOM}){{0,8}})"
    rf"\s{{0,2}}@\s{{0,2}}(?:{_IP_LITERAL}|{_LABEL}(?:(?:\.| \. ){_LABEL}){{1,8}})"
)
# Spelled out: "anna (at) example (dot) com", "sarah dot jones at nhs dot net",
# "tomasz (małpa) onet (kropka) pl".
_BR_AT = r"\s{0,2}[(\[{<]\s{0,2}(?:at|małpa|malpa)\s{0,2}[)\]}>]\s{0,2}"
_WORD_AT = r"\s{1,3}(?:at|małpa|malpa)\s{1,3}"
_BR_DOT = r"\s{0,2}[(\[{<]\s{0,2}(?:dot|kropka)\s{0,2}[)\]}>]\s{0,2}"
_WORD_DOT = r"\s{1,3}(?:dot|kropka)\s{1,3}"
_OBF_DOT = rf"(?:{_BR_DOT}|{_WORD_DOT}|\.)"
_OBF_ATOM = r"[\w+-]{1,64}"
EMAIL_SPELLED = re.compile(
    rf"(?i)(?<![\w.+-])(?:{_QUOTED}|{_OBF_ATOM}(?:{_OBF_DOT}{_OBF_ATOM}){{0,5}})"
    rf"(?P<at>{_BR_AT}|{_WORD_AT})"
    rf"(?P<domain>{_OBF_ATOM}(?:{_OBF_DOT}{_OBF_ATOM}){{1,5}})(?![\w-])"
)
# With "at" as a plain word and plain dots ("at clinic.the"), the domain must end in a
# well-known top-level domain.
_TLDS = frozenset(
    "com net org edu gov mil int info biz io co uk pl de fr es it nl be ie eu us ca au nz ch at "
    "se no dk fi cz sk hu ua lt lv ee ro bg gr pt ru in jp cn fm tv me app dev online email".split()
)

_EN_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
_PL_MONTHS = (
    "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia|października|"
    "pazdziernika|listopada|grudnia|styczeń|styczen|luty|marzec|kwiecień|kwiecien|maj|czerwiec|"
    "lipiec|sierpień|sierpien|wrzesień|wrzesien|październik|pazdziernik|listopad|grudzień|grudzien|"
    "styczniu|lutym|marcu|kwietniu|maju|czerwcu|lipcu|sierpniu|wrześniu|wrzesniu|październiku|"
    "pazdzierniku|listopadzie|grudniu|sty|lut|kwi|cze|lip|sie|wrz|paź|paz|lis|gru"
)
_MONTH = rf"(?:{_EN_MONTHS}|{_PL_MONTHS})\.?"
_DATE = (
    rf"(?:\d{{1,4}}\s?[./{HY}]\s?\d{{1,2}}\s?[./{HY}]\s?\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?(?:\s+of)?\s+{_MONTH},?\s+\d{{2,4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTH},?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th|\.)?(?:\s+of)?\s+{_MONTH}"
    rf"|(?:19|20)\d{{2}})(?!\d)(?:\s?(?:r\.|roku)(?!\w))?"
)
DOB = re.compile(
    r"(?i)(?<!\w)(?P<cue>born|b\.|d\.\s?o\.\s?b\.?|dob|date\s+of\s+birth|birth\s?date|birthday"
    r"|ur\.|urodzon[yaei]|urodzeni|urodził(?:a|o)?\s+się|urodzil(?:a)?\s+sie|data\s+urodzenia"
    r"|data\s+ur\.|dat\.\s?ur\.|rocznik)(?!\w)"
    r"(?P<gap>\s{0,3}(?:[:(\-–]\s{0,3})?(?:(?:on|in|the|w|dnia|w\s+dniu)\s+){0,2})"
    rf"(?P<date>{_DATE})"
)

_IBAN_COUNTRIES = frozenset(
    "AD AE AL AT AZ BA BE BG BH BI BR BY CH CR CY CZ DE DJ DK DO EE EG ES FI FK FO FR GB GE GI GL GR GT "
    "HN HR HU IE IL IQ IS IT JO KW KZ LB LC LI LT LU LV LY MC MD ME MK MN MR MT MU NI NL NO OM PK PL PS "
    "PT QA RO RS RU SA SC SD SE SI SK SM SO ST SV TL TN TR UA VA VG XK YE".split()
)
# IBAN: country code, check digits, then letters and digits, spaced or dashed. The end is
# found with the mod-97 check (see _ibans).
IBAN = re.compile(rf"(?<![^\W_])(?P<cc>[A-Za-z]{{2}})\s?(?P<ck>\d{{2}})(?P<body>(?:[ {HY}]?[A-Za-z0-9]){{10,32}})")

# Addresses.
_CAP = rf"[{UP}]"
_WORD = rf"{_CAP}[\w'’.-]{{0,30}}"
_CITY = rf"{_CAP}[\w'’-]{{1,30}}(?:[ -]{_CAP}[\w'’-]{{1,30}}){{0,2}}"
_PL_POST = rf"\d{{2}}\s?[{HY}]\s?\d{{3}}(?![\d{HY}])"
_UK_POST = r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w])"
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_US_ZIP = rf"(?:{_STATES})\s\d{{5}}(?:[{HY}]\d{{4}})?(?!\d)"
_HOUSE = r"\d{1,4}[A-Za-z]?(?:\s?/\s?\d{1,4}[A-Za-z]?)?(?:\s?(?:m|lok|mieszk|apt|flat)\.?\s?\d{1,4}[A-Za-z]?)?(?![\d:.,]\d)"
_UNIT = r"(?:Flat|Apartment|Apt|Unit|Suite|m|lok)\.?\s?\w{1,5}"
_SUFFIX = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Drive|Dr|Close|Way|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Terrace|Crescent|Cres|Gardens|Gdns|Grove|Hill|Square|Sq|Park|Parade|Row|Mews|Walk|Green|Rise"
    r"|View|Highway|Hwy|Circle|Cir|Parkway|Pkwy|Trail|Embankment|Gate|Wharf|Yard)\.?(?![\w])"
    r"(?:\s(?:NW|NE|SW|SE|N|S|E|W)(?![\w]))?"
)
_POST_TAIL = (
    rf"(?:(?:,?\s{{1,2}}{_UNIT})?(?:,?\s{{1,2}}{_CITY})?,?\s{{1,2}}(?:{_UK_POST}|{_US_ZIP})(?:,?\s{{1,2}}{_CITY})?"
    rf"|,?\s{{1,2}}{_PL_POST}\s{{1,2}}{_CITY}"
    rf"|(?:,?\s{{1,2}}{_UNIT})?,?\s{{1,2}}{_CITY}(?=\s*(?:$|[.;\n]))"
    r")?"
)
ADDRESS = re.compile(
    # ul. Długa 5/3, 00-590 Warszawa; al. Jana Pawła II 45A/12
    rf"(?i:(?<!\w)(?:ul|al|os|pl|ulica|ulicy|ulicę|aleja|alei|aleje|osiedle|osiedlu|plac|placu)(?:\.\s{{0,2}}|\s{{1,2}}))"
    rf"(?:(?:{_WORD}|\d{{1,2}})\s{{1,2}}){{1,4}}{_HOUSE}{_POST_TAIL}"
    # Flat 3, 221B Baker Street, London NW1 6XE
    rf"|(?<![\w/])(?:(?:Flat|Apartment|Apt|Unit)\.?\s?\d{{1,4}}[A-Za-z]?,?\s{{1,2}})?\d{{1,5}}[A-Za-z]?,?\s{{1,2}}"
    rf"(?:{_WORD}\s{{1,2}}){{1,3}}{_SUFFIX}{_POST_TAIL}"
    # Kwiatowa 7, 31-042 Kraków; 3 Maja 18/2, 35-030 Rzeszów
    rf"|(?<![\w/])(?:(?:{_WORD}|\d{{1,2}})\s{{1,2}}){{1,3}}{_HOUSE},?\s{{1,2}}{_PL_POST}\s{{1,2}}{_CITY}"
    # a postcode with its city: 00-590 Warszawa; London SW1A 2AA; Springfield, IL 62704
    rf"|(?<![\d{HY}:./])\d{{2}}\s?[{HY}]\s?\d{{3}}(?![\d{HY}])\s{{1,2}}{_CITY}"
    rf"|(?<![\w])(?:{_CITY},?\s{{1,2}})?(?:{_UK_POST}|{_US_ZIP})"
)

# Polish identity card: three letters and six digits.
ID_CARD = re.compile(rf"(?<![^\W_])(?P<letters>[A-Za-z]{{3}})[ {HY}]?(?P<digits>\d{{6}})(?!\d)")
_ID_CUE = re.compile(r"(?i)dow[oó]d|\bid\b|identity|identyfik|legitym")
_NOT_ID = frozenset("REF INV ORD NUM NRB CVV CVC CID EXP PIN TEL FAX NHS SSN NIP KOD".split())

# Names after a title or a form of address. The words after it are checked one by one
# (capitalised words are taken, up to three; initials like "J." too).
TITLE = re.compile(
    r"(?<![\w.])(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Mister|Madam|Doctor|Professor)\.?"
    r"|(?i:pan|pani|panią|pana|panu|panem|panie|państwo|państwa|państwu|państwem|panna|panny|pannie|panną"
    r"|panowie|panów|paniom|paniami|dr|prof|mgr|inż|doktor|doktora|doktorowi|doktorem|doktorze"
    r"|profesor|profesora|profesorowi|profesorem)\.?)(?=\s{1,2}[^\W\d_])"
)
_TITLE_WORDS = frozenset(
    "doktor doktora doktorowi doktorem doktorze profesor profesora profesorowi profesorem profesorze "
    "dr prof mgr inż doctor professor magister dyrektor dyrektorze kierownik kierowniczko kierowniku "
    "mecenas mecenasie siostro siostra".split()
)
_NAME_WORD = re.compile(r"\s{1,2}([^\W\d_]\.|[^\W\d_][\w'’-]{0,40})")

# Dates, times and prices hidden from the number search.
SHIELD = re.compile(
    rf"(?<![\d.,:/{HY}])(?P<date>\d{{4}}[./{HY}]\d{{1,2}}[./{HY}]\d{{1,2}}|\d{{1,2}}[./{HY}]\d{{1,2}}[./{HY}]\d{{2,4}})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?(?![\d])"
    r"|(?<![\d.,:])\d{1,2}[:.]\d{2}(?::\d{2})?(?![\d]|[.,:]\d)"
    r"|[£$€]\s?\d{1,3}(?:[,. \u00a0]\d{3}){0,4}(?:[.,]\d{1,2})?(?!\d)"
    r"|(?<![\d.,])\d{1,3}(?:[. \u00a0]\d{3}){0,4}(?:[.,]\d{1,2})?\s?"
    r"(?i:zł|zl|pln|eur|euro|usd|gbp|złotych|zlotych|złote|pounds|dollars|dolarów|funtów)(?!\w)"
)
# A run of digits in groups; separators are spaces, dots, hyphens and brackets.
NUMBER = re.compile(
    rf"(?<![\d])(?P<plus>\+\s?|\(\+?)?\d(?:[\s.{HY}()]{{0,3}}\d){{0,40}}"
    r"(?P<ext>\s{0,2},?\s{0,2}(?i:ext|extn|extension|x|wew|wewn|tel\. wew|internal)\.?\s{0,2}:?\s{0,2}\d{1,6}(?!\d))?"
)
# After a card number: the expiry date and the CVV, with or without their labels.
_CARD_LABEL = (
    r"(?i:exp(?:iry|ires|iring|iration)?(?:\s+date)?|valid(?:\s+(?:to|thru|through|until))?|ważn[ay](?:\s+do)?"
    r"|wazn[ay](?:\s+do)?|data\s+ważności|termin\s+ważności|cvv2?|cvc2?|cid|csc|security\s+code"
    r"|kod(?:\s+(?:cvv|cvc|zabezpieczający))?|code)\.?"
)
CARD_EXTRA = re.compile(
    rf"[\s,;:()/{HY}]{{0,4}}(?:(?P<label>{_CARD_LABEL})\s{{0,2}}[:{HY}]?\s{{0,2}})?"
    r"(?P<value>\d{1,2}\s?/\s?(?:\d{4}|\d{2})|\d{3,4})(?!\d)"
)
# A labelled expiry or CVV a few words further on: "… 3727 9222 6857 102 on file, CID 4421".
CARD_EXTRA_FAR = re.compile(
    rf"(?:[\s,;:()]{{1,3}}[^\W\d_]{{1,12}}){{1,3}}[\s,;:()]{{1,3}}(?P<label>{_CARD_LABEL})\s{{0,2}}[:{HY}]?\s{{0,2}}"
    r"(?P<value>\d{1,2}\s?/\s?(?:\d{4}|\d{2})|\d{3,4})(?!\d)"
)
_PHONE_CUES = (
    "tel",
    "phone",
    "call",
    "mobile",
    "mob.",
    "cell",
    "ring",
    "text",
    "sms",
    "number",
    "no.",
    "numer",
    "nr ",
    "kom",
    "dzwo",
    "kontakt",
    "contact",
    "fax",
    "landline",
    "whatsapp",
    "reach",
)
_REF_CUES = (
    "order",
    "ref",
    "booking",
    "invoice",
    "case",
    "ticket",
    "claim",
    "zamówieni",
    "zamowieni",
    "faktur",
    "rezerwac",
    "sprawa",
    "sprawy",
    "zgłoszeni",
    "zgloszeni",
    "referenc",
)


# --------------------------------------------------------------------------- detection


#: A span to mask: (start, end, placeholder), or with a fourth item, False when the span is
#: part of the identifier before it and not counted as one of its own.
_Span = tuple[int, int, str] | tuple[int, int, str, bool]


class _Masker:
    """One masking round over one text: each step replaces what it finds in `text`."""

    def __init__(self, text: str, note: Callable[[str], None]) -> None:
        self.text = text
        self.note = note

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], Optional[str]]) -> None:
        def wrap(m: re.Match[str]) -> str:
            out = repl(m)
            return m.group() if out is None else out

        self.text = pattern.sub(wrap, self.text)

    def replace_spans(self, spans: Iterator[_Span]) -> None:
        """Replace (start, end, placeholder[, counted]) spans, in order, skipping overlaps.
        A span marked not counted (a card's expiry date and CVV) is part of the
        identifier before it."""
        pieces, last = [], 0
        for start, end, placeholder, *counted in spans:
            if start < last:
                continue  # overlaps a span already masked
            if not counted or counted[0]:
                self.note(self.text[start:end])
            pieces.append(self.text[last:start])
            pieces.append(placeholder)
            last = end
        pieces.append(self.text[last:])
        self.text = "".join(pieces)

    # -- the steps ----------------------------------------------------------------------

    def emails(self) -> None:
        def plain(m: re.Match[str]) -> str:
            self.note(m.group())
            return MASK["email"]

        self.sub(EMAIL, plain)

        def spelled(m: re.Match[str]) -> Optional[str]:
            domain = m.group("domain")
            if m.group("at").strip().lower() in ("at", "małpa", "malpa") and not re.search(r"(?i)dot|kropka", domain):
                if domain.rsplit(".", 1)[-1].lower() not in _TLDS:
                    return None
            self.note(m.group())
            return MASK["email"]

        self.sub(EMAIL_SPELLED, spelled)

    def dates_of_birth(self) -> None:
        def dob(m: re.Match[str]) -> Optional[str]:
            if m.group("cue").lower() == "b." and not re.match(r"\d", m.group("date")):
                return None
            self.note(m.group("date"))
            return m.group("cue") + m.group("gap") + MASK["dob"]

        self.sub(DOB, dob)

    def ibans(self) -> None:
        text = self.text

        def spans() -> Iterator[tuple[int, int, str]]:
            pos = 0
            while True:
                m = IBAN.search(text, pos)
                if not m:
                    return
                end = self._iban_end(text, m)
                if end is None:
                    pos = m.start() + 1
                    continue
                yield m.start(), end, MASK["iban"]
                pos = end

        self.replace_spans(spans())

    @staticmethod
    def _iban_end(text: str, m: re.Match[str]) -> Optional[int]:
        """Where the IBAN that starts at `m` ends: the longest prefix that passes mod-97
        and ends at a group boundary; failing that, the longest one that holds 12 or more
        digits and ends in a digit (an account number with a typo is still masked)."""
        cc = m.group("cc")
        if cc.upper() not in _IBAN_COUNTRIES:
            return None
        compact = cc + m.group("ck")
        ends: list[tuple[int, str]] = []
        for i in range(m.start("body"), m.end()):
            ch = text[i]
            if ch.isalnum():
                compact += ch
                nxt = text[i + 1] if i + 1 < len(text) else " "
                if not nxt.isalnum() or i + 1 == m.end():
                    ends.append((i + 1, compact))
        digits_in = [sum(ch.isdigit() for ch in c) for _, c in ends]
        for (end, c), nd in zip(reversed(ends), reversed(digits_in)):
            if nd >= 10 and iban_valid(c):
                return end
        if cc.isupper():
            for (end, c), nd in zip(reversed(ends), reversed(digits_in)):
                if nd >= 14 and c[-1].isdigit():
                    return end
        return None

    def addresses(self) -> None:
        def address(m: re.Match[str]) -> str:
            self.note(m.group())
            return MASK["address"]

        self.sub(ADDRESS, address)

    def id_cards(self) -> None:
        def id_card(m: re.Match[str]) -> Optional[str]:
            letters = m.group("letters")
            if not letters.isupper():
                window = self.text[max(0, m.start() - 40) : m.start()]
                if not _ID_CUE.search(window):
                    return None
            elif letters in _NOT_ID:
                return None
            self.note(m.group())
            return MASK["id card"]

        self.sub(ID_CARD, id_card)

    def names(self) -> None:
        text = self.text

        def spans() -> Iterator[tuple[int, int, str]]:
            for m in TITLE.finditer(text):
                pos, words = m.end(), 0
                start: Optional[int] = None
                end = 0  # set with `start`
                while words < 3:
                    w = _NAME_WORD.match(text, pos)
                    if not w or not w.group(1)[0].isupper():
                        break
                    if start is None and w.group(1).lower().rstrip(".") in _TITLE_WORDS:
                        pos = w.end()  # "Pani Doktor Nowak": the title stays, the name goes
                        continue
                    if start is None:
                        start = w.start(1)
                    end, pos = w.end(1), w.end()
                    words += 1
                    if w.group(1).endswith("."):
                        continue  # an initial: "Mr J. Smith"
                if start is None:
                    continue
                possessive = re.search(r"['’]s$", text[start:end])
                if possessive and end - start > 2:
                    end = start + possessive.start()
                yield start, end, MASK["name"]

        self.replace_spans(spans())

    def numbers(self) -> None:
        text = self.text
        shielded = SHIELD.sub(lambda m: "\x00" * len(m.group()), text)

        def spans() -> Iterator[_Span]:
            pos = 0
            while m := NUMBER.search(shielded, pos):
                pos = m.end()
                core_end = m.start("ext") if m.group("ext") else m.end()
                core = text[m.start() : core_end]
                digits = re.sub(r"\D", "", core)
                before = text[max(0, m.start() - 32) : m.start()].lower()
                kind = self.classify(core, digits, before, m.group("plus") or "")
                if kind is None:
                    # A kept number lends nothing to what follows: in "0x 500 000 000" the
                    # "x 500" is no extension of "0", and the phone after it is read whole.
                    if m.group("ext"):
                        pos = core_end
                    continue
                start = m.start()
                if core.startswith("(") and ")" not in core:
                    start += 1  # "(311-37-2450)": the bracket belongs to the sentence
                end = m.end() if kind == "phone" else core_end
                yield start, end, MASK[kind]
                if kind == "card":
                    for start, stop in self.card_extras(shielded, end):
                        yield start, stop, MASK["card"], False

        self.replace_spans(spans())

    @staticmethod
    def classify(core: str, digits: str, before: str, plus: str) -> Optional[str]:
        """Which identifier a run of digits is (None: keep it)."""
        n = len(digits)
        prefixed = bool(plus) or digits.startswith("00")
        groups = [len(g) for g in re.findall(r"\d+", core)]
        if n >= 20:
            return "iban"
        if n >= 13:
            if "+" in plus and n <= 15:
                return "phone"
            if prefixed and n <= 15 and not re.search(r"card|kart|visa|amex|master", before):
                return "phone"
            if luhn_valid(digits) or n >= 16 or re.search(r"card|kart|visa|amex|master", before):
                return "card"
            return "phone"
        if n == 12:
            return "phone"
        if n == 11:
            # Any 11 digits are masked; only the placeholder depends on the shape. UK
            # numbers have 11 digits too (07700 900123, 020 7946 0958).
            if prefixed:
                return "phone"
            if not pesel_valid(digits) and len(groups) >= 2 and (len(groups) >= 3 or digits[0] == "0" or any(cue in before for cue in _PHONE_CUES)):
                return "phone"
            return "pesel"
        if n == 10:
            if "nhs" in before:
                return "nhs"
            if re.search(r"nip|vat|tax|podatk", before):
                return "nip"
            if groups == [3, 3, 4] and nhs_valid(digits) and not prefixed:
                return "nhs"
            if nip_valid(digits) and not prefixed and groups in ([10], [3, 3, 2, 2], [3, 2, 2, 3]):
                return "nip"
            return "phone"
        if n == 9:
            if re.search(r"ssn|social|ss#|security", before) or (groups == [3, 2, 4] and not prefixed):
                return "ssn"
            return "phone"
        if n in (7, 8):
            if prefixed:
                return "phone"
            if re.search(r"account|acct|konto|konta|rachun", before[-24:]):
                return "iban"  # a UK account number (8 digits)
            last_words = before[-16:]
            if any(cue in last_words for cue in _REF_CUES):
                return None
            if any(cue in before for cue in _PHONE_CUES):
                return "phone"
            if len(groups) < 2:
                return None  # a plain run of digits without a phone word: a reference
            if groups[0] <= 3 and all(g == 3 for g in groups[1:]):
                return None  # 12 500 000: thousands, not a phone
            if groups in ([2, 2, 4], [2, 2, 2, 2]) and _looks_like_date(core):
                return None
            return "phone"
        return None

    @staticmethod
    def card_extras(shielded: str, end: int) -> Iterator[tuple[int, int]]:
        """The expiry dates and CVVs after a card number ending at `end`, as spans."""
        had_value = False
        for _ in range(3):
            m = CARD_EXTRA.match(shielded, end) or CARD_EXTRA_FAR.match(shielded, end)
            if not m:
                break
            if not m.group("label") and "/" not in m.group("value") and not had_value:
                break  # a bare number: an expiry (MM/YY) anywhere, a CVV only after one
            had_value = True
            yield m.start("value"), m.end("value")
            end = m.end()


def _looks_like_date(core: str) -> bool:
    parts = re.findall(r"\d+", core)
    if len(parts) < 3:
        return False
    day, month = int(parts[0]), int(parts[1])
    return 1 <= day <= 31 and 1 <= month <= 12


def _one_round(text: str, note: Callable[[str], None]) -> str:
    m = _Masker(text, note)
    m.emails()
    m.dates_of_birth()
    m.ibans()
    m.addresses()
    m.id_cards()
    m.names()
    m.numbers()
    return m.text


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

    # A masked identifier can bring a cue word closer to a number (the context window is
    # counted in characters), so mask again until nothing changes: masking is idempotent.
    for _ in range(4):
        new = _one_round(text, note)
        if new == text:
            break
        text = new
    return text, count


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

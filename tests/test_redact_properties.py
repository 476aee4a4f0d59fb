"""Masking, tested in the field's own way: Hypothesis generates the identifiers and the text.

- masking never raises, whatever the text;
- masking is idempotent: masking a masked text changes nothing and counts nothing;
- no generated valid identifier (PESEL, IBAN, Luhn card, e-mail, phone, NIP) survives
  inside random surrounding text.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from empathy_cli.records.redact import iban_valid, luhn_valid, nip_valid, pesel_valid, redact, redact_text

# 300 examples a test by default; more with a profile (`--hypothesis-profile NAME`) that asks for more.
SETTINGS = settings(max_examples=300 * settings.default.max_examples // 100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Surrounding text: letters (Polish too), digits, spaces and the punctuation people type.
SURROUNDING = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPRSTUWZ ąćęłńóśźżŁŚŻ 0123456789 .,:;-()/'\"#!?\n")),
    max_size=40,
)
HYPHENS = st.sampled_from(["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212"])
SPACES = st.sampled_from([" ", "\u00a0", "\u202f"])


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


@st.composite
def pesels(draw) -> str:
    year = draw(st.integers(1900, 2099))
    month = draw(st.integers(1, 12)) + {19: 0, 20: 20}[year // 100]
    day = draw(st.integers(1, 28))
    base = f"{year % 100:02d}{month:02d}{day:02d}" + draw(digits(4))
    total = sum(int(d) * w for d, w in zip(base, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)))
    pesel = base + str((10 - total % 10) % 10)
    assert pesel_valid(pesel)
    return pesel


@st.composite
def nips(draw) -> str:
    base = draw(st.sampled_from("123456789")) + draw(digits(8))
    check = sum(int(d) * w for d, w in zip(base, (6, 5, 7, 2, 3, 4, 5, 6, 7))) % 11
    assume(check != 10)  # no NIP has these first nine digits
    nip = base + str(check)
    assert nip_valid(nip)
    form = draw(st.sampled_from(["plain", "3322", "3223", "PL"]))
    if form == "3322":
        return f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}"
    if form == "3223":
        return f"{nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]}"
    return ("PL" if form == "PL" else "") + nip


BBAN = {  # country: a strategy for the account part
    "PL": digits(24),
    "DE": digits(18),
    "ES": digits(20),
    "GB": st.tuples(st.sampled_from(["NWBK", "BARC", "HBUK"]), digits(14)).map("".join),
    "NL": st.tuples(st.sampled_from(["ABNA", "INGB", "RABO"]), digits(10)).map("".join),
    "FR": st.tuples(digits(10), st.text("ABCDEFGHJK0123456789", min_size=11, max_size=11), digits(2)).map("".join),
    "IE": st.tuples(st.sampled_from(["AIBK", "BOFI"]), digits(14)).map("".join),
}


@st.composite
def ibans(draw) -> str:
    cc = draw(st.sampled_from(sorted(BBAN)))
    bban = draw(BBAN[cc])
    check = 98 - int("".join(str(int(ch, 36)) for ch in bban + cc + "00")) % 97
    iban = f"{cc}{check:02d}{bban}"
    assert iban_valid(iban)
    form = draw(st.sampled_from(["compact", "spaced", "dashed", "no PL"]))
    if form == "spaced":
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    if form == "dashed":
        return "-".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    if form == "no PL" and cc == "PL":
        rest = iban[2:]
        return rest[:2] + " " + " ".join(rest[i : i + 4] for i in range(2, len(rest), 4))
    return iban


@st.composite
def cards(draw) -> str:
    prefix, length = draw(st.sampled_from([("4", 16), ("4", 13), ("51", 16), ("55", 16), ("34", 15), ("37", 15), ("6011", 16)]))
    body = prefix + draw(digits(length - len(prefix) - 1))
    for check in "0123456789":
        if luhn_valid(body + check):
            number = body + check
            break
    sep = draw(st.sampled_from(["", " ", "-"]))
    if not sep:
        return number
    if length == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i : i + 4] for i in range(0, length, 4))


ATOM = st.text("abcdefghijklmnopqrstuvwxyz0123456789_+", min_size=1, max_size=10)
LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
TLD = st.sampled_from(["com", "pl", "org", "net", "co.uk", "nhs.uk", "eu", "info"])


@st.composite
def emails(draw) -> str:
    form = draw(st.sampled_from(["plain", "plain", "quoted", "ip", "spaced", "at-dot", "polish", "upper"]))
    local = ".".join(draw(st.lists(ATOM, min_size=1, max_size=3)))
    domain = ".".join(draw(st.lists(LABEL, min_size=1, max_size=2))) + "." + draw(TLD)
    if form == "quoted":
        return '"' + local.replace(".", " ") + '"@' + domain
    if form == "ip":
        return f"{local}@[{draw(st.integers(1, 255))}.{draw(st.integers(0, 255))}.0.{draw(st.integers(1, 254))}]"
    if form == "spaced":
        return f"{local} @ {domain}"
    if form == "at-dot":
        return f"{local} (at) {domain.replace('.', ' (dot) ')}"
    if form == "polish":
        return f"{local} (małpa) {domain.replace('.', ' (kropka) ')}"
    if form == "upper":
        return f"{local}@{domain}".upper()
    return f"{local}@{domain}"


@st.composite
def phones(draw) -> str:
    h = draw(HYPHENS)
    s = draw(SPACES)
    a, b, c = draw(digits(3)), draw(digits(3)), draw(digits(3))
    mobile = draw(st.sampled_from("5678")) + a[1:]
    forms = [
        f"{mobile}{s}{b}{s}{c}",
        f"{mobile}{h}{b}{h}{c}",
        f"+48{s}{mobile}{s}{b}{s}{c}",
        f"0048 {mobile} {b} {c}",
        f"({a[:2]}) {b} {c[:2]} {c[1:]}",
        f"07700{s}9{b}{c[:2]}",
        f"+44 20 7946 {c}{a[0]}",
        f"+1 ({a}) {b}{h}{c}{a[0]}",
        f"{a}{h}{b}{c[0]}",  # a 7-digit local number
        f"{mobile} {b} {c} ext. {a}",
    ]
    return draw(st.sampled_from(forms))


def survives(identifier: str, masked: str) -> bool:
    """The identifier is still there, as typed or (for numbers) as its digits."""
    if identifier in masked:
        return True
    if re.search(r"@|\((?:at|małpa)\)", identifier):
        return False
    digits_only = re.sub(r"\D", "", identifier)
    return len(digits_only) >= 7 and digits_only in re.sub(r"\D", "", masked)


IDENTIFIERS = st.one_of(pesels(), ibans(), cards(), emails(), phones(), nips())


@SETTINGS
@given(before=SURROUNDING, identifier=IDENTIFIERS, after=SURROUNDING)
@example(before="0x ", identifier="500 000 000", after=" ")  # a kept "0x 5…" once swallowed the phone's first group
def test_no_generated_identifier_survives_in_random_text(before, identifier, after):
    text = f"{before} {identifier} {after}"
    masked, count = redact_text(text)
    assert not survives(identifier, masked), (text, masked)
    assert count >= 1


@SETTINGS
@given(st.text(max_size=300))
def test_masking_any_text_never_raises_and_is_idempotent(text):
    masked, _ = redact_text(text)
    assert isinstance(masked, str)
    assert redact_text(masked) == (masked, 0)


@SETTINGS
@given(before=SURROUNDING, identifier=IDENTIFIERS, middle=SURROUNDING, other=IDENTIFIERS, after=SURROUNDING)
def test_masking_a_masked_text_changes_nothing(before, identifier, middle, other, after):
    masked, _ = redact_text(f"{before} {identifier} {middle} {other} {after}")
    assert redact_text(masked) == (masked, 0)


# Text built from the pieces identifiers are made of: digits, separators, '@', titles, cue
# words, postcodes. This is where a pattern would go wrong if it could.
TRICKY = st.lists(
    st.sampled_from(
        list("0123456789")
        + [" ", "-", ".", "/", "(", ")", "+", "@", ":", ",", "\u2013", "\n"]
        + [
            "Pan ",
            "Pani ",
            "Mr ",
            "Dr. ",
            "born ",
            "ur. ",
            "DOB ",
            "ul. ",
            "NIP ",
            "NHS ",
            "SSN ",
            "PESEL ",
            "tel. ",
            "exp ",
            "CVV ",
            "ext. ",
            " at ",
            " dot ",
            "(at)",
            "(dot)",
            "PL",
            "GB",
            "ABC",
            "Nowak",
            "Smith",
            " Street",
            " Road",
            "00-590 ",
            "Warszawa",
            "NW1 6XE",
            "IL 62704",
            "[phone]",
            "[name]",
            "[email]",
            "zł",
            "£",
            "a",
            "Z",
            "ó",
        ]
    ),
    max_size=60,
).map("".join)


@SETTINGS
@given(TRICKY)
def test_tricky_text_is_masked_idempotently(text):
    masked, _ = redact_text(text)
    assert redact_text(masked) == (masked, 0)


@SETTINGS
@given(
    st.recursive(
        st.text(max_size=40) | st.integers() | st.none() | st.booleans(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
        max_leaves=12,
    )
)
def test_nested_values_keep_their_shape(value):
    masked, count = redact(value)
    assert type(masked) is type(value)
    if isinstance(value, dict):
        assert masked.keys() == value.keys()
    if isinstance(value, list):
        assert len(masked) == len(value)
    assert count >= 0

"""Pick one grammatical gender in content text written for both ("Pan/Pani").

Polish playbooks speak to a client whose gender they cannot know, so their phrases carry
both forms, masculine first: "Pan/Pani", "Pana/Panią", "Panu/Pani", "Panem/Panią",
"zauważył/zauważyła", "niezadowolony/a", "zauważył/a", "powinien/powinna". A rehearsal
knows its persona (`persona.gender`), so what it shows from those phrases can say
"Panią" instead of "Pana/Panią". `pick` does that, and nothing else:

- only pairs it recognises as the masculine and feminine form of one word change (the
  honorifics, "-y/-a" and "-ł/-ła" forms, "-ien/-na"); anything else with a slash
  ("km/h", "and/or", "mg/ml", "tak/nie") stays as written;
- forms of the speaker and of the trainee stay too: first and second person
  ("usunęłam/usunąłem", "usłyszałeś/usłyszałaś") and "sam/sama", which in the content
  describe the one who speaks, not the client;
- an unknown gender (None or "") leaves the text exactly as it is.

Pure: no i18n, no content models (`pick_shown` walks `localtext` values, plain data). English has no such forms in the content ("Mr/Ms" is
left alone).
"""

from __future__ import annotations

import re
from os.path import commonprefix  # (a string prefix; os.path is loaded at start-up anyway)
from typing import Any, Optional

#: The honorifics and their gender, in every case the content uses (and lower case).
_HONORIFIC = {
    "Pan": "m",
    "Pana": "m",
    "Panu": "m",
    "Panem": "m",
    "Panie": "m",
    "Pani": "f",
    "Panią": "f",
}
_HONORIFIC.update({k.lower(): v for k, v in list(_HONORIFIC.items())})

#: Pairs whose forms describe the speaker in the content: never changed.
_KEEP = {"sam", "sama"}

_LETTER = r"A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż"
#: A slashed pair of words, or a word with a feminine ending after the slash
#: ("niezadowolony/a", "zauważył/-a"), not part of a longer chain ("a/b/c") or word.
_PAIR = re.compile(rf"(?<![{_LETTER}0-9/_-])([{_LETTER}]+)/(-?)([{_LETTER}]+)(?![{_LETTER}0-9/_])")


def _feminine_of(m: str, f: str) -> bool:
    """Whether `f` is the feminine form of the masculine `m` (adjectives, participles,
    third-person past tense)."""
    if m in _KEEP or f in _KEEP or len(m) < 2:
        return False
    if f == m + "a" and m[-1] in "łyi":  # zauważył/zauważyła, ostatni/ostatnia
        return True
    if m.endswith("y") and f == m[:-1] + "a":  # niezadowolony/niezadowolona, który/która
        return True
    if m.endswith("ien") and f == m[:-3] + "na":  # powinien/powinna, pewien/pewna
        return True
    if m.endswith("ł") and f.endswith("ła") and len(f) > 3:  # mógł/mogła, usunął/usunęła
        sm, sf = m[:-1], f[:-2]
        return len(commonprefix((sm, sf))) >= max(1, min(len(sm), len(sf)) - 2)
    return False


def _forms(first: str, dash: str, second: str) -> Optional[tuple[str, str]]:
    """(masculine, feminine) for a slashed pair, or None when it is not one."""
    if dash or len(second) == 1:  # a feminine ending: "niezadowolony/a", "zauważył/-a"
        if second != "a" or len(first) < 2 or first in _KEEP:
            return None
        if first.endswith("y"):
            return first, first[:-1] + "a"
        if first[-1] in "łi":
            return first, first + "a"
        return None
    a, b = _HONORIFIC.get(first), _HONORIFIC.get(second)
    if a and b and a != b:
        return (first, second) if a == "m" else (second, first)
    if a or b:
        return None
    if _feminine_of(first, second):
        return first, second
    if _feminine_of(second, first):
        return second, first
    return None


def pick(text: str, gender: Optional[str]) -> str:
    """`text` with each masculine/feminine pair replaced by the form of `gender` ("m" or
    "f"); `text` unchanged when the gender is unknown."""
    if gender not in ("m", "f") or "/" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        forms = _forms(match.group(1), match.group(2), match.group(3))
        if forms is None:
            return match.group(0)
        return forms[0] if gender == "m" else forms[1]

    return _PAIR.sub(one, text)


#: The catalogue messages whose `text` is a playbook phrase said to the client (the
#: better wording offered for an escalating span): those are shown in the persona's form.
PHRASE_KEYS = frozenset({"rehearse.instead"})


def pick_shown(value: Any, gender: Optional[str]) -> Any:
    """`value` (a `localtext` value) with the phrases in `PHRASE_KEYS` messages in the form
    of `gender`; everything else (the trainee's words, authored feedback) as it is."""
    from .localtext import Cat, Text

    if gender not in ("m", "f"):
        return value
    if isinstance(value, Text):
        params = {k: pick(v, gender) if value.key in PHRASE_KEYS and isinstance(v, str) else pick_shown(v, gender) for k, v in value.params}
        return Text(value.key, line=value.line, **params)
    if isinstance(value, Cat):
        return Cat(*(pick_shown(p, gender) for p in value.parts))
    return value

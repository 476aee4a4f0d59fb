"""Making untrusted text safe to show, store and print: one mechanism for every output.

Strings from content files and from users are shown literally. Characters that act on
the terminal or on how text is laid out are made visible instead of being obeyed:

- C0 controls (except tab and newline), DEL and C1 controls (ESC, CSI U+009B, BEL,
  backspace…): they can clear the screen, retitle the window or fake output;
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the
  Unicode line/paragraph separators (U+2028, U+2029): they reorder or break what a reader
  sees ("Trojan Source"), so a filename or an answer could look like something else.

`clean` is for text people read (screen, Markdown, CSV): such a character becomes
``\\x1b`` or ``\\u202e``. `dumps_json` is for JSON: the same characters are written as
JSON escapes (``\\u202e``), so the data is unchanged for a program but nothing raw
reaches a terminal that shows the file. Rich markup is never interpreted because the UI
renders such text as `rich.text.Text` (or prints it plainly), never as a markup string.
"""

from __future__ import annotations

import re
import sys
from typing import Any

#: Bidirectional formatting controls and the Unicode line/paragraph separators.
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"

# C0 controls except tab and newline, DEL, C1 controls, and the bidi controls.
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI}]")
# What JSON may carry raw (json.dumps escapes C0 itself): DEL, C1 and bidi.
_JSON_UNSAFE = re.compile(f"[\\x7f-\\x9f{BIDI}]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """Replace control and bidi characters with visible escapes (ESC → '\\x1b',
    RIGHT-TO-LEFT OVERRIDE → '\\u202e')."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_visible, text)


def clean_line(text: str) -> str:
    """`clean`, and newlines too: for one-line output (a file name in `validate`, a
    warning), where a newline could forge a line of its own."""
    return clean(text).replace("\n", "\\n").replace("\t", "\\t")


def has_control(text: str) -> bool:
    """True if `text` holds a character `clean` would change, or a newline or tab."""
    return bool(_CONTROL.search(text)) or "\n" in text or "\t" in text


def dumps_json(data: Any, *, indent: int | None = 2) -> str:
    """JSON with non-ASCII text kept readable but every control and bidi character
    escaped (``\\u009b``, ``\\u202e``): what every JSON output and record uses."""
    import json

    out = json.dumps(data, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", out) if _JSON_UNSAFE.search(out) else out


def warn(message: str) -> None:
    """One warning line on standard error, in the interface language, shown literally."""
    from . import i18n

    sys.stderr.write(f"empathy: {i18n.t('common.warning')}: {clean_line(message)}\n")


_warned: set[str] = set()


def warn_once(key: str, message: str) -> None:
    """`warn`, at most once per run for `key` (a path skipped by several readers)."""
    if key in _warned:
        return
    _warned.add(key)
    warn(message)


def fold(text: str) -> str:
    """Lower-case and strip accents, keeping one character per character.

    Keeping the length lets a match in the folded text be mapped back to the original
    span; used by search and by the wording check ("frustrujące" → "frustrujace").
    """
    return text.lower().translate(_FOLD)


_FOLD = str.maketrans(
    "ąćęłńóśźżáàâäãåçéèêëíìîïñòôöõúùûüýÿőűčďěňřšťůž",
    "acelnoszzaaaaaaceeeeiiiinoooouuuuyyoucdenrstuz",
)

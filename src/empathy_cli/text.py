"""Making untrusted text safe to print.

Strings from content files and from users are shown literally: terminal control
sequences (ESC, CSI, BEL, backspace…) are made visible instead of being sent to the
terminal, so a playbook cannot clear the screen, retitle the window or fake output.
Rich markup is never interpreted because the UI renders such text as `rich.text.Text`
(or prints it plainly), never as a markup string.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Replace control characters with visible escapes (ESC → '\\x1b')."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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

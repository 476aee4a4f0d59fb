"""Which wording patterns are safe to run on anything a user types.

Python's `re` backtracks: a pattern such as ``(x+x+)+y`` takes exponential time on a
string of x's (44 s on 30 characters), and the patterns come from content files anyone can
write. So every pattern the judge runs (built-in rules and playbook `signals:`) is checked
here first, by a small scanner of the pattern text (no private `re` internals):

- it must compile, and be at most `MAX_LENGTH` characters;
- no back-references (``\\1``, ``(?P=name)``): they make matching NP-hard;
- no unbounded repetition (``*``, ``+``, ``{n,}``) of a group that itself contains an
  unbounded repetition: nested repetition is what makes backtracking explode ("star
  height" 2, the test safe-regex tools use). ``(very |really )*`` and ``(\\w+ ){0,3}``
  are fine; ``(\\w+ )+`` and ``(a*)*`` are not.

With those refused, and every pattern run on one sentence of at most a few hundred
characters at a time, judging a reply takes time linear in its length.
"""

from __future__ import annotations

import re
from typing import Any, Optional

MAX_LENGTH = 2000

#: The reasons of `refusal`, in English (`problem`); the interface phrases them from
#: `i18n.problems` (``word.why.<id>``).
_REASONS = {
    "too_long": "pattern longer than {limit} characters",
    "invalid": "not a valid regular expression ({detail})",
    "backref": "back-references are not allowed",
    "nested": "nested repetition (a repeated group that itself repeats, like (a+)+) can take exponential time",
}


def _quantifier_at(pattern: str, i: int) -> tuple[int, bool]:
    """(length of the quantifier at i, whether it is unbounded); (0, False) if none."""
    if i >= len(pattern):
        return 0, False
    ch = pattern[i]
    if ch in "*+":
        n = 1
    elif ch == "?":
        n = 1
    elif ch == "{":
        m = re.match(r"\{(\d*)(,?)(\d*)\}", pattern[i:])
        if not m or not (m.group(1) or m.group(3)):
            return 0, False
        n = m.end()
        unbounded = bool(m.group(2)) and not m.group(3)
        if i + n < len(pattern) and pattern[i + n] in "?+":
            n += 1
        return n, unbounded
    else:
        return 0, False
    unbounded = ch in "*+"
    if i + n < len(pattern) and pattern[i + n] in "?+":
        n += 1  # lazy or possessive
    return n, unbounded


def problem(pattern: str, *, compile: bool = True) -> Optional[str]:
    """Why `pattern` is refused (in English), or None when it is safe to run.

    `compile=False` skips compiling it (the judge compiles lazily, and a pattern that does
    not compile simply never matches): the scan alone is cheap enough for every run."""
    found = refusal(pattern, compile=compile)
    if found is None:
        return None
    reason, values = found
    return _REASONS[reason].format(**values)


def refusal(pattern: str, *, compile: bool = True) -> Optional[tuple[str, dict[str, Any]]]:
    """Why `pattern` is refused, as the id of the reason and its values, or None when it is
    safe to run (see `problem`)."""
    if len(pattern) > MAX_LENGTH:
        return "too_long", {"limit": MAX_LENGTH}
    if compile:
        try:
            re.compile(pattern)
        except re.error as err:
            return "invalid", {"detail": str(err)}
    if re.search(r"\(\?P=", pattern):
        return "backref", {}
    # stack of "does this open group contain an unbounded repetition?"
    stack: list[bool] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 < n and pattern[i + 1].isdigit() and pattern[i + 1] != "0":
                return "backref", {}
            i += 2
            q, unbounded = _quantifier_at(pattern, i)
            if unbounded and stack:
                stack[-1] = True
            i += q
            continue
        if ch == "[":  # a character class: skip to its end
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            q, unbounded = _quantifier_at(pattern, i)
            if unbounded and stack:
                stack[-1] = True
            i += q
            continue
        if ch == "(":
            stack.append(False)
            i += 1
            continue
        if ch == ")":
            inner = stack.pop() if stack else False
            i += 1
            q, unbounded = _quantifier_at(pattern, i)
            if unbounded and inner:
                return "nested", {}
            if stack and (inner or unbounded):
                stack[-1] = True
            i += q
            continue
        i += 1
        q, unbounded = _quantifier_at(pattern, i)
        if unbounded and stack:
            stack[-1] = True
        i += q
    return None

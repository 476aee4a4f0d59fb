"""Is a typed reply an answer at all? "hint", "?", "ok", "idk", "nie wiem", a lone word,
keyboard mash or nothing are not replies to a client, and are never scored.

`non_answer(text, lang)` returns why a text is not an answer (a reason id the interface
phrases: ``empty``, ``no_words``, ``hint`` (asking for a hint), ``back`` (asking to undo),
``command`` (skip, quit…), ``filler``, ``one_word``, ``gibberish``),
or None for a real reply — however short: "I'm so sorry." and "Przepraszam." are answers.
Pure and cheap: no judge, no content, only a few word lists in English and Polish (both
are always checked: a trainee practising in Polish may still type "ok" or "idk").
"""

from __future__ import annotations

import re
from typing import Optional

from ..text import fold

#: Words asking the tool for something instead of talking to the client.
HINT_WORDS = frozenset("hint hints help tip tips podpowiedz podpowiedzi pomoc wskazowka".split())
BACK_WORDS = frozenset("back undo wstecz cofnij".split())
COMMANDS = HINT_WORDS | BACK_WORDS | frozenset("skip pass next quit exit stop menu pomin dalej nastepne koniec wyjdz".split())
#: Words that carry no reply on their own; a text made only of them is a non-answer.
FILLER_WORDS = frozenset(
    """ok okay okey k kk oki yes yeah yep yup no nope nah hmm hm mhm uh uhm um umm er erm eh
    ah aha oh lol idk dunno whatever meh fine sure test testing xd please pls
    tak nie no dobra dobrze okej noo hmmm yyy eee eeee nwm aha ahaa oj ojej spoko luz
    ja nic prosze plz""".split()
)
#: Whole texts that say "I don't know" or "give me a hint" in so many words.
FILLER_PHRASES = frozenset(
    {
        "i don't know",
        "i dont know",
        "i do not know",
        "don't know",
        "dont know",
        "no idea",
        "i have no idea",
        "not sure",
        "i'm not sure",
        "im not sure",
        "no clue",
        "i dunno",
        "give me a hint",
        "hint please",
        "show hint",
        "show hints",
        "help me",
        "what do i say",
        "what should i say",
        "next one",
        "skip this",
        "nie wiem",
        "nie mam pojecia",
        "nie mam pomyslu",
        "nie jestem pewien",
        "nie jestem pewna",
        "nie wiem co powiedziec",
        "co mam powiedziec",
        "daj podpowiedz",
        "poprosze podpowiedz",
        "pokaz podpowiedz",
        "nie wiem co odpowiedziec",
        "bez pojecia",
        "pomin to",
    }
)
HINT_PHRASES = frozenset(
    {
        "give me a hint",
        "hint please",
        "show hint",
        "show hints",
        "help me",
        "what do i say",
        "what should i say",
        "daj podpowiedz",
        "poprosze podpowiedz",
        "pokaz podpowiedz",
        "co mam powiedziec",
    }
)
#: Lone words that are real replies to a client (an apology, an acknowledgement).
REPLY_WORDS = frozenset(
    """sorry apologies understood absolutely certainly przepraszam przepraszamy rozumiem
    oczywiscie wybacz wybaczcie slucham przykro""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VOWELS = set("aeiouy")
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")


def _keyboard_run(word: str, length: int = 4) -> bool:
    """A run of `length` neighbouring keys of one keyboard row, either way ("asdf", "lkjh")."""
    for row in _ROWS:
        for seq in (row, row[::-1]):
            for i in range(len(seq) - length + 1):
                if seq[i : i + length] in word:
                    return True
    return False


def _wordlike(word: str) -> bool:
    """Could this be a word of English or Polish? Has a vowel, no six consonants in a
    row (Polish has "wszcz"), no letter four times running, no run along a keyboard row."""
    if len(word) <= 2:
        return True
    if not _VOWELS & set(word):
        return False
    if re.search(r"[^aeiouy]{6}", word) or re.search(r"(.)\1{3}", word):
        return False
    return not _keyboard_run(word)


def non_answer(text: str, lang: str = "en") -> Optional[str]:
    """Why `text` is not an answer to the client, or None when it is one (see the module
    docstring for the reasons). `lang` is accepted for symmetry with the judge; both
    languages' lists always apply."""
    del lang
    stripped = (text or "").strip()
    if not stripped:
        return "empty"
    folded = fold(stripped).replace("’", "'")
    words = [w for w in _WORD.findall(folded)]
    if not words:
        return "no_words"
    phrase = " ".join(w for w in re.findall(r"[\w']+", folded))
    bare = phrase.lstrip(":")
    if bare in COMMANDS or (len(words) <= 2 and any(w in COMMANDS for w in words) and all(w in COMMANDS or w in FILLER_WORDS for w in words)):
        if any(w in HINT_WORDS for w in words):
            return "hint"
        return "back" if any(w in BACK_WORDS for w in words) else "command"
    if phrase in HINT_PHRASES:
        return "hint"
    if phrase in FILLER_PHRASES or all(w in FILLER_WORDS for w in words):
        return "filler"
    odd = [w for w in words if not _wordlike(w)]
    if len(odd) * 2 >= len(words):
        return "gibberish"
    if len(words) == 1 and words[0] not in REPLY_WORDS:
        return "one_word"
    return None


def is_non_answer(text: str, lang: str = "en") -> bool:
    return non_answer(text, lang) is not None


__all__ = ["non_answer", "is_non_answer"]

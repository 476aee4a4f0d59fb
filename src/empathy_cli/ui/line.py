"""The accessible line mode: every question as plain numbered lines, answered by typing.

For screen readers, serial consoles and anyone who prefers plain text (`ui.mode` says
when it is on). Nothing here moves the cursor, redraws or writes an escape sequence:
each question is printed once, top to bottom, and the answer is one typed line read in
the terminal's own line editing (no readline module, which would add escape sequences).

- a choice lists its options as ``1. …``, ``2. …`` and is answered with the number (or,
  where the engine allows it, with one's own words);
- a checklist is answered with the numbers of all that apply (``1 3``), ``0`` for none,
  Enter for the ticks shown;
- yes/no takes the language's own letters (y/n, t/n), Enter the default;
- ``b`` goes back, ``?`` shows the help and the keys again, ``h`` a hint (where there is one);
- Ctrl-C and end of input stop, exactly as in the full interface (`Cancelled`).

Answers go through the same `validate_answer` as every other prompter.
"""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO

from ..coach.prompter import Cancelled, GoBack, Message, Question, Typed, validate_answer
from ..text import clean
from . import localize
from .interactive import BACK_WORDS, HINT_WORDS
from .render import plain_lines

BACK_KEYS = {"b", *BACK_WORDS}
HELP_KEYS = {"?", "help", "pomoc"}
HINT_KEYS = {"h", *HINT_WORDS}


def _t(key: str, **values: object) -> str:
    from .. import i18n

    return i18n.t(f"prompts.line.{key}", **values)


class LinePrompter:
    def __init__(self, input: Optional[TextIO] = None, output: Optional[TextIO] = None):
        """`input`/`output` default to the standard streams (tests pass their own)."""
        self.input = input
        self.output = output

    # ------------------------------------------------------------------ output

    @property
    def _out(self) -> TextIO:
        return self.output or sys.stdout

    def _say(self, text: str = "") -> None:
        self._out.write(text + "\n")

    def show(self, message: Message) -> None:
        message = localize.message(message)
        if message.kind == "progress":  # the full interface's "pick ← Back" hint: here every prompt names `b`
            from dataclasses import replace

            from .. import i18n

            hint = i18n.t("encounter.progress_back")
            message = replace(message, lines=[line for line in message.lines if line != hint])
        for line in plain_lines(message):
            self._say(line)

    def _read(self, prompt: str) -> str:
        """One typed line (without its newline); Ctrl-C or end of input → `Cancelled`."""
        out = self._out
        out.write(prompt)
        out.flush()
        try:
            line = (self.input or sys.stdin).readline()
        except KeyboardInterrupt:
            out.write("\n")
            raise Cancelled() from None
        if not line:  # end of input (Ctrl-D, a closed pipe)
            out.write("\n")
            raise Cancelled()
        return line.rstrip("\r\n")

    def _warn(self, text: str) -> None:
        self._say("! " + clean(text))

    # ------------------------------------------------------------------ helpers

    def _keys(self, q: Question) -> str:
        keys = []
        if q.hints or q.no_hint:
            keys.append(_t("key_hint"))
        if q.allow_back or q.no_back:
            keys.append(_t("key_back"))
        keys.append(_t("key_help"))
        return ", ".join(keys)

    def _help(self, q: Question, legend: str) -> None:
        if q.help:
            self._say(clean(localize.text(q.help)))
        self._say(legend)

    def _hint(self, q: Question) -> None:
        if not q.hints:
            self._warn(localize.text(q.no_hint) or _t("no_hint"))
            return
        from .. import i18n

        self._say(i18n.t("prompts.hint_title") + ":")
        for hint in q.hints:
            self._say("  " + i18n.quote(clean(localize.text(hint))))
        if q.on_hint is not None:
            q.on_hint()

    def _back(self, q: Question) -> None:
        """Go back if the question allows it, else say why not (and ask again)."""
        if q.allow_back:
            raise GoBack()
        self._warn(localize.text(q.no_back) or _t("no_back"))

    def _label(self, option: Any) -> str:
        return clean(option.label + (f" ({option.hint})" if option.hint else ""))

    # ------------------------------------------------------------------ ask

    def ask(self, q: Question) -> Any:
        q = localize.question(q)
        self._say()
        self._say(clean(localize.text(q.prompt)))
        if q.kind == "choice":
            return self._choice(q)
        if q.kind == "multi":
            return self._multi(q)
        if q.kind == "confirm":
            return self._confirm(q)
        return self._text(q)

    def _choice(self, q: Question) -> Any:
        options = q.options
        for i, option in enumerate(options, 1):
            self._say(f"  {i}. {self._label(option)}")
        default = q.option_ids().index(q.default) + 1 if q.default in q.option_ids() else None
        ask = _t("choose_typed" if q.allow_typed else "choose", last=len(options))
        legend = f"{ask} ({self._keys(q)})"
        if default:
            legend += " " + _t("enter_default", value=default)
        if q.help:
            self._say(clean(localize.text(q.help)))
        while True:
            answer = self._read(legend + ": ").strip()
            word = answer.lower()
            if not answer:
                if default:
                    return options[default - 1].id
                self._warn(_t("need_number", last=len(options)))
                continue
            if word in BACK_KEYS:
                self._back(q)
                continue
            if word in HELP_KEYS:
                self._help(q, legend)
                continue
            if word in HINT_KEYS and (q.hints or q.no_hint):
                self._hint(q)
                continue
            if answer.isdigit():
                n = int(answer)
                if 1 <= n <= len(options):
                    return options[n - 1].id
                self._warn(_t("need_number", last=len(options)))
                continue
            if q.allow_typed:
                try:
                    return validate_answer(q, Typed(answer))
                except ValueError as exc:
                    self._warn(localize.reason(exc))
                    continue
            self._warn(_t("need_number", last=len(options)))

    def _multi(self, q: Question) -> Any:
        ticked = set(q.default or [])
        for i, option in enumerate(q.options, 1):
            mark = f" ({_t('ticked')})" if option.id in ticked else ""
            self._say(f"  {i}. {self._label(option)}{mark}")
        legend = f"{_t('choose_many')} ({self._keys(q)})"
        legend += " " + (_t("enter_keeps") if ticked else _t("enter_none"))
        if q.help:
            self._say(clean(localize.text(q.help)))
        while True:
            answer = self._read(legend + ": ").strip()
            word = answer.lower()
            if word in BACK_KEYS:
                self._back(q)
                continue
            if word in HELP_KEYS:
                self._help(q, legend)
                continue
            if not answer:
                picked = [o.id for o in q.options if o.id in ticked]
            elif answer in ("0", "-"):
                picked = []
            else:
                numbers = answer.replace(",", " ").replace(";", " ").split()
                if not all(n.isdigit() and 1 <= int(n) <= len(q.options) for n in numbers):
                    self._warn(_t("need_numbers", last=len(q.options)))
                    continue
                picked = []
                for n in numbers:
                    option_id = q.options[int(n) - 1].id
                    if option_id not in picked:
                        picked.append(option_id)
            try:
                return validate_answer(q, picked)
            except ValueError as exc:
                self._warn(localize.reason(exc))

    def _confirm(self, q: Question) -> bool:
        from .. import i18n

        yes, no = i18n.t("answers.yes"), i18n.t("answers.no")
        yes_keys = {"y", "yes", yes.lower(), yes[0].lower()}
        no_keys = {"n", "no", no.lower(), no[0].lower()}
        default = yes if q.default else no
        legend = _t("yes_no", y=yes[0].lower(), yes=yes, n=no[0].lower(), no=no, default=default)
        while True:
            answer = self._read(legend + ": ").strip().lower()
            if not answer:
                return bool(q.default)
            if answer in yes_keys:
                return True
            if answer in no_keys:
                return False
            if answer in HELP_KEYS:
                self._help(q, legend)
                continue
            self._warn(i18n.t("answers.yes_no"))

    def _text(self, q: Question) -> Any:
        default = "" if q.default is None else str(q.default)
        if default:
            self._say(_t("text_default", value=clean(default)))
        legend = self._keys(q)
        if q.help:
            self._say(clean(localize.text(q.help)))
        while True:
            answer = self._read(f"({legend}): ")
            word = answer.strip().lower()
            if word in BACK_KEYS and (q.allow_back or q.no_back):
                self._back(q)
                continue
            if word in HELP_KEYS:
                self._help(q, f"({legend})" + (" " + _t("text_default", value=clean(default)) if default else ""))
                continue
            if not answer.strip() and default:
                answer = default
            try:
                return validate_answer(q, answer)
            except ValueError as exc:
                self._warn(localize.reason(exc))

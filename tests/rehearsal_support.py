"""What the rehearsal engine tests share: a rehearsal of a loaded scenario, and a fake
prompter that answers in order (and does not run `check_typed`, like a careless
prompter: the engine itself must refuse what it cannot score)."""

from __future__ import annotations

from empathy_cli import i18n
from empathy_cli.coach.prompter import Cancelled, GoBack, Message, Question
from empathy_cli.coach.rehearsal import Rehearsal


def make(lib, scenario: str = "parcel-late", lang: str = "en", **kw) -> Rehearsal:
    """A rehearsal of `scenario` in `lang` from `lib`, seeded 7 unless told otherwise."""
    sc = lib.get("scenario", scenario, lang).content
    pb = lib.get("playbook", sc.playbook, lang)
    i18n.set_lang(lang)
    kw.setdefault("seed", 7)
    return Rehearsal(sc, pb.content if pb else None, **kw)


class FakePrompter:
    """Answers in order: `GoBack` goes back, "HINT" asks for a hint (as the terminal does
    when the trainee picks it), running out of answers is Ctrl-C."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.shown: list[Message] = []
        self.questions: list[Question] = []

    def show(self, message):
        self.shown.append(message)

    def ask(self, question):
        self.questions.append(question)
        if not self.answers:
            raise Cancelled()
        a = self.answers.pop(0)
        if a is GoBack:
            raise GoBack()
        if a == "HINT":
            question.on_hint()
            return self.ask(question)
        return a

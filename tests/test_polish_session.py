"""A whole `empathy --lang pl` session speaks Polish: the help of every command, the lists,
`check`, `phrases`, `log list`, `report`, a scripted encounter and a scripted rehearsal
print no common English word (ids, option names, paths and proper names aside)."""

from __future__ import annotations

import re

import pytest

from empathy_cli.cli.app import app

# Common English words that have no business in a Polish screen. Matched as whole words.
ENGLISH = [
    "the", "Options", "Usage", "Show", "done", "selected", "selection", "selections", "Arguments", "Commands",
    "Error", "Try", "default", "required", "Missing", "Invalid", "and", "with", "your", "you", "saved",
    "not", "found", "Score", "score", "Listen", "Solve", "Escalate", "Aborted", "Print", "List", "this",
    "for", "reply", "replies", "record", "records", "phrase", "phrases", "scenario", "stage", "Stage",
    "help", "command", "title", "path", "origin", "lang", "outcome", "kind", "time", "Outcome", "Summary",
]  # fmt: skip
WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b")


def _strip_names(text: str) -> str:
    """What may stay English: paths, option names, environment variables, ids (kebab-case
    or snake_case tokens) and the id lists a user types (`--kind reply`…), quoted YAML keys."""
    text = re.sub(r"\S*/\S*", " ", text)  # paths, "a/b"
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)  # option names
    text = re.sub(r"\$?\b[A-Z][A-Z_]{2,}\b", " ", text)  # EMPATHY_LANG, YAML, JSON…
    text = re.sub(r"\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b", " ", text)  # ids
    text = re.sub(r"'- (?:say|choice): [^']*'", " ", text)  # the answers-file syntax
    text = re.sub(r"\b(?:reply, situation, avoid, stage)\b", " ", text)  # drill --kind values
    text = re.sub(r"<[a-z|]+>", " ", text)  # the choices of an option: ids (--kind <reply|situation|…>)
    text = re.sub(r"`tests:`", " ", text)
    text = re.sub(r"\bempathy(?: [a-z]+)*", " ", text)  # the program and command names
    text = re.sub(r"„[a-z_-]+”", " ", text)  # a quoted value to type: „scenario”
    text = re.sub(r"(?m)^  [a-z]+(?=\s{2,}\S)", " ", text)  # command names in a list of commands
    return text


def english_words(text: str) -> list[str]:
    return sorted(set(WORD.findall(_strip_names(text))))


def _commands():
    import typer.main

    root = typer.main.get_command(app)
    found = []

    def walk(command, path):
        found.append(path)
        for name in list(getattr(command, "commands", {}) or {}):
            walk(command.commands[name], [*path, name])

    walk(root, [])
    return found


COMMANDS = _commands()


def test_the_scan_finds_english():
    assert english_words("Usage: empathy [OPTIONS]\nShow this message and exit.") == ["Show", "Usage", "and", "this"]
    assert english_words("Użycie: empathy [OPCJE]  --lang  aesthetic-clinic  /tmp/the/path") == []


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "empathy")
def test_every_help_is_polish(runner, path):
    res = runner.invoke(app, ["--lang", "pl", *path, "--help"])
    assert res.exit_code == 0, res.output
    assert "Użycie:" in res.stdout and "Opcje" in res.stdout
    assert english_words(res.stdout) == [], res.stdout


@pytest.mark.parametrize("how", ["env", "option"])
def test_root_help_follows_the_environment_or_the_option(runner, environ, how):
    if how == "env":
        environ["EMPATHY_LANG"] = "pl"
        res = runner.invoke(app, ["--help"])
    else:
        res = runner.invoke(app, ["--help", "--lang", "pl"])
    assert "Polecenia:" in res.stdout and "Pokazuje tę pomoc" in res.stdout
    assert english_words(res.stdout) == [], res.stdout


def test_english_help_stays_english(runner):
    res = runner.invoke(app, ["--lang", "en", "log", "export", "--help"])
    assert "Usage:" in res.stdout and "Options" in res.stdout and "Show this help" in res.stdout


@pytest.mark.parametrize(
    "args, expected",
    [
        (["nope"], "Nie ma polecenia 'nope'."),
        (["playbooks", "lst"], "Czy chodziło o 'list'?"),
        (["check"], "Brak argumentu 'ODPOWIEDŹ'."),
        (["phrases", "--limit", "x"], "nie jest liczbą całkowitą"),
        (["log", "list", "extra"], "Nieoczekiwane dodatkowe argumenty"),
        (["playbooks", "list", "--bogus"], "Nie ma opcji: --bogus"),
    ],
)
def test_usage_errors_are_polish(runner, args, expected):
    res = runner.invoke(app, ["--lang", "pl", *args])
    assert res.exit_code == 2
    assert expected in res.stderr and "Błąd:" in res.stderr and "Użycie:" in res.stderr
    assert english_words(res.stderr) == [], res.stderr


def _rehearsal_answers(runner, tmp_path):
    res = runner.invoke(app, ["--lang", "pl", "rehearse", "delayed-appointment", "--template"])
    assert res.exit_code == 0, res.output
    path = tmp_path / "rehearsal.yaml"
    path.write_text(res.stdout, encoding="utf-8")
    return path


def _encounter_answers(runner, tmp_path):
    res = runner.invoke(app, ["--lang", "pl", "encounter", "--template"])
    assert res.exit_code == 0, res.output
    filled = (
        res.stdout.replace('concern: ""', 'concern: "Nierówne usta po zabiegu"')
        .replace('location: ""', 'location: "recepcja"')
        .replace('outcome: ""', "outcome: partly_resolved")
        .replace('follow_up: ""', 'follow_up: "Telefon jutro rano"')
    )
    path = tmp_path / "encounter.yaml"
    path.write_text(filled, encoding="utf-8")
    return path


def test_a_whole_polish_session(runner, home, tmp_path):
    outputs = {}

    def run(*args: str) -> None:
        res = runner.invoke(app, ["--lang", "pl", *args])
        assert res.exit_code in (0, 1), (args, res.output)
        outputs[" ".join(args)] = res.stdout + res.stderr

    run("playbooks", "list")
    run("scenarios", "list")
    run("check", "Proszę się uspokoić, to nic takiego")
    run("check", "Rozumiem, że to dla Pani bardzo frustrujące")
    run("phrases", "czeka od rana")
    run("encounter", "--answers", str(_encounter_answers(runner, tmp_path)))
    run("rehearse", "delayed-appointment", "--answers", str(_rehearsal_answers(runner, tmp_path)), "--trainee", "Anna")
    run("log", "list")
    run("report")
    leaks = {name: english_words(text) for name, text in outputs.items() if english_words(text)}
    assert leaks == {}, "\n\n".join(f"{name}: {words}\n{outputs[name]}" for name, words in leaks.items())
    assert "Zapisano" in outputs["encounter --answers " + str(tmp_path / "encounter.yaml")]


def test_checklist_answer_is_in_the_interface_language(monkeypatch):
    """questionary writes "done (2 selections)" once a checklist is answered; the prompt
    line is rewritten into the interface language."""
    from questionary.prompts import common

    from empathy_cli import i18n
    from empathy_cli.ui.interactive import _checkbox

    real = common.create_inquirer_layout
    seen = {}

    def spy(ic, get_prompt_tokens, **kw):
        seen["ic"], seen["tokens"] = ic, get_prompt_tokens
        return real(ic, get_prompt_tokens, **kw)

    monkeypatch.setattr(common, "create_inquirer_layout", spy)
    i18n.set_lang("pl")
    _checkbox("Co zrobiono?", choices=["a", "b", "c"])
    assert common.create_inquirer_layout is spy  # put back after building
    ic = seen["ic"]
    ic.is_answered = True
    line = lambda: "".join(tok[1] for tok in seen["tokens"]())  # noqa: E731
    ic.selected_options = ["a", "b"]
    assert "gotowe (zaznaczono: 2)" in line() and "done" not in line()
    ic.selected_options = []
    assert "gotowe (nic nie zaznaczono)" in line()


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_one_name_per_stage(lang):
    """The built-in playbooks call each stage what the interface calls it (phrases, drill,
    debriefs and records use the catalogue's names; encounter shows the playbook's)."""
    from empathy_cli import i18n
    from empathy_cli.content.library import load_library
    from empathy_cli.vocab import STAGES

    names = {stage: i18n.t(f"common.stage.{stage}", in_lang=lang) for stage in STAGES}
    assert len(set(names.values())) == len(STAGES)
    for entry in load_library([]).playbooks(lang):
        assert {s.id: s.title for s in entry.content.stages} == names, entry.path

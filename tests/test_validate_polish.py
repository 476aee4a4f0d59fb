"""`empathy validate` speaks the chosen language: a folder with one broken file per problem
code, validated with `--lang pl` (and `EMPATHY_LANG=pl`), prints every problem in Polish,
in the `FILE:LINE:COL: field.path: message [CODE]` form with the same stable codes; the
JSON keeps the codes and gives a language-free `message_id` and `params`."""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest

from empathy_cli.cli.app import app
from empathy_cli.content.problems import Problem
from test_polish_session import english_words

DATA = Path(__file__).parent / "data"

SCENARIO = """\
kind: scenario
id: {id}
lang: en
title: Waiting room
playbook: minimal
persona: {{name: Ann, mood: 6}}
start: open
rules:
  - when: {{mood_at_least: 9}}
    goto: safety
nodes:
  - id: open
    stage: listen
    say: "I've been waiting an hour!"
    choices:
      - {{id: good, text: "That is a long wait.", next: offer, mood: -2, score: 9}}
      - {{id: bad, text: "Calm down.", next: angry, mood: 3}}
  - id: offer
    stage: solve
    say: "So what now?"
    choices:
      - {{id: options, text: "I can offer two options.", next: resolved, score: 8}}
  - id: angry
    stage: empathize
    say: "Don't tell me to calm down!"
    choices:
      - {{id: sorry, text: "You're right, I'm sorry.", next: offer, mood: -1, score: 6}}
      - {{id: leave, text: "Then leave.", next: walked}}
  - id: safety
    stage: escalate
    say: "I'll smash this place!"
    choices:
      - {{id: call, text: "I'm calling security now.", next: safe}}
endings:
  - {{id: resolved, outcome: resolved, text: Sorted.}}
  - {{id: walked, outcome: walked_out, text: She left.}}
  - {{id: safe, outcome: safety, text: Security came.}}
"""

CASE = "tests:\n  - name: best\n    steps:\n      - choice: good\n      - choice: options\n    ending: resolved\n"


def _pb(name: str) -> str:
    return (DATA / "minimal_playbook.yaml").read_text(encoding="utf-8").replace("id: minimal", f"id: {name}", 1)


def _sc(name: str) -> str:
    return SCENARIO.format(id=name)


def _broken() -> dict[str, tuple[str, str | bytes]]:
    """file name -> (the code it must raise, its content)."""
    pb, sc = _pb, _sc
    signals = "signals:\n  - kind: empathy\n    patterns: ['{}']\n"
    return {
        "e001_syntax.yaml": ("E001", "kind: playbook\ntitle: a: b\n"),
        "e001_value.yaml": ("E001", "kind: playbook\nsize: !!int abc\n"),
        "e003_large.yaml": ("E003", "# " + "x" * (2 * 1024 * 1024) + "\n"),
        "e004_utf8.yaml": ("E004", b"kind: playbook\ntitle: caf\xe9\n"),
        "e005_tag.yaml": ("E005", "kind: !!python/name:os.system playbook\n"),
        "e006_key.yaml": ("E006", "? [a, b]\n: 1\n"),
        "e007_dup.yaml": ("E007", "kind: playbook\nkind: scenario\n"),
        "e008_docs.yaml": ("E008", "kind: playbook\n---\nkind: scenario\n"),
        "e009_alias.yaml": ("E009", "kind: *nope\n"),
        "e010_bomb.yaml": (
            "E010",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdef", "bcdefg")),
        ),
        "e011_deep.yaml": ("E011", "a: " + "[" * 80 + "]" * 80 + "\n"),
        "e012_empty.yaml": ("E012", ""),
        "e012_list.yaml": ("E012", "- a\n- b\n"),
        "e101_type.yaml": ("E101", pb("e101").replace("title: Minimal test playbook", "title: [not, text]")),
        "e102_literal.yaml": ("E102", pb("e102").replace("id: solve", "id: solv")),
        "e103_empty.yaml": ("E103", pb("e103").replace("title: Minimal test playbook", "title: '  '")),
        "e104_id.yaml": ("E104", pb("e104").replace("id: e104", "id: Bad Id")),
        "e105_range.yaml": ("E105", pb("e105") + "escalation:\n  - {id: red, title: Red, severity: 11}\n"),
        "e106_items.yaml": ("E106", sc("e106") + "tests:\n  - name: x\n    steps: [{choice: good}]\n    score: [1, 2, 3]\n"),
        "e107_field.yaml": ("E107", pb("e107") + "colour: blue\n"),
        "e108_required.yaml": ("E108", pb("e108").replace('      - text: "I can see this is frustrating."\n        tags', "      - tags")),
        "e109_kind.yaml": ("E109", "kind: poem\nid: x\n"),
        "e109_nokind.yaml": ("E109", "id: x\nlang: en\n"),
        "e201_dup.yaml": ("E201", pb("e201") + "escalation:\n  - {id: red, title: Red, severity: 5}\n  - {id: red, title: Red, severity: 6}\n"),
        "e202_stage.yaml": ("E202", pb("e202").split("  - id: document")[0]),
        "e203_order.yaml": ("E203", pb("e203").replace("id: listen", "id: TMP").replace("id: empathize", "id: listen").replace("id: TMP", "id: empathize")),
        "e204_regex.yaml": ("E204", pb("e204") + signals.format("(unclosed")),
        "e205_refused.yaml": ("E205", pb("e205") + signals.format("(a+)+")),
        "w206_tag.yaml": ("W206", pb("w206") + "emotions: [anger]\ntags:\n  - {id: complaint, label: Complaint}\n"),
        "e301_dup.yaml": ("E301", sc("e301").replace("  - id: offer", "  - id: angry", 1)),
        "e302_next.yaml": ("E302", sc("e302").replace("next: resolved,", "next: resolvd,")),
        "e302_start.yaml": ("E302", sc("e302b").replace("start: open", "start: resolved")),
        "e303_unreached.yaml": ("E303", sc("e303").replace("next: angry", "next: offer").replace("goto: safety", "goto: offer")),
        "e304_loop.yaml": ("E304", sc("e304").replace("next: walked}", "next: angry}").replace("next: offer, mood: -1", "next: angry, mood: -1")),
        "w305_ending.yaml": ("W305", sc("w305").replace("next: walked}", "next: resolved}")),
        "e306_rule.yaml": ("E306", sc("e306").replace("{mood_at_least: 9}", "{mood_at_least: 9, mood_at_most: 3}")),
        "e306_empty_rule.yaml": ("E306", sc("e306b").replace("{mood_at_least: 9}", "{}")),
        "e307_choice.yaml": ("E307", sc("e307") + CASE.replace("choice: options", "choice: option")),
        "e308_ending.yaml": ("E308", sc("e308") + CASE.replace("ending: resolved", "ending: resolvd")),
        "e309_score.yaml": ("E309", sc("e309") + CASE.replace("ending: resolved", "score: [90, 10]")),
        "e310_step.yaml": ("E310", sc("e310") + CASE.replace("- choice: options", "- {choice: options, say: Hello}")),
        "e310_neither.yaml": ("E310", sc("e310b") + CASE.replace("- choice: options", "- {}")),
        "e311_expect.yaml": ("E311", sc("e311") + CASE.replace("    ending: resolved\n", "")),
        "e312_node.yaml": ("E312", sc("e312").replace("mood: 6}", "mood: 6, variants: [{id: calm, lines: [{node: opne, say: Hi}]}]}")),
        "e313_variant.yaml": ("E313", sc("e313") + CASE + "    variant: calm\n"),
        "e313_variants.yaml": ("E313", sc("e313b").replace("mood: 6}", "mood: 6, variants: [{id: calm}, {id: calm}]}") + CASE + "    variant: clam\n"),
        "e401_playbook.yaml": ("E401", sc("e401").replace("playbook: minimal", "playbook: nope")),
        "w402_twice_a.yaml": ("W402", sc("twice")),
        "w402_twice_b.yaml": ("W402", sc("twice")),
        "minimal.yaml": ("", _pb("minimal")),
    }


def _folder(tmp_path: Path) -> tuple[list[str], list[str]]:
    """The broken files (and a FIFO, named on its own): the paths to pass and the codes expected."""
    folder = tmp_path / "broken"
    folder.mkdir()
    codes = []
    for name, (code, text) in _broken().items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        codes.append(code)
    args = [str(folder)]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        args.append(str(tmp_path / "pipe.yaml"))
        codes.append("E013")
    return args, sorted({c for c in codes if c})


LINE = re.compile(
    r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+): (?:ostrzeżenie: |warning: )?(?:(?P<field>[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): )?(?P<message>.+) \[(?P<code>[EW]\d{3})\]$"
)


def _polish_leaks(stdout: str) -> list[str]:
    """English words in the messages: field paths and `code` spans are the file's own words."""
    messages = []
    for line in stdout.splitlines():
        m = LINE.match(line)
        assert m, f"not in the FILE:LINE:COL: field: message [CODE] form: {line!r}"
        messages.append(re.sub(r"`[^`]*`|\b[a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*\[\d+\]", " ", m["message"]))
    return english_words("\n".join(messages))


@pytest.mark.parametrize("how", ["option", "environment"])
def test_validate_in_polish_has_no_english(runner, home, tmp_path, environ, how):
    args, expected = _folder(tmp_path)
    if how == "option":
        res = runner.invoke(app, ["--lang", "pl", "validate", *args])
    else:
        environ["EMPATHY_LANG"] = "pl"
        res = runner.invoke(app, ["validate", *args])
    assert res.exit_code == 1, res.output
    found = sorted({m[1] for m in re.finditer(r"\[([EW]\d{3})\]$", res.stdout, re.M)})
    assert found == expected, res.stdout
    assert _polish_leaks(res.stdout) == [], res.stdout
    assert english_words(res.stderr) == [] and "problem" in res.stderr, res.stderr  # "… problemów w … z … plików."


def test_the_english_run_says_the_same_things_in_english(runner, home, tmp_path):
    args, expected = _folder(tmp_path)
    en = runner.invoke(app, ["--lang", "en", "validate", *args])
    pl = runner.invoke(app, ["--lang", "pl", "validate", *args])
    assert "must be text, not a list [E101]" in en.stdout and "musi być tekstem, a podano listę [E101]" in pl.stdout
    assert "did you mean 'resolved'" in en.stdout and "czy chodziło o „resolved”" in pl.stdout
    where = [(m["file"], m["line"], m["col"], m["field"], m["code"]) for m in map(LINE.match, en.stdout.splitlines()) if m]
    assert where == [(m["file"], m["line"], m["col"], m["field"], m["code"]) for m in map(LINE.match, pl.stdout.splitlines()) if m]
    assert len(where) == len(en.stdout.splitlines()) > 40


def test_json_keeps_codes_and_ids_and_phrases_the_message_in_the_language(runner, home, tmp_path):
    args, _ = _folder(tmp_path)
    en = json.loads(runner.invoke(app, ["--lang", "en", "validate", "--json", *args]).stdout)
    pl = json.loads(runner.invoke(app, ["--lang", "pl", "validate", "--json", *args]).stdout)
    assert len(en["problems"]) == len(pl["problems"]) > 40
    for a, b in zip(en["problems"], pl["problems"]):
        assert (a["code"], a["path"], a["line"], a["message_id"], a["params"]) == (b["code"], b["path"], b["line"], b["message_id"], b["params"])
        # the message is the catalogue sentence of its id, filled from the params
        assert a["message"] == Problem(a["path"], a["message_id"], a["line"], a["column"], a["code"], a["params"]).text("en")
        assert b["message"] == Problem(b["path"], b["message_id"], b["line"], b["column"], b["code"], b["params"]).text("pl")
    typed = next(p for p in pl["problems"] if p["code"] == "E101")
    assert typed["message_id"] == "type" and typed["params"] == {"expected": "text", "given": "list"}
    assert typed["message"] == "musi być tekstem, a podano listę"


def test_schema_error_is_in_polish(runner):
    res = runner.invoke(app, ["--lang", "pl", "schema", "poem"])
    assert res.exit_code == 2
    assert "nieznany rodzaj treści „poem”" in res.stderr and english_words(res.stderr) == [], res.stderr
    res = runner.invoke(app, ["--lang", "en", "schema", "poem"])
    assert res.exit_code == 2 and "unknown kind 'poem'" in res.stderr


# --------------------------------------------------------------------------- the catalogue

SOURCES = Path(__file__).resolve().parent.parent / "src" / "empathy_cli" / "content"


def test_the_broken_folder_covers_every_code():
    """A new problem code needs a broken file here (so its Polish is checked too)."""
    used = set()
    for name in ("typecheck.py", "checks.py", "yamlsafe.py", "loader.py", "validate.py"):
        used |= set(re.findall(r"[\"']([EW]\d{3})[\"']", (SOURCES / name).read_text(encoding="utf-8")))
    covered = {code for code, _ in _broken().values()} | {"E013"}
    assert used - covered <= {"E002", "E100"}, used - covered  # E002: unreadable (tested apart); E100: a default


def test_every_message_id_has_english_and_polish():
    from empathy_cli.i18n import problems as cat

    assert set(cat.EN) == set(cat.PL)
    same = {k for k in cat.EN if cat.PL[k] == cat.EN[k]}
    assert same == {"text", "word.what_kind.playbook"}, same  # a phrased text; "playbook" is Polish too


def test_every_code_has_english_and_polish(tmp_path):
    """Each code the broken folder raises comes out in both languages, differently worded."""
    from empathy_cli.content.validate import validate

    args, expected = _folder(tmp_path)
    report = validate([Path(a) for a in args])
    by_code: dict[str, list[Problem]] = {}
    for f in report.files:
        for p in f.problems:
            by_code.setdefault(p.code, []).append(p)
    assert sorted(by_code) == expected
    for code, problems in by_code.items():
        for p in problems:
            en, pl = p.text("en"), p.text("pl")
            assert en and pl and en != pl, (code, en, pl)
            assert not [f for _, f, _, _ in string.Formatter().parse(pl) if f], (code, pl)  # every placeholder filled


def test_unknown_library_details_are_left_out_of_polish():
    """PyYAML, `re` and the system speak English: Polish says the sentence without a detail it
    cannot translate, and translates the ones it knows."""
    syntax = Problem("", "syntax", 1, 1, "E001", {"detail": "some brand-new parser complaint"})
    assert syntax.text("pl") == "błąd składni YAML"
    assert syntax.text("en") == "YAML syntax error: some brand-new parser complaint"
    regex = Problem("", "bad_regex", 1, 1, "E204", {"detail": "missing ), unterminated subpattern at position 0"})
    assert regex.text("pl") == "błędne wyrażenie regularne: brak „)”: niezamknięta grupa (pozycja 0)"
    assert Problem("", "cannot_read", 1, 1, "E002", {"detail": "Permission denied"}).text("pl") == "nie można odczytać pliku: brak uprawnień"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_in_polish(runner, home, tmp_path):
    f = tmp_path / "locked.yaml"
    f.write_text("kind: playbook\n", encoding="utf-8")
    f.chmod(0)
    res = runner.invoke(app, ["--lang", "pl", "validate", str(f)])
    assert res.exit_code == 1 and "nie można odczytać pliku: brak uprawnień [E002]" in res.stdout, res.stdout

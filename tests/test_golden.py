"""Golden files: whole outputs people read, in both languages, compared with reviewed
snapshots in tests/golden/ (see `golden` in conftest.py; `pytest --update-golden` rewrites
them after an intended change, and the diff is reviewed like code).

Covered: the Markdown records (encounter and rehearsal), the debrief of a rehearsal,
`check` (plain), the root `--help`, and `report`. Dates, times and temporary paths are
replaced by placeholders: they change from run to run, the layout and the words do not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from empathy_cli.cli.app import app

DATA = Path(__file__).parent / "data"
LANGS = ("en", "pl")
BEST = "- choice: ask\n- choice: name\n- choice: options\n- choice: note\n"
ENCOUNTER = {
    "en": """\
concern: "I waited an hour and nobody told me anything. Call me on 601 234 567."
wants: an apology and a new date
emotions: [frustration]
phrases_used: [empathize-1]
own_phrase: "I'm sorry you waited so long without news."
options_offered: [reschedule]
option_accepted: reschedule
location: reception
details: "She waited an hour past her appointment; we offered a new date."
steps_taken: Apologised and rebooked her.
escalation_level: green
outcome: partly_resolved
follow_up: The manager calls her tomorrow.
""",
    "pl": """\
concern: "Czekałam godzinę i nikt mi nic nie powiedział. Proszę dzwonić pod 601 234 567."
wants: przeprosiny i nowy termin
emotions: [frustration]
phrases_used: [empathize-1]
own_phrase: "Przepraszam, że czekała Pani tak długo bez żadnej informacji."
options_offered: [reschedule]
option_accepted: reschedule
location: recepcja
details: "Pacjentka czekała godzinę po czasie wizyty; zaproponowaliśmy nowy termin."
steps_taken: Przeprosiłam i umówiłam nowy termin.
escalation_level: green
outcome: partly_resolved
follow_up: Kierowniczka oddzwoni jutro.
""",
}


def normalise(text: str, *folders: Path) -> str:
    for folder in folders:
        text = text.replace(str(folder), "<TMP>")
    text = re.sub(r"\b\d{8}-\d{6}\b", "YYYYMMDD-HHMMSS", text)  # record names
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2})?)?", "YYYY-MM-DD hh:mm", text)
    return re.sub(r"\b\d{2}:\d{2}\b", "hh:mm", text)


@pytest.fixture
def cli(runner):
    def run(*args: str, lang: str = "en", code: int | None = 0):
        result = runner.invoke(app, list(args), env={"EMPATHY_LANG": lang, "EMPATHY_NOW": "2026-11-23T14:15:02+01:00"})
        assert result.exit_code == code if code is not None else result.exit_code in (0, 1), result.output
        return result

    return run


@pytest.mark.parametrize("lang", LANGS)
def test_encounter_record_markdown(cli, golden, write, tmp_path, lang):
    out = tmp_path / "records"
    cli("encounter", "aesthetic-clinic", "--lang", lang, "--answers", str(write(f"{lang}.yaml", ENCOUNTER[lang])), "--out", str(out), lang=lang)
    [md] = out.glob("*.md")
    golden(f"encounter_record_{lang}.md", normalise(md.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", LANGS)
def test_rehearsal_debrief_and_record_markdown(cli, golden, write, tmp_path, lang):
    out = tmp_path / "records"
    answers = write("answers.yaml", BEST)
    args = ("-p", str(DATA / "rehearse"), "rehearse", "parcel-late", "--lang", lang, "--seed", "1", "--trainee", "Ana Kowalska")
    result = cli(*args, "--answers", str(answers), "--out", str(out), lang=lang)
    golden(f"rehearsal_debrief_{lang}.txt", normalise(result.stdout, out, tmp_path))
    [md] = out.glob("*.md")
    golden(f"rehearsal_record_{lang}.md", normalise(md.read_text(encoding="utf-8")))


CHECKED = {
    "en": "Calm down, it's not a big deal. I'm sorry you waited; what would help you most today?",
    "pl": "Proszę się uspokoić, to nic takiego. Przepraszam, że musiała Pani czekać; co teraz najbardziej by Pani pomogło?",
}


@pytest.mark.parametrize("lang", LANGS)
def test_check_output(cli, golden, lang):
    golden(f"check_{lang}.txt", cli("check", "--lang", lang, CHECKED[lang], lang=lang, code=None).stdout)


@pytest.mark.parametrize("lang", LANGS)
def test_root_help(cli, golden, lang):
    golden(f"help_{lang}.txt", cli("--help", lang=lang).stdout)


@pytest.mark.parametrize("lang", LANGS)
def test_report(cli, golden, lang):
    records = DATA / "trainer" / "records"
    result = cli("report", str(records), lang=lang)
    golden(f"report_{lang}.txt", normalise(result.stdout, records))

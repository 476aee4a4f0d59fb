"""An unknown scenario or playbook id: said first (before "needs a terminal"), with the
closest ids ("did you mean"), in both languages."""

from __future__ import annotations

import pytest

from empathy_cli.cli.app import app
from empathy_cli.content.library import did_you_mean


def test_rehearse_names_an_unknown_id_before_asking_for_a_terminal(runner):
    res = runner.invoke(app, ["rehearse", "nope"])  # the test runner's input is no terminal
    assert res.exit_code == 1
    assert "No scenario with id 'nope' in language 'en'." in res.stderr
    assert "needs an interactive terminal" not in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize(
    "args, expected",
    [
        (["rehearse", "uneven-filler"], "No scenario with id 'uneven-filler' in language 'en'. Did you mean filler-uneven-result? Available:"),
        (["rehearse", "filler-uneven-resutl"], "Did you mean filler-uneven-result?"),
        (
            ["--lang", "pl", "rehearse", "fillr-uneven-result"],
            "Nie ma scenariusza o id „fillr-uneven-result” w języku „pl”. Czy chodziło o filler-uneven-result? Dostępne:",
        ),
        (["encounter", "aesthetic"], "No playbook with id 'aesthetic' in language 'en'. Did you mean aesthetic-clinic?"),
        (["--lang", "pl", "encounter", "patient-car"], "Czy chodziło o patient-care?"),
        (["scenarios", "show", "delayed-apointment"], "Did you mean delayed-appointment?"),
    ],
)
def test_did_you_mean(runner, args, expected):
    res = runner.invoke(app, args)
    assert res.exit_code == 1 and expected in res.stderr, res.stderr


def test_the_list_of_available_ids_names_each_id_once():
    res_text = CliRunnerText()
    assert "aesthetic-clinic (en, pl)" in res_text and res_text.count("aesthetic-clinic") == 1


def CliRunnerText() -> str:
    from typer.testing import CliRunner

    return CliRunner().invoke(app, ["encounter", "zzzz-nothing-like-it"]).stderr


def test_nothing_close_suggests_nothing():
    assert "Did you mean" not in CliRunnerText()
    assert did_you_mean("xyz", ["parcel-late", "aesthetic-clinic"]) == []
    assert did_you_mean("parcel", ["parcel-late", "aesthetic-clinic"]) == ["parcel-late"]

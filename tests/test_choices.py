"""Fixed-choice options are Enums: help lists the values, case does not matter, and a
wrong value is a usage error (exit 2) worded in the interface language."""

from __future__ import annotations

import pytest

from empathy_cli.cli.app import app


@pytest.mark.parametrize(
    "argv, values",
    [
        (["log", "export"], "<csv|json>"),
        (["log", "list"], "<encounter|rehearsal>"),
        (["scenarios", "graph"], "<mermaid|dot>"),
        (["drill"], "<reply|situation|avoid|stage>"),
    ],
)
def test_help_lists_the_values(runner, argv, values):
    result = runner.invoke(app, [*argv, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and values in result.stdout


@pytest.mark.parametrize(
    "argv, en, pl",
    [
        (["log", "export", "--format", "xml"], "unknown format 'xml': use csv or json", "nieznany format „xml”: użyj csv albo json"),
        (["log", "list", "--kind", "memo"], "unknown kind 'memo': use encounter or rehearsal", "nieznany rodzaj „memo”: użyj encounter albo rehearsal"),
        (["scenarios", "graph", "waiting-room", "-f", "svg"], "use mermaid or dot", "użyj mermaid albo dot"),
        (["drill", "--stage", "calm"], "unknown stage 'calm'", "nieznany etap „calm”"),
    ],
)
def test_a_wrong_value_is_a_usage_error_in_the_interface_language(runner, argv, en, pl):
    for lang, expected in (("en", en), ("pl", pl)):
        result = runner.invoke(app, argv, env={"EMPATHY_LANG": lang, "COLUMNS": "300"})
        assert result.exit_code == 2 and expected in result.stderr, (lang, result.stderr)
        assert "Traceback" not in result.output


def test_values_are_matched_regardless_of_case(runner, home):
    result = runner.invoke(app, ["log", "export", "--format", "JSON", "--kind", "Encounter"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "[]"

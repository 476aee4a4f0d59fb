"""A special file (FIFO, device) in a content folder is skipped with a warning that names
its type in the interface language (the names the E013 problem uses)."""

from __future__ import annotations

import os

import pytest

from empathy_cli.cli.app import app
from empathy_cli.i18n.safety import file_kind

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.mark.parametrize(
    "lang, name",
    [("pl", "potok FIFO"), ("en", "FIFO")],
)
def test_a_fifo_in_a_content_folder_is_named_in_the_interface_language(runner, home, tmp_path, environ, lang, name):
    folder = tmp_path / "content"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    environ["EMPATHY_PLAYBOOKS"] = str(folder)
    res = runner.invoke(app, ["--lang", lang, "scenarios", "list"])
    assert res.exit_code == 0, res.output
    warning = next(line for line in res.stderr.splitlines() if "pipe.yaml" in line)
    assert f"({name})" in warning
    if lang == "pl":
        assert "pominięto" in warning and "FIFO)" not in warning.replace("potok FIFO)", "")


def test_every_file_type_has_a_polish_name():
    for kind, polish in [
        ("FIFO", "potok FIFO"),
        ("character device", "urządzenie znakowe"),
        ("block device", "urządzenie blokowe"),
        ("socket", "gniazdo"),
        ("special file", "plik specjalny"),
    ]:
        assert file_kind(kind, "pl") == polish
        assert file_kind(kind, "en") == kind

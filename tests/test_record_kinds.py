"""A saved record whose `kind` is not text (a damaged or hand-edited file) is a record of
no known kind: left out of what reads typed records, never an internal error."""

from __future__ import annotations

import json
import os

import pytest

from empathy_cli.cli.app import app
from empathy_cli.records.model import EncounterRecord, load


@pytest.mark.parametrize("kind", [["encounter"], {"encounter": 1}, None, 3])
def test_a_kind_that_is_not_text_loads_as_no_record(kind):
    assert load({"kind": kind, "version": 2}) is None


def test_a_known_kind_still_loads():
    assert isinstance(load({"kind": "encounter", "version": 2}), EncounterRecord)


def test_progress_leaves_out_a_record_whose_kind_is_a_list(runner, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir(mode=0o700)
    path = folder / "20240101-100000-x.json"
    path.write_text(json.dumps({"kind": ["encounter"], "version": 2, "started_at": "2024-01-01T10:00:00+00:00"}), encoding="utf-8")
    os.chmod(path, 0o600)
    res = runner.invoke(app, ["progress", "--out", str(folder), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["encounters"]["count"] == 0

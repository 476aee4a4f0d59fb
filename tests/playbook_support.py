"""A minimal valid playbook written to a folder, with the `signals:` and phrases to avoid a
test needs: for the tests of the wording check and of what the judge keeps."""

from __future__ import annotations

from pathlib import Path

from empathy_cli.content.loader import load_file

TEMPLATE = """\
kind: playbook
id: {id}
lang: en
title: {id}
stages:
  - id: listen
    title: Listen
    goal: Listen.
  - id: empathize
    title: Empathize
    goal: Empathize.
    phrases:
      - text: "I can see this matters to you."
{avoid}
  - id: solve
    title: Solve
    goal: Solve.
  - id: escalate
    title: Escalate
    goal: Escalate.
  - id: document
    title: Document
    goal: Document.
{signals}
"""


def write_playbook(folder: Path, pid: str, signals: str = "", avoid: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{pid}.yaml"
    path.write_text(TEMPLATE.format(id=pid, signals=signals, avoid=avoid), encoding="utf-8")
    return path


def load_playbook(folder: Path, pid: str, signals: str = "", avoid: str = "") -> object:
    loaded = load_file(write_playbook(folder, pid, signals, avoid))
    assert loaded.content is not None, loaded.problems
    return loaded.content

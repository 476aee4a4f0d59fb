"""Every literal message key used in the code exists in the English catalogue."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from empathy_cli.runtime import current

SRC = Path(__file__).resolve().parent.parent / "src" / "empathy_cli"
LITERAL = re.compile(r"""i18n\.t\(\s*["']([a-z_]+)\.([A-Za-z0-9_.]+)["']""")


# A module-local shortcut such as `def _t(key): return i18n.t(f"encounter.{key}")`.
SHORTCUT = re.compile(r"""def (_?t)\(key[^)]*\)[^:]*:\s*(?:\"\"\"[^\"]*\"\"\"\s*)?(?:from \.\. import i18n\s*)?return i18n\.t\(f["']([a-z_]+)\.\{key\}""")
LAMBDA = re.compile(r"""(_?t) = lambda key[^:]*: i18n\.t\(f["']([a-z_]+)\.\{key\}""")


def test_literal_keys_exist():
    missing = []
    checked = 0
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        uses = [(area, name) for area, name in LITERAL.findall(text)]
        for fn, area in SHORTCUT.findall(text) + LAMBDA.findall(text):
            uses += [(area, name) for name in re.findall(rf"""(?<![\w.]){fn}\(\s*["']([A-Za-z0-9_.]+)["']""", text)]
        for area, name in uses:
            if name.endswith("."):
                continue  # a prefix completed at run time: `_t("signal." + kind)`
            checked += 1
            module = importlib.import_module(f"empathy_cli.i18n.{area}")
            if name not in module.EN:
                missing.append(f"{path.relative_to(SRC)}: {area}.{name}")
    assert not missing, "\n".join(missing)
    assert checked > 100  # the scan really found the code's messages


def test_unexpected_errors_are_one_line_with_a_crash_report(runner, monkeypatch, home):
    from empathy_cli.cli import playbooks
    from empathy_cli.cli.app import app

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("empathy_cli.ui.tables.print_table", boom)
    result = runner.invoke(app, ["playbooks", "list"])
    assert result.exit_code == 1
    assert "internal error (RuntimeError: simulated bug)" in result.stderr
    assert "Traceback" not in result.output

    crash = Path(current().env["EMPATHY_CACHE"]) / "crash.log"
    assert "simulated bug" in crash.read_text()
    del playbooks

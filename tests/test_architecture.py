"""The shape of the house, checked: one definition per fact, thin commands, clean layers.

These read the source (with `ast`), so a regression names the file and line.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "empathy_cli"


def _py(*parts: str) -> list[Path]:
    return sorted((SRC.joinpath(*parts)).rglob("*.py"))


@functools.lru_cache(maxsize=None)
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for all the tests here (they only read it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _literal_tuples(path: Path) -> list[tuple[int, tuple]]:
    """Every tuple/list/set literal of plain strings in a module, with its line."""
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            out.append((node.lineno, tuple(e.value for e in node.elts)))  # type: ignore[attr-defined]
    return out


def test_stages_outcomes_and_verdicts_are_defined_once():
    from empathy_cli import vocab

    facts = {"stages": set(vocab.STAGES), "outcomes": set(vocab.ENDING_OUTCOMES), "verdicts": set(vocab.VERDICTS), "signals": set(vocab.SIGNAL_KINDS)}
    repeats = []
    for path in _py():
        if path.name == "vocab.py":
            continue
        for line, values in _literal_tuples(path):
            for name, fact in facts.items():
                if len(values) >= 3 and fact <= set(values):
                    repeats.append(f"{path.relative_to(SRC)}:{line}: {name}")
    assert not repeats, "defined again outside vocab.py:\n" + "\n".join(repeats)


def test_one_similarity_helper():
    pattern = re.compile(r"len\(\w+ & \w+\) / len\(\w+ \| \w+\)")
    hits = [f"{p.relative_to(SRC)}" for p in _py() if p.name != "vocab.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert not hits, hits


def test_one_best_choice_key():
    pattern = re.compile(r"key=lambda \w+: \(-?\w+\.score, -?\w+\.mood\)")
    hits = [f"{p.relative_to(SRC)}" for p in _py() if pattern.search(p.read_text(encoding="utf-8"))]
    assert not hits, hits


def test_only_the_runtime_reads_the_environment():
    """Settings come from `runtime.current()`; no module reads or writes os.environ."""
    hits = []
    for path in _py():
        if path.name == "runtime.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "os.environ" in line or "os.getenv" in line:
                hits.append(f"{path.relative_to(SRC)}:{n}")
    assert not hits, hits


def test_no_cli_state_and_no_interface_language_global():
    from empathy_cli import i18n
    from empathy_cli.cli import common

    assert not hasattr(common, "state") and not hasattr(i18n, "_lang")


def _long_functions(folder: str, limit: int) -> list[str]:
    out = []
    for path in _py(folder):
        for node in ast.walk(_tree(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # the body, from the first statement after the signature and docstring
                body = (
                    node.body[1:]
                    if node.body and isinstance(node.body[0], ast.Expr) and isinstance(getattr(node.body[0], "value", None), ast.Constant)
                    else node.body
                )
                if not body:
                    continue
                length = (node.end_lineno or 0) - body[0].lineno + 1
                if length > limit:
                    out.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({length} lines)")
    return out


def test_commands_are_thin():
    """No function in cli/ has a body longer than 40 lines: commands parse options and call a use-case."""
    assert not _long_functions("cli", 40), _long_functions("cli", 40)


def test_only_the_cache_module_reads_or_writes_cache_files():
    """The cache folder is found (`paths.cache_dir`, EMPATHY_CACHE) only by the runtime and
    the cache module; everything else goes through `cache` (load/save, readable_database/
    save_database), whose folder check refuses a folder others can write. The crash report
    is the one other writer, and it asks `cache.folder()` too."""
    allowed = {SRC / "cache.py", SRC / "paths.py", SRC / "runtime.py"}
    folder_users = {SRC / "cache.py", SRC / "cli" / "common.py"}  # the crash report
    bad = []
    for path in _py():
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("cache_dir", "user_cache_dir") and path not in allowed:
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}: {name}()")
            if name in ("folder", "location") and isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "cache" and path not in folder_users:
                bad.append(f"{path.relative_to(SRC)}:{node.lineno}: cache.{name}()")
        if path not in allowed and re.search(r"""["']EMPATHY_CACHE["']""", text):
            bad.append(f"{path.relative_to(SRC)}: reads EMPATHY_CACHE")
        if path != SRC / "cache.py" and re.search(r"""\.sqlite["']""", text):
            bad.append(f"{path.relative_to(SRC)}: names a cache database file")
    assert not bad, "cache files outside the cache module:\n" + "\n".join(bad)


#: Engines still translating their own words, to be moved to the edge like the others
#: (issue 10): none left, and the list stays empty.
STILL_TRANSLATING: set[str] = set()


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a module, relative ones resolved within the package."""
    out = []
    package = path.relative_to(SRC.parent).with_suffix("").parts[:-1]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out += [(node.lineno, f"{module}.{a.name}" if not node.module or node.level else module) for a in node.names]
    return out


def test_engines_say_ids_and_translate_nothing():
    """`coach/` returns what it means (`localtext` ids and parameters, content's own words);
    `ui/` and the records renderers translate. It imports no i18n, and no terminal code."""
    found = []
    for path in _py("coach"):
        name = str(path.relative_to(SRC))
        for line, module in _imports(path):
            top = module.split(".")[0]
            if top in ("typer", "rich", "questionary", "prompt_toolkit"):
                found.append(f"{name}:{line}: {module}")
            if (module == "empathy_cli.i18n" or module.startswith("empathy_cli.i18n.")) and name not in STILL_TRANSLATING:
                found.append(f"{name}:{line}: {module}")
    assert not found, "coach/ must not translate or touch the terminal:\n" + "\n".join(found)
    still = {str(p.relative_to(SRC)) for p in _py("coach") if any(m == "empathy_cli.i18n" or m.startswith("empathy_cli.i18n.") for _, m in _imports(p))}
    assert still <= STILL_TRANSLATING, still

"""`empathy phrases`: the phrase index (search, cache) and the command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from empathy_cli.coach import phrases as engine
from empathy_cli.content.library import load_library
from empathy_cli.runtime import current

REPO = Path(__file__).resolve().parent.parent


#: The built-in index, shared by the tests that only search it: see `_builtin`.
_BUILTIN: list = []


@pytest.fixture(autouse=True)
def _builtin(builtin_phrases):
    _BUILTIN[:] = [builtin_phrases]


def index(extra=(), use_cache=True):
    """The built-in phrase index (built once); with `extra` folders, opened through the
    cache of this test, as a run opens it."""
    if not extra and use_cache:
        return _BUILTIN[0]
    extra = [Path(p) for p in extra]
    return engine.open_index(extra, lambda: load_library(extra), use_cache=use_cache)


def find(text="", extra=(), **filters):
    filters.setdefault("limit", 10)
    return engine.search(index(extra), engine.Query(text, **filters))


PLAYBOOK = """\
kind: playbook
id: {id}
lang: {lang}
title: "{title}"
stages:
  - id: listen
    title: Listen
    goal: Listen first.
    phrases:
      - text: "{text}"
        tags: [{tags}]
  - id: empathize
    title: Empathize
    goal: Name the feeling.
  - id: solve
    title: Solve
    goal: Offer options.
    phrases:
      - text: "We can book you in with the zebra specialist tomorrow."
        tags: [follow_up]
    avoid:
      - text: "Nothing we can do about zebras."
        instead: "We can book you in with the zebra specialist tomorrow."
        kind: dismissal
  - id: escalate
    title: Escalate
    goal: Bring help.
  - id: document
    title: Document
    goal: Write it down.
tags:
  - id: follow_up
    label: follow-up
    words: [next step, zebra appointment]
"""


@pytest.fixture
def mine(tmp_path, monkeypatch, small_builtin):
    """A folder with one small playbook of our own, passed like --playbooks; the built-in
    content is the small one (conftest.SMALL_BUILTIN), so each new index builds fast."""
    monkeypatch.setattr("empathy_cli.paths.builtin_playbooks", lambda: small_builtin)

    def make(text="Tell me about the quokka, from the beginning.", tags="communication", id="mine", lang="en", title="Mine", name="mine.yaml"):
        folder = tmp_path / "books"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(PLAYBOOK.format(id=id, lang=lang, title=title, text=text, tags=tags), encoding="utf-8")
        return folder

    return make


# --------------------------------------------------------------------------- search


def test_word_starts_match_case_and_accent_insensitively():
    en = find("FRUSTR", lang="en")
    assert en and all("frustr" in (h.text.lower() + " ".join(h.tags)) for h in en)
    assert any("frustrating" in h.text for h in en)
    pl = find("frustr", lang="pl")
    assert pl and all(h.lang == "pl" for h in pl)
    assert any("frustrujące" in h.text.lower() for h in pl)
    # accents are optional both ways
    assert [h.text for h in find("frustrujace", lang="pl")] == [h.text for h in find("frustrujące", lang="pl")]


def test_polish_tag_words_find_phrases_tagged_in_english():
    hits = find("zwrot", lang="pl")
    assert hits
    assert "refund" in hits[0].tags
    assert all(h.lang == "pl" for h in hits)
    assert "zwrot pieniędzy" in hits[0].tag_labels


def test_best_matches_come_first():
    hits = find("refund", lang="en", limit=0)
    assert hits[0].score >= hits[-1].score
    assert "refund" in hits[0].tags and "refund" in hits[0].text.lower()
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_more_query_words_matched_rank_higher():
    hits = find("waiting angry", lang="en", limit=0)
    both = [h for h in hits if "waiting" in h.tags and "anger" in h.tags]
    assert hits and (not both or hits[0] in both or hits[0].score >= both[0].score)


@pytest.mark.parametrize("typo,expect", [("frustratd", "frustration"), ("refnd", "refund"), ("wiating", "waiting")])
def test_a_small_typo_still_finds_something(typo, expect):
    hits = find(typo, lang="en")
    assert hits, typo
    assert any(expect in h.tags for h in hits)


def test_stage_words_match_the_stage():
    hits = find("empathize", lang="en", limit=0)
    assert hits and {h.stage for h in hits} == {"empathize"}


def test_filters():
    assert {h.stage for h in find(lang="en", stage="solve", limit=0)} == {"solve"}
    assert all("waiting" in h.tags for h in find(lang="en", tag="waiting", limit=0))
    assert {h.playbook for h in find(lang="en", playbook="patient-care", limit=0)} == {"patient-care"}
    assert len(find(lang="en", limit=3)) == 3
    langs = {h.lang for h in find("refund", limit=0)}
    assert langs == {"en", "pl"}  # no language filter: every language (--all-langs)
    assert find("frustr", lang="en", stage="document") == [] or all(h.stage == "document" for h in find("frustr", lang="en", stage="document"))


def test_no_query_lists_in_playbook_order():
    hits = find(lang="en", limit=5)
    assert len(hits) == 5
    assert all(h.score == 0 for h in hits)


def test_random_pick_is_repeatable_with_a_seed():
    idx = index()
    q = engine.Query("", lang="en")
    picks = {engine.random_pick(idx, q, seed=42).text for _ in range(3)}
    assert len(picks) == 1
    assert engine.random_pick(idx, engine.Query("xqzzyq", lang="en"), seed=1) is None


def test_nearest_tags_for_a_miss():
    idx = index()
    assert find("xqzzyq", lang="en") == []
    assert engine.nearest_tags(idx, "refu", "en")[0][0] == "refund"
    popular = engine.nearest_tags(idx, "xqzzyq", "en")
    assert popular and all(isinstance(t, str) for t, _ in popular)
    assert engine.nearest_tags(idx, "zwrt", "pl")[0] == ("refund", "zwrot pieniędzy")


def test_avoided_phrasings_are_attached_to_the_phrase_they_point_to(mine):
    folder = mine()
    hits = find("zebra", extra=[folder], lang="en")
    assert hits[0].text == "We can book you in with the zebra specialist tomorrow."
    assert hits[0].avoid == ("Nothing we can do about zebras.",)


def test_user_tag_vocabulary_is_searched(mine):
    folder = mine()
    hits = find("next step", extra=[folder], lang="en", playbook="mine")
    assert [h.text for h in hits] == ["We can book you in with the zebra specialist tomorrow."]


def test_the_search_path_matches_the_librarys(environ, tmp_path, monkeypatch):
    from empathy_cli.content.library import search_path

    a, b = tmp_path / "a", tmp_path / "b"
    environ["EMPATHY_PLAYBOOKS"] = f"{a}{os.pathsep}{b}"
    extra = [tmp_path / "c"]
    assert engine.search_folders(extra) == [str(f.path) for f in search_path(extra)]


def test_stage_ids_match_the_models():
    from empathy_cli.cli.phrases import STAGES as CLI_STAGES
    from empathy_cli.content.models import STAGE_IDS
    from empathy_cli.ui.phrases_view import STAGES as VIEW_STAGES

    assert engine.STAGES == CLI_STAGES == VIEW_STAGES == STAGE_IDS


# --------------------------------------------------------------------------- the cache


def test_the_index_is_cached_and_reused(mine):
    folder = mine()
    first = index([folder])
    assert first.fresh
    second = index([folder])
    assert not second.fresh
    assert len(second) == len(first)
    assert engine.search(second, engine.Query("quokka")) and engine.search(second, engine.Query("quokka"))[0].playbook == "mine"


def test_a_changed_file_rebuilds_the_index(mine):
    folder = mine()
    assert find("quokka", extra=[folder])
    mine(text="Tell me about the wombat, from the beginning.")
    path = folder / "mine.yaml"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # a new stamp even on coarse clocks
    idx = index([folder])
    assert idx.fresh
    assert engine.search(idx, engine.Query("wombat"))
    assert not engine.search(idx, engine.Query("quokka"))


def test_added_and_removed_files_never_leave_a_stale_index(mine):
    folder = mine()
    index([folder])
    mine(text="The capybara is here.", id="other", name="other.yaml")
    assert index([folder]).fresh
    assert find("capybara", extra=[folder])
    (folder / "other.yaml").unlink()
    # the index of exactly the files left (the first one, kept in the cache, or a new one)
    idx = index([folder])
    assert not any(path.endswith("other.yaml") for path, _, _ in engine._stamps_of(idx)[1])
    assert not engine.search(idx, engine.Query("capybara"))
    assert not find("capybara", extra=[folder])


def test_search_paths_with_the_same_content_share_one_index(mine, tmp_path):
    folder = mine()
    first = index([folder])
    assert first.fresh
    empty = tmp_path / "empty"
    empty.mkdir()
    again = index([folder, empty])  # a folder with no content adds nothing to build
    assert not again.fresh
    assert engine.cache_file(engine.search_folders([folder])) == engine.cache_file(engine.search_folders([folder, empty]))
    mine(text="The capybara is here.", id="other", name="other.yaml")
    assert index([folder, empty]).fresh  # but new content does


def _cache(folder) -> Path:
    return engine.cache_file(engine.search_folders([folder]))


@pytest.mark.parametrize("damage", ["garbage", "truncate", "empty", "flip-version", "flip-app-id", "flip-record", "foreign-db"])
def test_a_damaged_or_foreign_cache_is_never_trusted(mine, damage):
    folder = mine()
    expected = [h.text for h in find("quokka", extra=[folder])]
    cache = _cache(folder)
    assert cache.read_bytes().startswith(b"SQLite format 3\x00")  # data only: an SQLite database
    data = bytearray(cache.read_bytes())
    if damage == "garbage":
        data = bytearray(b"\x00not an index at all" * 10)
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    elif damage == "flip-version":
        data[60 + 3] ^= 0xFF  # PRAGMA user_version
    elif damage == "flip-app-id":
        data[68 + 3] ^= 0xFF  # PRAGMA application_id
    elif damage == "flip-record":
        at = data.find(b"Tell me about the quokka")
        assert at > 0
        data[at + 2] ^= 0x20  # a letter of the stored phrase changes case
    elif damage == "foreign-db":
        import sqlite3

        cache.unlink()
        db = sqlite3.connect(cache)
        db.execute("CREATE TABLE phrase(text)")
        db.commit()
        db.close()
        data = bytearray(cache.read_bytes())
    cache.write_bytes(bytes(data))
    if damage == "flip-record":
        damaged = engine.read_index(cache)
        assert damaged is not None  # the file looks fine: the damage shows when the record is read
        with pytest.raises(engine.CorruptIndex):
            engine.search(damaged, engine.Query("quokka"))
        damaged.close()
    else:
        assert engine.read_index(cache) is None
    q = engine.Query("quokka")
    idx, hits = engine.lookup([folder], lambda: load_library([folder]), q)
    assert [h.text for h in hits] == expected
    # and the cache is sound again
    fresh = engine.read_index(cache)
    assert fresh is not None
    assert [h.text for h in engine.search(fresh, engine.Query("quokka"))] == expected


def test_a_cache_from_another_version_is_ignored(mine, monkeypatch):
    folder = mine()
    index([folder])
    monkeypatch.setattr(engine, "_VERSION", "another/version")
    assert engine.read_index(_cache(folder)) is None
    assert index([folder]).fresh


def test_the_cache_lives_in_the_cache_folder(environ, mine, tmp_path, monkeypatch):
    environ["EMPATHY_CACHE"] = str(tmp_path / "my-cache")
    folder = mine()
    index([folder])
    assert _cache(folder).parent == tmp_path / "my-cache"
    assert _cache(folder).is_file()


def test_an_unwritable_cache_folder_only_costs_speed(environ, mine, tmp_path, monkeypatch):
    folder = mine()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    environ["EMPATHY_CACHE"] = str(blocked)
    assert find("quokka", extra=[folder])


# --------------------------------------------------------------------------- the command


def run(runner, *args):
    from empathy_cli.cli.app import app

    return runner.invoke(app, list(args))


def test_cli_lists_phrases_grouped_by_stage(runner):
    result = run(runner, "phrases", "frustrating")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Empathize" in out
    assert "aesthetic-clinic" in out and "frustration" in out
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0] in ("Listen", "Empathize", "Solve", "Escalate", "Document")


def test_cli_limit_and_all_langs(runner):
    result = run(runner, "phrases", "refund", "--all-langs", "--limit", "0", "--json")
    data = json.loads(result.stdout)
    assert {d["lang"] for d in data} == {"en", "pl"}
    assert len(json.loads(run(runner, "phrases", "refund", "-n", "2", "--json").stdout)) == 2


def test_cli_json_shape(runner):
    result = run(runner, "phrases", "zwrot", "--lang", "pl", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert isinstance(data, list) and data
    assert set(data[0]) >= {"text", "stage", "playbook", "lang", "tags", "avoid"}
    assert data[0]["lang"] == "pl" and "refund" in data[0]["tags"]


def test_cli_default_language_is_the_interface_language(environ, runner, monkeypatch):
    environ["EMPATHY_LANG"] = "pl"
    data = json.loads(run(runner, "phrases", "--json", "-n", "3").stdout)
    assert {d["lang"] for d in data} == {"pl"}
    result = run(runner, "phrases", "xqzzyq")
    assert "Żaden zwrot" in result.stderr


def test_cli_unknown_interface_language_falls_back_to_english(environ, runner, monkeypatch):
    environ["LANG"] = "de_DE.UTF-8"
    data = json.loads(run(runner, "phrases", "--json", "-n", "2").stdout)
    assert {d["lang"] for d in data} == {"en"}
    result = run(runner, "phrases", "--lang", "de")
    assert result.exit_code == 1
    assert "de" in result.stderr


def test_cli_no_match_suggests_tags_and_exits_1(runner):
    result = run(runner, "phrases", "refu", "--tag", "pain")
    assert result.exit_code == 1
    assert "No phrases match" in result.stderr
    assert "refund" in result.stderr
    result = run(runner, "phrases", "xqzzyq", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_cli_random_with_seed(runner):
    a = run(runner, "phrases", "--random", "--seed", "7", "--json")
    b = run(runner, "phrases", "--random", "--seed", "7", "--json")
    assert a.exit_code == 0
    assert json.loads(a.stdout) == json.loads(b.stdout)
    assert len(json.loads(a.stdout)) == 1


@pytest.mark.parametrize("args", [["--stage", "dance"], ["--limit", "-1"]])
def test_cli_bad_options_are_usage_errors(runner, args):
    result = run(runner, "phrases", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_cli_unknown_playbook(runner):
    result = run(runner, "phrases", "--playbook", "nope")
    assert result.exit_code == 1
    assert "aesthetic-clinic" in result.stderr


def test_cli_missing_playbooks_folder(runner, tmp_path):
    result = run(runner, "--playbooks", str(tmp_path / "missing"), "phrases", "x")
    assert result.exit_code == 2


def test_cli_prints_content_literally(runner, mine):
    folder = mine(text="[bold red]quokka[/] \\x1b[2J time")
    result = run(runner, "--playbooks", str(folder), "phrases", "quokka")
    assert result.exit_code == 0, result.output
    assert "[bold red]quokka[/]" in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\x1b[2J" in result.stdout


def test_cli_warns_about_broken_files_on_cold_and_warm_runs(runner, mine):
    folder = mine()
    (folder / "broken.yaml").write_text("kind: playbook\nid: [\n", encoding="utf-8")
    for _ in range(2):
        result = run(runner, "--playbooks", str(folder), "phrases", "quokka")
        assert result.exit_code == 0
        assert "broken.yaml" in result.stderr


def test_cli_colour_only_on_request(environ, runner, monkeypatch):
    environ.pop("NO_COLOR")
    environ["EMPATHY_COLOR"] = "always"
    result = run(runner, "phrases", "frustr")
    assert "\x1b[" in result.stdout


def test_cli_avoid_lines(runner, mine):
    folder = mine()
    result = run(runner, "--playbooks", str(folder), "phrases", "zebra")
    assert "instead of: “Nothing we can do about zebras.”" in result.stdout


def test_warm_run_imports_nothing_heavy(tmp_path):
    """`empathy phrases WORD` with a warm cache: no YAML, Rich, questionary, content
    models or library (the light search-path module only), or pickle. (json is allowed:
    the language detector's trigram table is a JSON data file.)"""
    code = (
        "import sys\n"
        "from empathy_cli.cli.app import main\n"
        "sys.argv = ['empathy', 'phrases', 'frustr']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('yaml', 'rich', 'questionary', 'pickle')"
        " or (m.startswith('empathy_cli.content.') and m != 'empathy_cli.content.searchpath')]\n"
        "sys.stderr.write('HEAVY=' + ','.join(sorted(heavy)))\n"
    )
    env = {**current().env, "EMPATHY_HOME": str(tmp_path / "h"), "EMPATHY_CACHE": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)  # cold: builds the caches
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "HEAVY=" in proc.stderr, proc.stderr
    assert proc.stderr.split("HEAVY=")[1].strip() == ""

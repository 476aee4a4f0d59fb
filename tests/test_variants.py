"""Persona variants: a scenario persona may declare variants (temperament, starting mood,
alternative lines); each rehearsal plays one, picked by its seed or forced with --variant;
the record and the journal keep the variant and the seed, so any run replays exactly."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from empathy_cli import i18n
from empathy_cli.cli.app import app
from empathy_cli.coach.rehearsal import Rehearsal, UnknownVariant, pick_variant, round_away

BUILTIN = Path(__file__).resolve().parent.parent / "playbooks"
SCENARIO = "delayed-appointment"  # a built-in scenario with variants standard, reserved, volatile


@pytest.fixture(scope="module")
def lib(content_of):
    return content_of()


def make(lib, lang="en", scenario=SCENARIO, **kw) -> Rehearsal:
    sc = lib.get("scenario", scenario, lang).content
    pb = lib.get("playbook", sc.playbook, lang)
    i18n.set_lang(lang)
    return Rehearsal(sc, pb.content if pb else None, **kw)


def play(r: Rehearsal, limit: int = 30) -> list[dict]:
    """A fixed policy (the k-th offered reply at the k-th step, cycling): the same moves for
    every run, whatever the variant does to the path."""
    for k in range(limit):
        node = r.node
        if node is None:
            break
        offered = r.offered(node)
        r.reply(offered[k % len(offered)].id)
    return [dataclasses.asdict(t) for t in r.state.transcript]


# --------------------------------------------------------------------------- the pick


def test_builtin_scenarios_declare_variants_in_both_languages(lib):
    for lang in ("en", "pl"):
        with_variants = [e.content for e in lib.scenarios(lang) if e.content.persona.variants]
        assert len(with_variants) >= 4, lang
        for sc in with_variants:
            ids = [v.id for v in sc.persona.variants]
            assert {"reserved", "volatile"} <= set(ids), sc.id
            assert any(v.lines for v in sc.persona.variants), sc.id


def test_the_same_seed_replays_the_same_variant_and_lines(lib):
    for seed in (3, 11, 2024):
        first, second = make(lib, seed=seed), make(lib, seed=seed)
        assert first.variant is not None and first.variant.id == second.variant.id
        assert play(first) == play(second)  # same lines, moods, reactions and path
        assert first.record()["variant"] == second.record()["variant"] == first.variant.id


def test_different_seeds_give_different_variants(lib):
    sc = make(lib, seed=0).scenario
    picks = {seed: pick_variant(sc, seed).id for seed in range(40)}
    assert set(picks.values()) == {v.id for v in sc.persona.variants}  # every variant comes up
    # and the pick is what a rehearsal with that seed plays
    assert all(make(lib, seed=seed).variant.id == picked for seed, picked in list(picks.items())[:6])
    # a seeded run under one variant and under another take different turns
    by_variant: dict[str, list[dict]] = {}
    for seed, picked in picks.items():
        by_variant.setdefault(picked, play(make(lib, seed=seed)))
    runs = list(by_variant.values())
    assert any(a != b for a in runs for b in runs)


def test_variant_option_forces_one_and_an_unknown_one_is_refused(lib):
    seed = next(s for s in range(50) if pick_variant(make(lib, seed=0).scenario, s).id != "volatile")
    assert make(lib, seed=seed, variant="volatile").variant.id == "volatile"
    with pytest.raises(UnknownVariant) as exc:
        make(lib, seed=seed, variant="volatle")
    assert exc.value.known == "standard, reserved, volatile"
    with pytest.raises(UnknownVariant) as exc:  # a scenario without variants takes none
        make(lib, scenario="billing-phone-dispute", seed=1, variant="volatile")
    assert exc.value.known == ""
    assert make(lib, scenario="billing-phone-dispute", seed=1).variant is None


# --------------------------------------------------------------------------- what a variant does


@pytest.mark.parametrize("variant", ["standard", "reserved", "volatile"])
def test_temperament_scales_each_mood_change_before_rounding(lib, variant):
    r = make(lib, seed=5, variant=variant)
    v = r.variant
    assert r.state.mood == (v.mood if v.mood is not None else r.scenario.persona.mood)
    node = r.node
    for choice in r.offered(node):
        probe = make(lib, seed=5, variant=variant)
        turn = probe.reply(choice.id)
        expected = max(0, min(10, turn.mood_before + round_away(choice.mood * v.temperament)))
        assert turn.mood_after == expected, (variant, choice.id, choice.mood)
        if choice.mood:  # a change never rounds to nothing, and keeps its direction
            assert (turn.mood_after - turn.mood_before) * choice.mood > 0 or turn.mood_after in (0, 10)


def test_temperament_values_as_documented():
    # 0.6: +3 → +2, +2 → +1, -2 → -1, +1 → +1; 1.4: +3 → +4, +2 → +3, -2 → -3, -1 → -1.
    assert [round_away(d * 0.6) for d in (3, 2, -2, 1, 0)] == [2, 1, -1, 1, 0]
    assert [round_away(d * 1.4) for d in (3, 2, -2, -1, 0)] == [4, 3, -3, -1, 0]


def test_alternative_lines_replace_what_the_client_says(lib):
    r = make(lib, seed=1, variant="volatile")
    line = r.variant.line(r.scenario.start)
    node = r.node
    assert line is not None and line.say != node.say
    texts = [x for m in r.node_messages() for x in m.lines]
    assert line.say in texts and node.say not in texts
    assert line.narration in texts and node.narration not in texts
    turn = r.reply(r.offered(node)[0].id)
    assert turn.client == line.say
    plain = make(lib, seed=1, variant="standard")
    assert plain.reply(plain.offered(node)[0].id).client == node.say


def test_the_record_says_which_variant_and_seed(lib):
    from empathy_cli.records.rehearsal_md import render

    r = make(lib, seed=42, variant="volatile")
    play(r)
    rec = r.record()
    assert rec["variant"] == "volatile" and rec["seed"] == 42 and rec["temperament"] == 1.4
    assert rec["mood_start"] == r.variant.mood
    md = render(rec)
    assert "**Persona variant:** volatile (temperament ×1.4): Quick to flare" in md
    assert "**Seed:** 42 (--seed 42 plays the same variant and reactions again)" in md
    pl = make(lib, lang="pl", seed=42, variant="reserved")
    play(pl)
    md = render(pl.record())
    assert "**Wariant postaci:** reserved (temperament ×0,6): Cicha i powściągliwa" in md
    # a scenario without variants says only the seed
    other = make(lib, scenario="billing-phone-dispute", seed=9)
    assert other.record()["variant"] is None and "Persona variant" not in render(other.record())


def test_resume_keeps_the_variant(lib):
    sc = make(lib, seed=0).scenario
    seed = next(s for s in range(50) if pick_variant(sc, s).id == "standard")
    r = make(lib, seed=seed, variant="volatile")
    r.reply(r.offered(r.node)[0].id)
    data = json.loads(json.dumps(r.snapshot()))
    assert data["variant"] == "volatile" and data["seed"] == seed
    back = Rehearsal.resume(r.scenario, r.playbook, data)
    assert back.variant.id == "volatile" and back.temperament == 1.4  # not the seed's pick
    assert back.client_line(back.node) == r.client_line(r.node)
    # a variant the scenario no longer has: the journal cannot be resumed
    with pytest.raises(ValueError, match="variant 'gone'"):
        Rehearsal.resume(r.scenario, r.playbook, {**data, "variant": "gone"})
    with pytest.raises(ValueError, match="damaged journal"):
        Rehearsal.resume(r.scenario, r.playbook, {**data, "variant": 7})


# --------------------------------------------------------------------------- the command


def records(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def test_rehearse_variant_option_seed_and_resume(runner, tmp_path, monkeypatch):
    from empathy_cli.ui.scripted import ScriptedPrompter

    out = tmp_path / "records"
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "- choice: apologise-ask\n- choice: open-what-matters\n- choice: name-feeling\n- choice: honest-reason\n- choice: three-options\n"
        "- choice: first-slot\n- choice: write-it-down\n",
        encoding="utf-8",
    )
    base = ["rehearse", SCENARIO, "--lang", "en", "--out", str(out), "--answers", str(answers)]
    result = runner.invoke(app, [*base, "--variant", "reserved", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "Persona variant: reserved (temperament ×0.6)" in result.output
    (rec,) = records(out)
    assert rec["variant"] == "reserved" and rec["seed"] == 5 and rec["outcome"] == "resolved"

    result = runner.invoke(app, [*base, "--variant", "volatle"])
    assert result.exit_code == 2 and "has no persona variant 'volatle' (its variants: standard, reserved, volatile)" in result.stderr
    result = runner.invoke(app, [*base, "--resume", "--variant", "volatile"])
    assert result.exit_code == 2 and "--variant does not go with --resume" in result.stderr

    # interrupted, then resumed: the variant it started with stays
    real_ask = ScriptedPrompter.ask

    def ask(self, question):
        if question.id == "options":
            raise KeyboardInterrupt
        return real_ask(self, question)

    monkeypatch.setattr(ScriptedPrompter, "ask", ask)
    result = runner.invoke(app, [*base, "--variant", "volatile", "--seed", "8"])
    assert result.exit_code == 130, result.output
    (journal,) = (out / ".journal").glob("*.json")
    assert json.loads(journal.read_text(encoding="utf-8"))["variant"] == "volatile"
    monkeypatch.setattr(ScriptedPrompter, "ask", real_ask)
    rest = tmp_path / "rest.yaml"
    rest.write_text("- choice: three-options\n- choice: first-slot\n- choice: write-it-down\n", encoding="utf-8")
    result = runner.invoke(app, ["rehearse", "--resume", "--out", str(out), "--answers", str(rest)])
    assert result.exit_code == 0, result.output
    latest = [r for r in records(out) if r["seed"] == 8]
    assert [r["variant"] for r in latest] == ["volatile"]


# --------------------------------------------------------------------------- validate and schema


def _copy(tmp_path: Path, edit) -> Path:
    text = (BUILTIN / "en" / "scenarios" / f"{SCENARIO}.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir(exist_ok=True)
    path = folder / f"{SCENARIO}.yaml"
    path.write_text(edit(text), encoding="utf-8")
    return path


def _line_of(path: Path, pattern: str) -> tuple[int, int]:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.search(pattern, line)
        if m:
            return i, m.start() + 1
    raise AssertionError(pattern)


def test_validate_catches_bad_variants(runner, tmp_path):
    def edit(text: str) -> str:
        text = text.replace("        - node: ignored\n", "        - node: ignord\n", 1)
        text = text.replace("    - id: volatile\n      temperament: 1.4\n", "    - id: reserved\n      temperament: 1.4\n", 1)
        return text + '  - name: "pinned to a misspelt variant"\n    variant: volatle\n    steps:\n      - choice: apologise-ask\n    ending: resolved\n'

    file = _copy(tmp_path, edit)
    result = runner.invoke(app, ["validate", str(file)])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    line, col = _line_of(file, r"(?<=node: )ignord")
    assert f"{file}:{line}:{col}: persona.variants[1].lines[1].node: node 'ignord' names no node (did you mean 'ignored'?) [E312]" in out
    assert any("persona.variants[2].id: duplicate variant id 'reserved' (also persona.variants[1]) [E301]" in x for x in out)
    assert any("variant 'volatle' names no variant" in x and x.endswith("[E313]") for x in out)

    too_hot = _copy(tmp_path, lambda text: text.replace("temperament: 1.4", "temperament: 2.5", 1))
    result = runner.invoke(app, ["validate", str(too_hot)])
    assert result.exit_code == 1 and "persona.variants[2].temperament: must be between 0.5 and 1.5, not 2.5 [E105]" in result.stdout


def test_schema_describes_variants(runner):
    result = runner.invoke(app, ["schema", "scenario"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    variant = schema["$defs"]["Variant"]
    assert variant["properties"]["temperament"]["minimum"] == 0.5 and variant["properties"]["temperament"]["maximum"] == 1.5
    assert variant["required"] == ["id"]
    assert schema["$defs"]["VariantLine"]["required"] == ["node", "say"]
    assert schema["$defs"]["Persona"]["properties"]["variants"]["items"] == {"$ref": "#/$defs/Variant"}
    assert "variant" in schema["$defs"]["PinnedCase"]["properties"]


# --------------------------------------------------------------------------- scenarios test


def test_scenarios_test_plays_every_variant(runner):
    result = runner.invoke(app, ["scenarios", "test", SCENARIO, "--lang", "pl", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["scenarios"]
    assert [v["id"] for v in entry["variants"]] == ["standard", "reserved", "volatile"]
    assert all(v["states"] > 0 and v["errors"] == 0 for v in entry["variants"])
    # every unpinned case ran under each variant
    names = {c["name"] for c in entry["cases"]}
    assert {(c["name"], c["variant"]) for c in entry["cases"]} == {(n, v) for n in names for v in ("standard", "reserved", "volatile")}
    text = runner.invoke(app, ["scenarios", "test", SCENARIO, "--lang", "en", "--seed", "3"])
    assert "Persona variants, each played: standard (×1, mood 6" in text.stdout and "volatile (×1.4, mood 5" in text.stdout


def test_scenarios_test_names_the_variant_a_shock_happens_under(runner, tmp_path):
    # Volatile at its full 1.5 and from mood 6: one +3 slip takes the mood to 6 + 5 = 11 → 10.
    def edit(text: str) -> str:
        text = text.replace("temperament: 1.4\n      mood: 5", "temperament: 1.5\n      mood: 6", 1)
        return text + '  - name: "pinned to volatile"\n    variant: volatile\n    steps:\n      - choice: calm-down\n    ending: resolved\n'

    file = _copy(tmp_path, edit)
    result = runner.invoke(app, ["--playbooks", str(file.parent), "scenarios", "test", str(file), "--seed", "1", "--json"])
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["scenarios"]
    shocks = [p for p in entry["problems"] if p["code"] == "E601"]
    assert shocks and all(p["variants"] == ["volatile"] and p["message"].startswith("variant volatile: ") for p in shocks)
    pinned = [c for c in entry["cases"] if c["name"] == "pinned to volatile"]
    assert [c["variant"] for c in pinned] == ["volatile"] and not pinned[0]["passed"]
    assert any(p["code"] in ("E620", "E623") and p["variants"] == ["volatile"] for p in entry["problems"])

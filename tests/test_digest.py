"""The check's plain-data digest: same verdicts as the models, fresh after every change."""

from __future__ import annotations

from pathlib import Path

import yaml

from empathy_cli.coach.check import check_reply
from empathy_cli.content.digest import check_playbooks
from empathy_cli.content.library import load_library
from empathy_cli.runtime import current

DATA = Path(__file__).parent / "data"


def replies(lang: str) -> list[str]:
    data = yaml.safe_load((DATA / f"check_{lang}.yaml").read_text(encoding="utf-8"))
    return [item["text"] for item in data["items"]]


def test_digest_judges_exactly_like_the_models():
    lib = load_library([])
    digests = check_playbooks([], lambda: lib)
    for lang in ("en", "pl"):
        models = [e.content for e in lib.playbooks(lang)]
        assert [d.id for d in digests[lang]] == [m.id for m in models]
        for text in replies(lang):
            a, b = check_reply(text, models, lang), check_reply(text, digests[lang], lang)
            assert a.to_dict() == b.to_dict(), text


def test_digest_is_reused_then_rebuilt_when_a_file_changes(home):
    calls = []

    def loader():
        calls.append(1)
        return load_library([])

    check_playbooks([], loader)
    check_playbooks([], loader)
    assert len(calls) == 1  # the second run read the digest
    (home / "playbooks").mkdir()
    mine = (DATA / "minimal_playbook.yaml").read_text().replace("id: minimal", "id: mine")
    (home / "playbooks" / "mine.yaml").write_text(mine)
    assert "mine" in [d.id for d in check_playbooks([], loader)["en"]]
    assert len(calls) == 2


def test_damaged_digest_is_rebuilt(home):
    check_playbooks([], lambda: load_library([]))
    (digest,) = Path(current().env["EMPATHY_CACHE"]).glob("check-digest-*.json")
    digest.write_bytes(b"\x80\x05 damaged")
    assert check_playbooks([], lambda: load_library([]))["pl"]


def test_check_command_does_not_load_the_models_when_warm(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from empathy_cli.cli.app import main\n"
        "sys.argv = ['empathy', 'check', 'Calm down, it is not a big deal']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('LOADED=' + ','.join(m for m in ('empathy_cli.content.models', 'yaml', 'rich') if m in sys.modules))\n"
    )
    env = {**current().env, "EMPATHY_HOME": str(tmp_path / "h"), "EMPATHY_CACHE": str(tmp_path / "c")}
    subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)  # cold
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "Better phrasing" in proc.stdout
    assert proc.stderr.split("LOADED=")[1].strip() == ""


def _only_minimal(monkeypatch, tmp_path) -> Path:
    """Built-in content of one playbook with no phrases to avoid: a suggestion has to come
    from a stage's phrases."""
    folder = tmp_path / "builtin" / "en"
    folder.mkdir(parents=True)
    (folder / "minimal.yaml").write_text((DATA / "minimal_playbook.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("empathy_cli.paths.builtin_playbooks", lambda: folder.parent)
    return folder


def _kinds_read(monkeypatch) -> list[str]:
    from empathy_cli import cache

    read: list[str] = []
    real = cache.load

    def load(kind, *args, **kwargs):
        read.append(kind)
        return real(kind, *args, **kwargs)

    monkeypatch.setattr(cache, "load", load)
    return read


def test_phrases_are_read_only_when_a_suggestion_needs_them(monkeypatch, tmp_path):
    from empathy_cli.content import digest

    _only_minimal(monkeypatch, tmp_path)
    lib = load_library([])
    check_playbooks([], lambda: lib)  # builds and keeps both documents
    read = _kinds_read(monkeypatch)
    playbooks = check_playbooks([], lambda: lib)["en"]
    neutral = check_reply("Your appointment is at ten.", playbooks, "en")
    assert neutral.suggestions == [] and read == [digest.CACHE_KIND]
    harmful = check_reply("Calm down, it's not a big deal.", playbooks, "en")
    assert read == [digest.CACHE_KIND, digest.CACHE_KIND_PHRASES]
    models = [e.content for e in lib.playbooks("en")]
    assert harmful.to_dict() == check_reply("Calm down, it's not a big deal.", models, "en").to_dict()
    assert harmful.suggestions and harmful.suggestions[0].instead == "I can see this is frustrating."


def test_a_missing_or_damaged_phrases_document_is_rebuilt(monkeypatch, tmp_path):
    from empathy_cli.content import digest

    _only_minimal(monkeypatch, tmp_path)
    lib = load_library([])
    check_playbooks([], lambda: lib)
    (phrases,) = Path(current().env["EMPATHY_CACHE"]).glob(f"{digest.CACHE_KIND_PHRASES}-*.json")
    for damage in (b"\x80\x05 damaged", None):
        if damage is None:
            phrases.unlink()
        else:
            phrases.write_bytes(damage)
        playbooks = check_playbooks([], lambda: lib)["en"]
        result = check_reply("Calm down, it's not a big deal.", playbooks, "en")
        assert result.suggestions[0].instead == "I can see this is frustrating."
        assert phrases.is_file()  # kept again for the next run

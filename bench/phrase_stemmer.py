"""How well the search stemmer (`coach.searchtext.stem`) meets a word's inflected forms.

    python bench/phrase_stemmer.py [--lang pl|en] [--show 20]

Needs `simplemma` (a lemmatiser with its own dictionaries; `pip install simplemma`),
used here as the reference only: it is far too slow to load for the command itself.

The words are the content's own: every word of the built-in playbooks (phrase texts,
avoided wordings, tag labels and search words) of the language. simplemma groups them
by lemma; then, for the stemmer:

* conflation (recall): of the pairs of different words sharing a lemma, the share that
  get the same stem ("czekała"/"czekanie", "zwrotu"/"zwrócić");
* purity (precision): of the pairs of words sharing a stem, the share that share a
  lemma (a low figure means unrelated words are merged);
* the fixed families below, which a search should meet whatever the lemmatiser says.

Figures only, for comparing stemmer versions; not a test.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

FAMILIES = {
    "pl": [
        "czekać czekała czekają czekanie czekania czeka czekał czekam",
        "krzyczy krzyczeć krzyk krzyczała krzyczał krzyki",
        "płacze płakać płacz płakała płaczem",
        "zwrot zwrócić zwrotu zwrotem zwróci",
        "nagrywa nagrywać nagrywanie nagrywała",
        "boli ból bólu bolało",
        "skarga skargę skargi skarży",
        "opinia opinię opinii opinią",
        "kierownik kierownika kierownikiem kierownikowi",
        "wynik wyniki wyników wynikami",
        "zdenerwowany zdenerwowana zdenerwowani zdenerwowanie",
        "przeprosić przepraszam przeprosiny przeprosin",
        "dzwonić dzwoni dzwoniła dzwonił",
        "rachunek rachunku rachunkiem",
        "wizyta wizyty wizytę wizycie",
        "lekarz lekarza lekarzem lekarzowi lekarze",
    ],
    "en": [
        "wait waits waited waiting",
        "shout shouts shouted shouting",
        "cry cries cried crying",
        "refund refunds refunded refunding",
        "record records recorded recording",
        "film films filmed filming",
        "charge charges charged charging",
        "worry worries worried worrying",
        "apologise apologises apologised apology",
        "complain complains complained complaint",
        "threaten threatens threatened threatening",
        "cancel cancels cancelled cancelling cancellation",
    ],
}


def content_words(lang: str) -> set[str]:
    import yaml

    from empathy_cli.coach.searchtext import tokens

    out: set[str] = set()
    for path in sorted((REPO / "playbooks" / lang).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for stage in data.get("stages", []):
            for p in stage.get("phrases", []):
                out.update(tokens(p["text"] if isinstance(p, dict) else p))
            for a in stage.get("avoid", []) or []:
                for key in ("text", "instead"):
                    out.update(tokens(str(a.get(key, ""))))
        for tag in data.get("tags", []):
            out.update(tokens(str(tag.get("label", ""))))
            for w in tag.get("words", []) or []:
                out.update(tokens(str(w)))
    return {w for w in out if len(w) > 2 and not w.isdigit()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["pl", "en"], action="append")
    parser.add_argument("--show", type=int, default=0, help="show this many missed and merged groups")
    args = parser.parse_args()
    try:
        import simplemma
    except ImportError:
        sys.exit("phrase_stemmer: needs simplemma (pip install simplemma)")
    from empathy_cli.coach.searchtext import stem
    from empathy_cli.text import fold

    for lang in args.lang or ["pl", "en"]:
        words = content_words(lang)
        # the lemmatiser needs the accents; the content words are folded, so lemmatise
        # the accented originals where we have them
        raw: dict[str, str] = {}
        for path in sorted((REPO / "playbooks" / lang).glob("*.yaml")):
            import re

            for m in re.finditer(r"[^\W\d_]+", path.read_text(encoding="utf-8")):
                raw.setdefault(fold(m.group()), m.group().lower())
        by_lemma: dict[str, set[str]] = defaultdict(set)
        by_stem: dict[str, set[str]] = defaultdict(set)
        lemma_of: dict[str, str] = {}
        for w in words:
            lemma = fold(simplemma.lemmatize(raw.get(w, w), lang=lang).lower())
            lemma_of[w] = lemma
            by_lemma[lemma].add(w)
            by_stem[stem(w, lang)].add(w)
        pairs = [(a, b) for g in by_lemma.values() for a, b in combinations(sorted(g), 2)]
        met = sum(1 for a, b in pairs if stem(a, lang) == stem(b, lang))
        spairs = [(a, b) for g in by_stem.values() for a, b in combinations(sorted(g), 2)]
        pure = sum(1 for a, b in spairs if lemma_of[a] == lemma_of[b])
        fam_pairs = fam_met = 0
        missed_fam = []
        for fam in FAMILIES[lang]:
            ws = [fold(w) for w in fam.split()]
            stems = {w: stem(w, lang) for w in ws}
            for a, b in combinations(ws, 2):
                fam_pairs += 1
                fam_met += stems[a] == stems[b]
            if len(set(stems.values())) > 1:
                missed_fam.append(stems)
        print(f"{lang}: {len(words)} content words, {len(by_lemma)} lemmas, {len(by_stem)} stems")
        print(f"  conflation (same lemma → same stem): {met}/{len(pairs)} = {met / max(len(pairs), 1):.3f}")
        print(f"  purity (same stem → same lemma):     {pure}/{len(spairs)} = {pure / max(len(spairs), 1):.3f}")
        print(f"  fixed families met (pairs):          {fam_met}/{fam_pairs} = {fam_met / max(fam_pairs, 1):.3f}")
        if args.show:
            for stems in missed_fam:
                print("    family split:", stems)
            split = [g for g in by_lemma.values() if len({stem(w, lang) for w in g}) > 1]
            for g in split[: args.show]:
                print("    lemma split:", {w: stem(w, lang) for w in sorted(g)})
            merged = [g for g in by_stem.values() if len({lemma_of[w] for w in g}) > 1]
            for g in merged[: args.show]:
                print("    stem merges:", {w: lemma_of[w] for w in sorted(g)})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

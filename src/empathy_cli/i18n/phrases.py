"""Strings of `empathy phrases`."""

EN = {
    "no_match": "No phrases match {what}.",
    "no_match_any": "No phrases match these filters.",
    "nearest_tags": "Nearest tags: {tags}. Try: empathy phrases --tag {first}",
    "instead_of": "instead of",
    "unknown_stage": "unknown stage '{stage}': use one of {stages}",
    "bad_limit": "--limit must be 0 (no limit) or more",
    "no_phrases_lang": "No phrases in language '{lang}' (available: {available}). Try --lang or --all-langs.",
    "unknown_playbook": "No playbook with id '{id}'{where}. Available: {available}.",
    "in_lang": " in language '{lang}'",
    "tip": "Tip",
    "query_cut": "The query is long: only its first {n} words were used.",
    "elsewhere": "{count} {count:match|matches} in {name}: add --lang {lang}",
    "lang_en": "English",
    "lang_pl": "Polish",
}

PL = {
    "no_match": "Żaden zwrot nie pasuje do {what}.",
    "no_match_any": "Żaden zwrot nie pasuje do tych filtrów.",
    "nearest_tags": "Najbliższe tagi: {tags}. Spróbuj: empathy phrases --tag {first}",
    "instead_of": "zamiast",
    "unknown_stage": "nieznany etap „{stage}”: użyj jednego z {stages}",
    "bad_limit": "--limit musi wynosić 0 (bez limitu) lub więcej",
    "no_phrases_lang": "Brak zwrotów w języku „{lang}” (dostępne: {available}). Użyj --lang albo --all-langs.",
    "unknown_playbook": "Nie ma playbooka o id „{id}”{where}. Dostępne: {available}.",
    "in_lang": " w języku „{lang}”",
    "tip": "Wskazówka",
    "query_cut": "Zapytanie jest długie: wzięto pod uwagę tylko pierwsze {n} słowa.",
    "elsewhere": "{count} {count:zwrot pasuje|zwroty pasują|zwrotów pasuje} w języku {name}: dodaj --lang {lang}",
    "lang_en": "angielskim",
    "lang_pl": "polskim",
}

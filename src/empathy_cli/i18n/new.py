"""Strings of `empathy new`. The commented skeletons it writes are package data:
``empathy_cli/templates/<kind>.<lang>.yaml`` (see `coach.skeleton`).
"""

EN = {
    "written": "Wrote {path}.",
    "next_steps": "Edit it, then check it with: empathy validate {path}",
    "exists": "{path} already exists; choose another ID or --output PATH (nothing was overwritten)",
    "bad_id": "'{id}' is not a valid id: use lower-case letters, digits, - and _, starting with a letter or digit",
    "bad_lang": "'{lang}' is not a language code: use two or three lower-case letters, e.g. en or pl",
    "no_playbook": "there is no playbook '{playbook}' in language '{lang}' yet, so 'empathy validate' will report it until there is one (see 'empathy playbooks list', or --playbook ID)",
    "overrides_scenario": "a scenario '{id}' ({lang}) already exists in {path}; yours will be used instead of it",
    "overrides_playbook": "a playbook '{id}' ({lang}) already exists in {path}; yours will be used instead of it",
    "cannot_write": "cannot write {path}: {reason}",
}

PL = {
    "written": "Zapisano {path}.",
    "next_steps": "Dostosuj plik do swoich potrzeb, a potem sprawdź go: empathy validate {path}",
    "exists": "{path} już istnieje; wybierz inne ID albo --output ŚCIEŻKA (niczego nie nadpisano)",
    "bad_id": "„{id}” to nieprawidłowe id: użyj małych liter, cyfr, - i _, zaczynając od litery albo cyfry",
    "bad_lang": "„{lang}” to nie kod języka: użyj dwóch albo trzech małych liter, np. en albo pl",
    "no_playbook": "nie ma jeszcze playbooka „{playbook}” w języku „{lang}”, więc „empathy validate” będzie to zgłaszać, dopóki się nie pojawi (zob. „empathy playbooks list” albo --playbook ID)",
    "overrides_scenario": "scenariusz „{id}” ({lang}) już istnieje w {path}; zamiast niego będzie używany Twój",
    "overrides_playbook": "playbook „{id}” ({lang}) już istnieje w {path}; zamiast niego będzie używany Twój",
    "cannot_write": "nie można zapisać {path}: {reason}",
}

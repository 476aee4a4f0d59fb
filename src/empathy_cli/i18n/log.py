"""Strings of `empathy log`."""

EN = {
    "damaged": "{path} is damaged (not valid JSON) and was left out",
    "col.id": "id",
    "col.kind": "kind",
    "col.subject": "playbook / scenario",
    "col.time": "time",
    "col.outcome": "outcome",
    "col.path": "file",
    "incomplete": "incomplete",
    "empty": "No records yet in {folder}.",
    "not_found": "no record '{id}' in {folder}; see 'empathy log list'",
    "unreadable": "cannot read {path}: {reason}",
    "bad_format": "unknown format '{format}': use csv or json",
    "bad_kind": "unknown kind '{kind}': use encounter or rehearsal",
    "cannot_write": "cannot write {path}: {reason}",
    "exported": "{count} record(s) written to {path}.",
}

PL = {
    "damaged": "plik {path} jest uszkodzony (to nie jest poprawny JSON) i został pominięty",
    "col.id": "id",
    "col.kind": "rodzaj",
    "col.subject": "poradnik / scenariusz",
    "col.time": "czas",
    "col.outcome": "wynik",
    "col.path": "plik",
    "incomplete": "niepełny",
    "empty": "Brak zapisanych raportów w {folder}.",
    "not_found": "nie ma raportu „{id}” w {folder}; zob. „empathy log list”",
    "unreadable": "nie można odczytać {path}: {reason}",
    "bad_format": "nieznany format „{format}”: użyj csv albo json",
    "bad_kind": "nieznany rodzaj „{kind}”: użyj encounter albo rehearsal",
    "cannot_write": "nie można zapisać {path}: {reason}",
    "exported": "Zapisano raportów: {count} do {path}.",
}

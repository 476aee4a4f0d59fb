"""Strings shared by every command."""

EN = {
    "error": "error",
    "warning": "warning",
    "interrupted": "Interrupted.",
    "no_terminal": "{command} needs an interactive terminal; run it with --answers FILE instead (see --template).",
    "no_playbooks": "No playbooks in language '{lang}'. Try --lang, or add files to {folder}.",
    "no_scenarios": "No scenarios in language '{lang}'. Try --lang, or add files to {folder}.",
    "not_found_playbook": "No playbook with id '{id}' in language '{lang}'. Available: {available}.",
    "not_found_scenario": "No scenario with id '{id}' in language '{lang}'. Available: {available}.",
    "skipped_broken": "skipped {path}: {count} problem(s); run 'empathy validate {path}'",
    "folder_missing": "folder not found: {path}",
    "answers_missing": "answers file not found: {path}",
    "stage.listen": "Listen",
    "stage.empathize": "Empathize",
    "stage.solve": "Solve",
    "stage.escalate": "Escalate",
    "stage.document": "Document",
}

PL = {
    "error": "błąd",
    "warning": "ostrzeżenie",
    "interrupted": "Przerwano.",
    "no_terminal": "{command} wymaga interaktywnego terminala; uruchom z opcją --answers PLIK (zob. --template).",
    "no_playbooks": "Brak playbooków w języku „{lang}”. Użyj --lang albo dodaj pliki do {folder}.",
    "no_scenarios": "Brak scenariuszy w języku „{lang}”. Użyj --lang albo dodaj pliki do {folder}.",
    "not_found_playbook": "Nie ma playbooka o id „{id}” w języku „{lang}”. Dostępne: {available}.",
    "not_found_scenario": "Nie ma scenariusza o id „{id}” w języku „{lang}”. Dostępne: {available}.",
    "skipped_broken": "pominięto {path}: problemów: {count}; uruchom „empathy validate {path}”",
    "folder_missing": "nie ma takiego folderu: {path}",
    "answers_missing": "nie znaleziono pliku odpowiedzi: {path}",
    "stage.listen": "Słuchaj",
    "stage.empathize": "Okaż empatię",
    "stage.solve": "Rozwiąż",
    "stage.escalate": "Eskaluj",
    "stage.document": "Udokumentuj",
}

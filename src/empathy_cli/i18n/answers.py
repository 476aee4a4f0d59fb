"""Why an answer was refused (shared by the terminal and answers files)."""

EN = {
    "listed_only": "this question takes one of the listed choices",
    "empty_reply": "empty reply",
    "yes_no": "expected yes or no",
    "list_of_ids": "expected a list of ids",
    "unknown_value": "unknown value {value}; allowed: {allowed}",
    "pick_one": "pick at least one",
    "text": "expected text",
    "required_allowed": "required; allowed: {allowed}",
    "required": "required",
    "date": "expected a date, e.g. 30.11.2026, 30.11, 2026-11-30, today or yesterday",
    "time": "expected a time, e.g. 14:30 or 14.30",
    "yes": "Yes",
    "no": "No",
}

PL = {
    "listed_only": "tu wybiera się jedną z podanych odpowiedzi",
    "empty_reply": "pusta odpowiedź",
    "yes_no": "oczekiwano tak lub nie",
    "list_of_ids": "oczekiwano listy identyfikatorów",
    "unknown_value": "nieznana wartość {value}; dozwolone: {allowed}",
    "pick_one": "wybierz co najmniej jedną pozycję",
    "text": "oczekiwano tekstu",
    "required_allowed": "pole wymagane; dozwolone: {allowed}",
    "required": "pole wymagane",
    "date": "oczekiwano daty, np. 30.11.2026, 30.11, 2026-11-30, dziś albo wczoraj",
    "time": "oczekiwano godziny, np. 14:30 albo 14.30",
    "yes": "Tak",
    "no": "Nie",
}

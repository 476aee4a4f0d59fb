"""Strings of the interactive prompts (ui.interactive)."""

EN = {
    "type_own": "✎ Type my own words…",
    "hint": "? Hint: phrases for this stage",
    "hint_title": "Phrases that may help",
    "back": "← Back",
    "your_words": "Your words:",
    "checkbox_help": "(space to select, enter to confirm)",
    "select_help": "(Use arrow keys)",
    "back_hint": "(type 'back' to go back)",
}

PL = {
    "type_own": "✎ Wpiszę własnymi słowami…",
    "hint": "? Podpowiedź: zwroty na ten etap",
    "hint_title": "Zwroty, które mogą pomóc",
    "back": "← Wstecz",
    "your_words": "Twoje słowa:",
    "checkbox_help": "(spacja – zaznacz, enter – zatwierdź)",
    "select_help": "(wybierz strzałkami, zatwierdź Enterem)",
    "back_hint": "(wpisz „wstecz”, aby wrócić)",
}

"""Problems in content files (`empathy validate`, `empathy scenarios test`): one sentence per
`message_id` of `content.problems.Problem`, filled from its `params`.

Conventions of the parameters:

- ``close``: a near miss of a misspelt name; it becomes ``{hint}`` ("did you mean …?").
- ``expected``, ``given``, ``why``, ``what_kind``: ids of words, phrased from ``word.<name>.<id>``.
- ``detail``: a reason in English from a library (PyYAML, `re`, the operating system). Other
  languages translate the details they know (`DETAILS`) and otherwise say the sentence
  without it (the message id with ``.bare``), so no English leaks into them.
- values from the file come as written (``value`` as Python shows it, ids as plain text).
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional

EN = {
    # the shape of a value (typecheck)
    "type": "must be {expected}, not {given}",
    "literal": "must be one of {allowed}, not '{value}'{hint}",
    "literal_other": "must be one of {allowed}, not {value}",
    "empty": "must not be empty",
    "bad_id": "'{value}' is not a valid id (lower-case letters, digits, '-' and '_')",
    "range": "must be between {lo} and {hi}, not {value}",
    "min_items": "needs at least {n} {n:item|items}",
    "max_items": "takes at most {n} {n:item|items}",
    "unknown_field": "unknown field{hint}",
    "required": "required",
    "hint": " (did you mean '{close}'?)",
    "word.expected.text": "text",
    "word.expected.int": "a whole number",
    "word.expected.float": "a number",
    "word.expected.bool": "true or false",
    "word.expected.list": "a list",
    "word.expected.mapping": "a mapping",
    "word.given.nothing": "nothing",
    "word.given.bool": "true/false",
    "word.given.mapping": "a mapping",
    "word.given.list": "a list",
    "word.given.number": "a number",
    "word.given.text": "text",
    # the file as a whole (loader, yamlsafe)
    "not_mapping": "a content file must be a mapping with kind, id, lang and title",
    "unknown_kind": "unknown kind '{value}': expected one of playbook, scenario",
    "empty_file": "file is empty",
    "empty_content": "file is empty: expected a mapping with kind, id, lang and title",
    "not_regular": "not a regular file ({detail}); only regular files are read",
    "not_regular.bare": "not a regular file; only regular files are read",
    "too_large": "file is too large to be content (limit {limit} KiB)",
    "input_too_large": "input is too large (limit {limit} KiB)",
    "cannot_read": "cannot read file: {detail}",
    "cannot_read.bare": "cannot read file",
    "not_utf8": "file is not UTF-8 text (byte 0x{byte})",
    "input_not_utf8": "input is not UTF-8 text (byte 0x{byte})",
    "tag": "tag {tag} is not allowed in content files",
    "bad_value": "bad value: {detail}",
    "bad_value.bare": "bad value: not a valid {type}",
    "number_too_long": "bad value: number is too long",
    "not_a": "bad value: not a valid {type}",
    "key_not_plain": "a mapping key must be a plain value",
    "duplicate_key": "duplicate key '{name}'",
    "duplicate_key_at": "duplicate key '{name}' (first at line {first})",
    "too_many_values": "document has too many values",
    "too_many_values_limit": "document has too many values (limit {limit})",
    "alias_bomb": "document expands to too many values (alias bomb?)",
    "too_deep": "nesting is deeper than {limit} levels",
    "too_deep_recursion": "document is nested too deeply",
    "unknown_alias": "unknown alias *{alias}",
    "many_documents": "a content file holds one YAML document",
    "syntax": "YAML syntax error: {detail}",
    "syntax.bare": "YAML syntax error",
    # playbooks (checks)
    "duplicate_id": "duplicate id '{id}' (also {other})",
    "missing_stage": "missing stage '{stage}' (a playbook has listen, empathize, solve, escalate, document)",
    "stage_order": "stage '{stage}' is out of order: expected {order}",
    "tag_unknown": "tag '{tag}' is not in the tag vocabulary (`tags:`)",
    "emotion_unknown": "emotion '{emotion}' is not in the tag vocabulary (`tags:`)",
    "bad_regex": "bad regular expression: {detail}",
    "bad_regex.bare": "bad regular expression",
    "pattern_refused": "pattern refused: {why}; the judge skips it",
    "word.why.too_long": "pattern longer than {limit} characters",
    "word.why.invalid": "not a valid regular expression",
    "word.why.backref": "back-references are not allowed",
    "word.why.nested": "nested repetition (a repeated group that itself repeats, like (a+)+) can take exponential time",
    # scenarios (checks)
    "node_and_ending": "'{id}' is both a node and an ending",
    "no_target": "{what} '{target}' names no node or ending{hint}",
    "start_is_ending": "start must name a node, not an ending",
    "rule_no_condition": "a rule needs mood_at_least or mood_at_most",
    "rule_never": "mood_at_least is above mood_at_most: the rule can never fire",
    "node_unreachable": "node '{node}' can never be reached from '{start}'",
    "ending_unreachable": "ending '{ending}' can never be reached",
    "no_way_out": "no ending can be reached from node '{node}' (a loop with no way out)",
    "duplicate_case": "duplicate case name '{name}' (also tests[{other}])",
    "step_both": 'a step is `choice: ID` or `say: "own words"`, this one has both choice and say',
    "step_neither": 'a step is `choice: ID` or `say: "own words"`, this one has neither choice nor say',
    "unknown_choice": "choice '{choice}' is not a reply of any node{hint}",
    "unknown_ending": "ending '{ending}' names no ending{hint}",
    "score_range": "score range [{lo}, {hi}]: min is above max",
    "case_expects_nothing": "a pinned case needs an expected `ending:` or `score: [min, max]`",
    "duplicate_variant": "duplicate variant id '{id}' (also persona.variants[{other}])",
    "unknown_node": "node '{node}' names no node{hint}",
    "second_line": "a second line for node '{node}' (also lines[{other}])",
    "unknown_variant": "variant '{variant}' names no variant{hint}; the variants are {known}",
    "unknown_variant_none": "variant '{variant}' names no variant{hint}; the persona declares no variants",
    # across files (validate)
    "also_defined": "{what_kind} '{id}' ({lang}) is also defined in {other}; this file wins",
    "word.what_kind.playbook": "playbook",
    "word.what_kind.scenario": "scenario",
    "no_playbook": "no playbook '{id}' in language '{lang}' (known: {known})",
    "no_playbook_none": "no playbook '{id}' in language '{lang}' (known: none)",
    # a message already phrased (the findings of `empathy scenarios test`)
    "text": "{text}",
}

PL = {
    "type": "musi być {expected}, a podano {given}",
    "literal": "musi mieć jedną z wartości: {allowed}, a podano „{value}”{hint}",
    "literal_other": "musi mieć jedną z wartości: {allowed}, a podano {value}",
    "empty": "nie może być puste",
    "bad_id": "„{value}” nie jest poprawnym identyfikatorem (dozwolone są małe litery, cyfry, „-” i „_”)",
    "range": "musi mieścić się między {lo} a {hi}, a podano {value}",
    "min_items": "wymaga co najmniej {n} {n:elementu|elementów|elementów}",
    "max_items": "może mieć najwyżej {n} {n:element|elementy|elementów}",
    "unknown_field": "nieznane pole{hint}",
    "required": "pole wymagane",
    "hint": " (czy chodziło o „{close}”?)",
    "word.expected.text": "tekstem",
    "word.expected.int": "liczbą całkowitą",
    "word.expected.float": "liczbą",
    "word.expected.bool": "wartością true albo false",
    "word.expected.list": "listą",
    "word.expected.mapping": "mapowaniem (klucz: wartość)",
    "word.given.nothing": "pustą wartość",
    "word.given.bool": "wartość true/false",
    "word.given.mapping": "mapowanie",
    "word.given.list": "listę",
    "word.given.number": "liczbę",
    "word.given.text": "tekst",
    "not_mapping": "plik treści musi być mapowaniem z polami `kind`, `id`, `lang` i `title`",
    "unknown_kind": "nieznany rodzaj „{value}”: dozwolone są „playbook” i „scenario”",
    "empty_file": "plik jest pusty",
    "empty_content": "plik jest pusty: powinien zawierać mapowanie z polami `kind`, `id`, `lang` i `title`",
    "not_regular": "to nie jest zwykły plik ({detail}); czytane są tylko zwykłe pliki",
    "not_regular.bare": "to nie jest zwykły plik; czytane są tylko zwykłe pliki",
    "too_large": "plik jest za duży jak na plik treści (limit {limit} KiB)",
    "input_too_large": "dane wejściowe są za duże (limit {limit} KiB)",
    "cannot_read": "nie można odczytać pliku: {detail}",
    "cannot_read.bare": "nie można odczytać pliku",
    "not_utf8": "plik nie jest tekstem w UTF-8 (bajt 0x{byte})",
    "input_not_utf8": "dane wejściowe nie są tekstem w UTF-8 (bajt 0x{byte})",
    "tag": "znacznik {tag} jest niedozwolony w plikach treści",
    "bad_value": "błędna wartość: {detail}",
    "bad_value.bare": "błędna wartość: to nie jest poprawna wartość typu {type}",
    "number_too_long": "błędna wartość: liczba jest za długa",
    "not_a": "błędna wartość: to nie jest poprawna wartość typu {type}",
    "key_not_plain": "klucz mapowania musi być prostą wartością",
    "duplicate_key": "powtórzony klucz „{name}”",
    "duplicate_key_at": "powtórzony klucz „{name}” (pierwszy raz w wierszu {first})",
    "too_many_values": "dokument ma za dużo wartości",
    "too_many_values_limit": "dokument ma za dużo wartości (limit {limit})",
    "alias_bomb": "po rozwinięciu aliasów dokument ma za dużo wartości (bomba aliasów?)",
    "too_deep": "zagnieżdżenie jest głębsze niż {limit} {limit:poziom|poziomy|poziomów}",
    "too_deep_recursion": "dokument jest zagnieżdżony zbyt głęboko",
    "unknown_alias": "nieznany alias *{alias}",
    "many_documents": "plik treści może zawierać tylko jeden dokument YAML",
    "syntax": "błąd składni YAML: {detail}",
    "syntax.bare": "błąd składni YAML",
    "duplicate_id": "powtórzony identyfikator „{id}” (jest też w {other})",
    "missing_stage": "brak etapu „{stage}” (playbook ma etapy: listen, empathize, solve, escalate, document)",
    "stage_order": "etap „{stage}” jest w złym miejscu: oczekiwana kolejność to {order}",
    "tag_unknown": "znacznika „{tag}” nie ma w słowniku znaczników (`tags:`)",
    "emotion_unknown": "emocji „{emotion}” nie ma w słowniku znaczników (`tags:`)",
    "bad_regex": "błędne wyrażenie regularne: {detail}",
    "bad_regex.bare": "błędne wyrażenie regularne",
    "pattern_refused": "wzorzec odrzucony: {why}; przy ocenie odpowiedzi jest pomijany",
    "word.why.too_long": "wzorzec jest dłuższy niż {limit} znaków",
    "word.why.invalid": "to nie jest poprawne wyrażenie regularne",
    "word.why.backref": "odwołania wsteczne są niedozwolone",
    "word.why.nested": "zagnieżdżone powtórzenie (powtarzana grupa, która sama się powtarza, jak (a+)+) może działać wykładniczo długo",
    "node_and_ending": "„{id}” jest jednocześnie węzłem i zakończeniem",
    "no_target": "{what}: „{target}” nie wskazuje żadnego węzła ani zakończenia{hint}",
    "start_is_ending": "start musi wskazywać węzeł, a nie zakończenie",
    "rule_no_condition": "reguła potrzebuje warunku mood_at_least lub mood_at_most",
    "rule_never": "mood_at_least jest większe niż mood_at_most: reguła nigdy nie zadziała",
    "node_unreachable": "do węzła „{node}” nie da się dojść od „{start}”",
    "ending_unreachable": "do zakończenia „{ending}” nie da się dojść",
    "no_way_out": "z węzła „{node}” nie da się dojść do żadnego zakończenia (pętla bez wyjścia)",
    "duplicate_case": "powtórzona nazwa przypadku „{name}” (jest też w tests[{other}])",
    "step_both": 'krok to `choice: ID` albo `say: "własne słowa"`, a ten ma jedno i drugie',
    "step_neither": 'krok to `choice: ID` albo `say: "własne słowa"`, a ten nie ma żadnego z nich',
    "unknown_choice": "„{choice}” nie jest odpowiedzią żadnego węzła{hint}",
    "unknown_ending": "„{ending}” nie jest nazwą żadnego zakończenia{hint}",
    "score_range": "przedział punktów [{lo}, {hi}]: minimum jest większe niż maksimum",
    "case_expects_nothing": "przypadek testowy musi podawać oczekiwane `ending:` albo `score: [min, max]`",
    "duplicate_variant": "powtórzony identyfikator wariantu „{id}” (jest też w persona.variants[{other}])",
    "unknown_node": "„{node}” nie jest nazwą żadnego węzła{hint}",
    "second_line": "druga kwestia dla węzła „{node}” (jest już w lines[{other}])",
    "unknown_variant": "„{variant}” nie jest nazwą żadnego wariantu{hint}; warianty to {known}",
    "unknown_variant_none": "„{variant}” nie jest nazwą żadnego wariantu{hint}; persona nie ma wariantów",
    "also_defined": "{what_kind} „{id}” ({lang}) jest zdefiniowany także w {other}; obowiązuje ten plik",
    "word.what_kind.playbook": "playbook",
    "word.what_kind.scenario": "scenariusz",
    "no_playbook": "nie ma playbooka „{id}” w języku „{lang}” (dostępne: {known})",
    "no_playbook_none": "nie ma playbooka „{id}” w języku „{lang}” (nie ma żadnego)",
    "text": "{text}",
}

#: Parameters whose values are ids of words (``word.<name>.<id>``).
WORDS = ("expected", "given", "why", "what_kind")

#: Library details (PyYAML, `re`, the operating system, `safeio.file_type`) in other
#: languages: an exact text, or a pattern whose groups fill the translation.
DETAILS: dict[str, list[tuple[str, str]]] = {
    "pl": [
        # PyYAML / libyaml
        (
            r"mapping values are not allowed (?:here|in this context)",
            "w tym miejscu nie może być wartości mapowania (może brakuje cudzysłowu wokół tekstu z dwukropkiem?)",
        ),
        (r"did not find expected key", "nie znaleziono oczekiwanego klucza (sprawdź wcięcia)"),
        (r"did not find expected '-' indicator", "nie znaleziono oczekiwanego „-” (sprawdź wcięcia listy)"),
        (r"did not find expected node content", "nie znaleziono oczekiwanej wartości"),
        (r"did not find expected ',' or '\]'", "brak oczekiwanego „,” lub „]”"),
        (r"did not find expected ',' or '\}'", "brak oczekiwanego „,” lub „}”"),
        (r"did not find expected comment or line break", "po wartości oczekiwano komentarza albo końca wiersza"),
        (r"did not find expected alphabetic or numeric character", "oczekiwano litery lub cyfry"),
        (r"could not find expected ':'", "brak oczekiwanego „:”"),
        (r"found character (?:'.*' )?that cannot start any token", "ten znak nie może zaczynać wartości (może tabulator albo „@” lub „`” bez cudzysłowu?)"),
        (
            r"found (?:a tab character|character '\\t') (?:that violates? indentation|where an indentation space is expected)",
            "tabulator zamiast spacji we wcięciu",
        ),
        (r"found unexpected end of stream", "nieoczekiwany koniec pliku (może niezamknięty cudzysłów?)"),
        (r"found unknown escape character.*", "nieznana sekwencja ucieczki w tekście w cudzysłowie"),
        (r"found undefined tag handle.*", "niezdefiniowany znacznik"),
        (r"found unexpected ':'", "nieoczekiwany „:”"),
        (r"block sequence entries are not allowed (?:here|in this context)", "w tym miejscu nie może zaczynać się lista"),
        (r"expected <block end>, but found '?(.*?)'?", "oczekiwano końca bloku (sprawdź wcięcia)"),
        (r"expected ',' or '\]', but got .*", "brak oczekiwanego „,” lub „]”"),
        (r"expected ',' or '\}', but got .*", "brak oczekiwanego „,” lub „}”"),
        (r"found duplicate anchor.*", "powtórzona kotwica"),
        (r"syntax error", "błąd składni"),
        # re
        (r"missing \), unterminated subpattern", "brak „)”: niezamknięta grupa"),
        (r"unbalanced parenthesis", "nadmiarowy nawias „)”"),
        (r"nothing to repeat", "nie ma czego powtarzać"),
        (r"multiple repeat", "podwójne powtórzenie"),
        (r"unterminated character set", "niezamknięty zbiór znaków „[”"),
        (r"bad escape (\\\S+)", "nieznana sekwencja ucieczki {0}"),
        (r"bad character range (\S+)", "błędny zakres znaków {0}"),
        (r"look-behind requires fixed-width pattern", "wzorzec „(?<=…)” musi mieć stałą długość"),
        (r"missing group name", "brak nazwy grupy"),
        (r"unknown extension (\S+)", "nieznane rozszerzenie {0}"),
        # the operating system (strerror)
        (r"Permission denied", "brak uprawnień"),
        (r"Is a directory", "to jest folder"),
        (r"No such file or directory", "nie ma takiego pliku"),
        (r"Too many levels of symbolic links", "za dużo poziomów dowiązań symbolicznych"),
        (r"Input/output error", "błąd wejścia/wyjścia"),
        # safeio.file_type
        (r"FIFO", "potok FIFO"),
        (r"character device", "urządzenie znakowe"),
        (r"block device", "urządzenie blokowe"),
        (r"socket", "gniazdo"),
        (r"special file", "plik specjalny"),
        (r"folder", "folder"),
    ],
}


#: `re` says where: "nothing to repeat at position 3 (line 1, column 4)".
AT_POSITION = {"pl": "{0} (pozycja {1})"}


def translate_detail(detail: str, lang: str) -> Optional[str]:
    """`detail` (English, from a library) in `lang`, or None when it is not known."""
    if lang == "en":
        return detail
    detail = detail.strip()
    where = re.fullmatch(r"(.+) at position (\d+)(?: \(line \d+, column \d+\))?", detail)
    if where and lang in AT_POSITION:
        inner = translate_detail(where.group(1), lang)
        return None if inner is None else AT_POSITION[lang].format(inner, where.group(2))
    for pattern, text in DETAILS.get(lang, ()):
        match = re.fullmatch(pattern, detail)
        if match:
            return text.format(*match.groups())
    return None


def render(message_id: str, params: Mapping[str, Any], lang: Optional[str] = None) -> str:
    """The sentence `message_id` in `lang` (default: the interface language), filled from `params`."""
    from . import get_lang, t

    lang = lang or get_lang()
    if lang not in ("en", "pl"):
        lang = "en"
    values: dict[str, Any] = dict(params)
    key = message_id
    if "detail" in values:
        detail = translate_detail(str(values["detail"]), lang)
        if detail is None:
            key = f"{message_id}.bare"
        else:
            values["detail"] = detail
    for name in WORDS:
        if name in values:
            values[name] = t(f"problems.word.{name}.{values[name]}", in_lang=lang, **values)
    values["hint"] = t("problems.hint", in_lang=lang, close=values["close"]) if "close" in values else ""
    return t(f"problems.{key}", in_lang=lang, **values)

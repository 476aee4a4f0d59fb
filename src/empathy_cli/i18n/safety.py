"""Strings about hostile files and folders: the cache, special files, records privacy,
leftovers of killed runs and expired journals."""

EN = {
    "cache_refused_owner": "not using the cache folder {path}: it belongs to another user (uid {owner}); running without a cache",
    "cache_refused_writable": "not using the cache folder {path}: others can write to it (mode {mode}); running without a cache (fix: chmod go-w {path})",
    "cache_refused_other": "not using the cache folder {path} ({reason}); running without a cache",
    "skipped_special": "skipped {path}: not a regular file ({type})",
    "skipped_unreadable": "skipped {path}: {reason}",
    "folder_unreadable": "skipped the folder {path}: {reason}",
    "records_writable": "refusing the records folder {path}: others can write to it (mode {mode}); make it private with 'chmod 700 {path}' or choose another folder with --out",
    "records_owner": "refusing the records folder {path}: it belongs to another user (uid {owner}); choose your own folder with --out",
    "records_readable": "the records folder {path} can be read by others (mode {mode}); make it private with 'chmod 700 {path}'",
    "orphan": "{path} has no JSON half (the run was stopped while saving); it is listed but cannot be exported",
    "journals_expired": "removed {count} unfinished {count:session|sessions} not touched for {days} {days:day|days} from {folder}",
    "journal_damaged": "the unfinished session {path} is damaged and cannot be resumed ({reason}); remove it or start afresh",
    "stdin_too_large": "standard input is too large (limit {limit} KiB)",
    "answers_too_many": "too many values (limit {limit})",
    "crash_written": "internal error ({error}); details in {path} (please report it; EMPATHY_DEBUG=1 shows them here)",
    "crash_refused": "internal error ({error}); no details were written, because the cache folder {path} is not safe to write to; run again with EMPATHY_DEBUG=1 to see them here",
    "crash_unwritable": "internal error ({error}); the details could not be written to {path}; run again with EMPATHY_DEBUG=1 to see them here",
}

PL = {
    "cache_refused_owner": "nie używam folderu pamięci podręcznej {path}: należy do innego użytkownika (uid {owner}); działam bez pamięci podręcznej",
    "cache_refused_writable": "nie używam folderu pamięci podręcznej {path}: inni mogą w nim zapisywać (uprawnienia {mode}); działam bez pamięci podręcznej (naprawa: chmod go-w {path})",
    "cache_refused_other": "nie używam folderu pamięci podręcznej {path} ({reason}); działam bez pamięci podręcznej",
    "skipped_special": "pominięto {path}: to nie jest zwykły plik ({type})",
    "skipped_unreadable": "pominięto {path}: {reason}",
    "folder_unreadable": "pominięto folder {path}: {reason}",
    "records_writable": "odmawiam zapisu w folderze raportów {path}: inni mogą w nim zapisywać (uprawnienia {mode}); proszę go zabezpieczyć poleceniem „chmod 700 {path}” albo wskazać inny folder opcją --out",
    "records_owner": "odmawiam zapisu w folderze raportów {path}: należy do innego użytkownika (uid {owner}); proszę wskazać własny folder opcją --out",
    "records_readable": "folder raportów {path} mogą czytać inni (uprawnienia {mode}); proszę go zabezpieczyć poleceniem „chmod 700 {path}”",
    "orphan": "{path} nie ma pary w formacie JSON (przerwano zapis); jest na liście, ale nie da się go wyeksportować",
    "journals_expired": "usunięto z folderu {folder} {count} {count:niedokończoną sesję nieruszaną|niedokończone sesje nieruszane|niedokończonych sesji nieruszanych} od {days} {days:dnia|dni|dni}",
    "journal_damaged": "niedokończona sesja {path} jest uszkodzona i nie da się jej wznowić ({reason}); proszę ją usunąć albo zacząć od nowa",
    "stdin_too_large": "wejście standardowe jest za duże (limit {limit} KiB)",
    "answers_too_many": "za dużo wartości (limit {limit})",
    "crash_written": "błąd wewnętrzny ({error}); szczegóły zapisano w {path} (prosimy o zgłoszenie błędu; z EMPATHY_DEBUG=1 zobaczy je Pan/Pani tutaj)",
    "crash_refused": "błąd wewnętrzny ({error}); nie zapisano szczegółów, bo zapis w folderze pamięci podręcznej {path} nie jest bezpieczny; aby zobaczyć je tutaj, proszę uruchomić polecenie ponownie z EMPATHY_DEBUG=1",
    "crash_unwritable": "błąd wewnętrzny ({error}); nie udało się zapisać szczegółów w {path}; aby zobaczyć je tutaj, proszę uruchomić polecenie ponownie z EMPATHY_DEBUG=1",
}


def file_kind(kind: str, lang: str | None = None) -> str:
    """The name of a non-regular file type (`safeio.file_type`: "FIFO", "character
    device"…) in `lang` (default: the interface language), with the names the content
    problems use (E013), for the ``skipped_special`` warning."""
    from . import get_lang
    from .problems import translate_detail

    return translate_detail(kind, lang or get_lang()) or kind

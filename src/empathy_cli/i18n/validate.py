"""Strings of `empathy validate`."""

EN = {
    "missing": "no such file or folder: {path}",
    "summary_ok": "{files} {files:file|files} checked, no problems.",
    "summary_bad": "{problems} {problems:problem|problems} in {bad} of {files} {files:file|files}.",
    "warnings": "{warnings} {warnings:warning|warnings}.",
    "unknown_kind": "unknown kind '{kind}': use {kinds}",
    "kinds": "playbook or scenario",
}

PL = {
    "missing": "nie ma takiego pliku ani folderu: {path}",
    "summary_ok": "Sprawdzono {files} {files:plik|pliki|plików}: bez problemów.",
    "summary_bad": "{problems} {problems:problem|problemy|problemów} w {bad} z {files} {files:pliku|plików|plików}.",
    "warnings": "{warnings} {warnings:ostrzeżenie|ostrzeżenia|ostrzeżeń}.",
    "unknown_kind": "nieznany rodzaj treści „{kind}”: dozwolone są {kinds}",
    "kinds": "„playbook” albo „scenario”",
}

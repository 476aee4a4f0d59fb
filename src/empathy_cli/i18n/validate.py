"""Strings of `empathy validate`."""

EN = {
    "missing": "no such file or folder: {path}",
    "summary_ok": "{files} file(s) checked, no problems.",
    "summary_bad": "{problems} problem(s) in {bad} of {files} file(s).",
    "warnings": "{warnings} warning(s).",
}

PL = {
    "missing": "nie ma takiego pliku ani folderu: {path}",
    "summary_ok": "Sprawdzono plików: {files}, bez problemów.",
    "summary_bad": "Problemów: {problems} w {bad} z {files} plików.",
    "warnings": "Ostrzeżeń: {warnings}.",
}

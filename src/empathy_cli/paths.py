"""Where empathy-cli keeps its files (read from the current `Runtime`).

EMPATHY_HOME (default: the platform's user data folder) holds the user's own
``playbooks/`` and ``records/``; EMPATHY_CACHE (default: the user cache folder) holds the
parsed-content cache. Tests and sandboxes point both elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from .runtime import APP, current

__all__ = ["APP", "builtin_playbooks", "cache_dir", "home", "records_dir"]


def home() -> Path:
    return current().home()


def cache_dir() -> Path:
    return current().cache_dir()


def records_dir() -> Path:
    return current().records_dir()


def builtin_playbooks() -> Path:
    """The built-in content: inside the installed package, or the source tree's
    ``playbooks/`` when running from a checkout (editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "playbooks"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "playbooks"

"""Where empathy-cli keeps its files: one place that reads the environment.

EMPATHY_HOME (default: the platform's user data folder) holds the user's own
``playbooks/`` and ``records/``; EMPATHY_CACHE (default: the user cache folder) holds the
parsed-content cache. Tests and sandboxes point both elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "empathy-cli"


def home() -> Path:
    env = os.environ.get("EMPATHY_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    env = os.environ.get("EMPATHY_CACHE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP, appauthor=False))


def records_dir() -> Path:
    env = os.environ.get("EMPATHY_RECORDS")
    return Path(env).expanduser() if env else home() / "records"


def builtin_playbooks() -> Path:
    """The built-in content: inside the installed package, or the source tree's
    ``playbooks/`` when running from a checkout (editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "playbooks"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "playbooks"

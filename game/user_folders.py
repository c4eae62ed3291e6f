"""The user's cache and data folders, found without importing platformdirs on Linux.

Importing platformdirs costs 18-24 ms here (``python -X importtime``, with pathlib and
yaml already loaded), a tenth of plain mode's first scene with an empty play cache, and
the cache folder must be known before that scene can be shown. On Linux, with an absolute
``HOME``, platformdirs' answer is the XDG Base Directory rule: ``$XDG_CACHE_HOME``
(``$XDG_DATA_HOME``) when it is an absolute path, else ``~/.cache`` (``~/.local/share``),
then the app's name. That case is answered here; every other one (macOS, Windows,
Android, the BSDs, a relative or missing ``HOME``) is left to platformdirs, so its
rules stay the only rules. ``tests/test_user_folders.py`` checks the two agree.
"""

from __future__ import annotations

import os
import sys

_XDG_DEFAULTS = {"XDG_CACHE_HOME": "~/.cache", "XDG_DATA_HOME": "~/.local/share"}


def _linux_folder(variable: str, app: str) -> str | None:
    """The XDG answer on plain Linux, or None where platformdirs must decide."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home):
        return None  # platformdirs falls back to the password database, or refuses
    chosen = os.environ.get(variable, "")
    base = chosen if os.path.isabs(chosen) else os.path.expanduser(_XDG_DEFAULTS[variable])
    return os.path.join(base, app)


def user_cache_dir(app: str) -> str:
    """The user's cache folder for ``app`` (``platformdirs.user_cache_dir(app, appauthor=False)``)."""
    found = _linux_folder("XDG_CACHE_HOME", app)
    if found is not None:
        return found
    import platformdirs

    return platformdirs.user_cache_dir(app, appauthor=False)


def user_data_dir(app: str) -> str:
    """The user's data folder for ``app`` (``platformdirs.user_data_dir(app, appauthor=False)``)."""
    found = _linux_folder("XDG_DATA_HOME", app)
    if found is not None:
        return found
    import platformdirs

    return platformdirs.user_data_dir(app, appauthor=False)

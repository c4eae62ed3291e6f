"""Where saves live, and whether a folder holds a last game, found with ``os.path`` alone.

Plain mode asks about an unfinished last game before it shows its first
scene, and must show that scene in about the time Python takes to ``import
yaml``; :mod:`game.engine.saves` brings ``pathlib`` (several milliseconds),
so this module answers those two questions without it, and the save
machinery is imported only when there is a last game to look at, or at the
first save.
"""

from __future__ import annotations

import os

AUTOSAVE = "autosave"
"""The slot of the last game played."""
SUFFIX = ".json"
BACKUP_SUFFIX = ".bak.json"
"""The autosave's backup is ``autosave.bak.json``: the previous autosave."""
AUTOSAVE_FILES = (AUTOSAVE + SUFFIX, AUTOSAVE + BACKUP_SUFFIX)


def saves_folder(explicit: str | None = None) -> str:
    """The save folder: ``explicit`` (``--saves``), else ``SPRING68_SAVES``, else ``saves/`` in a checkout
    when it is writable, else the user's data folder."""
    chosen = explicit or os.environ.get("SPRING68_SAVES")
    if chosen:
        return os.path.expanduser(chosen)
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    local = os.path.join(checkout, "saves")
    if os.path.isfile(os.path.join(checkout, "pyproject.toml")) and os.path.isdir(local) and os.access(local, os.W_OK):
        return local
    from game.user_folders import user_data_dir

    return os.path.join(user_data_dir("spring68"), "saves")


def has_last_game(folder: str) -> bool:
    """True when the folder has an autosave or its backup (readable or not): a last game to look at."""
    return any(os.path.lexists(os.path.join(folder, name)) for name in AUTOSAVE_FILES)

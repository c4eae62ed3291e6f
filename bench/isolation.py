"""The environment of every bench process: each per-user folder inside the bench's temporary folder.

``make bench`` must write nothing outside its temporary folders. The game
writes to two per-user places: the play cache (``SPRING68_CACHE_DIR``, else the
platform's cache folder under ``$XDG_CACHE_HOME`` or ``~/.cache``) and the save
folder (``SPRING68_SAVES``, else ``saves/`` in a checkout, else the platform's
data folder). A bench that loads a story in its own process (as ``bench_tui``
does to choose its pack) would otherwise fill the user's cache. So
:mod:`bench.run` starts each bench with this environment, and every child a
bench starts inherits it: the game's own variables are set, and ``HOME`` and
the XDG folders point into the temporary folder too, so that anything else
that writes per-user files (a browser profile, a library's cache) stays there
as well.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

USER_FOLDERS = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")
"""The XDG base folders (platformdirs reads them on Linux); each gets its own subfolder."""


def isolated_environment(tmp: str | os.PathLike[str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with every per-user folder inside ``tmp``.

    The folders are created, so a child can write to them at once.
    """
    root = Path(tmp)
    env = dict(os.environ if base is None else base)
    folders = {
        "HOME": root / "home",
        "SPRING68_CACHE_DIR": root / "cache",
        "SPRING68_SAVES": root / "saves",
        **{name: root / "home" / name.lower() for name in USER_FOLDERS},
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.pop("SPRING68_NO_CACHE", None)  # the benches measure the cache; an inherited switch would hide it
    return env

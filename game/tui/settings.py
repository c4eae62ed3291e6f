"""The player's settings: a small JSON file beside the saves folder.

Only what the app must remember between runs (the theme, the language) lives here. A
missing or damaged file gives the defaults, never an error; writing is
atomic (:func:`game.durable.write_atomic`) so a crash never leaves half a file.
No Textual here: the app reads and writes a :class:`Settings`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from game.durable import write_atomic

FILE_NAME = "spring68-settings.json"
MAX_BYTES = 64 * 1024
SETTINGS_ENV = "SPRING68_SETTINGS"
"""Names the settings file instead: ``spring68 serve`` gives each browser its own (game/serve/browsers.py)."""


def settings_path(saves_folder: Path) -> Path:
    """The settings file for a saves folder: beside it, not in it (so it is never listed as a save)."""
    chosen = os.environ.get(SETTINGS_ENV)
    if chosen:
        return Path(chosen)
    folder = Path(saves_folder)
    parent = folder.parent if folder.name else folder
    return parent / FILE_NAME


class Settings:
    """What the app remembers; unknown keys in the file are kept as they were."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.data: dict[str, Any] = dict(data or {})

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            if Path(path).stat().st_size > MAX_BYTES:
                return cls(path)
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return cls(path)
        return cls(path, data if isinstance(data, dict) else {})

    @property
    def theme(self) -> str | None:
        value = self.data.get("theme")
        return value if isinstance(value, str) and value else None

    @theme.setter
    def theme(self, value: str) -> None:
        self.data["theme"] = value

    @property
    def classroom_theme(self) -> str | None:
        """The theme of classroom mode (a projector), remembered apart from the everyday one."""
        value = self.data.get("classroom_theme")
        return value if isinstance(value, str) and value else None

    @classroom_theme.setter
    def classroom_theme(self, value: str) -> None:
        self.data["classroom_theme"] = value

    @property
    def language(self) -> str | None:
        """The language chosen in the app (title menu, F4), used at the next start when no ``--lang`` is given."""
        value = self.data.get("language")
        return value if isinstance(value, str) and value else None

    @language.setter
    def language(self, value: str) -> None:
        self.data["language"] = value

    def save(self) -> str | None:
        """Write the file atomically; returns a reason instead of raising when it cannot."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self.data, ensure_ascii=False, indent=1) + "\n")
        except OSError as exc:
            return f"could not write {self.path}: {exc.strerror or exc}"
        return None


def remembered_language(saves_folder: Path, offered: Iterable[str]) -> str | None:
    """The language chosen in the app last time, if the story still offers it (else None: the default decides)."""
    wanted = Settings.load(settings_path(saves_folder)).language
    return wanted if wanted is not None and wanted in set(offered) else None

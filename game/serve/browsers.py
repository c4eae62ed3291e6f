"""Which browser is which: a random token in a cookie, and the save folder it maps to.

So that a reload, a closed tab or a dropped connection does not lose the
game, each browser gets a random token the first time it opens the page
(a cookie: HttpOnly, so no script reads it; SameSite=Strict, so no other site
sends it). The token never becomes a path: its shape is checked, then it is
hashed into the name of the browser's folder ``<saves>/web/<name>``. The
name is all that the game process and the file system ever see, and it does
not give the token back, so a name seen in a process list or a folder
listing cannot be used to take over that browser's game. No personal names
are involved anywhere.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

COOKIE_NAME = "spring68_browser"
COOKIE_MAX_AGE = 30 * 24 * 60 * 60
"""Thirty days: a browser keeps its game through a term's lessons on the same computer."""
TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
"""What :func:`secrets.token_urlsafe` makes of 32 bytes: 43 URL-safe characters."""
_NAME_SHAPE = re.compile(r"[0-9a-f]{24}")
WEB_FOLDER = "web"
SETTINGS_FILE = ".spring68-settings.json"
"""A browser's settings, inside its folder: hidden, so the load screen never lists it as a save."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def valid_token(value: str | None) -> bool:
    return value is not None and _TOKEN_SHAPE.fullmatch(value) is not None


def folder_name(token: str) -> str:
    """The name of a browser's folder: 96 bits of the token's SHA-256, in hex. Refuses a malformed token."""
    if not valid_token(token):
        raise ValueError("not a browser token")
    return hashlib.sha256(token.encode("ascii")).hexdigest()[:24]


def valid_folder_name(name: str | None) -> bool:
    return name is not None and _NAME_SHAPE.fullmatch(name) is not None


def browser_folder(saves_root: Path, name: str) -> Path:
    """The save folder of one browser. Refuses any name :func:`folder_name` could not have made."""
    if not valid_folder_name(name):
        raise ValueError(f"not a browser folder name: {name!r}")
    return Path(saves_root) / WEB_FOLDER / name


def settings_file(folder: Path) -> Path:
    """Where a browser's settings (its theme) are kept: in its own folder, so each browser has its own."""
    return Path(folder) / SETTINGS_FILE

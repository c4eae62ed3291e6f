"""What ``spring68 serve`` was asked for on its command line, checked once before it listens."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.serve.browsers import WEB_FOLDER
from game.serve.limits import Limits
from game.serve.origins import OriginPolicy
from game.serve.problems import LOG_NAME

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_MAX_TABS = 40
"""A class and its teacher, with room for a few reloads."""
MAX_MAX_TABS = 1000


@dataclass(frozen=True)
class ServeOptions:
    saves: Path
    """The saves folder; each browser's games go to ``<saves>/web/<name>``, the log to ``<saves>/web/serve.log``."""
    host: str = "127.0.0.1"
    port: int = 8000
    packs: tuple[str, ...] = ()
    allow_origins: tuple[str, ...] = ()
    public_url: str | None = None
    max_tabs: int = DEFAULT_MAX_TABS
    limits: Limits = field(default_factory=Limits)
    title: str = "Spring '68"
    classroom: bool = False
    """Each tab plays in classroom mode (``serve --classroom``): the projector's game."""
    lesson: str | None = None
    """The lesson each classroom tab plays (``--lesson``), or None for the whole story."""
    timer: int | None = None
    """The discussion timer's minutes in each classroom tab (``--timer``), or None (off until m)."""
    lang: str | None = None
    """The language every tab plays in (``spring68 --lang cs serve``), or None: each game's own default."""

    def game_options(self) -> tuple[str, ...]:
        """The classroom options each tab's game is started with (``spring68 play ...``)."""
        if not self.classroom:
            return ()
        extra: tuple[str, ...] = ("--classroom",)
        if self.lesson:
            extra += ("--lesson", self.lesson)
        if self.timer:
            extra += ("--timer", str(self.timer))
        return extra

    @property
    def log_file(self) -> Path:
        return self.saves / WEB_FOLDER / LOG_NAME

    def policy(self) -> OriginPolicy:
        """The address checks; raises :class:`~game.serve.origins.AddressError` for a bad option."""
        return OriginPolicy(self.host, self.public_url, self.allow_origins)


def warning_for(host: str) -> str | None:
    if host in LOOPBACK:
        return None
    return (
        f"warning: serving on {host}: anyone who can reach this computer on that network can open the game "
        "and write saves here. Use this only on a network you trust (a classroom LAN), never on the internet."
    )

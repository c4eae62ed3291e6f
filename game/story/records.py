"""The raw records of a load: what was read from each pack, before the Story is built from them.

Each validated mapping is a :class:`~game.story.schema.Entry` (values, where each is written,
and its file); these records group them by pack and, after mods are merged, by scene.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.story.schema import Entry

if TYPE_CHECKING:
    from pathlib import Path

# Plain classes with __slots__, not dataclasses: this module is on the load path of every command, and
# importing ``dataclasses`` (with ``inspect``, ``ast`` and ``dis``) costs more than loading a small pack.


class RawScene:
    """An entry of a scene file (a scene, or in a mod an ``extend:``), and the role folder it is in."""

    __slots__ = ("entry", "folder")

    def __init__(self, entry: Entry, folder: str | None) -> None:
        self.entry = entry
        self.folder = folder


class RawPack:
    """One pack folder after parsing and schema validation, before cross-checks."""

    __slots__ = ("root", "info", "pack_file", "scenes", "timeline", "sources", "glossary", "over_limit")

    def __init__(self, root: Path, info: Entry | None, pack_file: str) -> None:
        self.root = root
        self.info = info
        self.pack_file = pack_file
        self.scenes: list[RawScene] = []
        self.timeline: list[Entry] = []
        self.sources: list[Entry] = []
        self.glossary: list[Entry] = []
        self.over_limit = False
        """The pack breaks a limit of the whole pack; it is not cross-checked, so the work stays bounded."""

    @property
    def pack_id(self) -> str:
        """The manifest's id, or "" when the manifest could not be read."""
        return self.info.get("id", "") if self.info else ""


class MergedScene:
    """A scene as the loaded packs define it: the entry that won (a mod may replace it) and what mods added."""

    __slots__ = ("entry", "role", "pack", "extra_choices", "extra_discuss")

    def __init__(self, entry: Entry, role: str, pack: str) -> None:
        self.entry = entry
        self.role = role
        self.pack = pack
        """The id of the pack the winning entry came from."""
        self.extra_choices: list[Entry] = []
        """Choices mods added with ``extend:``, after the scene's own; each knows its own file."""
        self.extra_discuss: list[str] = []
        """Discussion prompts mods added with ``extend:``."""

    @property
    def id(self) -> str:
        return str(self.entry["id"])

    def choices(self) -> list[Entry]:
        """The scene's own choices, then those mods added."""
        own: list[Entry] = self.entry.get("choices", [])
        return own + self.extra_choices if self.extra_choices else list(own)

    def discuss(self) -> list[str]:
        """The scene's own discussion prompts, then those mods added."""
        own: list[str] = self.entry.get("discuss", [])
        return own + self.extra_discuss

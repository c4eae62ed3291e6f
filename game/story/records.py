"""The raw records of a load: what was read from each pack, before the Story is built from them.

Each validated mapping is a :class:`~game.story.schema.Entry` (values, where each is written,
and its file); these records group them by pack and, after mods are merged, by scene.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.story.schema import Entry


@dataclass(slots=True)
class RawScene:
    """An entry of a scene file (a scene, or in a mod an ``extend:``), and the role folder it is in."""

    entry: Entry
    folder: str | None


@dataclass
class RawPack:
    """One pack folder after parsing and schema validation, before cross-checks."""

    root: Path
    info: Entry | None
    pack_file: str
    scenes: list[RawScene] = field(default_factory=list)
    timeline: list[Entry] = field(default_factory=list)
    sources: list[Entry] = field(default_factory=list)
    glossary: list[Entry] = field(default_factory=list)
    over_limit: bool = False
    """The pack breaks a limit of the whole pack; it is not cross-checked, so the work stays bounded."""

    @property
    def pack_id(self) -> str:
        """The manifest's id, or "" when the manifest could not be read."""
        return self.info.get("id", "") if self.info else ""


@dataclass(slots=True)
class MergedScene:
    """A scene as the loaded packs define it: the entry that won (a mod may replace it) and what mods added."""

    entry: Entry
    role: str
    pack: str
    """The id of the pack the winning entry came from."""
    extra_choices: list[Entry] = field(default_factory=list)
    """Choices mods added with ``extend:``, after the scene's own; each knows its own file."""
    extra_discuss: list[str] = field(default_factory=list)
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

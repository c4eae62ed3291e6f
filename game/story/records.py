"""The raw records of a load: what was read from each pack, before the Story is built from them.

Each validated mapping is a :class:`~game.story.schema.Entry` (values, where each is written,
and its file); these records group them by pack and, after mods are merged, by scene.
"""

from __future__ import annotations

from collections.abc import Iterator

from game.story.schema import Entry
from game.story.yamlnodes import MAPPING

# Plain classes with __slots__, not dataclasses: this module is on the load path of every command, and
# importing ``dataclasses`` (with ``inspect``, ``ast`` and ``dis``) costs more than loading a small pack.


RELEASED = Entry("", MAPPING)
"""What a merged scene holds once its scene is built: its own entry is released."""


class RawScene:
    """An entry of a scene file (a scene, or in a mod an ``extend:``), and the role folder it is in."""

    __slots__ = ("entry", "folder")

    def __init__(self, entry: Entry, folder: str | None) -> None:
        self.entry = entry
        self.folder = folder


class RawPack:
    """One pack folder after parsing and schema validation, before cross-checks."""

    __slots__ = ("root", "info", "pack_file", "scenes", "later", "timeline", "sources", "glossary")

    def __init__(self, root: str, info: Entry | None, pack_file: str) -> None:
        self.root = root
        """The pack's folder (a ``str``, not a Path: pathlib is not imported on a cold start's load path)."""
        self.info = info
        self.pack_file = pack_file
        self.scenes: list[RawScene] = []
        """Scene entries read already (a partial read, a test); :meth:`batches` hands them out first."""
        self.later: Iterator[list[RawScene]] | None = None
        """The pack's scene files not read yet, one list of entries per file, each read when asked for."""
        self.timeline: list[Entry] = []
        self.sources: list[Entry] = []
        self.glossary: list[Entry] = []

    def batches(self) -> Iterator[list[RawScene]]:
        """The pack's scene entries one file at a time, each handed out once (and then let go by the pack)."""
        if self.scenes:
            read, self.scenes = self.scenes, []
            yield read
        later, self.later = self.later, None
        if later is not None:
            yield from later

    @property
    def pack_id(self) -> str:
        """The manifest's id, or "" when the manifest could not be read."""
        return self.info.get("id", "") if self.info else ""


class MergedScene:
    """A scene as the loaded packs define it: the entry that won (a mod may replace it) and what mods added."""

    __slots__ = ("entry", "role", "pack")

    def __init__(self, entry: Entry, role: str, pack: str) -> None:
        self.entry = entry
        """The winning entry (:data:`RELEASED` in the one record kept for the built scenes of a role and pack)."""
        self.role = role
        self.pack = pack
        """The id of the pack the winning entry came from."""

"""Reading one pack folder into validated raw records, collecting every problem and hashing the content.

What files a pack holds is :mod:`game.story.packfiles`'s; the shape of each is
:mod:`game.story.schema`'s. This module reads them in order and keeps going past
mistakes, so a broken file is one problem and the others are still checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from game.story import limits, schema
from game.story.errors import Loc, Problem
from game.story.packfiles import PackFile, PackReader, PackRefused, list_pack
from game.story.records import RawPack, RawScene
from game.story.yamlnodes import YamlProblem, decode, parse

try:  # hashlib.blake2b *is* this one (hashlib never takes BLAKE2 from OpenSSL), and importing hashlib
    # also loads OpenSSL's _hashlib, which costs more than reading a small pack.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own BLAKE2
    from hashlib import blake2b

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ID_WRITTEN = re.compile(r"(?:^|[\s{,])id\s*:\s*[\"']?([A-Za-z][A-Za-z0-9_]*)", re.MULTILINE)
"""An ``id:`` as a scene (or choice) writes it, found in the raw text of a file that did not parse."""


class UnreadScenes:
    """What the scene files that could not be read may define, so a missing scene is told apart from a follow-on.

    A scene missing because its file has a YAML error is not reported again as "no such scene": the
    broken file is the one cause. But only the ids written in that file are excused (found in its
    text by :data:`_ID_WRITTEN`); a scene that is missing for real is still reported. A file whose
    bytes were never read (refused, unreadable) could define anything, and excuses every id.
    """

    def __init__(self) -> None:
        self.files = 0
        self.ids: set[str] = set()
        self.anything = False
        self.broken_files: set[str] = set()
        """The pack's special files (``sources.yaml``, ``timeline.yaml``, …) that could not be read:
        a source or event missing because of them is a follow-on of that one error, not another."""

    def add(self, data: bytes | None) -> None:
        """One more scene file that could not be read: its bytes, or ``None`` when they could not be read."""
        self.files += 1
        if data is None or self.anything:
            self.anything = True
            return
        for match in _ID_WRITTEN.finditer(data.decode("utf-8", "replace")):
            self.ids.add(match.group(1))
            if len(self.ids) > limits.MAX_SCENES_PER_PACK:  # no pack holds more scenes: excuse all, keep memory bounded
                self.anything = True
                self.ids.clear()
                return

    def could_not_read(self, special_file: str) -> bool:
        """True when ``special_file`` (e.g. ``sources.yaml``) failed to parse in some pack of this load."""
        return special_file in self.broken_files

    def may_define(self, scene_id: str) -> bool:
        """True when a file that could not be read may hold the scene ``scene_id``."""
        return self.anything or scene_id in self.ids


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name as the user would type it: relative to the working folder when inside it.

    Control characters are shown escaped, so a mod file named with terminal
    escape codes cannot rewrite the modder's screen when its name is printed.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = os.fspath(path)
    name = os.fspath(path) if rel.startswith("..") else rel
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", name)


class Reader:
    """Reads files into validated raw records, collecting problems and hashing content."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.hash = blake2b(digest_size=16)
        self.unread = UnreadScenes()
        """The scene files that could not be read: a missing scene may be in one of them."""
        self._last_bytes: bytes | None = None
        """The bytes of the file :meth:`read` read last (``None`` when it could not read them)."""

    def read(self, file: PackFile, kind: schema.Kind, files: PackReader, *, empty_ok: bool = False) -> Any:
        """One file converted by ``kind``, or :data:`~game.story.schema.MISSING` with its problem reported."""
        name = display_path(file.path)
        self._last_bytes = None
        try:
            data = files.read(file.path)
        except PackRefused as exc:
            refusal = exc.refusal
            line = 1 if refusal.code == "yaml" else 0  # a size is "at the start of the file", like a YAML error
            self.problems.append(Problem(Loc(name, line, line), refusal.message, refusal.hint, code=refusal.code))
            return schema.MISSING
        except OSError as exc:
            self.problems.append(
                Problem(
                    Loc(name),
                    f"cannot read the file: {exc.strerror or exc}",
                    "check that it exists and is readable",
                    code="io",
                )
            )
            return schema.MISSING
        self._last_bytes = data
        update = self.hash.update  # the same digest as of the joined bytes, without copying a 4 MiB file
        update(name.encode("utf-8", "replace") + b"\0")
        update(data)
        update(b"\0")
        try:
            value = parse(decode(data, name), name, self.problems, data)
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return schema.MISSING
        if value is None:
            if empty_ok:
                return schema.MISSING
            what = "the pack manifest" if isinstance(kind, schema.Record) else "a list of entries"
            self.problems.append(
                Problem(
                    Loc(name, 1, 1),
                    "the file is empty (or holds only comments)",
                    f"it should hold {what}; see docs/format.md, or delete the file",
                    code="empty",
                )
            )
            return schema.MISSING
        return kind.convert(value, schema.Context(name, self.problems))

    def read_pack(self, root: str | os.PathLike[str]) -> RawPack:
        """Read one pack folder: the files :func:`~game.story.packfiles.list_pack` lists, and nothing else."""
        problems = self.problems
        folder = os.path.normpath(root)  # as str(Path(root)) gave it: no "/." or trailing "/"
        raw = RawPack(folder, None, display_path(os.path.join(folder, "pack.yaml")))
        listing = list_pack(folder)
        for where, refusal in listing.problems:
            problems.append(Problem(Loc(display_path(where)), refusal.message, refusal.hint, code=refusal.code))
        manifest = listing.special.get("pack.yaml")
        if manifest is None:
            if not listing.problems:
                problems.append(
                    Problem(
                        Loc(display_path(folder)),
                        "this folder has no pack.yaml",
                        "a pack is a folder with a pack.yaml manifest; see docs/format.md",
                        code="no-pack",
                    )
                )
            return raw
        files = PackReader(folder)
        info = self.read(manifest, schema.PACK, files)
        raw.info = info if info is not schema.MISSING else None
        for name, spec, target in (
            ("timeline.yaml", schema.TIMELINE_FILE, raw.timeline),
            ("sources.yaml", schema.SOURCES_FILE, raw.sources),
            ("glossary.yaml", schema.GLOSSARY_FILE, raw.glossary),
        ):
            special = listing.special.get(name)
            if special is not None:
                entries = self.read(special, spec, files, empty_ok=True)
                if entries is not schema.MISSING:
                    target.extend(entries)
                else:
                    self.unread.broken_files.add(name)
        raw.later = self._scene_files(listing.scenes, files)
        return raw

    def _scene_files(self, scene_files: list[PackFile], files: PackReader) -> Iterator[list[RawScene]]:
        """Each scene file's entries, read only when the builder asks for the next file.

        The builder checks and builds one file's scenes before it asks for the next, so a file's raw
        records (its entries, their values and places) are freed before the next file is read: the load's
        peak is the Story and one file, not the Story and every file's records (issue 21).
        """
        for file in scene_files:
            entries = self.read(file, schema.SCENE_FILE, files)
            if entries is schema.MISSING:
                self.unread.add(self._last_bytes)
                continue
            folder = file.parts[0] if len(file.parts) > 1 else None
            batch = [RawScene(entry, folder) for entry in entries]
            del entries  # held by this frame while the builder works, it would keep the file alive past it
            self._last_bytes = None
            yield batch
            del batch

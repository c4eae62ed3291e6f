"""Which files of a pack the game reads, and how it opens them.

Everything that reads a pack — the loader (so ``check``, the tools and play),
the play cache's fingerprint and live reload's — lists the files with
:func:`list_pack` and opens them with a :class:`PackReader`, so they can never
disagree about what a pack holds. They once did: the loader skipped a FIFO
named ``*.yaml`` (``check`` passed) while the cache opened every ``*.yaml``
and so hung ``play`` waiting for a writer that never came.

The rules, in one place:

- a pack's files are the ``*.yaml`` / ``*.yml`` entries under its folder;
  hidden entries (``.git/``, ``.draft.yaml``) are skipped and symlinked
  folders are not followed;
- only a *regular file* inside the pack is read: a FIFO, a device, a socket or
  a folder is refused, and so is a link that resolves outside the pack (a mod
  could otherwise quote a line of ``~/.ssh/id_rsa`` in an error message on
  the player's screen); files are opened non-blocking and checked with
  ``fstat`` after opening, so no file can make the game wait;
- a file is at most :data:`MAX_FILE_BYTES`; a pack at most
  :data:`MAX_PACK_FILES` files and :data:`MAX_PACK_BYTES` in all. A file
  over a limit is refused from its size alone: nothing of it is read.

This module is on the start-up path of play (the cache fingerprints before
anything else runs), so it uses ``os`` only: no pathlib, no YAML.
"""

from __future__ import annotations

import os
import stat
from typing import NamedTuple

YAML_SUFFIXES = (".yaml", ".yml")
SPECIAL_FILES = ("pack.yaml", "timeline.yaml", "sources.yaml", "glossary.yaml", "lessons.yaml")
"""Files with a meaning of their own at the top of a pack; every other YAML file holds scenes."""

MAX_FILE_BYTES = 4 * 1024 * 1024
"""One file. The campaign's largest is about 60 KiB."""
MAX_PACK_FILES = 2_000
"""YAML files in one pack. The campaign has 17; a generated 20,000-scene benchmark pack 203."""
MAX_PACK_BYTES = 32 * 1024 * 1024
"""All YAML files of one pack together. The campaign is 0.3 MiB; the benchmarks' 20,000 scenes are 21 MiB."""
MAX_FOLDER_DEPTH = 8
"""Folders inside a pack; roles need one level."""
MAX_ENTRIES = 20_000
"""Folder entries looked at while listing one pack (YAML or not), so a huge folder cannot stall a start."""

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Refusal(NamedTuple):
    """Why the game will not read a file (or a whole pack): a message and what to do."""

    message: str
    hint: str
    code: str = "io"


class PackRefused(Exception):
    """A pack file that is not read; carries the :class:`Refusal`."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


class PackFile(NamedTuple):
    """One YAML file of a pack: its path and its folder parts relative to the pack (``("advisor", "a.yaml")``)."""

    path: str
    parts: tuple[str, ...]

    @property
    def special(self) -> bool:
        return len(self.parts) == 1 and self.parts[0] in SPECIAL_FILES


class Listing(NamedTuple):
    """What :func:`list_pack` found: the special files at the top, the scene files, and any refusals."""

    special: dict[str, PackFile]
    scenes: list[PackFile]
    problems: list[tuple[str, Refusal]]
    """(folder or file path, refusal) for a pack that breaks a listing limit; its files are then not all listed."""

    def files(self) -> list[PackFile]:
        """Every file to read, in the order the loader reads them."""
        return [self.special[name] for name in SPECIAL_FILES if name in self.special] + self.scenes


def too_big(size: int | None) -> Refusal:
    """The refusal of a file over :data:`MAX_FILE_BYTES` (``None``: larger, size unknown)."""
    limit = MAX_FILE_BYTES // 1048576
    shown = (
        f"{size / 1048576:.1f} MiB" if size is not None and size > MAX_FILE_BYTES + 1 else f"larger than {limit} MiB"
    )
    return Refusal(
        f"file is {shown}; the limit for one file is {limit} MiB", "split the scenes over several files", "yaml"
    )


def list_pack(root: str) -> Listing:
    """The YAML files of the pack folder ``root``, walked without following symlinked folders.

    Scene files come sorted by their folder parts, so a pack loads the same on
    every machine. Nothing is opened here: :class:`PackReader` decides what is
    read.
    """
    special: dict[str, PackFile] = {}
    scenes: list[PackFile] = []
    problems: list[tuple[str, Refusal]] = []
    seen = 0
    pending: list[tuple[str, tuple[str, ...]]] = [(root, ())]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:
            if prefix:  # an unreadable sub-folder; the pack folder itself is reported by the loader
                problems.append((folder, Refusal("cannot list this folder", "check that it is readable")))
            continue
        seen += len(found)
        if seen > MAX_ENTRIES:
            problems.append(
                (
                    root,
                    Refusal(
                        f"the pack folder holds more than {MAX_ENTRIES:,} files and folders; it is not read",
                        "keep only the pack's own files in its folder",
                        "limit",
                    ),
                )
            )
            return Listing({}, [], problems)
        for entry in found:
            name = entry.name
            if name.startswith("."):
                continue
            parts = prefix + (name,)
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                if len(parts) > MAX_FOLDER_DEPTH:
                    problems.append(
                        (
                            entry.path,
                            Refusal(
                                f"folders are nested more than {MAX_FOLDER_DEPTH} deep here; this folder is not read",
                                "keep scene files at most a few folders deep (a folder per role is enough)",
                                "limit",
                            ),
                        )
                    )
                else:
                    pending.append((entry.path, parts))
                continue
            if not name.endswith(YAML_SUFFIXES):
                continue
            file = PackFile(entry.path, parts)
            if file.special:
                special[name] = file
            else:
                scenes.append(file)
    if len(special) + len(scenes) > MAX_PACK_FILES:
        problems.append(
            (
                root,
                Refusal(
                    f"the pack has {len(special) + len(scenes):,} YAML files; at most {MAX_PACK_FILES:,} are read",
                    "put more scenes in each file (a file may hold up to 4 MiB)",
                    "limit",
                ),
            )
        )
        return Listing({}, [], problems)
    scenes.sort(key=lambda file: file.parts)
    return Listing(special, scenes, problems)


def read_regular(path: str, budget: tuple[int, Refusal] | None = None) -> bytes:
    """The bytes of the regular file ``path``: at most :data:`MAX_FILE_BYTES`, and within ``budget``.

    Raises :class:`PackRefused` for anything that is not a regular file or is
    too big, judged by ``fstat`` after a non-blocking open, so that opening a
    FIFO returns at once instead of waiting for a writer and nothing of a
    refused file is read; raises ``OSError`` for a file that cannot be opened.
    ``path`` should be resolved already: a link in its last part is not
    followed (realpath resolved them all, so one now is a swap). ``budget``
    is (bytes left, the refusal when the file needs more).
    """
    try:
        fd = os.open(path, _OPEN_FLAGS | _NOFOLLOW)
    except OSError:
        # A socket cannot be opened at all ("no such device"): say what it is instead.
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
            raise PackRefused(_not_regular(mode)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PackRefused(_not_regular(info.st_mode))
        if info.st_size > MAX_FILE_BYTES:
            raise PackRefused(too_big(info.st_size))
        if budget is not None and info.st_size > budget[0]:
            raise PackRefused(budget[1])
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        data = handle.read(info.st_size + 1)  # one byte more than fstat said: a file that grew is noticed
        if len(data) > info.st_size:
            data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    if len(data) > MAX_FILE_BYTES:
        raise PackRefused(too_big(None))
    if budget is not None and len(data) > budget[0]:
        raise PackRefused(budget[1])
    return data


def _not_regular(mode: int) -> Refusal:
    return Refusal(
        f"this is {_kind(mode)}, not a regular file; it is not read",
        "a pack holds ordinary files only: remove it, or put a copy of the file in its place",
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not an ordinary file"


class PackReader:
    """Reads the files of one pack, refusing what the rules above refuse and counting the pack's bytes."""

    def __init__(self, root: str) -> None:
        self.root = os.path.realpath(root)
        self.total = 0
        """Bytes read from this pack so far."""

    def inside(self, real: str) -> bool:
        """True when the resolved path ``real`` is the pack folder or inside it."""
        root = self.root
        return real == root or real.startswith(root if root.endswith(os.sep) else root + os.sep)

    def read(self, path: str) -> bytes:
        """The bytes of one file of the pack.

        Raises :class:`PackRefused` for anything but a regular file inside the
        pack within the limits (nothing of a refused file is read), and
        ``OSError`` for a file that cannot be opened.
        """
        real = os.path.realpath(path)
        if not self.inside(real):
            raise PackRefused(
                Refusal(
                    "this file is a link to a place outside the pack; it is not read",
                    "copy the file into the pack instead of linking to it",
                )
            )
        if self.total >= MAX_PACK_BYTES:
            raise PackRefused(self._pack_too_big())
        data = read_regular(real, (MAX_PACK_BYTES - self.total, self._pack_too_big()))
        self.total += len(data)
        return data

    def _pack_too_big(self) -> Refusal:
        limit = MAX_PACK_BYTES // 1048576
        return Refusal(
            f"with this file the pack's files would come to more than {limit} MiB in all; it is not read",
            f"a pack holds at most {limit} MiB of YAML: make the mod smaller, or split it into several mods",
            "limit",
        )

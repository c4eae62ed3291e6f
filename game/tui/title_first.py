"""The title screen first, the story while the player reads it: the packs' manifests now, the rest in a thread.

The title screen names the game, describes it and offers its roles: all of it is
in each pack's ``pack.yaml``, a few hundred bytes. Everything else (the scenes,
the glossary, the sources: with an empty play cache, a full parse and check of
every file) is loaded by :class:`StoryLater` in a thread the app starts once the
title screen is on the terminal, so the player never waits for what the first
screen does not show. A manifest that does not read as plain data gives ``None``:
the story is then loaded before the app starts, and its problems are printed as
they always were. No Textual here: the app drives the thread.

Reading a manifest needs YAML: importing and running it for the manifests was
some 90 of the 370 million instructions by which a warm start's first frame
trailed a bare Textual app's (callgrind), and its modules hold 2.4 MiB that the
play cache never needs. So :func:`later` keeps the front it
read in a small JSON file beside the play cache (:data:`FRONT_FILE`), keyed by
the manifests' *bytes* (each one's folder and its whole ``pack.yaml``, the base
campaign's too, since a mod's front may include it): the next start compares
the bytes and, when every one is the same, takes the front from the file
without parsing any YAML. Any other file (edited, damaged, from another
version, too big, of the wrong shape) is a miss, read again from the
manifests and written anew. The file is data, checked field by field; its
strings reach the screen as text, like the manifests' own.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from game.story.errors import Problem
from game.story.model import PackInfo, Role, Story


class Front(NamedTuple):
    """What the title screen shows of a story: its packs (base first) and its roles, in load order."""

    packs: tuple[PackInfo, ...]
    roles: dict[str, Role]


def front_of(story: Story) -> Front:
    """The front of a loaded story (the same fields the manifests give)."""
    return Front(story.packs, dict(story.roles))


def _manifest(root: str) -> dict[str, Any] | None:
    """``root``'s pack.yaml as plain data, read within the pack's limits; None for anything unusual."""
    from game.story.packfiles import PackReader

    try:
        data = PackReader(root).read(os.path.join(root, "pack.yaml"))
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(data)  # safe: plain data only, never objects
        try:
            manifest = loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - a refused, missing or broken manifest: the full load reports it exactly
        return None
    return manifest if isinstance(manifest, dict) else None


def _info(root: str, manifest: dict[str, Any]) -> PackInfo | None:
    fields = (manifest.get(key, "") for key in ("id", "title", "description", "content_note"))
    pack_id, title, description, note = fields
    extends = manifest.get("extends")
    texts = (pack_id, title, description, note)
    if not all(isinstance(text, str) for text in texts) or not pack_id or not title:
        return None
    if extends is not None and not isinstance(extends, str):
        return None
    version = manifest.get("version", 1)
    return PackInfo(
        pack_id, title, version if isinstance(version, int) else 1, str(Path(root)), description, note, extends
    )


def _roles(manifest: dict[str, Any]) -> dict[str, Role] | None:
    roles: dict[str, Role] = {}
    declared = manifest.get("roles", {})
    if not isinstance(declared, dict):
        return None
    for name, spec in declared.items():
        if not isinstance(name, str) or not isinstance(spec, dict):
            return None
        title, summary, start = (spec.get(key, "") for key in ("title", "summary", "start"))
        if not all(isinstance(text, str) for text in (title, summary, start)) or not title:
            return None
        roles.setdefault(name, Role(name, title, summary, start))
    return roles


def read_front(roots: Sequence[str]) -> Front | None:
    """The front the packs at ``roots`` declare (a mod of the base campaign gets the base below it, as the loader
    adds it), or None when a manifest is missing or unusual: then only the full load can say what is wrong."""
    from game.story.locate import base_pack

    manifests = [(root, _manifest(root)) for root in roots]
    first = manifests[0][1] if manifests else None
    if first is not None and first.get("extends"):
        base = base_pack()
        if os.path.realpath(base) not in [os.path.realpath(root) for root in roots]:
            base_manifest = _manifest(base)
            if base_manifest is not None and base_manifest.get("id") == first["extends"]:
                manifests.insert(0, (base, base_manifest))
    packs: list[PackInfo] = []
    roles: dict[str, Role] = {}
    for root, manifest in manifests:
        info = _info(root, manifest) if manifest is not None else None
        declared = _roles(manifest) if manifest is not None else None
        if info is None or declared is None:
            return None
        packs.append(info)
        roles.update((name, role) for name, role in declared.items() if name not in roles)
    return Front(tuple(packs), roles) if packs and roles else None


FRONT_FILE = "title-front.dat"
"""The front's file in the play cache's folder (not ``*.json``: the play cache keeps only its newest JSON files)."""
FRONT_FORMAT = 1
"""Changed whenever what a front holds or how it is read from the manifests changes: an older file is a miss."""
MAX_CACHED_MANIFEST = 64 * 1024
"""A manifest larger than this (the campaign's is under 2 KiB) is read from YAML every time, never cached."""
MAX_FRONT_FILE = 4 * MAX_CACHED_MANIFEST + 64 * 1024
"""The front file is refused, unread, over this size: a few manifests' bytes twice (the key and the front)."""


def _front_key(roots: Sequence[str]) -> list[Any] | None:
    """What a cached front is valid for: the format, the game's version, each pack's folder and manifest bytes (the
    base campaign's last); None when a manifest cannot be read within the pack's limits or is too big to cache."""
    from game import __version__
    from game.story.locate import base_pack
    from game.story.packfiles import PackReader

    key: list[Any] = [FRONT_FORMAT, __version__]
    for root in [*roots, base_pack()]:
        try:
            data = PackReader(root).read(os.path.join(root, "pack.yaml"))
        except Exception:  # noqa: BLE001 - refused or missing: read_front decides what that means, never cached
            return None
        if len(data) > MAX_CACHED_MANIFEST:
            return None
        key.append([root, os.path.realpath(root), data.decode("latin-1")])  # latin-1: every byte, exactly
    return key


def _front_to_plain(front: Front) -> dict[str, Any]:
    return {
        "packs": [list(pack) for pack in front.packs],
        "roles": [[role.id, role.title, role.summary, role.start] for role in front.roles.values()],
    }


def _front_from_plain(plain: Any) -> Front | None:
    """The front a cache file holds, every field checked; None for anything else."""
    if (
        not isinstance(plain, dict)
        or not isinstance(plain.get("packs"), list)
        or not isinstance(plain.get("roles"), list)
    ):
        return None
    packs: list[PackInfo] = []
    for fields in plain["packs"]:
        if not isinstance(fields, list) or len(fields) != len(PackInfo._fields):
            return None
        pack_id, title, version, path, description, note, extends = fields
        texts = (pack_id, title, path, description, note)
        if not all(isinstance(text, str) for text in texts) or type(version) is not int:
            return None
        if extends is not None and not isinstance(extends, str):
            return None
        packs.append(PackInfo(pack_id, title, version, path, description, note, extends))
    roles: dict[str, Role] = {}
    for fields in plain["roles"]:
        if not isinstance(fields, list) or len(fields) != 4 or not all(isinstance(text, str) for text in fields):
            return None
        roles[fields[0]] = Role(*fields)
    return Front(tuple(packs), roles) if packs and roles else None


def _front_path() -> str | None:
    from game.story.cache import cache_dir

    folder = cache_dir()
    return os.path.join(folder, FRONT_FILE) if folder else None


def _read_cached_front(path: str, key: list[Any]) -> Front | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FRONT_FILE + 1)
        if len(data) > MAX_FRONT_FILE:
            return None
        stored = json.loads(data)
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON (or not UTF-8), too deep: a miss
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return _front_from_plain(stored.get("front"))


def cached_front(roots: Sequence[str]) -> Front | None:
    """:func:`read_front`, from the front file when the manifests' bytes are the ones it was read from.

    A miss reads the manifests (with YAML) and writes the file for the next start; failing to write
    only costs that start its YAML. With the play cache switched off there is no file either.
    """
    path = _front_path()
    key = _front_key(roots) if path else None
    if path is None or key is None:
        return read_front(roots)
    front = _read_cached_front(path, key)
    if front is not None:
        return front
    front = read_front(roots)
    if front is not None:
        from game.durable import write_atomic

        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_atomic(path, json.dumps({"key": key, "front": _front_to_plain(front)}), durable=False)
        except OSError:
            pass
    return front


Loaded = tuple["Story | None", list[Problem]]


class StoryLater:
    """A story loaded in a thread: its front at once, the story (or its problems) when :meth:`run` has finished.

    ``load`` is the play loader (:func:`game.story.cache.load_for_play` over the same packs); ``run`` is
    what the app's thread worker calls, ``wait`` what anything that needs the story before it arrives calls.
    """

    def __init__(self, front: Front, load: Callable[[], Loaded]) -> None:
        self.front = front
        self._load = load
        self._done = threading.Event()
        self._result: Loaded = (None, [])
        self.started = False
        """Whether :meth:`run` has begun (the app starts it once, after the first frame)."""

    def run(self) -> Loaded:
        """Load the story (in the worker thread); every waiter is released when it is done, even by an error."""
        self.started = True
        try:
            self._result = self._load()
        finally:
            self._done.set()
        return self._result

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def problems(self) -> list[Problem]:
        """Why the story did not load: empty while it loads, when it loaded, or when no load was started."""
        story, problems = self._result
        return problems if self.done and story is None else []

    def wait(self) -> Loaded:
        """The story and its problems, loading it here and now if no thread has started on it."""
        if not self.started:
            return self.run()
        self._done.wait()
        return self._result


def later(paths: Sequence[str] | None) -> StoryLater | None:
    """The packs at ``paths`` (default: the base campaign) to be loaded while the title shows, or None when their
    manifests cannot be read alone (load the story first, as before)."""
    from game.story.locate import base_pack

    roots = [os.fspath(path) for path in paths] if paths else [base_pack()]
    front = cached_front(roots)
    if front is None:
        return None

    def load() -> Loaded:
        from game.story.cache import load_for_play

        return load_for_play(roots)

    return StoryLater(front, load)

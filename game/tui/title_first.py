"""The title screen first, the story while the player reads it: the packs' manifests now, the rest in a thread.

The title screen names the game, describes it and offers its roles: all of it is
in each pack's ``pack.yaml``, a few hundred bytes. Everything else (the scenes,
the glossary, the sources: with an empty play cache, a full parse and check of
every file) is loaded by :class:`StoryLater` in a thread the app starts once the
title screen is on the terminal, so the player never waits for what the first
screen does not show. A manifest that does not read as plain data gives ``None``:
the story is then loaded before the app starts, and its problems are printed as
they always were. No Textual here: the app drives the thread.
"""

from __future__ import annotations

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
    front = read_front(roots)
    if front is None:
        return None

    def load() -> Loaded:
        from game.story.cache import load_for_play

        return load_for_play(roots)

    return StoryLater(front, load)

"""A cold start's first scene from a partial read, and the whole story built behind it.

With an empty play cache, reading and validating the whole campaign takes several times as long as
``import yaml``, so plain mode shows its first scene from a *partial* read: every pack's manifest
(roles, variables, the pack's title), the scene files that define or extend the first scene, and the
files that define the scenes its choices lead to (the first screen says which of them end the story
at once). Those entries go through the same readers, schema and :class:`~game.story.building.Builder`
as a full load, so they are validated by the same code, not by a second validator.

What the partial read leaves out it cannot check: a ``goto``, ``visited(...)`` or ``chose(...)`` into a
file it did not read, a source or a timeline event. The builder already excuses exactly those
references into files it *could not* read (:class:`~game.story.reading.UnreadScenes`); the partial
read tells it that it could read none of the others, so a reference is excused, never invented. Then
:class:`WholeStory` builds the whole story in a thread while the player reads, and every check runs
on it before the first choice is applied or anything is saved.

Whenever the partial read has any doubt (a file refused or unparsable, an error in what it read, the
first scene or a target of its choices not found, a role to ask for), it gives up and the caller
loads the whole story as before: so an error is reported with the full load's own messages, before
anything is shown.
"""

from __future__ import annotations

import _thread
import os
from collections.abc import Iterable, Sequence

from game.story import schema
from game.story.building import Builder
from game.story.errors import Problem
from game.story.gcpause import paused_gc
from game.story.model import Story
from game.story.packfiles import MAX_PACK_BYTES, Listing, PackFile, PackReader, PackRefused, list_pack
from game.story.reading import Reader, UnreadScenes, display_path
from game.story.records import RawPack, RawScene

PARTIAL_HASH = "partial:"
"""How a partial story's ``content_hash`` begins, so no save can ever be mistaken for one of the whole story."""

_NOT_READ = ("timeline.yaml", "sources.yaml", "glossary.yaml")
"""The reference files the first screen does not show (sources appear with ``r``, after the whole story is in)."""


class _ReadOnce(PackReader):
    """A pack's reader that reads each file once: a file's bytes come from ``known`` when they are there.

    ``known`` holds the bytes the play cache's fingerprint read a moment before (by the same rules,
    :class:`~game.story.packfiles.PackReader`'s, every file of the pack in the listing's order), and
    each file this reader reads: the search for the first scene's targets goes over the same files
    as the search for the first scene. The bytes stand for a read only while the pack's byte budget
    would not refuse them (a partial read reads fewer bytes than the fingerprint, so that is always);
    otherwise the file is read, and refused, as before.
    """

    def __init__(self, root: str, known: dict[str, bytes]) -> None:
        super().__init__(root)
        self.known = known

    def read(self, path: str) -> bytes:
        data = self.known.get(path)
        if data is None or len(data) > MAX_PACK_BYTES - self.total:
            data = self.known[path] = super().read(path)
        else:
            self.total += len(data)
        return data


class _Pack:
    """One pack of the partial read: its listing, its reader and the raw records read so far."""

    def __init__(self, raw: RawPack, listing: Listing, known: dict[str, bytes]) -> None:
        self.raw = raw
        self.listing = listing
        self.files = _ReadOnce(raw.root, known)
        self.read: dict[str, list[RawScene]] = {}
        """The scene files read so far, by path, each with its entries."""

    def raw_pack(self) -> RawPack:
        """The raw pack of what was read, its entries in the order of the pack's files (as a full read has them)."""
        self.raw.scenes = [scene for file in self.listing.scenes for scene in self.read.get(file.path, [])]
        return self.raw


def first_story(
    roots: Sequence[str], role: str | None, start: str | None, read: dict[str, bytes] | None = None
) -> Story | None:
    """A story holding just what the first screen of ``role`` (or of the scene ``start``) shows; None when unsure.

    None means "load the whole story": a file refused or unparsable, any error in what was read,
    the first scene or a scene its choices lead to not found, or no role chosen among several.
    ``read``: the bytes of pack files read already, by path (:func:`game.story.cache.fingerprint`'s),
    so they are not read again; the files this read reads are added to it.
    """
    known = {} if read is None else read
    with paused_gc():
        reader = Reader()
        packs = _manifests(reader, roots, known)
        if packs is None:
            return None
        first = start or _start_of(packs, role)
        if first is None:
            return None
        if not _read_naming(reader, packs, {first}):
            return None
        targets = {goto for entry in _entries_of(packs, first) for goto in _gotos(entry)} - {first}
        if targets and not _read_naming(reader, packs, targets):
            return None
        if any(p.severity == "error" for p in reader.problems):
            return None
        unread = UnreadScenes()
        unread.anything = True  # every scene file not read may define any scene: the whole build checks them
        unread.broken_files.update(_NOT_READ)
        story = Builder([p.raw_pack() for p in packs], reader.problems, unread).build(
            PARTIAL_HASH + reader.hash.hexdigest()
        )
    if story is None or any(p.severity == "error" for p in reader.problems):
        return None
    scene = story.scenes.get(first)
    if scene is None or (role is not None and scene.role != role):
        return None
    if any(choice.goto not in story.scenes for choice in scene.choices):
        return None  # a target in a file the id search missed: the first screen could not say where it leads
    return story


def _manifests(reader: Reader, roots: Sequence[str], known: dict[str, bytes]) -> list[_Pack] | None:
    """Each pack's listing and validated manifest, the base campaign put under a lone mod of it; None if unsure."""
    packs: list[_Pack] = []
    for root in roots:
        pack = _manifest(reader, root, known)
        if pack is None:
            return None
        packs.append(pack)
    first = packs[0].raw.info if packs else None
    if first is not None and first.get("extends"):  # the same rule as game.story.loader.load_with_problems
        from game.story.locate import base_pack

        base = base_pack()
        if os.path.realpath(base) not in [os.path.realpath(p.raw.root) for p in packs]:
            below = _manifest(reader, base, known)
            if below is None:
                return None
            if below.raw.info is not None and below.raw.info.get("id") == first["extends"]:
                packs.insert(0, below)
    return packs


def _manifest(reader: Reader, folder: str, known: dict[str, bytes]) -> _Pack | None:
    root = os.path.normpath(folder)  # as the whole load has it (Reader.read_pack)
    listing = list_pack(root)
    manifest = listing.special.get("pack.yaml")
    if listing.problems or manifest is None:
        return None
    pack = _Pack(RawPack(root, None, display_path(os.path.join(root, "pack.yaml"))), listing, known)
    info = reader.read(manifest, schema.PACK, pack.files)
    if info is schema.MISSING:
        return None
    pack.raw.info = info
    return pack


def _start_of(packs: list[_Pack], role: str | None) -> str | None:
    """The first scene of ``role`` as the manifests declare it (of the only role, when none is named)."""
    declared: dict[str, object] = {}
    for pack in packs:
        assert pack.raw.info is not None
        for name, item in pack.raw.info.get("roles", {}).items():
            declared.setdefault(name, item.value.get("start"))
    if role is None and len(declared) == 1:
        role = next(iter(declared))
    start = declared.get(role) if role is not None else None
    return start if isinstance(start, str) else None


def _read_naming(reader: Reader, packs: list[_Pack], ids: set[str]) -> bool:
    """Read, in every pack, each scene file whose text defines or extends one of ``ids``; False if one fails.

    A file is searched for the ids as plain bytes first (one C search each), and only a file that
    holds one is matched against ``id:``/``extend:`` (:func:`_written`): a pattern tried at every
    position of every file cost a third of the partial read. A false match (an ``id:`` of a choice)
    only reads a file more; a miss is caught after the build (the scene is not there) and the whole
    story is loaded.
    """
    wanted = [i.encode() for i in sorted(ids) if i]  # "" is no scene's id: a target of "" is an error anyway
    for pack in packs:
        for file in pack.listing.scenes:
            if file.path in pack.read:
                continue
            try:
                data = pack.files.read(file.path)
            except (PackRefused, OSError):
                return False
            if not any(ident in data and _written(data, ident) for ident in wanted):
                continue
            if not _read_scenes(reader, pack, file):
                return False
    return True


_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
"""The bytes of a name: a scene id found must not be part of a longer one."""


def _written(data: bytes, ident: bytes) -> bool:
    r"""Whether ``data`` names ``ident`` as an ``id`` or an ``extend``, as the pattern
    ``(?<![\w-])(?:id|extend)[ \t]*:[ \t]*["']?IDENT(?![\w-])`` finds it.

    Looked for by hand at each place ``ident`` occurs (a few in a file that holds it at all): compiling
    that pattern for the ids of each search cost more than the searches (about 0.4 ms each).
    """
    at = data.find(ident)
    while at >= 0:
        end = at + len(ident)
        if end == len(data) or data[end] not in _NAME_BYTES:
            before = at
            if before and data[before - 1] in b"\"'":
                before -= 1
            while before and data[before - 1] in b" \t":
                before -= 1
            if before and data[before - 1] == ord(":"):
                before -= 1
                while before and data[before - 1] in b" \t":
                    before -= 1
                for key in (b"id", b"extend"):
                    start = before - len(key)
                    if data.endswith(key, 0, before) and (start == 0 or data[start - 1] not in _NAME_BYTES):
                        return True
        at = data.find(ident, at + 1)
    return False


def _read_scenes(reader: Reader, pack: _Pack, file: PackFile) -> bool:
    entries = reader.read(file, schema.SCENE_FILE, pack.files)
    if entries is schema.MISSING:
        return False
    folder = file.parts[0] if len(file.parts) > 1 else None
    pack.read[file.path] = [RawScene(entry, folder) for entry in entries]
    return True


def _entries_of(packs: list[_Pack], scene_id: str) -> Iterable[schema.Entry]:
    """The entries read so far that define or extend ``scene_id``."""
    for pack in packs:
        for scene in (scene for scenes in pack.read.values() for scene in scenes):
            if scene.entry.get("id") == scene_id or scene.entry.get("extend") == scene_id:
                yield scene.entry


def _gotos(entry: schema.Entry) -> Iterable[str]:
    for choice in entry.get("choices", []):
        goto = choice.get("goto")
        if isinstance(goto, str):
            yield goto


HEAD_START = 0.05
"""Seconds the main thread has to itself once the whole build is started, unless the whole story is asked for.

Starting a thread that at once runs Python hands it the interpreter for a switch interval or more
(measured: 14 ms before ``threading.Thread.start`` returned), so the prompt, and a quit typed ahead or piped
in, would wait for the build. Waiting this long first costs a reader nothing, and :meth:`WholeStory.wait`
ends it."""


class WholeStory:
    """The whole story, loaded, validated and cached in a background thread while the player reads the first scene.

    :meth:`start` after the first scene is on the screen (so the build does not compete with it);
    :meth:`wait` before anything needs more than the first screen. The thread is one the interpreter
    does not wait for at exit (like a daemon thread), so quitting at the first scene never waits for
    it: what it was writing is a temporary file that is never read (:func:`game.story.cache.store`
    renames it into place only when it is whole), and the next start is a cold one again. The cache
    is stored before :meth:`wait` returns, so a game that went on past the first scene always leaves
    it complete. Built on :mod:`_thread` (the standard library's documented low-level API), not
    :mod:`threading`, whose import alone cost a cold start 1.5-2 ms.
    """

    def __init__(self, roots: Sequence[str], key: str | None) -> None:
        self.roots = list(roots)
        self.key = key
        self.story: Story | None = None
        self.problems: list[Problem] = []
        self._failure: BaseException | None = None
        self._started = False
        self._running = _thread.allocate_lock()
        """Held from :meth:`start` until the build is over: :meth:`wait` waits by taking it."""
        self._asked = _thread.allocate_lock()
        """Held until :meth:`wait` lets it go: the whole story is needed now, so the build gives no head start."""
        self._asked.acquire()

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._running.acquire()
            _thread.start_new_thread(self._build, ())

    def wait(self) -> tuple[Story | None, list[Problem]]:
        """The whole story and every problem found (the story None when there is an error), as the full load's."""
        if self._asked.locked():
            self._asked.release()
        self.start()
        with self._running:  # the build is over
            pass
        if self._failure is not None:
            raise self._failure  # a bug in the loader, raised where the player's game stops, not lost in the thread
        return self.story, self.problems

    def _build(self) -> None:
        try:
            # Blocks without holding the interpreter, so start() returns at once.
            if self._asked.acquire(timeout=HEAD_START):
                self._asked.release()
            from game.story.cache import store
            from game.story.loader import load_with_problems

            story, problems = load_with_problems(self.roots)
            if self.key and story is not None and not any(p.severity == "error" for p in problems):
                store(self.roots, story, self.key)
            self.story, self.problems = story, problems
        except BaseException as exc:  # noqa: BLE001 - handed to wait(), which raises it in the main thread
            self._failure = exc
        finally:
            self._running.release()

"""A cache of loaded packs, so play starts without parsing YAML.

Plain mode must show its first scene in about the time it takes Python to
``import yaml``. Parsing and validating the campaign takes longer than that,
so the validated story is kept as JSON, keyed by a hash of every file's
*content* (not its time stamp): any edit, in any file, misses the cache.

Only play uses the cache; ``check`` and the tools always read the files so
their messages carry exact locations. JSON rather than pickle or marshal:
a cache file is data, and reading it can never run code. A damaged cache is
ignored and rewritten.

On a miss, a new plain game does not wait for the whole build: :func:`load_first_for_play`
shows the first scene from a partial read (:mod:`game.story.first_read`) and builds, validates
and stores the whole story in a thread while the player reads.

A cache file is one line of JSON header (format, key, the layout of the
records, and a BLAKE2 digest of the rest), then the story as JSON
(:mod:`game.story.storydata`; its large mappings one JSON text per entry and
line, decoded when first read: see :func:`encode`). The digest is checked before anything is decoded,
so a file cut short or damaged is a miss as a whole. That is also why the
cache is written without ``fsync``: a kill leaves the old file or the new one
(the rename is atomic), and a file that a power cut left incomplete fails its
digest. A temporary file left by a killed writer is never read (its name is
not a key).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

try:  # the bare BLAKE2 module: hashlib would load OpenSSL, which costs more than the hashing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython we support has it
    from hashlib import blake2b

from game.story.packfiles import PackReader, PackRefused, list_pack

if TYPE_CHECKING:
    from game.story.errors import Problem
    from game.story.first_read import WholeStory
    from game.story.model import Story

# json and game.story.storydata are imported where a cache file is read or written, not here: a cold
# start (no cache file yet) shows its first scene without either, and json alone costs it 2-3 ms.

FORMAT = 5
"""Raised whenever what a valid story is changes, or how it is stored (2: links, limits and ``{name}`` places
are checked; 3: every field of every record, expressions as named nodes; 4: a scene's conditional passages; 5: a
header with a digest, entries decoded when first read), so that a story validated by older rules is read again."""
_KEEP = 8


def cache_dir() -> str | None:
    """Where cache files go, or None when caching is switched off (SPRING68_NO_CACHE=1).

    SPRING68_CACHE_DIR names the folder; otherwise it is the platform's user cache folder
    (``~/.cache/spring68`` or ``$XDG_CACHE_HOME/spring68`` on Linux), as saves use its data folder.
    """
    if os.environ.get("SPRING68_NO_CACHE"):
        return None
    explicit = os.environ.get("SPRING68_CACHE_DIR")
    if explicit:
        return explicit
    from game.user_folders import user_cache_dir

    return user_cache_dir("spring68")


def fingerprint(roots: Sequence[str], kept: dict[str, bytes] | None = None) -> str:
    """A hash of every pack file's name and bytes, in a fixed order: the files the loader reads, read the same way.

    The files come from :func:`~game.story.packfiles.list_pack` and are read
    by a :class:`~game.story.packfiles.PackReader`, so a FIFO, a device, a
    link out of the pack or a file over the size limits is never opened or
    read whole here either; it goes into the hash as the reason it is refused
    (the loader then reports it, and nothing is cached). Raises ``OSError``
    when a file cannot be read.

    ``kept``, when given, receives the bytes of every file read, by its path: a cold start's partial
    read (:func:`~game.story.first_read.first_story`) then builds from the very bytes the key was
    taken of, without opening the files again.
    """
    from game import __version__

    digest = blake2b(digest_size=20)
    digest.update(f"{FORMAT}:{__version__}:{sys.version_info[:2]}".encode())
    for root in roots:
        digest.update(b"\1" + os.path.realpath(root).encode("utf-8", "replace"))
        listing = list_pack(root)
        for where, refusal in listing.problems:
            digest.update(b"\2" + where.encode("utf-8", "replace") + b"\0" + refusal.message.encode())
        files = PackReader(root)
        for file in listing.files():
            digest.update(b"\0" + file.path.encode("utf-8", "replace") + b"\0")
            try:
                data = files.read(file.path)
            except PackRefused as exc:
                digest.update(b"\3" + exc.refusal.message.encode())
                continue
            digest.update(str(len(data)).encode() + b"\0" + data)
            if kept is not None:
                kept[file.path] = data
    return digest.hexdigest()


def load(roots: Sequence[str], key: str | None = None) -> Story | None:
    """The cached story for exactly these files (or for ``key``, their fingerprint), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    # Reading makes tens of thousands of objects that all live as long as the story; the cyclic
    # garbage collector would walk them again and again as they are made (a millisecond of a
    # start-up) and could free none of them, so it waits until they are all made.
    collecting = gc.isenabled()
    gc.disable()
    try:
        key = key or fingerprint(roots)
        with open(os.path.join(folder, f"{key}.json"), "rb") as handle:
            data = handle.read()
        import json

        from game.story.storydata import from_plain, shape

        newline = data.index(b"\n")
        header = json.loads(data[:newline])
        body = memoryview(data)[newline + 1 :]
        if (
            header.get("format") != FORMAT
            or header.get("key") != key
            or header.get("shape") != shape()
            or header.get("digest") != body_digest(body)
        ):
            return None
        return from_plain(_decode_body(data[newline + 1 :].decode("ascii")))
    except Exception:  # noqa: BLE001 - any damage to a cache file is a miss, never a failure
        return None
    finally:
        if collecting:
            gc.enable()


def body_digest(body: bytes | memoryview) -> str:
    """The digest a cache header gives for the body after it."""
    return blake2b(body, digest_size=20).hexdigest()


def encode(story: Story, key: str) -> bytes:
    """The bytes of the cache file for ``story`` under ``key``: the header line, then the body it vouches for.

    The body's first line is the JSON of the story's small fields, with the keys of each lazily
    read mapping (:data:`~game.story.storydata.LAZY_FIELDS`); then one line per entry of those
    mappings, its JSON text, in that order. So the entries' texts are taken out with one split,
    never scanned as strings inside a larger JSON (which costs escaping every quote in them).
    JSON escapes every control character, so no entry's text holds a line break. Plain ASCII
    (``\\u`` escapes for the few other letters): reading ASCII into a string is several times
    faster than decoding UTF-8 with Czech letters in it.
    """
    import json

    from game.story.storydata import LAZY_FIELDS, shape, to_plain

    plain = to_plain(story)
    lines: list[str] = []
    for name in LAZY_FIELDS:
        texts = plain[name]
        plain[name] = list(texts)
        lines.extend(texts.values())
    body = "\n".join([json.dumps(plain, separators=(",", ":")), *lines]).encode("ascii")
    header = json.dumps({"format": FORMAT, "key": key, "shape": shape(), "digest": body_digest(body)})
    return header.encode("ascii") + b"\n" + body


def _decode_body(body: str) -> dict[str, Any]:
    """The plain story :func:`encode` wrote into ``body`` (each lazy mapping as its entries' texts by key)."""
    import json

    from game.story.storydata import LAZY_FIELDS

    first, *lines = body.split("\n")
    plain: dict[str, Any] = json.loads(first)
    start = 0
    for name in LAZY_FIELDS:
        keys = plain[name]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            raise ValueError(f"a damaged cache: the keys of {name}")
        plain[name] = dict(zip(keys, lines[start : start + len(keys)], strict=True))
        start += len(keys)
    if start != len(lines):
        raise ValueError("a damaged cache: more entries than keys")
    return plain


def store(roots: Sequence[str], story: Story, key: str | None = None) -> None:
    """Write the cache atomically (without ``fsync``: see the module's note); failing to write is silently fine.

    A read-only home or a full disk only costs the next start its speed. Pass the ``key`` taken
    *before* loading: a file edited during the load then misses the cache next time instead of
    hitting a stale entry.
    """
    from pathlib import Path

    name = cache_dir()
    if name is None:
        return
    folder = Path(name)
    try:
        key = key or fingerprint(roots)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{key}.json"
        from game.durable import write_atomic

        write_atomic(target, encode(story, key), durable=False)
        old = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[_KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
    except OSError:
        return


def load_for_play(paths: Sequence[str | os.PathLike[str]] | None) -> tuple[Story | None, list[Problem]]:
    """The story for playing: from the cache when the files are unchanged, else loaded and cached.

    Returns ``(story, problems)`` like :func:`game.story.loader.load_with_problems`.
    """
    from game.story.locate import base_pack

    roots = [os.fspath(p) for p in paths] if paths else [base_pack()]
    key = None
    if cache_dir() is not None and all(os.path.isfile(os.path.join(root, "pack.yaml")) for root in roots):
        try:
            key = fingerprint(roots)  # once: the same key looks up and, on a miss, stores
        except OSError:
            key = None
        story = load(roots, key) if key else None
        if story is not None:
            return story, []
    from game.story.loader import load_with_problems

    story, problems = load_with_problems(roots)
    if key and story is not None and not any(p.severity == "error" for p in problems):
        store(roots, story, key)
    return story, problems


def load_first_for_play(
    paths: Sequence[str | os.PathLike[str]] | None, role: str | None, start: str | None
) -> tuple[Story | None, list[Problem], WholeStory | None]:
    """The story for a new game's first scene: the cached story, or on a miss a partial read and the whole behind it.

    Returns ``(story, problems, whole)``. ``whole`` is None when ``story`` is the whole story (a
    cache hit, or a full load as :func:`load_for_play`'s, e.g. when the partial read was unsure or
    found an error: then ``problems`` are the full load's). Otherwise ``story`` holds only what the
    first screen of ``role`` (or of the scene ``start``) shows (:mod:`game.story.first_read`), and
    ``whole`` builds, validates and caches the whole story once started.
    """
    from game.story.locate import base_pack

    roots = [os.fspath(p) for p in paths] if paths else [base_pack()]
    if cache_dir() is None or not all(os.path.isfile(os.path.join(root, "pack.yaml")) for root in roots):
        return (*load_for_play(roots), None)
    read: dict[str, bytes] = {}
    try:
        key: str | None = fingerprint(roots, read)
    except OSError:
        key = None
        read.clear()  # a file could not be read: the partial read finds out for itself
    story = load(roots, key) if key else None
    if story is not None:
        return story, [], None
    from game.story.first_read import WholeStory, first_story

    first = first_story(roots, role, start, read)
    read.clear()  # the whole build reads the files again, as a full load does
    whole = WholeStory(roots, key)
    if first is None:
        return (*whole.wait(), None)  # the whole story at once, in this thread's turn (no other work is waiting)
    return first, [], whole

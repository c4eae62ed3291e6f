"""A cache of loaded packs, so play starts without parsing YAML.

Plain mode must show its first scene in about the time it takes Python to
``import yaml``. Parsing and validating the campaign takes longer than that,
so the validated story is kept as JSON, keyed by a hash of every file's
*content* (not its time stamp): any edit, in any file, misses the cache.

Only play uses the cache; ``check`` and the tools always read the files so
their messages carry exact locations. JSON rather than pickle or marshal:
a cache file is data, and reading it can never run code. A damaged cache is
ignored and rewritten.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

try:  # the bare BLAKE2 module: hashlib would load OpenSSL, which costs more than the hashing
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython we support has it
    from hashlib import blake2b

from game.story.errors import Loc, Problem
from game.story.expressions import CompiledExpr, compile_expr
from game.story.model import (
    Choice,
    Effect,
    Ending,
    GlossaryEntry,
    History,
    PackInfo,
    Role,
    Scene,
    Source,
    Story,
    TimelineEvent,
    Variable,
)
from game.story.packfiles import PackReader, PackRefused, list_pack

FORMAT = 2
"""Raised whenever what a valid story is changes (2: links, limits and ``{name}`` places are checked), so
that a story validated by older rules is read again."""
_KEEP = 8


def cache_dir() -> str | None:
    """Where cache files go, or None when caching is switched off (SPRING68_NO_CACHE=1)."""
    if os.environ.get("SPRING68_NO_CACHE"):
        return None
    explicit = os.environ.get("SPRING68_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "spring68")


def fingerprint(roots: Sequence[str]) -> str:
    """A hash of every pack file's name and bytes, in a fixed order: the files the loader reads, read the same way.

    The files come from :func:`~game.story.packfiles.list_pack` and are read
    by a :class:`~game.story.packfiles.PackReader`, so a FIFO, a device, a
    link out of the pack or a file over the size limits is never opened or
    read whole here either; it goes into the hash as the reason it is refused
    (the loader then reports it, and nothing is cached). Raises ``OSError``
    when a file cannot be read.
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
        with open(os.path.join(folder, f"{key}.json"), encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT or data.get("key") != key:
            return None
        return _from_plain(data["story"])
    except Exception:  # noqa: BLE001 - any damage to a cache file is a miss, never a failure
        return None
    finally:
        if collecting:
            gc.enable()


def store(roots: Sequence[str], story: Story, key: str | None = None) -> None:
    """Write the cache atomically; failing to write (read-only home, full disk) is silently fine.

    Pass the ``key`` taken *before* loading: a file edited during the load then
    misses the cache next time instead of hitting a stale entry.
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
        temp = folder / f".{key}.{os.getpid()}.tmp"
        with open(temp, "w", encoding="utf-8") as handle:
            # Plain ASCII (\u escapes for the few other letters): reading an ASCII file into a
            # string is several times faster than decoding one with Czech letters in it, and a
            # millisecond of every start.
            json.dump({"format": FORMAT, "key": key, "story": _to_plain(story)}, handle)
        os.replace(temp, target)
        old = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[_KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
    except OSError:
        return


# ---- story <-> plain JSON data ---------------------------------------------------


def _expr(expr: CompiledExpr | None) -> Any:
    return None if expr is None else [expr.source, expr.tree, expr.kind]


def _unexpr(data: Any) -> CompiledExpr | None:
    if data is None:
        return None
    source, tree, kind = data
    tree = _tuples(tree)
    return CompiledExpr(source, tree, compile_expr(tree), kind)


def _value(data: Any) -> CompiledExpr:
    """An effect's value: always an expression (a cache that says otherwise is damaged, and a miss)."""
    expr = _unexpr(data)
    if expr is None:
        raise ValueError("an effect without a value")
    return expr


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _loc(loc: Loc) -> list[Any]:
    return [loc.file, loc.line, loc.col]


def _to_plain(story: Story) -> dict[str, Any]:
    return {
        "packs": [list(p) for p in story.packs],
        "roles": [list(r[:4]) for r in story.roles.values()],
        "variables": [list(v[:8]) for v in story.variables.values()],
        "scenes": [
            {
                "id": s.id,
                "role": s.role,
                "title": s.title,
                "date": s.date.toordinal(),
                "place": s.place,
                "text": s.text,
                "history": [s.history.text, list(s.history.sources)],
                "choices": [
                    [
                        c.id,
                        c.local_id,
                        c.scene,
                        c.label,
                        c.goto,
                        _expr(c.condition),
                        [[e.variable, e.mode, _expr(e.value)] for e in c.effects],
                        c.record,
                        _loc(c.loc),
                    ]
                    for c in s.choices
                ],
                "anchor": s.anchor,
                "flashback": s.flashback,
                "discuss": list(s.discuss),
                "ending": list(s.ending) if s.ending else None,
                "pack": s.pack,
                "loc": _loc(s.loc),
            }
            for s in story.scenes.values()
        ],
        "timeline": [
            [
                e.id,
                e.start.toordinal(),
                e.end.toordinal(),
                e.title,
                e.summary,
                [list(f) for f in e.figures],
                list(e.sources),
            ]
            for e in story.timeline.values()
        ],
        "sources": [list(s[:8]) for s in story.sources.values()],
        "glossary": [[g.id, g.term, g.kind, g.text, list(g.aliases)] for g in story.glossary.values()],
        "fixed_points": {k: list(v) for k, v in story.fixed_points.items()},
        "content_hash": story.content_hash,
    }


def _from_plain(data: dict[str, Any]) -> Story:
    day = dt.date.fromordinal
    scenes = {}
    for s in data["scenes"]:
        choices = tuple(
            Choice(
                c[0],
                c[1],
                c[2],
                c[3],
                c[4],
                _unexpr(c[5]),
                tuple(Effect(e[0], e[1], _value(e[2])) for e in c[6]),
                c[7],
                Loc(*c[8]),
            )
            for c in s["choices"]
        )
        scenes[s["id"]] = Scene(
            s["id"],
            s["role"],
            s["title"],
            day(s["date"]),
            s["place"],
            s["text"],
            History(s["history"][0], tuple(s["history"][1])),
            choices,
            s["anchor"],
            s["flashback"],
            tuple(s["discuss"]),
            Ending(*s["ending"]) if s["ending"] else None,
            s["pack"],
            Loc(*s["loc"]),
        )
    return Story(
        tuple(PackInfo(*p) for p in data["packs"]),
        {r[0]: Role(*r) for r in data["roles"]},
        {v[0]: Variable(*v) for v in data["variables"]},
        scenes,
        {
            e[0]: TimelineEvent(e[0], day(e[1]), day(e[2]), e[3], e[4], tuple(tuple(f) for f in e[5]), tuple(e[6]))
            for e in data["timeline"]
        },
        {s[0]: Source(*s) for s in data["sources"]},
        {g[0]: GlossaryEntry(g[0], g[1], g[2], g[3], tuple(g[4])) for g in data["glossary"]},
        {k: tuple(v) for k, v in data["fixed_points"].items()},
        data["content_hash"],
    )


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

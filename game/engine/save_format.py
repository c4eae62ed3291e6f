"""The save *format*: what a save file holds, its checksum, and how one is read, checked and replayed.

A save is a small JSON file: the format and its version, the packs it was
made with, the story's content hash, the role, timestamps, and the state
with its log of choices by stable id (plus any block kept beside the game,
such as a class's votes under ``classroom``), sealed with a checksum of all of it.
Restoring replays that log against the story as it is *now*, so a save made
before an edit still loads; if a choice it needs has gone, play resumes at
the last point that still exists and the player is told so.

Reading refuses anything that is not exactly a save of ours, with a message
that names the file: too large, empty, not JSON, another program's JSON, a
newer format, a checksum that does not match (one flipped bit is enough),
or a state of the wrong shape. The checksum guards against damage, not
against a person: anyone can recompute it. The folder of saves (slots, the
autosave and its backup) is :mod:`game.engine.saves`; writing a file durably
is :mod:`game.durable`.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from game.engine import rules
from game.engine.state import GameState, StateError
from game.i18n.lazy import _
from game.story.model import Story

FORMAT = "spring68-save"
VERSION = 1
MAX_SAVE_BYTES = 1024 * 1024
MAX_LOG = 10_000
"""Choices in one save; a playthrough makes dozens. Bounds the work of replaying a hostile save."""
_CHECKSUM_PREFIX = "sha256:"


class SaveError(Exception):
    """A save that cannot be read or written; the message is for the player (in the interface's language)."""


class NoSuchSave(SaveError):
    """The save asked for does not exist: not damage, so a front end can say "no game yet" instead."""


class Restored(NamedTuple):
    state: GameState
    note: str
    """Empty when the save replayed completely; otherwise why it stopped early (or came from the backup)."""


# ---- the document -------------------------------------------------------------------


def _canonical(document: dict[str, Any]) -> bytes:
    body = {key: value for key, value in document.items() if key != "checksum"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(document: dict[str, Any]) -> str:
    """The checksum a save carries: SHA-256 of every other field, in a canonical form."""
    return _CHECKSUM_PREFIX + _sha256(_canonical(document)).hexdigest()


def _sha256(data: bytes) -> Any:
    """SHA-256 from CPython's own module, the same digest: ``hashlib`` loads OpenSSL's for it (``_hashlib``: 0.6 MiB
    of the app's peak RSS, 4 MiB in plain mode, and 1.5 ms of a title screen that reads the autosave)."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found]  # Python 3.12+
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found]  # Python 3.11
        except ImportError:  # a Python built without them
            from hashlib import sha256
    return sha256(data)


_OWN_KEYS = frozenset(
    {
        "format",
        "version",
        "packs",
        "content_hash",
        "slot",
        "role",
        "scene_title",
        "story_date",
        "created",
        "saved",
        "state",
        "checksum",
        "_notice",
    }
)
"""The document's own fields; an ``extra`` block may not replace one of them."""
MAX_VOTES_PER_STEP = 100
"""Choices counted in one vote; a scene offers a handful."""


def save_document(
    story: Story, state: GameState, slot: str, created: float | None = None, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The save as a JSON-ready dict; ``extra`` blocks (e.g. ``{"classroom": ...}``) are stored beside the game.

    The checksum is computed over every field but itself, so the extra blocks are sealed with the rest.
    """
    scene = story.scenes.get(state.scene)
    now = round(time.time(), 3)  # milliseconds: a digit changed anywhere in the file changes the value
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "packs": [{"id": p.id, "version": p.version} for p in story.packs],
        "content_hash": story.content_hash,
        "slot": slot,
        "role": state.role,
        "scene_title": scene.title if scene else state.scene,
        "story_date": scene.date.isoformat() if scene else "",
        "created": round(created, 3) if created else now,
        "saved": now,
        "state": state.to_dict(),
    }
    for key, value in (extra or {}).items():
        if not isinstance(key, str) or key in _OWN_KEYS:
            raise SaveError(f"cannot save this game: '{key}' is a field of the save itself")
        if value is not None:
            document[key] = json.loads(json.dumps(value))  # a plain JSON copy: later changes cannot touch it
    document["checksum"] = checksum(document)
    return document


_CLASS_KEYS = frozenset({"votes", "name", "started", "lesson"})
_VOTE_KEYS = frozenset({"step", "choice", "counts", "decided", "source"})
MAX_CLASS_TEXT = 100
"""Characters of a class block's name, first day or lesson id (the game writes at most 40)."""


def _classroom_problem(block: object, log_length: int) -> str | None:
    """Why a save's ``classroom`` block is malformed, or None when it is well formed.

    The block is ``{"votes": [{"step": int, "choice": str, "counts": {choice id: int}, "decided"?: str,
    "source"?: "hands" | "devices"}, ...],
    "name"?: str, "started"?: str, "lesson"?: str}``, steps increasing, each naming a choice the game
    made (an index into the log of choices). Saves from before class names have only ``votes``.
    """
    if not isinstance(block, dict) or not set(block) <= _CLASS_KEYS or not isinstance(block.get("votes"), list):
        return "bad class votes: expected a list of votes"
    for key in ("name", "started", "lesson"):
        if key in block and (not isinstance(block[key], str) or len(block[key]) > MAX_CLASS_TEXT):
            return f"bad class {key}: expected a short text"
    votes = block["votes"]
    if len(votes) > MAX_LOG:
        return "bad class votes: too many"
    last = -1
    for vote in votes:
        if not isinstance(vote, dict) or not {"step", "choice", "counts"} <= set(vote) <= _VOTE_KEYS:
            return "bad class votes: a vote needs a step, a choice and counts"
        step, choice, counts = vote["step"], vote["choice"], vote["counts"]
        if not isinstance(step, int) or isinstance(step, bool) or not last < step < max(log_length, 0):
            return "bad class votes: a vote is for a choice the game did not make"
        last = step
        if not isinstance(choice, str) or not choice:
            return "bad class votes: a vote names no choice"
        if vote.get("decided", "vote") not in ("vote", "tie", "teacher"):
            return "bad class votes: a vote was decided by a vote, a tie or the teacher"
        if vote.get("source", "hands") not in ("hands", "devices"):
            return "bad class votes: a vote's counts came from hands or devices"
        if (
            not isinstance(counts, dict)
            or len(counts) > MAX_VOTES_PER_STEP
            or not all(
                isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1_000_000
                for k, v in counts.items()
            )
        ):
            return "bad class votes: counts are whole numbers of zero or more"
    return None


def read_save_bytes(path: Path) -> bytes:
    """The bytes of a save file, refusing anything that is not a small regular file."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block us
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NoSuchSave(_("{name}: there is no such save").format(name=name)) from None
    except OSError as exc:
        raise SaveError(
            _("{name}: cannot read the save ({problem})").format(name=name, problem=exc.strerror or exc)
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(_("{name}: this is not a save file (it is not a regular file)").format(name=name))
        if info.st_size > MAX_SAVE_BYTES:
            raise SaveError(
                f"{name}: {info.st_size:,} bytes is far too large for a save (at most {MAX_SAVE_BYTES:,}); "
                "it is not ours or it is damaged"
            )
        chunks = []
        left = MAX_SAVE_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise SaveError(
            _("{name}: cannot read the save ({problem})").format(name=name, problem=exc.strerror or exc)
        ) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(
            f"{name}: the file is far too large for a save (over {MAX_SAVE_BYTES:,} bytes); "
            "it is not ours or it is damaged"
        )
    return raw


def _finite(value: object) -> bool:
    # A range test, not math.isfinite: that overflows on a huge int; NaN and infinities fail the range too.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and -1e13 < value < 1e13


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _has_control_characters(data: object) -> bool:
    """True if any text in a JSON value holds a control character (they would reach the terminal on the load screen)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _CONTROL.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def parse_document(raw: bytes, name: str) -> dict[str, Any]:
    """Check a save's bytes; every failure is a SaveError naming the file."""
    if not raw.strip():
        raise SaveError(_("{name}: the save is empty (it was cut off or never finished)").format(name=name))
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SaveError(
            _("{name}: the save is damaged or cut short (it is not readable JSON)").format(name=name)
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(_("{name}: this is not a Spring '68 save").format(name=name))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(_("{name}: the save has no valid format version").format(name=name))
    if version > VERSION:
        raise SaveError(
            _(
                "{name}: the save was made by a newer version of the game (format {version}); "
                "update the game to load it"
            ).format(name=name, version=version)
        )
    sealed = data.get("checksum")
    if sealed is None:
        raise SaveError(
            _(
                "{name}: the save is damaged or was edited (it has no checksum; "
                "only saves from development builds before checksums lack one)"
            ).format(name=name)
        )
    try:
        expected = checksum(data)
    except (ValueError, RecursionError):  # nested as deep as json.loads allows, or numbers json.dumps refuses
        expected = ""
    if not isinstance(sealed, str) or not expected or sealed != expected:  # not a secret: a plain comparison
        raise SaveError(
            _("{name}: the save is damaged (its checksum does not match: the file was changed or corrupted)").format(
                name=name
            )
        )
    if _has_control_characters(data):
        raise SaveError(_("{name}: the save is damaged (it contains control characters)").format(name=name))
    try:
        state = GameState.from_dict(data.get("state"))
    except StateError as exc:
        raise SaveError(_("{name}: the save is damaged ({problem})").format(name=name, problem=exc)) from None
    if len(state.log) > MAX_LOG or len(state.path) > MAX_LOG + 1:
        raise SaveError(
            _("{name}: the save is damaged (it records more than {count} choices)").format(
                name=name, count=f"{MAX_LOG:,}"
            )
        )
    overrides = state.origin.get("set", {})
    if not all(isinstance(k, str) and isinstance(v, (int, bool)) for k, v in overrides.items()):
        raise SaveError(_("{name}: the save is damaged (bad starting values)").format(name=name))
    if not (
        _finite(data.get("saved", 0))
        and _finite(data.get("created", 0))
        and all(isinstance(data.get(key, ""), str) for key in ("scene_title", "story_date", "slot", "content_hash"))
    ):
        raise SaveError(_("{name}: the save is damaged (bad metadata)").format(name=name))
    packs = data.get("packs", [])
    if not isinstance(packs, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) and isinstance(p.get("version"), int) for p in packs
    ):
        raise SaveError(_("{name}: the save is damaged (bad list of packs)").format(name=name))
    if "classroom" in data:
        problem = _classroom_problem(data["classroom"], len(state.log))
        if problem:
            raise SaveError(_("{name}: the save is damaged ({problem})").format(name=name, problem=problem))
    return data


def read_document(path: Path) -> dict[str, Any]:
    """Read and check a save file; every failure is a SaveError naming the file."""
    return parse_document(read_save_bytes(Path(path)), str(path))


def restore(story: Story, data: dict[str, Any]) -> Restored:
    """Rebuild a game from a checked save document by replaying its choices."""
    saved = GameState.from_dict(data["state"])
    if saved.role not in story.roles:
        raise SaveError(
            _("this save is for the role '{role}', which the loaded story does not have").format(role=saved.role)
        )
    origin = saved.origin
    start = origin.get("scene") or None
    overrides = origin.get("set") or None
    try:
        result = rules.replay(story, saved.role, saved.log, start=start, overrides=overrides, game=saved.game or None)
    except rules.RuleError as exc:
        raise SaveError(_("this save cannot be continued: {problem}").format(problem=exc)) from None
    notes = []
    if data.get("_notice"):
        notes.append(str(data["_notice"]))
    if result.stopped:
        notes.append(
            f"The story has changed since this game was saved; it continues after choice "
            f"{result.applied} of {len(saved.log)} ({result.stopped})."
        )
    return Restored(result.state, " ".join(notes))

"""Saves that never lose a game.

A save is a small JSON file: the format and its version, the packs it was
made with, the role, and the state with its log of choices by stable id.
Restoring replays that log against the story as it is *now*, so a save made
before an edit still loads; if a choice it needs has gone, play resumes at
the last point that still exists and the player is told so.

Writing is atomic (temporary file in the same folder, flush, fsync, rename),
so a crash or a full disk leaves the old save or the new one, never half of
one; the previous autosave is kept as a backup. Reading refuses anything
that is not exactly a save of ours, with a message that names the file.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from game.engine import rules
from game.engine.state import GameState, StateError
from game.story.model import Story

FORMAT = "spring68-save"
VERSION = 1
MAX_SAVE_BYTES = 1024 * 1024
AUTOSAVE = "autosave"
SUFFIX = ".json"
BACKUP_SUFFIX = ".bak.json"
MAX_SLOT_CHARS = 40
_RESERVED = {"con", "prn", "aux", "nul", AUTOSAVE, *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class SaveError(Exception):
    """A save that cannot be read or written; the message is for the player."""


class SaveInfo(NamedTuple):
    """What the load screen shows about a save, read without replaying it."""

    slot: str
    path: Path
    role: str
    scene: str
    scene_title: str
    story_date: str
    saved_at: float
    choices: int


class Restored(NamedTuple):
    state: GameState
    note: str
    """Empty when the save replayed completely; otherwise why it stopped early."""


def slot_name(text: str) -> str:
    """Turn what a player typed into a safe file name, or raise SaveError.

    Only letters, digits, spaces, '-' and '_' survive; path separators, dots,
    NUL bytes and control characters cannot, so a slot can never point
    outside the save folder; device names such as CON are refused.
    """
    text = unicodedata.normalize("NFC", str(text))
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    kept = re.sub(r"\s+", " ", kept).strip(" -_")[:MAX_SLOT_CHARS].strip(" -_")
    if not kept:
        raise SaveError("a save name needs at least one letter or digit")
    if kept.lower() in _RESERVED:
        raise SaveError(f"'{kept}' is a reserved name; choose another")
    return kept


def default_folder() -> Path:
    """``saves/`` in a checkout when it is writable, else the user's data folder.

    ``SPRING68_SAVES`` overrides both (the ``--saves`` option sets it too).
    """
    explicit = os.environ.get("SPRING68_SAVES")
    if explicit:
        return Path(explicit).expanduser()
    checkout = Path(__file__).resolve().parents[2]
    local = checkout / "saves"
    if (checkout / "pyproject.toml").is_file() and local.is_dir() and os.access(local, os.W_OK):
        return local
    import platformdirs

    return Path(platformdirs.user_data_dir("spring68", appauthor=False)) / "saves"


def _atomic_write(path: Path, text: str) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    try:  # make the rename itself durable; not every platform can open a folder
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def save_document(story: Story, state: GameState, slot: str, created: float | None = None) -> dict[str, Any]:
    scene = story.scenes.get(state.scene)
    now = time.time()
    return {
        "format": FORMAT,
        "version": VERSION,
        "packs": [{"id": p.id, "version": p.version} for p in story.packs],
        "content_hash": story.content_hash,
        "slot": slot,
        "role": state.role,
        "scene_title": scene.title if scene else state.scene,
        "story_date": scene.date.isoformat() if scene else "",
        "created": created or now,
        "saved": now,
        "state": state.to_dict(),
    }


def read_document(path: Path) -> dict[str, Any]:
    """Read and check a save file's shape; every failure is a SaveError naming the file."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{name}: {size:,} bytes is far too large for a save (at most {MAX_SAVE_BYTES:,}); it is not ours or it is damaged")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"{name}: there is no such save") from None
    except OSError as exc:
        raise SaveError(f"{name}: cannot read the save ({exc.strerror or exc})") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SaveError(f"{name}: the save is damaged (not readable JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{name}: this is not a Spring '68 save")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{name}: the save has no valid format version")
    if version > VERSION:
        raise SaveError(f"{name}: the save was made by a newer version of the game (format {version}); update the game to load it")
    try:
        GameState.from_dict(data.get("state"))
    except StateError as exc:
        raise SaveError(f"{name}: the save is damaged ({exc})") from None
    if not isinstance(data.get("saved", 0), (int, float)) or not isinstance(data.get("scene_title", ""), str):
        raise SaveError(f"{name}: the save is damaged (bad metadata)")
    return data


def restore(story: Story, data: dict[str, Any]) -> Restored:
    """Rebuild a game from a checked save document by replaying its choices."""
    saved = GameState.from_dict(data["state"])
    if saved.role not in story.roles:
        raise SaveError(f"this save is for the role '{saved.role}', which the loaded story does not have")
    origin = saved.origin
    start = origin.get("scene") or None
    overrides = origin.get("set") or None
    try:
        result = rules.replay(story, saved.role, saved.log, start=start, overrides=overrides)
    except rules.RuleError as exc:
        raise SaveError(f"this save cannot be continued: {exc}") from None
    note = ""
    if result.stopped:
        note = (f"The story has changed since this game was saved; it continues after choice "
                f"{result.applied} of {len(saved.log)} ({result.stopped}).")
    return Restored(result.state, note)


class SaveFolder:
    """The saves of one player: an autosave (with its backup) and named slots."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()

    def path_for(self, slot: str) -> Path:
        return self.folder / f"{slot}{SUFFIX}"

    def write(self, story: Story, state: GameState, slot: str = AUTOSAVE) -> Path:
        """Save atomically; raises SaveError with a plain reason (read-only folder, full disk)."""
        name = AUTOSAVE if slot == AUTOSAVE else slot_name(slot)
        path = self.path_for(name)
        created = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps(save_document(story, state, name, created), ensure_ascii=False, indent=1)
            if name == AUTOSAVE and path.exists():
                backup = self.folder / f"{AUTOSAVE}{BACKUP_SUFFIX}"
                try:
                    read_document(path)
                    os.replace(path, backup)  # keep the last good autosave
                except SaveError:
                    pass  # never let a damaged autosave overwrite a good backup
            _atomic_write(path, text)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            if getattr(exc, "errno", None) == 28:
                reason = "the disk is full"
            raise SaveError(f"could not save to {path}: {reason}") from None
        return path

    def load(self, slot: str = AUTOSAVE) -> dict[str, Any]:
        """The save document of a slot; the autosave falls back to its backup if damaged."""
        name = AUTOSAVE if slot == AUTOSAVE else slot_name(slot)
        try:
            return read_document(self.path_for(name))
        except SaveError:
            if name != AUTOSAVE:
                raise
            backup = self.folder / f"{AUTOSAVE}{BACKUP_SUFFIX}"
            if backup.exists():
                return read_document(backup)
            raise

    def slots(self) -> tuple[list[SaveInfo], list[str]]:
        """Readable saves, newest first, and a message for each file that could not be read."""
        found: list[SaveInfo] = []
        problems: list[str] = []
        if not self.folder.is_dir():
            return found, problems
        for path in sorted(self.folder.glob(f"*{SUFFIX}")):
            if path.name.endswith(BACKUP_SUFFIX) or path.name.startswith("."):
                continue
            try:
                data = read_document(path)
            except SaveError as exc:
                problems.append(str(exc))
                continue
            state = data["state"]
            found.append(SaveInfo(path.stem, path, state["role"], state["scene"], data.get("scene_title", ""),
                                  data.get("story_date", ""), float(data.get("saved", 0)), len(state["log"])))
        found.sort(key=lambda info: info.saved_at, reverse=True)
        return found, problems

"""Saves that never lose a game: the folder of a player's saves (slots, the autosave and its backup).

What a save file holds, and how one is read, checked and replayed, is
:mod:`game.engine.save_format` (its names are exported from here too, for the
front ends). Every file is written by :func:`game.durable.write_atomic`, so
a crash, a kill -9 or a full disk leaves the old save or the new one, never
half of one. Before the autosave is replaced, the previous one is copied
(atomically too) to a backup, so the autosave file itself exists at every
moment. Nothing the game cannot read is ever overwritten: a damaged autosave
is moved aside (kept, renamed), and a named slot whose file is not a save of
ours is refused.

No front end replaces another's game without a word: every game carries a
random id (in its state's origin), and a folder remembers the autosave it
last wrote or read. An autosave write that finds there an unfinished game
this folder has not seen (another window or terminal wrote it since), which
the new game does not simply continue and no named slot holds, first keeps
that game as a named save and adds a notice (:mod:`game.engine.keeping`
says when a game would be lost and names the kept slot).
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from game.durable import write_atomic
from game.engine.save_format import (
    NoSuchSave,
    Restored,
    SaveError,
    checksum,
    parse_document,
    read_document,
    read_save_bytes,
    restore,
    save_document,
)
from game.engine.save_location import AUTOSAVE, BACKUP_SUFFIX, SUFFIX, saves_folder
from game.engine.state import GameState
from game.i18n.lazy import _
from game.story.model import Story

__all__ = [  # the save format's names, for the front ends that import them from here
    "AUTOSAVE",
    "NoSuchSave",
    "Restored",
    "Resumed",
    "SaveError",
    "SaveFolder",
    "SaveInfo",
    "checksum",
    "default_folder",
    "read_document",
    "restore",
    "save_document",
    "slot_name",
]

DAMAGED_MARK = ".damaged-"
"""A damaged autosave is kept as ``autosave.json.damaged-TIME`` (not ``*.json``, so never listed as a save)."""
MAX_SLOT_CHARS = 40
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "clock",
    AUTOSAVE,
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
_TEMP_NAME = re.compile(r"^\..+\.json\.(\d{1,10})\.[^.]+\.tmp$")
"""What :func:`game.durable.write_atomic` names its temporary files: ``.NAME.json.PID.RANDOM.tmp``."""


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
    class_name: str = ""
    """The class whose game it is ("" for a player's own game or a class that gave no name)."""
    class_day: str = ""
    """The day (ISO date) a class's game began; "" for a player's own game."""


class Resumed(NamedTuple):
    """A game continued from a slot (:meth:`SaveFolder.resume`): the state, what to tell the player, the document."""

    state: GameState
    note: str
    """Empty when the save continued exactly; otherwise why it stopped early, or why the backup was used."""
    document: dict[str, Any]
    """The save the game continues from (the backup's, when the autosave could not be used)."""


class _Previous(NamedTuple):
    """A readable save found where a new one is about to be written."""

    raw: bytes
    document: dict[str, Any]


def slot_name(text: str) -> str:
    """Turn what a player typed into a safe file name, or raise SaveError.

    Only letters, digits, spaces, '-' and '_' survive; path separators, dots,
    NUL bytes and control characters cannot, so a slot can never point
    outside the save folder. Compatibility forms are folded first (NFKC:
    full-width letters, superscript digits), and names that mean a device on
    Windows (CON, NUL, COM1, …) or the autosave are refused in any case.
    """
    text = unicodedata.normalize("NFKC", str(text))
    kept = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    kept = re.sub(r"\s+", " ", kept).strip(" -_")[:MAX_SLOT_CHARS].strip(" -_")
    if not kept:
        raise SaveError(_("a save name needs at least one letter or digit"))
    if kept.casefold() in _RESERVED or kept.upper().lower() in _RESERVED:
        raise SaveError(_("'{name}' is a reserved name; choose another").format(name=kept))
    return kept


def default_folder() -> Path:
    """``saves/`` in a checkout when it is writable, else the user's data folder.

    ``SPRING68_SAVES`` overrides both (the ``--saves`` option overrides that). The rule lives in
    :func:`game.engine.save_location.saves_folder`, which plain mode uses before it imports this module.
    """
    return Path(saves_folder())


# ---- writing ------------------------------------------------------------------------


def _reason(exc: OSError, folder: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.EROFS:
        return "the save folder is on a read-only disk"
    if code in (errno.EACCES, errno.EPERM):
        return "the save folder is read-only (you may not write there)"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"{folder} cannot be used as a folder (a file is in the way)"
    return exc.strerror or str(exc)


class SaveFolder:
    """The saves of one player: an autosave (with its backup) and named slots."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_folder()
        self.notices: list[str] = []
        """Things the player should hear about that are not errors (a damaged autosave kept aside)."""
        self._seen: str | None = None
        """The checksum of the autosave this folder last wrote or read: replacing that one loses nothing unseen."""
        self.kept_for: dict[str, str] = {}
        """Game id → the named slot this folder kept that game in when it found it in the autosave."""

    def path_for(self, slot: str) -> Path:
        """The file of a slot; the name is sanitised, so the path is always directly in the folder."""
        name = AUTOSAVE if slot == AUTOSAVE else slot_name(slot)
        path = self.folder / f"{name}{SUFFIX}"
        if path.parent != self.folder or os.sep in path.name or (os.altsep and os.altsep in path.name):
            raise SaveError(f"'{slot}' cannot be used as a save name")  # pragma: no cover - slot_name prevents it
        return path

    @property
    def backup_path(self) -> Path:
        return self.folder / f"{AUTOSAVE}{BACKUP_SUFFIX}"

    def write(
        self, story: Story, state: GameState, slot: str = AUTOSAVE, *, extra: Mapping[str, Any] | None = None
    ) -> Path:
        """Save atomically; raises SaveError with a plain reason (read-only folder, full disk, …).

        The previous autosave becomes the backup; a damaged autosave is kept
        aside under another name; a named slot is only ever replaced when it
        holds a readable save of ours. ``extra`` holds blocks kept beside the
        game (``{"classroom": {"votes": [...]}}``), checked and sealed like the rest.
        """
        path = self.path_for(slot)
        return self.store(story, path.stem, save_document(story, state, path.stem, extra=extra))

    def store(self, story: Story, slot: str, document: dict[str, Any]) -> Path:
        """Write a save document (made by :func:`save_document`) to a slot, with every guarantee of :meth:`write`."""
        path = self.path_for(slot)
        name = path.stem
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        try:  # never write what we could not read back
            parse_document(data, str(path))
        except SaveError as exc:
            raise SaveError(f"cannot save this game: {exc}") from None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._sweep_temps()
            previous = self._previous(path)
            if isinstance(previous, _Previous) and name == AUTOSAVE:
                if previous.document.get("checksum") != self._seen:
                    self._keep_unseen(story, previous.document, document)
                write_atomic(self.backup_path, previous.raw)  # the autosave itself stays in place meanwhile
            elif isinstance(previous, SaveError):
                if name != AUTOSAVE:
                    raise SaveError(
                        f"{path} exists and is not a save this game can read, so it is left as it is; "
                        f"choose another name ({previous})"
                    )
                kept = self._keep_aside(path)
                self.notices.append(f"{previous}. It is kept as {kept}; a new autosave was started.")
            write_atomic(path, data)
        except OSError as exc:
            raise SaveError(
                _("cannot write {path}: {reason}").format(path=path, reason=_reason(exc, self.folder))
            ) from None
        if name == AUTOSAVE:
            self._seen = document["checksum"]
        return path

    def _previous(self, path: Path) -> _Previous | SaveError | None:
        """The save now at ``path`` if it is a good one, the reason if not, None if there is none."""
        try:
            raw = read_save_bytes(path)
            document = parse_document(raw, str(path))
        except SaveError as exc:
            if not os.path.lexists(path):
                return None
            return exc
        return _Previous(raw, document)

    def _keep_unseen(self, story: Story, found: dict[str, Any], replacing: dict[str, Any]) -> None:
        """Before the autosave is replaced: keep the game in it as a named save if that would lose it.

        Called only when this folder has not written or read the autosave now in place (another
        front end wrote it since, or it could not be continued). Raises SaveError, so the autosave
        is not replaced, when the game cannot be kept.
        """
        from game.engine import keeping  # keeping builds on this module; needed only on this rare path

        kept = keeping.keep_replaced(self, story, found, replacing)
        if kept is None:
            return
        slot, told = kept
        if not told:
            self.notices.append(
                f"The autosave held an unfinished game that is not the one you are playing "
                f"({keeping.describe(story, found)}), perhaps from another window or terminal "
                f"using this save folder. It is kept as the save '{slot}', so nothing is lost."
            )

    def _keep_aside(self, path: Path) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for number in range(1, 1000):
            target = path.with_name(f"{path.name}{DAMAGED_MARK}{stamp}" + (f"-{number}" if number > 1 else ""))
            if not os.path.lexists(target):
                os.replace(path, target)
                return target
        raise SaveError(
            _("{path} is damaged and many damaged copies of it are kept already; remove some of them").format(path=path)
        )

    def _sweep_temps(self) -> None:
        """Remove temporary files that writers killed mid-save left behind (POSIX: their process is gone)."""
        if os.name != "posix":
            return
        try:
            names = [entry.name for entry in os.scandir(self.folder) if entry.name.startswith(".")]
        except OSError:
            return
        for found in names:
            match = _TEMP_NAME.match(found)
            if match is None or int(match.group(1)) == os.getpid():
                continue
            try:
                os.kill(int(match.group(1)), 0)
                continue  # that writer is still alive (or its pid was reused): leave the file
            except ProcessLookupError:
                pass
            except (OSError, OverflowError):
                continue
            try:
                os.unlink(self.folder / found)
            except OSError:
                pass

    def load(self, slot: str = AUTOSAVE) -> dict[str, Any]:
        """The checked save document of a slot.

        A damaged autosave falls back to its backup; the document then carries
        ``_notice`` (the reason), which :func:`restore` puts into its note.
        """
        path = self.path_for(slot)
        try:
            document = read_document(path)
        except SaveError as exc:
            if path.stem != AUTOSAVE or not os.path.lexists(self.backup_path):
                raise
            damaged = exc
        else:
            if path.stem == AUTOSAVE:
                self._seen = document["checksum"]
            return document
        try:
            data = read_document(self.backup_path)
        except SaveError as exc:
            if not os.path.lexists(path):
                raise
            raise SaveError(
                _("{damaged}; the backup cannot be used either ({problem})").format(damaged=damaged, problem=exc)
            ) from None
        if os.path.lexists(path):
            data["_notice"] = _("{damaged}. The game continues from the backup, {backup}.").format(
                damaged=damaged, backup=self.backup_path
            )
        return data

    def resume(self, story: Story, slot: str = AUTOSAVE) -> Resumed:
        """Continue the game in a slot: what ``--continue``, ``--load`` and every front end's Continue do.

        An autosave that is damaged, or valid but impossible to continue in this story (its role or
        its starting scene is gone), gives way to its backup when that one can be continued; the note
        says so. Otherwise raises SaveError naming the file.
        """
        path = self.path_for(slot)
        document = self.load(slot)
        try:
            restored = restore(story, document)
        except SaveError as exc:
            failed = SaveError(f"{self.backup_path if '_notice' in document else path}: {exc}")
            if path.stem != AUTOSAVE or "_notice" in document or not os.path.lexists(self.backup_path):
                raise failed from None
            try:
                backup = read_document(self.backup_path)
                restored = restore(story, backup)
            except SaveError:
                raise failed from None
            self._seen = None  # the autosave's game was not continued: keep it when it is replaced
            note = _("{damaged}. The game continues from the backup, {backup}.").format(
                damaged=failed, backup=self.backup_path
            )
            return Resumed(restored.state, f"{note} {restored.note}".strip(), backup)
        return Resumed(restored.state, restored.note, document)

    def slots(self) -> tuple[list[SaveInfo], list[str]]:
        """Readable saves, newest first, and a message for each file that could not be read."""
        found: list[SaveInfo] = []
        problems: list[str] = []
        if not self.folder.is_dir():
            return found, problems
        try:
            paths = sorted(self.folder.glob(f"*{SUFFIX}"))
        except OSError as exc:
            return found, [f"{self.folder}: cannot list the saves ({exc.strerror or exc})"]
        for path in paths:
            if path.name.endswith(BACKUP_SUFFIX) or path.name.startswith("."):
                continue
            try:
                data = read_document(path)
            except SaveError as exc:
                problems.append(str(exc))
                continue
            state = data["state"]
            block = data.get("classroom")
            block = block if isinstance(block, dict) else {}
            found.append(
                SaveInfo(
                    path.stem,
                    path,
                    state["role"],
                    state["scene"],
                    data.get("scene_title", ""),
                    data.get("story_date", ""),
                    float(data.get("saved", 0)),
                    len(state["log"]),
                    str(block.get("name", "")),
                    str(block.get("started", "")),
                )
            )
        found.sort(key=lambda info: info.saved_at, reverse=True)
        return found, problems

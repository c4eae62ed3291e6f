"""Saves that never lose a game.

A save is a small JSON file: the format and its version, the packs it was
made with, the story's content hash, the role, timestamps, and the state
with its log of choices by stable id (plus any block kept beside the game,
such as a class's votes under ``classroom``), sealed with a checksum of all of it.
Restoring replays that log against the story as it is *now*, so a save made
before an edit still loads; if a choice it needs has gone, play resumes at
the last point that still exists and the player is told so.

Writing is atomic (a fresh temporary file in the same folder, write, fsync,
rename, fsync the folder), so a crash, a kill -9 or a full disk leaves the
old save or the new one, never half of one. Before the autosave is
replaced, the previous one is copied (atomically too) to a backup, so the
autosave file itself exists at every moment. Nothing the game cannot read is
ever overwritten: a damaged autosave is moved aside (kept, renamed), and a
named slot whose file is not a save of ours is refused.

No front end replaces another's game without a word: every game carries a
random id (in its state's origin), and a folder remembers the autosave it
last wrote or read. An autosave write that finds there an unfinished game
this folder has not seen (another window or terminal wrote it since), which
the new game does not simply continue and no named slot holds, first keeps
that game as a named save and adds a notice (:mod:`game.engine.keeping`
says when a game would be lost and names the kept slot).

Reading refuses anything that is not exactly a save of ours, with a message
that names the file: too large, empty, not JSON, another program's JSON, a
newer format, a checksum that does not match (one flipped bit is enough),
or a state of the wrong shape. The checksum guards against damage, not
against a person: anyone can recompute it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from game.engine import rules
from game.engine.save_location import AUTOSAVE, BACKUP_SUFFIX, SUFFIX, saves_folder
from game.engine.state import GameState, StateError
from game.story.model import Story

FORMAT = "spring68-save"
VERSION = 1
MAX_SAVE_BYTES = 1024 * 1024
MAX_LOG = 10_000
"""Choices in one save; a playthrough makes dozens. Bounds the work of replaying a hostile save."""
DAMAGED_MARK = ".damaged-"
"""A damaged autosave is kept as ``autosave.json.damaged-TIME`` (not ``*.json``, so never listed as a save)."""
TEMP_SUFFIX = ".tmp"
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
_CHECKSUM_PREFIX = "sha256:"
_TEMP_NAME = re.compile(r"^\..+\.json\.(\d{1,10})\.[^.]+\.tmp$")
"""What :func:`_atomic_write` names its temporary files: ``.NAME.json.PID.RANDOM.tmp``."""


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
    """Empty when the save replayed completely; otherwise why it stopped early (or came from the backup)."""


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
        raise SaveError("a save name needs at least one letter or digit")
    if kept.casefold() in _RESERVED or kept.upper().lower() in _RESERVED:
        raise SaveError(f"'{kept}' is a reserved name; choose another")
    return kept


def default_folder() -> Path:
    """``saves/`` in a checkout when it is writable, else the user's data folder.

    ``SPRING68_SAVES`` overrides both (the ``--saves`` option overrides that). The rule lives in
    :func:`game.engine.save_location.saves_folder`, which plain mode uses before it imports this module.
    """
    return Path(saves_folder())


# ---- the document -------------------------------------------------------------------


def _canonical(document: dict[str, Any]) -> bytes:
    body = {key: value for key, value in document.items() if key != "checksum"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def checksum(document: dict[str, Any]) -> str:
    """The checksum a save carries: SHA-256 of every other field, in a canonical form."""
    import hashlib  # here, not at the top: it loads OpenSSL, and the game's first frame should not wait for it

    return _CHECKSUM_PREFIX + hashlib.sha256(_canonical(document)).hexdigest()


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


def _classroom_problem(block: object, log_length: int) -> str | None:
    """Why a save's ``classroom`` block is malformed, or None when it is well formed.

    The block is ``{"votes": [{"step": int, "choice": str, "counts": {choice id: int}}, ...]}``, steps
    increasing, each naming a choice the game made (an index into the log of choices).
    """
    if not isinstance(block, dict) or set(block) != {"votes"} or not isinstance(block["votes"], list):
        return "bad class votes: expected a list of votes"
    votes = block["votes"]
    if len(votes) > MAX_LOG:
        return "bad class votes: too many"
    last = -1
    for vote in votes:
        if not isinstance(vote, dict) or set(vote) != {"step", "choice", "counts"}:
            return "bad class votes: a vote needs a step, a choice and counts"
        step, choice, counts = vote["step"], vote["choice"], vote["counts"]
        if not isinstance(step, int) or isinstance(step, bool) or not last < step < max(log_length, 0):
            return "bad class votes: a vote is for a choice the game did not make"
        last = step
        if not isinstance(choice, str) or not choice:
            return "bad class votes: a vote names no choice"
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


def _read_bytes(path: Path) -> bytes:
    """The bytes of a save file, refusing anything that is not a small regular file."""
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block us
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SaveError(f"{name}: there is no such save") from None
    except OSError as exc:
        raise SaveError(f"{name}: cannot read the save ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{name}: this is not a save file (it is not a regular file)")
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
        raise SaveError(f"{name}: cannot read the save ({exc.strerror or exc})") from None
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


def _parse_document(raw: bytes, name: str) -> dict[str, Any]:
    """Check a save's bytes; every failure is a SaveError naming the file."""
    if not raw.strip():
        raise SaveError(f"{name}: the save is empty (it was cut off or never finished)")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SaveError(f"{name}: the save is damaged or cut short (it is not readable JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f"{name}: this is not a Spring '68 save")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SaveError(f"{name}: the save has no valid format version")
    if version > VERSION:
        raise SaveError(
            f"{name}: the save was made by a newer version of the game (format {version}); update the game to load it"
        )
    sealed = data.get("checksum")
    if sealed is None:
        raise SaveError(
            f"{name}: the save is damaged or was edited (it has no checksum; "
            "only saves from development builds before checksums lack one)"
        )
    try:
        expected = checksum(data)
    except (ValueError, RecursionError):  # nested as deep as json.loads allows, or numbers json.dumps refuses
        expected = ""
    if not isinstance(sealed, str) or not expected or sealed != expected:  # not a secret: a plain comparison
        raise SaveError(f"{name}: the save is damaged (its checksum does not match: the file was changed or corrupted)")
    if _has_control_characters(data):
        raise SaveError(f"{name}: the save is damaged (it contains control characters)")
    try:
        state = GameState.from_dict(data.get("state"))
    except StateError as exc:
        raise SaveError(f"{name}: the save is damaged ({exc})") from None
    if len(state.log) > MAX_LOG or len(state.path) > MAX_LOG + 1:
        raise SaveError(f"{name}: the save is damaged (it records more than {MAX_LOG:,} choices)")
    overrides = state.origin.get("set", {})
    if not all(isinstance(k, str) and isinstance(v, (int, bool)) for k, v in overrides.items()):
        raise SaveError(f"{name}: the save is damaged (bad starting values)")
    if not (
        _finite(data.get("saved", 0))
        and _finite(data.get("created", 0))
        and all(isinstance(data.get(key, ""), str) for key in ("scene_title", "story_date", "slot", "content_hash"))
    ):
        raise SaveError(f"{name}: the save is damaged (bad metadata)")
    packs = data.get("packs", [])
    if not isinstance(packs, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) and isinstance(p.get("version"), int) for p in packs
    ):
        raise SaveError(f"{name}: the save is damaged (bad list of packs)")
    if "classroom" in data:
        problem = _classroom_problem(data["classroom"], len(state.log))
        if problem:
            raise SaveError(f"{name}: the save is damaged ({problem})")
    return data


def read_document(path: Path) -> dict[str, Any]:
    """Read and check a save file; every failure is a SaveError naming the file."""
    return _parse_document(_read_bytes(Path(path)), str(path))


def restore(story: Story, data: dict[str, Any]) -> Restored:
    """Rebuild a game from a checked save document by replaying its choices."""
    saved = GameState.from_dict(data["state"])
    if saved.role not in story.roles:
        raise SaveError(f"this save is for the role '{saved.role}', which the loaded story does not have")
    origin = saved.origin
    start = origin.get("scene") or None
    overrides = origin.get("set") or None
    try:
        result = rules.replay(story, saved.role, saved.log, start=start, overrides=overrides, game=saved.game or None)
    except rules.RuleError as exc:
        raise SaveError(f"this save cannot be continued: {exc}") from None
    notes = []
    if data.get("_notice"):
        notes.append(str(data["_notice"]))
    if result.stopped:
        notes.append(
            f"The story has changed since this game was saved; it continues after choice "
            f"{result.applied} of {len(saved.log)} ({result.stopped})."
        )
    return Restored(result.state, " ".join(notes))


# ---- writing ------------------------------------------------------------------------


def _fsync_folder(folder: Path) -> None:
    try:  # make a rename durable; not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that ``path`` holds the old bytes or the new ones, never a mix."""
    import tempfile  # imported on the first save, after the first frame

    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _fsync_folder(path.parent)


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
            _parse_document(data, str(path))
        except SaveError as exc:
            raise SaveError(f"cannot save this game: {exc}") from None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._sweep_temps()
            previous = self._previous(path)
            if isinstance(previous, _Previous) and name == AUTOSAVE:
                if previous.document.get("checksum") != self._seen:
                    self._keep_unseen(story, previous.document, document)
                _atomic_write(self.backup_path, previous.raw)  # the autosave itself stays in place meanwhile
            elif isinstance(previous, SaveError):
                if name != AUTOSAVE:
                    raise SaveError(
                        f"{path} exists and is not a save this game can read, so it is left as it is; "
                        f"choose another name ({previous})"
                    )
                kept = self._keep_aside(path)
                self.notices.append(f"{previous}. It is kept as {kept}; a new autosave was started.")
            _atomic_write(path, data)
        except OSError as exc:
            raise SaveError(f"cannot write {path}: {_reason(exc, self.folder)}") from None
        if name == AUTOSAVE:
            self._seen = document["checksum"]
        return path

    def _previous(self, path: Path) -> _Previous | SaveError | None:
        """The save now at ``path`` if it is a good one, the reason if not, None if there is none."""
        try:
            raw = _read_bytes(path)
            document = _parse_document(raw, str(path))
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
        raise SaveError(f"{path} is damaged and many damaged copies of it are kept already; remove some of them")

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
            raise SaveError(f"{damaged}; the backup cannot be used either ({exc})") from None
        if os.path.lexists(path):
            data["_notice"] = f"{damaged}. The game continues from the backup, {self.backup_path}."
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
            note = f"{failed}. The game continues from the backup, {self.backup_path}."
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
                )
            )
        found.sort(key=lambda info: info.saved_at, reverse=True)
        return found, problems

"""Writing a file so that a crash, a kill or a full disk leaves the old file or the new one, never a mix.

Every file the game writes for the player (saves, settings, the play cache,
transcripts and exports) goes through :func:`write_atomic`: the bytes go to a
temporary file in the same folder (so the rename cannot cross disks), are
flushed to the disk, and only then renamed over the target; the folder is
flushed too so the rename itself survives a power cut (a cache, which checks what it
reads, skips both flushes). The lowest layer: it
imports nothing of the game, so every layer may use it.
"""

from __future__ import annotations

import os
from pathlib import Path

TEMP_SUFFIX = ".tmp"
"""Temporary files are named ``.NAME.PID.RANDOM.tmp`` beside the target (hidden, and tied to the writer's pid)."""


def temp_prefix(path: Path) -> str:
    """The start of the name of this process's temporary files for ``path``."""
    return f".{path.name}.{os.getpid()}."


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; a platform that cannot open a folder is left as it is."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _new_temp_file(path: Path) -> tuple[int, str]:
    """A new file beside ``path``, readable by its owner only, that no other writer can have opened.

    What :func:`tempfile.mkstemp` does, without importing ``tempfile`` (and ``shutil``, ``random``
    with it) on plain mode's way to its first scene, where a new game is saved.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        temp = os.path.join(path.parent, f"{temp_prefix(path)}{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomic(path: Path | str, data: bytes | str, *, durable: bool = True) -> None:
    """Write ``data`` (text is UTF-8) to ``path``: it holds the old bytes or the new ones, never a mix.

    Raises OSError (the disk is full, the folder is read-only, ...) after
    removing its temporary file; the old file is then untouched.

    ``durable=False`` skips both flushes to the disk (two ``fsync`` calls, tens of milliseconds
    on a slow disk): for a file whose reader verifies its content and can do without it, the play
    cache. A kill still leaves the old file or the new one (the rename is atomic); only a power cut
    can leave a renamed file with missing bytes, and the cache's digest makes that a miss.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = _new_temp_file(path)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
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
    if durable:
        fsync_folder(path.parent)

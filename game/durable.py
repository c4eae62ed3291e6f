"""Writing a file so that a crash, a kill or a full disk leaves the old file or the new one, never a mix.

Every file the game writes for the player (saves, settings, the play cache,
transcripts and exports) goes through :func:`write_atomic`: the bytes go to a
temporary file in the same folder (so the rename cannot cross disks), are
flushed to the disk, and only then renamed over the target; the folder is
flushed too so the rename itself survives a power cut. The lowest layer: it
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


def write_atomic(path: Path | str, data: bytes | str) -> None:
    """Write ``data`` (text is UTF-8) to ``path``: it holds the old bytes or the new ones, never a mix.

    Raises OSError (the disk is full, the folder is read-only, ...) after
    removing its temporary file; the old file is then untouched.
    """
    import tempfile  # imported on the first write, after the first frame

    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    try:
        try:
            view = memoryview(raw)
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
    fsync_folder(path.parent)

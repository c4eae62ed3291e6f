"""Benchmarks measure the game as installed: with compiled byte-code, as pip leaves it.

Some shells set PYTHONDONTWRITEBYTECODE, and then every start recompiles the
game's modules from source (tens of milliseconds) while the packages it is
compared with load from their .pyc files. Each bench calls :func:`prepare`
first so both sides are measured alike.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare() -> None:
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(ROOT / "game"), quiet=1)

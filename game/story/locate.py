"""Where the base campaign lives, in a checkout and in an installed wheel.

In a checkout the campaign is the top-level ``scenes/`` folder (modders edit
it there); the wheel carries the same files as ``game/_base/`` so an
installed game needs no checkout.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def base_pack() -> Path:
    """The folder of the base campaign's pack.yaml."""
    shipped = _PACKAGE / "_base"
    if (shipped / "pack.yaml").is_file():
        return shipped
    return _PACKAGE.parent / "scenes"

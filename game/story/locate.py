"""Where the base campaign lives, in a checkout and in an installed wheel.

In a checkout the campaign is the top-level ``scenes/`` folder (modders edit
it there); the wheel carries the same files as ``game/_base/`` so an
installed game needs no checkout.
"""

from __future__ import annotations

import os

_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def base_pack() -> str:
    """The folder of the base campaign's pack.yaml (a plain string: pathlib is slow to import)."""
    shipped = os.path.join(_PACKAGE, "_base")
    if os.path.isfile(os.path.join(shipped, "pack.yaml")):
        return shipped
    return os.path.join(os.path.dirname(_PACKAGE), "scenes")

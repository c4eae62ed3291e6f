"""Pausing the cyclic garbage collector while a pack loads (the loader, ``check`` and the explorer use it)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a pack loads.

    Loading makes hundreds of thousands of small objects and no cycles, so the
    collector only rescans them again and again (four times the whole load on
    a 10,000-scene pack, and worse than linear). Reference counting still
    frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile would otherwise be scanned by a full collection at the
            # very next allocation; what survives the load is long-lived, so move it out of the
            # collector's way (objects still die by reference counting when released).
            gc.freeze()
            gc.enable()

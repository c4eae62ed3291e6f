"""Frames reach the terminal as they are drawn: a short GIL switch interval while the app runs."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

OUTPUT_SWITCH_INTERVAL = 0.0005
"""How long (s) the event loop may keep the GIL while Textual's output thread waits to write a frame.

Textual draws a frame on the main thread and hands the text to a writer
thread, which needs the GIL several times to get it onto the terminal (wake
up, encode, write, flush). With Python's default switch interval of 5 ms,
each hand-over waits up to 5 ms whenever the event loop goes straight on to
more work, as it does at start-up: the title screen reached the terminal
15-20 ms after it was drawn. The interval only matters while a thread is
waiting for the GIL, so a short one costs nothing otherwise.
"""


@contextmanager
def frames_as_drawn() -> Iterator[None]:
    """Run the block with the short switch interval, then put the old one back."""
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, OUTPUT_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(switch_interval)

"""No cyclic garbage collection from the start of a title-first start until the title screen is on the terminal.

A start makes tens of thousands of objects (modules, the stylesheet's rules,
widgets, strips) and frees almost none: the cyclic collector can only walk them
again and again. Before the title's first frame it ran some 140 times (37-48 ms
on a busy machine), one of them a full collection over every object the imports
had made; the minimal Textual app the start is compared with (bench/bench_tui.py)
makes fewer objects, ran it 91 times (15-19 ms) and never reached a full
collection. So :func:`pause_until_first_frame` switches
the collector off when ``spring68 play`` begins, and :func:`resume_after_start`
switches it back on once the title is on the terminal and has had a moment to
be drawn (the app calls it just before the story's load starts behind the title,
:mod:`game.tui.story_arrival`): one full collection frees what the start left in
cycles (about 1,200 objects), then what is left is frozen, as the story loader
does after a load (:mod:`game.story.gcpause`), so no later collection walks the
start's long-lived objects again. They still die by reference counting when
they are released.

Only a start that paused the collector resumes it: an app built by a test, or
started any other way, leaves the collector as it found it.
"""

from __future__ import annotations

import gc

_paused = False


def pause_until_first_frame() -> None:
    """Switch the collector off until :func:`resume_after_start` (a no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_start() -> None:
    """Collect, freeze and switch the collector back on if :func:`pause_until_first_frame` paused it; else nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.collect()
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether this module is holding the collector off."""
    return _paused

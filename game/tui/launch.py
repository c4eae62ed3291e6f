"""``spring68`` / ``spring68 play`` with nothing that needs the story first: the title screen, then the story.

A plain start (no ``--role``, ``--from``, ``--continue``, ``--load``, ``--set``,
``--lang``, ``--watch`` or classroom option, and English as the language the
player gets) shows the title screen from the packs' manifests and loads the
story behind it (:mod:`game.tui.title_first`). Every other start needs the
story to check its options first, and loads it before the app as it always has.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from game.engine.saves import SaveFolder
from game.story.errors import Problem
from game.story.model import PackInfo

NEEDS_THE_STORY = (
    "role",
    "start",
    "resume",
    "load",
    "set",
    "lang",
    "watch",
    "sub_watch",
    "classroom",
    "sub_classroom",
    "lesson",
    "sub_lesson",
    "timer",
    "sub_timer",
    "class_devices",
    "web_tab",
)
"""The play options checked against the story before the app starts (any one set: load first)."""


def play_title_first(
    args: argparse.Namespace, packs: Sequence[str] | None, saves: SaveFolder, report: Callable[[list[Problem]], None]
) -> int | None:
    """Run the app with the story loading behind its title screen; None when this start cannot (load first).

    A story that does not load ends the app with code 2, and ``report`` prints its problems once the
    terminal is back, as they are printed when the story is loaded first.
    """
    if any(getattr(args, name, None) for name in NEEDS_THE_STORY):
        return None
    from game.tui.first_frame_gc import pause_until_first_frame, resume_after_start

    pause_until_first_frame()  # the app resumes the collector once the title is on the terminal
    try:
        from game.tui.title_first import later

        story = later(packs)
        if story is None or not _speaks_english(story.front.packs, saves):
            return None
        from game.tui.app import run_tui

        code = run_tui(story, saves)
    finally:
        resume_after_start()  # an app that ended before its first frame, or a start that loads the story first
    if story.problems:
        report(story.problems)
    return code


def _speaks_english(packs: Sequence[PackInfo], saves: SaveFolder) -> bool:
    """Whether the player gets English (the remembered choice, else the environment's): the story as loaded."""
    from game.i18n import interface
    from game.i18n.languages import ENGLISH, from_environment, story_languages
    from game.tui.settings import remembered_language

    offered = story_languages(pack.path for pack in packs)
    lang = remembered_language(saves.folder, offered) or from_environment(spoken=offered)
    if lang != ENGLISH:
        return False
    interface.set_language(ENGLISH)  # a second command in the same process must not keep the first's language
    return True

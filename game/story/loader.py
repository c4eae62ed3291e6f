"""Load a pack (and the mods stacked on it) into a :class:`Story`, or explain why not.

Loading never stops at the first mistake: each file is read
(:mod:`game.story.reading`), validated against :mod:`game.story.schema`, the
mods merged onto their base (:mod:`game.story.merging`) and everything
cross-checked (:mod:`game.story.building`: gotos, variables, expressions,
sources, anchors); all problems come back together, each with its file, line
and column. A file that cannot be parsed at all is one problem; the other
files are still checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from game.story.building import Builder
from game.story.errors import PackError, Problem
from game.story.gcpause import paused_gc
from game.story.limits import MAX_CHOICES_PER_SCENE, MAX_LABEL, MAX_SCENE_TEXT, MAX_SCENES_PER_PACK
from game.story.model import Story
from game.story.reading import Reader, display_path

__all__ = [
    "MAX_CHOICES_PER_SCENE",
    "MAX_LABEL",
    "MAX_SCENES_PER_PACK",
    "MAX_SCENE_TEXT",
    "display_path",
    "load_story",
    "load_with_problems",
    "paused_gc",
]


def load_with_problems(paths: Sequence[str | os.PathLike[str]] | None = None) -> tuple[Story | None, list[Problem]]:
    """Load the packs in order (a base, then mods); the story is None when any error was found."""
    from game.story.locate import base_pack

    roots = [os.fspath(p) for p in paths] if paths else [base_pack()]
    with paused_gc():
        reader = Reader()
        raw = [reader.read_pack(root) for root in roots]
        first = raw[0].info if raw else None
        if first and first.get("extends"):
            base = base_pack()
            if os.path.realpath(base) not in [os.path.realpath(r) for r in roots]:
                base_raw = reader.read_pack(base)
                if base_raw.info and base_raw.info.get("id") == first["extends"]:
                    raw.insert(0, base_raw)  # a mod of the base campaign loads on top of it without asking
        from game.story import lessons  # lessons.yaml: read before building, so it counts in the content hash

        lesson_entries = lessons.load_lessons(reader, [(r.pack_id, r.root) for r in raw])
        builder = Builder(raw, reader.problems, reader.unread)
        story = builder.build(reader.hash.hexdigest)  # called once the build has read (and hashed) every file
        if story is not None and lesson_entries:
            found = lessons.build_lessons(story, lesson_entries, builder.report)
            failed = any(p.severity == "error" for p in reader.problems)
            story = None if failed else lessons.with_lessons(story, found)
    return story, reader.problems


def load_story(paths: Sequence[str | os.PathLike[str]] | None = None) -> Story:
    """Load the packs, or raise :class:`PackError` carrying every problem found."""
    story, problems = load_with_problems(paths)
    if story is None:
        raise PackError(problems)
    return story

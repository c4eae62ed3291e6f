"""Which scenes can still reach an ending: found by passes over the scenes, as the table of predecessors finds."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from game.story import escape
from game.story.model import Choice, Ending, History, Scene


def _graph(rng: random.Random, size: int) -> dict[str, Scene]:
    """A random role's scenes: each leads to up to three others (back, forward, to itself); a few are endings."""
    scenes = {}
    for i in range(size):
        scene_id = f"s{i}"
        ending = Ending("The end", "Over.") if rng.random() < 0.1 else None
        targets = [] if ending else [f"s{rng.randrange(size)}" for _ in range(rng.randint(1, 3))]
        choices = tuple(Choice(f"c{n}", scene_id, "Go", target) for n, target in enumerate(targets))
        scenes[scene_id] = Scene(
            scene_id, "r", "T", dt.date(1968, 1, 1), "P", "t", History("h", ()), choices, ending=ending
        )
    return scenes


@pytest.mark.parametrize("passes", [escape.ESCAPE_PASSES, 1])
def test_the_passes_find_exactly_the_scenes_that_can_reach_an_ending(monkeypatch, passes):
    """With one pass allowed, loops leading back need more, so the predecessor table answers instead: the same."""
    monkeypatch.setattr(escape, "ESCAPE_PASSES", passes)
    rng = random.Random(1968)
    for _ in range(300):
        scenes = _graph(rng, rng.randint(1, 30))
        order = escape._forward("s0", scenes)
        endings = {s for s in scenes if scenes[s].is_ending}
        expected = escape._backward(endings, scenes) & set(order)
        assert escape._escapes(order, scenes) & set(order) == expected


def test_a_story_leading_forward_takes_two_passes_however_long(monkeypatch):
    scenes: dict[str, Scene] = {}
    for i in range(2_000):
        last = i == 1_999
        choices = () if last else (Choice("on", f"s{i}", "On", f"s{i + 1}"),)
        ending = Ending("The end", "Over.") if last else None
        scenes[f"s{i}"] = Scene(
            f"s{i}", "r", "T", dt.date(1968, 1, 1), "P", "t", History("h", ()), choices, ending=ending
        )
    monkeypatch.setattr(escape, "_backward", None)  # the table is never built
    monkeypatch.setattr(escape, "ESCAPE_PASSES", 2)
    assert escape._escapes(escape._forward("s0", scenes), scenes) == set(scenes)

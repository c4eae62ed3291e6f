"""A loaded story's memory is bounded per scene (issue 21): measured as bytes, never as time.

The loader builds a tree of located YAML nodes for every file, then the Story
from it. Three things kept that cost high on big packs: every scene's raw entry
(its nodes and values) was kept until the whole Story was built, so the peak
held both at once; every expression was compiled again for each choice that
wrote it (``+1`` thousands of times), both fixed in :mod:`game.story.building`;
and every mapping key was a string of its own (``title`` once per scene), now
interned by :mod:`game.story.yamlnodes`. The bounds below sit between the
measures before and after on a generated pack of 2,000 scenes (peak 25.6 ->
16.7 KiB a scene, retained 10.6 -> 6.9 KiB a scene).
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from bench.generate import generate_pack
from game.story.loader import load_with_problems

SCENES = 2_000
PEAK_PER_SCENE = 19 * 1024
"""Traced bytes at the load's peak per scene: raw records and Story never held whole together."""
RETAINED_PER_SCENE = 8 * 1024
"""Traced bytes the loaded Story keeps per scene."""


@pytest.fixture(scope="module")
def big_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_pack(tmp_path_factory.mktemp("memory") / "pack", SCENES)


def test_loading_a_big_pack_costs_bounded_memory_per_scene(big_pack: Path) -> None:
    load_with_problems([big_pack])  # imports and one-time tables are not part of the measure
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        story, problems = load_with_problems([big_pack])
        gc.collect()
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert story is not None, problems[:3]
    assert len(story.scenes) == SCENES
    assert (peak - base) / SCENES <= PEAK_PER_SCENE, f"{(peak - base) / SCENES / 1024:.1f} KiB a scene at the peak"
    assert (retained - base) / SCENES <= RETAINED_PER_SCENE, f"{(retained - base) / SCENES / 1024:.1f} KiB a scene"


def test_an_expression_written_many_times_is_compiled_once(big_pack: Path) -> None:
    story, problems = load_with_problems([big_pack])
    assert story is not None, problems[:3]
    by_text: dict[str, set[int]] = {}
    for scene in story.scenes.values():
        for choice in scene.choices:
            for effect in choice.effects:
                by_text.setdefault(effect.value.source, set()).add(id(effect.value))
    assert by_text["+1"] and by_text["-2"]
    assert {text: len(ids) for text, ids in by_text.items()} == {text: 1 for text in by_text}


def test_keys_are_one_string_each_however_many_scenes_use_them(big_pack: Path) -> None:
    story, problems = load_with_problems([big_pack])
    assert story is not None, problems[:3]
    keys = [key for scene in story.scenes.values() for key in scene.locs]
    assert len(keys) > SCENES
    assert len({id(key) for key in keys}) == len(set(keys))

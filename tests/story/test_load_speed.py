"""The loader's work is linear in the pack and the same in one process as in a fresh one (issue 21).

Measured as counts, never as time: Python calls per scene (``sys.setprofile``) and
garbage collections. Why the bench's 20k/10k ratio (one process) once exceeded 2.1x
although the work is linear is in ``bench/bench_core.py``'s docstring. Also here: the
reader's one look per file for suspect characters (:func:`game.story.yamlnodes.parse`)
lets none of them through.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.generate import generate_pack
from game.story import characters, yamlnodes
from game.story.loader import load_with_problems

SIZES = (100, 200, 400)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("linear")
    return {size: generate_pack(folder / f"p{size}", size) for size in SIZES}


def _calls_to_load(pack: Path) -> int:
    """Python and C function calls made while loading ``pack``."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        story, problems = load_with_problems([pack])
    finally:
        sys.setprofile(None)
    assert story is not None, problems[:3]
    return count


def test_each_scene_costs_the_same_calls_however_big_the_pack(packs: dict[int, Path]) -> None:
    load_with_problems([packs[SIZES[0]]])  # imports and one-time tables are not part of the measure
    calls = {size: _calls_to_load(pack) for size, pack in packs.items()}
    small, middle, large = (calls[size] for size in SIZES)
    per_scene_low = (middle - small) / (SIZES[1] - SIZES[0])
    per_scene_high = (large - middle) / (SIZES[2] - SIZES[1])
    assert per_scene_high <= per_scene_low * 1.02, f"{per_scene_low:.0f} -> {per_scene_high:.0f} calls a scene"


def test_a_load_after_a_bigger_one_does_the_same_work_as_the_first(packs: dict[int, Path]) -> None:
    """Nothing of an earlier load (caches, the intern table, a story still alive) makes a later one work more."""
    first = _calls_to_load(packs[200])
    _calls_to_load(packs[400])
    assert _calls_to_load(packs[200]) <= first


def test_loading_runs_no_garbage_collection(packs: dict[int, Path]) -> None:
    """The collector is paused while a pack loads: no collection rescans the load's objects (work worse than linear)."""
    gc.collect()
    before = sum(generation["collections"] for generation in gc.get_stats())
    story, _ = load_with_problems([packs[400]])
    assert story is not None
    assert sum(generation["collections"] for generation in gc.get_stats()) == before


def test_the_look_for_suspect_characters_finds_every_one_of_them() -> None:
    """Each character :mod:`game.story.characters` reports makes the reader look at every value of its file."""
    missed = [
        f"U+{code:04X}"
        for code in range(0x80, 0x110000)
        if characters.SUSPECT.match(chr(code)) and not yamlnodes._may_hold_suspects("é " + chr(code))
    ]
    assert missed == []
    assert yamlnodes._may_hold_suspects('a: "\\e[2J"\n'), "an escape can make any character"
    assert yamlnodes._may_hold_suspects("a: b\r\n"), "a carriage return is looked at"
    assert not yamlnodes._may_hold_suspects("a: Dubček – “quoted”\n"), "ordinary prose is not searched value by value"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('title: "Clear \\e[2J the screen"\n', "yaml"),
        ("title: Dubček\nplace: Pra\u200bgue\n", "invisible"),
        ('title: Dubček\nplace: "\\u202e evil"\n', "bidi"),
    ],
)
def test_a_suspect_character_in_one_value_of_an_otherwise_clean_file_is_reported(text: str, code: str) -> None:
    problems: list[Any] = []
    yamlnodes.parse(text, "scene.yaml", problems, text.encode("utf-8"))
    assert [p.code for p in problems] == [code]


def test_the_reader_packs_each_place_as_pack_does_and_an_entry_keeps_it() -> None:
    """:func:`yamlnodes.parse` packs a scalar's place inline; it must agree with :func:`yamlnodes.pack`.

    Every kind of scalar is here: plain, quoted, a date, a literal block (whose indentation is
    kept), a folded block, a plain word in a list; and the entry keeps the very places the reader packed.
    """
    from game.story import schema

    text = (
        "- id: s0\n  title: 'Quoted'\n  date: 1968-01-05\n  place: Prague\n"
        "  text: |\n      An indented block\n      of two lines.\n"
        "  history:\n    text: >\n      Folded\n    sources: [a]\n  flashback: true\n"
    )
    root = yamlnodes.parse(text, "s.yaml")
    assert root is not None
    value = root[1][0]
    scene = value[1]
    pack = yamlnodes.pack
    assert {name: place for name, (_, (place, _)) in scene.items()} == {
        "id": pack(1, 7, "scalar", plain=True),
        "title": pack(2, 10),
        "date": pack(3, 9, "scalar", plain=True),
        "place": pack(4, 10, "scalar", plain=True),
        "text": pack(5, 9, "scalar", block=True, indent=6),
        "history": pack(9, 5, "map"),
        "flashback": pack(12, 14, "scalar", plain=True),
    }
    history = scene["history"][1][1]
    assert history["text"][1][0] == pack(9, 11, "scalar", block=True)
    assert history["sources"][1][0] == pack(11, 14, "seq")
    assert history["sources"][1][1][0][0] == pack(11, 15, "scalar", plain=True)
    entry = schema.SCENE.convert(value, schema.Context("s.yaml", []))
    assert list(entry.spots) == [place for key, (_, (place, _)) in scene.items() if key in entry]
    assert entry.at == pack(1, 3, "map")
    assert entry.node_of("text").indent == 6 and entry.node_of("text").block
    assert not entry.node_of("title").plain and entry.node_of("flashback").plain

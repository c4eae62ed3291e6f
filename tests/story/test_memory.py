"""A loaded story's memory is bounded per scene (issue 21): measured as bytes, never as time.

The loader builds a tree of located YAML nodes for every file, then the Story
from it. What kept that cost high on big packs: every validated entry kept the
nodes of its values, and through them the whole tree of its file, until the
Story was built (16.4 KiB a scene of a 2,000-scene pack before the build); now
an entry keeps where each value is written as packed ints
(:func:`game.story.yamlnodes.pack`) and each file's tree is freed once its
entries are built (5.8 KiB). The Story keeps its scenes' key places in one
array (:class:`game.story.errors.PackedLocs`), ids interned, and equal effects,
dates and id lists once. Earlier: each scene's raw entry is released once the
scene is built, an expression is compiled once per text, mapping keys interned.
On a generated pack of 2,000 scenes: peak 16.8 -> 6.3 KiB a scene, retained
7.0 -> 5.2 KiB a scene. Then: an expression's closures are made when it is
first evaluated, not at load (they cost about 1.4 KiB a scene, four times the
tree), equal subtrees of the pack's expressions are one object, and a choice's
stable id and a visited() id are one string each: retained 5.2 -> 3.4 KiB a scene, peak 6.5 (the raw
records of the read, :mod:`game.story.schema`, are now the peak: 5.7 KiB a scene). Then the scenes are
built one file at a time, each file's records freed before the next is read (:meth:`RawPack.batches`);
an expression subtree is its own key in the table that shares them, not a 160-byte tuple; choices and
histories keep their places as packed ints, a scene its ``id:`` place only in its key table, and a built
scene's merge record is one shared per role: peak 6.5 -> 4.3 KiB a scene, retained 3.4 -> 3.0. Then a
scene's key places are one int, not an array; a choice's stable id is made when read; the history's
place is the scene's ``history`` key: peak 3.7 KiB a scene, retained 2.7.
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

import pytest

from bench.generate import generate_pack
from game.engine import rules
from game.story import yamlnodes
from game.story.errors import Loc, PackedLocs, packed_place
from game.story.expressions import Call, CompiledExpr, Expr, Logic, children
from game.story.loader import load_with_problems
from game.story.model import Story
from game.story.reading import Reader
from game.tools.check import run_check

SCENES = 2_000
PEAK_PER_SCENE = 4.25 * 1024
"""Traced bytes at the load's peak per scene: the Story and one file's raw records, never every file's."""
RETAINED_PER_SCENE = 3 * 1024
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


def _expressions(story: Story) -> list[CompiledExpr]:
    return [
        expr
        for scene in story.scenes.values()
        for choice in scene.choices
        for expr in (choice.condition, *(effect.value for effect in choice.effects))
        if expr is not None
    ]


def test_no_expression_is_compiled_by_loading_or_checking_only_by_playing(big_pack: Path) -> None:
    report = run_check([str(big_pack)])
    assert report.story is not None and report.errors == 0, report.problems[:3]
    story = report.story
    assert len(_expressions(story)) > SCENES
    assert not any(expr.compiled for expr in _expressions(story)), "check compiled expressions it never evaluates"
    state = rules.new_game(story, "advisor")
    assert [c.local_id for c in rules.available_choices(story, state)] == ["rebut", "gesture"]
    state = rules.choose(story, state, "gesture")  # trust 5 >= 4 and s2 not visited; then trust 5 - 2
    assert state.scene == "s2" and state.variables["trust"] == 3
    assert [c.local_id for c in rules.available_choices(story, state)] == ["rebut"]  # trust 3 < 4
    compiled = {expr.source for expr in _expressions(story) if expr.compiled}  # an effect is shared by its text
    assert compiled == {'trust >= 4 and not visited("s2")', 'trust >= 4 and not visited("s4")', "-1", "-2", "true"}


def test_equal_parts_of_expressions_are_one_object(big_pack: Path) -> None:
    """Every scene's ``if: trust >= 4 and not visited("s…")`` differs, but its ``trust >= 4`` is one tree."""
    story, problems = load_with_problems([big_pack])
    assert story is not None, problems[:3]
    conditions = [c.condition for s in story.scenes.values() for c in s.choices if c.condition is not None]
    assert len(conditions) == SCENES - 1 and len({c.source for c in conditions}) > SCENES // 2
    lefts = {id(condition.tree.left) for condition in conditions if isinstance(condition.tree, Logic)}
    assert len(lefts) == 1
    calls = [node for c in conditions for node in _nodes(c.tree) if isinstance(node, Call)]
    assert len(calls) == len(conditions)
    assert all(call.argument is story.scenes[call.argument].id for call in calls)  # visited("s7"): the id, once


def _nodes(tree: Expr) -> list[Expr]:
    found, stack = [], [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children(node))
    return found


def test_keys_are_one_string_each_however_many_scenes_use_them(big_pack: Path) -> None:
    story, problems = load_with_problems([big_pack])
    assert story is not None, problems[:3]
    keys = [key for scene in story.scenes.values() for key in scene.locs]
    assert len(keys) > SCENES
    assert len({id(key) for key in keys}) == len(set(keys))


def test_ids_are_one_string_each_wherever_they_are_named(big_pack: Path) -> None:
    story, problems = load_with_problems([big_pack])
    assert story is not None, problems[:3]
    scenes = story.scenes
    gotos = [choice.goto for scene in scenes.values() for choice in scene.choices]
    assert len(gotos) > SCENES
    assert all(goto is scenes[goto].id for goto in gotos)
    anchors = {id(scene.anchor) for scene in scenes.values()}
    assert len(anchors) == 1


def _read_mappings() -> int:
    """The mappings of read YAML trees alive (a dict from key text to ``(key place, value)``)."""
    return sum(
        1
        for thing in gc.get_objects()
        if type(thing) is dict
        and thing
        and all(type(pair) is tuple and len(pair) == 2 and type(pair[0]) is int for pair in thing.values())
        and all(type(pair[1]) is tuple and type(pair[1][0]) is int for pair in thing.values())
    )


def test_no_file_keeps_its_tree_once_its_entries_are_built(big_pack: Path) -> None:
    """Entries keep packed places, not the file's values: after reading 2,000 scenes, no file's tree is alive."""
    gc.collect()
    before = _read_mappings()
    held = yamlnodes.parse((big_pack / "advisor" / "part_00000.yaml").read_text(encoding="utf-8"), "part_00000.yaml")
    assert _read_mappings() - before >= 500  # what one file's tree leaves behind: 100 scenes, 7 mappings each
    del held
    reader = Reader()
    raw = [scene for batch in reader.read_pack(big_pack).batches() for scene in batch]
    gc.collect()
    alive = _read_mappings()
    assert len(raw) == SCENES and not reader.problems
    assert alive - before <= 1, f"{alive - before:,} mappings of read files outlive their files"
    scene = raw[1].entry
    assert scene.loc("text") == Loc(scene.file, 36, 9)
    assert scene["choices"][1].loc("if") == Loc(scene.file, 49, 11)
    assert scene.node_of("history").kind == "map"


def test_each_file_is_built_and_let_go_before_the_next_file_is_read(big_pack: Path) -> None:
    """When a scene file is read, no raw entry of the files before it is alive: each was built and freed."""
    from game.story import reading
    from game.story.schema import Entry

    alive: list[int] = []
    read = reading.Reader.read

    def counting(self: reading.Reader, *args: object, **kwargs: object) -> object:
        gc.collect()
        alive.append(sum(1 for thing in gc.get_objects() if type(thing) is Entry))
        return read(self, *args, **kwargs)  # type: ignore[arg-type]

    reading.Reader.read = counting  # type: ignore[method-assign]
    try:
        story, problems = load_with_problems([big_pack])
    finally:
        reading.Reader.read = read  # type: ignore[method-assign]
    assert story is not None, problems[:3]
    files = SCENES // 100  # 100 scenes a file; each scene is 4 entries (itself, its history, its 2 choices)
    assert len(alive) == files + 3  # and the manifest, sources and timeline
    assert max(alive) < 100, f"{max(alive):,} raw entries alive as a file is read (one file has 400)"


@pytest.mark.parametrize(
    ("line", "col", "indent", "kept"),
    [
        (1, 1, 0, 0),
        (4 * 1024 * 1024 + 1, 4 * 1024 * 1024 + 1, 5, 5),
        (3, 40_000, 16_383, 16_383),
        (3, 40_000, 16_384, 0),
    ],
)
def test_a_packed_place_gives_back_its_line_column_and_block_indent(
    line: int, col: int, indent: int, kept: int
) -> None:
    """The largest file's last line and column fit; an indentation past 14 bits is kept as "not known" (0)."""
    for kind, plain, block in (("scalar", True, False), ("scalar", False, True), ("seq", False, False)):
        place = yamlnodes.pack(line, col, kind, plain, block, indent)
        back = yamlnodes.located(place)
        assert (back.kind, back.line, back.col, back.plain, back.block, back.indent) == (
            kind,
            line,
            col,
            plain,
            block,
            kept,
        )
        assert yamlnodes.line_col(place) == (line, col)
        assert yamlnodes.line_and_column(place) == packed_place(line, col)


def test_packed_locations_read_as_a_mapping_of_locs() -> None:
    locs = PackedLocs("a/s.yaml", ("id", "date"), [packed_place(3, 7), packed_place(70_000, 12)])
    assert dict(locs) == {"id": Loc("a/s.yaml", 3, 7), "date": Loc("a/s.yaml", 70_000, 12)}
    assert list(locs) == ["id", "date"] and len(locs) == 2 and "date" in locs and "title" not in locs
    assert locs.get("title", Loc("x")) == Loc("x")
    with pytest.raises(KeyError):
        locs["title"]
    with pytest.raises(ValueError, match="one place for each key"):
        PackedLocs("a/s.yaml", ("id",), [])

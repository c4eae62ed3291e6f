"""The partial read of a cold start: the same records as the whole load, few of them, and None whenever unsure."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest

from game.story import cache, packfiles
from game.story.first_read import PARTIAL_HASH, _written, first_story
from game.story.loader import load_story
from game.story.locate import base_pack
from tests.conftest import MINI, ROOT


@pytest.mark.parametrize(
    ("packs", "role", "start"),
    [
        ([base_pack()], "advisor", None),
        ([base_pack()], "resistance", None),
        ([base_pack()], None, "adv_kremlin"),
        ([str(ROOT / "docs" / "example-mod")], None, "adv_reply"),
    ],
)
def test_every_record_the_partial_read_builds_is_the_whole_loads(packs, role, start):
    """Built by the same reader, schema and builder: each scene it holds is the whole story's, field for field."""
    partial, whole = first_story(packs, role, start), load_story(packs)
    assert partial is not None
    assert partial.content_hash.startswith(PARTIAL_HASH) and not whole.content_hash.startswith(PARTIAL_HASH)
    assert (partial.packs, partial.roles) == (whole.packs, whole.roles)
    assert repr(partial.variables) == repr(whole.variables)
    first = start or whole.roles[str(role)].start
    assert first in partial.scenes and all(c.goto in partial.scenes for c in partial.scenes[first].choices)
    for scene_id, scene in partial.scenes.items():  # repr: compiled expressions compare by identity, not by value
        assert repr(scene) == repr(whole.scenes[scene_id])
    assert len(partial.scenes) * 4 <= len(whole.scenes)  # a few files, not the pack


def copy_of(pack: Path, tmp_path: Path) -> Path:
    copy = tmp_path / pack.name
    shutil.copytree(pack, copy)
    return copy


def test_no_role_named_among_several_is_no_partial_read():
    assert first_story([str(MINI)], None, None) is None  # the player is asked first: the whole story is loaded
    assert first_story([str(MINI)], "alpha", None) is not None


def test_an_unknown_first_scene_or_one_of_another_role_is_no_partial_read():
    assert first_story([str(MINI)], None, "no_such_scene") is None
    assert first_story([str(MINI)], "beta", "a_start") is None  # the whole load then explains the mismatch


def test_a_yaml_error_in_the_first_file_is_no_partial_read(tmp_path):
    pack = copy_of(MINI, tmp_path)
    scenes = pack / "alpha" / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8") + "\n- id: [unclosed\n", encoding="utf-8")
    assert first_story([str(pack)], "alpha", None) is None


def test_an_error_in_what_was_read_is_no_partial_read(tmp_path):
    pack = copy_of(MINI, tmp_path)
    scenes = pack / "alpha" / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("goto: a_middle", "goto: 5", 1), encoding="utf-8")
    assert first_story([str(pack)], "alpha", None) is None


ELSEWHERE = (
    "- id:{gap}a_elsewhere\n  title: Elsewhere\n  date: 1968-09-01\n  place: Here\n  text: Elsewhere.\n"
    "  history: {{text: Then., sources: [book1]}}\n  ending: {{title: End, epilogue: Over., counterfactual: true, "
    "instead: It did not.}}\n"
)


@pytest.mark.parametrize(("gap", "partial"), [(" ", True), ("\n    ", False)])
def test_a_target_in_another_file_is_read_and_one_the_id_search_misses_is_no_partial_read(tmp_path, gap, partial):
    """The first screen marks a choice that ends the story at once: the target's file is read too, or, when the
    search cannot find it (an id written on the next line), the whole story is loaded instead of guessing."""
    pack = copy_of(MINI, tmp_path)
    scenes = pack / "alpha" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    assert text.count("goto: a_middle") == 2
    scenes.write_text(text.replace("goto: a_middle", "goto: a_elsewhere", 1), encoding="utf-8")
    (pack / "alpha" / "other.yaml").write_text(ELSEWHERE.format(gap=gap), encoding="utf-8")
    assert load_story([str(pack)]).scenes["a_elsewhere"].ending is not None  # a valid pack either way
    story = first_story([str(pack)], "alpha", None)
    assert (story is not None) is partial
    if story is not None:
        assert story.scenes["a_elsewhere"].ending is not None


def test_only_the_files_naming_the_first_scene_and_its_targets_are_read(tmp_path):
    pack = copy_of(MINI, tmp_path)
    (pack / "alpha" / "zz_later.yaml").write_text(
        "- id: a_later\n  title: Later\n  date: 1968-09-01\n  place: Here\n  text: Later.\n"
        "  history: {text: Then., sources: [nowhere]}\n  ending: {title: End, epilogue: Over.}\n",
        encoding="utf-8",
    )  # cites an unknown source: an error of the whole pack, in a file the first screen does not need
    partial = first_story([str(pack)], "alpha", None)
    assert partial is not None and "a_later" not in partial.scenes


def test_a_cold_cache_builds_the_whole_story_only_when_started_and_stores_it(tmp_path, monkeypatch):
    """The first screen costs the partial read only: the whole load runs in WholeStory, after the first scene."""
    from game.story import cache, loader

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    expected = list(load_story([MINI]).scenes)
    calls: list[object] = []
    real = loader.load_with_problems
    monkeypatch.setattr(loader, "load_with_problems", lambda paths=None: calls.append(paths) or real(paths))
    story, problems, whole = cache.load_first_for_play([MINI], "alpha", None)
    assert whole is not None and story is not None and problems == []
    assert calls == [] and not list(tmp_path.glob("*.json"))  # nothing of the whole build has run yet
    assert set(story.scenes) < set(expected)
    full, problems = whole.wait()
    assert len(calls) == 1 and full is not None and problems == []
    assert list(full.scenes) == expected
    assert cache.load([MINI]) is not None  # stored before wait() returned
    again, _, none = cache.load_first_for_play([MINI], "alpha", None)
    assert none is None and again is not None and len(calls) == 1  # warm: the cache, no load at all


def test_the_id_search_finds_what_its_pattern_would():
    """The search for ``id:``/``extend:`` goes by hand; it must find exactly what the regular expression finds."""
    pieces = itertools.product(
        [b"", b"x", b"-", b" ", b"\n", b"goto: ab\n"],
        [b"id", b"extend", b"xid", b"ide", b"ID"],
        [b"", b" ", b"\t "],
        [b":", b"", b"::"],
        [b"", b" ", b"\t"],
        [b"", b"'", b'"'],
        [b"ab", b"a_b", b"b"],
        [b"", b"c", b"-", b" ", b"\n", b":", b"'"],
    )
    found = 0
    for lead, key, gap, colon, space, quote, written, tail in pieces:
        data = lead + key + gap + colon + space + quote + written + tail
        for ident in (b"ab", b"b", b"a_b"):
            pattern = rb"(?<![\w-])(?:id|extend)[ \t]*:[ \t]*[\"']?(?:" + re.escape(ident) + rb")(?![\w-])"
            expected = re.search(pattern, data) is not None
            assert _written(data, ident) == expected, (data, ident)
            found += expected
    assert found > 1000  # the cases cover both answers


def test_a_cold_start_reads_each_pack_file_once_and_builds_from_the_bytes_of_its_key(tmp_path, monkeypatch):
    read: list[str] = []
    reading = packfiles.read_regular

    def counted(path: str, budget: object = None) -> bytes:
        read.append(path)
        return reading(path, budget)  # type: ignore[arg-type]

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(packfiles, "read_regular", counted)
    story, problems, whole = cache.load_first_for_play(None, "advisor", None)
    assert whole is not None and story is not None and problems == []
    assert read and len(read) == len(set(read))  # the fingerprint's reads, and no file opened again
    read_again = first_story([base_pack()], "advisor", None)
    assert read_again is not None and story.content_hash == read_again.content_hash  # the same bytes

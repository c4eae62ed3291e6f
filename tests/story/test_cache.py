"""The play cache: a hit returns the same story; any content change misses; damage is ignored."""

from __future__ import annotations

from game.engine import available_choices, choose, new_game
from game.story import cache
from game.story.loader import load_story
from tests.conftest import MINI


def test_cached_story_plays_exactly_like_the_loaded_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    story, problems = cache.load_for_play([MINI])
    assert problems == [] and list(tmp_path.glob("*.json"))
    cached = cache.load([MINI])
    assert cached is not None
    loaded = load_story([MINI])
    assert list(cached.scenes) == list(loaded.scenes)
    for scene_id, scene in loaded.scenes.items():
        other = cached.scenes[scene_id]
        assert (other.title, other.date, other.text, other.history.sources, other.ending) == (
            scene.title,
            scene.date,
            scene.text,
            scene.history.sources,
            scene.ending,
        )
    for chosen in (["brave", "a_end_good"], ["quiet", "dream"]):
        a, b = new_game(loaded, "alpha"), new_game(cached, "alpha")
        for choice in chosen:
            assert [c.id for c in available_choices(loaded, a)] == [c.id for c in available_choices(cached, b)]
            a, b = choose(loaded, a, choice), choose(cached, b, choice)
        assert a == b


def test_an_edit_misses_the_cache(tmp_path, monkeypatch, pack):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    root = pack()
    cache.load_for_play([root])
    assert cache.load([root]) is not None
    scenes = root / "hero" / "scenes.yaml"
    scenes.write_text(scenes.read_text().replace("Nerve {nerve}.", "Courage {nerve}."), encoding="utf-8")
    assert cache.load([root]) is None
    story, _ = cache.load_for_play([root])
    assert story.scenes["s1"].text.startswith("Courage")


def test_a_damaged_cache_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    cache.load_for_play([MINI])
    for path in tmp_path.glob("*.json"):
        path.write_text('{"format": 1, "key": "x", "story": [1, 2', encoding="utf-8")
    assert cache.load([MINI]) is None
    story, problems = cache.load_for_play([MINI])
    assert story is not None and problems == []


def test_no_cache_when_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SPRING68_NO_CACHE", "1")
    story, _ = cache.load_for_play([MINI])
    assert story is not None and not list(tmp_path.iterdir())

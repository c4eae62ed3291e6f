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


def test_the_cache_keeps_every_field_of_every_record(tmp_path, monkeypatch):
    """Read back from the cache, the story equals the loaded one field by field, locations included.

    The cache once dropped each choice's goto location, the history's, every timeline event's and
    glossary entry's, and a scene's key locations: the layout was written by hand, field by field.
    """
    from game.story.locate import base_pack

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    for root in (MINI, base_pack()):
        loaded = load_story([root])
        cache.store([root], loaded)
        cached = cache.load([root])
        assert cached is not None
        for name in ("packs", "roles", "variables", "timeline", "sources", "glossary", "fixed_points", "content_hash"):
            assert getattr(cached, name) == getattr(loaded, name), name
        assert list(cached.scenes) == list(loaded.scenes)
        for scene_id, scene in loaded.scenes.items():
            other = cached.scenes[scene_id]
            assert _comparable(other) == _comparable(scene)
            assert other.locs and dict(other.locs) == dict(scene.locs)
            assert [c.goto_loc for c in other.choices] == [c.goto_loc for c in scene.choices]
        assert all(e.loc.line for e in cached.timeline.values()) and all(g.loc.line for g in cached.glossary.values())


def test_cached_expressions_are_the_same_typed_trees_and_still_run(tmp_path, monkeypatch):
    from game.story import expressions

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    loaded = load_story([MINI])
    cache.store([MINI], loaded)
    cached = cache.load([MINI])
    pairs = [
        (a, b)
        for scene_id, scene in loaded.scenes.items()
        for x, y in zip(scene.choices, cached.scenes[scene_id].choices, strict=True)
        for a, b in [
            (x.condition, y.condition),
            *((e.value, f.value) for e, f in zip(x.effects, y.effects, strict=True)),
        ]
        if a is not None
    ]
    assert pairs
    state = new_game(loaded, "alpha")
    for a, b in pairs:
        assert (b.source, b.tree, b.kind) == (a.source, a.tree, a.kind)
        assert {type(n) for n in _nodes(b.tree)} == {type(n) for n in _nodes(a.tree)} <= set(expressions.NODES.values())
        assert b.run(state) == a.run(state)


def _comparable(value):
    """A record with each compiled expression as its text, tree and kind: its closure differs by identity."""
    from game.story.expressions import CompiledExpr

    if isinstance(value, CompiledExpr):
        return ("expr", value.source, value.tree, value.kind)
    if isinstance(value, tuple):
        return (type(value).__name__, *(_comparable(item) for item in value))
    return value


def _nodes(tree):
    from game.story.expressions import children

    yield tree
    for child in children(tree):
        yield from _nodes(child)


def test_a_model_field_with_no_plain_form_is_refused_not_dropped():
    from typing import NamedTuple

    from game.story import storydata

    class WithSet(NamedTuple):
        name: str
        tags: set

    try:
        storydata._decoder(WithSet)
    except TypeError as exc:
        assert "no plain form" in str(exc)
    else:
        raise AssertionError("a set field was accepted")
    try:
        storydata._encode({1, 2})
    except TypeError as exc:
        assert "no plain form for set" in str(exc)
    else:
        raise AssertionError("a set was encoded")


def test_a_cache_entry_with_a_record_of_the_wrong_length_is_a_miss(tmp_path, monkeypatch):
    import json

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    cache.store([MINI], load_story([MINI]))
    (path,) = tmp_path.glob("*.json")
    header, body = _parts(path)
    first, entries = body.split(b"\n", 1)
    data = json.loads(first)
    data["roles"]["alpha"].pop()  # a role without its location
    _rewrite(path, header, json.dumps(data).encode() + b"\n" + entries)  # the digest matches: only a record is wrong
    assert cache.load([MINI]) is None
    _rewrite(path, header, first + b"\n" + entries + b"\n[]")  # one entry more than the keys say
    assert cache.load([MINI]) is None
    _rewrite(path, header, first + b"\n" + entries)  # whole again: a hit, so the misses above were the damage
    assert cache.load([MINI]) is not None


def _parts(path):
    import json

    header, body = path.read_bytes().split(b"\n", 1)
    return json.loads(header), body


def _rewrite(path, header, body):
    """The cache file with this body and a header whose digest vouches for it."""
    import json

    header = {**header, "digest": cache.body_digest(body)}
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


def test_a_cache_file_cut_short_anywhere_is_a_miss_and_is_rebuilt(tmp_path, monkeypatch):
    """What a power cut can leave of a cache written without fsync: a prefix of the file. Never a story."""
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    story = load_story([MINI])
    cache.store([MINI], story)
    (path,) = tmp_path.glob("*.json")
    whole = path.read_bytes()
    newline = whole.index(b"\n")
    for size in sorted({0, 1, newline - 1, newline, newline + 1, len(whole) // 2, len(whole) - 2, len(whole) - 1}):
        path.write_bytes(whole[:size])
        assert cache.load([MINI]) is None, size
    path.write_bytes(whole)
    assert cache.load([MINI]) is not None  # the same bytes whole: a hit (the misses above were the cuts)


def test_a_damaged_entry_inside_a_whole_looking_file_is_a_miss(tmp_path, monkeypatch):
    """Scenes are decoded only when first read, so damage inside one must be caught before: by the digest."""
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    cache.store([MINI], load_story([MINI]))
    (path,) = tmp_path.glob("*.json")
    whole = path.read_bytes()
    title = next(iter(load_story([MINI]).scenes.values())).title.encode()
    assert title in whole
    path.write_bytes(whole.replace(title, title.upper(), 1))  # still valid JSON, a scene's text changed
    assert cache.load([MINI]) is None
    header, body = _parts(path)
    _rewrite(path, {**header, "shape": "another layout"}, body)  # a model changed since the file was written
    assert cache.load([MINI]) is None


def test_a_cache_write_killed_before_its_rename_is_never_read(tmp_path):
    """A writer killed (SIGKILL) mid-store leaves only its temporary file: the next start misses, plays, stores."""
    import os
    import signal
    import subprocess
    import sys

    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path)}
    env.pop("SPRING68_NO_CACHE", None)
    child = (
        "import os, signal\n"
        "from game.story import cache\n"
        "from game.story.loader import load_story\n"
        "os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"cache.store([{str(MINI)!r}], load_story([{str(MINI)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", child], env=env, cwd=os.getcwd(), timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL
    assert not list(tmp_path.glob("*.json")) and list(tmp_path.glob(".*.tmp"))  # half-done: a temp file only
    os.environ["SPRING68_CACHE_DIR"] = str(tmp_path)
    try:
        assert cache.load([MINI]) is None
        story, problems = cache.load_for_play([MINI])
        assert story is not None and problems == [] and cache.load([MINI]) is not None
    finally:
        del os.environ["SPRING68_CACHE_DIR"]


def test_a_warm_start_decodes_only_the_records_it_reads(tmp_path, monkeypatch):
    """Bounded work: starting a game from the cache decodes its first scene, not every scene of the campaign."""
    import json

    from game.engine import rules
    from game.story import storydata
    from game.story.locate import base_pack

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path))
    root = base_pack()
    cache.store([root], load_story([root]))
    decoded = []

    class Counting:
        @staticmethod
        def loads(text):
            decoded.append(len(text))
            return json.loads(text)

    monkeypatch.setattr(storydata, "json", Counting)
    story = cache.load([root])
    assert story is not None and decoded == []
    state = rules.new_game(story, "advisor")
    scene = rules.current_scene(story, state)
    rules.scene_text(scene, state)
    for choice in rules.available_choices(story, state):
        rules.ending_ahead(story, choice)
    assert 1 <= len(decoded) <= 1 + len(scene.choices) < len(story.scenes) // 4
    assert len(list(story.scenes.values())) == len(story.scenes) and len(decoded) >= len(story.scenes)


def test_the_cache_folder_is_the_platforms_user_cache_folder(tmp_path, monkeypatch):
    import platformdirs

    monkeypatch.delenv("SPRING68_CACHE_DIR", raising=False)
    monkeypatch.delenv("SPRING68_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == platformdirs.user_cache_dir("spring68", appauthor=False)
    if platformdirs.user_cache_dir("x", appauthor=False) == str(tmp_path / "xdg" / "x"):  # Linux and the BSDs
        assert cache.cache_dir() == str(tmp_path / "xdg" / "spring68")
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == str(tmp_path / "mine")

"""The title screen before the story: drawn from the manifests, the story loading behind it (game/tui/title_first.py).

A slow loader is injected (it waits on an event the test sets), so the tests count what happened
before and after the story arrived, never how long anything took.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from textual.widgets import OptionList

from game.engine.saves import SaveFolder
from game.story.errors import Problem
from game.story.loader import load_with_problems
from game.story.locate import base_pack
from game.tui.title_first import Loaded, StoryLater, front_of, later, read_front
from tests.conftest import MINI
from tests.tui.conftest import SIZE, settle


class SlowLoad:
    """The play loader, held until the test lets it go; counts its calls."""

    def __init__(self, result: Loaded) -> None:
        self.result = result
        self.go = threading.Event()
        self.calls = 0

    def __call__(self) -> Loaded:
        self.calls += 1
        assert self.go.wait(10), "the test never let the load go"
        return self.result


def held_app(make_app, story, *, released: bool = False):
    """The app started title-first on the mini pack, its load a :class:`SlowLoad` (let go if ``released``)."""
    slow = SlowLoad((story, []))
    if released:
        slow.go.set()
    front = read_front([str(MINI)])
    assert front is not None
    return make_app(StoryLater(front, slow)), slow


def menu_ids(app) -> list[str]:
    menu = app.screen.query_one("#menu", OptionList)
    return [menu.get_option_at_index(i).id or "" for i in range(menu.option_count)]


def test_the_manifests_give_the_same_front_as_the_loaded_story(mini) -> None:
    front = read_front([str(MINI)])
    assert front is not None
    loaded = front_of(mini)
    assert [(p.id, p.title, p.description.strip(), p.path) for p in front.packs] == [
        (p.id, p.title, p.description.strip(), p.path) for p in loaded.packs
    ]
    assert [(r.id, r.title, r.summary, r.start) for r in front.roles.values()] == [
        (r.id, r.title, r.summary, r.start) for r in loaded.roles.values()
    ]


def test_the_base_campaigns_front_is_its_stories() -> None:
    front = read_front([base_pack()])
    story, _problems = load_with_problems([base_pack()])
    assert front is not None and story is not None
    assert list(front.roles) == list(story.roles)
    assert front.packs[0].title == story.title


def test_an_unreadable_manifest_means_the_story_is_loaded_first(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert read_front([str(tmp_path)]) is None
    assert later([str(tmp_path)]) is None
    (tmp_path / "pack.yaml").write_text("id: x\ntitle: X\nroles: [not, a, mapping]\n", encoding="utf-8")
    assert read_front([str(tmp_path)]) is None


def test_the_title_shows_before_the_story_and_the_menu_answers_once_it_has_loaded(make_app, mini) -> None:
    app, slow = held_app(make_app, mini)
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(20):
                await pilot.pause()
            # The title screen is up, from the manifest alone: the load has started and is held.
            seen["loaded before"] = app.story_loaded
            seen["menu before"] = menu_ids(app)
            seen["name"] = str(app.screen.query_one("#game-name").render())
            press = asyncio.create_task(pilot.press("1"))  # faster than the load: the choice waits for it
            for _ in range(5):
                await asyncio.sleep(0.01)
            seen["state while held"] = app.state
            slow.go.set()
            await press
            await settle(pilot)
            seen["loaded after"] = app.story_loaded
            seen["screen after"] = type(app.screen).__name__
            seen["scene after"] = app.state.scene if app.state else None

    asyncio.run(main())
    assert seen["loaded before"] is False
    menu_before = seen["menu before"]
    assert isinstance(menu_before, list) and menu_before[:2] == ["role:alpha", "role:beta"]
    assert "M I N I" in str(seen["name"])
    assert seen["state while held"] is None
    assert seen["loaded after"] is True
    assert slow.calls == 1
    assert seen["screen after"] == "PlayScreen"
    assert seen["scene after"] == mini.roles["alpha"].start


def test_a_pack_error_found_behind_the_title_ends_the_app_with_its_problems(make_app, mini, tmp_path) -> None:
    from game.story.model import Loc

    problem = Problem(Loc("scenes/a.yaml", 3, 1), "a broken scene", "fix it", code="test")
    slow = SlowLoad((None, [problem]))
    slow.go.set()
    front = front_of(mini)
    story = StoryLater(front, slow)
    app = make_app(story, SaveFolder(tmp_path / "saves"))

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(200):  # the load starts a moment after the first frame (story_arrival.LOAD_GRACE)
                if slow.calls:
                    break
                await pilot.pause(0.01)
            await settle(pilot)

    asyncio.run(main())
    assert slow.calls == 1
    assert app.return_code == 2
    assert app.load_problems == [problem]
    assert story.problems == [problem]
    assert not (tmp_path / "saves").exists() or not any((tmp_path / "saves").iterdir())


def test_spring68_prints_a_pack_error_found_behind_the_title(monkeypatch, tmp_path, capsys) -> None:
    """The command line's path: the same report as when the story is loaded first, and exit code 2."""
    import argparse

    from game.story.model import Loc
    from game.tui import launch

    problem = Problem(Loc("scenes/a.yaml", 3, 1), "a broken scene", "fix it", code="test")
    front = read_front([str(MINI)])
    assert front is not None
    story = StoryLater(front, lambda: (None, [problem]))
    monkeypatch.setattr("game.tui.title_first.later", lambda packs: story)

    def run(loading, saves):
        loading.run()
        return 2

    monkeypatch.setattr("game.tui.app.run_tui", run)
    reported: list[list[Problem]] = []
    code = launch.play_title_first(argparse.Namespace(), [str(MINI)], SaveFolder(tmp_path), reported.append)
    assert code == 2
    assert reported == [[problem]]


def test_a_start_that_needs_the_story_loads_it_first(tmp_path) -> None:
    import argparse

    from game.tui import launch

    for option in ("role", "start", "resume", "load", "lang", "sub_watch", "sub_classroom"):
        args = argparse.Namespace(**{option: "x"})
        assert launch.play_title_first(args, [str(MINI)], SaveFolder(tmp_path), print) is None


# -- the front kept beside the play cache, so the title needs no YAML -----------------------------

FRONT_IN_A_NEW_PROCESS = (
    "import json, sys\n"
    "from game.tui.title_first import later\n"
    "import game.tui.app  # and everything the title screen imports\n"
    "story = later(sys.argv[1:] or None)\n"
    "packs, roles = [list(p) for p in story.front.packs], [list(r[:4]) for r in story.front.roles.values()]\n"
    "print(json.dumps(['yaml' in sys.modules, packs, roles]))"
)


def _front_in_a_new_process(cache: Path, *packs: str) -> tuple[bool, list, list]:
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "SPRING68_CACHE_DIR": str(cache)}
    result = subprocess.run(
        [sys.executable, "-c", FRONT_IN_A_NEW_PROCESS, *packs], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    yaml_imported, packs_seen, roles = json.loads(result.stdout.splitlines()[-1])
    return yaml_imported, packs_seen, roles


def test_a_second_start_draws_the_title_without_importing_yaml(tmp_path: Path) -> None:
    first = _front_in_a_new_process(tmp_path / "cache")
    second = _front_in_a_new_process(tmp_path / "cache")
    assert first[0] is True  # nothing kept yet: the manifests are read
    assert second[0] is False
    assert second[1:] == first[1:]
    story, _problems = load_with_problems([base_pack()])
    assert story is not None
    assert [role[0] for role in second[2]] == list(story.roles)


def _copy_of_mini(tmp_path: Path) -> Path:
    import shutil

    return Path(shutil.copytree(MINI, tmp_path / "mini"))


def test_an_edited_manifest_is_read_again_not_taken_from_the_kept_front(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    pack = _copy_of_mini(tmp_path)
    first = later([str(pack)])
    assert first is not None
    manifest = pack / "pack.yaml"
    old_title = first.front.packs[0].title
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_title, "A New Title", 1), encoding="utf-8")
    edited = later([str(pack)])
    assert edited is not None and edited.front.packs[0].title == "A New Title"
    again = later([str(pack)])  # and the kept front is now the edited one
    assert again is not None and again.front == edited.front


def test_a_damaged_kept_front_is_ignored_and_written_anew(tmp_path: Path, monkeypatch) -> None:
    import json

    from game.tui.title_first import FRONT_FILE, MAX_FRONT_FILE

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    expected = read_front([str(MINI)])
    assert expected is not None
    assert later([str(MINI)]) is not None
    kept = tmp_path / "cache" / FRONT_FILE
    good = json.loads(kept.read_text(encoding="utf-8"))
    wrong_title = {**good, "front": {**good["front"], "packs": [[1, *good["front"]["packs"][0][1:]]]}}
    wrong_version = {**good, "key": [999, *good["key"][1:]]}
    no_roles = {**good, "front": {**good["front"], "roles": []}}
    for damage in (
        b"\xff\xfe not json",
        b"{",
        b"[" * 100_000,  # nested past the parser's recursion limit
        b" " * (MAX_FRONT_FILE + 1),
        json.dumps(wrong_title).encode(),
        json.dumps(wrong_version).encode(),
        json.dumps(no_roles).encode(),
        json.dumps([good]).encode(),
    ):
        kept.write_bytes(damage)
        story = later([str(MINI)])
        assert story is not None and story.front == expected, damage[:40]
        assert json.loads(kept.read_text(encoding="utf-8")) == good, damage[:40]


def test_a_kept_front_for_another_pack_is_not_used(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    assert later([str(MINI)]) is not None
    other = later([base_pack()])
    assert other is not None and other.front == read_front([base_pack()])


def test_with_the_play_cache_off_no_front_is_kept(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SPRING68_NO_CACHE", "1")
    story = later([str(MINI)])
    assert story is not None and story.front == read_front([str(MINI)])
    assert not (tmp_path / "cache").exists()


# -- no cyclic garbage collection before the first frame (game/tui/first_frame_gc.py) ---------------

COLLECTOR_ON_A_TITLE_FIRST_START = """
import argparse, asyncio, gc, json, sys
import game.tui.app as app_module
import game.tui.story_arrival as arrival
from game.engine.saves import SaveFolder
from game.tui import launch

collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
seen = {}
resume = arrival.resume_after_start

def at_first_frame():
    seen["collections before the first frame"] = len(collections)
    seen["on before the first frame"] = gc.isenabled()
    resume()
    seen["on after the first frame"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()

def run_tui(story, saves):
    app = app_module.Spring68App(story, saves, cursor_blink=False)
    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(100):
                if app.story_loaded:
                    break
                await pilot.pause(0.01)
    asyncio.run(main())
    return 0

arrival.resume_after_start = at_first_frame
arrival.LOAD_GRACE = 0.0
app_module.run_tui = run_tui
gc.collect()
collections.clear()
code = launch.play_title_first(argparse.Namespace(), [sys.argv[1]], SaveFolder(sys.argv[2]), print)
seen["code"] = code
seen["on at the end"] = gc.isenabled()
print(json.dumps(seen))
"""


def test_the_collector_waits_for_the_first_frame_of_a_title_first_start(tmp_path: Path) -> None:
    """Counted, not timed: no collection from the start to the title's first frame, the collector on after it."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR_ON_A_TITLE_FIRST_START, str(MINI), str(tmp_path / "saves")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.splitlines()[-1])
    assert seen["code"] == 0
    assert seen["on before the first frame"] is False
    assert seen["collections before the first frame"] == 0
    assert seen["on after the first frame"] is True
    assert seen["frozen"] > 1000  # the start's objects, out of every later collection's way
    assert seen["on at the end"] is True


def test_an_app_started_otherwise_leaves_the_collector_as_it_was(make_app, mini, monkeypatch) -> None:
    import gc

    from game.tui import first_frame_gc

    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(1))
    seen: dict[str, bool] = {}

    async def main() -> None:
        async with make_app(mini).run_test(size=SIZE) as pilot:
            await settle(pilot)
            seen["on"] = gc.isenabled()

    asyncio.run(main())
    assert seen["on"] is True
    assert frozen == []
    assert not first_frame_gc.paused()


def test_a_start_that_cannot_show_the_title_first_turns_the_collector_back_on(tmp_path: Path, monkeypatch) -> None:
    import argparse
    import gc

    from game.tui import launch

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "pack.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert gc.isenabled()
    assert launch.play_title_first(argparse.Namespace(), [str(tmp_path)], SaveFolder(tmp_path / "saves"), print) is None
    assert gc.isenabled()


def test_the_load_waits_for_the_terminal_to_draw_the_title_and_a_key_starts_it_at_once(
    make_app, mini, monkeypatch
) -> None:
    """The load leaves the first frame the CPU (story_arrival.LOAD_GRACE, made long here); a key does not wait."""
    monkeypatch.setattr("game.tui.story_arrival.LOAD_GRACE", 600.0)
    app, slow = held_app(make_app, mini, released=True)
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            seen["calls at the title"] = slow.calls
            await pilot.press("1")
            await settle(pilot)
            seen["calls after a key"] = slow.calls
            seen["screen"] = type(app.screen).__name__

    asyncio.run(main())
    assert seen["calls at the title"] == 0
    assert seen["calls after a key"] == 1
    assert seen["screen"] == "PlayScreen"


def test_with_no_key_the_load_starts_by_itself_after_the_grace(make_app, mini, monkeypatch) -> None:
    monkeypatch.setattr("game.tui.story_arrival.LOAD_GRACE", 0.0)
    app, slow = held_app(make_app, mini, released=True)
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(100):
                if app.story_loaded:
                    break
                await pilot.pause(0.01)
            seen["loaded"] = app.story_loaded
            seen["screen"] = type(app.screen).__name__

    asyncio.run(main())
    assert seen == {"loaded": True, "screen": "TitleScreen"}
    assert slow.calls == 1

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
    slow = SlowLoad((mini, []))
    front = read_front([str(MINI)])
    assert front is not None
    app = make_app(StoryLater(front, slow))
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
    assert seen["menu before"][:2] == ["role:alpha", "role:beta"]
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
            await settle(pilot)

    asyncio.run(main())
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

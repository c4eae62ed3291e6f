"""Live reload (--watch): edits show up in the running game, and a game that no longer fits is kept."""

from __future__ import annotations

import shutil

import pytest

from game.story.loader import load_story
from tests.conftest import MINI
from tests.tui.conftest import drive, settle


@pytest.fixture
def pack_copy(tmp_path):
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def reload_now(pilot):
    app = pilot.app
    app.live_reload.poll()
    for _ in range(100):
        await settle(pilot)
        if not app.live_reload.busy:
            return
    raise AssertionError("the reload did not finish")


def test_an_edit_reloads_and_the_game_goes_on_where_it_was(make_app, pack_copy):
    story = load_story([pack_copy])
    app = make_app(story, role="alpha", start="a_start", watch=[str(pack_copy)])
    scenes = pack_copy / "alpha" / "scenes.yaml"

    async def script(pilot):
        app.choose("a_start.brave")
        await settle(pilot)
        before = app.state
        edit(scenes, "The middle of things.", "The middle of things, rewritten while you play.")
        await reload_now(pilot)
        assert app.story is not story
        assert app.story.scenes["a_middle"].text.startswith("The middle of things, rewritten")
        assert app.state.scene == "a_middle" and app.state.log == before.log
        assert dict(app.state.variables) == dict(before.variables)
        assert "rewritten while you play" in app.screen.query_one("StoryView").source
        notes = [n.message for n in app._notifications]
        assert any("Reloaded" in n for n in notes)

    drive(app, script)


def test_broken_files_keep_the_old_version_and_say_why(make_app, pack_copy):
    story = load_story([pack_copy])
    app = make_app(story, role="alpha", start="a_start", watch=[str(pack_copy)])
    scenes = pack_copy / "alpha" / "scenes.yaml"

    async def script(pilot):
        edit(
            scenes,
            "goto: a_middle\n      record: People were brave.",
            "goto: a_midle\n      record: People were brave.",
        )
        await reload_now(pilot)
        assert app.story is story
        notes = " ".join(n.message for n in app._notifications)
        assert "Not reloaded" in notes and "a_midle" in notes and "previous version" in notes

    drive(app, script)


def test_a_game_whose_choice_is_gone_stays_on_the_old_version(make_app, pack_copy):
    story = load_story([pack_copy])
    app = make_app(story, role="alpha", start="a_start", watch=[str(pack_copy)])
    scenes = pack_copy / "alpha" / "scenes.yaml"

    async def script(pilot):
        app.choose("a_start.brave")
        await settle(pilot)
        edit(scenes, "    - id: brave\n", "    - id: bold\n")
        await reload_now(pilot)
        assert app.story is story and app.state.log == ("a_start.brave",)
        notes = " ".join(n.message for n in app._notifications)
        assert "does not fit the new version" in notes and "brave" in notes

    drive(app, script)

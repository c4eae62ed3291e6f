"""With a mod loaded, the title screen names the mod and what it is a mod of (issue 22 item 6)."""

from __future__ import annotations

from pathlib import Path

from game.story.loader import load_story
from tests.conftest import MINI
from tests.tui.conftest import drive, shown_text

MOD = (
    "id: brave_mod\ntitle: The Brave Mod\nversion: 1\nextends: mini\n"
    "description: A braver story. It adds nothing but a name.\n"
)


def test_the_title_screen_names_the_mod_and_its_base(make_app, tmp_path: Path):
    mod = tmp_path / "brave_mod"
    mod.mkdir()
    (mod / "pack.yaml").write_text(MOD, encoding="utf-8")
    story = load_story([MINI, mod])
    app = make_app(story=story)

    async def script(pilot):
        shown = shown_text(app)
        assert "T H E   B R A V E   M O D" in shown  # (letter-spaced, as every short title)
        assert "a mod of Mini pack" in shown
        assert "A braver story." in shown and "It adds nothing but a name." in shown
        assert "A tiny pack for the tests." not in shown  # the base's description gives way to the mod's

    drive(app, script, size=(100, 30))


def test_the_base_campaign_alone_says_nothing_of_mods(make_app):
    app = make_app()

    async def script(pilot):
        shown = shown_text(app)
        assert "M I N I   P A C K" in shown and "A tiny pack for the tests." in shown
        assert "a mod of" not in shown

    drive(app, script, size=(100, 30))

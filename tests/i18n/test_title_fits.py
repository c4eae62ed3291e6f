"""The title screen's menu fits whole, its lower edge in view, at every size, in every language the campaign has.

The campaign's own title, description and two languages make the tallest title (the test packs' are short):
a menu that spilled below the screen hid its last items and the key hint (issue 22: 80x24).
"""

from __future__ import annotations

import asyncio

import pytest

from game.engine.saves import SaveFolder
from tests.i18n.conftest import czech

SIZES = [(60, 20), (80, 24), (100, 30), (160, 50)]


@pytest.mark.parametrize("lang", ["en", "cs"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_title_menu_fits_whole_at_every_size(campaign, tmp_path, lang, size):
    from textual.widgets import OptionList

    from game.tui.app import Spring68App

    story = czech(campaign) if lang == "cs" else campaign
    app = Spring68App(story, SaveFolder(tmp_path / "saves"), cursor_blink=False)
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            menu = app.screen.query_one("#menu", OptionList)
            footer_top = size[1] - 1
            seen["scrolls"] = app.screen.query_one("#title-scroll").max_scroll_y
            seen["menu ends above the footer"] = menu.region.bottom <= footer_top
            seen["every item shown"] = menu.max_scroll_y == 0
            seen["game name shown"] = app.screen.query_one("#game-name").region.y >= 0

    asyncio.run(main())
    assert seen == {"scrolls": 0, "menu ends above the footer": True, "every item shown": True, "game name shown": True}

"""Notifications never cover the choices: toasts sit at the top right, one at a time (issue 22 item 3)."""

from __future__ import annotations

import asyncio

import pytest

from game.tui.safe_text import notice
from tests.tui.conftest import press, settle

SIZES = [(60, 20), (80, 24), (100, 30), (160, 50)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_notices_never_cover_the_choice_box(make_app, size):
    app = make_app()

    async def main() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:  # run_test leaves toasts out by default
            await settle(pilot)
            await press(pilot, "1")
            for number in range(5):  # a burst, as saving, undoing and exporting in a row make
                notice(app, f"Notice {number}: the game was saved in the slot you named a moment ago.")
                await pilot.pause()
            await settle(pilot)
            screen = app.screen
            box = screen.query_one("#choices-box")
            toasts, covered = set(), []
            for y in range(app.size.height):
                for x in range(app.size.width):
                    widget, _ = screen.get_widget_at(x, y)
                    if type(widget).__name__ == "Toast":
                        toasts.add(id(widget))
                        if box.region.contains(x, y):
                            covered.append((x, y))
            assert toasts  # a toast is on screen (so the test looks at something) ...
            assert len(toasts) == 1  # ... only the newest ...
            assert covered == []  # ... and never over the choices

    asyncio.run(main())

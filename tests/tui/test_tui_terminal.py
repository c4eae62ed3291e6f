"""Hostile terminals: a tiny window and a storm of resizes neither crash the game nor lose it."""

from __future__ import annotations

import random

from game.engine.saves import read_document
from tests.tui.conftest import drive, settle


def test_a_storm_of_resizes_in_a_tiny_window_loses_nothing(make_app, saves):
    app = make_app(role="alpha", start="a_start")
    rng = random.Random(1968)

    async def script(pilot):
        app.choose("a_start.brave")
        await settle(pilot)
        before = app.state
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        for _ in range(60):  # no waiting between resizes: the storm
            await pilot.resize_terminal(rng.randint(1, 220), rng.randint(1, 70))
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert app.state == before
        assert type(app.screen).__name__ == "PlayScreen"
        await pilot.press("2")  # still playable at 40x12: Refuse
        await settle(pilot)
        await app.wait_for_saves()
        assert app.state.log == ("a_start.brave", "a_middle.a_end_bad")
        document = read_document(saves.path_for("autosave"))
        assert document["state"]["log"] == ["a_start.brave", "a_middle.a_end_bad"]

    drive(app, script, size=(40, 12))

"""Every screen opens and closes, and no size of terminal breaks one."""

from __future__ import annotations

import pytest

from tests.tui.conftest import drive, press, screen_name, settle

PLAY_SCREENS = [
    ("r", "HistoryDialog", "escape"),
    ("d", "DiscussDialog", "escape"),
    ("t", "TimelineScreen", "escape"),
    ("g", "GlossaryScreen", "escape"),
    ("b", "SourcesScreen", "escape"),
    ("s", "SaveDialog", "escape"),
    ("l", "LoadScreen", "escape"),
    ("question_mark", "HelpScreen", "escape"),
]


@pytest.mark.parametrize(("key", "name", "close"), PLAY_SCREENS, ids=[p[1] for p in PLAY_SCREENS])
def test_each_screen_opens_from_play_and_closes_back_to_it(make_app, key, name, close):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        assert screen_name(app) == "PlayScreen"
        await press(pilot, key)
        assert screen_name(app) == name
        await press(pilot, close)
        assert screen_name(app) == "PlayScreen"
        assert app.state.scene == "a_start"  # reading never changes the game

    drive(app, script)


@pytest.mark.parametrize(("key", "name"), [("l", "LoadScreen"), ("question_mark", "HelpScreen")])
def test_title_screens_open_and_close(make_app, key, name):
    app = make_app()

    async def script(pilot):
        await press(pilot, key)
        assert screen_name(app) == name
        await press(pilot, "escape")
        assert screen_name(app) == "TitleScreen"

    drive(app, script)


def test_reference_screens_open_from_the_ending(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "EndingScreen"
        for key, name in (
            ("t", "TimelineScreen"),
            ("g", "GlossaryScreen"),
            ("b", "SourcesScreen"),
            ("question_mark", "HelpScreen"),
            ("l", "LoadScreen"),
        ):
            await press(pilot, key)
            assert screen_name(app) == name
            await press(pilot, "escape")
            assert screen_name(app) == "EndingScreen"
        await press(pilot, "n")
        assert screen_name(app) == "TitleScreen"

    drive(app, script)


def test_the_history_dialog_shows_the_record_event_and_sources(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "r")
        text = " ".join(str(w.render()) for w in app.screen.query("Static, SceneText"))
        assert "It happened like this." in text
        assert "Event one" in text  # the timeline event the scene is set at
        assert "A. Author, A Book (A Press, 1997)" in text

    drive(app, script)


def test_discuss_without_prompts_says_so(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "2", "d")  # beta has no prompts
        assert screen_name(app) == "PlayScreen"
        assert any("no discussion prompts" in n.message for n in app._notifications)

    drive(app, script)


def test_timeline_marks_what_the_player_lived_through(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "t")
        marks = {m.event.id: m for m in app.screen.marks}
        assert marks["ev_one"].witnessed
        assert not marks["ev_two"].lived
        await press(pilot, "escape", "1", "t")
        marks = {m.event.id: m for m in app.screen.marks}
        assert marks["ev_two"].witnessed

    drive(app, script)


def test_glossary_search_filters_and_escape_clears_first(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "g")
        entries = app.screen.query_one("#entries")
        assert entries.option_count == 1
        await press(pilot, "z", "z", "z")
        assert app.screen.query_one("#search").value == "zzz"
        assert entries.option_count == 0
        assert "Nothing matches" in str(app.screen.query_one("#entry-detail").render())
        await press(pilot, "escape")  # clears the search
        assert screen_name(app) == "GlossaryScreen"
        assert entries.option_count == 1
        await press(pilot, "escape")
        assert screen_name(app) == "TitleScreen"

    drive(app, script)


def test_command_palette_opens_and_runs_a_game_command(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "ctrl+p")
        assert screen_name(app) == "TranslatedPalette"  # Textual's CommandPalette in the player's words
        await pilot.press(*"timeline")
        await settle(pilot)
        await pilot.pause(0.3)
        await press(pilot, "enter")
        assert screen_name(app) == "TimelineScreen"

    drive(app, script)


SIZES = [(80, 24), (200, 60), (40, 12)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_draws_at_this_size(make_app, size):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        for key in ("r", "t", "g", "b", "s", "l", "question_mark"):
            await press(pilot, key)
            await press(pilot, "escape")
            assert screen_name(app) == "PlayScreen"
        await press(pilot, "d")
        await press(pilot, "1")
        assert screen_name(app) == "EndingScreen"
        await press(pilot, "pagedown", "pagedown", "end")

    drive(app, script, size=size)


def test_resizing_while_playing_never_crashes(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        for size in SIZES + [(20, 6), (120, 30), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await press(pilot, "r")
            await pilot.resize_terminal(size[1], size[0] // 2 or 1)
            await settle(pilot)
            await press(pilot, "escape")
        assert screen_name(app) == "PlayScreen"
        await press(pilot, "1", "1")
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await settle(pilot)
        assert screen_name(app) == "EndingScreen"

    drive(app, script)


def test_narrow_play_puts_the_bars_under_the_text(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        body = app.screen.query_one("#body")
        assert body.styles.layout.name == "vertical"

    drive(app, script, size=(50, 24))


def test_on_a_short_narrow_screen_the_bars_stay_as_one_line_under_the_text(make_app):
    """Issue 22: at the narrowest the bars collapse to one line; they are never hidden (not even under 20 rows)."""
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        assert app.screen.has_class("-short") and app.screen.has_class("-narrow")
        side = app.screen.query_one("#side")
        bars = app.screen.query_one("#bars")
        assert side.display and bars.display
        assert bars.region.height == 1 and bars.region.width > 0

    drive(app, script, size=(50, 16))


def test_the_layout_follows_the_terminal_size_even_behind_a_dialog(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        body = app.screen.query_one("#body")
        assert body.styles.layout.name == "horizontal"
        await pilot.resize_terminal(50, 24)
        await settle(pilot)
        assert body.styles.layout.name == "vertical"
        await press(pilot, "r")
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        await press(pilot, "escape")
        assert screen_name(app) == "PlayScreen"
        assert body.styles.layout.name == "horizontal"
        assert not app.screen.has_class("-narrow")

    drive(app, script)

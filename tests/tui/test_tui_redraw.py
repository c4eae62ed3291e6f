"""The play screen's fast redraw: what a choice leads to is drawn ahead, and a choice does not lay the screen out again.

Speed itself is measured in bench/bench_tui.py; these tests pin the
behaviour the speed rests on, and that the hand-drawn widgets still do
everything a player expects (scrolling, centring, choosing by keys and mouse).
"""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from game.tui.widgets.choices import ChoiceList, ChoiceOption
from game.tui.widgets.story_view import Page, StoryView
from tests.tui.conftest import drive, pane_text, press, settle


async def read_a_moment(pilot) -> None:
    """As a player does before choosing: long enough for the screen to draw what the choices lead to."""
    await pilot.pause(0.2)
    await settle(pilot)


def test_a_choice_is_drawn_without_laying_out_the_screen_again(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")  # alpha: a_start, two choices; a_middle has two or three
        await read_a_moment(pilot)
        compositor = app.screen._compositor
        reflows = []
        original = compositor.reflow
        compositor.reflow = lambda *args, **kwargs: reflows.append(1) or original(*args, **kwargs)
        try:
            await press(pilot, "1")
        finally:
            compositor.reflow = original
        assert app.state.scene == "a_middle"
        assert "The middle" in pane_text(app)
        assert reflows == []

    drive(app, script)


def test_the_choices_shown_after_a_choice_are_the_new_scenes(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        await read_a_moment(pilot)
        await press(pilot, "1")
        chooser = app.screen.query_one(ChoiceList)
        labels = [option.label for option in chooser.options]
        assert labels[:2] == ["Sign", "Refuse"]
        assert chooser.highlighted == 0
        rows = chooser.render_lines(chooser.region.reset_offset)
        assert any("1. Sign" in strip.text for strip in rows) and any("2. Refuse" in strip.text for strip in rows)

    drive(app, script)


def test_the_scene_pane_scrolls_by_keys_and_shows_where_it_is(make_app):
    from game.story.cache import load_for_play

    story, _ = load_for_play(None)  # the base campaign: its first scene is longer than the pane
    role = next(iter(story.roles.values()))
    app = make_app(story=story, start=role.start)

    async def script(pilot):
        await settle(pilot)
        if app.screen.__class__.__name__ != "PlayScreen":  # a content note comes first
            await press(pilot, "enter")
        pane = app.screen.query_one(StoryView)
        assert pane.max_scroll_y > 0
        top = pane.screen_rows()
        await press(pilot, "pagedown")
        assert pane.scroll_y > 0
        assert pane.screen_rows() != top
        await press(pilot, "1")  # a new scene starts at its top
        assert pane.scroll_y == 0

    drive(app, script)


def test_the_text_column_is_centred_on_a_wide_screen(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        pane = app.screen.query_one(StoryView)
        row = next(text for text in pane.screen_rows() if "The start" in text)
        left = len(row) - len(row.lstrip())
        assert left > 10  # centred, not against the left edge
        assert pane.plain_lines()[0].strip() == "The start"

    drive(app, script, size=(180, 40))


class ListHost(App[None]):
    """A ChoiceList alone, in a small window."""

    def __init__(self, options: list[ChoiceOption]) -> None:
        super().__init__()
        self.options = options
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield ChoiceList()

    def on_mount(self) -> None:
        chooser = self.query_one(ChoiceList)
        chooser.show_options(self.options)
        chooser.focus()

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        self.chosen.append(event.option.id)


def run_list(options: list[ChoiceOption], script, size=(30, 10)) -> ListHost:
    app = ListHost(options)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot, app.query_one(ChoiceList))

    asyncio.run(main())
    return app


def test_a_list_taller_than_its_room_follows_the_highlight():
    options = [ChoiceOption(f"c{n}", f"Choice number {n}, with words enough to wrap") for n in range(1, 7)]

    async def script(pilot, chooser):
        assert chooser.outer_size.height < 12  # 45% of the window: not every line fits
        await pilot.press("end")
        assert chooser.highlighted == 5
        rows = [strip.text for strip in chooser.render_lines(chooser.region.reset_offset)]
        assert any("6." in row for row in rows)
        assert not any("1." in row for row in rows)
        await pilot.press("home", "down", "enter")
        await pilot.pause()

    app = run_list(options, script)
    assert app.chosen == ["c2"]


def test_a_disabled_line_is_never_chosen_and_a_click_chooses():
    options = [ChoiceOption("-none", "Nothing is open", disabled=True)]

    async def nothing(pilot, chooser):
        assert chooser.highlighted is None
        await pilot.press("enter", "down")
        await pilot.click(ChoiceList, offset=(2, 0))
        await pilot.pause()

    assert run_list(options, nothing).chosen == []

    async def click(pilot, chooser):
        await pilot.click(ChoiceList, offset=(3, 1))
        await pilot.pause()

    assert run_list([ChoiceOption("a", "First"), ChoiceOption("b", "Second")], click).chosen == ["b"]


def test_a_page_prepared_ahead_is_the_page_shown(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        pane = app.screen.query_one(StoryView)
        page = Page(None, "Ahead", "Some *text* drawn ahead.")
        pane.prepare(page)
        prepared = len(pane._frames)
        pane.show(page)
        await settle(pilot)
        assert len(pane._frames) == prepared  # shown from what was prepared, nothing drawn afresh
        assert pane.plain_lines() == ["Ahead", "", "Some text drawn ahead."]

    drive(app, script)


def test_the_option_under_the_mouse_is_marked_until_the_pointer_leaves():
    options = [ChoiceOption("a", "First"), ChoiceOption("b", "Second")]

    async def script(pilot, chooser):
        plain = [strip.text for strip in chooser.render_lines(chooser.region.reset_offset)]
        await pilot.hover(ChoiceList, offset=(3, 1))
        assert chooser._hover == 1
        hovered = chooser.render_lines(chooser.region.reset_offset)
        second_plain, second_hovered = chooser._option_strips(2, options[1])[0][0], hovered[1]
        assert second_hovered.text == plain[1]  # same words ...
        assert list(second_hovered) != list(second_plain)  # ... another look
        await pilot.hover(ChoiceList, offset=(3, 5))  # below the options
        assert chooser._hover is None
        assert chooser.highlighted == 0  # hovering never moves the highlight

    run_list(options, script)

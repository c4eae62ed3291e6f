"""The play screen's fast redraw: what a choice leads to is drawn ahead, and a choice does not lay the screen out again.

Speed itself is measured in bench/bench_tui.py; these tests pin the
behaviour the speed rests on, and that the hand-drawn widgets still do
everything a player expects (scrolling, centring, choosing by keys and mouse).
"""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from game.tui.widgets.choices import ChoiceList, ChoiceOption
from game.tui.widgets.story_view import Page, StoryView
from tests.tui.conftest import drive, pane_text, press, settle


async def read_a_moment(pilot) -> None:
    """As a player does before choosing: long enough for the screen to draw what the choices lead to."""
    await pilot.pause(0.2)
    await settle(pilot)


def campaign_app(make_app):
    """The app at the base campaign's first role's first scene (a long scene, a content note before it)."""
    from game.story.cache import load_for_play

    story, _ = load_for_play(None)
    assert story is not None
    role = next(iter(story.roles.values()))
    return make_app(story=story, start=role.start)


async def to_the_scene(pilot) -> None:
    """Past the content note, if one comes first, to the play screen."""
    await settle(pilot)
    if pilot.app.screen.__class__.__name__ != "PlayScreen":
        await press(pilot, "enter")


def test_a_choice_is_drawn_without_laying_out_the_screen_again(make_app):
    from textual.widget import Widget

    app = make_app()

    async def script(pilot):
        await press(pilot, "1")  # alpha: a_start, two choices; a_middle has two or three
        await read_a_moment(pilot)
        screen = app.screen
        asked: list[str] = []
        original_show, original_refresh = screen.show_state, Widget.refresh

        def refresh(widget, *args, layout=False, **kwargs):
            if layout:
                asked.append(repr(widget))
            return original_refresh(widget, *args, layout=layout, **kwargs)

        def show_state():  # the whole of what a choice does to the screen
            Widget.refresh = refresh  # type: ignore[method-assign,assignment]
            try:
                original_show()
            finally:
                Widget.refresh = original_refresh  # type: ignore[method-assign]

        screen.show_state = show_state
        try:
            await press(pilot, "1")
        finally:
            screen.show_state = original_show
        assert app.state.scene == "a_middle"
        assert "The middle" in pane_text(app)
        assert asked == []  # no widget asked for a new layout of the screen

    drive(app, script)


def test_a_choice_shows_the_page_drawn_ahead_with_the_next_title_in_view(make_app):
    """The base campaign's first choice at 80x24: the page shown is the one prepared, and its title is on screen.

    What bench/bench_tui.py times (key press to the next scene's title on the terminal) rests on both:
    a page laid out afresh costs a layout of the whole text, and a title below the pinned question is only
    seen after the screen is laid out again at leisure.
    """
    app = campaign_app(make_app)

    async def script(pilot):
        await to_the_scene(pilot)
        await read_a_moment(pilot)
        screen = app.screen
        pane = screen.query_one(StoryView)
        original_show = screen.show_state
        layouts: list[int] = []
        rows: list[str] = []

        def show_state():  # the whole of what a choice does to the screen, before anything done at leisure
            laid_out = pane.renders
            original_show()
            layouts.append(pane.renders - laid_out)
            rows.extend(pane.screen_rows())

        screen.show_state = show_state
        try:
            await press(pilot, "1")
        finally:
            screen.show_state = original_show
        title = app.story.scenes[app.state.scene].title
        assert layouts == [0]  # the prepared page was shown: nothing laid out on the key press
        assert any(title in row for row in rows)

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
    app = campaign_app(make_app)  # its first scene is longer than the pane

    async def script(pilot):
        await to_the_scene(pilot)
        pane = app.screen.query_one(StoryView)
        assert pane.max_scroll_y > 0
        top = pane.screen_rows()
        assert pane.more_below and any("more" in row for row in top)  # the reader is told there is more
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


def test_room_kept_for_the_choices_ahead_is_capped_on_a_short_screen():
    """At 60x20 a tall list ahead does not take the story's rows; at 100x40 its room is kept (no layout later)."""
    short = [ChoiceOption("a", "Go"), ChoiceOption("b", "Stay")]
    tall = [ChoiceOption(f"c{n}", f"Choice number {n}, with words enough to wrap at sixty") for n in range(1, 9)]
    heights: dict[tuple[int, int], tuple[int, int]] = {}

    def measure(size):
        async def script(pilot, chooser):
            before = chooser.outer_size.height  # the list the screen opened on
            chooser.prepare([tall])
            await pilot.pause()
            heights[size] = (before, chooser.outer_size.height)

        run_list(short, script, size=size)

    measure((60, 20))
    measure((100, 40))
    assert heights[(60, 20)][0] == 2 and heights[(60, 20)][1] == 20 // ChoiceList.RESERVE_SHARE
    assert heights[(100, 40)] == (2, 8)  # eight one-line options: the whole list ahead fits in its kept room


def count_layouts(widget) -> list[str]:
    """Every layout of the screen ``widget`` asks for from now on (patched on the instance, for this test only)."""
    asked: list[str] = []
    original = widget.refresh

    def refresh(*args, layout=False, **kwargs):
        if layout:
            asked.append(repr(widget))
        return original(*args, layout=layout, **kwargs)

    widget.refresh = refresh
    return asked


def test_after_a_choice_the_list_changes_size_only_in_the_frame_that_shows_new_choices():
    """No layout at leisure after a choice (the box jumping under the reader a moment later), and no shrinking.

    The list keeps its room when shorter choices come (the story pane stays put) and grows, in the same
    call that shows them, when taller ones do.
    """
    short = [ChoiceOption("a", "Go"), ChoiceOption("b", "Stay")]
    three = [ChoiceOption("a", "Go"), ChoiceOption("b", "Stay"), ChoiceOption("c", "Wait")]
    tall = [ChoiceOption(f"c{n}", f"Choice {n}") for n in range(1, 6)]

    async def script(pilot, chooser):
        chooser.show_options(three)  # a choice was made: the list now shows the next scene's choices
        await pilot.pause()
        assert chooser.outer_size.height == 3
        asked = count_layouts(chooser)
        chooser.prepare([tall])  # while the player reads: rendered ahead, but the box stays as it is
        await pilot.pause()
        assert asked == [] and chooser.outer_size.height == 3
        chooser.show_options(short)  # shorter choices: the room is kept, nothing laid out again
        await pilot.pause()
        assert asked == [] and chooser.outer_size.height == 3
        chooser.show_options(tall)  # taller ones: the list grows with the frame that shows them
        assert len(asked) == 1
        await pilot.pause()
        assert chooser.outer_size.height == 5

    run_list(short, script, size=(60, 40))


def test_bars_that_did_not_move_are_not_drawn_again():
    from game.story.model import Variable
    from game.tui.widgets.bars import VariableBars

    class BarsHost(App[None]):
        def compose(self) -> ComposeResult:
            yield VariableBars()

    variables = [Variable(name="trust", label="Trust", type="number", initial=5)]
    refreshed: list[bool] = []

    async def main() -> None:
        app = BarsHost()
        async with app.run_test(size=(40, 10)) as pilot:
            bars = app.query_one(VariableBars)
            bars.show(variables, {"trust": 5}, {})
            await pilot.pause()
            original = bars.refresh

            def refresh(*args, **kwargs):
                refreshed.append(True)
                return original(*args, **kwargs)

            bars.refresh = refresh  # type: ignore[method-assign]
            bars.show(variables, {"trust": 5}, {})  # the same values: nothing to draw
            assert refreshed == []
            bars.show(variables, {"trust": 6}, {"trust": 1})  # a move: drawn again
            assert refreshed == [True]
            await pilot.pause()
            assert "6/10" in bars.describe()

    asyncio.run(main())


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
        prepared = pane.renders
        pane.show(page)
        await settle(pilot)
        assert pane.renders == prepared  # shown from what was prepared, nothing laid out afresh
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


def test_the_class_discussion_pause_renders_what_people_really_did_as_markdown(make_app):
    """The pause after a class choice shows the record as the play screen's note does: no raw asterisks."""
    from game.engine import rules
    from game.tui.dialogs.classroom import DiscussionPause

    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        scene = rules.current_scene(app.story, app.state)
        choice = rules.available_choices(app.story, app.state)[0]
        choice = choice._replace(record="The weekly *Literární listy* printed it.")
        app.push_screen(DiscussionPause(scene, choice))
        await settle(pilot)
        shown = app.screen.query_one("#pause-record").visual
        assert isinstance(shown, Content)
        assert shown.plain == "What people really did: The weekly Literární listy printed it."
        italic = [shown.plain[span.start : span.end] for span in shown.spans if "italic" in str(span.style)]
        assert italic == ["Literární listy"]

    drive(app, script)


def _lines_drawn(widgets) -> dict[str, list[int]]:
    """Every line each widget is asked to draw from now on (its ``render_line``, wrapped on the instance)."""
    drawn: dict[str, list[int]] = {}
    for name, widget in widgets.items():
        original = widget.render_line
        calls: list[int] = []
        drawn[name] = calls

        def render_line(y, original=original, calls=calls):
            calls.append(y)
            return original(y)

        widget.render_line = render_line
    return drawn


def _shown(widget) -> list[list]:
    """The widget's lines as Textual would put them on screen now (its kept lines where they are not dirty)."""
    return [list(strip) for strip in widget.render_lines(widget.region.reset_offset)]


@pytest.mark.parametrize("laid_out_again", [False, True], ids=["as-opened", "after-a-layout"])
def test_a_choice_draws_only_the_lines_that_change(make_app, laid_out_again):
    """The base campaign's first choice at 80x24: each widget draws exactly the lines whose content changed.

    One bar of eleven lines moves, two cells of the scroll bar's thumb, most of the scene: a widget asked to
    draw a line that did not change costs the frame its padding, filters, cutting and bytes to the terminal.
    And what is on screen after the partial repaint is what a full repaint draws. After the screen was laid
    out again nothing left over from the layout is drawn with the choice either.
    """
    from game.tui.widgets.bars import VariableBars
    from game.tui.widgets.rows import OneLine

    app = campaign_app(make_app)

    async def script(pilot):
        await to_the_scene(pilot)
        await read_a_moment(pilot)
        if laid_out_again:  # as the choices' room growing at leisure does (the screen's size stays)
            app.screen.refresh(layout=True)
            await read_a_moment(pilot)
        screen = app.screen
        pane = screen.query_one(StoryView)
        widgets = {
            "where": screen.query_one(OneLine),
            "story": pane,
            "scroll bar": pane.vertical_scrollbar,
            "bars": screen.query_one(VariableBars),
            "choices": screen.query_one(ChoiceList),
        }
        before = {name: _shown(widget) for name, widget in widgets.items()}
        drawn = _lines_drawn(widgets)
        await press(pilot, "1")
        after = {name: _shown(widget) for name, widget in widgets.items()}
        changed = {
            name: [y for y, (old, new) in enumerate(zip(before[name], after[name], strict=True)) if old != new]
            for name in widgets
        }
        assert changed["bars"] and len(changed["bars"]) < len(after["bars"])  # the case this test is about
        assert changed["scroll bar"] and len(changed["scroll bar"]) < len(after["scroll bar"])
        top = pane.styles.padding.top  # the pane's rows are counted inside its padding
        assert sorted(set(drawn["story"])) == [y - top for y in changed["story"]]
        for name in ("where", "scroll bar", "bars", "choices"):
            assert sorted(set(drawn[name])) == changed[name], name
        for name, widget in widgets.items():  # nothing stale: a full repaint draws the same
            widget.refresh()
            assert _shown(widget) == after[name], name

    drive(app, script)


def test_bars_draw_again_only_the_bar_that_moved():
    from game.story.model import Variable
    from game.tui.widgets.bars import VariableBars

    class BarsHost(App[None]):
        def compose(self) -> ComposeResult:
            yield VariableBars()

    variables = [Variable(name=name, label=name.title(), type="number", initial=5) for name in ("a", "b", "c")]

    async def main() -> None:
        app = BarsHost()
        async with app.run_test(size=(60, 10)) as pilot:  # wide: one line per bar
            bars = app.query_one(VariableBars)
            bars.show(variables, {"a": 5, "b": 5, "c": 5}, {})
            await pilot.pause()
            drawn = _lines_drawn({"bars": bars})["bars"]
            bars.show(variables, {"a": 5, "b": 7, "c": 5}, {"b": 2})
            await pilot.pause()
            assert sorted(set(drawn)) == [1]
            rows = [strip.text for strip in bars.render_lines(bars.region.reset_offset)]
            assert "7/10" in rows[1] and "▲2" in rows[1] and "5/10" in rows[0] and "5/10" in rows[2]

    asyncio.run(main())


def test_text_in_the_scene_pane_can_be_selected_with_the_mouse(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        pane = app.screen.query_one(StoryView)
        row = next(y for y, text in enumerate(pane.screen_rows()) if "The start" in text)
        column = pane.screen_rows()[row].index("The start")
        await pilot.mouse_down(StoryView, offset=(column, row))
        await pilot.hover(StoryView, offset=(column + 9, row))
        await pilot.mouse_up(StoryView, offset=(column + 9, row))
        await settle(pilot)
        assert app.screen.get_selected_text() == "The start"

    drive(app, script)


def test_the_scroll_bar_draws_the_cells_textuals_own_renderer_draws(make_app):
    """The pane's scroll bar hands Textual its cells as strips (widgets/scroll_bar.py), not through a Rich console.

    What it draws must be what Textual's own ``ScrollBarRender`` draws, cell for cell (glyphs, colours and the
    click and drag actions), at the top of a long scene and further down, and with the thumb after a choice.
    """
    from textual.scrollbar import ScrollBarRender

    from game.tui.widgets.scroll_bar import CellsRender

    app = campaign_app(make_app)

    def cells(bar, renderer) -> list[list]:
        bar.renderer = renderer
        bar.refresh()
        return [list(strip) for strip in bar.render_lines(bar.region.reset_offset)]

    async def script(pilot):
        await to_the_scene(pilot)
        bar = app.screen.query_one(StoryView).vertical_scrollbar
        assert isinstance(bar.render(), CellsRender)  # the pane's bar is drawn by ours
        for key in ("pagedown", "1"):
            ours = cells(bar, CellsRender)
            assert ours == cells(bar, ScrollBarRender)
            assert any(segment.style.meta.get("@mouse.down") == "grab" for row in ours for segment in row)
            await press(pilot, key)
            await read_a_moment(pilot)

    drive(app, script)

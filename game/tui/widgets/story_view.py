"""The scene pane of the play screen: the scene's title, what you chose, and the scene's text, in one scrolling view.

A choice replaces all three at once, and the player should see the next
scene in the same few milliseconds a one-line update takes. So the pane is
a Line API widget (a :class:`~textual.scroll_view.ScrollView`, the pattern
Textualize's Toolong uses) that hands Textual one kept strip per line: the
play screen calls :meth:`StoryView.prepare` for every scene the open
choices lead to while the player reads, and :meth:`StoryView.show` then
only swaps which strips ``render_line`` returns. The kept strips live in an
LRU cache that a change of styles clears. Textual draws the padding, the
line filters, link hovering, text selection offsets and its own scroll bar
(always shown, so that a longer or shorter scene never changes the layout).

A player must always know there is more to read, and must see the question
the choices answer. When a scene is taller than the pane, its last
paragraph (the question) stays pinned at the bottom of the pane under a
marker line that says whether more text is above it ("▼ more: PgDn or
space"), and the rest scrolls above them; the scroll bar shows where the
reader is. The title comes first, so that the top row always names the
scene the player is in, even when the pinned question and a long note on
the last choice take the rest of a short pane.

The three parts are styled from CSS through component classes:
``story-view--record`` (the "you chose / what people really did" note),
``story-view--title``, ``story-view--text``, and ``story-view--more`` for
the marker line.
"""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual

from game.i18n.interface import N_, _
from game.tui.widgets.rows import changed_lines
from game.tui.widgets.scene_text import follow, layout_blocks, markdown_blocks
from game.tui.widgets.scroll_bar import DEFAULT_BACK, DEFAULT_BAR, CellsRender, bar_cells

if TYPE_CHECKING:
    from game.tui.data.glossary_links import GlossaryLinker

MAX_TEXT_WIDTH = 80  # a readable line; wider panes centre the column
MORE_BELOW = N_("▼ more: PgDn or space")
AT_THE_END = N_("▲ PgUp: back up")


class Page(NamedTuple):
    """What the pane shows: the title, the note on the last choice (if any), and the Markdown text."""

    record: Content | None
    title: str
    text: str


class Laid(NamedTuple):
    """A page laid out at one width: a strip and its plain text per line, and how many last lines ask the question."""

    strips: list[Strip]
    texts: list[str]
    question: int


class Row(NamedTuple):
    """One row of the pane: a strip, and the page line it shows (None for the marker line)."""

    strip: Strip
    line: int | None


class StoryView(ScrollView, can_focus=False):
    """The scene title, the note on the last choice and the scene text, drawn from kept strips."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-view--record",
        "story-view--title",
        "story-view--text",
        "story-view--more",
    }

    DEFAULT_CSS = """
    StoryView {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    StoryView > .story-view--record {
        background: $accent 10%;
    }
    StoryView > .story-view--title {
        text-style: bold;
        color: $text-primary;
    }
    StoryView > .story-view--more {
        color: $text-warning;
        text-style: bold;
    }
    """

    KEPT = 12  # pages kept: the one on screen, those its choices lead to, and a few back (undo)
    PIN_SHARE = 2  # the question is pinned when it takes at most 1/PIN_SHARE of the pane

    def __init__(
        self,
        *,
        linker: GlossaryLinker | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.linker = linker
        self.page = Page(None, "", "")
        self._laid: LRUCache[tuple[object, ...], Laid] = LRUCache(self.KEPT)
        self._markers: dict[tuple[str, int], Strip] = {}
        self._rows_kept: tuple[Page, tuple[object, ...], list[Row]] | None = None
        self.renders = 0
        """How many pages were laid out afresh (tests check that a prepared page costs none)."""

    # -- what is shown ---------------------------------------------------------------------

    def show(self, page: Page) -> None:
        """Show ``page`` from the top; the screen is not laid out again, and only the rows that change are drawn.

        Most of a new scene's rows differ from the last one's, but not all (blank rows, a title in
        the same place): Textual repaints, and writes to the terminal, only the rows asked for.
        """
        drawn = self._rows() if self.is_mounted and self._text_width() > 0 else None
        self.page = page
        self._fit_scroll_height(self._layout(page))
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
            self.refresh()  # a scroll repaints the whole pane anyway
        elif drawn is None:
            self.refresh()
        else:
            # Regions are in content coordinates: the text's width, so that the scroll bar beside it is not drawn too.
            width = self.scrollable_content_region.width
            if regions := changed_lines([row.strip for row in drawn], [row.strip for row in self._rows()], width):
                self.refresh(*regions)

    def prepare(self, page: Page) -> None:
        """Lay ``page`` out now (while the player reads), so showing it later costs only a swap.

        The rows it opens on also get the offsets text selection reads (``render_line`` hands them to
        Textual, and the strip keeps them), so that the key press only looks them up. Only those rows: a
        strip with offsets is a second strip with a style per piece, and the rest of a long scene may never
        be scrolled to (bench/bench_tui.py's peak memory).
        """
        if self.is_mounted and self._text_width() > 0:
            laid = self._layout(page)
            width, height = self.scrollable_content_region.size
            for strip, line in self._draw_rows(laid, width, height, 0):
                if line is not None:
                    strip.apply_offsets(0, line)

    @property
    def source(self) -> str:
        """The Markdown text on show (for tests and live reload)."""
        return self.page.text

    def plain_lines(self) -> list[str]:
        """The page's lines as plain text, wrapped at the current width, all of them (for tests)."""
        return [text.rstrip() for text in self._layout(self.page).texts]

    def screen_rows(self) -> list[str]:
        """The pane's rows as shown now, from its top-left corner (padding, marker and pinned question), for tests."""
        top, _, _, left = self.styles.padding
        return [""] * top + [" " * left + row.strip.text for row in self._rows()]

    @property
    def more_below(self) -> bool:
        """True when some of the scene is out of view below what the pane shows."""
        return self.scroll_y < self.max_scroll_y

    @property
    def pinned(self) -> int:
        """Rows at the bottom of the pane that do not scroll (the marker and the question); 0 when all fits."""
        return self._pinned(self._layout(self.page), self.scrollable_content_region.height)

    def _pinned(self, laid: Laid, height: int) -> int:
        if len(laid.strips) <= height or height <= 0:
            return 0
        question = laid.question if laid.question + 1 <= max(1, height // self.PIN_SHARE) else 0
        return question + 1

    def page_down(self) -> None:
        """Scroll down by the part of the pane that scrolls."""
        self.scroll_to(y=self.scroll_y + self._body_rows(), animate=False)

    def page_up(self) -> None:
        """Scroll up by the part of the pane that scrolls."""
        self.scroll_to(y=self.scroll_y - self._body_rows(), animate=False)

    def _body_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - self.pinned)

    # -- laying out ------------------------------------------------------------------------

    def _column(self) -> tuple[int, int]:
        """The text column's width and its left margin inside the content area (centred on a wide screen)."""
        width = self._text_width()
        column = min(width, MAX_TEXT_WIDTH)
        return column, (width - column) // 2 if self.screen.has_class("-wide") else 0

    def _text_width(self) -> int:
        """The content area's width (Textual's scroll bar and the padding are outside it)."""
        return self.scrollable_content_region.width

    def _key(self, page: Page) -> tuple[object, ...]:
        # The page (the note by its markup: Content compares its text only), the width, and the theme.
        record = None if page.record is None else page.record.markup
        return (record, page.title, page.text, self._text_width(), self.screen.has_class("-wide"), self._styled_by)

    @property
    def _styled_by(self) -> tuple[object, ...]:
        """What the kept strips' looks depend on: a page laid out under other styles is laid out again."""
        return (self.visual_style, self.app.theme, frozenset(self.app.classes))

    def notify_style_update(self) -> None:
        """A change of styles: the rows on show are drawn again (the pages are keyed by their styles)."""
        super().notify_style_update()
        self._markers.clear()
        self._rows_kept = None

    def _layout(self, page: Page) -> Laid:
        """The page's lines at the text width, from the cache when it was laid out before."""
        key = self._key(page)
        laid = self._laid.get(key)
        if laid is None:
            laid = self._lay_out(page)
            self._laid.set(key, laid)
            self.renders += 1
        return laid

    def _part(self, content: Content, width: int, component: str, indent: int, total: int) -> list[Strip]:
        style = self.get_visual_style(component)
        strips = Visual.to_strips(self, content, width, None, style, pad=True)
        base = self.visual_style.rich_style
        right = max(0, total - indent - width)
        return [
            Strip.join([Strip.blank(indent, base), strip, Strip.blank(right, base)]) if indent or right else strip
            for strip in strips
        ]

    def _lay_out(self, page: Page) -> Laid:
        total = self._text_width()
        if total <= 0:
            return Laid([], [], 0)
        column, indent = self._column()
        blank = Strip.blank(total, self.visual_style.rich_style)
        strips: list[Strip] = []
        # The title comes first, so that it is on the pane's top row whatever the pinned question takes.
        if page.title:
            strips += self._part(Content(page.title), column, "story-view--title", indent, total)
            strips.append(blank)
        if page.record is not None:
            bar = Content.styled("▌", "$accent")
            lines = page.record.wrap(max(1, column - 2))
            note = Content("\n").join(bar + Content(" ") + line for line in lines)
            strips += self._part(note, column, "story-view--record", indent, total)
            strips.append(blank)
        blocks = markdown_blocks(page.text, self.linker)
        lines = layout_blocks(blocks, column)
        question = len(layout_blocks(blocks[-1:], column)) if blocks else 0
        if lines:
            strips += self._part(Content("\n").join(lines), column, "story-view--text", indent, total)
        return Laid(strips, [strip.text for strip in strips], question)

    # -- drawing ---------------------------------------------------------------------------

    def _marker(self, text: str, width: int) -> Strip:
        """The line above a pinned question: more to read, or the end reached."""
        key = (text, width)
        strip = self._markers.get(key)
        if strip is None:
            label = Content(f" {text} ")
            line = (Content("─" * 2) + label + Content("─" * max(0, width - label.cell_length - 2))).truncate(width)
            strip = Visual.to_strips(self, line, width, 1, self.get_visual_style("story-view--more"), pad=True)[0]
            self._markers[key] = strip
        return strip

    def _rows(self) -> list[Row]:
        """Every content row of the pane as it shows now (worked out once per page, size and scroll position).

        Textual asks for the rows one by one, so the check that the kept rows still hold must be cheap: the
        page (by identity), the pane's size, the scroll position and the theme. Whatever else they depend on
        drops them when it changes (a change of styles, or of the scroll height).
        """
        seen = (self.size, self.scroll_y, self.app.theme)
        kept = self._rows_kept
        if kept is not None and kept[0] is self.page and kept[1] == seen:
            return kept[2]
        laid = self._layout(self.page)
        width, height = self.scrollable_content_region.size
        rows = self._draw_rows(laid, width, height, round(self.scroll_y))
        self._rows_kept = (self.page, seen, rows)
        return rows

    def _draw_rows(self, laid: Laid, width: int, height: int, top: int) -> list[Row]:
        pinned = self._pinned(laid, height)
        body = len(laid.strips) - max(0, pinned - 1)
        rows: list[Row] = []
        blank = Strip.blank(width, self.visual_style.rich_style)
        for y in range(height - pinned):
            index = top + y
            rows.append(Row(laid.strips[index], index) if index < body else Row(blank, None))
        if pinned:
            rows.append(Row(self._marker(_(MORE_BELOW if self.more_below else AT_THE_END), width), None))
            rows += [Row(laid.strips[index], index) for index in range(body, len(laid.strips))]
        return rows

    def render_line(self, y: int) -> Strip:
        """One content row: a kept strip, with the offsets Textual's text selection reads."""
        rows = self._rows()
        if not 0 <= y < len(rows):
            return Strip.blank(self._text_width(), self.visual_style.rich_style)
        strip, line = rows[y]
        if line is None:
            return strip
        selection = self.text_selection
        if selection is not None:
            strip = self._selected(strip, line, selection)
        return strip.apply_offsets(0, line)

    def _selected(self, strip: Strip, line: int, selection: Selection) -> Strip:
        """The strip with the selected part of its line drawn in the screen's selection style."""
        span = selection.get_span(line)
        if span is None:
            return strip
        start, end = span
        length = strip.cell_length
        end = length if end == -1 else min(end, length)
        if start >= end:
            return strip
        style = self.screen.get_component_rich_style("screen--selection")
        return Strip.join([strip.crop(0, start), strip.crop(start, end).apply_style(style), strip.crop(end, length)])

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected words of the page (the lines' offsets are their index in the page)."""
        return selection.extract("\n".join(text.rstrip() for text in self._layout(self.page).texts)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    # -- scrolling -------------------------------------------------------------------------

    def _fit_scroll_height(self, laid: Laid | None = None) -> None:
        """Set the scrollable height without asking for a layout (the pane's own size does not change).

        The scroll bar is always shown (``overflow-y: scroll``), so only its thumb changes; it is told
        the new height through its public reactives.
        """
        laid = self._layout(self.page) if laid is None else laid
        width, window = self.scrollable_content_region.size
        height = len(laid.strips) + (1 if self._pinned(laid, window) else 0)
        size = Size(width, height)
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self._rows_kept = None  # the marker line depends on the scroll height
            if self.show_vertical_scrollbar:
                self._fit_scroll_bar(height, window)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _fit_scroll_bar(self, virtual: int, window: int) -> None:
        """Tell the scroll bar the new heights, and repaint only the cells of it that change (its thumb's ends).

        Setting its reactives would repaint the whole bar. Its cells are drawn by its renderer's public
        ``render_bar`` (the same call for the heights before and after, in one colour: only the thumb's
        place and size matter), so the cells that differ are known before anything is drawn.
        """
        scrollbar = self.vertical_scrollbar
        old = (scrollbar.window_virtual_size, scrollbar.window_size)
        if old == (virtual, window):
            return
        scrollbar.set_reactive(ScrollBar.window_virtual_size, virtual)
        scrollbar.set_reactive(ScrollBar.window_size, window)
        rows = scrollbar.size.height
        if not scrollbar.is_mounted or rows <= 0:
            return  # not laid out yet: its first paint draws it whole

        def cells(virtual: int, window: int) -> tuple[Segment, ...]:
            window = ceil(window if window < virtual else 0)
            return bar_cells(
                rows, ceil(virtual), window, scrollbar.position, scrollbar.thickness, DEFAULT_BACK, DEFAULT_BAR
            )

        if regions := changed_lines(cells(*old), cells(virtual, window), scrollbar.size.width):
            scrollbar.refresh(*regions)

    def on_resize(self) -> None:
        self._fit_scroll_height()
        self.refresh()

    def on_mount(self) -> None:
        # Per instance, as ScrollBar's docstring shows (a class variable Textual reads through the instance).
        self.vertical_scrollbar.renderer = CellsRender  # type: ignore[misc]
        self.screen.screen_layout_refresh_signal.subscribe(self, self._after_layout)

    def _after_layout(self, screen: object) -> None:
        """Repaint the scroll bar in a frame of its own after each layout of the screen.

        Textual's layout asks the scroll bar to repaint while it lays out (a ScrollView's scroll bars are
        told the size again), and that request outlives the layout's own full repaint: left pending, it
        would redraw the whole bar in the next key press's frame. Asked again once the layout's frame is out
        (asked at once, the request is swallowed by the layout still going on), it is drawn, and done with,
        while the player reads (tests/tui/test_tui_redraw.py counts the cells a choice draws).
        """
        if self.is_mounted and self.show_vertical_scrollbar:
            self.call_after_refresh(self.vertical_scrollbar.refresh)

    # -- links -----------------------------------------------------------------------------

    def action_follow(self, href: str) -> None:
        follow(self, href)

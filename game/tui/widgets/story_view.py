"""The scene pane of the play screen: what you chose, the scene's title and its text, in one scrolling view.

A choice replaces all three at once, and the player should see the next
scene in the same few milliseconds a one-line update takes. So the pane is
one widget that draws line by line from strips rendered ahead of time: the
play screen calls :meth:`StoryView.prepare` for every scene the open
choices lead to while the player reads, and :meth:`StoryView.show` then
only swaps the strips. The pane keeps its size whatever it shows (its
scroll height changes without a new layout of the screen), so a choice
never makes Textual lay out the whole screen again. For the same reason it
draws its padding and its scroll bar (a thumb in its last column) itself;
the mouse wheel, Page Up/Down and space scroll it.

The three parts are styled from CSS through component classes:
``story-view--record`` (the "you chose / what people really did" note),
``story-view--title`` and ``story-view--text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from game.tui.widgets.rows import filtered
from game.tui.widgets.scene_text import follow, layout_blocks, markdown_blocks

if TYPE_CHECKING:
    from game.tui.data.glossary_links import GlossaryLinker

MAX_TEXT_WIDTH = 80  # a readable line; wider panes centre the column


class Page(NamedTuple):
    """What the pane shows: the note on the last choice (if any), the title, and the Markdown text."""

    record: Content | None
    title: str
    text: str


class StoryView(ScrollView, can_focus=False):
    """The note on the last choice, the scene title and the scene text, drawn from prepared strips."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"story-view--record", "story-view--title", "story-view--text"}

    DEFAULT_CSS = """
    StoryView {
        height: 1fr;
        overflow: hidden hidden;
    }
    StoryView > .story-view--record {
        background: $accent 10%;
    }
    StoryView > .story-view--title {
        text-style: bold;
        color: $text-primary;
    }
    """

    KEPT = 12  # pages kept: the one on screen, those its choices lead to, and a few back (undo)

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
        self._rendered: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(self.KEPT)
        self._frames: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(self.KEPT)
        self._record_keys: dict[int, tuple[Content, str]] = {}
        self._style_key_kept: tuple[object, ...] | None = None

    # -- what is shown ---------------------------------------------------------------------

    def show(self, page: Page) -> None:
        """Show ``page`` from the top; the screen is not laid out again."""
        self.page = page
        self._fit_scroll_height(len(self._strips(page)))
        if self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def prepare(self, page: Page) -> None:
        """Render ``page`` now (while the player reads), so showing it later costs only a swap."""
        if self.is_mounted and self._text_width() > 0:
            self._frame(page, 0)

    @property
    def source(self) -> str:
        """The Markdown text on show (for tests and live reload)."""
        return self.page.text

    def plain_lines(self) -> list[str]:
        """The page's lines as plain text, wrapped at the current width, all of them (for tests)."""
        return [strip.text.rstrip() for strip in self._strips(self.page)]

    def screen_rows(self) -> list[str]:
        """The pane's rows as the terminal shows them now, padding and scroll bar included (for tests)."""
        return [strip.text for strip in self._frame(self.page, round(self.scroll_y))]

    # -- rendering -------------------------------------------------------------------------

    def _column(self) -> tuple[int, int]:
        """The text column's width and its left margin inside the content area (centred on a wide screen)."""
        width = self._text_width()
        column = min(width, MAX_TEXT_WIDTH)
        return column, (width - column) // 2 if self.screen.has_class("-wide") else 0

    def _text_width(self) -> int:
        """The content area's width, less a column for the scroll bar when the right padding has none."""
        width = self.scrollable_content_region.width
        return width if self.styles.padding.right else max(0, width - 1)

    def _key(self, page: Page) -> tuple[object, ...]:
        # Everything the strips depend on: the page, the width, and whatever styles them.
        return (self._record_key(page.record), page.title, page.text, self._style_key(), self.app.theme)

    def _record_key(self, record: Content | None) -> str | None:
        """The note with its styles as a string (Content compares its text only), worked out once per note."""
        if record is None:
            return None
        kept = self._record_keys.get(id(record))
        if kept is None or kept[0] is not record:
            kept = (record, record.markup)
            self._record_keys[id(record)] = kept
            if len(self._record_keys) > 4 * self.KEPT:
                self._record_keys.pop(next(iter(self._record_keys)))
        return kept[1]

    def _style_key(self) -> tuple[object, ...]:
        """The width and styles the strips depend on; worked out again after a resize or a change of styles."""
        kept = self._style_key_kept
        if kept is None or kept[0] != self.outer_size:
            kept = self._style_key_kept = (
                self.outer_size,
                self._text_width(),
                self.visual_style,
                frozenset(self.app.classes),
                frozenset(self.screen.classes),
            )
        return kept

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_key_kept = None

    def _strips(self, page: Page) -> list[Strip]:
        """The page's lines at the text width (without padding or scroll bar)."""
        key = self._key(page)
        strips = self._rendered.get(key)
        if strips is not None:
            return strips
        strips = self._render_page(page)
        self._rendered.set(key, strips)
        return strips

    def _part(self, content: Content, width: int, component: str, indent: int, total: int) -> list[Strip]:
        style = self.get_visual_style(component)
        strips = Visual.to_strips(self, content, width, None, style, pad=True)
        if self.auto_links:
            strips = [strip._apply_link_style(self.link_style) for strip in strips]
        base = self.visual_style.rich_style
        right = max(0, total - indent - width)
        return [
            Strip.join([Strip.blank(indent, base), strip, Strip.blank(right, base)]) if indent or right else strip
            for strip in strips
        ]

    def _render_page(self, page: Page) -> list[Strip]:
        total = self._text_width()
        if total <= 0:
            return []
        column, indent = self._column()
        blank = Strip.blank(total, self.visual_style.rich_style)
        strips: list[Strip] = []
        if page.record is not None:
            bar = Content.styled("▌", "$accent")
            lines = page.record.wrap(max(1, column - 2))
            note = Content("\n").join(bar + Content(" ") + line for line in lines)
            strips += self._part(note, column, "story-view--record", indent, total)
            strips.append(blank)
        if page.title:
            strips += self._part(Content(page.title), column, "story-view--title", indent, total)
            strips.append(blank)
        lines = layout_blocks(markdown_blocks(page.text, self.linker), column)
        if lines:
            strips += self._part(Content("\n").join(lines), column, "story-view--text", indent, total)
        return strips

    def _frame(self, page: Page, scroll_y: int) -> list[Strip]:
        """The whole pane, row by row, as the terminal shows it: padding, the visible lines and the scroll bar.

        Drawn here rather than by Textual's per-line styling, and kept (with the
        app's line filters applied) for the top of every prepared page, so that
        showing a prepared page costs nothing but handing these rows over.
        """
        width, height = self.outer_size
        key = (self._key(page), scroll_y, width, height, tuple(self.get_line_filters()))
        kept = self._frames.get(key)
        if kept is not None:
            return kept
        lines = self._strips(page)
        top, right, bottom, left = self.styles.padding
        base = self.visual_style.rich_style
        text_width = self._text_width()
        gap = max(0, width - left - text_width - 1)  # between the text and the scroll bar
        rows = max(0, height - top - bottom)
        thumb = self._thumb(len(lines), rows, scroll_y, height)
        bar_track, bar_thumb = self._bar_styles()
        frame: list[Strip] = []
        for y in range(height):
            index = y - top + scroll_y
            line = lines[index] if top <= y < height - bottom and 0 <= index < len(lines) else None
            cell = Strip([Segment(" ", bar_thumb if thumb[0] <= y < thumb[1] else bar_track)], 1)
            parts = [Strip.blank(left, base)] if left else []
            parts.append(line if line is not None else Strip.blank(text_width, base))
            if gap:
                parts.append(Strip.blank(gap, base))
            parts.append(cell)
            frame.append(Strip.join(parts))
        frame = filtered(self, frame)
        self._frames.set(key, frame)
        return frame

    @staticmethod
    def _thumb(total: int, rows: int, scroll_y: int, height: int) -> tuple[int, int]:
        """Rows of the scroll bar's thumb (an empty range when everything fits)."""
        if total <= rows or rows <= 0:
            return (0, 0)
        start = scroll_y * height // total
        end = max(start + 1, -(-(scroll_y + rows) * height // total))
        return (start, min(height, end))

    def _bar_styles(self) -> tuple[RichStyle, RichStyle]:
        base = self.background_colors[1]
        track = base + self.styles.scrollbar_background
        thumb = base + self.styles.scrollbar_color
        return RichStyle(bgcolor=track.rich_color), RichStyle(bgcolor=thumb.rich_color)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Hand over the kept rows (Textual's own per-line styling would redo them on every frame)."""
        strips = self._frame(self.page, round(self.scroll_y))[crop.y : crop.bottom]
        if crop.column_span != (0, self.outer_size.width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        hover = self.hover_style
        if hover._link_id and hover._meta and "@click" in hover.meta and self.link_style_hover:
            strips = [strip.style_links(hover.link_id, self.link_style_hover) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """One line of the content area (Textual calls :meth:`render_lines`; this serves anything else)."""
        strips = self._strips(self.page)
        index = y + round(self.scroll_y)
        return (
            strips[index] if 0 <= index < len(strips) else Strip.blank(self._text_width(), self.visual_style.rich_style)
        )

    def _fit_scroll_height(self, height: int, *, resized: bool = False) -> None:
        """Set the scrollable height without asking for a layout (the pane's own size does not change)."""
        width = (
            self.scrollable_content_region.width if resized or not self.virtual_size.width else self.virtual_size.width
        )
        size = Size(width, height)
        if size != self.virtual_size:
            self.set_reactive(ScrollView.virtual_size, size)
            self.scroll_y = self.validate_scroll_y(self.scroll_y)

    @property
    def allow_vertical_scroll(self) -> bool:
        # The pane draws its own scroll bar (Textual's is turned off), so scroll whenever there is more to see.
        return not self._check_disabled() and self.max_scroll_y > 0

    def on_resize(self) -> None:
        self._fit_scroll_height(len(self._strips(self.page)), resized=True)

    # -- links -----------------------------------------------------------------------------

    def action_follow(self, href: str) -> None:
        follow(self, href)

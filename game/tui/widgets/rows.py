"""Line API helpers for the play screen: repainting only the lines that changed, and a one-line widget.

A choice changes most of the scene pane but, say, one bar of eleven lines
and two cells of the scroll bar. ``Widget.refresh()`` repaints a whole
widget: Textual then renders every line again (padding, filters), cuts it
into the screen's rows and writes it to the terminal. Given the regions
that changed, ``refresh(*regions)`` repaints only those lines, and Textual
writes only them. :func:`changed_lines` works those regions out from the
strips before and after.

:class:`OneLine` is a Line API widget: ``render_line`` hands Textual a strip
kept per text (an LRU cache cleared when the styles change, as Textualize's
Toolong does), and Textual adds padding, line filters and everything else it
draws, through its public rendering path.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


def changed_lines(before: Sequence[object], after: Sequence[object], width: int) -> list[Region]:
    """The content rows (``width`` cells wide) whose lines (strips, segments) differ, as regions for ``Widget.refresh``.

    Rows past the end of the shorter list count as changed. Adjacent rows are merged into one region.
    """
    regions: list[Region] = []
    start: int | None = None
    rows = max(len(before), len(after))
    for y in range(rows + 1):
        same = y < len(before) and y < len(after) and (before[y] is after[y] or before[y] == after[y])
        if y < rows and not same:
            if start is None:
                start = y
        elif start is not None:
            regions.append(Region(0, start, width, y - start))
            start = None
    return regions


class OneLine(Widget):
    """A line of plain text that changes without a new layout (the date and place on the play screen).

    Styled by CSS like a Static (``text-style``, ``text-overflow``…), but it
    never changes its size, and keeps the rendered line for each text it has
    shown or been asked to :meth:`prepare`.
    """

    DEFAULT_CSS = """
    OneLine { height: 1; }
    """

    KEPT = 16

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self._rendered: LRUCache[tuple[str, int, str], Strip] = LRUCache(self.KEPT)

    def update(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def prepare(self, text: str) -> None:
        """Render ``text`` now, so showing it later costs nothing."""
        if self.is_mounted and self.content_size.width > 0:
            self._strip(text)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rendered.clear()

    def _strip(self, text: str) -> Strip:
        width = self.content_size.width
        key = (text, width, self.app.theme)
        strip = self._rendered.get(key)
        if strip is None:
            rendered = Visual.to_strips(self, Content(text), width, 1, self.visual_style, pad=True)
            strip = rendered[0] if rendered else Strip.blank(width, self.visual_style.rich_style)
            self._rendered.set(key, strip)
        return strip

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip.blank(self.content_size.width, self.visual_style.rich_style)
        return self._strip(self.text)

"""A line of text that changes without a new layout, for the date and place on the play screen.

A Line API widget: ``render_line`` hands Textual a strip kept per text
(an LRU cache cleared when the styles change, as Textualize's Toolong
does), and Textual adds padding, line filters and everything else it
draws, through its public rendering path.
"""

from __future__ import annotations

from textual.cache import LRUCache
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


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

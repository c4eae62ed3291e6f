"""The footer: the keys that matter on the screen, compacted on narrow terminals."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer


class GameFooter(Footer):
    """A Footer that drops its padding below 100 columns and shows the palette key only when there is room."""

    WIDE = 100

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= self.WIDE
        self.compact = not wide
        self.show_command_palette = wide

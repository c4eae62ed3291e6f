"""Size classes for screens: '-narrow' / '-wide' by width, '-low' and '-short' by height.

Textual's HORIZONTAL_BREAKPOINTS do the same, but set the classes only after
the first layout, so every widget is styled twice at start-up. Here a screen
gets its classes when it is made, and again only when a resize (or a resize
while another screen was on top) changes them.
"""

from __future__ import annotations

from textual import events
from textual.app import active_app
from textual.geometry import Size
from textual.screen import Screen

NARROW_BELOW = 80  # below this the scene pane takes the full width and the bars one line under it
WIDE_FROM = 120
LOW_BELOW = 30  # below this the title screen keeps only what a player needs to choose (its menu, whole)
SHORT_BELOW = 20


def size_classes(size: Size) -> dict[str, bool]:
    width, height = size
    return {
        "-narrow": width < NARROW_BELOW,
        "-wide": width >= WIDE_FROM,
        "-low": height < LOW_BELOW,
        "-short": height < SHORT_BELOW,
    }


class Responsive(Screen):
    """A screen that keeps its size classes right from the first frame on."""

    def _initial_size_classes(self) -> None:
        try:
            size = active_app.get().size
        except LookupError:  # made outside a running app (never in play)
            return
        for name, on in size_classes(size).items():
            if on:
                self.add_class(name)

    def _sync_size_classes(self, size: Size | None = None) -> None:
        size = size or self.app.size
        for name, on in size_classes(size).items():
            if self.has_class(name) != on:
                self.set_class(on, name)

    def on_resize(self, event: events.Resize) -> None:
        self._sync_size_classes(event.size)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # The terminal may have been resized while another screen was on top.
        self._sync_size_classes()

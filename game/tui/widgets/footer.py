"""The footer: the keys that matter on the screen, compacted on narrow terminals."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult, active_app
from textual.screen import Screen
from textual.widgets import Footer


class GameFooter(Footer):
    """A Footer that drops its padding below 100 columns and shows the palette key only when there is room.

    It also rebuilds its keys only when they change. Textual's Footer rebuilds
    them (a widget mounted per key) every time the screen announces its
    bindings, and a screen announces them several times with nothing changed:
    when it is shown, when a widget takes focus, and once more after the next
    refresh. That built the title screen's keys two or three times just after
    its first frame, and footers were rebuilt five times more as a game started.
    """

    WIDE = 100

    def __init__(self) -> None:
        # Made inside a running app (in a screen's compose), the footer starts with the right look;
        # fitting it only once mounted would style it a second time before the first frame.
        try:
            wide = active_app.get().size.width >= self.WIDE
        except LookupError:  # made outside a running app: on_mount fits it
            wide = False
        super().__init__(compact=not wide, show_command_palette=wide)
        self._shown: object = None
        """What the keys on show were built from (see ``_keys_wanted``); None before they are built."""

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        wide = width >= self.WIDE
        self.compact = not wide
        self.show_command_palette = wide

    def _keys_wanted(self) -> object:
        """Everything Footer.compose builds the keys from: the active bindings, and the palette key's switch."""
        bindings = self.screen.active_bindings
        return (
            self.show_command_palette,
            tuple((key, active.binding, active.enabled, active.tooltip) for key, active in bindings.items()),
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_wanted() if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        # Footer's own, with the rebuild made conditional.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if self.is_attached and self._keys_wanted() != self._shown:
            await self.recompose()

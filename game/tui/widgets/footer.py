"""The footer: the keys that matter on the screen, fitted to the terminal's width.

One widget drawing one line of Content (Textual's Footer mounts a widget
per key and rebuilds them each time the screen announces its bindings,
several times as a screen opens). The keys come from the screen's public
``active_bindings``, and the line is made again when the screen's
``bindings_updated_signal`` fires or the width changes. When every key does
not fit, the least needed go first, from the end of the screen's key table;
Save and Help (``?``) always stay, and so does the first key (choosing, on
the play screen). A click on a key presses it.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from game.i18n.interface import _

KEPT_ACTIONS = ("app.save", "app.help", "close", "dismiss_dialog")
"""Actions whose key is always shown: the player can always save, get help, and go back."""

PALETTE_FROM = 100
"""Terminal width from which the command palette key is shown too."""


class FooterKey(NamedTuple):
    key: str
    display: str
    description: str
    kept: bool


class GameFooter(Widget):
    """One line of keys: ``key description`` pairs, the palette key at the right when there is room."""

    DEFAULT_CSS = """
    GameFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-description-foreground;
        link-style: none;
        link-background-hover: $footer-item-background;
        link-style-hover: reverse;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[FooterKey, ...] | None = None
        self._line: tuple[tuple[object, ...], Content] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        keys = self._read_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def _read_keys(self) -> tuple[FooterKey, ...]:
        found: list[FooterKey] = []
        seen: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not active.enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            display = binding.key_display or self.app.get_key_display(binding)
            kept = binding.action in KEPT_ACTIONS or not found
            found.append(FooterKey(key, display, _(binding.description), kept))  # the key table's English, translated
        return tuple(found)

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        """The keys this footer can show (all of them, before fitting), for tests."""
        if self._keys is None:
            self._keys = self._read_keys()
        return self._keys

    def shown(self, width: int) -> list[FooterKey]:
        """The keys that fit in ``width`` cells: the least needed dropped from the end first."""
        keys = list(self.keys)
        while keys and self._width_of(keys) > width:
            droppable = [index for index, key in enumerate(keys) if not key.kept]
            if not droppable:
                break
            del keys[droppable[-1]]
        return keys

    @staticmethod
    def _width_of(keys: list[FooterKey]) -> int:
        return sum(len(key.display) + len(key.description) + 3 for key in keys)

    def _press(self, key: str) -> Style:
        return Style.from_meta({"@click": f"press_key({key!r})"})

    def render(self) -> Content:
        width = self.size.width
        cache_key = (width, self.keys, self.app.theme)
        if self._line is not None and self._line[0] == cache_key:
            return self._line[1]
        parts: list[Content] = []
        for key in self.shown(width):
            parts.append(
                Content.assemble(
                    (f" {key.display} ", "bold $footer-key-foreground"), (f"{key.description} ", "")
                ).stylize(self._press(key.key))
            )
        line = Content("").join(parts)
        palette = Content.styled(" ^p " + _("palette") + " ", "$footer-key-foreground")
        if width >= PALETTE_FROM and line.cell_length + palette.cell_length <= width:
            gap = Content(" " * (width - line.cell_length - palette.cell_length))
            line = line + gap + palette.stylize(self._press("ctrl+p"))
        self._line = (cache_key, line)
        return line

    def action_press_key(self, key: str) -> None:
        """A click on a key: the same as pressing it."""
        self.app.simulate_key(key)

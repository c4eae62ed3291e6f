"""Typed access to the running :class:`~game.tui.app.Spring68App` from any screen or widget.

Textual types ``self.app`` as its own ``App``; the game's screens and widgets
need the game's app (its story, the game in play, its moves). ``game_app(self)``
says so once, with a ``cast``, rather than a ``type: ignore`` on every line that
would hide real mistakes too. The app module is imported only for the type
checker: it imports the title screen, so the screens cannot import it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from game.tui.app import Spring68App


def game_app(node: DOMNode) -> Spring68App:
    """The game's app that ``node`` (a screen or a widget of it) belongs to."""
    return cast("Spring68App", node.app)

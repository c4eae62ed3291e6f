"""The classroom discussion timer: a countdown the whole class can see.

The app keeps the one timer (``timer_ends``, a ``time.monotonic()`` moment,
or None when it is off); these widgets only show it, on whichever screen is
up. ``ClassTimer`` is one line (for the play screen's top bar); ``BigTimer``
draws large digits (for the discussion pause).
"""

from __future__ import annotations

import math
import time

from textual.widget import Widget
from textual.widgets import Digits, Static

from game.i18n.interface import _


def time_left(app: object) -> float | None:
    """Seconds left on the app's discussion timer (zero or less: time is up), or None when it is off."""
    ends = getattr(app, "timer_ends", None)
    if ends is None:
        return None
    return ends - time.monotonic()


def clock(seconds: float) -> str:
    """'2:59' for the seconds left, rounded up (so '0:00' only once time is up)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


class _Countdown(Widget):
    """Shared by both timers: redraw once a second from the app's one timer."""

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        left = time_left(self.app)
        self.display = left is not None
        if left is None:
            return
        self.set_class(left <= 0, "-up")
        self.show_text(self.shown(left))

    def shown(self, left: float) -> str:  # pragma: no cover - each timer says it its own way
        raise NotImplementedError

    def show_text(self, text: str) -> None:  # pragma: no cover - each timer draws it its own way
        raise NotImplementedError


class ClassTimer(_Countdown, Static):
    """'Timer 2:59' while the discussion timer runs, 'Time is up' after; hidden when it is off."""

    DEFAULT_CSS = """
    ClassTimer { width: auto; padding: 0 0 0 2; text-style: bold; color: $text-warning; }
    ClassTimer.-up { color: $text-error; text-style: bold reverse; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    def shown(self, left: float) -> str:
        return _("Timer {clock}").format(clock=clock(left)) if left > 0 else _("Time is up")

    def show_text(self, text: str) -> None:
        self.update(text)


class BigTimer(_Countdown, Digits):
    """The countdown in large digits, with a line under it; hidden when the timer is off."""

    DEFAULT_CSS = """
    BigTimer { width: auto; color: $text-warning; text-style: bold; }
    BigTimer.-up { color: $text-error; }
    """

    def shown(self, left: float) -> str:
        return clock(left)

    def show_text(self, text: str) -> None:
        self.update(text)

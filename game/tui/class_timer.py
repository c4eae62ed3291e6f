"""The classroom's discussion timer: one countdown per app, shown by the timer widgets, rung when it runs out."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from game.tui.safe_text import notice

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

CLASS_TIMER_MINUTES = 3
"""The discussion timer's length when the teacher starts it (m); + and - change it a minute at a time."""


class ClassTimer:
    """When the discussion time is up (``ends``, a ``time.monotonic()`` moment), or None when it is off."""

    def __init__(self, app: App[int]) -> None:
        self.app = app
        self.ends: float | None = None
        self._handle: Timer | None = None

    @property
    def ringing(self) -> bool:
        """True once the time is up and until the timer is cleared."""
        return self.ends is not None and self._handle is None

    def toggle(self) -> None:
        """Start the timer, or stop it when it is running (or has run out)."""
        if self.ends is not None:
            self.set(None)
            notice(self.app, "Timer stopped.", timeout=2)
        else:
            self.set(CLASS_TIMER_MINUTES * 60)
            notice(
                self.app,
                f"A {CLASS_TIMER_MINUTES}-minute timer for the discussion (+ and - change it, m stops it).",
                timeout=4,
            )

    def add(self, minutes: int) -> None:
        """A minute more (or less) on the timer; starts it when it is off."""
        if self.ends is None:
            if minutes > 0:
                self.set(minutes * 60)
            return
        left = max(0.0, self.ends - time.monotonic()) + minutes * 60
        self.set(left if left > 0 else None)

    def set(self, seconds: float | None) -> None:
        """Run the timer for ``seconds`` from now, or clear it (None); every timer widget redraws."""
        from game.tui.widgets.timer import BigTimer
        from game.tui.widgets.timer import ClassTimer as SmallTimer

        if self._handle is not None:
            self._handle.stop()
            self._handle = None
        self.ends = None if seconds is None else time.monotonic() + seconds
        if seconds is not None:
            self._handle = self.app.set_timer(seconds, self._ran_out)
        for screen in self.app.screen_stack:
            for widget in screen.query("ClassTimer, BigTimer"):
                if isinstance(widget, (SmallTimer, BigTimer)):
                    widget.tick()

    def _ran_out(self) -> None:
        self._handle = None
        self.app.bell()
        notice(
            self.app, "Time is up. Press m to clear the timer.", title="Discussion timer", severity="warning", timeout=8
        )

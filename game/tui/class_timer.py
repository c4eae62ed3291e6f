"""The classroom's discussion timer: one countdown per app, shown by the timer widgets, rung when it runs out.

Once the teacher uses it (m, or ``--timer MINUTES``), it belongs to the
discussions: each discussion pause after a choice starts it again at its
full length, and going on to the next scene stops it, so one discussion's
minutes never run on into the next scenes. A vote of the students' devices
(``serve --classroom``) is timed the same way, and closes when it runs out.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from game.engine.classroom import MAX_TIMER_MINUTES
from game.i18n.interface import _, ngettext
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

CLASS_TIMER_MINUTES = 3
"""The discussion timer's length when the teacher starts it (m) and no --timer was given; + and - change it."""


class ClassTimer:
    """When the discussion time is up (``ends``, a ``time.monotonic()`` moment), or None when it is off."""

    def __init__(self, app: App[int], minutes: int | None = None) -> None:
        self.app = app
        self.ends: float | None = None
        self._handle: Timer | None = None
        self.minutes = minutes if minutes else CLASS_TIMER_MINUTES
        """The length each discussion gets (``--timer MINUTES``, else CLASS_TIMER_MINUTES)."""
        self.in_use = bool(minutes)
        """True once the teacher uses the timer (m or --timer): each discussion then starts it afresh."""

    @property
    def ringing(self) -> bool:
        """True once the time is up and until the timer is cleared."""
        return self.ends is not None and self._handle is None

    def toggle(self) -> None:
        """Start the timer, or stop it when it is running (or has run out)."""
        if self.ends is not None:
            self.set(None)
            self.in_use = False
            notice(self.app, _("Timer stopped; discussions go untimed until you press m again."), timeout=3)
        else:
            self.in_use = True
            self.set(self.minutes * 60)
            notice(
                self.app,
                ngettext(
                    "A {n}-minute timer for each discussion (+ and - change it, m stops it).",
                    "A {n}-minute timer for each discussion (+ and - change it, m stops it).",
                    self.minutes,
                ).format(n=self.minutes),
                timeout=4,
            )

    def discussion_started(self) -> None:
        """A discussion pause opened after a choice: the timer, once in use, starts again at its full length."""
        if self.in_use:
            self.set(self.minutes * 60)

    def discussion_ended(self) -> None:
        """The class goes on to the next scene: the discussion's timer stops (it starts again with the next one)."""
        if self.in_use and self.ends is not None:
            self.set(None)

    def add(self, minutes: int) -> None:
        """A minute more (or less) on the timer; starts it when it is off."""
        if self.ends is None:
            if minutes > 0:
                self.in_use = True
                self.set(minutes * 60)
                notice(
                    self.app,
                    ngettext(
                        "A {n}-minute timer (+ and - change it, m stops it).",
                        "A {n}-minute timer (+ and - change it, m stops it).",
                        minutes,
                    ).format(n=minutes),
                    timeout=3,
                )
            else:
                notice(self.app, _("The timer is off; press m to start it."), timeout=3)
            return
        left = min(MAX_TIMER_MINUTES * 60.0, max(0.0, self.ends - time.monotonic()) + minutes * 60)
        if left > 0:
            self.set(left)
            return
        self.set(None)
        self.in_use = False
        notice(self.app, _("Timer removed: less than a minute was left. Press m to start it again."), timeout=4)

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
        time_up = getattr(self.app.screen, "time_up", None)
        if callable(time_up):
            time_up()  # a vote of the students' devices closes when its time is up
        notice(
            self.app,
            _("Time is up. Press m to clear the timer."),
            title=_("Discussion timer"),
            severity="warning",
            timeout=8,
        )

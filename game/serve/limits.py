"""How much one browser may ask of the server, and the token bucket that counts it.

A browser tab drives a whole game process. Textual turns every character of
input into an event (a 1 MB message once grew a tab's process to 2.4 GB), so
the server bounds what reaches that process before it sees anything: the
size of one message, the messages and the bytes of key input per second, and
how fast new game processes may start. A browser that goes over is closed
with a clear reason and its process is ended; nobody is slowed down instead,
because a queue of waiting input would be the very work the limits prevent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


class TokenBucket:
    """At most ``burst`` at once, refilled at ``rate`` per second: a rate limit that allows short bursts."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst <= 0:
            raise ValueError("a token bucket needs a positive rate and burst")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._last = clock()

    def take(self, amount: float = 1.0) -> bool:
        """Spend ``amount`` if it is there; False (and nothing spent) when the rate is exceeded."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now
        if amount > self._tokens:
            return False
        self._tokens -= amount
        return True


@dataclass(frozen=True)
class Limits:
    """The numbers, in one place (docs/security.md quotes them)."""

    max_message_bytes: int = 4096
    """One websocket message, JSON and all. A key press is about 15 bytes, a mouse move about 25; a paste
    arrives as one message, and the game has no field longer than 40 characters. Over it: closed (1009)."""
    message_rate: float = 100.0
    """Messages per second, sustained; over it the tab is closed (1008). A fast typist sends 15, a held key
    30, a mouse sweeping across the page 60 to 120 (for a moment: hence the burst)."""
    message_burst: float = 300.0
    key_rate: float = 20.0
    """Key presses per second (mouse reports not counted) passed to the game; more are dropped, as a
    keyboard drops keys it has no room for. Some keys cost the game tens of milliseconds each
    (``?`` opens and closes the help screen: about 90 ms), so this bounds its work, not the server's."""
    key_burst: float = 40.0
    key_bytes_rate: float = 2048.0
    """Bytes of key and mouse input per second, sustained; over it the tab is closed (1008)."""
    key_bytes_burst: float = 8192.0
    start_rate: float = 2.0
    """New game processes per second, for the whole server (each costs about a second of CPU to start)."""
    start_burst: float = 40.0
    """A whole class may open the page at the same moment."""
    max_width: int = 500
    max_height: int = 200
    """The largest terminal a browser may ask for, in cells (Textual allocates a buffer of this size)."""
    max_ping_chars: int = 32
    quit_grace: float = 2.0
    """Seconds a game is given to save and quit after its socket closes, before it is killed (it takes
    about a fifth of a second; a flooded game would take a minute)."""
    input_stall: float = 5.0
    """Seconds the server waits for a game to take its input before it gives up on that game."""


@dataclass(frozen=True)
class StudentLimits:
    """What one student's device may ask of a class (``spring68 serve --classroom``'s student page).

    A phone sends a hello and a vote or two per decision; everything above that is a script or a
    stuck key, and is closed (1008) without slowing anyone else down.
    """

    max_message_bytes: int = 512
    """One message from a device (a vote is about 90 bytes). Over it: closed (1009) from the frame header."""
    message_rate: float = 4.0
    """Messages per second, sustained, per connection (a student changing their mind taps a few times)."""
    message_burst: float = 12.0
    max_bad_messages: int = 5
    """Malformed messages one connection may send (each answered with what was wrong) before it is closed."""
    hello_timeout: float = 10.0
    """Seconds a new connection has to say which device it is, before it is closed."""
    max_sockets_per_class: int = 400
    """Open student connections one class may have (a device with two tabs open counts twice)."""
    max_sockets: int = 2000
    """Open student connections the whole server may have."""
    wrong_code_rate: float = 5.0
    """Unknown join codes per second, for the whole server (one student mistyping is a few a minute; a
    guesser trying codes is slowed to this, so a 6-letter code holds for years)."""
    wrong_code_burst: float = 30.0
    send_timeout: float = 2.0
    """Seconds a device has to take a message (a count, the result) before its connection is dropped."""
    max_channel_line: int = 65536
    """Bytes of one line between the server and a projector's game (a decision with its situation text)."""
    ended_codes_kept: int = 500
    """Codes of ended classes remembered, so their students are told the class has ended, not that the
    code is wrong."""

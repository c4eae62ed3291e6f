"""The messages a browser may send a game tab, checked before anything acts on them.

textual-serve's page sends JSON lists: ``["stdin", TEXT]`` for keys and mouse,
``["resize", {"width": W, "height": H}]``, ``["ping", TEXT]``, ``["focus"]`` and
``["blur"]``. Anything else is not a browser running our page, so it is
refused with a reason (never a traceback): a list of the wrong shape, an
unknown type, a size that is not a whole number. A size outside what a
screen can show is clamped, because Textual allocates a buffer for it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from game.serve.limits import Limits

MIN_WIDTH = 10
MIN_HEIGHT = 5
_MOUSE_REPORTS = re.compile(r"(?:\x1b\[<[0-9]{1,4};[0-9]{1,4};[0-9]{1,4}[Mm])+")
"""The terminal's mouse reports (SGR encoding, which Textual asks for): a move, a click, a wheel turn."""


class ProtocolError(ValueError):
    """A message that is not one the game's page sends; the text says what was wrong (never the data)."""


@dataclass(frozen=True)
class Keys:
    """Key presses, mouse reports and pastes, as the terminal in the page encodes them."""

    text: str

    @property
    def mouse_only(self) -> bool:
        """Only mouse reports: the page sends one for every cell the pointer crosses, and each costs little."""
        return _MOUSE_REPORTS.fullmatch(self.text) is not None


@dataclass(frozen=True)
class Resize:
    width: int
    height: int


@dataclass(frozen=True)
class Ping:
    text: str


@dataclass(frozen=True)
class Focus:
    focused: bool


Message = Keys | Resize | Ping | Focus


def clamp_size(width: int, height: int, limits: Limits) -> tuple[int, int]:
    """A terminal size a game can draw: at least 10 × 5 cells, at most the limits."""
    return max(MIN_WIDTH, min(width, limits.max_width)), max(MIN_HEIGHT, min(height, limits.max_height))


def _whole_number(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(f"a resize message needs a whole number for {name}")
    return value


def parse_message(text: str, limits: Limits) -> Message:
    """The message in ``text``, or :class:`ProtocolError` saying what is wrong with it."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("a message that is not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise ProtocolError("a message that is not a list starting with its type")
    kind, arguments = envelope[0], envelope[1:]
    if kind == "stdin":
        if len(arguments) != 1 or not isinstance(arguments[0], str):
            raise ProtocolError("a stdin message needs exactly one string")
        return Keys(arguments[0])
    if kind == "resize":
        if len(arguments) != 1 or not isinstance(arguments[0], dict):
            raise ProtocolError("a resize message needs one object with a width and a height")
        size = arguments[0]
        width, height = _whole_number(size.get("width"), "width"), _whole_number(size.get("height"), "height")
        return Resize(*clamp_size(width, height, limits))
    if kind == "ping":
        if len(arguments) != 1 or not isinstance(arguments[0], str) or len(arguments[0]) > limits.max_ping_chars:
            raise ProtocolError(f"a ping message needs one string of at most {limits.max_ping_chars} characters")
        return Ping(arguments[0])
    if kind in ("focus", "blur"):
        if arguments:
            raise ProtocolError(f"a {kind} message takes nothing else")
        return Focus(kind == "focus")
    raise ProtocolError("a message of a type the game's page never sends")

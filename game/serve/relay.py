"""Between a browser and its game: every message checked against the limits before the game sees it.

In order: aiohttp has already refused a message over ``max_message_bytes``
(from its frame header, so it was never read); binary data is refused; then
the rate of messages, the message's shape (``protocol.py``), the rate of
input bytes, and, for key presses, the rate of keys, whose excess is dropped
rather than queued. A hard limit closes the tab with a code and a reason its
page shows; the caller then ends the game process. What the client sent is
never logged, only what was wrong with it.
"""

from __future__ import annotations

import logging

from aiohttp import WSMsgType

from game.serve.limits import Limits, TokenBucket
from game.serve.problems import printable
from game.serve.protocol import Focus, Keys, ProtocolError, Resize, parse_message
from game.serve.tabs import GAME_FAILED, NOT_UNDERSTOOD, TOO_FAST, GameTab

log = logging.getLogger("spring68.serve")

REASON_TOO_FAST = "This tab sent keys faster than anyone types, so it was closed. Reload the page to go on."
REASON_NOT_UNDERSTOOD = "This tab sent something the game does not understand, so it was closed."
REASON_STALLED = "The game stopped taking key presses, so this tab was closed. Reload the page to go on."


class Relay:
    """One tab's relay: its own buckets, and a count of the key presses it dropped."""

    def __init__(self, limits: Limits, tab: GameTab) -> None:
        self.limits = limits
        self.tab = tab
        self.messages = TokenBucket(limits.message_rate, limits.message_burst)
        self.input_bytes = TokenBucket(limits.key_bytes_rate, limits.key_bytes_burst)
        self.keys = TokenBucket(limits.key_rate, limits.key_burst)
        self.dropped_keys = 0

    async def run(self) -> None:
        """Relay until either side closes, or until a message breaks a limit (then the socket is closed)."""
        try:
            await self._relay()
        finally:
            if self.dropped_keys:
                log.info("dropped %d key presses of browser %s over the rate", self.dropped_keys, self.tab.browser)

    async def _relay(self) -> None:
        tab = self.tab
        websocket = tab.websocket
        async for message in websocket:
            if message.type is WSMsgType.ERROR:
                # aiohttp has closed the socket (1009 for a message over max_msg_size)
                log.warning("closed the tab of %s (browser %s): %s", tab.peer, tab.browser, printable(message.data))
                return
            if message.type is not WSMsgType.TEXT:
                return await self._refuse(NOT_UNDERSTOOD, REASON_NOT_UNDERSTOOD, "it sent binary data")
            if not self.messages.take():
                return await self._refuse(TOO_FAST, REASON_TOO_FAST, "it sent too many messages a second")
            try:
                parsed = parse_message(message.data, self.limits)
            except ProtocolError as exc:
                return await self._refuse(NOT_UNDERSTOOD, REASON_NOT_UNDERSTOOD, f"it sent {exc}")
            if isinstance(parsed, Keys):
                data = parsed.text.encode("utf-8", "replace")
                if not self.input_bytes.take(len(data)):
                    return await self._refuse(TOO_FAST, REASON_TOO_FAST, "it sent too much input a second")
                if not parsed.mouse_only and not self.keys.take():
                    self.dropped_keys += 1
                    continue
                taken = await tab.send_within(tab.send_bytes(data))
            elif isinstance(parsed, Resize):
                taken = await tab.send_within(tab.set_terminal_size(parsed.width, parsed.height))
            elif isinstance(parsed, Focus):
                taken = await tab.send_within(tab.focus() if parsed.focused else tab.blur())
            else:  # a ping, answered here
                await websocket.send_json(["pong", parsed.text])
                taken = True
            if not taken:
                return await self._refuse(GAME_FAILED, REASON_STALLED, "its game stopped taking input")

    async def _refuse(self, code: int, reason: str, why: str) -> None:
        log.warning("closed the tab of %s (browser %s): %s", self.tab.peer, self.tab.browser, why)
        await self.tab.close_socket(code, reason)

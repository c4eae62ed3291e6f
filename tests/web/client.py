"""A browser tab without a browser: the websocket protocol of textual-serve's page, spoken by aiohttp.

Every read has a deadline, so a test that waits for a screen or a close
fails instead of hanging.
"""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp

from tests.web.conftest import cookie, screen_text


class Tab:
    """One open game socket: what it has drawn so far, and how it was closed (if it was)."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.output = bytearray()
        self.close_code: int | None = None
        self.close_reason: str = ""

    @property
    def text(self) -> str:
        return screen_text(bytes(self.output))

    @property
    def closed(self) -> bool:
        return self.close_code is not None

    async def _receive(self, timeout: float) -> bool:
        """One message into the tab; False when none came within ``timeout`` or the socket is closed."""
        if self.closed:
            return False
        try:
            message = await asyncio.wait_for(self.websocket.receive(), timeout)
        except TimeoutError:
            return False
        if message.type is aiohttp.WSMsgType.BINARY:
            self.output += message.data
            return True
        if message.type is aiohttp.WSMsgType.TEXT:
            return True
        if message.type is aiohttp.WSMsgType.CLOSE:
            self.close_code, self.close_reason = message.data, message.extra or ""
        else:  # CLOSED or ERROR: the connection went without a close frame
            self.close_code = self.websocket.close_code or 1006
        return False

    async def settle(self, quiet: float = 1.0, limit: float = 20.0) -> str:
        """Read until the game has drawn nothing for ``quiet`` seconds (at most ``limit``); the screen so far."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and await self._receive(quiet):
            pass
        return self.text

    async def until(self, words: str, limit: float = 20.0) -> bool:
        """Read until ``words`` appear in what the game drew since this call, or the socket closes."""
        start = len(self.output)
        deadline = time.monotonic() + limit
        while words not in screen_text(bytes(self.output[start:])):
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return False
            await self._receive(min(left, 1.0))
        return True

    async def until_closed(self, limit: float = 20.0) -> bool:
        deadline = time.monotonic() + limit
        while not self.closed and time.monotonic() < deadline:
            await self._receive(min(deadline - time.monotonic(), 1.0))
        return self.closed

    async def press(self, keys: str) -> None:
        await self.websocket.send_str(json.dumps(["stdin", keys]))

    async def close(self) -> None:
        await self.websocket.close()


async def open_tab(
    session: aiohttp.ClientSession,
    url: str,
    token: str,
    *,
    origin: str | None = None,
    headers: dict[str, str] | None = None,
    width: int = 100,
    height: int = 30,
    drawn: bool = True,
) -> Tab:
    """Connect as the page does; with ``drawn``, wait until the title screen is there."""
    sent = dict(cookie(token), **(headers or {}))
    if origin is not None:
        sent["Origin"] = origin
    websocket = await session.ws_connect(f"{url}/ws?width={width}&height={height}", headers=sent)
    tab = Tab(websocket)
    if drawn:
        assert await tab.until("Quit", 60), f"the title screen did not appear: {tab.text[-300:]!r}"
        await tab.settle(0.5)
    return tab


def session() -> aiohttp.ClientSession:
    """A client whose every request gives up after 60 s."""
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))

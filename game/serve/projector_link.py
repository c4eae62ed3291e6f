"""The projector's end of a class's channel: the game in a classroom tab talking to the student server.

``spring68 serve --classroom`` starts each classroom tab's game with
``--class-channel PATH``, a Unix socket of the tab's class
(:class:`game.serve.class_rooms.ClassRoom`). The game connects once; the
server tells it the join code and the student address, and then the live
count of each open vote. The game opens a vote when the teacher opens the
class vote, closes it (getting the final counts back), and tells the
server what the class decided. JSON lines both ways, each bounded.

Only asyncio here (no aiohttp, no Textual): the game imports it, and a
test drives it against a real room without either.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

MAX_LINE = 65536
"""Bytes of one line from the server (the same bound as the server's, ``StudentLimits.max_channel_line``)."""
CLOSE_WAIT = 2.0
"""Seconds the game waits for the final counts after closing a vote, before it keeps the last ones it had."""


class LiveCount(NamedTuple):
    """What the projector shows of the devices: the open vote's counts, and how many devices are connected."""

    decision: str | None
    counts: Mapping[str, int]
    open: bool
    devices: int


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 1_000_000
    }


class ProjectorLink:
    """The channel from the game's side; ``listeners`` are called (on the game's loop) with each new count."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.code: str | None = None
        self.url: str | None = None
        self.live = LiveCount(None, {}, False, 0)
        self.listeners: list[Callable[[ProjectorLink], None]] = []
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing: dict[str, asyncio.Future[dict[str, int]]] = {}
        self._serial = 0

    @property
    def connected(self) -> bool:
        return self._writer is not None and not self._writer.is_closing() and self.code is not None

    async def connect(self, timeout: float = 5.0) -> bool:
        """Connect and wait for the class's code; False when the server is not there."""
        try:
            self._reader, self._writer = await asyncio.wait_for(
                asyncio.open_unix_connection(self.path, limit=MAX_LINE), timeout
            )
        except (OSError, TimeoutError):
            return False
        first = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._read(first))
        try:
            await asyncio.wait_for(asyncio.shield(first), timeout)
        except TimeoutError:
            return False
        return self.code is not None

    async def _read(self, first: asyncio.Future[None]) -> None:
        reader = self._reader
        assert reader is not None
        try:
            while True:
                try:
                    line = await reader.readline()
                except (ValueError, asyncio.LimitOverrunError):
                    continue
                if not line:
                    break
                self._handle(line)
                if self.code is not None and not first.done():
                    first.set_result(None)
        except ConnectionError:
            pass
        finally:
            if not first.done():
                first.set_result(None)
            self.code = None
            for waiting in self._closing.values():
                if not waiting.done():
                    waiting.set_result(dict(self.live.counts))
            self._tell()

    def _handle(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "class" and isinstance(message.get("code"), str) and isinstance(message.get("url"), str):
            self.code, self.url = message["code"][:12], message["url"][:300]
            self._tell()
        elif kind == "counts":
            devices = message.get("devices")
            decision = message.get("decision")
            self.live = LiveCount(
                decision if isinstance(decision, str) else None,
                _counts(message.get("counts")),
                message.get("open") is True,
                devices if isinstance(devices, int) and not isinstance(devices, bool) else 0,
            )
            self._tell()
        elif kind == "closed" and isinstance(message.get("decision"), str):
            waiting = self._closing.pop(message["decision"], None)
            if waiting is not None and not waiting.done():
                waiting.set_result(_counts(message.get("counts")))

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener(self)

    def _send(self, message: Mapping[str, Any]) -> None:
        writer = self._writer
        if writer is not None and not writer.is_closing():
            writer.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))

    def new_decision_id(self, scene_id: str, step: int) -> str:
        """An id for a vote about to open: the step and scene, and a serial so a new vote is never an old one."""
        self._serial += 1
        return f"{step}:{scene_id}:{self._serial}"[:120]

    def open_vote(self, decision: str, title: str, choices: Sequence[tuple[str, str]], text: str = "") -> None:
        """Show this decision on the devices (the same id again reopens it with its votes)."""
        self.live = LiveCount(decision, dict.fromkeys((c for c, _ in choices), 0), True, self.live.devices)
        self._send(
            {
                "type": "open",
                "decision": decision,
                "title": title,
                "text": text,
                "choices": [{"id": choice, "label": label} for choice, label in choices],
            }
        )

    async def close_vote(self, decision: str, timeout: float = CLOSE_WAIT) -> dict[str, int]:
        """Close the vote and get its final counts (the last live ones if the server does not answer in time)."""
        if not self.connected:
            return dict(self.live.counts) if self.live.decision == decision else {}
        waiting: asyncio.Future[dict[str, int]] = asyncio.get_running_loop().create_future()
        self._closing[decision] = waiting
        self._send({"type": "close", "decision": decision})
        try:
            return await asyncio.wait_for(waiting, timeout)
        except TimeoutError:
            self._closing.pop(decision, None)
            return dict(self.live.counts) if self.live.decision == decision else {}

    def decided(self, decision: str, choice: str, counts: Mapping[str, int]) -> None:
        """Tell the devices what the class chose."""
        self._send({"type": "decided", "decision": decision, "choice": choice, "counts": dict(counts)})

    def withdraw(self) -> None:
        """The teacher went back without deciding: the devices wait for the next vote."""
        self._send({"type": "withdraw"})

    def end(self) -> None:
        """The class is over: the devices are told so."""
        self._send({"type": "end"})

    async def close(self) -> None:
        writer = self._writer
        self._writer = None
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task

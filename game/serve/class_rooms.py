"""The classes of ``spring68 serve --classroom``: a join code per projector, its students' sockets, its channel.

Each classroom tab (the projector: the teacher's game, one process) gets a
:class:`ClassRoom` with a short join code. Students open ``/join`` (or the
QR code's ``/c/CODE``) on their own devices and vote on the decision the
projector shows; the rule (who may vote, changing, closing) is the
engine's :class:`~game.engine.device_votes.DeviceClass`.

**The channel.** The projector's game is a separate process (``tabs.py``),
so the room listens on a Unix socket in a private folder of its own (made
``0700`` by :func:`tempfile.mkdtemp`, so no other user can reach it) and
passes its path to the game (``--class-channel``). The first connection
is the projector; any later one is refused. Both sides speak JSON lines,
each at most ``StudentLimits.max_channel_line`` bytes:

* game → server: ``open`` (a decision: id, title, choices, optional text),
  ``close`` (answered with ``closed`` and the final counts), ``decided``
  (the class's choice, shown on the devices), ``withdraw`` (back without
  deciding), ``end`` (the class is over).
* server → game: ``class`` (the code and the student URL, on connecting),
  ``counts`` (the live count and how many devices are connected),
  ``closed``.

**A student's socket** is checked like the game's (Origin, Host), bounded in
message size and rate, closed when its device never says hello, and
answered for every malformed message (closed after a few). Tokens live in
memory only and go with the room.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from game.engine.device_votes import REFUSALS, Cast, DecisionError, DeviceClass, decision, valid_id, valid_token
from game.serve.limits import StudentLimits, TokenBucket
from game.serve.problems import printable
from game.serve.student_words import ENDED, FULL, NO_HELLO, TOO_MANY_MESSAGES, WRONG_CODE, StudentWords

log = logging.getLogger("spring68.serve")

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits a class reads off a projector without confusing them (no I, L, O, 0 or 1)."""
CODE_LENGTH = 6
NO_SUCH_CLASS = 4404
CLASS_ENDED = 4410
CLASS_FULL = 4429
TOO_FAST = 1008
NOT_UNDERSTOOD = 1003
"""Close codes a student page tells apart (4000–4999 are the application's own, RFC 6455)."""
CHANNEL_NAME = "channel.sock"


def normal_code(text: str | None) -> str:
    """A join code as typed (any case, spaces or dashes) in the form the server keeps, or "" for nonsense."""
    if not text or len(text) > 40:
        return ""
    code = "".join(ch for ch in text.upper() if ch not in " -_.")
    return code if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code) else ""


def new_code(taken: set[str]) -> str:
    """A fresh random join code no class of this server has (or had, recently)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def _line(message: Mapping[str, Any]) -> bytes:
    return (json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class ClassRoom:
    """One projector's class: its code, its devices' sockets and votes, and the channel to its game."""

    def __init__(self, code: str, student_url: str, limits: StudentLimits, words: StudentWords | None = None) -> None:
        self.code = code
        self.student_url = student_url
        self.limits = limits
        self.words = words or StudentWords()
        """The class's language, for what its devices are told."""
        self.votes = DeviceClass()
        self.sockets: dict[web.WebSocketResponse, str | None] = {}
        """Every open device connection, and the token its hello gave (None before it)."""
        self.folder = Path(tempfile.mkdtemp(prefix="spring68-class-"))  # 0700: only this user can connect
        self.channel_path = self.folder / CHANNEL_NAME
        self._server: asyncio.AbstractServer | None = None
        self._projector: asyncio.StreamWriter | None = None
        self._counts_due = False
        self._ending: asyncio.Future[None] | None = None
        self.ended = False

    # -- the channel to the projector's game --------------------------------------------------------------

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(
            self._projector_connected, path=str(self.channel_path), limit=self.limits.max_channel_line
        )
        self.channel_path.chmod(0o600)

    async def _projector_connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._projector is not None or self.ended:
            writer.close()  # one projector per class
            return
        self._projector = writer
        self._tell_projector({"type": "class", "code": self.code, "url": self.student_url})
        self._counts_soon()
        try:
            while not self.ended:
                try:
                    line = await reader.readline()
                except (ValueError, asyncio.LimitOverrunError):
                    log.warning("class %s: the projector sent a line over the limit; ignored", self.code)
                    continue
                except ConnectionError:
                    break
                if not line:
                    break
                await self._from_projector(line)
        finally:
            self._projector = None
            with contextlib.suppress(Exception):
                writer.close()

    def _tell_projector(self, message: Mapping[str, Any]) -> None:
        writer = self._projector
        if writer is not None and not writer.is_closing():
            writer.write(_line(message))

    async def _from_projector(self, line: bytes) -> None:
        try:
            message = json.loads(line)
        except ValueError:
            message = None
        kind = message.get("type") if isinstance(message, dict) else None
        votes = self.votes
        if not isinstance(message, dict):
            log.warning("class %s: the projector sent something that is not a message", self.code)
            return
        ident = message.get("decision")
        if kind == "open":
            try:
                asked = decision(ident, message.get("title", ""), message.get("choices"), message.get("text", ""))
            except DecisionError as exc:
                log.warning("class %s: the projector opened a vote that cannot be asked: %s", self.code, exc)
                return
            votes.open_vote(asked)
            self._counts_soon()
        elif kind == "close" and valid_id(ident):
            counts = votes.close_vote(str(ident))
            self._tell_projector({"type": "closed", "decision": ident, "counts": counts or {}})
        elif kind == "decided" and valid_id(ident) and isinstance(message.get("choice"), str):
            counts = message.get("counts")
            kept = {str(k): v for k, v in counts.items() if isinstance(v, int)} if isinstance(counts, dict) else {}
            votes.decided(str(ident), message["choice"], kept)
        elif kind == "withdraw":
            votes.withdraw()
        elif kind == "end":
            self._ending = self._ending or asyncio.ensure_future(self._end())  # not awaited: it closes this channel
            return
        else:
            log.warning("class %s: ignored a %s message from the projector", self.code, printable(kind, 40))
            return
        await self.broadcast()

    def _counts_soon(self) -> None:
        """Send the projector the live count once this moment's votes are in (one line for a burst of votes)."""
        if not self._counts_due:
            self._counts_due = True
            asyncio.get_running_loop().call_soon(self._send_counts)

    def _send_counts(self) -> None:
        self._counts_due = False
        ballot = self.votes.ballot
        self._tell_projector(
            {
                "type": "counts",
                "decision": ballot.decision.id if ballot else None,
                "counts": ballot.counts() if ballot else {},
                "open": bool(ballot and ballot.open),
                "devices": len(self.sockets),
            }
        )

    # -- the students' page --------------------------------------------------------------------------------

    def state_for(self, token: str | None) -> dict[str, Any]:
        """What one device's page shows now: no vote open, the open vote (and its own vote), the result, the end."""
        votes = self.votes
        if self.ended:
            return {"type": "state", "phase": "ended", "message": self.words(ENDED)}
        state: dict[str, Any] = {"type": "state", "phase": "waiting", "code": self.code}
        ballot = votes.ballot
        if ballot is not None:
            asked = ballot.decision
            state["decision"] = {
                "id": asked.id,
                "title": asked.title,
                "text": asked.text,
                "choices": [{"id": o.id, "label": o.label} for o in asked.options],
            }
            state["mine"] = ballot.mine(token) if token else None
            state["phase"] = "open" if ballot.open else "closed"
        result = votes.result
        if result is not None and (ballot is None or ballot.decision.id == result.decision):
            state["phase"] = "result"
            state["result"] = {"choice": result.choice, "label": result.label, "counts": dict(result.counts)}
        return state

    async def send(self, socket: web.WebSocketResponse, message: Mapping[str, Any]) -> None:
        """One message to one device; a device that does not take it in time is dropped."""
        if socket.closed:
            return
        try:
            await asyncio.wait_for(socket.send_str(json.dumps(message, ensure_ascii=False)), self.limits.send_timeout)
        except (TimeoutError, ConnectionError, RuntimeError):
            self.sockets.pop(socket, None)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(), 1.0)

    async def broadcast(self) -> None:
        """Every connected device gets its page's new state."""
        sockets = list(self.sockets.items())
        await asyncio.gather(*(self.send(socket, self.state_for(token)) for socket, token in sockets))

    async def student(self, socket: web.WebSocketResponse, peer: str) -> None:
        """One device's connection, from its hello to its close: votes checked by the engine's rule."""
        limits = self.limits
        bucket = TokenBucket(limits.message_rate, limits.message_burst)
        token: str | None = None
        bad = 0
        self.sockets[socket] = None
        self._counts_soon()
        try:
            while not socket.closed:
                try:
                    message = await socket.receive(timeout=None if token else limits.hello_timeout)
                except TimeoutError:
                    await socket.close(code=TOO_FAST, message=self.words.close_reason(NO_HELLO))
                    break
                if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                    break
                if message.type != WSMsgType.TEXT:
                    await socket.close(code=NOT_UNDERSTOOD, message=b"Only text messages are understood.")
                    break
                if not bucket.take():
                    log.warning("class %s: closed a device at %s that sent messages too fast", self.code, peer)
                    await socket.close(code=TOO_FAST, message=self.words.close_reason(TOO_MANY_MESSAGES))
                    break
                problem, token = await self._from_student(socket, token, message.data)
                if problem:
                    bad += 1
                    await self.send(socket, {"type": "error", "message": problem})
                    if bad >= limits.max_bad_messages:
                        await socket.close(code=TOO_FAST, message=b"Too many messages that are not understood.")
                        break
        finally:
            self.sockets.pop(socket, None)
            if not self.ended:
                self._counts_soon()

    def vote(self, token: str, decision_id: str, choice: str) -> Cast:
        """One device's vote, by the engine's rule; the projector hears the new count once this moment's are in."""
        cast = self.votes.vote(token, decision_id, choice)
        if cast not in REFUSALS:
            self._counts_soon()
        return cast

    async def _from_student(
        self, socket: web.WebSocketResponse, token: str | None, data: str
    ) -> tuple[str | None, str | None]:
        """Handle one message: the problem with it (None when it was fine), and the device's token now."""
        try:
            message = json.loads(data)
        except ValueError:
            return "That message is not JSON.", token
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            return "A message is an object with a type.", token
        kind = message["type"]
        if kind == "hello":
            given = message.get("token")
            if token is not None:
                return "This connection has said hello already.", token
            if not valid_token(given):
                return "A hello carries the device's token (16 to 64 letters, digits, - or _).", token
            assert isinstance(given, str)
            if not self.votes.join(given):
                await socket.close(code=CLASS_FULL, message=self.words.close_reason(FULL))
                return None, token
            self.sockets[socket] = given
            await self.send(socket, self.state_for(given))
            return None, given
        if kind == "vote":
            if token is None:
                return "Say hello (with the device's token) before voting.", token
            ident, choice = message.get("decision"), message.get("choice")
            if not valid_id(ident) or not valid_id(choice):
                return "A vote names a decision and a choice.", token
            assert isinstance(ident, str) and isinstance(choice, str)
            cast = self.vote(token, ident, choice)
            if cast in REFUSALS:
                refusal = self.words(REFUSALS[cast])
                await self.send(socket, {"type": "refused", "message": refusal, "state": self.state_for(token)})
                return None, token
            await self.send(socket, {"type": "received", "decision": ident, "choice": choice})
            return None, token
        if kind == "ping":
            await self.send(socket, {"type": "pong"})
            return None, token
        return f"Unknown message type {printable(kind, 20)!r}.", token

    # -- the end -----------------------------------------------------------------------------------------------

    async def end(self) -> None:
        """The class is over: every device is told so, no more votes, the channel closed, its folder removed.

        Safe to call more than once and from several places at once: each waits for the one ending.
        """
        if self._ending is None:
            self._ending = asyncio.ensure_future(self._end())
        await asyncio.shield(self._ending)

    async def _end(self) -> None:
        self.ended = True
        self.votes.end()
        sockets = list(self.sockets)
        await asyncio.gather(*(self.send(s, self.state_for(None)) for s in sockets))
        for socket in sockets:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(code=CLASS_ENDED, message=self.words.close_reason(ENDED)), 1.0)
        self.sockets.clear()
        if self._projector is not None:
            with contextlib.suppress(Exception):
                self._projector.close()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1.0)
        shutil.rmtree(self.folder, ignore_errors=True)


class ClassRooms:
    """Every class of the server by code, and the codes of classes that ended (so their students are told)."""

    def __init__(self, limits: StudentLimits, words: StudentWords | None = None) -> None:
        self.limits = limits
        self.words = words or StudentWords()
        self._open: dict[str, ClassRoom] = {}
        self._ended: OrderedDict[str, None] = OrderedDict()
        self.wrong_codes = TokenBucket(limits.wrong_code_rate, limits.wrong_code_burst)

    def __len__(self) -> int:
        return len(self._open)

    @property
    def sockets(self) -> int:
        return sum(len(room.sockets) for room in self._open.values())

    async def new(self, base_url: str) -> ClassRoom:
        """A new class with a fresh code, listening for its projector."""
        code = new_code(set(self._open) | set(self._ended))
        room = ClassRoom(code, f"{base_url.rstrip('/')}/c/{code}", self.limits, self.words)
        try:
            await room.start()
        except BaseException:
            shutil.rmtree(room.folder, ignore_errors=True)
            raise
        self._open[code] = room
        return room

    def find(self, code: str) -> ClassRoom | str:
        """The open class with this code, or why there is none (``ENDED`` or ``WRONG_CODE``, in English)."""
        room = self._open.get(code)
        if room is not None and not room.ended:
            return room
        return ENDED if code in self._ended or room is not None else WRONG_CODE

    async def end(self, room: ClassRoom) -> None:
        await room.end()
        self._open.pop(room.code, None)
        self._ended[room.code] = None
        while len(self._ended) > self.limits.ended_codes_kept:
            self._ended.popitem(last=False)

    async def end_all(self) -> None:
        await asyncio.gather(*(self.end(room) for room in list(self._open.values())), return_exceptions=True)

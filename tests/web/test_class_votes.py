"""Votes from students' devices through the real student server (in this process, on 127.0.0.1 only).

The server is :class:`GameServer` with ``--classroom``'s student routes; the projector is the
game's own end of the channel (:class:`ProjectorLink`) on the class's Unix socket; the devices are
aiohttp websocket clients. Every wait is bounded, every attack is a bounded loop.
"""

from __future__ import annotations

import asyncio
import json
import stat
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from game.serve.class_rooms import CLASS_ENDED, CLASS_FULL, NO_SUCH_CLASS, ClassRoom
from game.serve.limits import StudentLimits
from game.serve.options import ServeOptions
from game.serve.projector_link import ProjectorLink
from game.serve.server import GameServer
from game.serve.students import Students
from tests.web.conftest import free_port

pytestmark = pytest.mark.timeout(60)
BRAVE, QUIET = "a_start.brave", "a_start.quiet"
CHOICES = [(BRAVE, "Be brave"), (QUIET, "Stay quiet")]


class Class:
    """A running student server with one class and its projector connected."""

    def __init__(self, base: str, server: GameServer, room: ClassRoom, link: ProjectorLink) -> None:
        self.base = base
        self.server = server
        self.room = room
        self.link = link
        self.session = aiohttp.ClientSession()

    async def device(self, token: str | None = None, origin: str | None = None, code: str | None = None) -> Device:
        headers = {"Origin": origin} if origin else {}
        socket = await self.session.ws_connect(
            f"{self.base.replace('http', 'ws')}/c/{code or self.room.code}/ws", headers=headers, max_msg_size=0
        )
        device = Device(socket)
        if token is not None:
            await device.send({"type": "hello", "token": token})
            assert (await device.next("state"))["type"] == "state"
        return device

    async def counts_reach(self, wanted: dict[str, int], seconds: float = 5.0) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while dict(self.link.live.counts) != wanted:
            assert asyncio.get_running_loop().time() < deadline, f"the projector has {self.link.live}, not {wanted}"
            await asyncio.sleep(0.01)


class Device:
    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket

    async def send(self, message: Any) -> None:
        await self.socket.send_str(message if isinstance(message, str) else json.dumps(message))

    async def next(self, *kinds: str, seconds: float = 5.0) -> dict[str, Any]:
        """The next message of one of these types (others skipped); fails on a close."""
        while True:
            message = await asyncio.wait_for(self.socket.receive(), seconds)
            assert message.type == aiohttp.WSMsgType.TEXT, (message.type, message.data, message.extra)
            data = json.loads(message.data)
            if not kinds or data["type"] in kinds:
                return data

    async def closed(self, seconds: float = 5.0) -> tuple[int | None, str]:
        """Read until the server closes: its close code and reason."""
        while True:
            message = await asyncio.wait_for(self.socket.receive(), seconds)
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                return self.socket.close_code, str(message.extra or "")

    async def vote(self, decision: str, choice: str) -> dict[str, Any]:
        await self.send({"type": "vote", "decision": decision, "choice": choice})
        return await self.next("received", "refused")


def run_class(tmp_path: Path, body: Callable[[Class], Awaitable[None]], limits: StudentLimits | None = None) -> None:
    async def main() -> None:
        port = free_port()
        server = GameServer(ServeOptions(saves=tmp_path, port=port, classroom=True))
        if limits is not None:
            server.students = Students(server, limits)
        runner = web.AppRunner(server.application())
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", port)
        await site.start()
        base = f"http://127.0.0.1:{port}"
        assert server.students is not None
        room = await server.students.rooms.new(base)
        link = ProjectorLink(str(room.channel_path))
        assert await link.connect()
        state = Class(base, server, room, link)
        try:
            await asyncio.wait_for(body(state), 45)
        finally:
            await state.session.close()
            await link.close()
            await runner.cleanup()

    asyncio.run(main())


TOKENS = [f"student-{n:03d}-0123456789" for n in range(80)]


def test_five_devices_vote_change_and_a_late_vote_is_refused_and_everyone_sees_the_result(tmp_path):
    async def body(c: Class) -> None:
        assert c.link.code == c.room.code and c.link.url == f"{c.base}/c/{c.room.code}"
        devices = [await c.device(token) for token in TOKENS[:5]]
        decision = c.link.new_decision_id("a_start", 0)
        c.link.open_vote(decision, "The start", CHOICES)
        for device in devices:
            shown = await device.next("state")
            assert shown["phase"] == "open" and [o["id"] for o in shown["decision"]["choices"]] == [BRAVE, QUIET]
        for device, choice in zip(devices, [BRAVE, BRAVE, BRAVE, QUIET, QUIET], strict=True):
            assert (await device.vote(decision, choice))["type"] == "received"
        await c.counts_reach({BRAVE: 3, QUIET: 2})
        assert c.link.live.devices == 5
        assert (await devices[0].vote(decision, QUIET))["type"] == "received"  # a changed vote
        assert (await devices[1].vote(decision, QUIET))["type"] == "received"
        await c.counts_reach({BRAVE: 1, QUIET: 4})
        assert await c.link.close_vote(decision) == {BRAVE: 1, QUIET: 4}
        late = await devices[2].vote(decision, QUIET)
        assert late["type"] == "refused" and "closed" in late["message"]
        assert await c.link.close_vote(decision) == {BRAVE: 1, QUIET: 4}  # unchanged by the late vote
        c.link.decided(decision, QUIET, {BRAVE: 1, QUIET: 4})
        for device in devices:
            while (shown := await device.next("state"))["phase"] != "result":
                pass
            assert shown["result"] == {"choice": QUIET, "label": "Stay quiet", "counts": {BRAVE: 1, QUIET: 4}}

    run_class(tmp_path, body)


def test_a_device_that_reconnects_keeps_its_one_vote(tmp_path):
    async def body(c: Class) -> None:
        decision = c.link.new_decision_id("a_start", 0)
        c.link.open_vote(decision, "The start", CHOICES)
        device = await c.device(TOKENS[0])
        await device.vote(decision, BRAVE)
        await device.socket.close()  # a locked phone
        again = await c.device()
        await again.send({"type": "hello", "token": TOKENS[0]})
        shown = await again.next("state")
        assert shown["phase"] == "open" and shown["mine"] == BRAVE
        assert (await again.vote(decision, BRAVE))["type"] == "received"
        await c.counts_reach({BRAVE: 1, QUIET: 0})

    run_class(tmp_path, body)


BAD_MESSAGES = [
    ("not json", "That message is not JSON."),
    ("[1, 2]", "A message is an object with a type."),
    ('{"token": "x"}', "A message is an object with a type."),
    ('{"type": 5}', "A message is an object with a type."),
    ('{"type": "shout"}', "Unknown message type 'shout'."),
    ('{"type": "vote", "decision": "d", "choice": "c"}', "Say hello (with the device's token) before voting."),
    ('{"type": "hello"}', "A hello carries the device's token (16 to 64 letters, digits, - or _)."),
    ('{"type": "hello", "token": "short"}', "A hello carries the device's token (16 to 64 letters, digits, - or _)."),
    ('{"type": "hello", "token": 12345678901234567890}', "A hello carries the device's token"),
]
AFTER_HELLO = [
    ('{"type": "hello", "token": "student-000-0123456789"}', "This connection has said hello already."),
    ('{"type": "vote", "decision": "d"}', "A vote names a decision and a choice."),
    ('{"type": "vote", "decision": "d", "choice": ["a"]}', "A vote names a decision and a choice."),
    ('{"type": "vote", "decision": "<script>", "choice": "a"}', "A vote names a decision and a choice."),
]


@pytest.mark.parametrize(("text", "answer"), BAD_MESSAGES + AFTER_HELLO)
def test_every_malformed_message_is_answered_with_what_is_wrong_and_counts_nothing(tmp_path, text, answer):
    async def body(c: Class) -> None:
        decision = c.link.new_decision_id("a_start", 0)
        c.link.open_vote(decision, "The start", CHOICES)
        device = await c.device(TOKENS[0] if (text, answer) in AFTER_HELLO else None)
        await device.send(text)
        error = await device.next("error")
        assert error["message"].startswith(answer)
        other = await c.device(TOKENS[1])
        assert (await other.vote(decision, BRAVE))["type"] == "received"
        await c.counts_reach({BRAVE: 1, QUIET: 0})

    run_class(tmp_path, body)


def test_votes_refused_by_the_rule_say_why(tmp_path):
    async def body(c: Class) -> None:
        device = await c.device(TOKENS[0])
        assert (await device.vote("0:a_start:1", BRAVE))["message"] == "There is no vote open right now."
        decision = c.link.new_decision_id("a_start", 0)
        c.link.open_vote(decision, "The start", CHOICES)
        assert (await device.vote(decision, "a_start.fly"))["message"] == "That is not one of the choices."
        assert (await device.vote("0:a_start:99", BRAVE))["message"] == "That vote was for an earlier question."
        await c.counts_reach({BRAVE: 0, QUIET: 0})

    run_class(tmp_path, body)


def test_a_binary_a_huge_or_a_flood_of_messages_closes_that_device_only(tmp_path):
    async def body(c: Class) -> None:
        decision = c.link.new_decision_id("a_start", 0)
        c.link.open_vote(decision, "The start", CHOICES)
        binary = await c.device(TOKENS[0])
        await binary.socket.send_bytes(b"\x00" * 10)
        assert (await binary.closed())[0] == 1003
        huge = await c.device(TOKENS[1])
        await huge.send({"type": "vote", "decision": decision, "choice": "x" * 4000})
        assert (await huge.closed())[0] == 1009
        flood = await c.device(TOKENS[2])
        for _ in range(100):  # far over 12 at once and 4 a second
            if flood.socket.closed:
                break
            await flood.send({"type": "ping"})
        code, reason = await flood.closed()
        assert code == 1008 and "Too many messages" in reason
        junk = await c.device(TOKENS[3])
        for _ in range(5):
            await junk.send("junk")
        assert (await junk.closed())[0] == 1008
        calm = await c.device(TOKENS[4])
        assert (await calm.vote(decision, QUIET))["type"] == "received"
        await c.counts_reach({BRAVE: 0, QUIET: 1})
        for _ in range(100):
            if len(c.room.sockets) == 1:
                break
            await asyncio.sleep(0.02)
        assert len(c.room.sockets) == 1  # the closed ones are gone from the class

    run_class(tmp_path, body)


def test_a_device_that_never_says_hello_is_closed(tmp_path):
    async def body(c: Class) -> None:
        silent = await c.device()
        assert (await silent.closed(seconds=5))[0] == 1008
        for _ in range(100):
            if not c.room.sockets:
                break
            await asyncio.sleep(0.02)
        assert not c.room.sockets

    run_class(tmp_path, body, replace(StudentLimits(), hello_timeout=0.3))


def test_a_class_takes_at_most_its_bound_of_connections(tmp_path):
    async def body(c: Class) -> None:
        kept = [await c.device(token) for token in TOKENS[:2]]
        third = await c.device()
        assert (await third.closed())[0] == CLASS_FULL
        assert all(not device.socket.closed for device in kept)

    run_class(tmp_path, body, replace(StudentLimits(), max_sockets_per_class=2))


def test_a_page_of_another_site_cannot_join_and_a_wrong_code_is_told_so(tmp_path):
    async def body(c: Class) -> None:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await c.device(origin="http://evil.example")
        assert refused.value.status == 403
        wrong = await c.device(code="AAAAAA", origin=c.base)
        code, reason = await wrong.closed()
        assert code == NO_SUCH_CLASS and "No class has this code" in reason
        async with c.session.get(f"{c.base}/join?code=zzzz") as page:
            assert page.status == 404 and "No class has this code" in await page.text()
        async with c.session.get(f"{c.base}/join?code={c.room.code.lower()}", allow_redirects=False) as page:
            assert page.status == 303 and page.headers["Location"] == f"/c/{c.room.code}"
        async with c.session.get(f"{c.base}/c/{c.room.code}") as page:
            text = await page.text()
            assert page.status == 200 and f'data-code="{c.room.code}"' in text
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
            assert "http" not in text.replace(c.base, "")  # nothing from elsewhere
        async with c.session.get(f"{c.base}/c/{c.room.code}/qr.svg") as page:
            assert page.status == 200 and (await page.text()).startswith("<svg")

    run_class(tmp_path, body)


def test_codes_cannot_be_guessed_quickly(tmp_path):
    async def body(c: Class) -> None:
        statuses = []
        for n in range(40):  # a bounded guesser: over the burst of 30
            async with c.session.get(f"{c.base}/c/AAAA{n:02d}") as page:
                statuses.append(page.status)
        assert statuses[:25] == [404] * 25 and statuses[-1] == 429
        async with c.session.get(f"{c.base}/c/{c.room.code}") as page:
            assert page.status == 200  # the right code still works

    run_class(tmp_path, body)


def test_when_the_class_ends_every_device_is_told_and_nothing_is_left_behind(tmp_path):
    async def body(c: Class) -> None:
        folder = c.room.folder
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        second = ProjectorLink(str(c.room.channel_path))
        assert not await second.connect(timeout=1)  # one projector per class
        await second.close()
        devices = [await c.device(token) for token in TOKENS[:3]]
        c.link.end()
        for device in devices:
            assert (await device.next("state"))["phase"] == "ended"
            assert (await device.closed())[0] == CLASS_ENDED
        assert c.server.students is not None
        await c.server.students.rooms.end(c.room)
        assert not folder.exists()
        late = await c.device(origin=c.base)
        assert (await late.closed())[0] == CLASS_ENDED
        async with c.session.get(f"{c.base}/c/{c.room.code}") as page:
            assert page.status == 410 and "This class has ended" in await page.text()

    run_class(tmp_path, body)


def test_a_projector_message_that_cannot_be_asked_is_ignored(tmp_path):
    async def body(c: Class) -> None:
        device = await c.device(TOKENS[0])
        for bad in ({"type": "open", "decision": "d", "title": "T", "choices": []}, {"type": "nonsense"}, [1]):
            c.link._send(bad)  # noqa: SLF001 - the projector misbehaving, on purpose
        c.link.open_vote("d2", "Then", CHOICES)
        shown = await device.next("state")
        assert shown["decision"]["id"] == "d2"

    run_class(tmp_path, body)


def test_the_terminal_qr_code_is_segnos_code_with_its_light_modules_as_blocks():
    import segno

    from game.serve.qr import qr_blocks

    url = "http://192.168.1.20:8000/c/K7P3QX"
    lines = qr_blocks(url).splitlines()
    light = []
    for line in lines:  # each character is two modules: upper (▀) and lower (▄)
        light.append([ch in "▀█" for ch in line])
        light.append([ch in "▄█" for ch in line])
    matrix = [[not dark for dark in row] for row in segno.make(url, error="m").matrix_iter(scale=1, border=2)]
    assert light[: len(matrix)] == matrix
    assert light[len(matrix) :] == [[True] * len(matrix[0])] * (len(light) - len(matrix))  # a quiet-zone row to pad


def test_the_student_pages_escape_what_they_show_and_load_nothing_from_elsewhere():
    from game.serve.students import _page

    page = _page("join.html", {"message": '<img src=x onerror="alert(1)">', "code": '"><script>', "hidden": ""})
    assert "<img" not in page and "<script>" not in page and "&lt;img" in page
    for name in ("student.html", "join.html", "student.js", "student.css"):
        text = (Path(__file__).parents[2] / "game" / "serve" / "templates" / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, name
    script = (Path(__file__).parents[2] / "game" / "serve" / "templates" / "student.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "textContent" in script  # data is never markup

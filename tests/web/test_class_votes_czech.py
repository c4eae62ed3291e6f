"""The students' voting page in the class's language (issue 20): a Czech server, on 127.0.0.1 only.

The server is :class:`GameServer` with ``--classroom``'s student routes and ``lang="cs"`` (as
``spring68 --lang cs serve --classroom`` makes it); pages are fetched and devices connect with aiohttp.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from game.serve.class_rooms import CLASS_ENDED, ClassRoom
from game.serve.class_server import ClassServer
from game.serve.options import ServeOptions
from game.serve.projector_link import ProjectorLink
from game.serve.server import GameServer
from game.serve.student_words import PAGE_WORDS, SCRIPT_WORDS, StudentWords
from tests.web.conftest import free_port

pytestmark = pytest.mark.timeout(60)
TOKEN = "student-000-0123456789"
ENGLISH_PHRASES = [*PAGE_WORDS.values(), *SCRIPT_WORDS.values()]


class Visible(HTMLParser):
    """A page's visible text, its ``<html lang>`` and its words block, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.text: list[str] = []
        self.words: str | None = None
        self._in_words = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        self._in_words = tag == "script" and dict(attrs).get("id") == "words"
        if self._in_words:
            self.words = ""

    def handle_endtag(self, tag: str) -> None:
        self._in_words = False

    def handle_data(self, data: str) -> None:
        if self._in_words:
            self.words = (self.words or "") + data
        elif data.strip():
            self.text.append(data.strip())


def parsed(html: str) -> Visible:
    page = Visible()
    page.feed(html)
    return page


def run(
    tmp_path: Path, lang: str | None, body: Callable[[str, ClassRoom, aiohttp.ClientSession], Awaitable[None]]
) -> None:
    async def main() -> None:
        port = free_port()
        server = GameServer(ServeOptions(saves=tmp_path, port=port, classroom=True, lang=lang))
        runner = web.AppRunner(server.application())
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        base = f"http://127.0.0.1:{port}"
        assert server.students is not None
        room = await server.students.rooms.new(base)
        session = aiohttp.ClientSession()
        try:
            await asyncio.wait_for(body(base, room, session), 45)
        finally:
            await session.close()
            await runner.cleanup()

    asyncio.run(main())


async def fetch(session: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    async with session.get(url, allow_redirects=False) as response:
        return response.status, await response.text()


def no_english(texts: list[str]) -> None:
    shown = "\n".join(texts)
    left = [phrase for phrase in ENGLISH_PHRASES if phrase in shown and phrase not in ("Class",)]
    assert not left, f"English left on a Czech page: {left}"


def test_a_czech_class_has_czech_join_and_student_pages_and_the_script_s_words_in_czech(tmp_path):
    async def body(base: str, room: ClassRoom, session: aiohttp.ClientSession) -> None:
        status, html = await fetch(session, f"{base}/join")
        join = parsed(html)
        assert status == 200 and join.lang == "cs"
        assert "Připoj se ke třídě" in join.text and "Připojit se" in join.text
        no_english(join.text)

        status, html = await fetch(session, f"{base}/join?code=AAAAAA")
        wrong = parsed(html)
        assert status == 404 and wrong.lang == "cs"
        assert any("Tenhle kód nepatří žádné třídě" in text for text in wrong.text)
        no_english(wrong.text)

        status, html = await fetch(session, f"{base}/c/{room.code}")
        page = parsed(html)
        assert status == 200 and page.lang == "cs"
        assert "Připojuje se ke třídě…" in page.text and "Třída" in page.text
        no_english(page.text)
        assert page.words is not None
        words = json.loads(page.words)
        assert set(words) == set(SCRIPT_WORDS)
        assert words["received"] == "Tvůj hlas je zapsaný. Dokud hlasování neskončí, můžeš ho změnit."
        assert words["closed"] == "Hlasování skončilo. Čeká se na výsledek…"
        assert words["chose"] == "Třída zvolila: {label}"
        assert words["wrong_code"] == "Špatný kód" and words["ended_title"] == "Hodina skončila"
        assert words["reconnecting"] == "znovu se připojuje…"
        no_english(list(words.values()))

    run(tmp_path, "cs", body)


def test_a_czech_class_tells_its_devices_in_czech_a_refused_vote_and_the_end(tmp_path):
    async def body(base: str, room: ClassRoom, session: aiohttp.ClientSession) -> None:
        link = ProjectorLink(str(room.channel_path))
        assert await link.connect()
        socket = await session.ws_connect(f"{base.replace('http', 'ws')}/c/{room.code}/ws")
        await socket.send_json({"type": "hello", "token": TOKEN})
        assert (await asyncio.wait_for(socket.receive_json(), 5))["type"] == "state"
        await socket.send_json({"type": "vote", "decision": "d", "choice": "c"})
        refused = await asyncio.wait_for(socket.receive_json(), 5)
        assert refused == {**refused, "type": "refused", "message": "Právě teď se nehlasuje."}
        ending = asyncio.ensure_future(room.end())  # the device reads while the class ends
        while (message := await asyncio.wait_for(socket.receive(), 5)).type == aiohttp.WSMsgType.TEXT:
            assert json.loads(message.data)["message"] == "Hodina skončila. Díky za tvůj hlas!"
        assert message.type == aiohttp.WSMsgType.CLOSE, message
        assert message.data == CLASS_ENDED and message.extra == "Hodina skončila. Díky za tvůj hlas!"
        await ending
        await link.close()

    run(tmp_path, "cs", body)


def test_an_english_class_is_unchanged_and_its_words_block_is_the_script_s_english(tmp_path):
    async def body(base: str, room: ClassRoom, session: aiohttp.ClientSession) -> None:
        _, html = await fetch(session, f"{base}/join")
        assert '<html lang="en">' in html and "<title>Join the class — Spring '68</title>" in html
        assert '<label for="code">The code on the teacher\'s screen</label>' in html
        _, html = await fetch(session, f"{base}/c/{room.code}")
        page = parsed(html)
        assert page.lang == "en" and "Connecting to the class…" in page.text
        assert json.loads(page.words or "") == SCRIPT_WORDS
        script = (Path(__file__).parents[2] / "game/serve/templates/student.js").read_text(encoding="utf-8")
        for key, english in SCRIPT_WORDS.items():  # the script's fallback is the same English
            assert f"{key}: {json.dumps(english, ensure_ascii=False)}," in script

    run(tmp_path, None, body)


def test_the_words_block_cannot_end_its_script_element_and_close_reasons_stay_whole_characters():
    words = StudentWords("cs")
    block = words.script_data()
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["ended"] == "Hodina skončila."
    reason = words.close_reason("ž" * 100)  # 200 bytes of UTF-8: cut at a whole character
    assert len(reason) <= 123 and reason.decode("utf-8") == "ž" * 61
    evil = StudentWords("cs")
    evil._catalogue.gettext = lambda message: "</script><script>alert(1)</script>&amp;"  # type: ignore[method-assign]
    assert re.search(r"[<>&]", evil.script_data()) is None
    assert json.loads(evil.script_data())["ended"] == "</script><script>alert(1)</script>&amp;"


def test_the_terminal_s_class_server_speaks_the_terminal_s_language(tmp_path):
    from game.i18n import interface

    try:
        interface.set_language("cs")
        assert ClassServer(ServeOptions(saves=tmp_path, classroom=True)).server.students.words.lang == "cs"  # type: ignore[union-attr]
        asked = ClassServer(ServeOptions(saves=tmp_path, classroom=True, lang="en"))
        assert asked.server.students.words.lang == "en"  # type: ignore[union-attr]
    finally:
        interface.set_language("en")
    assert ClassServer(ServeOptions(saves=tmp_path, classroom=True)).server.students.words.lang == "en"  # type: ignore[union-attr]

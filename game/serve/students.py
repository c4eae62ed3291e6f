"""The student side of ``spring68 serve --classroom``: the join page, a class's page, its websocket, its QR code.

Routes (each behind the server's Host guard and security headers):

* ``GET /join`` — type the code; ``/join?code=K7P3QX`` (the form, no script
  needed) goes on to the class's page, or says the code is wrong or the
  class has ended.
* ``GET /c/CODE`` — the class's page: a small script of this repository
  (``templates/student.js``) and its style sheet, nothing from elsewhere
  (a Content-Security-Policy of ``'self'`` only says so to the browser).
* ``GET /c/CODE/ws`` — the page's websocket, from a page of this server only
  (the Origin check of ``origins.py``), handled by :class:`ClassRoom`.
* ``GET /c/CODE/qr.svg`` — the QR code of the class's address.

Unknown codes are counted against one server-wide rate
(``StudentLimits.wrong_code_rate``), so codes cannot be guessed quickly.
"""

from __future__ import annotations

import logging
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from game.serve.class_rooms import CLASS_ENDED, CLASS_FULL, NO_SUCH_CLASS, ClassRoom, ClassRooms, normal_code
from game.serve.limits import StudentLimits
from game.serve.origins import Host
from game.serve.qr import qr_svg
from game.serve.student_words import ENDED, SLOW_DOWN, TOO_MANY_CONNECTIONS, WRONG_CODE, StudentWords

if TYPE_CHECKING:
    from game.serve.server import GameServer

log = logging.getLogger("spring68.serve")

TEMPLATES = Path(__file__).with_name("templates")
STUDENT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The student pages load only this server's script, style and QR code, and connect only to it."""
HEARTBEAT = 20.0
"""Seconds between pings to a device: a phone that locked or left the network is noticed within two."""


@cache
def _asset(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _page(name: str, values: dict[str, str], words: StudentWords | None = None) -> str:
    """A template with the class's words (English by default) and every value escaped into HTML; ``$words`` is
    the script's data block, made safe for a ``<script>`` element by :meth:`StudentWords.script_data` (HTML
    escaping would break its JSON)."""
    from string import Template

    words = words or StudentWords()
    # Every attribute of these templates is in double quotes, so <, >, & and " are all a value must not carry.
    escaped = {key: escape(value, quote=False).replace('"', "&quot;") for key, value in (words.page() | values).items()}
    return Template(_asset(name)).substitute(escaped, words=words.script_data())


class Students:
    """The student routes of one :class:`GameServer`, and its classes."""

    def __init__(self, server: GameServer, limits: StudentLimits | None = None) -> None:
        self.server = server
        self.limits = limits or StudentLimits()
        self.words = StudentWords(server.options.lang)
        """The class's language: the server's ``--lang``, else English."""
        self.rooms = ClassRooms(self.limits, self.words)

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/join", self.join, name="join")
        router.add_get("/student.js", self.script, name="student-script")
        router.add_get("/student.css", self.style, name="student-style")
        router.add_get("/c/{code}", self.class_page, name="student-page")
        router.add_get("/c/{code}/ws", self.socket, name="student-socket")
        router.add_get("/c/{code}/qr.svg", self.qr, name="student-qr")

    def base_url(self, host: Host) -> str:
        """Where students reach this server: ``--public-url``, the network address of ``--host 0.0.0.0``, or
        the address the projector's browser used."""
        from game.serve.server import _where

        options = self.server.options
        if options.public_url or options.host in ("0.0.0.0", "::", ""):
            return _where(options)
        return self.server.policy.page_origin(host)

    # -- pages ---------------------------------------------------------------------------------------------

    def _html(self, text: str, status: int = 200) -> web.Response:
        return web.Response(
            status=status,
            text=text,
            content_type="text/html",
            headers={"Cache-Control": "no-store", "Content-Security-Policy": STUDENT_CSP},
        )

    def _join_page(self, message: str = "", code: str = "", status: int = 200) -> web.Response:
        values = {"message": message, "code": code[:12], "hidden": "" if message else "hidden"}
        page = _page("join.html", values, self.words)
        return self._html(page, status)

    def _find(self, code_text: str) -> ClassRoom | tuple[int, str]:
        """The class with this code, or the HTTP status and the message (in the class's language) for a wrong one."""
        code = normal_code(code_text)
        found = self.rooms.find(code) if code else WRONG_CODE
        if isinstance(found, ClassRoom):
            return found
        if found == WRONG_CODE and not self.rooms.wrong_codes.take():
            return 429, self.words(SLOW_DOWN)
        return (410 if found == ENDED else 404), self.words(found)

    async def join(self, request: web.Request) -> web.StreamResponse:
        typed = request.query.get("code")
        if typed is None:
            return self._join_page()
        found = self._find(typed)
        if isinstance(found, ClassRoom):
            raise web.HTTPSeeOther(f"/c/{found.code}")
        status, message = found
        return self._join_page(message, typed, status)

    async def class_page(self, request: web.Request) -> web.StreamResponse:
        found = self._find(request.match_info["code"])
        if not isinstance(found, ClassRoom):
            status, message = found
            return self._join_page(message, request.match_info["code"], status)
        return self._html(_page("student.html", {"code": found.code}, self.words))

    async def script(self, request: web.Request) -> web.Response:
        return web.Response(
            text=_asset("student.js"), content_type="text/javascript", headers={"Cache-Control": "no-cache"}
        )

    async def style(self, request: web.Request) -> web.Response:
        return web.Response(text=_asset("student.css"), content_type="text/css", headers={"Cache-Control": "no-cache"})

    async def qr(self, request: web.Request) -> web.Response:
        found = self._find(request.match_info["code"])
        if not isinstance(found, ClassRoom):
            return web.Response(status=found[0], text=found[1])
        return web.Response(
            text=qr_svg(found.student_url), content_type="image/svg+xml", headers={"Cache-Control": "no-store"}
        )

    # -- the socket ----------------------------------------------------------------------------------------

    async def socket(self, request: web.Request) -> web.StreamResponse:
        """A device's websocket: from this server's page only, to an open class, within the server's bounds."""
        if not self.server._same_origin(request):
            return web.Response(status=403, text="A class can only be joined from its own page.")
        peer = request.remote or "?"
        found = self._find(request.match_info["code"])
        socket = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=self.limits.max_message_bytes, timeout=2.0, autoping=True
        )
        await socket.prepare(request)
        if not isinstance(found, ClassRoom):
            status, message = found
            code = CLASS_ENDED if status == 410 else NO_SUCH_CLASS
            await socket.close(code=code, message=self.words.close_reason(message))
            return socket
        if len(found.sockets) >= self.limits.max_sockets_per_class or self.rooms.sockets >= self.limits.max_sockets:
            log.warning("class %s: refused a device at %s: too many connections", found.code, peer)
            await socket.close(code=CLASS_FULL, message=self.words.close_reason(TOO_MANY_CONNECTIONS))
            return socket
        await found.student(socket, peer)
        return socket

"""The web server: the game's page, a browser's token, the game's websocket, and textual-serve's static files.

Built on aiohttp with textual-serve's :class:`AppService` running each game
(see ``tabs.py``) and its page script and fonts served as they are. Every
request first passes :meth:`GameServer._guard` (the Host check and a few
headers: no framing by other sites, no sniffing, no referrer). Routes are
added in :meth:`GameServer.application`; a new page (a class vote, say) is
one more ``add_get`` there, and gets the same guard.

Each game's websocket is relayed by ``relay.py``, which checks every message
before the game sees it; the socket itself refuses a message over
``Limits.max_message_bytes`` from its frame header, before reading it.
"""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import textual_serve
from aiohttp import web
from textual_serve.download_manager import DownloadManager

from game.serve import pages
from game.serve.browsers import COOKIE_MAX_AGE, COOKIE_NAME, folder_name, new_token, valid_token
from game.serve.class_rooms import ClassRoom
from game.serve.options import ServeOptions, warning_for
from game.serve.origins import AddressError, Host, parse_host
from game.serve.problems import printable, setup_logging
from game.serve.protocol import clamp_size
from game.serve.relay import Relay
from game.serve.students import Students
from game.serve.tabs import GAME_FAILED, TRY_LATER, GameTab, Tabs, tab_command

log = logging.getLogger("spring68.serve")

STATIC = Path(textual_serve.__file__).resolve().parent / "static"
"""textual-serve's page script (xterm.js and its protocol), CSS and fonts, found as its own ``Server`` finds
them (``statics_path``, relative to its module). If they move, this test fails:
tests/web/test_serve_units.py::test_the_static_files_are_where_the_server_serves_them_from."""
HOST_KEY = web.RequestKey("host", Host)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
HEARTBEAT = 15.0
"""Seconds between pings to a browser: a connection that drops without a word is noticed within two."""
CLOSE_TIMEOUT = 2.0
"""Seconds to wait for a browser to answer our close before its connection is simply dropped."""
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class GameServer:
    """One ``spring68 serve``: its options, its open games, its routes."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.limits = options.limits
        self.policy = options.policy()
        self.tabs = Tabs(options.max_tabs, options.limits)
        self.downloads = DownloadManager()  # AppService needs one; no route serves downloads (the game makes none)
        self.students = Students(self) if options.classroom else None
        """The student pages of ``--classroom``: a join code per projector, votes from devices."""

    def application(self, *, students_only: bool = False) -> web.Application:
        """The routes; ``students_only`` for ``spring68 class``, whose projector is the terminal: no games here."""
        app = web.Application(middlewares=[self._guard], client_max_size=16 * 1024)
        if students_only:
            app.router.add_get("/", self.to_join, name="index")
        else:
            app.router.add_get("/", self.index, name="index")
            app.router.add_post("/session", self.session, name="session")
            app.router.add_get("/ws", self.websocket, name="websocket")
            app.router.add_static("/static", STATIC, show_index=False, follow_symlinks=False, name="static")
        if self.students is not None:
            self.students.add_routes(app.router)
        app.on_shutdown.append(self._shutdown)
        return app

    async def to_join(self, request: web.Request) -> web.Response:
        raise web.HTTPSeeOther("/join")

    # -- every request -------------------------------------------------------------------------------------------

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = parse_host(request.headers.get("Host"))
        refusal = self.policy.host_refusal(host)
        if refusal is not None or host is None:
            log.warning("refused a request from %s: %s", request.remote, refusal)
            response: web.StreamResponse = self._notice(421, "Wrong address", refusal or "")
        else:
            request[HOST_KEY] = host
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                exc.headers.update(SECURITY_HEADERS)
                raise
        if not response.prepared:
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)  # a page's own, stricter policy (students.py) stays
        return response

    @staticmethod
    def _notice(status: int, heading: str, message: str) -> web.Response:
        return web.Response(
            status=status,
            text=pages.notice_page(heading=heading, message=message),
            content_type="text/html",
            headers={"Cache-Control": "no-store"},
        )

    @staticmethod
    def _browser(request: web.Request) -> str | None:
        token = request.cookies.get(COOKIE_NAME)
        return folder_name(token) if token is not None and valid_token(token) else None

    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if self.policy.origin_allowed(origin, request[HOST_KEY]):
            return True
        log.warning("refused a request from %s: it came from a page on %s", request.remote, printable(origin, 80))
        return False

    # -- the routes ----------------------------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.Response:
        """The game's page; when the server is full, a page that says so."""
        if self.tabs.full_for(self._browser(request)):
            return self._notice(503, "The game is full", self.tabs.full_reason())
        host = request[HOST_KEY]
        page = pages.game_page(
            title=self.options.title,
            static_url="/static/",
            websocket_url=self.policy.websocket_url(host, "/ws"),
            session_url="/session",
            size=pages.font_size(request.query.get("fontsize")),
        )
        return web.Response(text=page, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def session(self, request: web.Request) -> web.Response:
        """Give this browser its token (a cookie), or keep the one it has: called by the game's page."""
        if not self._same_origin(request):
            return web.Response(status=403, text="This game can only be opened from its own page.")
        token = request.cookies.get(COOKIE_NAME)
        if token is None or not valid_token(token):
            token = new_token()
        response = web.Response(status=204, headers={"Cache-Control": "no-store"})
        response.set_cookie(
            COOKIE_NAME,
            token,
            max_age=COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.policy.scheme == "https",
        )
        return response

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        """A browser's game: checked, started (taking over this browser's older tab), relayed, ended."""
        if not self._same_origin(request):
            return web.Response(status=403, text="This game can only be opened from its own page.")
        token = request.cookies.get(COOKIE_NAME)
        if token is None or not valid_token(token):
            return web.Response(status=403, text="This browser has no game token yet: open the game's page.")
        browser = folder_name(token)
        peer = request.remote or "?"
        width, height = clamp_size(
            _number(request.query.get("width"), 80), _number(request.query.get("height"), 24), self.limits
        )
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=self.limits.max_message_bytes, timeout=CLOSE_TIMEOUT
        )
        await websocket.prepare(request)
        room = None
        if self.students is not None:
            try:
                room = await self.students.rooms.new(self.students.base_url(request[HOST_KEY]))
                log.info("opened class %s for browser %s (students: %s)", room.code, browser, room.student_url)
            except OSError as exc:
                log.error("could not open a class for %s: %s", peer, exc.strerror or exc)
        try:
            return await self._play(browser, peer, websocket, width, height, room)
        finally:
            if room is not None and self.students is not None:
                await self.students.rooms.end(room)

    async def _play(
        self,
        browser: str,
        peer: str,
        websocket: web.WebSocketResponse,
        width: int,
        height: int,
        room: ClassRoom | None,
    ) -> web.WebSocketResponse:
        channel = ("--class-channel", str(room.channel_path)) if room is not None else ()
        try:
            opened = await self.tabs.open(
                browser, lambda: self._make_tab(browser, peer, websocket, channel), width, height
            )
        except OSError as exc:
            log.error("could not start a game for %s: %s", peer, exc.strerror or exc)
            await websocket.close(code=GAME_FAILED, message=b"The server could not start a game. Try again later.")
            return websocket
        if isinstance(opened, str):
            log.warning("did not start a game for %s: %s", peer, opened)
            await websocket.close(code=TRY_LATER, message=opened.encode("utf-8")[:123])
            return websocket
        tab = opened
        log.info("started a game for browser %s at %s (pid %s; %d open)", browser, peer, tab.pid, len(self.tabs))
        try:
            await Relay(self.limits, tab).run()
        except Exception:
            log.exception("a game tab of %s failed", peer)
            await tab.close_socket(GAME_FAILED, "The game server had a problem. Reload the page: your game is saved.")
        finally:
            await self.tabs.close(tab)
            log.info("ended the game of browser %s (%d open)", browser, len(self.tabs))
        return websocket

    def _make_tab(
        self, browser: str, peer: str, websocket: web.WebSocketResponse, channel: tuple[str, ...] = ()
    ) -> GameTab:
        options = self.options
        options.log_file.parent.mkdir(parents=True, exist_ok=True)  # the game's stderr is appended there
        command = tab_command(
            browser,
            list(options.packs),
            str(options.saves),
            options.log_file,
            (*options.game_options(), *channel),
            lang=options.lang,
        )
        return GameTab(
            command,
            browser=browser,
            peer=peer,
            websocket=websocket,
            download_manager=self.downloads,
            limits=self.limits,
        )

    async def _shutdown(self, app: web.Application) -> None:
        if self.students is not None:
            await self.students.rooms.end_all()
        await self.tabs.close_all()


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _lan_address() -> str | None:
    """This computer's address on its network, for the line that tells the teacher what pupils should open."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address; a UDP connect sends nothing
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def _where(options: ServeOptions) -> str:
    if options.public_url:
        return options.public_url
    host = options.host
    if host in ("0.0.0.0", "::", ""):
        found = _lan_address()
        return f"http://{found or 'THIS-COMPUTERS-ADDRESS'}:{options.port}"
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{options.port}"


def serve(options: ServeOptions) -> int:
    """Run the server until Ctrl+C; 2 when it cannot start (a bad option, a port in use)."""
    try:
        server = GameServer(options)
    except AddressError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    try:
        setup_logging(options.log_file)
    except OSError as exc:
        print(f"spring68: cannot write the log file {options.log_file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    warning = warning_for(options.host)
    if warning:
        print(warning, file=sys.stderr)
    print(
        f"Spring '68 is at {_where(options)} — each browser keeps its own game (at most {options.max_tabs} at once). "
        "Ctrl+C stops the server.",
        file=sys.stderr,
    )
    if options.classroom:
        print(
            f"Students vote from their own devices at {_where(options)}/join, with the code the projector's "
            "class vote shows." + ("" if warning else " (Only on this computer: --host 0.0.0.0 lets the class in.)"),
            file=sys.stderr,
        )
    print(f"Problems are shown here in one line each; the details go to {options.log_file}", file=sys.stderr)
    log.info("serving on %s:%s, saves in %s", options.host, options.port, options.saves)
    try:
        web.run_app(
            server.application(),
            host=options.host,
            port=options.port,
            print=None,
            access_log=None,
            shutdown_timeout=5.0,
        )
    except OSError as exc:
        print(f"spring68: cannot listen on {options.host}:{options.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0

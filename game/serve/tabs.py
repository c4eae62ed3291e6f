"""The open games: one game process per browser, ended when its socket closes, and at most ``--max-tabs``.

Each tab is a ``spring68 play --web-tab BROWSER`` process run by
textual-serve's :class:`AppService`. Three things are added here:

* **The process ends with its socket.** textual-serve's own stop asks the
  game to quit and then waits for it, however long that takes: after a key
  flood, a minute. Here the game finishes what its last keys started, is
  sent its own quit key (which waits for the autosave in flight), and gets
  ``Limits.quit_grace`` to go; then it is killed. Its output is read to the
  end meanwhile, or it would block on a full pipe and never get to save.
  A kill costs at most the choice of that last instant: every save is
  atomic (docs/security.md, "a kill -9 at any moment").
* **One game per browser.** A second tab of the same browser, or the same
  tab reloaded, takes the game over: the older tab is closed with
  :data:`TAKEN_OVER` and its process ends before the new one starts on the
  same save folder, so two processes never write one folder's autosave.
* **A bound on the whole server**: at most ``max_tabs`` game processes, and
  new ones started at most ``Limits.start_rate`` a second.

The game's stderr goes to the server's log file (see ``tab_command``). Of
the messages a game sends its page, only ``exit`` and ``open_url`` with an
``http(s)`` link are passed on: the game delivers no files, and the server
serves no downloads.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shlex
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from game.serve.limits import Limits, TokenBucket
from game.serve.problems import printable

log = logging.getLogger("spring68.serve")

CLOSED_BY_GAME = 1000
SERVER_STOPPING = 1001
TOO_FAST = 1008
NOT_UNDERSTOOD = 1008
GAME_FAILED = 1011
TRY_LATER = 1013
TAKEN_OVER = 4001
"""Close codes (RFC 6455; 4000–4999 are the application's own)."""

QUIT_KEY = b"\x11"
"""Ctrl+Q, the game's own quit key (``Spring68App.BINDINGS``), which quits once the autosave in flight is
written; textual-serve's ``quit`` message exits at once and can lose the choice made just before the page
went (tests/web/test_serve_attacks.py::test_a_choice_made_just_before_the_tab_closes_is_kept)."""
QUIET = 0.25
QUIET_LIMIT = 1.0

REASON_TAKEN_OVER = "This game is now open in another tab or window of this browser."
REASON_GAME_QUIT = "You left the game. Reload the page to play again: your game is saved."
REASON_GAME_FAILED = "The game stopped unexpectedly. Reload the page: your game is saved."
REASON_STOPPING = "The game server has stopped."


def tab_command(
    browser: str,
    packs: list[str] | None,
    saves: str,
    log_file: Path,
    game_options: Sequence[str] = (),
    lang: str | None = None,
) -> str:
    """The shell command of one browser's game.

    ``exec`` makes the game itself the process textual-serve started (not a
    shell around it), so ending that process ends the game; its stderr
    (a crash's traceback) is appended to the server's log instead of the
    teacher's terminal. POSIX shells only, like the rest of ``serve``.
    """
    parts = [sys.executable, "-m", "game", *(("--lang", lang) if lang else ()), "play", "--web-tab", browser]
    for pack in packs or []:
        parts += ["--pack", pack]
    parts += ["--saves", saves, *game_options]  # classroom mode's options, checked by the server's command line
    return "exec " + " ".join(shlex.quote(p) for p in parts) + " 2>>" + shlex.quote(str(log_file))


class GameTab(AppService):
    """One browser's game process, tied to its websocket."""

    def __init__(
        self,
        command: str,
        *,
        browser: str,
        peer: str,
        websocket: web.WebSocketResponse,
        download_manager: DownloadManager,
        limits: Limits,
    ) -> None:
        super().__init__(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=self._game_left,
            download_manager=download_manager,
        )
        self.browser = browser
        self.peer = peer
        self.websocket = websocket
        self.limits = limits
        self._ending = False
        self._ended = asyncio.Event()
        self._reader_done = asyncio.Event()
        self._started = False
        self._drawn = False
        """Whether the game has drawn its first frame: before that it has nothing to save, and is killed at once."""
        self._last_activity = 0.0
        """When the game last got input or drew (the event loop's clock)."""

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        # textual-serve keeps the game's process in a private attribute and has no public way to
        # reach it, but only a process can be killed. tests/web/test_serve_units.py::
        # test_textual_serve_keeps_the_game_process_where_the_server_looks fails if that changes.
        return self._process

    @property
    def pid(self) -> int | None:
        process = self.process
        return process.pid if process is not None else None

    async def start(self, width: int, height: int) -> None:
        if self._ending:
            return  # ended before it began (taken over, or the server is stopping)
        self._started = True
        await super().start(width, height)
        process = self.process
        if self._ending and process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()  # ended while its process was being made: it must not outlive the server

    async def close_socket(self, code: int, reason: str) -> None:
        """Close the browser's socket with a reason its page shows (at most 123 bytes, as RFC 6455 allows)."""
        with contextlib.suppress(Exception):
            await self.websocket.close(code=code, message=reason.encode("utf-8")[:123])

    async def _game_left(self) -> None:
        """The game quit by itself (the player chose Quit)."""
        await self.close_socket(CLOSED_BY_GAME, REASON_GAME_QUIT)

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            self._reader_done.set()
            if not self._ending and not self.websocket.closed:
                await self._stopped_by_itself()  # else the socket's handler is ending this tab

    async def _stopped_by_itself(self) -> None:
        process = self.process
        code = None
        if process is not None:
            with contextlib.suppress(TimeoutError):
                code = await asyncio.wait_for(process.wait(), 2.0)
        if self._ending:
            return
        if code not in (0, None):
            log.error("a game (browser %s) ended with exit code %s; its error is in the log file", self.browser, code)
        await self.close_socket(
            GAME_FAILED if code else CLOSED_BY_GAME, REASON_GAME_FAILED if code else REASON_GAME_QUIT
        )

    async def send_bytes(self, data: bytes) -> bool:
        self._last_activity = asyncio.get_running_loop().time()
        return await super().send_bytes(data)

    async def on_data(self, payload: bytes) -> None:
        self._drawn = True
        self._last_activity = asyncio.get_running_loop().time()
        if self.websocket.closed:
            return  # the page has gone; go on reading, or the game would block on a full pipe and never save
        with contextlib.suppress(ConnectionResetError):  # the page went while this frame was on its way
            await super().on_data(payload)

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if not isinstance(meta, dict):
            return
        kind = meta.get("type")
        url = meta.get("url")
        if kind == "exit" or (kind == "open_url" and isinstance(url, str) and url.startswith(("http://", "https://"))):
            with contextlib.suppress(ConnectionResetError):  # the page has gone
                await super().on_meta(data)
        else:
            log.info("ignored a %s message from a game (browser %s)", printable(kind, 40), self.browser)

    async def send_within(self, sending: Awaitable[object]) -> bool:
        """Hand input to the game; False when it has not taken it within ``Limits.input_stall``."""
        try:
            result = await asyncio.wait_for(sending, self.limits.input_stall)
        except TimeoutError:
            return False
        return result is not False

    async def end(self) -> None:
        """End the game: ask it to quit, kill it if it is still there after the grace period. Idempotent."""
        if self._ending:
            await self._ended.wait()
            return
        self._ending = True
        try:
            process = self.process
            if process is not None:
                if process.returncode is None:
                    if self._drawn:  # a game that is still starting has nothing to save, and may not quit cleanly
                        await self._until_quiet()
                        with contextlib.suppress(Exception):
                            await asyncio.wait_for(self.send_bytes(QUIT_KEY), 0.2)
                    if not self._drawn or not await _exits_within(process, self.limits.quit_grace):
                        with contextlib.suppress(ProcessLookupError):
                            process.kill()
                        if self._drawn:
                            log.info("killed the game of browser %s: it had not quit in time", self.browser)
                await self._reap(process)
        finally:
            self._ended.set()

    async def _until_quiet(self) -> None:
        """Let the game finish what its last keys started (a choice, and the autosave it begins) before it quits.

        The game takes its quit key at once, ahead of a choice still on its way through its widgets, so
        the quit waits until the game has had no input and drawn nothing for ``QUIET`` seconds (at most
        ``QUIET_LIMIT``): by then a choice made just before the page went is made, and its save begun.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + QUIET_LIMIT
        while loop.time() < deadline and loop.time() - self._last_activity < QUIET:
            await asyncio.sleep(0.05)

    async def _reap(self, process: asyncio.subprocess.Process) -> None:
        """Collect an ended game's exit and pipes, within a few seconds whatever happens."""
        if self._started:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reader_done.wait(), 2.0)
        if self._reader_done.is_set() and process.stdout is not None:
            # textual-serve's reader may have stopped early (at an error passing a message on), and asyncio
            # reports the exit only once the pipe is read to its end: read the rest away.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(_discard(process.stdout), 2.0)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), 2.0)


async def _exits_within(process: asyncio.subprocess.Process, seconds: float) -> bool:
    """Whether the process ends within ``seconds`` (its return code, which asyncio sets before the pipes close)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while process.returncode is None and loop.time() < deadline:
        await asyncio.sleep(0.05)
    return process.returncode is not None


async def _discard(stream: asyncio.StreamReader) -> None:
    while await stream.read(65536):
        pass


class Tabs:
    """Every game process of the server, by browser."""

    def __init__(self, max_tabs: int, limits: Limits) -> None:
        self.max_tabs = max_tabs
        self.limits = limits
        self._by_browser: dict[str, GameTab] = {}
        self._live: set[GameTab] = set()
        """Every tab whose process may still run (closing ones too): what the limit counts."""
        self._locks: dict[str, asyncio.Lock] = {}
        self._lock_users: dict[str, int] = {}
        self._starts = TokenBucket(limits.start_rate, limits.start_burst)

    def __len__(self) -> int:
        return len(self._live)

    def full_for(self, browser: str | None) -> bool:
        """No room for this browser: the server is full and it has no game to take over."""
        return len(self._live) >= self.max_tabs and (browser is None or browser not in self._by_browser)

    def full_reason(self) -> str:
        return f"The game server is full: {self.max_tabs} games are open. Try again when someone closes a tab."

    async def open(self, browser: str, make: Callable[[], GameTab], width: int, height: int) -> GameTab | str:
        """A new game for ``browser``, started, after its older one has ended; or the reason there is none.

        The older game ends and the new one starts under the browser's lock, so a take-over never meets
        a game that is still being started.
        """
        lock = self._locks.setdefault(browser, asyncio.Lock())
        self._lock_users[browser] = self._lock_users.get(browser, 0) + 1
        try:
            async with lock:
                older = self._by_browser.get(browser)
                if older is None and len(self._live) >= self.max_tabs:
                    return self.full_reason()
                if not self._starts.take():
                    return "The game server is starting many games at once. Reload the page in a few seconds."
                if older is not None:
                    await older.close_socket(TAKEN_OVER, REASON_TAKEN_OVER)
                    await self.close(older)
                tab = make()
                self._live.add(tab)
                self._by_browser[browser] = tab
                try:
                    await tab.start(width, height)
                except BaseException:
                    await self.close(tab)
                    raise
                return tab
        finally:
            self._lock_users[browser] -= 1
            if not self._lock_users[browser]:
                del self._lock_users[browser]
                del self._locks[browser]

    async def close(self, tab: GameTab) -> None:
        """End the tab's game and forget it (safe to call more than once)."""
        try:
            await tab.end()
        finally:
            self._live.discard(tab)
            if self._by_browser.get(tab.browser) is tab:
                del self._by_browser[tab.browser]

    async def close_all(self) -> None:
        """The server is stopping: close every socket and end every game."""

        async def stop(tab: GameTab) -> None:
            await tab.close_socket(SERVER_STOPPING, REASON_STOPPING)
            await self.close(tab)

        await asyncio.gather(*(stop(tab) for tab in list(self._live)), return_exceptions=True)

"""A bounded attack on a real ``spring68 serve`` over loopback, as issue #12 found it and then some.

One server (the tiny test pack, at most two tabs) serves the whole module;
each test leaves no game running behind it. Every attack is bounded: a few
thousand messages at most, deadlines on every wait, 127.0.0.1 only. What is
checked is what a pupil or a teacher would see: the close code and reason a
page gets, whether the game process is gone, what the terminal and the log
say, and the save folder.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from game.serve.browsers import COOKIE_NAME, SETTINGS_FILE
from game.serve.limits import Limits
from tests.web.client import open_tab, session
from tests.web.conftest import Served, alive, cookie, new_token, start_server, stop_server, wait_until

MAX_TABS = 2
pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = start_server(tmp_path_factory.mktemp("serve"), "--max-tabs", str(MAX_TABS))
    try:
        yield served
    finally:
        stop_server(served)


@pytest.fixture
def served(shared: Served) -> Iterator[Served]:
    shared.wait_for_no_games()  # what an earlier test left is gone before this one starts
    assert shared.process.poll() is None, "the server died"
    yield shared
    shared.wait_for_no_games()


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)


def run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(coroutine)


# -- who may connect -------------------------------------------------------------------------------------------------


def test_a_page_on_another_site_cannot_open_a_game(served: Served) -> None:
    async def attack() -> list[int]:
        statuses = []
        async with session() as client:
            for origin in ("http://evil.example", "null", f"http://localhost:{served.port}", "https://127.0.0.1"):
                try:
                    await open_tab(client, served.url, new_token(), origin=origin, drawn=False)
                except aiohttp.WSServerHandshakeError as error:
                    statuses.append(error.status)
            tab = await open_tab(client, served.url, new_token(), origin=served.url)  # the server's own page
            await tab.close()
        return statuses

    assert run(attack()) == [403, 403, 403, 403]
    assert "came from a page on http://evil.example" in served.log_text()
    # nor can another site's page hand this browser a token of its choosing
    status, _, headers = get(f"{served.url}/session", {"Origin": "http://evil.example"}, method="POST")
    assert status == 403 and "Set-Cookie" not in headers


def test_without_a_token_there_is_no_game_and_a_bad_token_never_becomes_a_path(served: Served) -> None:
    async def attack() -> list[int]:
        statuses = []
        async with session() as client:
            for value in (None, "../../../../tmp/x", "A" * 42, "A" * 44, "é" * 43, "..%2F" * 9):
                headers = {"Cookie": f"{COOKIE_NAME}={value}"} if value is not None else {}
                try:
                    await client.ws_connect(f"{served.url}/ws", headers=headers)
                except aiohttp.WSServerHandshakeError as error:
                    statuses.append(error.status)
        return statuses

    before = sorted(p.name for p in (served.saves / "web").iterdir())
    assert run(attack()) == [403] * 6
    assert not served.games()
    assert sorted(p.name for p in (served.saves / "web").iterdir()) == before


def test_the_page_hands_out_a_strict_httponly_token_and_keeps_a_good_one(served: Served) -> None:
    status, _, headers = get(f"{served.url}/session", {"Origin": served.url}, method="POST")
    assert status == 204
    given = headers["Set-Cookie"]
    token = re.search(rf"{COOKIE_NAME}=([A-Za-z0-9_-]+)", given)
    assert token and len(token[1]) == 43
    assert "HttpOnly" in given and "SameSite=Strict" in given and "Path=/" in given
    again = get(f"{served.url}/session", {"Origin": served.url, **cookie(token[1])}, method="POST")[2]
    assert f"{COOKIE_NAME}={token[1]}" in again["Set-Cookie"]  # the same token, its expiry renewed


def test_a_name_pointed_at_the_server_is_refused(served: Served) -> None:
    """DNS rebinding: a site points its own name at this server; the browser then sends that name as Host."""
    for host in ("evil.example", f"evil.example:{served.port}", '"><script>alert(1)</script>', "a b"):
        status, body, _ = get(f"{served.url}/", {"Host": host})
        assert status in (400, 421)
        assert "<script>alert" not in body
    status, body, _ = get(f"{served.url}/", {"Host": f"evil.example:{served.port}"})
    assert "does not answer to the name evil.example" in body and "--public-url" in body


def test_the_page_sends_browsers_to_the_address_they_used(served: Served) -> None:
    """With --host 0.0.0.0, a pupil's browser uses the teacher's LAN address: the websocket must use it too."""
    status, body, headers = get(f"{served.url}/", {"Host": f"192.0.2.7:{served.port}"})
    assert status == 200
    assert f'data-session-websocket-url="ws://192.0.2.7:{served.port}/ws"' in body
    assert "0.0.0.0" not in body
    assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, body, _ = get(f"{served.url}/", {"Host": f"[::1]:{served.port}"})
    assert status == 200 and f"ws://[::1]:{served.port}/ws" in body


def test_static_files_are_served_but_never_listed(served: Served) -> None:
    assert get(f"{served.url}/static/js/textual.js")[0] == 200  # textual-serve's page script, where we look for it
    for path in ("/static/", "/static/js/", "/static/fonts", "/static/../server.py", "/static/%2e%2e/server.py"):
        status, body, _ = get(f"{served.url}{path}")
        assert status in (403, 404), path
        assert "textual.js" not in body and "Index of" not in body and "RobotoMono" not in body


# -- what a tab may send ---------------------------------------------------------------------------------------------


def test_an_oversized_message_closes_the_tab_and_its_game_ends(served: Served) -> None:
    token = new_token()

    async def attack() -> tuple[int | None, int | None]:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            pid = served.game_of(token)
            await tab.websocket.send_str(json.dumps(["stdin", "x" * 1_000_000]))  # issue #12: 2.4 GB, full CPU
            await tab.until_closed(10)
            return tab.close_code, pid

    code, pid = run(attack())
    assert code == 1009  # "message too big", refused from the frame's header
    assert pid is not None
    wait_until(lambda: not alive(pid), 5, "the game of the closed tab to end")
    assert "exceeds limit 4096" in served.log_text()


def test_a_key_flood_closes_the_tab_and_its_game_ends_at_once(served: Served) -> None:
    token = new_token()
    flood = Limits().message_burst * 10

    async def attack() -> tuple[int | None, str, int | None]:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            pid = served.game_of(token)
            message = json.dumps(["stdin", "?"])  # ? opens the help screen: one of the dearest keys there is
            for _ in range(int(flood)):
                try:
                    await tab.websocket.send_str(message)
                except ConnectionResetError:
                    break
            await tab.until_closed(10)
            return tab.close_code, tab.close_reason, pid

    code, reason, pid = run(attack())
    assert code == 1008 and "faster than anyone types" in reason
    assert pid is not None
    # issue #12: after a 20,000-key flood the game stayed busy for a minute; now it is ended within its grace
    wait_until(lambda: not alive(pid), 5, "the flooded game to end")
    assert "it sent too many messages a second" in served.log_text()


def test_held_keys_beyond_the_rate_are_dropped_not_queued(served: Served) -> None:
    token = new_token()
    limits = Limits()
    sent = int(limits.message_burst) - 50  # under the hard limit: a key held down, or a script that stays polite

    async def press_many() -> bool:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            for _ in range(sent):
                await tab.press("?")
            await tab.settle(0.5, 5)
            open_after = not tab.closed
            await tab.close()
            return open_after

    assert run(press_many())
    served.wait_for_no_games()
    dropped = re.search(r"dropped (\d+) key presses", served.log_text())
    assert dropped, served.log_text()[-500:]
    # the game got at most the burst and what the rate refilled meanwhile, never the whole queue
    assert int(dropped[1]) >= sent - limits.key_burst - limits.key_rate * 5


def test_a_malformed_message_closes_the_tab_in_one_line_without_a_traceback(served: Served) -> None:
    token = new_token()
    bad = [
        "not json at all",
        '["stdin"]',
        '{"type": 12}',
        '["resize", {"width": "wide", "height": 3}]',
        '["\\u001b[2J"]',
    ]

    since = len(served.log_text())
    lines_before = len(served.terminal_lines())

    async def attack() -> list[tuple[int | None, str]]:
        closes = []
        async with session() as client:
            for message in bad:
                tab = await open_tab(client, served.url, token)
                await tab.websocket.send_str(message)
                await tab.until_closed(15)
                closes.append((tab.close_code, tab.close_reason))
            tab = await open_tab(client, served.url, token)
            await tab.websocket.send_bytes(b"\x00\xff\x01\x02")
            await tab.until_closed(15)
            closes.append((tab.close_code, tab.close_reason))
        return closes

    closes = run(attack())
    assert [code for code, _ in closes] == [1008] * (len(bad) + 1)
    assert all("does not understand" in reason for _, reason in closes)
    served.wait_for_no_games()
    log = served.log_text(since)
    assert "it sent a message that is not JSON" in log and "it sent binary data" in log
    assert "Traceback" not in log and "\x1b" not in log  # no traceback, no locals, no escape sequence from a client
    terminal = served.terminal_lines()[lines_before:]
    assert len(terminal) == len(bad) + 1  # one line each, and nothing else
    assert all(
        line.startswith(f"spring68 serve: closed the tab of 127.0.0.1 (browser {_name(token)})") for line in terminal
    )


def _name(token: str) -> str:
    from game.serve.browsers import folder_name

    return folder_name(token)


# -- what a tab leaves behind ----------------------------------------------------------------------------------------


def test_a_closed_tab_ends_its_game(served: Served) -> None:
    token = new_token()

    async def open_and_close() -> int | None:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            pid = served.game_of(token)
            await tab.close()
            return pid

    pid = run(open_and_close())
    assert pid is not None
    wait_until(lambda: not alive(pid), 5, "the game of the closed tab to end")


def test_a_dropped_connection_ends_its_game(served: Served) -> None:
    """The network goes away: no close frame, just a socket that ends."""
    token = new_token()
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as raw:
        raw.sendall(
            (
                "GET /ws?width=80&height=24 HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{served.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                f"Cookie: {COOKIE_NAME}={token}\r\n\r\n"
            ).encode()
        )
        assert raw.recv(4096).startswith(b"HTTP/1.1 101")
        pid = wait_until(lambda: served.game_of(token), 10, "the game to start")
    wait_until(lambda: not alive(pid), 8, "the game of the dropped connection to end")


def test_the_game_quitting_closes_its_page_with_a_reason(served: Served) -> None:
    token = new_token()

    async def quit_game() -> tuple[int | None, str]:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            await tab.press("q")  # Quit, on the title screen
            await tab.until_closed(15)
            return tab.close_code, tab.close_reason

    code, reason = run(quit_game())
    assert code == 1000 and "your game is saved" in reason


# -- a browser keeps its game ----------------------------------------------------------------------------------------


def test_a_reload_comes_back_to_the_same_game(served: Served) -> None:
    token = new_token()

    async def play_reload_continue() -> tuple[str, str]:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            await tab.press("1")  # new game as the first role
            assert await tab.until("Be brave"), tab.text[-300:]
            await tab.press("\r")  # its first choice
            assert await tab.until("The middle")
            await tab.close()  # the reload: the page goes, its socket with it
            again = await open_tab(client, served.url, token)
            title = again.text
            assert "Continue the last game" in title, title
            await again.press("\r")  # Enter picks Continue, which the menu has chosen
            assert await again.until("Sign"), (title[-700:], again.text[-300:], served.autosave(token))
            await again.close()
            return title, again.text

    title, resumed = run(play_reload_continue())
    assert "Continue the last game" in title and "The middle" in title
    assert "The middle of things" in resumed and "Refuse" in resumed  # the saved scene, with its choices
    save = served.autosave(token)
    assert save is not None and save["state"]["scene"] == "a_middle" and len(save["state"]["log"]) == 1
    assert [p.name for p in served.folder_of(token).parent.iterdir() if p.is_dir()].count(_name(token)) == 1


def test_a_second_tab_of_the_same_browser_takes_the_game_over(served: Served) -> None:
    token = new_token()

    async def two_tabs() -> tuple[int | None, str, int | None, int | None, bool]:
        async with session() as client:
            first = await open_tab(client, served.url, token)
            first_pid = served.game_of(token)
            second = await open_tab(client, served.url, token)
            await first.until_closed(10)
            second_pid = served.game_of(token)
            await second.press("1")
            plays = await second.until("Be brave")
            await second.close()
            return first.close_code, first.close_reason, first_pid, second_pid, plays

    code, reason, first_pid, second_pid, plays = run(two_tabs())
    assert code == 4001 and "another tab" in reason
    assert first_pid is not None and second_pid is not None and first_pid != second_pid
    assert not alive(first_pid)  # ended before the second started: never two games on one folder
    assert plays


def test_each_browser_keeps_its_own_settings(served: Served) -> None:
    first, second = new_token(), new_token()

    async def change_theme() -> None:
        async with session() as client:
            tab = await open_tab(client, served.url, first)
            await tab.press("\x1bOR")  # F3: high contrast
            await tab.settle(1.0, 5)
            await tab.close()
            other = await open_tab(client, served.url, second)
            await other.close()

    run(change_theme())
    served.wait_for_no_games()
    settings = json.loads((served.folder_of(first) / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert settings["theme"] == "spring68-high-contrast"
    assert not (served.folder_of(second) / SETTINGS_FILE).exists()
    assert not (served.saves / "web" / "spring68-settings.json").exists()  # no file shared by every browser


# -- the whole server ------------------------------------------------------------------------------------------------


def test_the_tab_limit_says_the_game_is_full(served: Served) -> None:
    tokens = [new_token() for _ in range(MAX_TABS + 1)]

    async def fill() -> tuple[int | None, str, int, str, int, bool]:
        async with session() as client:
            tabs = [await open_tab(client, served.url, token) for token in tokens[:MAX_TABS]]
            extra = await open_tab(client, served.url, tokens[-1], drawn=False)
            await extra.until_closed(10)
            status_new, page, _ = await asyncio.to_thread(get, f"{served.url}/")
            status_reload = (await asyncio.to_thread(get, f"{served.url}/", cookie(tokens[0])))[0]
            await tabs[0].close()
            ended = f"ended the game of browser {_name(tokens[0])}"
            wait = await asyncio.to_thread(wait_until, lambda: ended in served.log_text(), 10, "the first game to end")
            later = await open_tab(client, served.url, tokens[-1])
            plays = not later.closed
            for tab in (*tabs[1:], later):
                await tab.close()
            return extra.close_code, extra.close_reason, status_new, page, status_reload, plays and bool(wait)

    code, reason, status_new, page, status_reload, plays = run(fill())
    assert code == 1013 and f"full: {MAX_TABS} games are open" in reason
    assert status_new == 503 and "The game is full" in page
    assert status_reload == 200  # a browser that has a game may still reload its page
    assert plays  # and once a tab closes, there is room again


def test_stopping_the_server_ends_every_game(tmp_path: Path) -> None:
    served = start_server(tmp_path)
    token = new_token()
    pids = []

    async def open_one() -> None:
        async with session() as client:
            await open_tab(client, served.url, token)
            pids.append(served.game_of(token))
            await asyncio.to_thread(stop_server, served)  # Ctrl+C with the tab still open

    try:
        run(open_one())
    finally:
        stop_server(served)
    assert pids[0] is not None and served.process.returncode == 0
    wait_until(lambda: not alive(pids[0]), 5, "the game to end with its server")


def test_a_choice_made_just_before_the_tab_closes_is_kept(served: Served) -> None:
    """The page goes (a reload, a closed lid) the instant after a choice: the game saves it before it ends."""
    tokens = [new_token() for _ in range(3)]

    async def choose_and_vanish(token: str) -> int | None:
        async with session() as client:
            tab = await open_tab(client, served.url, token)
            await tab.press("1")  # new game as the first role
            assert await tab.until("Be brave"), tab.text[-300:]
            pid = served.game_of(token)
            await tab.press("\r")  # its first choice, and at once the socket goes
            await tab.close()
            return pid

    for token in tokens:
        pid = run(choose_and_vanish(token))
        assert pid is not None
        wait_until(lambda: not alive(pid), 10, "the game to end")  # noqa: B023 - used at once
        save = served.autosave(token)
        assert save is not None and len(save["state"]["log"]) == 1, save and save["state"]

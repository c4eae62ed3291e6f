"""The server's parts, one at a time: limits, the message checks, the address checks, tokens, pages, the log.

These run in process and fast; test_serve_attacks.py sends the same attacks
to a real server.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import shlex
import sys

import pytest

from game.serve.browsers import (
    browser_folder,
    folder_name,
    new_token,
    settings_file,
    valid_folder_name,
    valid_token,
)
from game.serve.limits import Limits, TokenBucket
from game.serve.origins import AddressError, OriginPolicy, parse_host
from game.serve.pages import font_size, game_page, notice_page
from game.serve.problems import printable, setup_logging
from game.serve.protocol import Focus, Keys, Ping, ProtocolError, Resize, parse_message
from game.serve.tabs import GameTab, tab_command
from game.tui.settings import SETTINGS_ENV, settings_path

LIMITS = Limits()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# -- limits ----------------------------------------------------------------------------------------------------------


def test_a_token_bucket_allows_a_burst_then_its_rate():
    clock = Clock()
    bucket = TokenBucket(rate=10, burst=5, clock=clock)
    assert [bucket.take() for _ in range(6)] == [True] * 5 + [False]
    clock.now += 0.25  # 2.5 tokens back
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    clock.now += 60  # never more than the burst, however long it rested
    assert sum(bucket.take() for _ in range(100)) == 5
    assert not bucket.take(6)  # more than the burst at once: never
    with pytest.raises(ValueError):
        TokenBucket(rate=0, burst=1)


def test_the_limits_fit_together():
    # one message may always pass the byte limit, and a held key (30 a second) never trips the message limit
    assert LIMITS.max_message_bytes <= LIMITS.key_bytes_burst
    assert LIMITS.message_rate > 30 and LIMITS.key_rate < LIMITS.message_rate
    assert LIMITS.key_burst <= LIMITS.message_burst


# -- what a browser may send -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('["stdin", "a"]', Keys("a")),
        ('["stdin", ""]', Keys("")),
        ('["resize", {"width": 120, "height": 40}]', Resize(120, 40)),
        ('["resize", {"width": 100000, "height": 100000}]', Resize(LIMITS.max_width, LIMITS.max_height)),
        ('["resize", {"width": -5, "height": 0}]', Resize(10, 5)),
        ('["ping", "1712345678901"]', Ping("1712345678901")),
        ('["focus"]', Focus(True)),
        ('["blur"]', Focus(False)),
    ],
)
def test_the_messages_of_the_page_are_understood(text, expected):
    assert parse_message(text, LIMITS) == expected


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "",
        "[]",
        "{}",
        '"stdin"',
        "[12]",
        '["stdin"]',
        '["stdin", 12]',
        '["stdin", "a", "b"]',
        '["resize", {"width": "80", "height": 24}]',
        '["resize", {"width": true, "height": 24}]',
        '["resize", {"width": 1.5, "height": 24}]',
        '["resize", {"height": 24}]',
        '["resize", [80, 24]]',
        '["ping", "' + "9" * 33 + '"]',
        '["ping", 5]',
        '["focus", 1]',
        '["quit"]',
        '["deliver_chunk_request", {}]',
        '["\\u001b[2J"]',
        "[" * 100_000,
    ],
)
def test_anything_else_is_refused_with_a_reason_that_quotes_nothing(text):
    with pytest.raises(ProtocolError) as caught:
        parse_message(text, LIMITS)
    assert "\x1b" not in str(caught.value) and len(str(caught.value)) < 100


def test_mouse_reports_are_told_from_keys():
    assert Keys("\x1b[<35;10;20M").mouse_only
    assert Keys("\x1b[<0;1;1M\x1b[<0;1;1m").mouse_only
    assert Keys("\x1b[<64;200;50M").mouse_only  # the wheel
    assert not Keys("?").mouse_only
    assert not Keys("\x1b[A").mouse_only  # an arrow key
    assert not Keys("\x1b[<35;10;20Mx").mouse_only  # a key smuggled after a mouse report
    assert not Keys("\x1b[200~pasted\x1b[201~").mouse_only


# -- addresses and origins -------------------------------------------------------------------------------------------


def test_host_headers_are_parsed_strictly():
    assert parse_host("127.0.0.1:8000") == parse_host("127.0.0.1:8000")
    host = parse_host("Teacher-PC.local.:8000")
    assert host is not None and (host.name, host.port) == ("teacher-pc.local", 8000)
    assert parse_host("[::1]:8000") is not None and parse_host("[::1]").is_ip  # type: ignore[union-attr]
    for bad in (None, "", "a b", '"><script>', "x:99999", "x:", "[zz::1]", "a/b", "a@b", "é.example", "x" * 300):
        assert parse_host(bad) is None, bad


def test_a_page_of_this_server_may_connect_and_no_other():
    policy = OriginPolicy("127.0.0.1")
    here = parse_host("127.0.0.1:8000")
    assert here is not None
    assert policy.origin_allowed("http://127.0.0.1:8000", here)
    assert policy.origin_allowed("HTTP://127.0.0.1:8000/", here)
    assert policy.origin_allowed(None, here)  # a program, not a browser: see origins.py
    for other in ("http://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000", "null", "", "x"):
        assert not policy.origin_allowed(other, here), other
    default_port = parse_host("192.0.2.1")
    assert default_port is not None and policy.origin_allowed("http://192.0.2.1:80", default_port)


def test_only_addresses_and_the_teachers_names_are_answered():
    policy = OriginPolicy("0.0.0.0", allow_origins=("http://teacher-pc.local:8000",))
    for host in ("192.168.1.20:8000", "[fe80::1]:8000", "localhost:8000", "teacher-pc.local:8000"):
        assert policy.host_refusal(parse_host(host)) is None, host
    refusal = policy.host_refusal(parse_host("rebind.evil.example:8000"))
    assert refusal and "rebind.evil.example" in refusal and "--public-url" in refusal
    assert policy.host_refusal(None)
    assert OriginPolicy("quiz.school.lan").host_refusal(parse_host("quiz.school.lan")) is None


def test_the_websocket_address_comes_from_the_request_or_the_public_url():
    lan = parse_host("192.168.1.20:8000")
    assert lan is not None
    assert OriginPolicy("0.0.0.0").websocket_url(lan, "/ws") == "ws://192.168.1.20:8000/ws"
    behind_proxy = OriginPolicy("127.0.0.1", public_url="https://spring68.school.example/")
    assert behind_proxy.websocket_url(lan, "/ws") == "wss://spring68.school.example/ws"
    assert behind_proxy.scheme == "https"
    assert behind_proxy.origin_allowed("https://spring68.school.example", lan)
    assert behind_proxy.host_refusal(parse_host("spring68.school.example")) is None


@pytest.mark.parametrize("bad", ["teacher-pc", "ftp://x", "http://x/path", "http://x?q", "http://u:p@x", "http://"])
def test_a_bad_address_option_is_refused_with_an_example(bad):
    with pytest.raises(AddressError, match="like http://"):
        OriginPolicy("127.0.0.1", public_url=bad)
    with pytest.raises(AddressError, match="--allow-origin"):
        OriginPolicy("127.0.0.1", allow_origins=(bad,))


# -- browsers and their folders --------------------------------------------------------------------------------------


def test_a_token_maps_to_a_folder_name_that_does_not_give_it_back(tmp_path):
    token = new_token()
    assert valid_token(token) and len(token) == 43
    name = folder_name(token)
    assert valid_folder_name(name) and name == folder_name(token) and name not in token
    assert folder_name(new_token()) != name
    assert browser_folder(tmp_path, name) == tmp_path / "web" / name
    assert settings_file(browser_folder(tmp_path, name)).parent == tmp_path / "web" / name


@pytest.mark.parametrize(
    "token", [None, "", "../" * 15, "A" * 42, "A" * 44, "A" * 42 + "/", "A" * 42 + "\0", "é" * 43, "A" * 42 + "\n"]
)
def test_a_token_of_the_wrong_shape_is_never_used(token):
    assert not valid_token(token)
    if token is not None:
        with pytest.raises(ValueError):
            folder_name(token)


@pytest.mark.parametrize("name", ["", "..", "../../etc", "/etc", "A" * 24, "0" * 23, "0" * 25, "0" * 23 + "/"])
def test_the_game_refuses_a_folder_name_the_server_could_not_have_made(tmp_path, name):
    with pytest.raises(ValueError):
        browser_folder(tmp_path, name)


def test_a_web_tab_with_a_bad_browser_name_stops_with_a_message(run_cli):
    from tests.conftest import MINI

    result = run_cli("play", "--web-tab", "../../../tmp", "--pack", str(MINI))
    assert result.returncode == 2
    assert "not a browser folder name" in result.stderr and "Traceback" not in result.stderr


def test_a_browsers_settings_file_is_chosen_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv(SETTINGS_ENV, raising=False)
    assert settings_path(tmp_path / "saves").parent == tmp_path
    monkeypatch.setenv(SETTINGS_ENV, str(tmp_path / "web" / "x" / ".spring68-settings.json"))
    assert settings_path(tmp_path / "saves") == tmp_path / "web" / "x" / ".spring68-settings.json"


def test_a_browsers_settings_are_never_listed_as_a_save(tmp_path):
    from game.engine.saves import SaveFolder

    folder = browser_folder(tmp_path, folder_name(new_token()))
    folder.mkdir(parents=True)
    settings_file(folder).write_text(json.dumps({"theme": "nord"}), encoding="utf-8")
    assert SaveFolder(folder).slots() == ([], [])


# -- the game process ------------------------------------------------------------------------------------------------


def test_the_tab_command_runs_the_game_itself_with_its_folder_and_log(tmp_path):
    command = tab_command("0" * 24, ["/a pack", "/mod"], "/saves dir", tmp_path / "the log")
    assert command.startswith("exec ")  # the game is the process, not a shell around it
    words = shlex.split(command)
    assert words[1] == sys.executable
    assert words[2:7] == ["-m", "game", "play", "--web-tab", "0" * 24]
    assert words[7:13] == ["--pack", "/a pack", "--pack", "/mod", "--saves", "/saves dir"]
    assert command.endswith("2>>" + shlex.quote(str(tmp_path / "the log")))


class _Socket:
    """Just enough of a websocket for a GameTab whose game never draws."""

    closed = False

    async def send_bytes(self, data: bytes) -> None:
        pass

    async def send_str(self, data: str) -> None:
        pass

    async def close(self, code: int = 1000, message: bytes = b"") -> bool:
        self.closed = True
        return True


def test_textual_serve_keeps_the_game_process_where_the_server_looks(tmp_path):
    """GameTab reads AppService's private ``_process`` (to kill a game); this fails if textual-serve moves it."""
    from textual_serve.download_manager import DownloadManager

    async def start_and_end() -> tuple[int | None, bool, float]:
        tab = GameTab(
            "exec sleep 60",  # a game that never answers a quit
            browser="0" * 24,
            peer="test",
            websocket=_Socket(),  # type: ignore[arg-type]
            download_manager=DownloadManager(),
            limits=Limits(quit_grace=0.5),
        )
        await tab.start(80, 24)
        pid = tab.pid
        running = pid is not None and os.path.exists(f"/proc/{pid}")
        loop = asyncio.get_running_loop()
        began = loop.time()
        await tab.end()
        await tab.end()  # twice: nothing more happens
        return pid, running, loop.time() - began

    pid, running, took = asyncio.run(start_and_end())
    assert running
    assert pid is not None and not os.path.exists(f"/proc/{pid}")
    assert took < 10  # killed after its grace, not waited for; the bound is loose on purpose (a busy machine)


# -- pages and the log -----------------------------------------------------------------------------------------------


def test_nothing_put_into_a_page_becomes_markup():
    hostile = '"><script>alert(1)</script>'
    page = game_page(title=hostile, static_url="/static/", websocket_url=hostile, session_url="/session", size=16)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&quot;&gt;" in page
    notice = notice_page(heading=hostile, message=hostile)
    assert "<script>alert" not in notice
    assert font_size("9999") == 40 and font_size("-3") == 8 and font_size("x") == 16 and font_size(None) == 16


def test_control_characters_never_reach_the_terminal_or_the_log():
    assert printable("a\x1b[2Jb\nc\r\x9b\u202e") == "a\\x1b[2Jb\\nc\\r\\x9b\\u202e"
    assert printable("x" * 500, 10) == "x" * 10 + "…"


def test_tracebacks_go_to_the_log_without_locals_and_the_terminal_gets_one_line(tmp_path, monkeypatch):
    terminal = io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    log_file = tmp_path / "web" / "serve.log"
    try:
        setup_logging(log_file)
        log = logging.getLogger("spring68.serve")

        def handle(request_cookie: str) -> None:
            secret = request_cookie  # a local a rich traceback would print
            raise RuntimeError(f"broken {len(secret)}")

        try:
            handle("spring68_browser=" + "-".join(["SECRET", "TOKEN", "VALUE"]))  # built: not in the source line
        except RuntimeError:
            log.exception("a game tab of %s failed", "192.0.2.9\x1b[2J")
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written and "RuntimeError: broken" in written
    assert "SECRET-TOKEN-VALUE" not in written and "\x1b" not in written
    lines = terminal.getvalue().splitlines()
    assert lines == [f"spring68 serve: a game tab of 192.0.2.9\\x1b[2J failed (details in {log_file})"]


def test_the_terminal_gets_a_few_lines_a_second_and_the_log_all_of_them(tmp_path, monkeypatch):
    terminal = io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    log_file = tmp_path / "serve.log"
    try:
        setup_logging(log_file)
        for number in range(200):
            logging.getLogger("spring68.serve").warning("refused request %d", number)
        for handler in root.handlers:
            handler.flush()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
            handler.close()
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
    assert len(terminal.getvalue().splitlines()) <= 25
    assert log_file.read_text(encoding="utf-8").count("refused request") == 200


def test_the_static_files_are_where_the_server_serves_them_from():
    from game.serve.server import STATIC

    assert (STATIC / "js" / "textual.js").is_file() and (STATIC / "css" / "xterm.css").is_file()


def test_a_take_over_never_leaves_a_game_running_while_it_starts():
    """A reload opens the new socket while the old one's game may still be starting; neither may be left over."""
    from textual_serve.download_manager import DownloadManager

    from game.serve.tabs import Tabs

    limits = Limits(quit_grace=0.2)
    made: list[GameTab] = []

    def make() -> GameTab:
        tab = GameTab(
            "exec sleep 60",
            browser="0" * 24,
            peer="test",
            websocket=_Socket(),  # type: ignore[arg-type]
            download_manager=DownloadManager(),
            limits=limits,
        )
        made.append(tab)
        return tab

    async def reloads() -> tuple[list[int | None], int, list[int | None]]:
        tabs = Tabs(max_tabs=2, limits=limits)
        opened = await asyncio.gather(*(tabs.open("0" * 24, make, 80, 24) for _ in range(4)))
        assert all(isinstance(tab, GameTab) for tab in opened)
        pids = [tab.pid for tab in made]
        live = len(tabs)
        await tabs.close_all()
        return pids, live, [tab.pid for tab in made]

    pids, live, _ = asyncio.run(reloads())
    assert live == 1  # one game per browser, however fast the reloads came
    assert len(pids) == 4 and all(pids)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in pids)


def test_the_quit_key_the_server_sends_is_the_games_quit_key():
    """GameTab ends a game with Ctrl+Q, the app's own quit (it waits for the autosave); this fails if it moves."""
    from game.serve.tabs import QUIT_KEY
    from game.tui.app import Spring68App

    assert QUIT_KEY == b"\x11"  # what a terminal sends for Ctrl+Q
    quits = [b for b in Spring68App.BINDINGS if not isinstance(b, tuple) and b.key == "ctrl+q"]
    assert quits and quits[0].action == "quit" and quits[0].priority

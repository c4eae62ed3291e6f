"""``spring68 serve`` end to end, in a real headless Chromium driven by Playwright.

The server runs on loopback only. The test presses keys in the page to start
a role and make a choice, then reads the tab's autosave from disk: the
choice is there. A second tab, a tab closed mid-game and garbage sent to the
websocket must leave the server running and the other tab's game intact.
Chromium comes from Debian's package (``.ci/run`` installs it); without it
this test fails, it does not skip.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed: run 'apt-get install chromium' (.ci/run does this); this test never skips")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def server(tmp_path):
    port = free_port()
    saves = tmp_path / "saves"
    env = dict(os.environ, SPRING68_CACHE_DIR=str(tmp_path / "cache"), TEXTUAL_ANIMATIONS="none")
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--port", str(port), "--saves", str(saves)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def listening():
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(lambda: listening() or process.poll() is not None, 60, "the server to listen")
        assert process.poll() is None, process.stdout.read().decode()
        yield f"http://127.0.0.1:{port}", saves, process
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def autosaves(saves: Path) -> dict[Path, dict]:
    found = {}
    for path in saves.glob("web/*/autosave.json"):
        try:
            found[path] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return found


def open_game(browser, url):
    page = browser.new_page(viewport={"width": 1100, "height": 700})
    page.goto(url)
    page.wait_for_selector("canvas, .xterm, #terminal, textual-terminal", timeout=60_000)
    time.sleep(3)  # the app process starts and draws its title screen
    helper = page.locator("textarea")
    if helper.count():
        helper.first.focus()  # xterm.js takes keys through a hidden text area
    else:
        page.mouse.click(1050, 650)  # an empty corner: focus the terminal without clicking a menu item
    return page


def start_and_choose(page, saves: Path, known: set[Path]) -> Path:
    page.keyboard.press("1")  # title screen: new game, the first role
    time.sleep(2)
    page.keyboard.press("Enter")  # the content note: Begin
    time.sleep(2)
    page.keyboard.press("1")  # the first choice of the first scene

    def new_save():
        for path, data in autosaves(saves).items():
            if path not in known and data["state"]["log"]:
                return path
        return None

    return wait_until(new_save, 60, "the tab's autosave to hold a choice")


def test_two_tabs_play_separate_games_and_survive_garbage(server):
    from playwright.sync_api import sync_playwright

    url, saves, process = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS, headless=True)
        try:
            first = open_game(browser, url)
            first_save = start_and_choose(first, saves, set())
            log = json.loads(first_save.read_text(encoding="utf-8"))["state"]["log"]
            assert len(log) == 1 and log[0].startswith("adv_")

            second = open_game(browser, url)  # a second tab at the same time: its own game, its own folder
            second_save = start_and_choose(second, saves, {first_save})
            assert second_save.parent != first_save.parent

            second.close()  # a tab closed mid-game
            garbage = browser.new_page()
            garbage.goto(url)
            garbage.evaluate(
                """url => new Promise(done => {
                const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
                ws.onopen = () => { ws.send('not json at all'); ws.send(new Uint8Array([0, 255, 1, 2]));
                                    ws.send('["stdin"]'); ws.send('{"type": 12}'); setTimeout(() => { ws.close(); done(); }, 500); };
                ws.onerror = () => done();
            })""",
                url,
            )
            garbage.close()
            time.sleep(2)
            assert process.poll() is None, "the server died"

            first.keyboard.press("1")  # the first tab still plays on
            wait_until(
                lambda: len(json.loads(first_save.read_text(encoding="utf-8"))["state"]["log"]) == 2,
                60,
                "the first tab's second choice",
            )
            third = open_game(browser, url)  # and the server still serves new tabs
            start_and_choose(third, saves, {first_save, second_save})
        finally:
            browser.close()

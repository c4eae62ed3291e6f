"""``spring68 serve`` end to end, in a real headless Chromium driven by Playwright, with the real campaign.

The server runs on loopback only. The tests press keys in the page and read
what the game drew from the websocket's frames (the terminal is a canvas),
and the browser's autosave from disk. Two pupils (two browser profiles)
play two games; garbage on the websocket and a tab closed mid-game leave
the server and the other game intact; a reload mid-game comes back to
Continue and the same scene; a page of another origin cannot open a game.
Chromium comes from Debian's package (``.ci/run`` installs it); without it
these tests are skipped with one line saying so, and under ``CI=true`` they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Served, screen_text, start_server, stop_server, wait_until

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
pytestmark = pytest.mark.timeout(240)


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    message = "Chromium is not installed: run 'apt-get install chromium' (.ci/run does this) to run the browser tests"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true, but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def campaign(tmp_path: Path) -> Iterator[Served]:
    served = start_server(tmp_path, pack=None)
    try:
        yield served
    finally:
        stop_server(served)


@pytest.fixture
def browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


class Screen:
    """What the game has drawn in one page, collected from its websocket frames."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.frames: list[bytes] = []
        page.on("websocket", lambda socket: socket.on("framereceived", self._frame))

    def _frame(self, payload) -> None:  # type: ignore[no-untyped-def]
        if isinstance(payload, bytes):
            self.frames.append(payload)

    def mark(self) -> int:
        return len(self.frames)

    def since(self, mark: int) -> str:
        return screen_text(b"".join(self.frames[mark:]))

    def wait_for(self, words: str, mark: int, seconds: float = 60) -> str:
        """Wait (letting Playwright deliver the frames: it does so only inside its own calls) for ``words``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            text = self.since(mark)
            if words in text:
                return text
            self.page.wait_for_timeout(100)
        pytest.fail(f"timed out after {seconds} s waiting for {words!r} on screen: {self.since(mark)[-300:]!r}")


def open_game(context, url: str):  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.set_viewport_size({"width": 1100, "height": 700})
    screen = Screen(page)
    mark = screen.mark()
    page.goto(url)
    page.wait_for_selector("canvas, .xterm, #terminal", timeout=60_000)
    screen.wait_for("Quit", mark)  # the title screen is drawn
    time.sleep(0.5)
    focus(page)
    return page, screen


def focus(page) -> None:  # type: ignore[no-untyped-def]
    helper = page.locator("textarea")
    if helper.count():
        helper.first.focus()  # xterm.js takes keys through a hidden text area
    else:
        page.mouse.click(1050, 650)  # an empty corner: focus the terminal without clicking a menu item


def autosaves(saves: Path) -> dict[Path, dict]:
    found = {}
    for path in saves.glob("web/*/autosave.json"):
        try:
            found[path] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return found


def start_and_choose(page, screen: Screen, saves: Path, known: set[Path]) -> Path:  # type: ignore[no-untyped-def]
    mark = screen.mark()
    page.keyboard.press("1")  # title screen: new game, the first role
    screen.wait_for("Begin", mark)  # the content note
    page.keyboard.press("Enter")
    time.sleep(1)
    page.keyboard.press("1")  # the first choice of the first scene

    def new_save():  # type: ignore[no-untyped-def]
        for path, data in autosaves(saves).items():
            if path not in known and data["state"]["log"]:
                return path
        return None

    return wait_until(new_save, 60, "the browser's autosave to hold a choice")


def test_two_pupils_play_separate_games_and_survive_garbage(campaign: Served, browser) -> None:  # type: ignore[no-untyped-def]
    url, saves, process = campaign.url, campaign.saves, campaign.process
    first, first_screen = open_game(browser.new_context(), url)
    first_save = start_and_choose(first, first_screen, saves, set())
    log = json.loads(first_save.read_text(encoding="utf-8"))["state"]["log"]
    assert len(log) == 1 and log[0].startswith("adv_")

    pupil = browser.new_context()  # another pupil's browser: its own game, its own folder
    second, second_screen = open_game(pupil, url)
    second_save = start_and_choose(second, second_screen, saves, {first_save})
    assert second_save.parent != first_save.parent

    second.close()  # a tab closed mid-game
    garbage = pupil.new_page()
    garbage.goto(url)
    closed = garbage.evaluate(
        """url => new Promise(done => {
        const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
        ws.onopen = () => { ws.send('not json at all'); ws.send(new Uint8Array([0, 255, 1, 2]));
                            ws.send('["stdin"]'); ws.send('{"type": 12}'); };
        ws.onclose = event => done(event.code);
        setTimeout(() => done(null), 15000);
    })""",
        url,
    )
    garbage.close()
    assert closed == 1008  # refused, with a reason, not passed to a game
    assert process.poll() is None, "the server died"

    first.keyboard.press("1")  # the first pupil still plays on
    wait_until(
        lambda: len(json.loads(first_save.read_text(encoding="utf-8"))["state"]["log"]) == 2,
        60,
        "the first tab's second choice",
    )
    third, third_screen = open_game(browser.new_context(), url)  # and the server still serves new pupils
    start_and_choose(third, third_screen, saves, {first_save, second_save})


def test_a_reload_mid_game_comes_back_to_continue_and_the_same_scene(campaign: Served, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page, screen = open_game(context, campaign.url)
    save_path = start_and_choose(page, screen, campaign.saves, set())
    saved = json.loads(save_path.read_text(encoding="utf-8"))
    title = saved["scene_title"]
    assert title

    mark = screen.mark()
    page.reload()  # mid-game
    page.wait_for_selector("canvas, .xterm, #terminal", timeout=60_000)
    menu = screen.wait_for("Continue the last game", mark)
    assert title in menu  # the title screen names the scene the game stopped at
    time.sleep(0.5)
    focus(page)
    mark = screen.mark()
    page.keyboard.press("Enter")  # Continue is the menu's choice
    screen.wait_for(title, mark)
    assert list(autosaves(campaign.saves)) == [save_path]  # the same folder: no new game was started
    after = json.loads(save_path.read_text(encoding="utf-8"))
    assert after["state"]["scene"] == saved["state"]["scene"] and after["state"]["log"] == saved["state"]["log"]

    cookies = context.cookies()
    token = [cookie for cookie in cookies if cookie["name"] == "spring68_browser"]
    assert token and token[0]["httpOnly"] and token[0]["sameSite"] == "Strict"


def test_a_page_of_another_origin_cannot_open_a_game(campaign: Served, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_context().new_page()
    other = campaign.url.replace("127.0.0.1", "localhost")  # another origin, on this very machine
    page.goto(other + "/static/css/xterm.css")
    opened = page.evaluate(
        """url => new Promise(done => {
        const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
        ws.onopen = () => done('opened');
        ws.onclose = () => done('refused');
        setTimeout(() => done('timeout'), 15000);
    })""",
        campaign.url,
    )
    assert opened == "refused"
    assert f"it came from a page on {other}" in campaign.log_text()
    assert not campaign.games()

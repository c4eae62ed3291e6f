"""``spring68 serve --classroom --lesson``: the projector's game in a browser, offline.

A real headless Chromium (Debian's, driven by Playwright) opens the served
page with every request recorded: the page, its scripts, styles and fonts,
and the game's websocket all come from the server on 127.0.0.1, and nothing
is asked of any other host (fonts included). The game in the tab is the
classroom game of the lesson: the class's name is asked first.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import Served, start_server, stop_server
from tests.web.test_serve_browser import Screen, browser, focus  # noqa: F401 - the browser fixture, shared

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def classroom(tmp_path: Path) -> Iterator[Served]:
    served = start_server(tmp_path, "--classroom", "--lesson", "prague_spring", "--timer", "4", pack=None)
    try:
        yield served
    finally:
        stop_server(served)


def test_the_classroom_page_loads_nothing_from_off_the_host_and_plays_the_lesson(classroom: Served, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 1100, "height": 700})
        screen = Screen(page)
        page.goto(classroom.url)
        page.wait_for_selector("canvas, .xterm, #terminal", timeout=60_000)
        screen.wait_for("9B History", 0)  # --lesson: straight to the class's name for its game
        time.sleep(0.5)
        focus(page)
        mark = screen.mark()
        page.keyboard.type("7C")
        page.keyboard.press("Enter")
        screen.wait_for("Begin", mark)  # the content note
        mark = screen.mark()
        page.keyboard.press("Enter")
        screen.wait_for("A Slovak at the Top", mark)  # the lesson's first decision
        time.sleep(1)  # every font and style the page wants is asked for by now
    finally:
        context.close()
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert requested and hosts == {"127.0.0.1"}, sorted(set(requested))


def test_serve_refuses_an_unknown_lesson_before_it_listens(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--classroom", "--lesson", "no_such", "--saves", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "there is no lesson 'no_such'; lessons: prague_spring, resistance_year" in result.stderr
    assert "Traceback" not in result.stderr

"""Fixtures for the Textual app: the mini pack, a fresh save folder, and a way to drive the app."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from game.engine.saves import SaveFolder
from game.story.loader import load_story
from tests.conftest import MINI

SIZE = (80, 24)


@pytest.fixture(scope="session")
def mini():
    return load_story([MINI])


@pytest.fixture
def saves(tmp_path: Path) -> SaveFolder:
    return SaveFolder(tmp_path / "saves")


@pytest.fixture
def make_app(mini, saves):
    """``make_app(**kwargs)`` builds the app on the mini pack and the test's save folder."""
    from game.tui.app import Spring68App

    def make(story=None, folder: SaveFolder | None = None, **kwargs):
        kwargs.setdefault("cursor_blink", False)
        return Spring68App(story or mini, folder or saves, **kwargs)

    return make


def drive(app, script: Callable[..., Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    """Run ``script(pilot)`` against ``app`` in a headless terminal of ``size``."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


async def settle(pilot) -> None:
    """Let workers, screen changes and refreshes finish; a worker waiting on a dialog is left waiting."""
    from textual.screen import ModalScreen

    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers) or isinstance(app.screen, ModalScreen):
            break
        await asyncio.sleep(0.005)
    await pilot.pause()


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def screen_name(app) -> str:
    return type(app.screen).__name__


@pytest.fixture
def glossary_pack(tmp_path: Path) -> Path:
    """The mini pack with glossary names in its first scene's text and history."""
    root = tmp_path / "glossary-pack"
    shutil.copytree(MINI, root)
    scenes = root / "alpha" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace(
        "You stand on the square.", "You stand on the square where Alexander Dubček spoke; *Dubček* again."
    )
    text = text.replace("text: It happened like this.", "text: It happened like this, and Dubček knew.")
    scenes.write_text(text, encoding="utf-8")
    return root


def pane_text(app) -> str:
    """The play screen's scene pane as drawn, its lines joined by spaces (the note's bar left out)."""
    lines = app.screen.query_one("StoryView").plain_lines()
    return " ".join(line.removeprefix("▌").strip() for line in lines if line.strip())


def click_targets(app) -> tuple[dict[str, tuple[int, int]], set[str]]:
    """What a click on the screen as drawn now (toasts included) can do.

    Every ``@click`` action with the first cell it is at, and every terminal
    hyperlink (OSC 8, what Textual's ``[link=…]`` markup makes). The same as
    ``Screen.get_style_at`` on every cell, with each widget's line drawn once.
    The footer's keys (made from the key table, never from data) are left out.
    """
    from bisect import bisect_right

    from textual.errors import NoWidget
    from textual.geometry import Region

    from game.tui.widgets.footer import GameFooter

    screen = app.screen
    width, height = app.size
    actions: dict[str, tuple[int, int]] = {}
    links: set[str] = set()
    lines: dict[tuple[int, int], tuple[list[int], list[object]]] = {}
    for y in range(height):
        for x in range(width):
            try:
                widget, region = screen.get_widget_at(x, y)
            except NoWidget:
                continue
            if isinstance(widget, GameFooter):
                continue
            key = (id(widget), y - region.y)
            if key not in lines:
                ends, styles, end = [], [], 0
                for strip in widget.render_lines(Region(0, y - region.y, region.width, 1))[:1]:
                    for segment in strip:
                        end += segment.cell_length
                        ends.append(end)
                        styles.append(segment.style)
                lines[key] = (ends, styles)
            ends, styles = lines[key]
            index = bisect_right(ends, x - region.x)
            style = styles[index] if index < len(styles) else None
            if style is None:
                continue
            if style.link:
                links.add(style.link)
            if style._meta:  # (Rich's own test for meta: no unpickling of an empty one on every cell)
                action = style.meta.get("@click")
                if action is not None:
                    actions.setdefault(str(action), (x, y))
    return actions, links


def shown_text(app) -> str:
    """Every character on the screen as the terminal would show it (from Textual's own screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")

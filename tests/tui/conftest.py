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

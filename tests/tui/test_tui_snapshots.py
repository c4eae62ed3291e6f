"""Snapshots at 60x20, 80x24, 100x30 and 160x50 against the mini pack (stable while the campaign changes).

Update after an intended change of look with:
    .venv/bin/python -m pytest tests/tui/test_tui_snapshots.py --snapshot-update
then look at every changed SVG before committing it.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import press

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def keys(*names: str):
    async def run_before(pilot) -> None:
        await press(pilot, *names)

    return run_before


def test_title(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys())


def test_play(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1"))


def test_play_after_a_choice(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1", "1"))


def test_what_really_happened(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1", "1", "r"))


def test_timeline(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1", "1", "t"))


def test_ending(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1", "1", "1"))


def test_counterfactual_ending(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("1", "2", "2"))


SIZES = [(60, 20), (80, 24), (100, 30), (160, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_title_at_every_size(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_play_at_every_size(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("1", "2"))


@pytest.mark.parametrize(
    "screen_keys",
    [("g",), ("b",), ("question_mark",), ("t",)],
    ids=["glossary", "sources", "help", "timeline"],
)
def test_reference_screens(snap_compare, make_app, screen_keys):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys(*screen_keys))


def test_load_screen(snap_compare, make_app, mini, saves, monkeypatch):
    """The load screen with a game saved yesterday and one today, at a fixed time in UTC."""
    import time as real_time
    import types

    from game.engine import rules, save_format
    from game.story import dates

    monkeypatch.setenv("TZ", "UTC")
    real_time.tzset()
    saved = {"at": 1_741_000_000.0}  # 3 March 2025, 11:06 UTC
    monkeypatch.setattr(save_format, "time", types.SimpleNamespace(time=lambda: saved["at"]))
    monkeypatch.setattr(dates, "time", types.SimpleNamespace(time=lambda: 1_741_000_000.0 + 86_400))
    try:
        first = rules.new_game(mini, "alpha", game="snapshot-1")
        saves.write(mini, rules.choose(mini, first, "a_start.brave"), "before the vote")
        saved["at"] += 86_400 - 3_600  # the next day, an hour before "now"
        saves.write(mini, rules.new_game(mini, "beta", game="snapshot-2"))
        assert snap_compare(make_app(), terminal_size=SIZE, run_before=keys("l"))
    finally:
        monkeypatch.undo()
        real_time.tzset()

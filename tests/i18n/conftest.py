"""The base campaign for the Czech screens' tests, and the same story in Czech."""

from __future__ import annotations

import pytest

from game.i18n import interface
from game.story.cache import load_for_play


@pytest.fixture
def campaign(tmp_path, monkeypatch):
    """The base campaign (its play cache and settings in the test's folder); English again afterwards."""
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SPRING68_SETTINGS", str(tmp_path / "settings.json"))
    story, problems = load_for_play(None)
    assert story is not None, problems
    yield story
    interface.set_language("en")


def czech(story):
    """The story and the interface in Czech."""
    from game.i18n.story_language import story_in

    assert interface.set_language("cs") == "cs"
    translated, problems = story_in(story, "cs")
    assert problems == []
    return translated

"""Links: web links in scene text and source addresses open through one checked path (issues #12, #13)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.story.links import MAX_URL_LENGTH
from game.story.loader import load_story, load_with_problems
from game.story.model import Story
from game.tui.app import Spring68App
from game.tui.links import source_link, web_address
from tests.conftest import MINI
from tests.tui.conftest import click_targets, drive, press, screen_name, settle


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """Every address the app hands to the browser (none is really opened)."""
    urls: list[str] = []
    monkeypatch.setattr(Spring68App, "open_url", lambda app, url, **kwargs: urls.append(url))
    return urls


@pytest.fixture
def linked_pack(tmp_path: Path) -> Path:
    """The mini pack with a web link in its first scene's text and in its history."""
    root = tmp_path / "linked"
    shutil.copytree(MINI, root)
    scenes = root / "alpha" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    text = text.replace("You stand on the square.", "You stand on [the square](https://example.org/square).")
    text = text.replace("text: It happened like this.", "text: 'It happened [like this](https://example.org/this).'")
    scenes.write_text(text, encoding="utf-8")
    return root


def with_source_url(story: Story, source_id: str, url: str) -> Story:
    """The story with one source's address replaced (the loader would refuse most of those used here)."""
    sources = dict(story.sources)
    sources[source_id] = sources[source_id]._replace(url=url)
    return Story(
        story.packs,
        story.roles,
        story.variables,
        story.scenes,
        story.timeline,
        sources,
        story.glossary,
        story.fixed_points,
        story.content_hash,
    )


def link_cell(app, action: str) -> tuple[int, int]:
    actions, _ = click_targets(app)
    assert action in actions, (action, actions)
    return actions[action]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org/a/b?c=d#e",
        "HTTPS://Example.org/x",
        "https://example.org/it's",
        "https://[::1]:8000/",
        "https://cs.wikipedia.org/wiki/Pražské_jaro",
    ],
)
def test_web_addresses_are_absolute_http_and_https_urls(url):
    assert web_address(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://example.org/f",
        "mailto:someone@example.org",
        "data:text/html,<b>x</b>",
        "//example.org/no-scheme",
        "example.org",
        "https://",
        "https:///path-without-host",
        "https://exa mple.org/",
        "https://example.org/\x1b]52;c;AAAA\x07",
        "https://example.org/\u009b",
        "https://example.org/\n",
        "https://example.org/\u202egpj.exe",
        "https://example.org/\u200b",
        "https://[::1/",
        "https://example.org/" + "x" * MAX_URL_LENGTH,
        "glossary:dubcek",
    ],
)
def test_nothing_else_is_a_web_address(url):
    assert web_address(url) is None


def test_a_source_link_carries_the_source_id_not_its_address(mini):
    source = mini.sources["archive1"]
    link = source_link(source)
    assert link.plain == source.url
    assert [span.style.meta for span in link.spans] == [{"@click": "app.open_source('archive1')"}]
    not_web = source_link(source._replace(url="file:///etc/passwd"))
    assert not_web.plain == "file:///etc/passwd" and not not_web.spans  # shown, but not a link


def test_a_web_link_in_the_scene_pane_opens_the_browser(make_app, linked_pack, opened):
    """Issue #13: the scene pane's link handler made a coroutine and dropped it; nothing opened."""
    app = make_app(load_story([linked_pack]))

    async def script(pilot):
        await press(pilot, "1")
        assert screen_name(app) == "PlayScreen"
        await pilot.click(offset=link_cell(app, "follow('https://example.org/square')"))
        await settle(pilot)
        assert opened == ["https://example.org/square"]
        assert any("Opening https://example.org/square" in n.message for n in app._notifications)

    drive(app, script, size=(100, 30))


def test_a_web_link_in_the_history_opens_the_browser(make_app, linked_pack, opened):
    """Issue #13, the same bug in the prose widget of the history dialog and the ending."""
    app = make_app(load_story([linked_pack]))

    async def script(pilot):
        await press(pilot, "1", "r")
        assert screen_name(app) == "HistoryDialog"
        await pilot.click(offset=link_cell(app, "follow('https://example.org/this')"))
        await settle(pilot)
        assert opened == ["https://example.org/this"]

    drive(app, script, size=(100, 30))


def test_o_on_a_source_with_an_address_opens_it(make_app, opened):
    """Issue #13: o on the sources screen made a coroutine and dropped it; nothing opened."""
    app = make_app()

    async def script(pilot):
        await press(pilot, "b")
        sources = app.screen.query_one("#sources")
        ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
        sources.highlighted = ids.index("archive1")
        await press(pilot, "o")
        assert opened == ["https://example.org/archive"]
        sources.highlighted = ids.index("book1")  # no address
        await press(pilot, "o")
        assert opened == ["https://example.org/archive"]
        assert any("no web address" in n.message for n in app._notifications)

    drive(app, script)


def test_clicking_a_source_address_opens_it(make_app, opened):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "r")  # a_middle cites archive1, which has an address
        assert screen_name(app) == "HistoryDialog"
        body = app.screen.query_one(".dialog-body")
        body.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        await pilot.click(offset=link_cell(app, "app.open_source('archive1')"))
        await settle(pilot)
        assert opened == ["https://example.org/archive"]

    drive(app, script, size=(100, 40))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "https://exa mple.org/"])
def test_a_source_address_that_got_past_the_loader_is_never_opened(make_app, mini, opened, url):
    """The loader refuses these; a story that holds one anyway is stopped at the one place links open."""
    app = make_app(with_source_url(mini, "archive1", url))

    async def script(pilot):
        await press(pilot, "b")
        sources = app.screen.query_one("#sources")
        ids = [sources.get_option_at_index(i).id for i in range(sources.option_count)]
        sources.highlighted = ids.index("archive1")
        await settle(pilot)
        actions, _ = click_targets(app)
        assert not actions  # shown as text, not as a link

        def warnings() -> list[str]:
            return [n.message for n in app._notifications if "goes nowhere the game can open" in n.message]

        await press(pilot, "o")
        assert opened == [] and len(warnings()) == 1 and url in warnings()[0]
        app.clear_notifications()
        app.action_open_source("archive1")  # what a click on a link to it would run
        await settle(pilot)
        assert opened == [] and len(warnings()) == 1 and url in warnings()[0]
        assert all(not n.markup for n in app._notifications)

    drive(app, script)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "https://exa mple.org/"])
def test_the_loader_refuses_a_source_address_that_is_not_a_web_address(tmp_path, url):
    """The first line of defence (the loader's); the TUI checks again, as the test above shows."""
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    sources = root / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("url: https://example.org/archive", f"url: {url!r}"),
        encoding="utf-8",
    )
    story, problems = load_with_problems([root])
    assert story is None
    assert any("url" in problem.message and problem.severity == "error" for problem in problems), problems


@pytest.mark.parametrize("url", ["ftp://example.org/f", "file:///etc/passwd", "mailto:someone@example.org"])
def test_the_loader_refuses_a_link_in_text_that_is_not_a_web_address(linked_pack, url):
    scenes = linked_pack / "alpha" / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("https://example.org/square", url), encoding="utf-8")
    story, problems = load_with_problems([linked_pack])
    assert story is None
    assert any(url in problem.message and problem.severity == "error" for problem in problems), problems

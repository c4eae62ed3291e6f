"""No string from a pack, a save, a file name or an exception is ever read as Textual markup (issue #12).

Textual parses a ``str`` given to ``notify``, a ``Static``, a border title or
the command palette as content markup, and markup can carry ``@click``
actions: a source address of ``[@click=app.screenshot('x.svg','/dir')]…``
made a notice that, clicked, wrote a file wherever it said. These tests put
action markup into every text field of a pack and of a save, open every
screen, click every link and every notice, and check with spies that no
action from the data ran, no file was written, and the brackets are shown
as the letters they are.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
from textual.actions import parse as parse_action
from textual.containers import ScrollableContainer
from textual.widgets._toast import Toast  # not exported by textual.widgets; a notice on screen is one

from game.engine.saves import SaveError, SaveFolder, checksum
from game.story.loader import load_story
from game.story.model import Story
from game.tui.app import Spring68App
from game.tui.links import web_address
from tests.tui.conftest import click_targets, press, screen_name, settle, shown_text

VERBATIM = "[b]B[/b]"
"""Part of every payload: shown as these seven characters, it proves the text was not read as markup."""

ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def is_the_games_own(action: str) -> bool:
    """The only ``@click`` actions the game draws: glossary links, web links, and sources by id.

    Read as Textual reads it, so an action string that smuggles in another action fails.
    """
    namespace, name, args = parse_action(action)
    if len(args) != 1 or not isinstance(args[0], str):
        return False
    (arg,) = args
    if (namespace, name) == ("", "follow"):
        return (arg.startswith("glossary:") and bool(ID.fullmatch(arg[9:]))) or web_address(arg) == arg
    return (namespace, name) == ("app", "open_source") and bool(ID.fullmatch(arg))


HOSTILE_URLS = {
    "book1": "https://example.org/[@click=app.quit]Y[/][b]B[/b]",  # a web address: opened, and shown as plain text
    "archive1": "file:///etc/passwd",  # not a web address: never a link, never opened
}
HOSTILE_LINKS = " [ftp](ftp://example.org/f) [file](file:///etc/passwd) [quote](https://example.org/a'b)"
"""Markdown links the loader refuses (but the quote), added to a scene's text behind its back."""


def payload(field: str, target: Path) -> str:
    """Action markup that writes a file into ``target`` or quits, bold markup, a terminal hyperlink, a bad tag.

    The last, read as markup, is an error that stops the app: data must not crash the game either.
    """
    return (
        f"{field} [@click=app.screenshot('pwned.svg','{target}')]X[/] [@click=app.quit]Y[/] "
        f"{VERBATIM} [link='file:///etc/passwd']Z[/link] [/nope]"
    )


def write_hostile_pack(root: Path, target: Path) -> Path:
    """A pack in which every text field holds markup (ids and numbers cannot)."""

    def p(field: str) -> str:
        return json.dumps(payload(field, target), ensure_ascii=False)

    files = {
        "pack.yaml": f"""\
id: hostile
title: {p("Pack title")}
version: 1
description: {p("Description")}
content_note: {p("Content note")}
roles:
  alpha: {{title: {p("Role title")}, summary: {p("Role summary")}, start: a_start}}
variables:
  courage: {{label: {p("Courage label")}, min: 0, max: 5, initial: 2}}
  signed: {{label: {p("Flag label")}, type: flag, initial: false}}
""",
        "sources.yaml": f"""\
- id: book1
  kind: book
  author: {p("Author")}
  title: {p("Book title")}
  publisher: {p("Publisher")}
  year: 1997
  url: https://example.org/book
  note: {p("Source note")}
- id: archive1
  kind: archive
  title: {p("Archive title")}
  url: https://example.org/archive
""",
        "timeline.yaml": f"""\
- id: ev_one
  date: 1968-08-20
  title: {p("Event title")}
  summary: {p("Event summary")}
  figures:
    - {{label: {p("Figure label")}, value: {p("Figure value")}}}
  sources: [book1, archive1]
""",
        "glossary.yaml": f"""\
- id: dubcek
  term: Dubček
  kind: person
  text: {p("Glossary text")}
  aliases: [{p("Alias")}]
""",
        "alpha/scenes.yaml": f"""\
- id: a_start
  title: {p("Scene title")}
  date: 1968-08-20
  place: {p("Place")}
  anchor: ev_one
  text: {json.dumps(payload("Scene text", target) + " Dubček. [web](https://example.org/web)")}
  choices:
    - id: brave
      label: {p("Choice one")}
      do: {{courage: +1}}
      goto: a_end
      record: {p("Record one")}
    - id: quiet
      label: {p("Choice two")}
      goto: a_end
      record: {p("Record two")}
  history:
    text: {p("History text")}
    sources: [book1, archive1]
  discuss:
    - {p("Prompt")}
- id: a_end
  title: {p("Ending scene title")}
  date: 1968-08-21
  place: {p("Ending place")}
  anchor: ev_one
  text: {p("Ending text")}
  history: {{text: {p("Ending history")}, sources: [book1]}}
  discuss:
    - {p("Ending prompt")}
  ending: {{title: {p("Ending title")}, epilogue: {p("Epilogue")}, counterfactual: true, instead: {p("Instead")}}}
""",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def past_the_loader(story: Story, urls: dict[str, str], links: str) -> Story:
    """The story with these source addresses and these links in its first scene's text.

    The loader refuses all but the bracketed web address and the quote
    (``tests/tui/test_tui_links.py::test_the_loader_refuses_*``); a story holding
    them anyway proves the TUI's own defence.
    """
    sources = {key: source._replace(url=urls.get(key, source.url)) for key, source in story.sources.items()}
    scenes = dict(story.scenes)
    scenes["a_start"] = scenes["a_start"]._replace(text=scenes["a_start"].text + links)
    return Story(
        story.packs,
        story.roles,
        story.variables,
        scenes,
        story.timeline,
        sources,
        story.glossary,
        story.fixed_points,
        story.content_hash,
    )


class Spies:
    """What ran: every action, every screenshot, every exit, every address opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.actions: list[str] = []
        self.screenshots: list[tuple[object, ...]] = []
        self.exits: list[tuple[object, ...]] = []
        self.opened: list[str] = []
        run_action = Spring68App.run_action
        action_screenshot = Spring68App.action_screenshot
        save_screenshot = Spring68App.save_screenshot

        async def spy_run_action(app, action, *args, **kwargs):
            self.actions.append(action if isinstance(action, str) else repr(action))
            return await run_action(app, action, *args, **kwargs)

        def spy_action_screenshot(app, *args, **kwargs):
            self.screenshots.append(("action_screenshot", *args))
            return action_screenshot(app, *args, **kwargs)  # really write: the test looks for the file

        def spy_save_screenshot(app, *args, **kwargs):
            self.screenshots.append(("save_screenshot", *args))
            return save_screenshot(app, *args, **kwargs)

        monkeypatch.setattr(Spring68App, "run_action", spy_run_action)
        monkeypatch.setattr(Spring68App, "action_screenshot", spy_action_screenshot)
        monkeypatch.setattr(Spring68App, "save_screenshot", spy_save_screenshot)
        monkeypatch.setattr(Spring68App, "exit", lambda app, *args, **kwargs: self.exits.append(args))
        monkeypatch.setattr(Spring68App, "open_url", lambda app, url, **kwargs: self.opened.append(url))

    def assert_nothing_from_data_ran(self, *folders: Path) -> None:
        harmful = [a for a in self.actions if "screenshot" in a or a.split("(")[0].rsplit(".", 1)[-1] == "quit"]
        assert not harmful, harmful
        assert not self.screenshots, self.screenshots
        assert not self.exits, self.exits
        assert all(url.startswith(("http://", "https://")) for url in self.opened), self.opened
        for folder in folders:
            assert not list(folder.rglob("pwned*")), list(folder.rglob("pwned*"))


def run(app: Spring68App, script, size: tuple[int, int] = (110, 36), tooltips: bool = False) -> None:
    """Like ``drive``, with notices (toasts) on: they are what a player clicks."""

    async def main() -> None:
        async with app.run_test(size=size, notifications=True, tooltips=tooltips) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def check_drawn(app, where: str, *, verbatim: bool) -> dict[str, tuple[int, int]]:
    """Only the game's own links are drawn, no terminal hyperlink at all, and (if asked) the markup as letters."""
    targets, links = click_targets(app)
    foreign = [a for a in targets if not is_the_games_own(a)]
    assert not foreign, f"{where}: actions from data are drawn: {foreign}"
    assert not links, f"{where}: hyperlinks from data: {links}"
    if verbatim:
        assert VERBATIM in shown_text(app), f"{where}: the markup in the data is not shown as it is"
    return targets


async def probe(pilot, where: str, *, verbatim: bool = True, links: bool = True) -> None:
    """:func:`probe_view` the screen as it opens, and again with everything that scrolls scrolled to its end."""
    await probe_view(pilot, where, verbatim=verbatim, links=links)
    scrolled = False
    for view in pilot.app.screen.query(ScrollableContainer):
        if view.max_scroll_y:
            view.scroll_end(animate=False, immediate=True)
            scrolled = True
    if scrolled:
        await settle(pilot)
        await probe_view(pilot, f"{where}, scrolled", verbatim=False, links=links)


async def probe_view(pilot, where: str, *, verbatim: bool, links: bool) -> None:
    """Check what is drawn, click each web and source link in view, then check and click every notice."""
    app = pilot.app
    screen = app.screen
    targets = check_drawn(app, where, verbatim=verbatim)
    if links:
        for action, cell in targets.items():
            if "glossary:" in action or app.screen is not screen:
                continue  # a glossary link opens another screen (tested in test_tui_glossary_links)
            await pilot.click(offset=cell)
            await settle(pilot)
    await click_notices(pilot, where)


async def click_notices(pilot, where: str) -> None:
    """Every toast shows its message as it is, with no action or hyperlink in it, and is clicked.

    A click dismisses a toast, and on a link it first runs the link's action: the
    click goes on a link if the toast has one (so the spies see what it does).
    """
    app = pilot.app
    await pilot.pause(0.05)
    for toast in list(app.screen.query(Toast)):
        if not toast.is_attached:
            continue
        content = toast.render()
        message = toast._notification.message
        assert message in content.plain, (where, message, content.plain)
        assert not any("@click" in str(span.style) or "link" in str(span.style) for span in content.spans), where
        region = app.screen.find_widget(toast).region
        cells = [(x, y) for y in range(region.y, region.bottom) for x in range(region.x, region.right)]
        cells = [cell for cell in cells if app.screen.get_widget_at(*cell)[0] is toast]  # not what shows around it
        styles = {cell: app.screen.get_style_at(*cell) for cell in cells}
        assert not any(style.link for style in styles.values()), (where, "a hyperlink in a notice")
        links = [cell for cell, style in styles.items() if "@click" in style.meta]
        await pilot.click(offset=(links or cells)[0])
        await settle(pilot)
        assert not toast.is_attached, (where, "a click dismisses a notice")
        assert not links, (where, "an action in a notice")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """Where the payload's screenshot would be written."""
    folder = tmp_path / "target"
    folder.mkdir()
    return folder


@pytest.fixture
def hostile_story(tmp_path: Path, target: Path) -> Story:
    story = load_story([write_hostile_pack(tmp_path / "hostile", target)])
    return past_the_loader(story, HOSTILE_URLS, HOSTILE_LINKS)


def test_the_hostile_pack_loads_with_its_markup_as_text(hostile_story, target):
    """The pack is valid: the markup reaches the screens (so the tests below test something)."""
    assert payload("Scene title", target) == hostile_story.scenes["a_start"].title
    assert hostile_story.sources["book1"].url == HOSTILE_URLS["book1"]


def test_no_screen_runs_an_action_from_a_pack(hostile_story, tmp_path, target, monkeypatch):
    spies = Spies(monkeypatch)
    app = Spring68App(hostile_story, SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot):
        await probe(pilot, "title screen")
        await press(pilot, "ctrl+p")
        await pilot.press(*"New game")
        await settle(pilot)
        await pilot.pause(0.3)
        assert screen_name(app) == "TranslatedPalette"  # Textual's CommandPalette in the player's words
        await probe(pilot, "command palette", links=False)
        await press(pilot, "escape")

        await press(pilot, "1")
        assert screen_name(app) == "ContentNoteDialog"
        await probe(pilot, "content note")
        await press(pilot, "enter")
        assert screen_name(app) == "PlayScreen"
        await probe(pilot, "play screen")
        assert "https://example.org/web" in spies.opened  # the scene's web link was clicked and opened
        assert not any(url.startswith(("ftp:", "file:")) for url in spies.opened)
        assert "https://example.org/a'b" in spies.opened

        for key, name in (
            ("r", "HistoryDialog"),
            ("d", "DiscussDialog"),
            ("t", "TimelineScreen"),
            ("g", "GlossaryScreen"),
            ("l", "LoadScreen"),
        ):
            await press(pilot, key)
            assert screen_name(app) == name
            await probe(pilot, name)
            await press(pilot, "escape")
            assert screen_name(app) == "PlayScreen"
        assert HOSTILE_URLS["book1"] in spies.opened  # a source's address opened through its id

        await press(pilot, "question_mark")
        await probe(pilot, "help", verbatim=False)
        await press(pilot, "escape")

        await press(pilot, "b")
        assert screen_name(app) == "SourcesScreen"
        for index in range(len(hostile_story.sources)):
            app.screen.query_one("#sources").highlighted = index
            await settle(pilot)
            await press(pilot, "o")
            await probe(pilot, f"sources screen, source {index + 1}")
        await press(pilot, "escape")

        await press(pilot, "s")
        assert screen_name(app) == "SaveDialog"
        await probe(pilot, "save dialog", verbatim=False)
        await press(pilot, "enter")
        await probe(pilot, "after saving")
        await press(pilot, "x")  # the transcript: its notice quotes the file name
        await click_notices(pilot, "transcript written")

        await press(pilot, "1")
        assert screen_name(app) == "EndingScreen"
        await probe(pilot, "ending")

        await press(pilot, "ctrl+p")
        await pilot.press(*"New game")
        await settle(pilot)
        await pilot.pause(0.3)
        await probe(pilot, "command palette during a game", links=False)
        await press(pilot, "escape")

    run(app, script)
    spies.assert_nothing_from_data_ran(tmp_path, target)


def test_no_classroom_screen_runs_an_action_from_a_pack(hostile_story, tmp_path, target, monkeypatch):
    spies = Spies(monkeypatch)
    app = Spring68App(hostile_story, SaveFolder(tmp_path / "saves"), cursor_blink=False, classroom=True)
    app.TOOLTIP_DELAY = 0.01

    async def script(pilot):
        await probe(pilot, "classroom title")
        await press(pilot, "1")
        assert screen_name(app) == "ClassNameDialog"
        await probe(pilot, "class name question")
        await press(pilot, "enter")  # no name: the class plays unnamed
        assert screen_name(app) == "ContentNoteDialog"
        await probe(pilot, "classroom content note")
        await press(pilot, "enter")
        assert screen_name(app) == "ClassroomPlayScreen"
        await probe(pilot, "classroom play screen")
        await press(pilot, "v")
        assert screen_name(app) == "VoteDialog"
        await probe(pilot, "vote dialog")
        await pilot.hover("#vote-1")
        await pilot.pause(0.3)
        await probe(pilot, "vote dialog with a tooltip", links=False)
        tooltip = app.screen.query_one("#textual-tooltip")
        assert tooltip.display and VERBATIM in tooltip.render().plain
        await press(pilot, "1", "enter", "1", "enter")  # one vote each: a tie
        assert screen_name(app) == "TieDialog"
        await probe(pilot, "tie dialog")
        await press(pilot, "9")  # no such choice: a notice
        await click_notices(pilot, "tie dialog, wrong number")
        await press(pilot, "1")
        assert screen_name(app) == "DiscussionPause"
        await probe(pilot, "discussion pause")
        await press(pilot, "enter")
        assert screen_name(app) == "ClassroomEndingScreen"
        await probe(pilot, "classroom ending")

    run(app, script, tooltips=True)
    spies.assert_nothing_from_data_ran(tmp_path, target)


def seal(document: dict) -> dict:
    """A save document with its checksum made again, as anyone can."""
    document = {key: value for key, value in document.items() if key != "checksum"}
    document["checksum"] = checksum(document)
    return document


def test_a_crafted_save_cannot_run_an_action(make_app, mini, tmp_path, target, monkeypatch):
    """Role, scene title, a notice and file names from saves reach the title, load screen and notices as text."""
    spies = Spies(monkeypatch)
    folder = SaveFolder(tmp_path / "saves")
    from game.engine import rules

    state = rules.choose(mini, rules.new_game(mini, "alpha"), "a_start.brave")
    folder.write(mini, state, "autosave")
    folder.write(mini, state, "crafted")
    autosave = json.loads(folder.path_for("autosave").read_text(encoding="utf-8"))
    autosave["state"]["role"] = payload("Role", target)  # no such role: "Cannot continue" quotes it
    autosave["scene_title"] = payload("Scene title", target)
    folder.path_for("autosave").write_text(json.dumps(seal(autosave)), encoding="utf-8")
    crafted = json.loads(folder.path_for("crafted").read_text(encoding="utf-8"))
    crafted["_notice"] = payload("Notice", target)
    crafted["scene_title"] = payload("Crafted title", target)
    folder.path_for("crafted").write_text(json.dumps(seal(crafted)), encoding="utf-8")
    (folder.folder / "[@click=app.quit]Y [b]B[b].json").write_text("{not json", encoding="utf-8")
    app = make_app(folder=folder)

    async def script(pilot):
        await probe(pilot, "title screen with a crafted autosave")
        await press(pilot, "3")  # Continue (after the mini pack's two roles)
        assert app.state is None  # the crafted autosave is refused
        await click_notices(pilot, "cannot continue")
        await press(pilot, "l")
        assert screen_name(app) == "LoadScreen"
        await probe(pilot, "load screen")
        saves = app.screen.query_one("#saves")
        names = [saves.get_option_at_index(i).id for i in range(saves.option_count)]
        for slot in names:
            saves.highlighted = names.index(slot)
            await press(pilot, "enter")
            if screen_name(app) == "ConfirmDialog":  # keep the crafted autosave's game? Don't keep it
                await probe(pilot, "keep your game?")
                await press(pilot, "right", "enter")
            await probe(pilot, f"after loading {slot}", verbatim=False)
            if screen_name(app) != "LoadScreen":
                await press(pilot, "l")
            saves = app.screen.query_one("#saves")
        assert app.state is not None and app.state.role == "alpha"  # the crafted slot loads, its notice shown

    run(app, script)
    spies.assert_nothing_from_data_ran(tmp_path, target)


def test_exception_texts_reach_the_notices_as_text(make_app, mini, tmp_path, target, monkeypatch):
    """A failed autosave, a transcript that cannot be written and the quit question quote errors as they are."""
    spies = Spies(monkeypatch)
    from game.tools import transcript

    def failing_write(self, *args, **kwargs):
        raise SaveError(payload("Save error", target))

    def failing_transcript(*args, **kwargs):
        raise OSError(5, payload("Disk error", target))

    monkeypatch.setattr(SaveFolder, "write", failing_write)
    monkeypatch.setattr(transcript, "write_transcript", failing_transcript)
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        await pilot.pause(0.1)
        await settle(pilot)
        assert app.game.save_problem is not None
        await click_notices(pilot, "autosave failed")
        await press(pilot, "x")
        await click_notices(pilot, "transcript not written")
        app.quit_when_saved()  # what q does (not pressed: the spies would count the key's own quit action)
        await settle(pilot)
        assert screen_name(app) == "ConfirmDialog"
        await probe(pilot, "the quit question")
        await press(pilot, "enter")  # Keep playing (Esc would answer the last button: quit anyway)
        assert screen_name(app) == "PlayScreen"

    run(app, script)
    spies.assert_nothing_from_data_ran(tmp_path, target)


def test_a_live_reload_error_reaches_its_notice_as_text(make_app, mini, tmp_path, target, monkeypatch):
    import shutil

    from game.story import loader
    from tests.conftest import MINI

    spies = Spies(monkeypatch)
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)

    def failing_load(*args, **kwargs):
        raise ValueError(payload("Loader crash", target))

    app = make_app(watch=[str(pack)])

    async def script(pilot):
        monkeypatch.setattr(loader, "load_with_problems", failing_load)
        path = pack / "pack.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        app.live_reload.poll()
        for _ in range(100):
            await settle(pilot)
            if not app.live_reload.busy:
                break
        assert any("Loader crash" in n.message for n in app._notifications)
        await click_notices(pilot, "live reload")

    run(app, script)
    spies.assert_nothing_from_data_ran(tmp_path, target)

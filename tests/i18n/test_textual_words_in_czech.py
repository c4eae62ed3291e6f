"""Textual's own words in a Czech session: the palette's placeholder and "no matches", and the keys panel.

The keys panel (the palette's "Klávesy") lists every active binding of the screen, the game's and
Textual's own (OptionList's Up/Down, the screen's Focus Next, the palette key, an Input's editing
keys), each with its description and tooltip: all of it must read Czech.
"""

from __future__ import annotations

import asyncio
import io

from textual.app import App
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, OptionList

from game.engine.saves import SaveFolder
from game.i18n import interface
from game.tui.textual_panels import KeysTable, describe
from game.tui.textual_words import TEXTUAL_KEY_WORDS
from tests.i18n.conftest import czech
from tests.i18n.test_tui_in_czech import screen_text

ENGLISH = (
    "Search for commands",
    "No matches found",
    "Focus Next",
    "Focus Previous",
    "Copy selected text",
    "Scroll Left",
    "Page Down",
    "Page Up",
    "Open the command palette",
    "Quit the app",
    "Menu item",
    "Choice 2",
    "Pick a menu item",
    "Make that choice",
    "Delete character",
    "Move cursor",
    "Paste text",
    "Load",
    "Glossary",
    "Select",
)
"""English a Czech keys panel or palette once showed (Textual's words and the game's key table)."""

TEXTUAL_WIDGETS = (App, Screen, ModalScreen, OptionList, Button, Input, VerticalScroll)
"""The Textual classes whose bindings reach the game's screens (a new one used needs adding here)."""


def run(app, script, size=(120, 40), notifications: bool = False) -> None:
    from tests.tui.conftest import settle

    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:  # toasts only when asked
            await settle(pilot)
            await script(pilot, settle)

    asyncio.run(main())


def english_left(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


def panel_text(app) -> str:
    """The keys panel's words alone (the screen beside it is Czech story text and may quote anything)."""
    from rich.console import Console

    console = Console(width=60, record=True, file=io.StringIO())
    for table in app.screen.query(KeysTable):
        console.print(table.render())
    return console.export_text()


def test_the_palette_and_the_keys_panel_speak_czech_on_the_title_and_a_scene(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert palette.query_one(Input).placeholder == "Hledej příkaz…"
        assert english_left(screen_text(app)) == []
        await pilot.press(*"klávesy", "enter")  # the palette's own Keys command opens the panel
        await settle(pilot)
        assert app.screen is not palette and app.screen.query(KeysTable)
        shown = panel_text(app)
        assert "Další prvek" in shown and "Nahrát" in shown and "Otevře paletu příkazů" in shown
        assert english_left(shown) == []
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "PlayScreen"
        app.action_show_help_panel()
        await settle(pilot)
        shown = panel_text(app)
        assert "Volba" in shown and "Uložit" in shown and "Uložení" not in shown
        assert "O stránku dolů" in shown or "Dolů" in shown  # the choices list's own keys
        assert english_left(shown) == []

    run(app, script)


def test_an_input_s_editing_keys_are_czech_in_the_keys_panel(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        await pilot.press("g")  # the glossary: its search field is an Input
        await settle(pilot)
        app.screen.query_one(Input).focus()
        app.action_show_help_panel()
        await settle(pilot)
        shown = panel_text(app)
        assert "Textové pole" in shown and "Smazat znak vlevo" in shown and "Vložit text ze schránky" in shown
        assert english_left(shown) == []

    run(app, script)


def test_no_matches_is_in_czech(campaign, tmp_path):
    """The one private hook: if Textual renames CommandPalette._start_no_matches_countdown, English shows again."""
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"qxqxqx")
        for _ in range(40):  # Textual waits half a second before saying nothing matched
            await asyncio.sleep(0.05)
            await pilot.pause()
            if "Nic nenalezeno" in screen_text(app):
                break
        shown = screen_text(app)
        assert "Nic nenalezeno" in shown and "No matches found" not in shown

    run(app, script)


def test_the_theme_search_s_placeholder_is_czech(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        app.action_change_theme()  # the palette's "Vzhled" command
        await settle(pilot)
        assert app.screen.query_one(Input).placeholder == "Hledej vzhled…"

    run(app, script)


def test_every_textual_binding_the_game_can_show_is_in_the_catalogue_and_translated(campaign):
    """A Textual release that adds or rewords a binding of a widget the game uses names it here."""
    words: set[str] = set()
    for widget in TEXTUAL_WIDGETS:
        for cls in widget.__mro__:
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and not binding.system:
                    words.update(text for text in (binding.description, binding.tooltip) if text)
            if cls.__dict__.get("BINDING_GROUP_TITLE"):
                words.add(cls.__dict__["BINDING_GROUP_TITLE"])
    words.discard("Quit")  # the game's own key table has it (keys.APP)
    assert words <= set(TEXTUAL_KEY_WORDS), (
        f"Textual has new key words for the catalogue: {words - set(TEXTUAL_KEY_WORDS)}"
    )
    interface.set_language("cs")
    assert [word for word in TEXTUAL_KEY_WORDS if interface._(word) == word] == []


def test_a_binding_s_words_reach_the_panel_as_plain_text_never_markup(campaign):
    interface.set_language("cs")
    shown = describe(Binding("x", "quit", "[@click=app.quit]bold[/]", tooltip="[b]Focus Next[/b]"))
    assert shown.plain == "[@click=app.quit]bold[/] [b]Focus Next[/b]"
    assert describe(Binding("x", "quit", "Focus Next", tooltip="Open the command palette")).plain == (
        "Další prvek Otevře paletu příkazů"
    )


def test_ctrl_c_says_which_key_quits_in_czech(campaign, tmp_path):
    """Textual's Ctrl+C hint ("Do you want to quit? Press q to quit the app") once stayed English."""
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)
    said: list[str] = []

    async def script(pilot, settle):
        await pilot.press("ctrl+c")
        await settle(pilot)
        said.append(screen_text(app))

    run(app, script, notifications=True)
    shown = said[0]
    assert "Chceš hru ukončit?" in shown and "Hru ukončíš klávesou q." in shown
    assert "Do you want to quit" not in shown and "to quit the app" not in shown


def test_the_palette_s_screenshot_goes_to_the_saves_folder_and_says_so_in_czech(campaign, tmp_path):
    from game.tui.app import Spring68App

    saves = tmp_path / "[@click=app.quit]saves"  # a folder's name reaches the toast as text, never as markup
    app = Spring68App(czech(campaign), SaveFolder(saves), cursor_blink=False)
    said: list[str] = []

    async def script(pilot, settle):
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.deliver_screenshot()  # what the palette's "Snímek obrazovky" calls (after a tenth of a second)
        await settle(pilot)
        said.append(screen_text(app))

    run(app, script, notifications=True)
    shots = list(saves.glob("*.svg"))
    assert len(shots) == 1 and shots[0].read_text(encoding="utf-8").startswith("<svg")
    shown = "".join(said[0].split())
    assert "Snímekobrazovky" in shown and "Uloženodo" in shown and "[@click=app.quit]saves" in shown
    assert "Savedscreenshot" not in shown and "Failedtosave" not in shown

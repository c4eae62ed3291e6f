"""The app in Czech: its own words on the title, play, help and ending screens and in the footer, and F4.

The story is the base campaign with its Czech catalogue (``story_in``), the interface speaks Czech
(``interface.set_language``), as ``spring68 --lang cs`` sets them up. A switch of language keeps the
place: the same game at the same scene, the screens built again in the other language.
"""

from __future__ import annotations

import asyncio
import html
import re

from game.engine.saves import SaveFolder
from game.i18n import interface
from game.tui.settings import Settings, remembered_language
from tests.i18n.conftest import czech


def screen_text(app) -> str:
    """What the terminal shows now, as text (from Textual's own screenshot of the screen)."""
    svg = app.export_screenshot()
    rows = re.findall(r"<text [^>]*>(.*?)</text>", svg)
    return html.unescape("".join(rows)).replace("\xa0", " ")


def footer_words(app) -> list[str]:
    from game.tui.widgets.footer import GameFooter

    return [key.description for key in app.screen.query_one(GameFooter).keys]


def run(app, script) -> None:
    from tests.tui.conftest import settle

    async def main() -> None:
        async with app.run_test(size=(100, 36)) as pilot:
            await settle(pilot)
            await script(pilot, settle)

    asyncio.run(main())


def test_title_play_help_and_the_footer_speak_czech(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        title = screen_text(app)
        assert "Nová hra: Po Dubčekově boku" in title and "Jazyk: Čeština" in title
        assert "Nahrát uloženou hru" in title and "Konec" in title
        assert "Nápověda" in footer_words(app) and "Help" not in footer_words(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Než začneš" in screen_text(app)  # the content note, in Czech
        await pilot.press("enter")
        await settle(pilot)
        play = screen_text(app)
        assert type(app.screen).__name__ == "PlayScreen"
        assert "Co uděláš?" in play and "What do you do?" not in play
        assert {"Volba", "Co se stalo", "Uložit", "Nápověda"} <= set(footer_words(app))  # Save, the verb
        assert re.search(r"(pondělí|úterý|středa|čtvrtek|pátek|sobota|neděle) \d{1,2}\. \w+ 1968", play)
        await pilot.press("question_mark")
        await settle(pilot)
        helping = screen_text(app)
        assert "Nápověda: jak se hraje a všechny klávesy" in helping and "Jak se hraje" in helping
        assert "How to play" not in helping

    run(app, script)


def test_the_ending_speaks_czech(campaign, tmp_path):
    from game.tui.app import Spring68App

    story = czech(campaign)
    ending = next(scene for scene in story.scenes.values() if scene.is_ending and not scene.ending.counterfactual)
    app = Spring68App(story, SaveFolder(tmp_path / "saves"), cursor_blink=False)

    async def script(pilot, settle):
        app.game.new(ending.role, start=ending.id)
        app.show_game()
        await settle(pilot)
        shown = screen_text(app)
        assert type(app.screen).__name__ == "EndingScreen"
        assert "Konec" in shown and "Co se doopravdy stalo" in shown and "The end" not in shown
        assert "Uložit záznam" in footer_words(app) and "Nová hra" in footer_words(app)

    run(app, script)


def test_f4_switches_the_language_mid_game_in_the_same_place_and_remembers_it(campaign, tmp_path):
    from game.tui.app import Spring68App

    folder = SaveFolder(tmp_path / "saves")
    app = Spring68App(campaign, folder, cursor_blink=False, role="advisor")  # English, as written

    async def script(pilot, settle):
        await settle(pilot)
        if type(app.screen).__name__ == "ContentNoteDialog":
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        before = app.state
        assert before is not None and len(before.log) == 1
        assert "What do you do?" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        assert interface.language() == "cs"
        assert app.state == before  # the same game, at the same place
        assert type(app.screen).__name__ == "PlayScreen"
        shown = screen_text(app)
        assert "Co uděláš?" in shown and app.story.scenes[before.scene].title in shown
        assert app.story.scenes[before.scene].title != campaign.scenes[before.scene].title  # the story is Czech
        await pilot.press("1")  # and plays on in Czech
        await settle(pilot)
        assert len(app.state.log) == 2
        await pilot.press("f4")
        await settle(pilot)
        assert interface.language() == "en" and "What do you do?" in screen_text(app)
        assert app.story.scenes[app.state.scene].title == campaign.scenes[app.state.scene].title

    run(app, script)
    assert Settings.load(tmp_path / "settings.json").language == "en"
    assert remembered_language(folder.folder, ["cs", "en"]) == "en"


def test_the_title_menu_switches_the_language_and_the_next_start_uses_it(campaign, tmp_path):
    from game.tui.app import Spring68App

    folder = SaveFolder(tmp_path / "saves")
    app = Spring68App(campaign, folder, cursor_blink=False)

    async def script(pilot, settle):
        assert "Language: English" in screen_text(app)
        from game.tui.screens.title import TitleScreen

        assert isinstance(app.screen, TitleScreen)
        app.screen.run_option("language")
        await settle(pilot)
        shown = screen_text(app)
        assert "Jazyk: Čeština" in shown and "Nová hra: Po Dubčekově boku" in shown

    run(app, script)
    assert remembered_language(folder.folder, ["cs", "en"]) == "cs"
    assert remembered_language(folder.folder, ["en"]) is None  # a language the story no longer has is not used


def test_textual_s_own_palette_commands_are_in_czech_with_their_callbacks(campaign):
    """Every system command Textual offers is in the catalogue; in Czech it reads Czech and does the same."""
    from game.tui.app import Spring68App
    from game.tui.commands import TEXTUAL_WORDS, textual_commands

    app = Spring68App(campaign, SaveFolder(None), cursor_blink=False)

    async def commands() -> tuple[list, list]:
        async with app.run_test(size=(80, 24)):
            english = list(super(Spring68App, app).get_system_commands(app.screen))
            interface.set_language("cs")
            return english, list(textual_commands(english))

    english, translated = asyncio.run(commands())
    words = {word for command in english for word in (command.title, command.help)}
    assert words <= set(TEXTUAL_WORDS), f"Textual has new palette words for the catalogue: {words - set(TEXTUAL_WORDS)}"
    assert [command.callback for command in translated] == [command.callback for command in english]
    titles = {command.title for command in translated}
    assert "Konec" in titles and "Snímek obrazovky" in titles and not titles & {"Quit", "Screenshot", "Keys"}


def test_after_f4_the_choice_just_made_is_echoed_in_the_new_language(campaign, tmp_path):
    """ "You chose …" names the choice in the language switched to, not the one it was made in."""
    from game.tui.app import Spring68App

    app = Spring68App(campaign, SaveFolder(tmp_path / "saves"), cursor_blink=False, role="advisor")
    shown: dict[str, str] = {}

    async def script(pilot, settle):
        await settle(pilot)
        if type(app.screen).__name__ == "ContentNoteDialog":
            await pilot.press("enter")
            await settle(pilot)
        await pilot.press("1")
        await settle(pilot)
        shown["en"] = screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        shown["cs"] = screen_text(app)

    run(app, script)
    choice_id = app.state.log[0]
    english = campaign.scenes[choice_id.rpartition(".")[0]].choice(choice_id).label
    czech_label = app.story.scenes[choice_id.rpartition(".")[0]].choice(choice_id).label
    assert czech_label != english
    assert "You chose:" in shown["en"] and english[:30] in " ".join(shown["en"].split())
    flat = " ".join(shown["cs"].split())
    assert "Tvoje volba:" in flat and czech_label[:30] in flat and english[:30] not in flat

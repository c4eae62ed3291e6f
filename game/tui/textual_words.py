"""Textual's own words in the player's language: the command palette and the keys panel.

Textual writes a few words of its own on screen: the palette's placeholder ("Search for
commands…"), its "No matches found", the theme search's placeholder, and the keys panel
(opened from the palette's "Keys"), which lists every active binding with its description and
tooltip: ours (English constants from :mod:`game.tui.keys`) and Textual's (Up, Page Down,
Focus Next, Copy selected text…). A mixin of the app puts each in the player's language through
public API where Textual has it: the palette's ``placeholder`` argument, a :class:`HelpPanel`
whose :class:`KeyPanel` draws its own table from the screen's public ``active_bindings``.
The one private hook (the palette's "No matches found") is commented where it is used, and
``tests/i18n/test_textual_words_in_czech.py`` fails if it stops working.

Every description is shown as plain :class:`~rich.text.Text`, never parsed as markup
(Textual's own table parses a binding's description as markup).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import ClassVar

from textual.app import App
from textual.command import CommandPalette, Provider
from textual.css.query import NoMatches

from game.i18n.interface import N_, _

TEXTUAL_KEY_WORDS = (
    # The command palette and the theme search.
    N_("Search for commands…"),
    N_("Search for themes…"),
    N_("No matches found"),
    # Textual's own bindings, as the keys panel lists them (App, Screen, the palette key).
    N_("Quit the app and return to the command prompt."),
    N_("palette"),
    N_("Open the command palette"),
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    # The bindings of the Textual widgets the game uses: OptionList, Button, scrolling containers, Input.
    N_("Up"),
    N_("Down"),
    N_("First"),
    N_("Last"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Select"),
    N_("Press button"),
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Left"),
    N_("Page Right"),
    N_("Input"),
    N_("Move cursor left"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor left a word"),
    N_("Move cursor right a word"),
    N_("Move cursor left and select"),
    N_("Move cursor right and select"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right a word and select"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Delete character left"),
    N_("Delete character right"),
    N_("Delete left to start of word"),
    N_("Delete right to start of word"),
    N_("Delete all to the left"),
    N_("Delete all to the right"),
    N_("Select all"),
    N_("Submit"),
    N_("Cut selected text"),
    N_("Paste text from the clipboard"),
)
"""Textual's words the game shows, for the catalogue (Textual itself has no translations).

A Textual release that adds a binding shows its description in English until it is added here
and translated: ``tests/i18n/test_textual_words_in_czech.py`` names it.
"""


def folding_system_commands() -> type[Provider]:
    """Textual's system commands provider searching without accents, imported when the palette opens."""
    from game.tui.palette_search import FoldingSystemCommands

    return FoldingSystemCommands


class TextualWords(App[int]):
    """A mixin of :class:`~game.tui.app.Spring68App`: Textual's palette and keys panel in the player's language."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {folding_system_commands}
    """The palette's providers: Textual's own (App.COMMANDS), matching "klav" to *Klávesy* (game.tui.palette_search)."""

    def action_command_palette(self) -> None:
        """Ctrl+P: Textual's palette (the same providers), its placeholder in the player's language."""
        from game.tui.textual_panels import TranslatedPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):  # is_open(), typed App[object]
            self.push_screen(TranslatedPalette(id="--command-palette", placeholder=_("Search for commands…")))

    def search_themes(self) -> None:
        """The palette's "Theme" command: Textual's theme search, its placeholder in the player's language."""
        from textual.theme import ThemeProvider

        from game.tui.textual_panels import TranslatedPalette

        self.push_screen(TranslatedPalette(providers=[ThemeProvider], placeholder=_("Search for themes…")))

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's binding: it copies in a text field, so it no longer quits): which key quits, translated.

        Textual's own says "Press q to quit the app" in English, as markup; this says it as plain text.
        """
        from game.tui.safe_text import notice

        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                notice(self, _("Press {key} to quit the game.").format(key=key), title=_("Do you want to quit?"))
                return

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's "Screenshot": an SVG of the screen in the saves folder, said in the player's language.

        Textual's own delivery reports in English (its private DeliveryComplete handler) and writes into
        the working directory; in a browser the file must be delivered to it, so there Textual's is kept.
        """
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        from game.tui.game_app import game_app
        from game.tui.safe_text import notice

        saves = game_app(self).game.saves
        folder = path or (str(saves.folder) if saves is not None else ".")
        try:
            os.makedirs(folder, exist_ok=True)
            written = self.save_screenshot(filename, folder, time_format)
        except OSError as exc:
            problem = _("The screenshot could not be saved into {folder}: {problem}")
            notice(
                self,
                problem.format(folder=folder, problem=exc.strerror or exc),
                title=_("Screenshot"),
                severity="error",
            )
            return None
        notice(self, _("Saved to {path}").format(path=written), title=_("Screenshot"), timeout=8)
        return None

    def action_show_help_panel(self) -> None:
        """The palette's "Keys" command: the keys panel, in the player's language."""
        from textual.widgets import HelpPanel

        from game.tui.textual_panels import TranslatedHelpPanel

        try:
            self.screen.query_one(HelpPanel)
        except NoMatches:
            self.screen.mount(TranslatedHelpPanel())

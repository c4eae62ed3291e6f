"""The game's entries in the command palette (Ctrl+P), beside Textual's own."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from game.i18n.interface import N_, _
from game.tui.safe_text import escape_markup

if TYPE_CHECKING:
    from game.tui.app import Spring68App


TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
"""The words of Textual's own palette commands (textual.app.App.get_system_commands), for the catalogue.

A new Textual release may add or reword one: it then shows in English, never as an id, and
``tests/i18n/test_tui_in_czech.py`` names it.
"""


def textual_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's own palette commands in the player's language (the same callbacks), escaped like ours."""
    for command in commands:
        yield command._replace(title=escape_markup(_(command.title)), help=escape_markup(_(command.help)))


def game_commands(app: Spring68App) -> Iterator[SystemCommand]:
    """Reference screens, a new game in each role, and (with a game in play) save, export and undo."""

    # The palette reads its entries as markup: the translations go in escaped, as a pack's words do.
    def command(name: str, help_text: str, callback: Callable[[], object]) -> SystemCommand:
        return SystemCommand(escape_markup(name), escape_markup(help_text), callback)

    yield command(
        _("High contrast"), _("Switch the high-contrast theme on or off (F3)"), app.action_toggle_high_contrast
    )
    if len(app.languages()) > 1:
        yield command(_("Language"), _("Switch the language (F4)"), app.action_next_language)
    yield command(_("Help"), _("Every key, and how to play (?)"), app.action_help)
    yield command(_("Timeline"), _("The dated events of 1968–1969 (t)"), app.action_timeline)
    yield command(_("Glossary"), _("People, places and terms (g)"), app.action_glossary)
    yield command(_("Sources"), _("The books and archives the game draws on (b)"), app.action_sources)
    yield command(_("Load a saved game"), _("Your saves, newest first (l)"), app.action_load)
    for role in app.story.roles.values():
        # The palette reads a command's name and help as markup: a pack's words go in escaped.
        yield command(
            _("New game: {role}").format(role=role.title),
            role.summary or _("Start again in this role"),
            partial(app.start_new_game, role.id),
        )
    if app.state is not None:
        yield command(_("Save the game"), _("Save to a named slot (s)"), app.action_save)
        yield command(_("Export transcript"), _("Write the game so far as a Markdown file (x)"), app.action_export)
        if app.state.log:
            yield command(_("Undo"), _("Take back your last choice (u)"), app.action_undo)

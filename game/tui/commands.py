"""The game's entries in the command palette (Ctrl+P), beside Textual's own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from game.i18n.interface import _
from game.tui.safe_text import escape_markup

if TYPE_CHECKING:
    from game.tui.app import Spring68App


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

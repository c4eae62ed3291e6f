"""The game's entries in the command palette (Ctrl+P), beside Textual's own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from game.tui.safe_text import escape_markup

if TYPE_CHECKING:
    from game.tui.app import Spring68App


def game_commands(app: Spring68App) -> Iterator[SystemCommand]:
    """Reference screens, a new game in each role, and (with a game in play) save, export and undo."""
    yield SystemCommand(
        "High contrast", "Switch the high-contrast theme on or off (F3)", app.action_toggle_high_contrast
    )
    yield SystemCommand("Help", "Every key, and how to play (?)", app.action_help)
    yield SystemCommand("Timeline", "The dated events of 1968–1969 (t)", app.action_timeline)
    yield SystemCommand("Glossary", "People, places and terms (g)", app.action_glossary)
    yield SystemCommand("Sources", "The books and archives the game draws on (b)", app.action_sources)
    yield SystemCommand("Load a saved game", "Your saves, newest first (l)", app.action_load)
    for role in app.story.roles.values():
        # The palette reads a command's name and help as markup: a pack's words go in escaped.
        yield SystemCommand(
            escape_markup(f"New game: {role.title}"),
            escape_markup(role.summary) if role.summary else "Start again in this role",
            lambda role=role.id: app.start_new_game(role),
        )
    if app.state is not None:
        yield SystemCommand("Save the game", "Save to a named slot (s)", app.action_save)
        yield SystemCommand("Export transcript", "Write the game so far as a Markdown file (x)", app.action_export)
        if app.state.log:
            yield SystemCommand("Undo", "Take back your last choice (u)", app.action_undo)

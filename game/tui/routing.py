"""Which game screen the current state needs (play or the ending, everyday or classroom), put on top."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import rules

if TYPE_CHECKING:
    from game.tui.app import Spring68App


def show_game(app: Spring68App) -> None:
    """Close the reference screens and dialogs over the game screen, and show the state on the right one."""
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.play import PlayScreen

    state = app.state
    if state is None:
        return
    over = rules.is_over(app.story, state)
    wanted: type[PlayScreen] | type[EndingScreen] = EndingScreen if over else PlayScreen
    if app.classroom:
        from game.tui.screens.classroom import ClassroomEndingScreen, ClassroomPlayScreen

        wanted = ClassroomEndingScreen if over else ClassroomPlayScreen
    stack = app.screen_stack
    game_index = next((i for i, s in enumerate(stack) if isinstance(s, (PlayScreen, EndingScreen))), None)
    if game_index is not None:
        while len(app.screen_stack) > game_index + 1:
            app.pop_screen()
        current = app.screen_stack[-1]
        if isinstance(current, wanted):
            current.show_state()
        else:
            app.switch_screen(wanted())
    else:
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.push_screen(wanted())

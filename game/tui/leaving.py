"""The two questions asked before a game could be lost: replacing an unkept game, and quitting unsaved.

The rule (what would be lost) is the Playthrough's (:mod:`game.engine.keeping`);
these ask the player and carry out the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import rules
from game.engine.saves import SaveError
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.tui.app import Spring68App


async def confirm_leaving(app: Spring68App, doing: str) -> bool:
    """Ask before replacing an unfinished game that is in no slot (keeping it if asked); True to go ahead."""
    game = app.game
    unkept = game.unkept()
    if unkept is None:
        return True
    from game.tui.dialogs.confirm import ConfirmDialog

    state = unkept.state
    scene = app.story.scenes.get(state.scene)
    role = app.story.roles.get(state.role)
    where = f"{scene.title} ({role.title if role else state.role})" if scene else state.scene
    answer = await app.push_screen_wait(
        ConfirmDialog(
            "Keep your current game?",
            f"You are in the middle of a game: {where}, after {len(state.log)} choice"
            f"{'s' if len(state.log) != 1 else ''}. {doing} replaces it as the game that "
            "Continue opens. Keep it as a named save so you can load it later?",
            [
                ("keep", "Keep it and go on", "primary"),
                ("drop", "Don't keep it", "default"),
                ("cancel", "Cancel", "default"),
            ],
        )
    )
    if answer != "keep":
        return answer == "drop"
    try:
        slot = game.keep(unkept)
    except SaveError as exc:
        notice(app, str(exc), title="Could not keep your game", severity="error", timeout=10)
        return False
    finally:
        app.autosaver.tell_folder_notices()
    notice(app, f"Your previous game is kept as the save '{slot}'.", timeout=6)
    return True


async def may_quit(app: Spring68App) -> bool:
    """True to quit now; when the last autosave failed, the player says (or goes to a named save)."""
    game = app.game
    if game.save_problem is None or game.state is None or rules.is_over(game.story, game.state):
        return True
    from game.tui.dialogs.confirm import ConfirmDialog

    answer = await app.push_screen_wait(
        ConfirmDialog(
            "Your game is not saved",
            f"The last autosave failed: {game.save_problem}. If you quit now, your progress since then is lost.",
            [
                ("stay", "Keep playing", "primary"),
                ("save", "Save to a named slot", "default"),
                ("quit", "Quit anyway", "error"),
            ],
        )
    )
    if answer == "save":
        app.action_save()
    return answer == "quit"

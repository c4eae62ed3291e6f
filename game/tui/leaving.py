"""The two questions asked before a game could be lost: replacing an unkept game, and quitting unsaved.

The rule (what would be lost) is the Playthrough's (:mod:`game.engine.keeping`);
these ask the player and carry out the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.engine import rules
from game.engine.classroom import ClassVotes
from game.engine.saves import SaveError
from game.i18n.interface import _, ngettext
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.engine.playthrough import Unkept
    from game.story.model import Story
    from game.tui.app import Spring68App


def replacing_message(story: Story, unkept: Unkept, doing: str, record: ClassVotes | None = None) -> str:
    """What the question says of the game about to be replaced: one in the middle, or a class's finished game.

    A class's game is kept even when it has ended (its votes are the lesson's record), so the question
    must not call a finished one "the middle of a game". ``record`` is the class record of the game in
    play; a game found in the autosave is a class's when its document carries the class's block.
    """
    state = unkept.state
    scene = story.scenes.get(state.scene)
    role = story.roles.get(state.role)
    where = f"{scene.title} ({role.title if role else state.role})" if scene else state.scene
    count = len(state.log)
    choices = ngettext("{n} choice", "{n} choices", count).format(n=count)
    if unkept.document is not None:
        record = ClassVotes.from_block(unkept.document.get("classroom"))
    record = record or ClassVotes()
    class_game, name = record.is_class_game, record.name
    if scene is not None and rules.is_over(story, state):
        if name:
            now = _("The class game of {name} has ended: {where}, after {choices}.")
        elif class_game:
            now = _("The class's game has ended: {where}, after {choices}.")
        else:
            now = _("Your last game has ended: {where}, after {choices}.")
    else:
        now = _("You are in the middle of a game: {where}, after {choices}.")
    # Translators: {now} is one of the sentences above; {doing} is "A new game" or "Loading a save".
    return _(
        "{now} {doing} replaces it as the game that Continue opens. Keep it as a named save so you can load it later?"
    ).format(now=now.format(name=name, where=where, choices=choices), doing=_(doing))


async def confirm_leaving(app: Spring68App, doing: str) -> bool:
    """Ask before replacing an unfinished game that is in no slot (keeping it if asked); True to go ahead."""
    game = app.game
    unkept = game.unkept()
    if unkept is None:
        return True
    from game.tui.dialogs.confirm import ConfirmDialog

    answer = await app.push_screen_wait(
        ConfirmDialog(
            _("Keep your current game?"),
            replacing_message(app.story, unkept, doing, game.votes),
            [
                ("keep", _("Keep it and go on"), "primary"),
                ("drop", _("Don't keep it"), "default"),
                ("cancel", _("Cancel"), "default"),
            ],
        )
    )
    if answer != "keep":
        return answer == "drop"
    try:
        slot = game.keep(unkept)
    except SaveError as exc:
        notice(app, str(exc), title=_("Could not keep your game"), severity="error", timeout=10)
        return False
    finally:
        app.autosaver.tell_folder_notices()
    notice(app, _("Your previous game is kept as the save '{slot}'.").format(slot=slot), timeout=6)
    return True


async def may_quit(app: Spring68App) -> bool:
    """True to quit now; when the last autosave failed, the player says (or goes to a named save)."""
    game = app.game
    if game.save_problem is None or game.state is None or rules.is_over(game.story, game.state):
        return True
    from game.tui.dialogs.confirm import ConfirmDialog

    answer = await app.push_screen_wait(
        ConfirmDialog(
            _("Your game is not saved"),
            _("The last autosave failed: {problem}. If you quit now, your progress since then is lost.").format(
                problem=game.save_problem
            ),
            [
                ("stay", _("Keep playing"), "primary"),
                ("save", _("Save to a named slot"), "default"),
                ("quit", _("Quit anyway"), "error"),
            ],
        )
    )
    if answer == "save":
        app.action_save()
    return answer == "quit"

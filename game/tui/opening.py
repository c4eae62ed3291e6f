"""Opening a game in the app: a new one, the last one (Continue), or a named save, each with its questions.

Each asks what must be asked first (replacing an unkept game, the content
note), hands the move to the Playthrough, and shows the game. The app runs
them as its exclusive "game-flow" workers, so two never overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from game.engine import rules
from game.engine.saves import AUTOSAVE, SaveError
from game.i18n.interface import N_, _
from game.tui.leaving import confirm_leaving
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.tui.app import Spring68App


def first(
    app: Spring68App,
    *,
    role: str | None,
    start: str | None,
    overrides: Mapping[str, int | bool] | None,
    resume: str | None,
) -> None:
    """What the app opens on: the classroom's keys, then the save or game asked for on the command line."""
    if app.classroom:
        notice(
            app,
            _(
                "v: the class votes · d: discussion prompts · m: a discussion timer. "
                "Zoom the terminal (Ctrl and +) until the back row can read it."
            ),
            title=_("Classroom mode"),
            timeout=10,
        )
    if resume is not None:
        if resume == AUTOSAVE:
            app.continue_game()
        else:
            app.load_slot(resume)
        return
    if start is not None and role is None:
        scene = app.story.scenes.get(start)
        role = scene.role if scene is not None else None
    if role is not None:
        # Started from the command line: a modder testing a scene (--from) skips the content note.
        app.start_new_game(role, start=start, overrides=overrides, ask=start is None)


async def new_game(
    app: Spring68App, role: str, *, start: str | None, overrides: Mapping[str, int | bool] | None, ask: bool
) -> None:
    """Start a game in ``role``; ``ask``: first about an unkept game and the pack's content note."""
    if ask and not await confirm_leaving(app, N_("A new game")):
        return
    if ask and app.classroom and not await app.ask_class_name():
        return
    note = app.story.pack.content_note
    if ask and note:
        from game.tui.dialogs.content_note import ContentNoteDialog

        if not await app.push_screen_wait(ContentNoteDialog(note)):
            return
    try:
        app.game.new(role, start=start, overrides=overrides)
    except rules.RuleError as exc:
        notice(app, str(exc), title=_("Cannot start this game"), severity="error", timeout=10)
        return
    app.autosave()
    app.show_game()


def continue_game(app: Spring68App) -> None:
    """Back to the game in play, or resume the autosave (the game played last)."""
    if app.state is None:
        try:
            resumed = app.game.continue_last()
        except SaveError as exc:
            notice(app, str(exc), title=_("Cannot continue"), severity="error", timeout=10)
            return
        if resumed.note:
            notice(app, resumed.note, title=_("Your game goes on"), severity="warning", timeout=15)
        app.autosave()
    app.show_game()  # the game on screen is never older than its autosave


async def load_slot(app: Spring68App, slot: str) -> None:
    """Play on from a save; asks first when that would replace an unkept game."""
    try:
        restored = app.game.read(slot)
    except SaveError as exc:
        notice(app, str(exc), title=_("Cannot load this save"), severity="error", timeout=10)
        return
    in_play = app.game.is_in_play(restored.state)
    if in_play and slot == AUTOSAVE:
        app.show_game()
        return
    if not in_play and slot != AUTOSAVE and not await confirm_leaving(app, N_("Loading a save")):
        return
    if restored.note:
        notice(app, restored.note, title=_("Your game goes on"), severity="warning", timeout=15)
    app.game.load(restored, slot)
    app.autosave()
    app.show_game()
    notice(app, _("Loaded '{slot}'.").format(slot=slot), timeout=3)

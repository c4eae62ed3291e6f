"""Keeping games: when replacing a game would lose it, and keeping it as a named save.

The autosave holds one game. Starting another game, loading a save, or a
second window or terminal playing in the same save folder replaces it. That
loses a game when it is *begun* (a choice was made), *unfinished* (not at an
ending) and *in no named slot*. A class's game (one with a class name, date,
lesson or votes: :class:`~game.engine.classroom.ClassVotes`) is lost even
at its ending: its votes are the lesson's record, so it too is kept. Every front end asks the same question
through :func:`would_be_lost` / :func:`unkept_autosave`, keeps a game the
same way (:func:`keep_game`, :func:`keep_document`), and the save folder
itself uses :func:`keep_replaced` so that an autosave written by another
front end is kept, not overwritten.

A kept game is a named save like any other, named after its role and scene
("Alpha role The middle", then "… 2", "… 3"; a class's game after the class
and its day, "9B 2026-12-02"), so the player finds it in the
load list and with ``spring68 play --load NAME``.
"""

from __future__ import annotations

import os
from typing import Any

from game.engine.classroom import ClassVotes
from game.engine.saves import AUTOSAVE, MAX_SLOT_CHARS, SaveError, SaveFolder, checksum, read_document, slot_name
from game.engine.state import GameState, StateError
from game.story.model import Story

FALLBACK_NAME = "kept game"
"""The name of a kept game whose role and scene titles leave no usable letters."""
MAX_NUMBERED = 10_000
"""Kept games with the same name before the folder is called full: bounds the search for a free name."""


def is_unfinished(story: Story, state: GameState) -> bool:
    """Begun (a choice made) and not at an ending.

    A scene the story does not have counts as unfinished: the game may come
    from another pack, and nothing says it is over.
    """
    if not state.log:
        return False
    scene = story.scenes.get(state.scene)
    return scene is None or not scene.is_ending


def slot_holding(folder: SaveFolder, state: GameState) -> str | None:
    """The named slot that holds exactly this game position, or None (the autosave and its backup do not count)."""
    infos, _ = folder.slots()
    for info in infos:
        if info.slot == AUTOSAVE or (info.role, info.scene, info.choices) != (state.role, state.scene, len(state.log)):
            continue
        try:
            if GameState.from_dict(read_document(info.path)["state"]) == state:
                return info.slot
        except (SaveError, StateError):
            continue
    return None


def is_class_game(document: dict[str, Any]) -> bool:
    """True for a save of a class's game (its ``classroom`` block has a name, a date, a lesson or a vote)."""
    return ClassVotes.from_block(document.get("classroom")).is_class_game


def would_be_lost(
    story: Story, folder: SaveFolder, state: GameState, *, kept: GameState | None = None, class_game: bool = False
) -> bool:
    """True when replacing ``state`` as the game in play would lose it: begun, unfinished and in no named slot.

    ``kept`` is a state the front end knows is in a named slot (the last one it saved to or loaded
    from one), which spares reading the folder. A ``class_game`` counts even when it is finished.
    """
    worth_keeping = is_unfinished(story, state) or (class_game and bool(state.log))
    if not worth_keeping or (kept is not None and kept == state):
        return False
    return slot_holding(folder, state) is None


def unkept_autosave(story: Story, folder: SaveFolder) -> dict[str, Any] | None:
    """The autosave's document when starting a new game would lose its game; None when nothing would be lost.

    An autosave that cannot be read (and has no readable backup) gives None: the next write keeps
    the damaged file aside anyway.
    """
    try:
        document = folder.load(AUTOSAVE)
        state = GameState.from_dict(document["state"])
    except (SaveError, StateError):
        return None
    return document if would_be_lost(story, folder, state, class_game=is_class_game(document)) else None


def describe(story: Story, document: dict[str, Any]) -> str:
    """A saved game in a few words: 'Alpha role, at The middle, after 1 choice'."""
    state = document["state"]
    role = story.roles.get(state["role"])
    scene = story.scenes.get(state["scene"])
    title = scene.title if scene else document.get("scene_title") or state["scene"]
    count = len(state["log"])
    return f"{role.title if role else state['role']}, at {title}, after {count} choice{'' if count == 1 else 's'}"


def free_name(
    folder: SaveFolder, story: Story, role_id: str, scene_title: str, record: ClassVotes | None = None
) -> str:
    """A slot name for a kept game that no file in the folder uses yet: role and scene (a class's game: the
    class and its day), then a number."""
    role = story.roles.get(role_id)
    wanted = f"{role.title if role else role_id} {scene_title}"
    if record is not None and (record.name or record.started):
        wanted = f"{record.name or 'Class'} {record.started}"
    try:
        name = slot_name(wanted)
    except SaveError:
        name = FALLBACK_NAME
    candidate = name
    for number in range(2, MAX_NUMBERED):
        if not os.path.lexists(folder.path_for(candidate)):
            return candidate
        suffix = f" {number}"
        candidate = name[: MAX_SLOT_CHARS - len(suffix)].rstrip() + suffix
    raise SaveError(f"{folder.folder} already holds {MAX_NUMBERED:,} kept games named '{name}'; remove some of them")


def keep_game(folder: SaveFolder, story: Story, state: GameState, *, extra: dict[str, Any] | None = None) -> str:
    """Save ``state`` (with its ``extra`` blocks, e.g. class votes) to a new named slot; returns the slot's name.

    Raises SaveError (a full disk, a read-only folder) with a plain reason.
    """
    scene = story.scenes.get(state.scene)
    record = ClassVotes.from_block((extra or {}).get("classroom"))
    slot = free_name(folder, story, state.role, scene.title if scene else state.scene, record)
    folder.write(story, state, slot, extra=extra)
    return slot


def keep_document(folder: SaveFolder, story: Story, document: dict[str, Any], slot: str | None = None) -> str:
    """Save a checked save document as it is (packs, votes, game id) under a new named slot, or ``slot``.

    Only the slot name and the checksum change; the times stay those of the game. The folder
    remembers the slot (``kept_for``), so finding the same game in the autosave again updates it
    instead of making another. Returns the slot's name; raises SaveError.
    """
    state = document["state"]
    if slot is None:
        scene = story.scenes.get(state["scene"])
        title = scene.title if scene else document.get("scene_title") or ""
        slot = free_name(folder, story, state["role"], title, ClassVotes.from_block(document.get("classroom")))
    copy = {key: value for key, value in document.items() if not key.startswith("_") and key != "checksum"}
    copy["slot"] = slot
    copy["checksum"] = checksum(copy)
    folder.store(story, slot, copy)
    game = GameState.from_dict(state).game
    if game:
        folder.kept_for[game] = slot
    return slot


def continues(new: GameState, old: GameState) -> bool:
    """True when ``new`` is ``old`` played further: the same playthrough, and ``old``'s choices come first."""
    return (
        bool(old.game)
        and new.game == old.game
        and new.role == old.role
        and new.origin.get("scene") == old.origin.get("scene")
        and new.log[: len(old.log)] == old.log
    )


def keep_replaced(
    folder: SaveFolder, story: Story, found: dict[str, Any], replacing: dict[str, Any]
) -> tuple[str, bool] | None:
    """Keep the game in ``found`` (the autosave about to be replaced by ``replacing``) if replacing it loses it.

    Nothing is kept when that game is not begun, is over, is the same position as the new one,
    is continued by it (same game id, its choices first), or is in a named slot already. Otherwise
    it goes to a named slot: the one this folder kept the same game in before when that slot still
    holds that game (updated in place, and ``told`` is True: the player heard about it), else a new
    one. Returns ``(slot, told)``, or None when nothing needed keeping; raises SaveError when the
    game cannot be kept (the caller then leaves the autosave as it is).
    """
    old = GameState.from_dict(found["state"])
    new = GameState.from_dict(replacing["state"])
    worth_keeping = is_unfinished(story, old) or (is_class_game(found) and bool(old.log))
    if not worth_keeping or old == new or continues(new, old):
        return None
    if slot_holding(folder, old) is not None:
        return None
    slot = folder.kept_for.get(old.game) if old.game else None
    told = slot is not None and _holds_game(folder, slot, old.game)
    try:
        slot = keep_document(folder, story, found, slot if told else None)
    except SaveError as exc:
        raise SaveError(
            f"the autosave holds another unfinished game ({describe(story, found)}) and it could not be "
            f"kept first, so it is left as it is ({exc})"
        ) from None
    return slot, told


def _holds_game(folder: SaveFolder, slot: str, game: str) -> bool:
    try:
        return GameState.from_dict(read_document(folder.path_for(slot))["state"]).game == game
    except (SaveError, StateError):
        return False

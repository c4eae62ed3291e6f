"""The rules of play: a pure function of (story, state, choice) → state.

Every front end (the Textual app, plain mode, the explorer, the tests) calls
these functions, so no rule lives anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from game.engine.state import GameState, new_game_id
from game.story import placeholders
from game.story.model import Choice, Scene, Story, join_passages


class RuleError(ValueError):
    """A move the rules do not allow (an unknown role, an unavailable choice, …)."""


def new_game(
    story: Story,
    role: str,
    *,
    start: str | None = None,
    overrides: Mapping[str, int | bool] | None = None,
    game: str | None = None,
) -> GameState:
    """A fresh state for ``role``; ``start`` and ``overrides`` let a modder begin anywhere.

    ``game`` is the playthrough's id: a new random one unless given (replaying a game keeps its own).
    """
    if role not in story.roles:
        raise RuleError(f"unknown role '{role}'; roles: {', '.join(story.roles)}")
    scene_id = start or story.roles[role].start
    scene = story.scenes.get(scene_id)
    if scene is None:
        raise RuleError(f"there is no scene '{scene_id}'")
    if scene.role != role:
        raise RuleError(f"scene '{scene_id}' belongs to role '{scene.role}', not '{role}'")
    values: dict[str, int | bool] = {v.name: v.initial for v in story.variables_for(role)}
    for name, value in (overrides or {}).items():
        variable = story.variables.get(name)
        if variable is None or name not in values:
            raise RuleError(f"role '{role}' has no variable '{name}'")
        if variable.type == "flag" and not isinstance(value, bool):
            raise RuleError(f"'{name}' is a flag: set it to true or false")
        if variable.type == "number" and (isinstance(value, bool) or not variable.min <= value <= variable.max):
            raise RuleError(f"'{name}' takes a whole number from {variable.min} to {variable.max}")
        values[name] = value
    origin = {"scene": scene_id, "set": dict(overrides or {}), "game": game or new_game_id()}
    return GameState(role, scene_id, values, (scene_id,), (), origin)


def current_scene(story: Story, state: GameState) -> Scene:
    scene = story.scenes.get(state.scene)
    if scene is None:
        raise RuleError(f"the story has no scene '{state.scene}'")
    return scene


def available_choices(story: Story, state: GameState) -> list[Choice]:
    """The choices whose conditions hold now, in the order the scene lists them."""
    scene = current_scene(story, state)
    return [c for c in scene.choices if c.condition is None or c.condition.run(state)]


def is_over(story: Story, state: GameState) -> bool:
    return current_scene(story, state).is_ending


def choose(story: Story, state: GameState, choice_id: str) -> GameState:
    """Make a choice (by stable id or id within the scene) and return the new state.

    All effects of a choice are computed from the state before it, then
    clamped to each variable's bounds, so their order in the file never matters.
    """
    scene = current_scene(story, state)
    choice = scene.choice(choice_id)
    if choice is None:
        raise RuleError(f"scene '{scene.id}' has no choice '{choice_id}'")
    if choice.condition is not None and not choice.condition.run(state):
        raise RuleError(f"the choice '{choice.id}' is not available now")
    return apply_choice(story, state, choice)


def apply_choice(story: Story, state: GameState, choice: Choice) -> GameState:
    """Apply a choice already known to be available (the explorer filters first; this skips the check)."""
    values = dict(state.variables)
    for effect in choice.effects:
        result = effect.value.run(state)
        if effect.mode == "add":
            result = values[effect.variable] + result
        values[effect.variable] = story.variables[effect.variable].clamp(result)
    return GameState(
        state.role, choice.goto, values, state.path + (choice.goto,), state.log + (choice.id,), state.origin
    )


class Replay(NamedTuple):
    """The result of replaying a log: the state reached, and why it stopped early if it did."""

    state: GameState
    applied: int
    stopped: str = ""


def replay(
    story: Story,
    role: str,
    log: list[str] | tuple[str, ...],
    *,
    start: str | None = None,
    overrides: Mapping[str, int | bool] | None = None,
    game: str | None = None,
) -> Replay:
    """Play ``log`` from the start; stop at the first choice that no longer exists or applies.

    ``game`` keeps the id of the playthrough being replayed (a new one when None).
    """
    state = new_game(story, role, start=start, overrides=overrides, game=game)
    for index, choice_id in enumerate(log):
        scene_id, _, local = choice_id.rpartition(".")
        if scene_id != state.scene:
            return Replay(
                state,
                index,
                f"choice '{choice_id}' was made in scene '{scene_id}', but the story is now at '{state.scene}'",
            )
        try:
            state = choose(story, state, local)
        except RuleError as exc:
            return Replay(state, index, str(exc))
    return Replay(state, len(log))


def refit(story: Story, state: GameState) -> Replay:
    """Carry a game over to a changed story (live reload): replay its choices from where it began.

    ``stopped`` is empty when every choice still exists and applies, so the
    game fits the new story exactly; otherwise it says where and why not.
    """
    if state.role not in story.roles:
        return Replay(state, 0, f"the role '{state.role}' is gone")
    origin = state.origin
    start = origin.get("scene") or None
    if start is not None and start not in story.scenes:
        return Replay(state, 0, f"the scene '{start}' where this game began is gone")
    try:
        return replay(
            story, state.role, state.log, start=start, overrides=origin.get("set") or None, game=state.game or None
        )
    except RuleError as exc:
        return Replay(state, 0, str(exc))


def undo(story: Story, state: GameState) -> GameState:
    """The state before the last choice (replayed from the start, so it is exact)."""
    if not state.log:
        raise RuleError("there is nothing to undo")
    origin = state.origin
    result = replay(
        story,
        state.role,
        state.log[:-1],
        start=origin.get("scene") or None,
        overrides=origin.get("set") or None,
        game=state.game or None,
    )
    return result.state


def interpolate(text: str, state: GameState) -> str:
    """Put variable values into ``{name}`` places; ``{{`` and ``}}`` stand for braces.

    What a place is belongs to :mod:`game.story.placeholders`, which the loader checks with too, so
    every place that passes ``check`` is filled in here.
    """
    variables = state.variables

    def value(name: str) -> str | None:
        found = variables.get(name)
        if found is None:
            return None
        if isinstance(found, bool):
            return "yes" if found else "no"
        return str(found)

    return placeholders.fill(text, value)


def scene_text(scene: Scene, state: GameState) -> str:
    """The scene's text as this player reads it: the passages shown in this state, with values filled in.

    Every front end and export shows a scene's text through this one function, so the rule for
    what a player reads lives here: a scene whose text is a list shows the passages without a
    condition and those whose condition holds in ``state`` (the state the scene is read in), in
    order, joined by :func:`~game.story.model.join_passages`; then ``{name}`` places are filled in.
    """
    if not scene.passages:
        return interpolate(scene.text, state)
    return interpolate(join_passages(scene.passages[i].text for i in shown_passages(scene, state)), state)


def shown_passages(scene: Scene, state: GameState) -> tuple[int, ...]:
    """The positions of the passages a player reads in ``state`` (what :func:`scene_text` shows), in order."""
    return tuple(i for i, p in enumerate(scene.passages) if p.condition is None or p.condition.run(state))


def bar_changes(story: Story, before: GameState | None, after: GameState) -> dict[str, int]:
    """How much the last choice moved each shown number, by variable name (only the ones that moved).

    ``before`` is the state the choice was made in (``None`` at the start: nothing moved). Only
    variables that are shown and numeric count: flags and hidden counters are the story's business.
    """
    if before is None or before.role != after.role:
        return {}
    moved: dict[str, int] = {}
    for variable in story.variables_for(after.role):
        if not variable.shown or variable.type != "number":
            continue
        old, new = before.variables.get(variable.name), after.variables.get(variable.name)
        if isinstance(old, bool) or isinstance(new, bool) or old is None or new is None:
            continue
        if new != old:
            moved[variable.name] = int(new) - int(old)
    return moved


def ending_ahead(story: Story, choice: Choice) -> Scene | None:
    """The counterfactual ending this option leads to at once, if it does; ``None`` otherwise.

    A player is told before choosing that an option ends the story in an imagined ending; front
    ends mark such options with what this returns.
    """
    target = story.scenes.get(choice.goto)
    if target is None or target.ending is None or not target.ending.counterfactual:
        return None
    return target

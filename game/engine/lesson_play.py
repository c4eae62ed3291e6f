"""How a lesson plays: the class decides in the lesson's scenes; every other scene passes along the default path.

A lesson (:class:`game.story.lessons.Lesson`) names the 6–8 decisions a
class has time for. Between them the game does not stop: each scene that
is not a lesson scene is passed with the choice the lesson names for it
(``path:``), else the first open choice that does not lead at once to a
counterfactual ending — the historical way on. Those choices are real moves
(in the log, with their effects), so the role's variables, conditions and
fixed points mean what they mean in the full game, a save of a lesson game
replays like any other, and the transcript shows every scene passed.

Undo in a lesson takes back the class's last decision and every scene
passed after it. The proof that a lesson's routes keep the fixed points
(for ``spring68 check``) is :func:`check_lesson`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from game.engine import rules
from game.engine.state import GameState
from game.story.errors import Problem
from game.story.lessons import FEWEST_DECISIONS, MOST_DECISIONS, Lesson
from game.story.model import Choice, Story

MAX_ROUTE_STATES = 20_000
"""States the check of one lesson's routes visits at most (a lesson of 8 decisions of 4 options: 4,096 routes)."""


class Passed(NamedTuple):
    """Where passing the scenes between two decisions led: the state, and the choices the lesson made on the way."""

    state: GameState
    choices: tuple[Choice, ...]


def way_on(story: Story, lesson: Lesson, state: GameState) -> Choice | None:
    """The choice a lesson takes in a scene it passes: its ``path:``, else the first open one not ending it at once.

    None when no choice is open (a dead end: the game stops there, as in the full game).
    """
    open_choices = rules.available_choices(story, state)
    named = lesson.path.get(state.scene)
    if named is not None:
        for choice in open_choices:
            if choice.local_id == named:
                return choice
    for choice in open_choices:
        if rules.ending_ahead(story, choice) is None:
            return choice
    return open_choices[0] if open_choices else None


def pass_to_decision(story: Story, lesson: Lesson, state: GameState) -> Passed:
    """From ``state``, pass every scene that is not a decision of the lesson, up to the next decision or an ending.

    Bounded: a route that would pass more scenes than the story has is a loop, and stops there.
    """
    made: list[Choice] = []
    for _ in range(len(story.scenes) + 1):
        scene = rules.current_scene(story, state)
        if scene.is_ending or lesson.is_decision(scene.id):
            break
        choice = way_on(story, lesson, state)
        if choice is None:
            break
        state = rules.apply_choice(story, state, choice)
        made.append(choice)
    return Passed(state, tuple(made))


def last_decision(lesson: Lesson, state: GameState) -> int | None:
    """The index in the log of the class's last decision (a choice made in a lesson scene), or None."""
    for index in range(len(state.log) - 1, -1, -1):
        scene_id = state.log[index].rpartition(".")[0]
        if lesson.is_decision(scene_id):
            return index
    return None


def undo_decision(story: Story, lesson: Lesson, state: GameState) -> GameState:
    """The state before the class's last decision (the scenes passed after it go too); raises RuleError at the start."""
    index = last_decision(lesson, state)
    if index is None:
        raise rules.RuleError("there is nothing to undo")
    origin = state.origin
    return rules.replay(
        story,
        state.role,
        state.log[:index],
        start=origin.get("scene") or None,
        overrides=origin.get("set") or None,
        game=state.game or None,
    ).state


def bridge(lesson: Lesson, state: GameState) -> str:
    """The lesson's summary of what leads up to the scene in play ("" when it has none for that scene)."""
    return lesson.bridges.get(state.scene, "")


# ---- the check of a lesson's routes -------------------------------------------------------


class TooManyRoutes(RuntimeError):
    """A lesson with more ways through it than the check visits (its listed routes are still checked)."""


class Route(NamedTuple):
    """One way through a lesson: the state it ends in, and the decisions the class made on it."""

    state: GameState
    decisions: int
    stopped: bool
    """True when the route stops short of an ending: no way on from a scene."""


def routes(story: Story, lesson: Lesson, limit: int = MAX_ROUTE_STATES) -> Iterator[Route]:
    """Every way through the lesson: the class's every option at each decision, the lesson's way on elsewhere.

    Depth first; raises :class:`TooManyRoutes` after ``limit`` states.
    """
    start = rules.new_game(story, lesson.role, game="lesson-check")
    pending: list[tuple[GameState, int]] = [(pass_to_decision(story, lesson, start).state, 0)]
    visited = 0
    while pending:
        state, decisions = pending.pop()
        visited += 1
        scene = rules.current_scene(story, state)
        if scene.is_ending:
            yield Route(state, decisions, False)
            continue
        options = rules.available_choices(story, state) if lesson.is_decision(scene.id) else []
        if visited > limit:
            raise TooManyRoutes(f"lesson '{lesson.id}' has more than {limit:,} ways through it")
        if not options:
            yield Route(state, decisions, True)
            continue
        for choice in reversed(options):
            following = pass_to_decision(story, lesson, rules.apply_choice(story, state, choice)).state
            pending.append((following, decisions + 1))


def _fixed_points_missed(story: Story, state: GameState) -> str | None:
    """The first fixed point of the role this path skips or leaves out, or None when it keeps them all in order."""
    points = story.fixed_points.get(state.role, ())
    passed = 0
    for scene_id in state.path:
        anchor = story.scenes[scene_id].anchor
        if anchor in points:
            at = points.index(anchor)
            if at > passed:
                return points[passed]
            if at == passed:
                passed += 1
    scene = story.scenes[state.scene]
    counterfactual = scene.ending is not None and scene.ending.counterfactual
    if passed < len(points) and not counterfactual:
        return points[passed]
    return None


def check_lesson(story: Story, lesson: Lesson) -> list[Problem]:
    """What is wrong with a lesson's routes: fixed points missed, scenes never reached, routes stopping short."""
    problems: list[Problem] = []
    reached: set[str] = set()
    reported: set[str] = set()
    try:
        found = list(routes(story, lesson))
    except TooManyRoutes as exc:
        return [
            Problem(
                lesson.loc,
                f"{exc}, too many to check them all",
                f"list fewer decisions: a 45-minute lesson has {FEWEST_DECISIONS} to {MOST_DECISIONS}",
                "warning",
                "lesson",
            )
        ]
    for route in found:
        state = route.state
        reached.update(scene_id for scene_id in state.path if lesson.is_decision(scene_id))
        path = " → ".join(
            scene_id for scene_id in state.path if lesson.is_decision(scene_id) or scene_id == state.scene
        )
        if route.stopped and "stopped" not in reported:
            reported.add("stopped")
            problems.append(
                Problem(
                    lesson.loc,
                    f"a route of lesson '{lesson.id}' stops at '{state.scene}' before an ending: {path}",
                    "give that scene an open choice, or name the way on in the lesson's path:",
                    code="lesson",
                )
            )
            continue
        missed = _fixed_points_missed(story, state)
        if missed is not None and missed not in reported:
            reported.add(missed)
            problems.append(
                Problem(
                    lesson.loc,
                    f"a route of lesson '{lesson.id}' reaches '{state.scene}' without passing fixed point "
                    f"'{missed}': {path}",
                    f"name a way on in path: that passes a scene anchored to '{missed}'",
                    code="fixed-point",
                )
            )
    for scene_id in lesson.scenes:
        if scene_id not in reached:
            problems.append(
                Problem(
                    lesson.loc,
                    f"lesson '{lesson.id}' never reaches its scene '{scene_id}': the way on passes around it",
                    "name a way on in path: that leads there, or leave the scene out",
                    code="lesson",
                )
            )
    return problems


def check_lessons(story: Story) -> list[Problem]:
    """The route checks of every lesson of the story (``spring68 check`` runs them beside the anchoring proofs)."""
    problems: list[Problem] = []
    for lesson in story.lessons.values():
        problems += check_lesson(story, lesson)
    return problems

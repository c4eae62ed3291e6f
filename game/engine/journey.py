"""The player's journey read against the historical record.

Pure functions of (story, state) that the timeline, ending and transcript
show. They decide nothing about play: every value comes from the state the
engine made, and earlier states come from the engine's own ``replay``.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from game.engine import rules
from game.engine.state import GameState
from game.story.model import Choice, Scene, Story, TimelineEvent


class Step(NamedTuple):
    """One scene the player went through, the choice made there (None at the last), and the state on entering."""

    scene: Scene
    choice: Choice | None
    state: GameState


def steps(story: Story, state: GameState) -> list[Step]:
    """The scenes of the game so far, in order, with each choice and the state as it was then."""
    origin = state.origin
    start = origin.get("scene") or None
    overrides = origin.get("set") or None
    try:
        current = rules.new_game(story, state.role, start=start, overrides=overrides)
    except rules.RuleError:
        current = state
    result: list[Step] = []
    for choice_id in state.log:
        scene = story.scenes.get(current.scene)
        if scene is None:
            break
        choice = scene.choice(choice_id)
        result.append(Step(scene, choice, current))
        try:
            current = rules.choose(story, current, choice_id)
        except rules.RuleError:
            break
    scene = story.scenes.get(state.scene)
    if scene is not None:
        result.append(Step(scene, None, state))
    return result


def path_scenes(story: Story, state: GameState) -> list[Scene]:
    return [story.scenes[s] for s in state.path if s in story.scenes]


def span(story: Story, state: GameState) -> tuple[dt.date, dt.date] | None:
    """The first and last story date the player has seen."""
    days = [scene.date for scene in path_scenes(story, state)]
    return (min(days), max(days)) if days else None


BRIEF_DAYS = 3
"""An event this short that contains a scene's date counts as one the player was at."""


def _brief(event: TimelineEvent) -> bool:
    return (event.end - event.start).days < BRIEF_DAYS


class EventMark(NamedTuple):
    event: TimelineEvent
    witnessed: bool
    """A scene of the player's was set at this event (anchored to it, or dated inside a brief one)."""
    lived: bool
    """The event happened within the dates the player's story has covered so far."""
    fixed: bool
    """A fixed point of the record for this role."""


def marked_timeline(story: Story, state: GameState | None) -> list[EventMark]:
    """Every timeline event in date order, marked by how the player's game touches it."""
    events = sorted(story.timeline.values(), key=lambda e: (e.start, e.end, e.id))
    if state is None:
        return [EventMark(e, False, False, False) for e in events]
    scenes = path_scenes(story, state)
    anchors = {s.anchor for s in scenes if s.anchor}
    dates = {s.date for s in scenes}
    covered = span(story, state)
    fixed = set(story.fixed_points.get(state.role, ()))
    marks = []
    for event in events:
        witnessed = event.id in anchors or (_brief(event) and any(event.contains(day) for day in dates))
        lived = witnessed or (covered is not None and event.start <= covered[1] and event.end >= covered[0])
        marks.append(EventMark(event, witnessed, lived, event.id in fixed))
    return marks


class PathRow(NamedTuple):
    """One date of the ending's table: the player's scenes and the record's events on that day."""

    day: dt.date
    yours: tuple[Scene, ...]
    record: tuple[TimelineEvent, ...]
    matched: frozenset[str]
    """Ids of the events on this row that one of the player's scenes is set at."""


def path_beside_history(story: Story, state: GameState) -> list[PathRow]:
    """The player's path and the historical path of the role, date by date.

    The record's side holds the role's key events: those its scenes are set
    at (anchors) and its fixed points, from the first date the player saw
    on, wherever the player's own story went; so an early or counterfactual
    ending still shows what really came next. Every other event is on the
    timeline screen.
    """
    scenes = path_scenes(story, state)
    covered = span(story, state)
    if covered is None:
        return []
    key = set(story.fixed_points.get(state.role, ()))
    key.update(s.anchor for s in story.scenes.values() if s.role == state.role and s.anchor)
    events = [story.timeline[e] for e in key if e in story.timeline and story.timeline[e].end >= covered[0]]
    anchors = {s.anchor for s in scenes if s.anchor}
    days: dict[dt.date, tuple[list[Scene], list[TimelineEvent]]] = {}
    seen: set[str] = set()
    for scene in scenes:
        if scene.id in seen:
            continue
        seen.add(scene.id)
        days.setdefault(scene.date, ([], []))[0].append(scene)
    for event in sorted(events, key=lambda e: (e.start, e.id)):
        days.setdefault(event.start, ([], []))[1].append(event)
    rows = []
    for day in sorted(days):
        yours, record = days[day]
        matched = frozenset(
            e.id for e in record if e.id in anchors or (_brief(e) and any(e.contains(s.date) for s in yours))
        )
        rows.append(PathRow(day, tuple(yours), tuple(record), matched))
    return rows


def cited_sources(story: Story, state: GameState) -> list[str]:
    """Ids of the sources cited by the scenes the player saw, in order of first citation."""
    found: list[str] = []
    for scene in path_scenes(story, state):
        for source in scene.history.sources:
            if source not in found:
                found.append(source)
    return found

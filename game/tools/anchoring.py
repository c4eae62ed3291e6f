"""The proofs that every path stays anchored to the historical record.

These rules read the scene graph (scenes and their ``goto`` edges) and
ignore conditions, so they over-approximate: a path that conditions make
impossible is still held to the rules. That keeps the proof sound and
cheap; ``spring68 explore`` gives the exact, state-by-state picture.
"""

from __future__ import annotations

from collections import deque

from game.story.errors import Problem
from game.story.escape import no_way_out
from game.story.model import Scene, Story


def check_anchoring(story: Story) -> list[Problem]:
    """All anchoring findings for a loaded story, errors and warnings."""
    problems: list[Problem] = []
    problems += _dates_along_edges(story)
    problems += _anchor_dates(story)
    by_role: dict[str, list[Scene]] = {role: [] for role in story.roles}
    for scene in story.scenes.values():
        by_role.setdefault(scene.role, []).append(scene)
    for role in story.roles:
        problems += _reachability(story, role, by_role[role])
        problems += no_way_out(story, role, by_role[role])
        problems += _fixed_points(story, role)
    problems += _possible_dead_ends(story)
    problems += _unused_variables(story)
    return problems


def _dates_along_edges(story: Story) -> list[Problem]:
    found = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            target = story.scenes.get(choice.goto)
            if target is not None and target.date < scene.date and not target.flashback:
                found.append(
                    Problem(
                        choice.goto_loc,
                        f"time runs backwards: '{scene.id}' ({scene.date}) leads to '{target.id}' ({target.date})",
                        "fix one of the dates, or mark the later scene flashback: true",
                        code="date-order",
                    )
                )
    return found


def _anchor_dates(story: Story) -> list[Problem]:
    found = []
    for scene in story.scenes.values():
        if scene.anchor is None:
            continue
        event = story.timeline[scene.anchor]
        if not event.contains(scene.date):
            span = str(event.start) if event.start == event.end else f"{event.start} to {event.end}"
            found.append(
                Problem(
                    scene.locs.get("date", scene.loc),
                    f"scene '{scene.id}' is dated {scene.date}, outside its anchor '{event.id}' ({span})",
                    "move the scene's date inside the event's dates, or anchor it to another event",
                    code="anchor-date",
                )
            )
    return found


def _edges(scene: Scene) -> list[str]:
    return [choice.goto for choice in scene.choices]


def _reachability(story: Story, role: str, scenes: list[Scene]) -> list[Problem]:
    start = story.roles[role].start
    seen = {start}
    queue = deque([start])
    while queue:
        scene = story.scenes[queue.popleft()]
        for target in _edges(scene):
            if target not in seen and target in story.scenes:
                seen.add(target)
                queue.append(target)
    found = []
    for scene in scenes:
        if scene.id not in seen:
            found.append(
                Problem(
                    scene.loc,
                    f"scene '{scene.id}' cannot be reached from the start of role '{role}'",
                    "add a choice with goto: to it, or remove it",
                    code="unreachable",
                )
            )
    if not any(story.scenes[s].is_ending for s in seen if story.scenes[s].role == role):
        found.append(
            Problem(
                story.roles[role].loc,
                f"role '{role}' has no reachable ending",
                "every role needs at least one scene with ending:",
                code="no-ending",
            )
        )
    return found


def _fixed_points(story: Story, role: str) -> list[Problem]:
    """Every path from the start to a non-counterfactual ending passes the fixed points in order.

    A breadth-first search over (scene, how many fixed points passed) finds, for
    each violation, the shortest path that shows it.
    """
    points = story.fixed_points.get(role, ())
    if not points:
        return []
    index_of = {event: i for i, event in enumerate(points)}
    start = story.roles[role].start

    def advance(scene: Scene, passed: int) -> int | None:
        at = index_of.get(scene.anchor or "")
        if at is None:
            return passed
        if at == passed:
            return passed + 1
        if at < passed:
            return passed  # the same fixed point again, or an earlier one revisited: allowed
        return None  # skipped one

    first = advance(story.scenes[start], 0)
    found: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    if first is None:
        scene = story.scenes[start]
        return [
            Problem(
                scene.loc,
                f"role '{role}' starts at '{start}', anchored to '{scene.anchor}' before fixed point '{points[0]}'",
                "anchor the opening scenes so the fixed points come in order",
                code="fixed-point",
            )
        ]
    parents: dict[tuple[str, int], tuple[str, int] | None] = {(start, first): None}
    queue = deque([(start, first)])
    while queue:
        node = queue.popleft()
        scene_id, passed = node
        scene = story.scenes[scene_id]
        if scene.is_ending:
            if passed < len(points) and not (scene.ending and scene.ending.counterfactual):
                key = (scene_id, points[passed])
                if key not in reported:
                    reported.add(key)
                    found.append(
                        Problem(
                            scene.loc,
                            f"a path reaches ending '{scene_id}' without passing fixed point '{points[passed]}': "
                            f"{_path(parents, node)}",
                            f"route this path through a scene anchored to '{points[passed]}', "
                            "or mark the ending counterfactual: true",
                            code="fixed-point",
                        )
                    )
            continue
        for target_id in _edges(scene):
            target = story.scenes.get(target_id)
            if target is None:
                continue
            nxt = advance(target, passed)
            if nxt is None:
                key = (target_id, points[passed])
                if key not in reported:
                    reported.add(key)
                    found.append(
                        Problem(
                            target.loc,
                            f"scene '{target_id}' (fixed point '{target.anchor}') can be reached before fixed point "
                            f"'{points[passed]}': {_path(parents, node)} → {target_id}",
                            "fixed points must be passed in the order pack.yaml lists them",
                            code="fixed-point",
                        )
                    )
                continue
            child = (target_id, nxt)
            if child not in parents:
                parents[child] = node
                queue.append(child)
    return found


def _path(parents: dict, node: tuple[str, int]) -> str:
    steps = []
    current: tuple[str, int] | None = node
    while current is not None:
        steps.append(current[0])
        current = parents[current]
    steps.reverse()
    if len(steps) > 8:
        steps = steps[:3] + ["…"] + steps[-4:]
    return " → ".join(steps)


def _possible_dead_ends(story: Story) -> list[Problem]:
    found = []
    for scene in story.scenes.values():
        if scene.choices and all(choice.condition is not None for choice in scene.choices):
            found.append(
                Problem(
                    scene.locs.get("choices", scene.loc),
                    f"every choice of scene '{scene.id}' has a condition, so a player may find no way on",
                    "give at least one choice no if:, or run 'spring68 explore' to see whether it can happen",
                    severity="warning",
                    code="dead-end",
                )
            )
    return found


def variables_read(story: Story) -> set[str]:
    """Variables that some condition or effect reads: the only ones that can change what happens next."""
    from game.story.expressions import names
    from game.tools.liveness import scene_conditions

    found: set[str] = set()
    # The loader shares equal trees and equal tuples of effects (``+1`` is one tree in the whole Story),
    # so each is read once: the Story holds them all, so no id is reused meanwhile.
    seen: set[int] = set()
    for scene in story.scenes.values():
        for tree in scene_conditions(scene):  # choices' and passages' if:
            if id(tree) not in seen:
                seen.add(id(tree))
                found |= names(tree)
        for choice in scene.choices:
            if id(choice.effects) in seen:
                continue
            seen.add(id(choice.effects))
            for effect in choice.effects:
                tree = effect.value.tree
                if id(tree) not in seen:
                    seen.add(id(tree))
                    found |= names(tree)
    return found


def _unused_variables(story: Story) -> list[Problem]:
    used = variables_read(story)
    used |= {
        effect.variable for scene in story.scenes.values() for choice in scene.choices for effect in choice.effects
    }
    return [
        Problem(
            variable.loc,
            f"variable '{variable.name}' is declared but never used",
            "use it in an if:, do: or set:, or remove it",
            severity="warning",
            code="unused-variable",
        )
        for variable in story.variables.values()
        if variable.name not in used
    ]

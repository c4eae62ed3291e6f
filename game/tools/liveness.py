"""Which values can still matter, scene by scene: a backwards liveness analysis over the scene graph.

The exhaustive explorer tells two states apart only by what some later
condition, passage or effect can still read. A variable whose every future
read comes after it is overwritten (``set:`` to a value that does not read
it), or that is never read again, is *dead* from that scene on; so is a
visited scene or a made choice that no later ``visited()``/``chose()`` asks
about. Merging states that differ only in dead values never merges two states
that could play out differently, which is what keeps the search exact while a
mod's variable no longer multiplies the states of the whole campaign.

The analysis is the classic one from compilers: ``live(S)`` is what the
choices of ``S`` read, plus what is live where they lead, minus what they
overwrite on the way, iterated to a fixed point (loops of scenes included).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from game.story.expressions import Expr, names, references
from game.story.model import Choice, Scene


@dataclass(frozen=True)
class Live:
    """What the state entering a scene must keep: variable names, watched scene ids, watched choice ids."""

    variables: frozenset[str]
    visits: frozenset[str]
    choices: frozenset[str]


@dataclass
class _Reads:
    variables: set[str]
    visits: set[str]
    choices: set[str]

    def add_tree(self, tree: Expr) -> None:
        self.variables |= names(tree)
        for function, ident, _ in references(tree):
            (self.visits if function == "visited" else self.choices).add(ident)


def scene_conditions(scene: Scene) -> list[Expr]:
    """Every condition read while a scene is shown: its choices' ``if:`` and its passages' ``if:``.

    Passages (issue 16) may not exist on this Scene yet; when they do, each one
    with a condition is a read like any other.
    """
    trees = [choice.condition.tree for choice in scene.choices if choice.condition is not None]
    for passage in getattr(scene, "passages", None) or ():
        condition = getattr(passage, "condition", None)
        if condition is not None:
            trees.append(condition.tree)
    return trees


def _after_choice(choice: Choice, live_there: Live) -> _Reads:
    """What must be live before ``choice`` is taken for ``live_there`` to be known where it leads."""
    assigned = {effect.variable for effect in choice.effects}
    reads = _Reads(set(live_there.variables - assigned), set(live_there.visits), set(live_there.choices))
    reads.visits.discard(choice.goto)  # entering the scene makes visited() true whatever came before
    reads.choices.discard(choice.id)  # taking the choice makes chose() true
    for effect in choice.effects:
        if effect.variable in live_there.variables:  # an effect on a dead variable changes nothing that matters
            reads.add_tree(effect.value.tree)
            if effect.mode == "add":
                reads.variables.add(effect.variable)
    return reads


def live_by_scene(scenes: Iterable[Scene]) -> dict[str, Live]:
    """``live(S)`` for each of ``scenes`` (one role's), iterated to the least fixed point."""
    by_id = {scene.id: scene for scene in scenes}
    local: dict[str, _Reads] = {}
    predecessors: dict[str, set[str]] = {scene_id: set() for scene_id in by_id}
    for scene in by_id.values():
        reads = _Reads(set(), set(), set())
        for tree in scene_conditions(scene):
            reads.add_tree(tree)
        local[scene.id] = reads
        for choice in scene.choices:
            if choice.goto in predecessors:
                predecessors[choice.goto].add(scene.id)
    empty = frozenset[str]()
    live = {scene_id: Live(empty, empty, empty) for scene_id in by_id}
    queue = deque(by_id)
    queued = set(by_id)
    while queue:
        scene_id = queue.popleft()
        queued.discard(scene_id)
        scene = by_id[scene_id]
        reads = _Reads(set(local[scene_id].variables), set(local[scene_id].visits), set(local[scene_id].choices))
        if scene.ending is None:
            for choice in scene.choices:
                there = live.get(choice.goto)
                if there is None:
                    continue
                after = _after_choice(choice, there)
                reads.variables |= after.variables
                reads.visits |= after.visits
                reads.choices |= after.choices
        new = Live(frozenset(reads.variables), frozenset(reads.visits), frozenset(reads.choices))
        if new != live[scene_id]:
            live[scene_id] = new
            for before in predecessors[scene_id]:
                if before not in queued:
                    queued.add(before)
                    queue.append(before)
    return live

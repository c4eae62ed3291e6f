"""Scenes with no way out: loops that a player can enter and never leave for an ending.

Like the other map rules this reads the scene graph and ignores conditions,
so a loop it reports is a loop for every player who enters it: no choice of
any scene in it leads anywhere but back into it. The player would play for
ever (a random run would hit its step limit), so this is an error, shown
once per loop with the loop itself, not once per scene that leads into it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from game.story.errors import Problem
from game.story.model import Scene, Story

MAX_SHOWN = 8
"""Scenes of a loop named in its message; a longer loop is shortened in the middle."""


def no_way_out(story: Story, role: str, role_scenes: list[Scene]) -> list[Problem]:
    """One error for each closed loop of a role's scenes, reachable from its start, that holds no ending.

    The caller passes the role's scenes, grouped once: a pack may have thousands of roles.
    """
    # The story's own table when every scene is this role's (a copy of it cost 2 MiB on 50,000 scenes).
    scenes: Mapping[str, Scene] = (
        story.scenes if len(role_scenes) == len(story.scenes) else {scene.id: scene for scene in role_scenes}
    )
    start = story.roles[role].start
    if start not in scenes:
        return []
    reached = _forward(start, scenes)
    escapes = _escapes(reached, scenes)
    trapped = [s for s in reached if s not in escapes and scenes[s].choices]
    problems = []
    for component in _closed_components(trapped, scenes):
        first = min(component, key=lambda s: (scenes[s].loc.file, scenes[s].loc.line))
        loop = _cycle(first, component, scenes)
        shown = loop if len(loop) <= MAX_SHOWN else loop[:3] + ["…"] + loop[-4:]
        problems.append(
            Problem(
                scenes[first].loc,
                f"no ending can be reached from scene '{first}': its choices only loop {' → '.join(shown)}",
                "give one scene of the loop a choice that leads on towards an ending "
                "(a choice with no if:, so every player can take it)",
                code="no-way-out",
            )
        )
    return problems


def _forward(start: str, scenes: Mapping[str, Scene]) -> list[str]:
    """The scenes reachable from ``start``, in the order a breadth-first search meets them."""
    seen = {start}
    order = [start]
    for scene_id in order:  # the list grows as it is read: a queue that keeps what it met
        for choice in scenes[scene_id].choices:
            if choice.goto in scenes and choice.goto not in seen:
                seen.add(choice.goto)
                order.append(choice.goto)
    return order


ESCAPE_PASSES = 20
"""Passes :func:`_escapes` makes over the scenes before it builds the table of predecessors instead."""


def _escapes(order: list[str], scenes: Mapping[str, Scene]) -> set[str]:
    """The scenes of ``order`` from which an ending can be reached (the others are trapped).

    Found by passes over the scenes from last met to first: a scene escapes when it is an ending or
    a choice leads to one that escapes. A story mostly leads forward, so the first pass finds nearly
    all and the second changes nothing; each loop left by a choice leading back takes a pass more.
    That needs no table of every scene's predecessors (on 50,000 scenes it and its lists took 6 MiB
    of ``check``'s peak). After :data:`ESCAPE_PASSES` passes the table is built after all
    (:func:`_backward`), so a pathological pack costs memory, never quadratic time.
    """
    escapes: set[str] = set()
    pending = order[::-1]
    for _ in range(ESCAPE_PASSES):
        left = []
        for scene_id in pending:
            scene = scenes[scene_id]
            if scene.is_ending or any(choice.goto in escapes for choice in scene.choices):
                escapes.add(scene_id)
            else:
                left.append(scene_id)
        if len(left) == len(pending):
            return escapes
        pending = left
    return _backward({s for s in scenes if scenes[s].is_ending}, scenes)


def _backward(roots: set[str], scenes: Mapping[str, Scene]) -> set[str]:
    into: dict[str, list[str]] = {s: [] for s in scenes}
    for scene in scenes.values():
        for choice in scene.choices:
            if choice.goto in into:
                into[choice.goto].append(scene.id)
    seen = set(roots)
    queue = deque(roots)
    while queue:
        for before in into[queue.popleft()]:
            if before not in seen:
                seen.add(before)
                queue.append(before)
    return seen


def _closed_components(trapped: list[str], scenes: Mapping[str, Scene]) -> list[set[str]]:
    """The strongly connected components of the trapped scenes that no choice leaves (Tarjan, iteratively)."""
    inside = set(trapped)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in trapped:
        if root in index:
            continue
        work = [(root, iter([c.goto for c in scenes[root].choices if c.goto in inside]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter([c.goto for c in scenes[target].choices if c.goto in inside])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    closed = []
    for component in components:
        leaves = any(c.goto not in component for s in component for c in scenes[s].choices if c.goto in scenes)
        if not leaves:
            closed.append(component)
    return closed


def _cycle(first: str, component: set[str], scenes: Mapping[str, Scene]) -> list[str]:
    """A shortest loop from ``first`` back to itself inside its component, as scene ids."""
    parents: dict[str, str | None] = {first: None}
    queue = deque([first])
    while queue:
        node = queue.popleft()
        for choice in scenes[node].choices:
            target = choice.goto
            if target == first:
                path: list[str] = []
                step: str | None = node
                while step is not None:
                    path.append(step)
                    step = parents[step]
                return [*reversed(path), first]
            if target in component and target not in parents:
                parents[target] = node
                queue.append(target)
    return [first]

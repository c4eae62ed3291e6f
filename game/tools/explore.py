"""``spring68 explore``: every reachable state, exactly, or seeded random playthroughs.

Like ChoiceScript's quicktest and randomtest, but the exhaustive search is
exact: two states are the same when nothing that can still matter differs —
the scene, the variables that some condition or effect reads, and only those
visited scenes and made choices that some ``visited(...)``/``chose(...)``
asks about. A variable nothing reads (a score only shown on screen) cannot
change which choices are offered, so it does not split states. That keeps
the search small without ever merging states that could play out
differently.
"""

from __future__ import annotations

import json
import random
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from game.engine import rules
from game.story.expressions import compile_indexed, constant_value, references
from game.story.loader import paused_gc
from game.story.model import Story
from game.tools.anchoring import variables_read

DEFAULT_LIMIT = 2_000_000


class TooManyStates(Exception):
    """The pack has more reachable states than the limit; the message says what to do."""


@dataclass
class RoleReport:
    role: str
    states: int = 0
    endings: dict[str, list[str]] = field(default_factory=dict)
    """ending scene id -> a shortest list of choice ids that reaches it"""
    unreached_scenes: list[str] = field(default_factory=list)
    untaken_choices: list[str] = field(default_factory=list)
    stuck: list[tuple[str, list[str]]] = field(default_factory=list)
    """(scene id, choices that lead there) for reachable non-ending states with no choice available"""


@dataclass
class ExploreReport:
    roles: list[RoleReport]

    @property
    def ok(self) -> bool:
        return all(not r.stuck and not r.unreached_scenes for r in self.roles)

    def to_json(self) -> str:
        return json.dumps({"ok": self.ok, "roles": [vars(r) for r in self.roles]}, indent=2, ensure_ascii=False)

    def to_text(self, story: Story) -> str:
        lines: list[str] = []
        for report in self.roles:
            title = story.roles[report.role].title
            lines.append(f"{title} ({report.role}): {report.states:,} distinct states")
            for ending, path in sorted(report.endings.items(), key=lambda item: len(item[1])):
                scene = story.scenes[ending]
                label = scene.ending.title if scene.ending else ending
                mark = " [counterfactual]" if scene.ending and scene.ending.counterfactual else ""
                lines.append(
                    f"  ending {ending} “{label}”{mark}: {len(path)} choice{'s' * (len(path) != 1)}: "
                    f"{' → '.join(_short(c) for c in path)}"
                )
            for scene_id in report.unreached_scenes:
                scene = story.scenes[scene_id]
                lines.append(f"  {scene.loc}: never reached: scene '{scene_id}'")
            for choice_id in report.untaken_choices:
                scene_id, _, _local = choice_id.rpartition(".")
                choice = story.scenes[scene_id].choice(choice_id)
                where = choice.loc if choice is not None else scene_id
                lines.append(f"  {where}: never available: choice '{choice_id}'")
            for scene_id, path in report.stuck:
                lines.append(
                    f"  {story.scenes[scene_id].loc}: stuck: no choice is available in '{scene_id}' after "
                    f"{' → '.join(_short(c) for c in path) or 'the start'}"
                )
        total = sum(r.states for r in self.roles)
        lines.append(
            f"explore: {total:,} states; {sum(len(r.endings) for r in self.roles)} endings reached; "
            f"{sum(len(r.unreached_scenes) for r in self.roles)} scenes never reached; "
            f"{sum(len(r.untaken_choices) for r in self.roles)} choices never available; "
            f"{sum(len(r.stuck) for r in self.roles)} stuck states"
        )
        return "\n".join(lines)


def _short(choice_id: str) -> str:
    return choice_id.rpartition(".")[2]


def relevant_history(story: Story) -> tuple[frozenset[str], frozenset[str]]:
    """The scene and choice ids that any expression asks about: the only history that matters."""
    scenes: set[str] = set()
    choices: set[str] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            trees = [choice.condition.tree] if choice.condition else []
            trees += [effect.value.tree for effect in choice.effects]
            for tree in trees:
                for function, ident, _ in references(tree):
                    (scenes if function == "visited" else choices).add(ident)
    return frozenset(scenes), frozenset(choices)


def explore_role(story: Story, role: str, limit: int = DEFAULT_LIMIT) -> RoleReport:
    with paused_gc():  # millions of tuples and no cycles: the collector would only rescan them
        return _explore_role(story, role, limit)


def _explore_role(story: Story, role: str, limit: int) -> RoleReport:
    """Breadth-first over distinct states, so the first path found to each ending is a shortest one.

    A state here is a plain tuple (scene, values of the variables that are
    read, watched scenes visited, watched choices made); expressions are
    compiled to read it by position. It follows exactly the engine's rules
    (conditions, simultaneous effects, clamping); a test checks the two agree.
    """
    watched_scenes, watched_choices = relevant_history(story)
    read = variables_read(story)
    variables = [v for v in story.variables_for(role) if v.name in read]
    slots = {v.name: i for i, v in enumerate(variables)}
    start_state = rules.new_game(story, role)
    plans = _plans(story, role, slots, watched_scenes, watched_choices)

    start_scene = start_state.scene
    start: tuple[str, tuple[int | bool, ...], frozenset[str], frozenset[str]] = (
        start_scene,
        tuple(start_state.variables[v.name] for v in variables),
        frozenset({start_scene} & watched_scenes),
        frozenset(),
    )
    parents: dict[tuple, tuple | None] = {start: None}
    report = RoleReport(role)
    taken: set[str] = set()
    queue = deque([start])
    pop, push = queue.popleft, queue.append
    while queue:
        state = pop()
        scene_id, values, seen, done = state
        plan = plans[scene_id]
        if plan is None:  # an ending
            if scene_id not in report.endings:
                report.endings[scene_id] = _path(parents, state)
            continue
        open_any = False
        for choice_id, condition, effects, goto, goto_watched, choice_watched in plan:
            if condition is not None and not condition(values, seen, done):
                continue
            open_any = True
            if choice_id not in taken:
                taken.add(choice_id)
            if effects:
                new = list(values)
                for index, adding, constant, fn, low, high in effects:
                    result = constant if fn is None else fn(values, seen, done)
                    if adding:
                        result = new[index] + result
                    if low is None:
                        new[index] = bool(result)
                    else:
                        new[index] = low if result < low else high if result > high else result
                new_values = tuple(new)
            else:
                new_values = values
            nxt = (
                goto,
                new_values,
                seen | {goto} if goto_watched else seen,
                done | {choice_id} if choice_watched else done,
            )
            if nxt not in parents:
                parents[nxt] = (state, choice_id)
                if len(parents) > limit:
                    raise TooManyStates(
                        f"role '{role}' has more than {limit:,} distinct states; the exhaustive search stops here. "
                        f"Use 'spring68 explore --random N' for sampled playthroughs, or raise --limit."
                    )
                push(nxt)
        if not open_any and len(report.stuck) < 50:
            report.stuck.append((scene_id, _path(parents, state)))
    report.states = len(parents)
    reached = {key[0] for key in parents}
    report.unreached_scenes = [s.id for s in story.scenes_for(role) if s.id not in reached]
    report.untaken_choices = [c.id for s in story.scenes_for(role) for c in s.choices if c.id not in taken]
    return report


def _plans(
    story: Story, role: str, slots: dict[str, int], watched_scenes: frozenset[str], watched_choices: frozenset[str]
) -> dict[str, list | None]:
    """Each scene's choices, precompiled for the explorer; None for an ending."""
    plans: dict[str, list | None] = {}
    for scene in story.scenes_for(role):
        if scene.ending is not None:
            plans[scene.id] = None
            continue
        plan = []
        for choice in scene.choices:
            condition = compile_indexed(choice.condition.tree, slots) if choice.condition else None
            effects = []
            for effect in choice.effects:
                if effect.variable not in slots:
                    continue  # nothing reads it, so it cannot change what happens
                variable = story.variables[effect.variable]
                low, high = (None, None) if variable.type == "flag" else (variable.min, variable.max)
                constant = constant_value(effect.value.tree)  # do: {trust: +2}
                fn = compile_indexed(effect.value.tree, slots) if constant is None else None
                effects.append((slots[effect.variable], effect.mode == "add", constant, fn, low, high))
            plan.append(
                (
                    choice.id,
                    condition,
                    tuple(effects),
                    choice.goto,
                    choice.goto in watched_scenes,
                    choice.id in watched_choices,
                )
            )
        plans[scene.id] = plan
    return plans


def _path(parents: dict[tuple, tuple | None], state: tuple) -> list[str]:
    steps: list[str] = []
    link = parents[state]
    while link is not None:
        state, choice_id = link
        steps.append(choice_id)
        link = parents[state]
    steps.reverse()
    return steps


def explore(story: Story, roles: list[str] | None = None, limit: int = DEFAULT_LIMIT) -> ExploreReport:
    return ExploreReport([explore_role(story, role, limit) for role in (roles or list(story.roles))])


@dataclass
class RandomReport:
    runs: int
    seed: int
    scene_hits: dict[str, int]
    choice_hits: dict[str, int]
    endings: dict[str, int]
    stuck: int

    def to_json(self) -> str:
        return json.dumps(vars(self), indent=2, ensure_ascii=False, sort_keys=True)

    def to_text(self, story: Story) -> str:
        lines = [f"{self.runs:,} random playthroughs, seed {self.seed}"]
        lines.append("endings:")
        for ending, count in sorted(self.endings.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {count:8,}  {ending}")
        lines.append("scenes (times entered):")
        for scene_id in story.scenes:
            count = self.scene_hits.get(scene_id, 0)
            lines.append(f"  {count:8,}  {scene_id}" + ("   <- never" if count == 0 else ""))
        never = [c.id for s in story.scenes.values() for c in s.choices if self.choice_hits.get(c.id, 0) == 0]
        lines.append(f"choices never taken: {len(never)}" + (": " + ", ".join(never) if never else ""))
        lines.append(f"stuck playthroughs: {self.stuck}")
        return "\n".join(lines)


def random_playthroughs(
    story: Story, runs: int, seed: int, roles: list[str] | None = None, max_steps: int = 10_000
) -> RandomReport:
    """Play ``runs`` games choosing uniformly among available choices; the same seed, the same report."""
    rng = random.Random(seed)
    roles = roles or list(story.roles)
    scene_hits: dict[str, int] = {}
    choice_hits: dict[str, int] = {}
    endings: dict[str, int] = {}
    stuck = 0
    for run in range(runs):
        state = rules.new_game(story, roles[run % len(roles)])
        scene_hits[state.scene] = scene_hits.get(state.scene, 0) + 1
        for _ in range(max_steps):
            scene = story.scenes[state.scene]
            if scene.ending is not None:
                endings[scene.id] = endings.get(scene.id, 0) + 1
                break
            available = [c for c in scene.choices if c.condition is None or c.condition.run(state)]
            if not available:
                stuck += 1
                break
            choice = available[rng.randrange(len(available))]
            choice_hits[choice.id] = choice_hits.get(choice.id, 0) + 1
            state = rules.apply_choice(story, state, choice)
            scene_hits[state.scene] = scene_hits.get(state.scene, 0) + 1
    return RandomReport(runs, seed, scene_hits, choice_hits, endings, stuck)


def as_dict(report: Any) -> dict[str, Any]:
    return json.loads(report.to_json())

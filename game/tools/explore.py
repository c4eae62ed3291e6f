"""``spring68 explore``: every reachable state, exactly (random games are :mod:`game.tools.random_play`).

Like ChoiceScript's quicktest and randomtest, but the exhaustive search is
exact: two states are the same when nothing that can still matter differs —
the scene, and the variables, visited scenes and made choices that some later
condition, passage or effect can still read (:mod:`game.tools.liveness`). A
score only shown on screen, or a mod's variable after its last ``if:``, cannot
change which choices are offered, so it does not split states. That keeps the
search small (a six-scene mod no longer multiplies the whole campaign's states)
without ever merging states that could play out differently.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass, field
from typing import Any

from game.engine import rules
from game.story.expressions import compile_indexed, constant_value, references
from game.story.loader import paused_gc
from game.story.model import Story, Variable
from game.tools.anchoring import variables_read
from game.tools.liveness import Live, live_by_scene, scene_conditions

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
        trees = scene_conditions(scene)  # choices' and passages' if:
        trees += [effect.value.tree for choice in scene.choices for effect in choice.effects]
        for tree in trees:
            for function, ident, _ in references(tree):
                (scenes if function == "visited" else choices).add(ident)
    return frozenset(scenes), frozenset(choices)


def explore_role(story: Story, role: str, limit: int = DEFAULT_LIMIT, *, liveness: bool = True) -> RoleReport:
    """The exhaustive search of one role; ``liveness=False`` is the reference search that merges less."""
    with paused_gc():  # millions of tuples and no cycles: the collector would only rescan them
        return _explore_role(story, role, limit, liveness)


def _live_sets(story: Story, role: str, use_liveness: bool) -> dict[str, Live]:
    """What each scene's states keep: the liveness analysis, or (the reference) everything anything reads."""
    scenes = story.scenes_for(role)
    if use_liveness:
        return live_by_scene(scenes)
    watched_scenes, watched_choices = relevant_history(story)
    everything = Live(frozenset(variables_read(story)), watched_scenes, watched_choices)
    return {scene.id: everything for scene in scenes}


def _explore_role(story: Story, role: str, limit: int, use_liveness: bool) -> RoleReport:
    """Breadth-first over distinct states, so the first path found to each ending is a shortest one.

    A state is the scene, the values of the variables that are read, the
    watched scenes visited and the watched choices made; expressions are
    compiled to read the values by position. A value that is dead in the scene
    (see :mod:`game.tools.liveness`) is reset to its variable's initial value,
    and dead history dropped, so states differing only there are one state. It
    follows exactly the engine's rules (conditions, simultaneous effects,
    clamping); tests check it against the engine and against the search
    without liveness.

    Memory is what limits an exact search, so each state is kept as one small
    int (:class:`_Packing`), and the way back to the start as two arrays
    indexed by the order states were found in: the parent's number and the
    choice taken. The queue is that same order, read by a cursor. A path is
    rebuilt from the arrays only when the report needs one.
    """
    live = _live_sets(story, role, use_liveness)
    read = variables_read(story)
    variables = [v for v in story.variables_for(role) if v.name in read]
    slots = {v.name: i for i, v in enumerate(variables)}
    start_state = rules.new_game(story, role)
    plans = _plans(story, role, slots, live)

    scene_ids = list(plans)
    scene_index = {scene_id: i for i, scene_id in enumerate(scene_ids)}
    choice_ids = [step[0] for plan in plans.values() if plan is not None for step in plan]
    choice_index = {choice_id: i for i, choice_id in enumerate(choice_ids)}
    start_scene = start_state.scene
    start_live = live[start_scene]
    start_values = tuple(
        start_state.variables[v.name] if v.name in start_live.variables else v.initial for v in variables
    )
    packing = _Packing(len(scene_ids), variables, start_values)
    start = packing.pack(
        scene_index[start_scene], start_values, frozenset({start_scene} & start_live.visits), frozenset()
    )
    found = {start}
    order = [start]  # every state, in the order found: the queue is order[cursor:]
    parent = array("i", [-1])  # parent[n]: the state state n was first reached from (4 bytes: 2**31 states, 200 GB)
    via = array("I", [0])  # via[n]: the index in choice_ids of the choice that reached it

    def path(number: int) -> list[str]:
        steps: list[str] = []
        while parent[number] >= 0:
            steps.append(choice_ids[via[number]])
            number = parent[number]
        steps.reverse()
        return steps

    report = RoleReport(role)
    taken: set[str] = set()
    reached = bytearray(len(scene_ids))
    scene_bits, value_bits = packing.scene_bits, packing.value_bits
    scene_mask, value_mask = (1 << scene_bits) - 1, (1 << value_bits) - 1
    unpacked, unpack, histories_of, history_number = (
        packing.unpacked,
        packing.unpack,
        packing.histories,
        packing.history_numbers,
    )
    shifts = packing.shifts
    steps_of = [
        None
        if plan is None
        else [
            (
                *step,
                tuple(sorted({(i, shifts[i]) for i, *_ in step[2]} | {(i, shifts[i]) for i, _ in step[3]})),
                choice_index[step[0]],
                scene_index[step[4]],
            )
            for step in plan
        ]
        for plan in (plans[scene_id] for scene_id in scene_ids)
    ]
    cursor = 0
    while cursor < len(order):
        state = order[cursor]
        here = state & scene_mask
        reached[here] = 1
        steps = steps_of[here]
        if steps is None:  # an ending
            scene_id = scene_ids[here]
            if scene_id not in report.endings:
                report.endings[scene_id] = path(cursor)
            cursor += 1
            continue
        rest = state >> scene_bits
        packed_values, history = rest & value_mask, rest >> value_bits
        values = unpacked.get(packed_values)
        if values is None:
            values = unpack(packed_values)
        seen, done = histories_of[history]
        open_any = False
        for (
            choice_id,
            condition,
            effects,
            resets,
            goto,
            goto_watched,
            choice_watched,
            seen_drop,
            done_drop,
            touched,
            number_of_choice,
            goto_number,
        ) in steps:
            if condition is not None and not condition(values, seen, done):
                continue
            open_any = True
            if choice_id not in taken:
                taken.add(choice_id)
            new_values = packed_values
            if touched:
                new = list(values)
                for index, adding, constant, fn, low, high in effects:
                    result = constant if fn is None else fn(values, seen, done)
                    if adding:
                        result = new[index] + result
                    if low is None:
                        new[index] = bool(result)
                    else:
                        new[index] = low if result < low else high if result > high else result
                for index, canonical in resets:
                    new[index] = canonical
                for index, shift in touched:  # each field holds value - its low end: move it by the change
                    new_values += (new[index] - values[index]) << shift
            if seen_drop or done_drop or goto_watched or choice_watched:
                new_seen = seen - seen_drop if seen_drop and seen else seen
                new_done = done - done_drop if done_drop and done else done
                pair = (
                    new_seen | {goto} if goto_watched else new_seen,
                    new_done | {choice_id} if choice_watched else new_done,
                )
                new_history = history_number.get(pair)
                if new_history is None:
                    new_history = packing.add_history(pair)
            else:
                new_history = history
            nxt = (((new_history << value_bits) | new_values) << scene_bits) | goto_number
            if nxt not in found:
                found.add(nxt)
                order.append(nxt)
                parent.append(cursor)
                via.append(number_of_choice)
                if len(order) > limit:
                    raise TooManyStates(
                        f"role '{role}' has more than {limit:,} distinct states; the exhaustive search stops here. "
                        f"Use 'spring68 explore --random N' for sampled playthroughs, or raise --limit "
                        "(docs/modding.md, 'When explore is slow')."
                    )
        if not open_any and len(report.stuck) < 50:
            report.stuck.append((scene_ids[here], path(cursor)))
        cursor += 1
    report.states = len(order)
    report.unreached_scenes = [s.id for s in story.scenes_for(role) if not reached[scene_index[s.id]]]
    report.untaken_choices = [c.id for s in story.scenes_for(role) for c in s.choices if c.id not in taken]
    return report


UNPACKED_KEPT = 1 << 13
"""How many unpacked value tuples the explorer keeps at hand: enough for the base campaign's 5,861, bounded."""


class _Packing:
    """One state as one int: ``history number | values | scene number``, in fixed bit fields from the top.

    Each variable's value is a field of its own (a flag one bit, a number as
    many as its range needs, holding ``value - min``), so a state costs one
    small int however many states share or do not share their values. The
    history (watched visits, watched choices) is numbered the first time it
    occurs and kept once: the base campaign's resistance role has 416,149
    states but only 536 histories. It is the top field, so it needs no width.
    Value tuples are unpacked for the conditions when a state is expanded;
    the last ones are kept at hand (:data:`UNPACKED_KEPT`), not all.
    """

    def __init__(self, scenes: int, variables: list[Variable], start: tuple[int | bool, ...]) -> None:
        self.scene_bits = max(1, (scenes - 1).bit_length())
        self.lows: list[int] = []
        self.shifts: list[int] = []
        self.masks: list[int] = []
        shift = 0
        for variable, value in zip(variables, start, strict=True):
            low, high = (0, 1) if variable.type == "flag" else (min(variable.min, value), max(variable.max, value))
            width = max(1, (high - low).bit_length())
            self.lows.append(low)
            self.shifts.append(shift)
            self.masks.append((1 << width) - 1)
            shift += width
        self.value_bits = max(1, shift)
        self.fields = list(zip(self.shifts, self.masks, self.lows, strict=True))
        self.unpacked: dict[int, tuple[int, ...]] = {}
        self.histories: list[tuple[frozenset[str], frozenset[str]]] = []
        self.history_numbers: dict[tuple[frozenset[str], frozenset[str]], int] = {}

    def unpack(self, packed: int) -> tuple[int, ...]:
        """The values of a packed field (a flag as 0 or 1, which every expression reads as false or true)."""
        values = tuple([((packed >> shift) & mask) + low for shift, mask, low in self.fields])
        if len(self.unpacked) >= UNPACKED_KEPT:
            self.unpacked.clear()
        self.unpacked[packed] = values
        return values

    def add_history(self, history: tuple[frozenset[str], frozenset[str]]) -> int:
        number = self.history_numbers[history] = len(self.histories)
        self.histories.append(history)
        return number

    def pack(self, scene: int, values: tuple[int | bool, ...], seen: frozenset[str], done: frozenset[str]) -> int:
        packed = sum(
            (int(value) - low) << shift for value, low, shift in zip(values, self.lows, self.shifts, strict=True)
        )
        history = self.history_numbers.get((seen, done))
        if history is None:
            history = self.add_history((seen, done))
        return (((history << self.value_bits) | packed) << self.scene_bits) | scene


def _plans(story: Story, role: str, slots: dict[str, int], live: dict[str, Live]) -> dict[str, list | None]:
    """Each scene's choices, precompiled for the explorer; None for an ending.

    A choice's plan keeps only the effects on variables live where it leads,
    then resets the variables that die on the way, and drops the history that
    dies, so the next state holds exactly what can still matter.
    """
    plans: dict[str, list | None] = {}
    initial = {name: story.variables[name].initial for name in slots}
    for scene in story.scenes_for(role):
        if scene.ending is not None:
            plans[scene.id] = None
            continue
        here = live[scene.id]
        plan = []
        for choice in scene.choices:
            there = live.get(choice.goto, here)
            condition = compile_indexed(choice.condition.tree, slots) if choice.condition else None
            effects = []
            for effect in choice.effects:
                if effect.variable not in slots or effect.variable not in there.variables:
                    continue  # nothing reads it from there on, so it cannot change what happens
                variable = story.variables[effect.variable]
                low, high = (None, None) if variable.type == "flag" else (variable.min, variable.max)
                constant = constant_value(effect.value.tree)  # do: {trust: +2}
                fn = compile_indexed(effect.value.tree, slots) if constant is None else None
                effects.append((slots[effect.variable], effect.mode == "add", constant, fn, low, high))
            resets = tuple(
                (slots[name], initial[name]) for name in sorted(here.variables - there.variables) if name in slots
            )
            plan.append(
                (
                    choice.id,
                    condition,
                    tuple(effects),
                    resets,
                    choice.goto,
                    choice.goto in there.visits,
                    choice.id in there.choices,
                    here.visits - there.visits,
                    here.choices - there.choices,
                )
            )
        plans[scene.id] = plan
    return plans


def explore(
    story: Story, roles: list[str] | None = None, limit: int = DEFAULT_LIMIT, *, liveness: bool = True
) -> ExploreReport:
    return ExploreReport([explore_role(story, role, limit, liveness=liveness) for role in (roles or list(story.roles))])


def as_dict(report: Any) -> dict[str, Any]:
    return json.loads(report.to_json())

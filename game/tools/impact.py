"""``spring68 explore --impact``: for each decision, whether its options change what the player reads.

A decision is a scene where the player is offered two options or more. Taking one option or
another always moves the bars and always echoes "You chose …"; what this report asks is whether
anything *else* the player reads differs, within a horizon of the next :data:`HORIZON` scenes:

- **next scene**: the options lead to different scenes;
- **later scenes**: the same next scene, but a different scene within the horizon;
- **options**: a scene within the horizon offers different options;
- **passages**: a scene within the horizon shows different conditional passages;
- and, beyond the horizon, **endings**: the set of endings still reachable differs.

What a player reads of a scene is its id (so its title, date, place and passages' texts), which
passages are shown (:func:`game.engine.rules.shown_passages`) and which options are offered; the
bars, the ``{name}`` values filled into the text and the "You chose" echo are not compared. Two
options are compared as trees: whatever the player does next, do they read the same? A decision
whose options differ in none of these ways within the horizon is **cosmetic**.

The report is **exact** when the role's reachable states fit the limit: every reachable state is
visited (states told apart as the exhaustive explorer tells them apart, by what can still be read:
:func:`game.tools.liveness.live_by_scene`), every decision is judged in every state it is met in,
and reachable endings are exact. A decision counts as cosmetic only when it is cosmetic in every
state. Beyond the limit it is **sampled**: seeded random games, every option tried at every
decision they meet, the horizon explored fully; endings are then not compared. The report says
which it is. The share "as met in play" weights each decision by how often a player choosing at
random meets it (exact probabilities, or the sampled games' counts).
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from game.engine import rules
from game.engine.state import GameState
from game.story.model import Story
from game.tools.liveness import live_by_scene

HORIZON = 3
"""Scenes after an option within which what the player reads is compared."""
COSMETIC_SHARE = 0.2
"""A role is flagged when more than this share of its decisions is cosmetic (issue 16)."""
DEFAULT_LIMIT = 1_000_000
"""Reachable states of a role above which the report is sampled instead of exact."""
DEFAULT_SAMPLES = 2_000
"""Random games per role when sampled."""
KINDS = ("next scene", "later scenes", "options", "passages")
"""The differences within the horizon, in the order they are reported."""
ENDINGS = "endings"

Key = tuple[str, tuple[int | bool, ...], frozenset[str], frozenset[str]]


_NONE: frozenset[str] = frozenset()


def _values_getter(names: tuple[str, ...]) -> Callable[[Mapping[str, int | bool]], tuple[int | bool, ...]]:
    """A fast reader of the values of ``names``, as a tuple (operator.itemgetter returns a bare value for one name)."""
    if not names:
        return lambda values: ()
    if len(names) == 1:
        (name,) = names
        return lambda values: (values[name],)
    getter = itemgetter(*names)
    return lambda values: getter(values)


class _TooMany(Exception):
    """More reachable states than the limit."""


class StateGraph:
    """A role's states as numbered nodes, made lazily: what each shows, and where each option leads.

    Two game states are one node when nothing that can still be read differs (the scene, and the
    live variables, visits and choices of :func:`game.tools.liveness.live_by_scene`), so every
    node's future reads are the same whichever of its states is played on. Moves follow
    :mod:`game.engine.rules` itself.
    """

    def __init__(self, story: Story, role: str, limit: int = DEFAULT_LIMIT) -> None:
        self.story = story
        self.role = role
        self.limit = limit
        self.live = live_by_scene(story.scenes_for(role))
        self.initial = {v.name: v.initial for v in story.variables_for(role)}
        self.order = {scene_id: tuple(sorted(live.variables)) for scene_id, live in self.live.items()}
        self._reading = {
            scene.id: (
                self.live[scene.id].visits,
                self.live[scene.id].choices,
                _values_getter(self.order[scene.id]),
                scene,
            )
            for scene in story.scenes_for(role)
        }
        self.keys: list[Key] = []
        self.index: dict[Key, int] = {}
        self.views: list[int] = []
        """Each node's view: an interned (scene id, passages shown, options offered)."""
        self.edges: list[tuple[tuple[str, int], ...] | None] = []
        """Each node's options offered and the node each leads to; None until expanded."""
        self._view_ids: dict[tuple[str, tuple[int, ...], tuple[str, ...]], int] = {}
        self.view_of: list[tuple[str, tuple[int, ...], tuple[str, ...]]] = []
        self.start = self.node(rules.new_game(story, role))

    def node(self, state: GameState) -> int:
        """The node of ``state`` (made when new)."""
        visits, choices, values_of, scene = self._reading[state.scene]
        key: Key = (
            state.scene,
            values_of(state.variables),
            state.visited & visits if visits else _NONE,
            state.chosen & choices if choices else _NONE,
        )
        found = self.index.get(key)
        if found is not None:
            return found
        if len(self.keys) >= self.limit:
            raise _TooMany
        number = len(self.keys)
        self.index[key] = number
        self.keys.append(key)
        offered = tuple(c.id for c in rules.available_choices(self.story, state)) if scene.ending is None else ()
        view = (state.scene, rules.shown_passages(scene, state), offered)
        view_id = self._view_ids.get(view)
        if view_id is None:
            view_id = self._view_ids[view] = len(self.view_of)
            self.view_of.append(view)
        self.views.append(view_id)
        self.edges.append(None)
        return number

    def state(self, node: int) -> GameState:
        """A game state of ``node``: its live values, the initial value of every dead one."""
        scene, values, visits, choices = self.keys[node]
        variables = dict(self.initial)
        variables.update(zip(self.order[scene], values, strict=True))
        return GameState(self.role, scene, variables, (*sorted(visits - {scene}), scene), tuple(sorted(choices)))

    def successors(self, node: int) -> tuple[tuple[str, int], ...]:
        """The options offered at ``node``, each with the node it leads to."""
        known = self.edges[node]
        if known is not None:
            return known
        offered = self.view_of[self.views[node]][2]
        made: tuple[tuple[str, int], ...] = ()
        if offered:
            state = self.state(node)
            scene = self.story.scenes[state.scene]
            moves = []
            for choice_id in offered:
                choice = scene.choice(choice_id)
                assert choice is not None  # the view's ids are this scene's own choices
                moves.append((choice_id, self.node(rules.apply_choice(self.story, state, choice))))
            made = tuple(moves)
        self.edges[node] = made
        return made

    def expand_all(self) -> None:
        """Make every reachable node (raises :class:`_TooMany` past the limit)."""
        queue = deque([self.start])
        done = {self.start}
        while queue:
            for _choice, child in self.successors(queue.popleft()):
                if child not in done:
                    done.add(child)
                    queue.append(child)


class Horizon:
    """What a player reads from a node on, within a number of scenes, as an interned number per (node, depth).

    Two nodes read the same within ``depth`` scenes exactly when their numbers are equal: the
    node's view, and for each option offered, what follows it within ``depth - 1``.
    """

    def __init__(self, graph: StateGraph) -> None:
        self.graph = graph
        self._ids: dict[tuple[Any, ...], int] = {}
        self._memo: list[dict[int, int]] = [{} for _ in range(HORIZON + 1)]
        self._diffs: dict[tuple[int, int, int, bool], frozenset[str]] = {}

    def sig(self, node: int, depth: int) -> int:
        if depth <= 1:
            return self.graph.views[node]
        memo = self._memo[depth]
        found = memo.get(node)
        if found is None:
            shape = (
                depth,
                self.graph.views[node],
                tuple((c, self.sig(child, depth - 1)) for c, child in self.graph.successors(node)),
            )
            found = memo[node] = self._ids.setdefault(shape, len(self._ids))
        return found

    def differences(self, a: int, b: int, depth: int = HORIZON, first: bool = True) -> frozenset[str]:
        """How what follows ``a`` and ``b`` differs within ``depth`` scenes (empty: the player reads the same)."""
        sig_a, sig_b = self.sig(a, depth), self.sig(b, depth)
        if sig_a == sig_b:
            return frozenset()
        memo_key = (min(sig_a, sig_b), max(sig_a, sig_b), depth, first)  # what differs depends on what is read only
        cached = self._diffs.get(memo_key)
        if cached is not None:
            return cached
        graph = self.graph
        (scene_a, passages_a, offered_a) = graph.view_of[graph.views[a]]
        (scene_b, passages_b, offered_b) = graph.view_of[graph.views[b]]
        found: set[str] = set()
        if scene_a != scene_b:
            found.add("next scene" if first else "later scenes")
        else:
            if passages_a != passages_b:
                found.add("passages")
            if offered_a != offered_b:
                found.add("options")
            if depth > 1:
                after_b = dict(graph.successors(b))
                for choice_id, child in graph.successors(a):
                    other = after_b.get(choice_id)
                    if other is not None:
                        found |= self.differences(child, other, depth - 1, first=False)
        result = self._diffs[memo_key] = frozenset(found)
        return result


def _reachable_endings(graph: StateGraph) -> list[frozenset[str]]:
    """For every node, the endings still reachable from it (every node made; loops iterated to a fixed point)."""
    count = len(graph.keys)
    endings: list[frozenset[str]] = [frozenset()] * count
    for node in range(count):
        scene = graph.view_of[graph.views[node]][0]
        if graph.story.scenes[scene].ending is not None:
            endings[node] = frozenset({scene})
    order = _post_order(graph)
    interned: dict[frozenset[str], frozenset[str]] = {}
    changed = True
    while changed:
        changed = False
        for node in order:
            edges = graph.edges[node] or ()
            if not edges:
                continue
            union = frozenset().union(*(endings[child] for _c, child in edges))
            union = interned.setdefault(union, union)
            if union != endings[node]:
                endings[node] = union
                changed = True
    return endings


def _post_order(graph: StateGraph) -> list[int]:
    """Nodes in depth-first post-order (children before parents where there are no loops)."""
    order: list[int] = []
    seen = {graph.start}
    stack: list[tuple[int, int]] = [(graph.start, 0)]
    while stack:
        node, at = stack.pop()
        edges = graph.edges[node] or ()
        if at < len(edges):
            stack.append((node, at + 1))
            child = edges[at][1]
            if child not in seen:
                seen.add(child)
                stack.append((child, 0))
        else:
            order.append(node)
    return order


def _play_probabilities(graph: StateGraph) -> list[float] | None:
    """How likely a game choosing uniformly at random is to pass each node; None when the states loop."""
    count = len(graph.keys)
    incoming = [0] * count
    for edges in graph.edges:
        for _c, child in edges or ():
            incoming[child] += 1
    chance = [0.0] * count
    chance[graph.start] = 1.0
    ready = deque(node for node in range(count) if incoming[node] == 0)
    done = 0
    while ready:
        node = ready.popleft()
        done += 1
        edges = graph.edges[node] or ()
        for _c, child in edges:
            chance[child] += chance[node] / len(edges)
            incoming[child] -= 1
            if incoming[child] == 0:
                ready.append(child)
    return chance if done == count else None


@dataclass
class Decision:
    """One decision scene: in how many states it was judged, how its options differ, and each option's part."""

    scene: str
    states: int = 0
    """States (exact) or meetings (sampled) in which two options or more were offered."""
    differing: int = 0
    """Of those, the ones in which some option changes what the player reads within the horizon."""
    weight: float = 0.0
    """How often a game meets it (exact: expected meetings per game; sampled: meetings)."""
    cosmetic_weight: float = 0.0
    kinds: set[str] = field(default_factory=set)
    options: dict[str, set[str]] = field(default_factory=dict)
    """option id -> how it differs from some other option offered with it"""

    @property
    def cosmetic(self) -> bool:
        return self.differing == 0

    def judge(
        self, horizon: Horizon, offered: tuple[tuple[str, int], ...], endings: list[frozenset[str]] | None
    ) -> None:
        """Compare every two options offered in one state; ``endings`` (exact only) adds the endings still reachable."""
        self.states += 1
        for choice_id, _child in offered:
            self.options.setdefault(choice_id, set())
        sigs = [horizon.sig(child, HORIZON) for _c, child in offered]
        if endings is None and len(set(sigs)) == 1:
            return
        for i, (first, a) in enumerate(offered):
            for j in range(i + 1, len(offered)):
                second, b = offered[j]
                found = set(horizon.differences(a, b)) if sigs[i] != sigs[j] else set()
                if endings is not None and endings[a] is not endings[b] and endings[a] != endings[b]:
                    found.add(ENDINGS)
                if found:
                    self.kinds |= found
                    self.options[first] |= found
                    self.options[second] |= found
        if len(set(sigs)) > 1:
            self.differing += 1


@dataclass
class RoleImpact:
    role: str
    method: str  # "exact" | "sampled"
    states: int
    decisions: list[Decision]
    met_share: float | None
    """Share of the decisions a game choosing at random meets that are cosmetic; None when unknown (loops)."""

    @property
    def cosmetic(self) -> list[Decision]:
        return [d for d in self.decisions if d.cosmetic]

    @property
    def cosmetic_share(self) -> float:
        return len(self.cosmetic) / len(self.decisions) if self.decisions else 0.0


def role_impact(
    story: Story, role: str, *, limit: int = DEFAULT_LIMIT, samples: int | None = None, seed: int = 1968
) -> RoleImpact:
    """The impact of every decision of ``role``: exact when its states fit ``limit`` and ``samples`` is None."""
    if samples is None:
        graph = StateGraph(story, role, limit)
        try:
            graph.expand_all()
        except _TooMany:
            samples = DEFAULT_SAMPLES
        else:
            return _exact(graph)
    return _sampled(StateGraph(story, role, limit=2**62), samples, seed)


def _exact(graph: StateGraph) -> RoleImpact:
    horizon = Horizon(graph)
    endings = _reachable_endings(graph)
    chance = _play_probabilities(graph)
    decisions: dict[str, Decision] = {}
    for node, edges in enumerate(graph.edges):
        if edges is None or len(edges) < 2:
            continue
        scene = graph.keys[node][0]
        decision = decisions.setdefault(scene, Decision(scene))
        before = decision.differing
        decision.judge(horizon, edges, endings)
        if chance is not None:
            decision.weight += chance[node]
            if decision.differing == before:
                decision.cosmetic_weight += chance[node]
    ordered = _in_story_order(graph.story, graph.role, decisions)
    met = None
    if chance is not None:
        total = sum(d.weight for d in ordered)
        met = sum(d.cosmetic_weight for d in ordered) / total if total else 0.0
    return RoleImpact(graph.role, "exact", len(graph.keys), ordered, met)


def _sampled(graph: StateGraph, games: int, seed: int) -> RoleImpact:
    rng = random.Random(f"{seed}:{graph.role}")
    horizon = Horizon(graph)
    decisions: dict[str, Decision] = {}
    steps = 20 * len(graph.story.scenes_for(graph.role))
    for _ in range(games):
        node = graph.start
        for _step in range(steps):
            edges = graph.successors(node)
            if not edges:
                break
            if len(edges) >= 2:
                scene = graph.keys[node][0]
                decision = decisions.setdefault(scene, Decision(scene))
                before = decision.differing
                decision.judge(horizon, edges, None)
                decision.weight += 1
                if decision.differing == before:
                    decision.cosmetic_weight += 1
            node = edges[rng.randrange(len(edges))][1]
    ordered = _in_story_order(graph.story, graph.role, decisions)
    total = sum(d.weight for d in ordered)
    met = sum(d.cosmetic_weight for d in ordered) / total if total else 0.0
    return RoleImpact(graph.role, f"sampled: {games:,} random games, seed {seed}", len(graph.keys), ordered, met)


def _in_story_order(story: Story, role: str, decisions: dict[str, Decision]) -> list[Decision]:
    return [decisions[s.id] for s in story.scenes_for(role) if s.id in decisions]


@dataclass
class ImpactReport:
    roles: list[RoleImpact]

    def flags(self, role: RoleImpact) -> list[str]:
        """Where a role breaks issue 16's threshold, by either count."""
        found = []
        if role.cosmetic_share > COSMETIC_SHARE:
            found.append(f"{role.cosmetic_share:.0%} of the decisions are cosmetic (over {COSMETIC_SHARE:.0%})")
        if role.met_share is not None and role.met_share > COSMETIC_SHARE:
            found.append(
                f"{role.met_share:.0%} of the decisions met in random play are cosmetic (over {COSMETIC_SHARE:.0%})"
            )
        return found

    def to_dict(self, story: Story) -> dict[str, Any]:
        return {
            "horizon": HORIZON,
            "compared": "scene, passages shown and options offered in each of the next "
            f"{HORIZON} scenes after an option; endings still reachable (exact only); "
            "bars, {values} and the 'You chose' echo are not compared",
            "roles": [
                {
                    "role": role.role,
                    "method": role.method,
                    "states": role.states,
                    "decisions": len(role.decisions),
                    "cosmetic": len(role.cosmetic),
                    "cosmetic_share": round(role.cosmetic_share, 4),
                    "cosmetic_share_as_met": None if role.met_share is None else round(role.met_share, 4),
                    "flags": self.flags(role),
                    "scenes": [
                        {
                            "scene": d.scene,
                            "loc": str(story.scenes[d.scene].loc),
                            "cosmetic": d.cosmetic,
                            "states": d.states,
                            "differing_states": d.differing,
                            "differences": _sorted(d.kinds),
                            "options": {option: _sorted(kinds) for option, kinds in d.options.items()},
                        }
                        for d in role.decisions
                    ],
                }
                for role in self.roles
            ],
        }

    def to_json(self, story: Story) -> str:
        return json.dumps(self.to_dict(story), indent=2, ensure_ascii=False)

    def to_text(self, story: Story) -> str:
        lines = [
            f"choice impact: horizon {HORIZON} scenes after each option (the scene, passages shown and options "
            "offered); endings still reachable (exact only); bars, {values} and the 'You chose' echo not compared"
        ]
        for role in self.roles:
            title = story.roles[role.role].title
            met = "" if role.met_share is None else f"; {role.met_share:.1%} of the decisions met in random play"
            lines.append("")
            lines.append(f"{title} ({role.role}), {role.method}, {role.states:,} states:")
            lines.append(
                f"  {len(role.cosmetic)} of {len(role.decisions)} decisions cosmetic ({role.cosmetic_share:.1%}){met}"
            )
            for d in role.decisions:
                scene = story.scenes[d.scene]
                if d.cosmetic:
                    extra = " (endings differ beyond the horizon)" if ENDINGS in d.kinds else ""
                    lines.append(f"  {scene.loc}: {d.scene}: cosmetic{extra}")
                    continue
                unit = "states" if role.method == "exact" else "meetings"
                share = f"in {d.differing:,} of {d.states:,} {unit}"
                lines.append(f"  {scene.loc}: {d.scene}: {', '.join(_sorted(d.kinds))} ({share})")
                for option, kinds in d.options.items():
                    lines.append(f"      {option.rpartition('.')[2]}: {', '.join(_sorted(kinds)) or 'nothing'}")
            for flag in self.flags(role):
                lines.append(f"  ! {flag}")
        return "\n".join(lines)


def _sorted(kinds: Iterable[str]) -> list[str]:
    order = (*KINDS, ENDINGS)
    return sorted(kinds, key=order.index)


def impact(
    story: Story,
    roles: list[str] | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    samples: int | None = None,
    seed: int = 1968,
) -> ImpactReport:
    """The impact report of ``roles`` (all roles by default)."""
    return ImpactReport(
        [role_impact(story, role, limit=limit, samples=samples, seed=seed) for role in (roles or list(story.roles))]
    )

"""``spring68 explore --random N``: seeded random games per role, and what they say about the story's balance.

The exhaustive explorer says what *can* happen; random games say what usually does. Each role
plays ``N`` games choosing uniformly among the options offered, with its own generator seeded
from the seed and the role's id, so ``--role R`` gives exactly the numbers of the full run for
that role. Per role the report gives:

- for each shown number, the share of scenes read while it sat at its minimum and at its
  maximum (a bar that is pinned to an end has lost its meaning: issue 16 asks for at most a third);
- the share of games ending in each ending (no ending should take more than a fifth of a role's games);
- the share of games that see each scene (routes some games never see);
- games that could not finish: a scene with no option offered, or the step limit reached in a
  loop. They are counted and shown with where they ended, never dropped.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

from game.engine import rules
from game.story.model import Story

MAX_STEPS = 10_000
"""The most choices one random game may make before it counts as stuck in a loop."""
STEPS_PER_SCENE = 20
"""A role's step limit is this many choices per scene of the role (at most :data:`MAX_STEPS`): far more than
any finishing game makes, and small enough that a mod whose every game loops is measured in seconds."""
EXTREME_SHARE = 1 / 3
"""A shown number is flagged when it spends more than this share of the scenes at its minimum or maximum."""
ENDING_SHARE = 0.2
"""An ending is flagged when it takes more than this share of a role's games."""
STUCK_EXAMPLES = 5
"""Stuck games listed per role (all are counted)."""


@dataclass
class StuckGame:
    """A game that could not finish: why, where, and the choices that led there (the last ones for a loop)."""

    reason: str  # "no option" | "step limit"
    scene: str
    choices: list[str]


@dataclass
class RoleRandom:
    """The random games of one role."""

    role: str
    runs: int
    scenes_read: int = 0
    """Scenes read over all games, the start and the ending included: the denominator of the bar shares."""
    at_min: dict[str, int] = field(default_factory=dict)
    at_max: dict[str, int] = field(default_factory=dict)
    endings: dict[str, int] = field(default_factory=dict)
    games_seeing: dict[str, int] = field(default_factory=dict)
    """scene id -> games that read it at least once"""
    scene_hits: dict[str, int] = field(default_factory=dict)
    choice_hits: dict[str, int] = field(default_factory=dict)
    stuck: int = 0
    stuck_examples: list[StuckGame] = field(default_factory=list)

    def extreme_shares(self) -> dict[str, tuple[float, float]]:
        """Per shown number: (share of scenes at its minimum, share at its maximum)."""
        total = self.scenes_read or 1
        return {name: (self.at_min[name] / total, self.at_max[name] / total) for name in self.at_min}

    def ending_shares(self) -> dict[str, float]:
        return {ending: count / self.runs for ending, count in self.endings.items()}

    def flags(self, story: Story) -> list[str]:
        """What breaks issue 16's thresholds: bars pinned to an end, endings that take too many games, stuck games."""
        found: list[str] = []
        for name, (low, high) in self.extreme_shares().items():
            label = story.variables[name].label
            if low > EXTREME_SHARE:
                found.append(f"'{label}' ({name}) is at its minimum in {low:.0%} of scenes (over 1/3)")
            if high > EXTREME_SHARE:
                found.append(f"'{label}' ({name}) is at its maximum in {high:.0%} of scenes (over 1/3)")
        for ending, share in sorted(self.ending_shares().items(), key=lambda item: -item[1]):
            if share > ENDING_SHARE:
                found.append(f"ending '{ending}' takes {share:.0%} of the games (over 20%)")
        if self.stuck:
            found.append(f"{self.stuck:,} games could not finish")
        return found


@dataclass
class RandomReport:
    runs: int
    """Games per role."""
    seed: int
    roles: list[RoleRandom]

    @property
    def stuck(self) -> int:
        return sum(r.stuck for r in self.roles)

    @property
    def endings(self) -> dict[str, int]:
        return _merged(r.endings for r in self.roles)

    @property
    def scene_hits(self) -> dict[str, int]:
        return _merged(r.scene_hits for r in self.roles)

    @property
    def choice_hits(self) -> dict[str, int]:
        return _merged(r.choice_hits for r in self.roles)

    def to_dict(self, story: Story) -> dict[str, Any]:
        roles = []
        for report in self.roles:
            roles.append(
                {
                    "role": report.role,
                    "games": report.runs,
                    "scenes_read": report.scenes_read,
                    "bars": {
                        name: {"at_min": round(low, 4), "at_max": round(high, 4)}
                        for name, (low, high) in report.extreme_shares().items()
                    },
                    "endings": {
                        ending: {"games": report.endings[ending], "share": round(share, 4)}
                        for ending, share in sorted(report.ending_shares().items(), key=lambda item: -item[1])
                    },
                    "scenes_seen": {
                        scene.id: round(report.games_seeing.get(scene.id, 0) / report.runs, 4)
                        for scene in story.scenes_for(report.role)
                    },
                    "choices_never_taken": _never_taken(story, report),
                    "stuck": report.stuck,
                    "stuck_examples": [vars(game) for game in report.stuck_examples],
                    "flags": report.flags(story),
                }
            )
        return {
            "method": f"{self.runs} random games per role, options chosen uniformly, seed {self.seed}",
            "games_per_role": self.runs,
            "seed": self.seed,
            "thresholds": {"bar_at_extreme": round(EXTREME_SHARE, 4), "ending_share": ENDING_SHARE},
            "roles": roles,
        }

    def to_json(self, story: Story) -> str:
        return json.dumps(self.to_dict(story), indent=2, ensure_ascii=False)

    def to_text(self, story: Story) -> str:
        lines = [f"{self.runs:,} random playthroughs, seed {self.seed}, per role; options chosen uniformly"]
        for report in self.roles:
            title = story.roles[report.role].title
            lines.append("")
            lines.append(f"{title} ({report.role}): {report.runs:,} games, {report.scenes_read:,} scenes read")
            lines.append("  bars (share of scenes read at the minimum / at the maximum):")
            for name, (low, high) in report.extreme_shares().items():
                variable = story.variables[name]
                mark = "   <- over 1/3" if max(low, high) > EXTREME_SHARE else ""
                lines.append(
                    f"    {variable.label} ({name}, {variable.min}..{variable.max}): {low:6.1%} / {high:6.1%}{mark}"
                )
            lines.append("  endings (share of games):")
            for ending, share in sorted(report.ending_shares().items(), key=lambda item: (-item[1], item[0])):
                scene = story.scenes[ending]
                kind = " [counterfactual]" if scene.ending and scene.ending.counterfactual else ""
                mark = "   <- over 20%" if share > ENDING_SHARE else ""
                lines.append(f"    {share:6.1%}  {report.endings[ending]:8,}  {ending}{kind}{mark}")
            lines.append("  scenes (share of games that read them):")
            for scene in story.scenes_for(report.role):
                seen = report.games_seeing.get(scene.id, 0)
                lines.append(f"    {seen / report.runs:6.1%}  {scene.id}" + ("   <- never" if seen == 0 else ""))
            never = _never_taken(story, report)
            lines.append(f"  choices never taken: {len(never)}" + (": " + ", ".join(never) if never else ""))
            lines.append(f"  stuck playthroughs: {report.stuck}")
            for game in report.stuck_examples:
                steps = " → ".join(c.rpartition(".")[2] for c in game.choices[-12:])
                lines.append(f"    {story.scenes[game.scene].loc}: {game.reason} in '{game.scene}' after {steps}")
            for flag in report.flags(story):
                lines.append(f"  ! {flag}")
        return "\n".join(lines)


def _merged(counts: Any) -> dict[str, int]:
    total: dict[str, int] = {}
    for each in counts:
        for key, value in each.items():
            total[key] = total.get(key, 0) + value
    return total


def _never_taken(story: Story, report: RoleRandom) -> list[str]:
    return [c.id for s in story.scenes_for(report.role) for c in s.choices if report.choice_hits.get(c.id, 0) == 0]


def step_limit(story: Story, role: str) -> int:
    """The choices a random game of ``role`` may make before it counts as stuck in a loop."""
    return min(MAX_STEPS, STEPS_PER_SCENE * len(story.scenes_for(role)))


def play_role(story: Story, role: str, runs: int, seed: int, max_steps: int | None = None) -> RoleRandom:
    """``runs`` games of ``role``, choosing uniformly among the options offered; the same seed, the same report."""
    rng = random.Random(f"{seed}:{role}")
    if max_steps is None:
        max_steps = step_limit(story, role)
    shown = [v for v in story.variables_for(role) if v.shown and v.type == "number"]
    report = RoleRandom(role, runs, at_min={v.name: 0 for v in shown}, at_max={v.name: 0 for v in shown})
    scene_hits, choice_hits, at_min, at_max = report.scene_hits, report.choice_hits, report.at_min, report.at_max

    for _ in range(runs):
        state = rules.new_game(story, role)
        seen: set[str] = set()
        for step in range(max_steps + 1):
            scene = story.scenes[state.scene]
            seen.add(scene.id)
            scene_hits[scene.id] = scene_hits.get(scene.id, 0) + 1
            report.scenes_read += 1
            values = state.variables
            for variable in shown:
                value = values[variable.name]
                if value == variable.min:
                    at_min[variable.name] += 1
                elif value == variable.max:
                    at_max[variable.name] += 1
            if scene.ending is not None:
                report.endings[scene.id] = report.endings.get(scene.id, 0) + 1
                break
            available = [c for c in scene.choices if c.condition is None or c.condition.run(state)]
            if not available or step == max_steps:
                report.stuck += 1
                if len(report.stuck_examples) < STUCK_EXAMPLES:
                    reason = "no option" if not available else "step limit"
                    report.stuck_examples.append(StuckGame(reason, scene.id, list(state.log[-50:])))
                break
            choice = available[rng.randrange(len(available))]
            choice_hits[choice.id] = choice_hits.get(choice.id, 0) + 1
            state = rules.apply_choice(story, state, choice)
        for scene_id in seen:
            report.games_seeing[scene_id] = report.games_seeing.get(scene_id, 0) + 1
    return report


def random_playthroughs(
    story: Story, runs: int, seed: int, roles: list[str] | None = None, max_steps: int | None = None
) -> RandomReport:
    """``runs`` random games of each role (all roles unless ``roles`` is given)."""
    return RandomReport(
        runs, seed, [play_role(story, role, runs, seed, max_steps) for role in (roles or list(story.roles))]
    )

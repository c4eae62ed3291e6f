"""Modding-tool speed goals, printed as ratios measured in the same run.

- exhaustive exploration of the base campaign, in states per second, against
  a bare breadth-first search over the same scene graph that copies a dict
  per state (the floor for doing this work in Python; goal: at least 1x);
- ``check`` (load + every anchoring proof) of a generated 10,000-scene pack
  against loading it (goal: at most 2x).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate_pack  # noqa: E402


def _bare_bfs(story, role: str, budget: int) -> tuple[int, float]:
    """A plain BFS over (scene, variables dict) with no conditions or dedup beyond the dict: the floor."""
    start = {v.name: v.initial for v in story.variables_for(role)}
    names = list(start)
    queue = deque([(story.roles[role].start, start)])
    seen = {(story.roles[role].start, tuple(start.values()))}
    began = time.perf_counter()
    while queue and len(seen) < budget:
        scene_id, values = queue.popleft()
        for choice in story.scenes[scene_id].choices:
            nxt = dict(values)
            for effect in choice.effects:
                nxt[effect.variable] = nxt[effect.variable] + 1 if effect.mode == "add" else nxt[effect.variable]
            key = (choice.goto, tuple(nxt[n] for n in names))
            if key not in seen:
                seen.add(key)
                queue.append((choice.goto, nxt))
    return len(seen), time.perf_counter() - began


def main() -> list[tuple[str, float, float]]:
    from bench.bytecode import prepare

    prepare()
    from game.story.loader import load_story, load_with_problems
    from game.tools.check import run_check
    from game.tools.explore import explore_role

    results = []
    story = load_story()
    states = 0
    began = time.perf_counter()
    for role in story.roles:
        states += explore_role(story, role).states
    elapsed = time.perf_counter() - began
    ours = states / elapsed
    bare_states, bare_time = 0, 0.0
    for role in story.roles:
        n, t = _bare_bfs(story, role, budget=states)
        bare_states, bare_time = bare_states + n, bare_time + t
    bare = bare_states / bare_time
    print(f"explore: {states:,} states in {elapsed:.2f}s = {ours:,.0f} states/s; bare BFS {bare:,.0f} states/s")
    results.append(("explore states/s vs bare BFS states/s (higher is better)", ours / bare, 1.0))

    with tempfile.TemporaryDirectory() as tmp:
        pack = generate_pack(Path(tmp) / "p10k", 10_000)
        load = min(_timed(lambda: load_with_problems([pack])) for _ in range(3))
        check = min(_timed(lambda: run_check([str(pack)])) for _ in range(3))
        print(f"10,000 scenes: load {load:.2f}s, check {check:.2f}s")
        results.append(("check 10k / load 10k", check / load, 2.0))
    return results


def _timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


if __name__ == "__main__":
    for name, ratio, goal in main():
        print(f"{name}: {ratio:.2f}x (goal {goal})")

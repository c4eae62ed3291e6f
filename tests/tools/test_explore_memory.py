"""Issue 21, item 2: the exhaustive explorer keeps each state as one small int, and reports exactly as before.

The packing (:class:`game.tools.explore._Packing`) puts every variable's value in a bit field of its own
and numbers the histories; the way back to the start is two arrays. These tests hold the packed search
to a search through the engine's own rules and plain game states (every state, every shortest path),
on packs whose ranges make fields of awkward widths, and bound the memory a state costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import deque
from pathlib import Path

import pytest

from bench.bench_tools import write_explore_pack
from game.engine import rules
from game.story.loader import load_story
from game.story.model import Story
from game.tools.anchoring import variables_read
from game.tools.explore import explore_role, relevant_history
from tests.conftest import ROOT, write_pack

BYTES_PER_STATE = 150
"""What a state may cost at most: the rise of the peak resident memory over the loaded story, per state.

Plain tuples of (scene, values, visits, choices) with a parents dict cost 269 bytes a state on the pack of
the test below (and 476 on the base campaign's resistance role, by tracemalloc); the packed search about 100.
"""


def _engine_search(story: Story, role: str) -> tuple[int, dict[str, list[str]], list[tuple[str, list[str]]]]:
    """Breadth-first through ``rules`` on full game states: states, the first path to each ending, stuck states."""
    watched_scenes, watched_choices = relevant_history(story)
    names = [v.name for v in story.variables_for(role) if v.name in variables_read(story)]

    def key(state: rules.GameState) -> tuple:
        return (
            state.scene,
            tuple(state.variables[n] for n in names),
            frozenset(watched_scenes & state.visited),
            frozenset(watched_choices & state.chosen),
        )

    start = rules.new_game(story, role)
    seen = {key(start)}
    queue = deque([(start, [])])
    endings: dict[str, list[str]] = {}
    stuck: list[tuple[str, list[str]]] = []
    while queue:
        state, path = queue.popleft()
        if rules.is_over(story, state):
            endings.setdefault(state.scene, path)
            continue
        options = rules.available_choices(story, state)
        if not options:
            stuck.append((state.scene, path))
        for choice in options:
            nxt = rules.choose(story, state, choice.id)
            if key(nxt) not in seen:
                seen.add(key(nxt))
                queue.append((nxt, [*path, choice.id]))
    return len(seen), endings, stuck


def _awkward_pack(root):
    """Fields of every awkward width: a negative range, a range of exactly 2**k values and one more, flags.

    ``t`` runs -3..3 and is pushed past both ends; ``w`` is 0..7 (three bits, full), ``x`` 0..8 (four bits,
    one value in the top one); two flags are set and cleared; conditions read all of them, and ``visited``
    and ``chose`` too, so a field that overlapped its neighbour would merge or split states.
    """
    pack_yaml = (
        "id: awkward\ntitle: Awkward\nroles:\n  hero: {title: Hero, start: s0}\nvariables:\n"
        "  t: {label: T, min: -3, max: 3, initial: -1}\n"
        "  w: {label: W, min: 0, max: 7, initial: 7}\n"
        "  f: {label: F, type: flag, initial: true}\n"
        "  x: {label: X, min: 0, max: 8, initial: 0}\n"
        "  g: {label: G, type: flag, initial: false}\n"
    )
    head = "  title: T\n  date: 1968-08-21\n  place: P\n  text: t\n  history: {text: h, sources: [src]}\n"
    scenes = ""
    for i in range(6):
        goto = f"s{i + 1}" if i < 5 else "s0"
        scenes += (
            f"- id: s{i}\n{head}  choices:\n"
            f"    - {{id: up, label: U, goto: {goto}, do: {{t: +2, x: +3}}, set: {{g: not g}}}}\n"
            f"    - {{id: down, label: D, goto: {goto}, do: {{t: -3, w: -2}}, if: 'f or t > -3'}}\n"
            f"    - {{id: flip, label: F, goto: {goto}, set: {{f: not f, w: 7}}, if: 'w < 7 or x >= 8'}}\n"
        )
        if i == 2:
            scenes += "    - {id: tall, label: T, goto: tall, if: 'x >= 8 and t == 3 and g'}\n"
        if i == 4:
            scenes += "    - {id: low, label: L, goto: low, if: 't == -3 and w <= 1 and not f'}\n"
            scenes += '    - {id: back, label: B, goto: back, if: \'visited("tall") or chose("s1.flip")\'}\n'
    for ending in ("tall", "low", "back"):
        scenes += f"- id: {ending}\n{head}  ending: {{title: E, epilogue: e}}\n"
    return write_pack(root, {"pack.yaml": pack_yaml, "hero/scenes.yaml": scenes})


def test_packed_states_split_and_merge_exactly_as_full_game_states(tmp_path):
    story = load_story([_awkward_pack(tmp_path / "awkward")])
    states, endings, stuck = _engine_search(story, "hero")
    report = explore_role(story, "hero", liveness=False)
    assert report.states == states > 1000  # enough values to fill every field
    assert report.endings == endings  # the very same shortest paths, rebuilt from the arrays
    assert report.stuck == stuck
    assert set(endings) == {"tall", "low", "back"}


def test_the_way_back_is_the_first_found_for_every_ending_and_stuck_state(pack):
    scenes = (
        "- id: s1\n  title: F\n  date: 1968-08-21\n  place: P\n  text: t\n  choices:\n"
        "    - {id: a, label: A, goto: s2, do: {nerve: +3}}\n    - {id: b, label: B, goto: s2}\n"
        "    - {id: c, label: C, goto: s3, do: {nerve: +5}}\n"
        "  history: {text: h, sources: [src]}\n"
        "- id: s2\n  title: M\n  date: 1968-08-22\n  place: P\n  text: t\n  choices:\n"
        "    - {id: on, label: On, if: nerve >= 4, goto: s3}\n"
        "  history: {text: h, sources: [src]}\n"
        "- id: s3\n  title: E\n  date: 1968-08-23\n  place: P\n  text: t\n  history: {text: h, sources: [src]}\n"
        "  ending: {title: E, epilogue: e}\n"
    )
    story = load_story([pack({"hero/scenes.yaml": scenes})])
    report = explore_role(story, "hero")
    assert report.endings == {"s3": ["s1.c"]}
    assert report.stuck == [("s2", ["s1.b"])]  # s1.a's state moves on; only the one after s1.b is stuck
    assert report.states == 4  # s3 after s1.c and after s2.on: nothing is live in an ending, one state


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the peak resident memory is read from /proc")
def test_a_state_costs_about_a_hundred_bytes(tmp_path):
    # In a child process, so the high-water mark is the search's own: its rise over the loaded story, per state.
    pack = write_explore_pack(tmp_path / "explore", scenes=18, variables=6)
    code = (
        "import sys\n"
        "from game.story.loader import load_story\n"
        "from game.tools.explore import explore_role\n"
        "def peak():  # VmHWM, not ru_maxrss: that one keeps the forking parent's peak across exec\n"
        "    status = open('/proc/self/status').read()\n"
        "    return int(status.split('VmHWM:')[1].split()[0])\n"
        "story = load_story([sys.argv[1]])\n"
        "before = peak()\n"
        "states = explore_role(story, 'hero', liveness=False).states\n"
        "print(states, peak() - before)\n"
    )
    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(pack)], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    states, risen_kib = map(int, result.stdout.split())
    assert states > 100_000  # enough that the per-state cost, not the fixed cost, is measured
    assert risen_kib * 1024 / states <= BYTES_PER_STATE, f"{risen_kib * 1024 / states:.0f} bytes a state"

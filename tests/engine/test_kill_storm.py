"""A kill -9 storm on plain mode: real game processes killed at random moments, many of them mid-save.

Each life is ``spring68 play --plain`` on a pack whose game never has to end
(s1 → s2 → s1 …), continuing the autosave, or now and then starting a new
game over the unfinished one (so the game is kept as a named save first).
The test plays moves (choices and undos) through a pipe, reads each answer,
and kills the process with SIGKILL: sometimes while it starts, mostly a
moment after sending a move, inside the window the move's autosave takes.

After every kill the folder must load (every save file reads, only
temporary files are left over, nothing is marked damaged), the autosave
must hold the last answered move or the one in flight (nothing lost beyond
the last choice), and every game replaced by a new one must still be held
by a save with its own id (or by a save of the very same position).

Seeded (the moves and the kinds of kill); the moment a kill lands depends on
the machine, so the counts of mid-save kills vary and only the guarantees
are asserted. ``SPRING68_STORM_KILLS`` runs a longer storm.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import time
from pathlib import Path

import pytest

from game.engine import rules
from game.engine.saves import SaveFolder, read_document
from game.engine.state import GameState
from game.story.loader import load_story
from tests.engine.plain_process import PROMPT, PlainProcess, loop_pack

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

KILLS = int(os.environ.get("SPRING68_STORM_KILLS", "200"))
SEED = 1968


def held_games(folder: Path) -> dict[str, list[GameState]]:
    """Every game position in the autosave and the named slots, by game id; asserts that every file reads."""
    held: dict[str, list[GameState]] = {}
    for path in folder.iterdir():
        assert ".damaged-" not in path.name, f"a save was found damaged: {path.name}"
        if path.name.startswith("."):
            assert path.name.endswith(".tmp"), path.name  # a killed writer's unfinished temporary file
            continue
        state = GameState.from_dict(read_document(path)["state"])  # raises if the file is broken
        if not path.name.endswith(".bak.json"):
            held.setdefault(state.game, []).append(state)
    return held


def test_a_kill_storm_on_plain_mode_loses_nothing_beyond_the_last_choice(tmp_path, cli_env):
    pack = loop_pack(tmp_path / "loop")
    story = load_story([pack])
    folder = Path(cli_env["SPRING68_SAVES"])
    rng = random.Random(SEED)
    saved: GameState | None = None  # what the autosave holds for sure
    replaced: dict[str, GameState] = {}  # games a new game replaced: each must stay held
    latencies: list[float] = [0.005]
    counts = {
        "kills": 0,
        "in flight": 0,
        "mid-write": 0,
        "while starting": 0,
        "new over unfinished": 0,
    }
    shared: set[str] = set()  # replaced games whose position a save of another game holds
    started = time.monotonic()
    while counts["kills"] < KILLS:
        new_game = saved is None or rng.random() < 0.1
        if new_game and saved is not None and saved.log:
            replaced[saved.game] = saved
            counts["new over unfinished"] += 1
        life = PlainProcess(pack, cli_env, *(["--role", "hero"] if new_game else ["--continue"]))
        state = rules.new_game(story, "hero") if new_game else saved
        assert state is not None
        pending: GameState | None = None
        if rng.random() < 0.1:  # a kill while the game starts (importing, loading, keeping the old game)
            time.sleep(rng.uniform(0, 0.15))
            counts["while starting"] += 1
        else:
            assert life.wait_for_prompt(1), life.seen.decode(errors="replace")
            for _move in range(rng.randint(0, 6)):
                after = rules.undo(story, state) if state.log and rng.random() < 0.2 else None
                key = "u" if after is not None else "1"  # 1: on to s2, or back to s1; never the ending
                after = after or rules.choose(story, state, "go" if state.scene == "s1" else "back")
                sent = time.monotonic()
                life.send(key)
                assert life.wait_for_prompt(life.seen.count(PROMPT) + 1)
                latencies.append(time.monotonic() - sent)
                state = saved = after  # answered: saved before anything about it was shown
            after = rules.undo(story, state) if state.log and rng.random() < 0.2 else None
            key = "u" if after is not None else "1"
            pending = after or rules.choose(story, state, "go" if state.scene == "s1" else "back")
            life.send(key)
            time.sleep(rng.uniform(0, 1.5 * statistics.median(latencies[-50:])))  # inside the save, mostly
            counts["in flight"] += 1
        life.kill()
        counts["kills"] += 1
        if not folder.exists() or not (folder / "autosave.json").exists():
            assert saved is None, "the autosave vanished"
            continue
        marker = f".{life.process.pid}."  # in the names of the temporary files this process was writing
        counts["mid-write"] += any(p.name.startswith(".") and marker in p.name for p in folder.iterdir())
        held = held_games(folder)
        resumed = SaveFolder(folder).resume(story).state
        assert resumed == saved or (pending is not None and resumed == pending), (counts, resumed, saved, pending)
        saved = resumed
        replaced.pop(saved.game, None)  # killed before the new game saved anything: the old one goes on
        everywhere = [state for states in held.values() for state in states]
        for game, position in replaced.items():
            # Held under its own id; or, when a save of another game holds the very same position, that
            # save counts (the rule: a game in a named slot is not lost), and the game was not kept again.
            assert position in everywhere, f"a replaced game was lost: {game} {position}"
            if position not in held.get(game, []):
                shared.add(game)
    elapsed = time.monotonic() - started
    counts["replaced games held by a save of the same position"] = len(shared)
    print(f"\nkill storm: {counts}, {elapsed:.1f}s, median answer {statistics.median(latencies) * 1000:.1f} ms")
    assert counts["in flight"] >= KILLS // 2 and counts["new over unfinished"] >= KILLS // 40
    assert counts["mid-write"] >= KILLS // 20, counts  # the storm did hit the writes, not only the pauses

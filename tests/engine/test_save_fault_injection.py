"""A writer killed with SIGKILL at any moment leaves the old save or the new one, never a broken one.

Two ways to kill it: at random moments while it writes saves in a tight
loop (many rounds, seeded), and deterministically before each file-system
call of one save, one call after another, so every step of the write is
interrupted once. After every kill, every save file left must load.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine.saves import SaveError, SaveFolder, read_document
from tests.conftest import MINI, ROOT

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

ROUNDS = 40
SEED = 1968

WRITER = """
import os, sys
from game.engine import rules
from game.engine.saves import SaveFolder
from game.engine.state import GameState
from game.story.loader import load_story

story = load_story([sys.argv[2]])
folder = SaveFolder(sys.argv[1])
start = rules.new_game(story, "alpha")

def state(n):
    # Growing states: the file grows from a few hundred bytes to about 70 KB, then starts again.
    return GameState(start.role, start.scene, start.variables, start.path, ("a_start.brave",) * n, start.origin)

mode = sys.argv[3]
if mode == "loop":
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        folder.write(story, state(n % 3000), "autosave" if n % 4 else "Slot one")

# mode "step": write once, then die before the K-th file-system call of the next write.
slot = sys.argv[5]
folder.write(story, state(1), slot)
kill_at = int(sys.argv[4])
calls = 0

def armed(name, real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == kill_at:
            os.kill(os.getpid(), 9)
        return real(*args, **kwargs)
    return call

CALLS = ("open", "write", "fsync", "close", "replace", "rename", "unlink", "scandir", "mkdir", "stat", "fstat", "read")
for name in CALLS:
    setattr(os, name, armed(name, getattr(os, name)))
folder.write(story, state(2), slot)
print("finished", calls, flush=True)
"""


def writer(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(MINI), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def every_save_loads(folder: Path) -> dict[str, int]:
    """Load every save file left in the folder; returns each one's number of choices."""
    found = {}
    for path in sorted(folder.iterdir()):
        assert ".damaged-" not in path.name, f"a save was damaged: {path.name}"
        if path.name.startswith("."):
            assert path.name.endswith(".tmp"), path.name  # an unfinished temporary file, never a save
            continue
        found[path.name] = len(read_document(path)["state"]["log"])  # raises SaveError if broken
    return found


def test_random_kills_while_writing_never_leave_a_broken_save(tmp_path):
    rng = random.Random(SEED)
    folder = tmp_path / "saves"
    loaded = 0
    for _round in range(ROUNDS):
        child = writer(folder, "loop")
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
        time.sleep(rng.uniform(0, 0.12))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        if not folder.exists():
            continue
        found = every_save_loads(folder)
        if found:
            SaveFolder(folder).load()  # the autosave, or its backup
            loaded += 1
    assert loaded >= ROUNDS // 2, "the writer was too slow to write anything: the test proved little"
    # The next save clears the temporary files that killed writers left behind.
    SaveFolder(folder).write(*_story_and_state())
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def _story_and_state():
    from game.engine import rules
    from game.story.loader import load_story

    story = load_story([MINI])
    return story, rules.new_game(story, "alpha")


@pytest.mark.parametrize("slot", ["autosave", "Slot one"])
def test_a_kill_before_any_step_of_a_save_leaves_the_old_or_the_new_one(tmp_path, slot):
    name = "autosave.json" if slot == "autosave" else "Slot one.json"
    step = 0
    while True:
        step += 1
        assert step < 200, "the save never finished"
        folder = tmp_path / f"step-{step}"
        child = writer(folder, "step", str(step), slot)
        out, err = child.communicate(timeout=60)
        found = every_save_loads(folder)
        assert found.get(name) in (1, 2), (step, found)  # the old save (1 choice) or the new one (2)
        if slot == "autosave":
            assert SaveFolder(folder).load()["state"]["log"]  # the autosave itself loads, not only its backup
            assert found.get("autosave.bak.json") in (None, 1)
        if child.returncode == 0:
            assert out.startswith("finished") and found[name] == 2
            break
        assert child.returncode == -signal.SIGKILL, err
    assert step > 5, "too few steps were interrupted"


def test_the_kill_points_cover_the_whole_write(tmp_path):
    """A sanity check of the harness: killing at step 1 keeps the old save; no kill gives the new one."""
    first = writer(tmp_path / "a", "step", "1", "autosave")
    first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL
    assert every_save_loads(tmp_path / "a") == {"autosave.json": 1}
    last = writer(tmp_path / "b", "step", "100000", "autosave")
    out, err = last.communicate(timeout=60)
    assert last.returncode == 0, err
    assert every_save_loads(tmp_path / "b") == {"autosave.json": 2, "autosave.bak.json": 1}
    with pytest.raises(SaveError):
        read_document(tmp_path / "b" / "missing.json")

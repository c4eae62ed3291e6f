"""Saves as a player meets them: `play --plain --continue` / `--load`, `--saves`, and saving that fails.

A damaged save is named and refused with a non-zero exit and no traceback,
and its bytes stay as they were; a save that cannot be written is reported
in one line and play goes on.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.saves import checksum
from tests.conftest import MINI, ROOT
from tests.engine.test_saves import unwritable_folder


def play(run_cli, keys: str, *extra: str, env=None):
    return run_cli("play", "--plain", "--pack", str(MINI), *extra, input=keys, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def saves_dir(cli_env) -> Path:
    return Path(cli_env["SPRING68_SAVES"])


@pytest.fixture
def good_save(run_cli, saves_dir) -> bytes:
    """The bytes of an autosave made by really playing one choice."""
    result = play(run_cli, "1\nq\n", "--role", "alpha")
    assert result.returncode == 0, result.stderr
    raw = (saves_dir / "autosave.json").read_bytes()
    (saves_dir / "autosave.json").unlink()
    (saves_dir / "autosave.bak.json").unlink(missing_ok=True)
    return raw


def future(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["version"] = 7
    data["checksum"] = checksum(data)
    return json.dumps(data).encode()


DAMAGED = {
    "truncated": (lambda raw: raw[:100], "not readable JSON"),
    "bit-flipped": (lambda raw: raw[:150] + bytes([raw[150] ^ 1]) + raw[151:], "the save is damaged"),
    "not json": (lambda raw: b"\x89PNG\r\n\x1a\n" + bytes(100), "not readable JSON"),
    "another program's json": (lambda raw: b'{"recent": ["a.txt"], "version": 3}', "not a Spring '68 save"),
    "a future format version": (future, "made by a newer version of the game (format 7)"),
}


@pytest.mark.parametrize("how", ["--continue", "--load"])
@pytest.mark.parametrize("kind", list(DAMAGED))
def test_a_damaged_save_is_named_and_refused_without_a_traceback(run_cli, saves_dir, good_save, kind, how):
    damage, fragment = DAMAGED[kind]
    path = saves_dir / ("autosave.json" if how == "--continue" else "Old game.json")
    path.write_bytes(damage(good_save))
    before = digest(path)
    args = ["--continue"] if how == "--continue" else ["--load", "Old game"]
    result = play(run_cli, "1\n1\n", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"spring68: {path}: ") and fragment in result.stderr, result.stderr
    assert "You chose" not in result.stdout
    assert digest(path) == before and sorted(p.name for p in saves_dir.iterdir()) == [path.name]


def test_a_one_gigabyte_autosave_is_refused_at_once(run_cli, saves_dir):
    saves_dir.mkdir()
    path = saves_dir / "autosave.json"
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)  # sparse: costs no disk
    result = play(run_cli, "", "--continue")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}: 1,073,741,824 bytes is far too large for a save" in result.stderr
    assert path.stat().st_size == 1 << 30


def test_continue_uses_the_backup_when_the_autosave_is_damaged(run_cli, saves_dir):
    assert play(run_cli, "1\nq\n", "--role", "alpha").returncode == 0  # autosave after one choice
    assert play(run_cli, "q\n", "--continue").returncode == 0
    assert play(run_cli, "2\nq\n", "--continue").returncode == 0  # a second choice: the first is the backup now
    autosave = saves_dir / "autosave.json"
    autosave.write_bytes(autosave.read_bytes()[:-40])
    damaged = autosave.read_bytes()
    result = play(run_cli, "q\n", "--continue")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert f"{autosave}: the save is damaged" in result.stderr and "continues from the backup" in result.stderr
    assert "The middle of things." in result.stdout  # the backup's scene
    assert autosave.read_bytes() == damaged
    # Playing on writes a new autosave, and the damaged one is kept aside, not overwritten.
    result = play(run_cli, "1\n", "--continue")
    kept = [p for p in saves_dir.iterdir() if p.name.startswith("autosave.json.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_load_cannot_reach_outside_the_save_folder(run_cli, saves_dir, tmp_path):
    assert play(run_cli, "1\nq\n", "--role", "alpha").returncode == 0
    outside = tmp_path / "outside.json"
    outside.write_bytes((saves_dir / "autosave.json").read_bytes())
    for typed in ("../outside", str(outside.with_suffix("")), "..\\outside"):
        result = play(run_cli, "q\n", "--load", typed)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "there is no such save" in result.stderr and str(saves_dir) in result.stderr, result.stderr
    result = play(run_cli, "q\n", "--load", "CON")
    assert result.returncode == 2 and "'CON' is a reserved name" in result.stderr


@pytest.mark.parametrize("where", ["global", "play"])
def test_the_saves_option_overrides_the_environment(run_cli, cli_env, tmp_path, where):
    chosen = tmp_path / "chosen"
    args = (
        ["--saves", str(chosen), "play", "--plain"]
        if where == "global"
        else ["play", "--plain", "--saves", str(chosen)]
    )
    result = run_cli(*args, "--pack", str(MINI), "--role", "alpha", input="1\nq\n")
    assert result.returncode == 0, result.stderr
    assert (chosen / "autosave.json").is_file()
    assert not Path(cli_env["SPRING68_SAVES"]).exists()


def test_an_unwritable_save_folder_is_reported_and_play_goes_on(run_cli, tmp_path):
    folder, fragment = unwritable_folder(tmp_path)
    result = play(run_cli, "1\n1\n", "--role", "alpha", "--saves", str(folder))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    lines = [line for line in result.stdout.splitlines() if "(Could not save: " in line]
    assert len(lines) == 2, result.stdout  # once per choice, one line each
    assert f"cannot write {folder / 'autosave.json'}: " in lines[0] and fragment in lines[0]
    assert lines[0].endswith("You can keep playing.)")
    assert "You chose: Be brave" in result.stdout and "THE END: The Good End" in result.stdout
    # The ending says the game is not saved, and nothing says it is.
    problem = lines[-1].split("(Could not save: ", 1)[1].removesuffix(". You can keep playing.)")
    assert result.stdout.rstrip().splitlines()[-1] == f"Your game is not saved ({problem})."
    assert "Your game is saved" not in result.stdout


@pytest.mark.parametrize(
    "keys, last",
    [
        ("1\nq\n", "> Goodbye. Your game is not saved ({problem})."),
        ("1\n", "End of input: goodbye. Your game is not saved ({problem})."),
    ],
    ids=["quit", "end of input"],
)
def test_after_a_failed_save_quitting_and_the_end_of_input_say_the_game_is_not_saved(run_cli, tmp_path, keys, last):
    folder, fragment = unwritable_folder(tmp_path)
    result = play(run_cli, keys, "--role", "alpha", "--saves", str(folder))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    problem = result.stdout.split("(Could not save: ", 1)[1].split(". You can keep playing.)", 1)[0]
    assert problem.startswith(f"cannot write {folder / 'autosave.json'}: ") and fragment in problem
    assert result.stdout.rstrip().splitlines()[-1] == last.format(problem=problem)
    assert "Your game is saved" not in result.stdout


FULL_DISK = """
import errno, os, sys
def full(*args):
    raise OSError(errno.ENOSPC, "No space left on device")
os.write = full  # every save write; the terminal output does not go through os.write
from game.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "keys, last",
    [("1\n", "Your game is not saved ({problem})."), ("u\nq\n", "> Goodbye. Your game is not saved ({problem}).")],
    ids=["ending", "quit"],
)
def test_a_full_disk_is_reported_play_goes_on_and_the_old_save_survives(run_cli, cli_env, saves_dir, keys, last):
    assert play(run_cli, "1\nq\n", "--role", "alpha").returncode == 0
    before = {p.name: digest(p) for p in saves_dir.iterdir()}
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK, "play", "--plain", "--pack", str(MINI), "--continue"],
        input=keys.encode(),
        capture_output=True,
        env=cli_env,
        cwd=ROOT,
        timeout=60,
    )
    out, err = result.stdout.decode(), result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err
    problem = f"cannot write {saves_dir / 'autosave.json'}: the disk is full"
    assert f"(Could not save: {problem}. You can keep playing.)" in out
    assert ("THE END: The Good End" in out) == (keys == "1\n")
    assert out.rstrip().splitlines()[-1] == last.format(problem=problem)
    assert "Your game is saved" not in out
    assert {p.name: digest(p) for p in saves_dir.iterdir()} == before


def test_continue_falls_back_to_the_backup_when_the_story_cannot_continue_the_autosave(run_cli, saves_dir):
    from game.engine.saves import SaveFolder, read_document
    from game.story.loader import load_story
    from tests.engine.test_saves_sharing import stuck_autosave

    stuck_autosave(load_story([MINI]), SaveFolder(saves_dir))  # a good backup; an autosave whose role is gone
    stuck = (saves_dir / "autosave.json").read_bytes()
    result = play(run_cli, "2\n", "--continue")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stderr == (
        f"{saves_dir / 'autosave.json'}: this save is for the role 'pilot', which the loaded story does not have. "
        f"The game continues from the backup, {saves_dir / 'autosave.bak.json'}.\n"
    )
    assert "The middle of things." in result.stdout and "THE END: The Bad End" in result.stdout
    # The game that could not be continued is kept, not overwritten, and the player is told where.
    kept = [p for p in saves_dir.glob("*.json") if p.name not in ("autosave.json", "autosave.bak.json")]
    assert len(kept) == 1 and read_document(kept[0])["state"]["role"] == "pilot"
    assert f"It is kept as the save '{kept[0].stem}', so nothing is lost." in result.stdout
    assert stuck != (saves_dir / "autosave.json").read_bytes()

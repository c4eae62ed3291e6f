"""Plain mode with a closed stdin or a broken stdout pipe: no crash, no traceback, nothing lost.

"Nothing lost" means the autosave of a choice is written before anything is
shown about it, so a reader that goes away mid-game cannot cost a choice.
(The TUI's small windows and resize storms are tested with the TUI.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine.saves import read_document
from tests.conftest import MINI, ROOT

GAME = [sys.executable, "-m", "game", "play", "--plain", "--pack", str(MINI)]


def no_crash(stderr: str) -> None:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


def test_stdin_from_devnull_ends_the_game_cleanly(cli_env):
    result = subprocess.run(
        [*GAME, "--role", "alpha"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        timeout=60,
    )
    no_crash(result.stderr)
    assert result.returncode == 0 and "You stand on the square." in result.stdout


def test_a_closed_stdin_file_descriptor_ends_the_game_cleanly(cli_env):
    result = subprocess.run(
        [*GAME, "--role", "alpha"],
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        timeout=60,
    )
    no_crash(result.stderr)
    assert result.returncode == 0 and "You stand on the square." in result.stdout


def test_output_piped_into_head_does_not_crash(cli_env):
    command = " ".join(f"'{part}'" for part in GAME) + " --role alpha | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        input="1\n1\n",
        capture_output=True,
        text=True,
        env=cli_env,
        cwd=ROOT,
        timeout=60,
    )
    no_crash(result.stderr)
    assert result.returncode == 0 and result.stdout == "Mini pack\n"
    autosave = Path(cli_env["SPRING68_SAVES"]) / "autosave.json"
    if autosave.exists():  # whether the game got as far as a choice depends on when head left
        read_document(autosave)


def play_then_close_the_reader(cli_env: dict[str, str], *args: str) -> tuple[subprocess.Popen, str]:
    """Read the game's output up to its first prompt, close the pipe, then make choice 1."""
    game = subprocess.Popen(
        [*GAME, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env, cwd=ROOT
    )
    seen = b""
    while not seen.endswith(b"\n> "):
        chunk = os.read(game.stdout.fileno(), 4096)
        assert chunk, seen.decode()
        seen += chunk
    game.stdout.close()  # the reader goes away
    game.stdin.write(b"1\n")
    game.stdin.close()
    stderr = game.stderr.read().decode()
    game.wait(timeout=60)
    return game, stderr


@pytest.mark.parametrize("start", [["--role", "alpha"], ["--from", "a_middle"]], ids=["mid-game", "into an ending"])
def test_a_broken_stdout_pipe_loses_no_choice(cli_env, start):
    game, stderr = play_then_close_the_reader(cli_env, *start)
    no_crash(stderr)
    assert game.returncode == 0
    saved = read_document(Path(cli_env["SPRING68_SAVES"]) / "autosave.json")
    assert saved["state"]["log"] == (
        ["a_start.brave"] if start[0] == "--role" else ["a_middle.a_end_bad"]
    )  # courage 2: "Sign" is not offered

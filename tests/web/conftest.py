"""A real ``spring68 serve`` on loopback, and what the web tests need to talk to it and watch its games.

The server is the command a teacher runs, in a child process, bound to
127.0.0.1 only. Its terminal (stderr) goes to a file the tests read; its game
processes are found through /proc, so a test can check that one has gone.
Every wait here is bounded.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bench.serving import descendants
from game.serve.browsers import COOKIE_NAME, folder_name
from tests.conftest import MINI, ROOT

_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1bP.*?\x1b\\|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>]")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace").split("\0")
    except OSError:
        return []


def screen_text(data: bytes) -> str:
    """What a terminal shows, roughly: the game's output without its escape sequences, spaces squeezed."""
    return re.sub(r"\s+", " ", _ESCAPES.sub(" ", data.decode("utf-8", "replace")))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE_NAME}={token}"}


@dataclass
class Served:
    """A running server: its address, its folders, its process and its terminal."""

    url: str
    port: int
    saves: Path
    process: subprocess.Popen
    terminal: Path

    @property
    def log_file(self) -> Path:
        return self.saves / "web" / "serve.log"

    def games(self) -> list[int]:
        """The game processes (one per open tab) that are still running."""
        return [pid for pid in descendants(self.process.pid) if "--web-tab" in cmdline(pid) and alive(pid)]

    def game_of(self, token: str) -> int | None:
        name = folder_name(token)
        for pid in self.games():
            if name in cmdline(pid):
                return pid
        return None

    def folder_of(self, token: str) -> Path:
        return self.saves / "web" / folder_name(token)

    def terminal_lines(self) -> list[str]:
        return self.terminal.read_text(encoding="utf-8", errors="replace").splitlines()

    def log_text(self, since: int = 0) -> str:
        """The log file, from character ``since`` on (what a test added: ``since=len(served.log_text())``)."""
        text = self.log_file.read_text(encoding="utf-8", errors="replace") if self.log_file.exists() else ""
        return text[since:]

    def autosave(self, token: str) -> dict | None:
        try:
            return json.loads((self.folder_of(token) / "autosave.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait_for_no_games(self, seconds: float = 10) -> None:
        wait_until(lambda: not self.games(), seconds, "every game process to end")


def start_server(folder: Path, *args: str, pack: Path | None = MINI) -> Served:
    port = free_port()
    saves = folder / "saves"
    terminal = folder / "terminal.txt"
    env = dict(os.environ, SPRING68_CACHE_DIR=str(folder / "cache"), TEXTUAL_ANIMATIONS="none")
    env.pop("SPRING68_SETTINGS", None)
    command = [sys.executable, "-m", "game", "serve", "--port", str(port), "--saves", str(saves), *args]
    if pack is not None:
        command += ["--pack", str(pack)]
    with open(terminal, "wb") as sink:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)

    def listening() -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    served = Served(f"http://127.0.0.1:{port}", port, saves, process, terminal)
    wait_until(lambda: listening() or process.poll() is not None, 60, "the server to listen")
    if process.poll() is not None:
        pytest.fail(f"the server did not start: {terminal.read_text(errors='replace')}")
    return served


def stop_server(served: Served) -> None:
    """Ctrl+C, as a teacher stops it; fails the test when a game process outlives its server."""
    if served.process.poll() is not None:
        return
    games = served.games()
    served.process.send_signal(signal.SIGINT)
    try:
        served.process.wait(20)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait(5)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(alive(pid) for pid in games):
        time.sleep(0.1)
    left = [pid for pid in games if alive(pid)]
    for pid in left:  # never leave one running, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"game processes {left} outlived their server"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Served]:
    """A fresh server with the tiny test pack."""
    served = start_server(tmp_path)
    try:
        yield served
    finally:
        stop_server(served)

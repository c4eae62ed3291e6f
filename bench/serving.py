"""A ``spring68 serve`` in the background for the server benches: started, waited for, measured, stopped."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (the game processes of a server); the web tests use it too."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.append(child)
            todo.append(child)
    return found


def rss(pid: int) -> int:
    """A process's resident memory in bytes (0 once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@contextlib.contextmanager
def serving(
    options: list[str], tmp: Path, saves: Path, *, start_seconds: float, stop_seconds: float
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``spring68 serve OPTIONS`` on a free loopback port, its cache in ``tmp``: (the process, its address)."""
    port = free_port()
    env = dict(os.environ, SPRING68_CACHE_DIR=str(tmp / "cache"), TEXTUAL_ANIMATIONS="none")
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", *options, "--port", str(port), "--saves", str(saves)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + start_seconds
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.25)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(stop_seconds)

"""Driving real plain-mode processes from a test: a pack whose game never has to end, and the pipes."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, write_pack

PROMPT = b"\n> "
ANSWER_TIMEOUT = 30.0
"""Seconds to wait for the game to answer one move (a bound, never reached on a working game)."""

LOOP_SCENES = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  anchor: ev
  text: Nerve {nerve}.
  choices:
    - {id: go, label: Go on, goto: s2, do: {nerve: +1}, record: They went on.}
    - {id: stop, label: Stop here, goto: s3}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Second
  date: 1968-08-21
  place: Prague
  anchor: ev
  text: Again.
  choices:
    - {id: back, label: Go back, goto: s1, do: {nerve: -1}}
  history: {text: It happened again., sources: [src]}
- id: s3
  title: Last
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""
"""A game that can go on as long as a test needs: s1 → s2 → s1 → …, and an ending."""


def loop_pack(root: Path) -> Path:
    return write_pack(root, {"hero/scenes.yaml": LOOP_SCENES})


class PlainProcess:
    """``spring68 play --plain`` in a child process, driven through its pipes."""

    def __init__(self, pack: Path, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "play", "--plain", "--pack", str(pack), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=ROOT,
        )
        self.seen = b""

    def wait_for_prompt(self, prompts: int) -> bool:
        """Read until the output holds ``prompts`` prompts; False if the game ended first."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + ANSWER_TIMEOUT
        while self.seen.count(PROMPT) < prompts:
            left = deadline - time.monotonic()
            assert left > 0, self.seen[-500:].decode(errors="replace")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    return False
                self.seen += chunk
        return True

    def send(self, key: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(key.encode() + b"\n")
        self.process.stdin.flush()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=ANSWER_TIMEOUT)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:  # the pipe to a killed process may already be broken
                    pass

"""Shared fixtures: tiny packs written on the fly, and the CLI run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples, so a red CI always means a change broke
# something; everywhere else they draw new examples on every run and may find new bugs.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"

PACK_YAML = """\
id: tiny
title: Tiny
roles:
  hero: {title: The hero, start: s1}
variables:
  nerve: {label: Nerve, min: 0, max: 5, initial: 2}
  brave: {label: Brave, type: flag, initial: false}
"""

SOURCES_YAML = """\
- {id: src, kind: book, title: A Real Book, author: Someone, year: 1997}
"""

TIMELINE_YAML = """\
- {id: ev, date: 1968-08-21, title: The event, summary: It happened.}
"""

SCENES_YAML = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  anchor: ev
  text: Nerve {nerve}.
  choices:
    - {id: go, label: Go on, goto: s2, do: {nerve: +1}, set: {brave: true}, record: They went on.}
    - {id: wait, label: Wait, if: nerve >= 3, goto: s2}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Last
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""


def write_pack(root: Path, files: dict[str, str | bytes] | None = None, *, base: bool = True) -> Path:
    """Write a small valid pack into ``root``, then overwrite or add ``files`` (path → text or bytes)."""
    contents: dict[str, str | bytes] = {}
    if base:
        contents = {
            "pack.yaml": PACK_YAML,
            "sources.yaml": SOURCES_YAML,
            "timeline.yaml": TIMELINE_YAML,
            "hero/scenes.yaml": SCENES_YAML,
        }
    contents.update(files or {})
    for name, body in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body) if body.startswith("\n") else body, encoding="utf-8")
    return root


@pytest.fixture
def pack(tmp_path: Path):
    """A factory: ``pack({...})`` writes a tiny valid pack with the given files changed."""

    def make(files: dict[str, str | bytes] | None = None, *, base: bool = True, name: str = "pack") -> Path:
        return write_pack(tmp_path / name, files, base=base)

    return make


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SPRING68_SAVES"] = str(tmp_path / "saves")
    env["SPRING68_CACHE_DIR"] = str(tmp_path / "cache")
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("NO_COLOR", None)
    return env


@pytest.fixture
def run_cli(cli_env: dict[str, str]):
    """Run ``python -m game ARGS`` with the given stdin; returns the CompletedProcess."""

    def run(
        *args: str, input: str | bytes = "", env: dict[str, str] | None = None, timeout: float = 60
    ) -> subprocess.CompletedProcess:
        data = input.encode("utf-8") if isinstance(input, str) else input
        result = subprocess.run(
            [sys.executable, "-m", "game", *args],
            input=data,
            capture_output=True,
            env=env or cli_env,
            cwd=ROOT,
            timeout=timeout,
        )
        result.stdout = result.stdout.decode("utf-8", "replace")  # type: ignore[assignment]
        result.stderr = result.stderr.decode("utf-8", "replace")  # type: ignore[assignment]
        return result

    return run

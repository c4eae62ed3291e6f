"""``make bench`` writes nothing outside its temporary folder (issue 21, item 5).

A bench child that loads a story in its own process (``bench_tui`` does, to
choose its pack) and starts plain mode used to write a play cache into the
user's ``~/.cache``. Here the user's home and XDG folders point at a sentinel
folder; a bench run through :func:`bench.run.run_bench` must leave it empty and
put the cache inside the bench's own folder.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from bench.isolation import USER_FOLDERS, isolated_environment
from bench.run import run_bench

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"

FAKE_BENCH = """
import subprocess, sys
from pathlib import Path

def main():
    from game.story.cache import load_for_play

    story, problems = load_for_play([{pack!r}])  # in the bench's own process, as bench_tui does
    assert story is not None, problems
    subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--pack", {pack!r}],
        input="1\\n", capture_output=True, text=True, check=True, cwd={root!r},
    )
    return [("fake ratio", 1.0, 2.0)]
"""


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if not path.is_dir()]


@pytest.fixture
def sentinel_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's home and per-user folders, as the bench would find them: all inside one watched folder."""
    home = tmp_path / "user-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for name in (*USER_FOLDERS, "SPRING68_CACHE_DIR", "SPRING68_SAVES", "SPRING68_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    return home


def test_a_bench_child_writes_only_inside_its_folder(tmp_path: Path, sentinel_home: Path) -> None:
    bench = tmp_path / "bench_fake.py"
    bench.write_text(textwrap.dedent(FAKE_BENCH.format(pack=str(MINI), root=str(ROOT))), encoding="utf-8")
    folder = tmp_path / "bench-run"
    folder.mkdir()
    rows, status = run_bench(bench, folder)
    assert status == 0
    assert rows == [("fake ratio", 1.0, 2.0)]
    assert _files(sentinel_home) == []
    cached = _files(folder / "cache")
    assert cached and all(path.suffix == ".json" for path in cached)


def test_the_environment_routes_every_user_folder_into_the_bench_folder(tmp_path: Path) -> None:
    env = isolated_environment(tmp_path, {"HOME": "/nonexistent-home", "SPRING68_NO_CACHE": "1", "PATH": "/bin"})
    assert env["PATH"] == "/bin"
    assert "SPRING68_NO_CACHE" not in env
    for name in ("HOME", "SPRING68_CACHE_DIR", "SPRING68_SAVES", *USER_FOLDERS):
        assert Path(env[name]).is_dir()
        assert Path(env[name]).is_relative_to(tmp_path), name
    assert os.path.commonpath([env["XDG_CACHE_HOME"], env["HOME"]]) == env["HOME"]

"""Engine-core speed goals, printed as ratios measured in the same run.

- load + check of a generated 10,000-scene pack vs parsing the same files with
  the bare C safe loader (goal: at most 1.5x);
- 20,000 scenes vs 10,000 (goal: at most 2.1x, i.e. linear);
- plain mode showing the first scene of the base campaign vs
  ``python -c "import yaml"`` (goal: at most 2x).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate_pack  # noqa: E402


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _bare_parse(root: Path) -> None:
    import yaml

    for path in sorted(root.rglob("*.yaml")):
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)


def _check(root: Path) -> None:
    from game.tools.check import run_check

    report = run_check([str(root)])
    assert report.errors == 0, report.problems[:3]


def _wall(cmd: list[str], stdin: str = "", env: dict[str, str] | None = None, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> list[tuple[str, float, float]]:
    from bench.bytecode import prepare

    prepare()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        small = generate_pack(Path(tmp) / "p10k", 10_000)
        large = generate_pack(Path(tmp) / "p20k", 20_000)
        parse10 = _best(lambda: _bare_parse(small))
        check10 = _best(lambda: _check(small))
        check20 = _best(lambda: _check(large))
        print(f"10,000 scenes: bare C safe_load {parse10:.2f}s, load+check {check10:.2f}s")
        print(f"20,000 scenes: load+check {check20:.2f}s")
        results.append(("load+check 10k / bare C parse 10k", check10 / parse10, 1.5))
        results.append(("load+check 20k / load+check 10k", check20 / check10, 2.1))

        env = dict(os.environ, SPRING68_CACHE_DIR=str(Path(tmp) / "cache"), SPRING68_SAVES=str(Path(tmp) / "saves"))
        exe = Path(sys.executable).parent / "spring68"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "game"]
        play = cmd + ["play", "--plain", "--role", "advisor"]
        subprocess.run(play, input="q\n", capture_output=True, text=True, env=env, cwd=ROOT)  # fill the cache
        yaml_time = _wall([sys.executable, "-c", "import yaml"], env=env)
        play_time = _wall(play, stdin="q\n", env=env)
        print(f"python -c 'import yaml' {yaml_time * 1000:.0f} ms, plain mode to first scene {play_time * 1000:.0f} ms")
        results.append(("plain mode first scene / import yaml", play_time / yaml_time, 2.0))
    return results


if __name__ == "__main__":
    for name, ratio, goal in main():
        print(f"{name}: {ratio:.2f}x (goal <= {goal}x) {'ok' if ratio <= goal else 'OVER'}")

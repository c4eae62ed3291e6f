"""``make bench``: run every bench_*.py here, each in its own process, and print each ratio against its goal.

Separate processes keep one bench from skewing the next (peak RSS of child
processes, warmed caches, a heap grown by the 20,000-scene pack). Each runs
with :func:`bench.isolation.isolated_environment` inside one temporary folder,
removed at the end, so ``make bench`` writes nothing anywhere else (no play
cache in ``~/.cache``, no save in ``saves/``): its children inherit the same
folders.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARK = "@@bench-results@@"
RUNNER = (
    "import importlib.util, json, sys; sys.path.insert(0, {root!r}); "
    "spec = importlib.util.spec_from_file_location({name!r}, {path!r}); m = importlib.util.module_from_spec(spec); "
    "spec.loader.exec_module(m); "
    "rows = m.main([]) if {name!r} == 'bench_tui' else m.main(); print({mark!r} + json.dumps(rows or []))"
)

Row = tuple[str, float, float]


def run_bench(path: Path, tmp: Path) -> tuple[list[Row], int]:
    """Run one bench file in its own process, its per-user folders and temporary files all inside ``tmp``.

    Returns the (name, ratio, goal) rows it reported and its exit status; its other output is printed.
    """
    sys.path.insert(0, str(ROOT))
    from bench.isolation import isolated_environment

    env = isolated_environment(tmp)
    (tmp / "tmp").mkdir(exist_ok=True)
    env["TMPDIR"] = str(tmp / "tmp")
    code = RUNNER.format(root=str(ROOT), name=path.stem, path=str(path), mark=MARK)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    rows: list[Row] = []
    for line in result.stdout.splitlines():
        if line.startswith(MARK):
            rows += [(str(name), float(ratio), float(goal)) for name, ratio, goal in json.loads(line[len(MARK) :])]
        else:
            print(line)
    if result.returncode != 0:
        print(result.stderr[-2000:])
    return rows, result.returncode


def main() -> int:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="spring68-bench-") as folder:
        for path in sorted(HERE.glob("bench_*.py")):
            print(f"== {path.stem}", flush=True)
            tmp = Path(folder) / path.stem
            tmp.mkdir()
            found, status = run_bench(path, tmp)
            rows += found
            if status != 0:
                print(f"!! {path.stem} failed (exit {status})")
    print("\n== ratios (each measured against its baseline in the same run)")
    for name, ratio, goal in rows:
        if "higher is better" in name:
            print(f"{name:60s} {ratio:6.2f}x  goal >= {goal}x  {'ok' if ratio >= goal else 'UNDER'}")
        else:
            print(f"{name:60s} {ratio:6.2f}x  goal <= {goal}x  {'ok' if ratio <= goal else 'OVER'}")
    return 0


if __name__ == "__main__":
    os.chdir(ROOT)
    raise SystemExit(main())

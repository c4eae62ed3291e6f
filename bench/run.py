"""``make bench``: run every bench_*.py here, each in its own process, and print each ratio against its goal.

Separate processes keep one bench from skewing the next (peak RSS of child
processes, warmed caches, a heap grown by the 20,000-scene pack).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = "@@bench-results@@"
RUNNER = (
    "import json, sys; sys.path.insert(0, {root!r}); import bench.{name} as m; "
    "rows = m.main([]) if {name!r} == 'bench_tui' else m.main(); print({mark!r} + json.dumps(rows or []))"
)


def main() -> int:
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"== {path.stem}", flush=True)
        code = RUNNER.format(root=str(HERE.parent), name=path.stem, mark=MARK)
        result = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, capture_output=True, text=True)
        for line in result.stdout.splitlines():
            if line.startswith(MARK):
                rows += [tuple(row) for row in json.loads(line[len(MARK) :])]
            else:
                print(line)
        if result.returncode != 0:
            print(result.stderr[-2000:])
            print(f"!! {path.stem} failed (exit {result.returncode})")
    print("\n== ratios (each measured against its baseline in the same run)")
    for name, ratio, goal in rows:
        if "higher is better" in name:
            print(f"{name:60s} {ratio:6.2f}x  goal >= {goal}x  {'ok' if ratio >= goal else 'UNDER'}")
        else:
            print(f"{name:60s} {ratio:6.2f}x  goal <= {goal}x  {'ok' if ratio <= goal else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``make bench``: run every bench_*.py here and print each ratio against its goal."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> int:
    rows = []
    for path in sorted(HERE.glob("bench_*.py")):
        print(f"== {path.stem}")
        module = importlib.import_module(f"bench.{path.stem}")
        rows += module.main()
    print("\n== ratios (measured in the same run)")
    for name, ratio, goal in rows:
        print(f"{name:60s} {ratio:6.2f}x  goal <= {goal}x  {'ok' if ratio <= goal else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

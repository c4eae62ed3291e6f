"""Browser play at scale: memory per open tab, and how many tabs before a key press takes over 100 ms.

Each browser of ``spring68 serve`` is its own game process. This bench opens
tabs, each as another browser (its own token), over the same websocket
protocol the browser uses (no browser needed), waits for each to draw, then
measures the resident memory of the game processes and the time from a key
press to the first screen update, with 1, 2, 4, … tabs open, all of them
pressing keys.
"""

from __future__ import annotations

import asyncio
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from bench.serving import descendants, rss, serving
from game.serve.browsers import COOKIE_NAME

LATENCY_LIMIT = 0.100
MAX_TABS = 24


async def _drain(ws, quiet: float) -> None:
    """Read messages until the tab has been silent for ``quiet`` seconds."""
    while True:
        try:
            await asyncio.wait_for(ws.receive(), timeout=quiet)
        except TimeoutError:
            return


async def _key_latency(ws, key: str) -> float:
    began = time.perf_counter()
    await ws.send_json(["stdin", key])
    while True:
        message = await asyncio.wait_for(ws.receive(), timeout=10)
        if message.type.name == "BINARY":
            return time.perf_counter() - began


async def _measure(url: str, server_pid: int) -> tuple[float, int, list[tuple[int, float]]]:
    import aiohttp

    rows: list[tuple[int, float]] = []
    per_tab = 0.0
    async with aiohttp.ClientSession() as session:
        tabs = []
        baseline = sum(rss(p) for p in descendants(server_pid))
        steps = [1, 2, 4, 8, 12, 16, 20, 24]
        for target in steps:
            while len(tabs) < target:
                # every tab is another browser (its own token): one browser's second tab would take its game over
                token = secrets.token_urlsafe(32)
                ws = await session.ws_connect(
                    f"{url}/ws?width=100&height=30", headers={"Cookie": f"{COOKIE_NAME}={token}"}
                )
                tabs.append(ws)
                await _drain(ws, 2.0)
            if len(tabs) == 1:
                per_tab = sum(rss(p) for p in descendants(server_pid)) - baseline
            latencies = []
            for _round in range(3):
                await asyncio.gather(*(_drain(ws, 1.0) for ws in tabs))  # nothing stale in the pipe
                results = await asyncio.gather(*(_key_latency(ws, "?") for ws in tabs))
                latencies += results
                await asyncio.gather(*(_drain(ws, 1.0) for ws in tabs))
                await asyncio.gather(*(ws.send_json(["stdin", "\x1b"]) for ws in tabs))
            median = statistics.median(latencies)
            rows.append((len(tabs), median))
            print(f"  {len(tabs):3d} tabs: median key-to-screen {median * 1000:6.1f} ms")
            if median > LATENCY_LIMIT:
                break
        total = sum(rss(p) for p in descendants(server_pid)) - baseline
        per_tab_avg = total / len(tabs)
        for ws in tabs:
            await ws.close()
    return per_tab_avg, int(per_tab), rows


def main() -> list[tuple[str, float, float]]:
    from bench.bytecode import prepare

    prepare()
    with tempfile.TemporaryDirectory() as tmp:
        with serving([], Path(tmp), Path(tmp) / "saves", start_seconds=30, stop_seconds=10) as (server, url):
            per_tab_avg, first_tab, rows = asyncio.run(_measure(url, server.pid))
    fast = [tabs for tabs, median in rows if median <= LATENCY_LIMIT]
    most = max(fast) if fast else 0
    over = next((tabs for tabs, median in rows if median > LATENCY_LIMIT), None)
    print(f"memory per tab: {per_tab_avg / 1048576:.0f} MiB on average ({first_tab / 1048576:.0f} MiB for the first)")
    print(
        f"tabs served with key-to-screen under 100 ms: {most}"
        + (f" (over 100 ms at {over})" if over else f" (still under at {MAX_TABS}, the most tried)")
    )
    return []


if __name__ == "__main__":
    main()

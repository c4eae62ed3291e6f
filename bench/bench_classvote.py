"""A class votes from its devices: 60 students within one second, from vote to the projector's screen.

``spring68 serve --classroom --lesson prague_spring`` runs as a teacher runs
it; the projector is a real classroom tab (its game process, driven over
the same websocket protocol the browser uses), and 60 students are
websocket clients of the student page, each its own device. They connect,
then vote at evenly spaced moments within one second. The latency of a
vote is the time from sending it to the first frame of the projector's
screen that shows at least that many votes ("N votes so far" in the class
vote). Every vote must be counted: the projector ends at 60, and closing
the vote (Enter) saves a device vote of 60 in the autosave.

Reports p50 and p99 in ms, and the server's memory (RSS) before and with
the class connected. Goal: p99 under 200 ms on two cores.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from bench.serving import rss, serving
from game.serve.browsers import COOKIE_NAME

STUDENTS = 60
SPREAD = 1.0
"""Seconds over which the students' votes are sent."""
GOAL = 0.200
_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1bP.*?\x1b\\|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_=>]")
_SHOWN = re.compile(r"(\d+) votes? so far")


class Projector:
    """The teacher's tab: what its game draws, and when it first showed each count of votes."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.text = ""
        self.shown: list[tuple[float, int]] = []

    async def read(self) -> None:
        async for message in self.ws:
            if message.type.name != "BINARY":
                continue
            now = time.perf_counter()
            text = re.sub(r"\s+", " ", _ESCAPES.sub(" ", message.data.decode("utf-8", "replace")))
            self.text = (self.text + text)[-20000:]
            counts = [int(found) for found in _SHOWN.findall(text)]
            if counts:
                self.shown.append((now, max(counts)))

    async def type(self, keys: str) -> None:
        await self.ws.send_json(["stdin", keys])

    async def wait_for(self, words: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while words not in self.text:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the projector never showed {words!r}: {self.text[-300:]!r}")
            await asyncio.sleep(0.05)

    def first_showing(self, count: int) -> float | None:
        return next((at for at, shown in self.shown if shown >= count), None)


async def _student(session, url: str, code: str):
    ws = await session.ws_connect(f"{url.replace('http', 'ws')}/c/{code}/ws")
    await ws.send_json({"type": "hello", "token": secrets.token_urlsafe(16)})
    while True:
        state = json.loads((await asyncio.wait_for(ws.receive(), 10)).data)
        if state.get("type") == "state" and state.get("phase") == "open":
            return ws, state["decision"]


async def _vote(ws, decision: dict, at: float) -> float:
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    sent = time.perf_counter()
    choice = decision["choices"][secrets.randbelow(len(decision["choices"]))]["id"]
    await ws.send_json({"type": "vote", "decision": decision["id"], "choice": choice})
    while True:
        answer = json.loads((await asyncio.wait_for(ws.receive(), 10)).data)
        if answer["type"] == "received":
            return sent
        if answer["type"] == "refused":
            raise RuntimeError(f"a vote was refused: {answer['message']}")


async def _measure(url: str, log_file: Path, server_pid: int) -> dict[str, float]:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        teacher = await session.ws_connect(
            f"{url}/ws?width=140&height=45", headers={"Cookie": f"{COOKIE_NAME}={secrets.token_urlsafe(32)}"}
        )
        projector = Projector(teacher)
        reader = asyncio.create_task(projector.read())
        await projector.wait_for("9B History")
        await projector.type("7C\r")
        await projector.wait_for("Begin")
        await projector.type("\r")
        await projector.wait_for("A Slovak at the Top")
        await asyncio.sleep(0.5)
        await projector.type("v")
        await projector.wait_for("Close the device vote")
        found = re.search(r"opened class ([A-Z2-9]{6})", log_file.read_text(encoding="utf-8"))
        assert found, "the server logged no class"
        before = rss(server_pid)
        students = await asyncio.gather(*(_student(session, url, found[1]) for _ in range(STUDENTS)))
        with_class = rss(server_pid)
        await projector.wait_for(f"{STUDENTS} devices connected")
        await asyncio.sleep(0.5)
        start = time.perf_counter() + 0.1
        sent = await asyncio.gather(
            *(_vote(ws, decision, start + SPREAD * n / STUDENTS) for n, (ws, decision) in enumerate(students))
        )
        await projector.wait_for(f"{STUDENTS} votes so far", 10)
        latencies = []
        for index, moment in enumerate(sorted(sent), 1):
            shown = projector.first_showing(index)
            assert shown is not None, f"the projector never showed {index} votes"
            latencies.append(max(0.0, shown - moment))
        await projector.type("\r")  # close the device vote: every vote counted in the save
        await projector.wait_for("Time to discuss")
        for ws, _ in students:
            await ws.close()
        await teacher.close()
        reader.cancel()
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, round(0.99 * len(latencies)) - 1)],
        "max": latencies[-1],
        "rss_before": before,
        "rss_class": with_class,
        "spread": sorted(sent)[-1] - sorted(sent)[0],
    }


def _saved_total(saves: Path) -> int:
    for path in saves.glob("web/*/autosave.json"):
        votes = json.loads(path.read_text(encoding="utf-8")).get("classroom", {}).get("votes", [])
        if votes and votes[0].get("source") == "devices":
            return sum(votes[0]["counts"].values())
    return 0


def main() -> list[tuple[str, float, float]]:
    from bench.bytecode import prepare

    prepare()
    with tempfile.TemporaryDirectory() as tmp:
        saves = Path(tmp) / "saves"
        options = ["--classroom", "--lesson", "prague_spring"]
        with serving(options, Path(tmp), saves, start_seconds=60, stop_seconds=20) as (server, url):
            result = asyncio.run(_measure(url, saves / "web" / "serve.log", server.pid))
            deadline = time.monotonic() + 10
            while not (total := _saved_total(saves)) and time.monotonic() < deadline:
                time.sleep(0.1)
    assert total == STUDENTS, f"the save counted {total} device votes of {STUDENTS}"
    print(
        f"{STUDENTS} students voting within {result['spread']:.2f} s: vote to projector p50 "
        f"{result['p50'] * 1000:.1f} ms, p99 {result['p99'] * 1000:.1f} ms (max {result['max'] * 1000:.1f} ms); "
        f"every vote counted ({total} in the save)"
    )
    print(
        f"server memory: {result['rss_before'] / 1048576:.1f} MiB before the students, "
        f"{result['rss_class'] / 1048576:.1f} MiB with {STUDENTS} connected"
    )
    return [("class vote: p99 vote-to-projector / 200 ms", result["p99"] / GOAL, 1.0)]


if __name__ == "__main__":
    main()

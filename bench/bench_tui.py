"""Speed of the Textual app, as ratios against a minimal Textual app measured in the same run.

Start is measured as a user sees it, in a real terminal emulator: each app
is started in a 100x30 tmux pane (a private tmux server, killed after) and
the pane is polled with ``capture-pane`` until the title screen (the minimal
app's Static) shows. Without tmux, the bare pseudo-terminal below is used.
The rest runs in a bare pseudo-terminal (80x24), which reads the app's bytes
as they are written:

- start: process start to the first frame (the title screen; the minimal
  app's Static) on screen, the game started by its own command line
  (``spring68 play``), with the play cache filled (warm) and with an empty
  one (cold: the title screen is drawn from the packs' manifests and the
  story loads behind it, so both should read alike); the bare-pty reading
  is printed beside it. A
  bare pty answers none of Textual's terminal queries and tmux 3.3 answers
  none either (no DECRPM for 2026/2048, no focus events in a detached
  pane): both apps do the same one layout before their first frame in
  either, so the readings differ by tmux's spawn and capture time, the
  pane size and the load on the machine, not by work the game does;
- choice: a key press to the updated screen after a choice (the next
  scene's title on screen), against the minimal app updating one line of a
  Static, and against it redrawing 21 lines (what a scene change redraws:
  the floor for any app that redraws a screen of text);
- bytes: what that key press makes each app write to the terminal, against
  the minimal app's 21-line update, and how many screen rows each writes
  (the one-line update writes 1 row, a scene change about 20: the reason a
  one-line update is no floor for the game);
- peak RSS of the whole process over a run that starts, makes one choice
  and quits.

Timings are medians over several alternating rounds. Ratios are printed
with the targets of the issue; nothing here asserts (machines differ).

    .venv/bin/python bench/bench_tui.py [--rounds N] [--pack DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
SIZE = (80, 24)
PANE = (100, 30)  # the tmux pane a user starts the game in
POLL = 0.005  # seconds between two captures of the pane
TARGETS = {"start": 1.15, "cold": 1.3, "choice": 1.3, "bytes": 1.3, "rss": 1.3}

MINIMAL = textwrap.dedent("""\
    from textual.app import App
    from textual.widgets import Footer, Header, Static


    class Minimal(App):
        BINDINGS = [("1", "change", "Change")]

        def compose(self):
            yield Header()
            yield Static("Minimal ready", id="body")
            yield Footer()

        def action_change(self):
            self.query_one("#body", Static).update("Minimal changed")


    Minimal().run()
""")

# The same minimal app, but the key replaces a whole screen of text (21 of 24 lines, as a scene change
# does): the floor for any app that redraws a screen of text, measured beside the one-line update.
MINIMAL_FULL = MINIMAL.replace(
    'yield Static("Minimal ready", id="body")',
    'yield Static("Minimal ready\\n" + "\\n".join(("lorem ipsum dolor sit amet " * 3)[:78] for _ in range(20)),'
    ' id="body")',
).replace(
    'update("Minimal changed")',
    'update("Minimal changed\\n" + "\\n".join(("sit amet dolor ipsum lorem " * 3)[:78] for _ in range(20)))',
)

# What `spring68` does, through its own command line (`spring68 play`): the title screen at once, the story
# loading behind it. ``--cache DIR`` first points the play cache at DIR (an empty one: a cold start).
GAME = textwrap.dedent("""\
    import os
    import sys

    if sys.argv[1] == "--cache":
        os.environ["SPRING68_CACHE_DIR"] = sys.argv[2]
        del sys.argv[1:3]
    from game.cli import main

    raise SystemExit(main(sys.argv[1:]))
""")


def game_args(pack: str, saves: Path, start: str | None = None, cache: Path | None = None) -> list[str]:
    """The GAME script's arguments: ``play`` in ``saves`` (at ``start`` if given), with an own ``cache`` if given."""
    args = ["--cache", str(cache)] if cache is not None else []
    args += ["play", "--saves", str(saves)] + (["--pack", pack] if pack != "-" else [])
    return args + (["--from", start] if start else [])


_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Run(NamedTuple):
    start: float
    choice: float | None
    rss_kb: int
    written: bytes = b""  # what the key press made the app write to the terminal (until it was quiet again)


_MOVE = re.compile(rb"\x1b\[(\d+);\d+H")


def rows_written(data: bytes) -> int:
    """How many screen rows ``data`` writes characters to (a cursor move followed by text, spaces too)."""
    pieces = _MOVE.split(data)  # [before, row, what follows, row, what follows, ...]
    return len(
        {
            int(row)
            for row, text in zip(pieces[1::2], pieces[2::2], strict=True)
            if _ESCAPES.sub(b"", text).strip(b"\r\n")
        }
    )


class Terminal:
    """A child process on a pseudo-terminal of a fixed size, with its screen output collected."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the program
            os.chdir(ROOT)
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.raw = b""
        self.text = b""
        self._held = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        self.raw += chunk
        # Strip escapes from the new bytes only (holding back an unfinished escape sequence), so the
        # time to notice a marker does not grow with everything the program has written before.
        pending = self._held + chunk
        cut = pending.rfind(b"\x1b")
        if cut >= 0 and not _ESCAPES.match(pending, cut):
            pending, self._held = pending[:cut], pending[cut:]
        else:
            self._held = b""
        self.text += _ESCAPES.sub(b"", pending)
        return bool(chunk)

    def wait_for(self, marker: str, since: int = 0, timeout: float = 30.0) -> float:
        """Seconds on the perf counter when ``marker`` appeared in the output after offset ``since``."""
        wanted = marker.encode("utf-8")
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if wanted in self.text[since:]:
                return time.perf_counter()
            self._read(0.05)
        raise TimeoutError(f"{marker!r} did not appear within {timeout} s")

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> None:
        """Wait until the program has written nothing for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self._read(quiet):
                return

    def press(self, key: bytes) -> float:
        self.text_mark = len(self.text)
        self.raw_mark = len(self.raw)
        moment = time.perf_counter()
        os.write(self.fd, key)
        return moment

    def finish(self) -> int:
        """Quit with ctrl+q (or kill), reap, and return the peak RSS in KiB."""
        try:
            os.write(self.fd, b"\x11")
        except OSError:
            pass
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            done, status, usage = os.wait4(self.pid, os.WNOHANG)
            if done:
                break
            self._read(0.05)
        else:
            os.kill(self.pid, signal.SIGKILL)
            done, status, usage = os.wait4(self.pid, 0)
        try:
            os.close(self.fd)
        except OSError:
            pass
        return usage.ru_maxrss


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "NO_COLOR"))}
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
        SPRING68_CACHE_DIR=str(tmp / "cache"),
        PYTHONPATH=str(ROOT),
        TEXTUAL_ANIMATIONS="none",
    )
    return env


class Tmux:
    """A private tmux server (its own socket name, no user config) whose panes start programs; killed on exit."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"bench-tui-{os.getpid()}-{time.monotonic_ns()}"
        self.env = env
        # A session that only keeps the server alive, so each measured start costs a client command, not a server.
        self._tmux("-f", os.devnull, "new-session", "-d", "-s", "keep", "-x", "20", "-y", "5", "sleep 600")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout

    def time_to(self, argv: list[str], marker: str, size: tuple[int, int] = PANE, timeout: float = 30.0) -> float:
        """Seconds from asking tmux for a new pane running ``argv`` until ``marker`` shows in the pane."""
        name = f"run{time.monotonic_ns()}"
        command = shlex.join(argv)
        started = time.perf_counter()
        self._tmux("new-session", "-d", "-s", name, "-x", str(size[0]), "-y", str(size[1]), "-c", str(ROOT), command)
        try:
            deadline = started + timeout
            while time.perf_counter() < deadline:
                if marker in self._tmux("capture-pane", "-p", "-t", name):
                    return time.perf_counter() - started
                time.sleep(POLL)
            raise TimeoutError(f"{marker!r} did not show in the tmux pane within {timeout} s")
        finally:
            with contextlib.suppress(subprocess.SubprocessError):
                self._tmux("kill-session", "-t", name)

    def close(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._tmux("kill-server")


@contextlib.contextmanager
def tmux_server(env: dict[str, str]) -> Iterator[Tmux | None]:
    """A private tmux server for the run, or None when tmux is not installed."""
    if shutil.which("tmux") is None:
        yield None
        return
    server = Tmux(env)
    try:
        yield server
    finally:
        server.close()


def first_frame(argv: list[str], env: dict[str, str], marker: str) -> float:
    """Seconds from starting ``argv`` on the bare pty until ``marker`` is on its screen."""
    term = Terminal(argv, env)
    first = term.wait_for(marker) - term.started
    term.settle(0.2)
    term.finish()
    return first


def run_minimal(script: Path, env: dict[str, str]) -> Run:
    term = Terminal([sys.executable, str(script)], env)
    first = term.wait_for("Minimal ready") - term.started
    term.settle()
    pressed = term.press(b"1")
    changed = term.wait_for("Minimal changed", since=term.text_mark) - pressed
    term.settle(0.2)
    written = term.raw[term.raw_mark :]
    return Run(first, changed, term.finish(), written)


def run_game(
    script: Path,
    env: dict[str, str],
    pack: str,
    saves: Path,
    title_marker: str,
    start: str | None,
    start_title: str,
    next_title: str,
) -> tuple[Run, Run]:
    # Start to first frame: the title screen, as `spring68` opens it.
    term = Terminal([sys.executable, str(script), *game_args(pack, saves)], env)
    first = term.wait_for(title_marker) - term.started
    term.settle(0.2)
    rss_title = term.finish()
    # A choice: open straight at the start scene, press 1, wait for the next scene.
    term = Terminal([sys.executable, str(script), *game_args(pack, saves, start)], env)
    term.wait_for(start_title)
    term.settle()
    pressed = term.press(b"1")
    changed = term.wait_for(next_title, since=term.text_mark) - pressed
    term.settle(0.2)
    written = term.raw[term.raw_mark :]
    rss = term.finish()
    return Run(first, None, rss_title), Run(first, changed, rss, written)


def choose_pack(requested: str | None) -> tuple[str, object]:
    sys.path.insert(0, str(ROOT))
    from game.story.cache import load_for_play

    candidates = [requested] if requested else ["-", str(ROOT / "tests" / "packs" / "mini")]
    for candidate in candidates:
        story, problems = load_for_play(None if candidate == "-" else [candidate])
        if story is not None and not any(p.severity == "error" for p in problems):
            return candidate, story
        print(f"(pack {'base campaign' if candidate == '-' else candidate} does not load; trying the next)")
    raise SystemExit("no pack loads")


def main(argv: list[str] | None = None) -> list[tuple[str, float, float]]:
    """Measure, print the table, and return (name, ratio, goal) rows for bench/run.py."""
    sys.path.insert(0, str(ROOT))
    from bench.bytecode import prepare

    prepare()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pack", help="pack folder (default: the base campaign, else tests/packs/mini)")
    args = parser.parse_args(argv)

    pack, story = choose_pack(args.pack)
    from game.engine import rules

    role = next(iter(story.roles.values()))  # type: ignore[attr-defined]
    state = rules.new_game(story, role.id)  # type: ignore[arg-type]
    first_choice = rules.available_choices(story, state)[0]  # type: ignore[arg-type]
    start_title = story.scenes[role.start].title  # type: ignore[attr-defined]
    next_title = story.scenes[first_choice.goto].title  # type: ignore[attr-defined]
    title_marker = f"New game as {role.title}"

    with tempfile.TemporaryDirectory(prefix="bench-tui-") as folder, contextlib.ExitStack() as stack:
        tmp = Path(folder)
        env = environment(tmp)
        minimal = tmp / "minimal_app.py"
        minimal.write_text(MINIMAL, encoding="utf-8")
        full = tmp / "minimal_full_app.py"
        full.write_text(MINIMAL_FULL, encoding="utf-8")
        game = tmp / "game_app.py"
        game.write_text(GAME, encoding="utf-8")
        tmux = stack.enter_context(tmux_server(env))
        minimal_argv = [sys.executable, str(minimal)]

        def game_argv(index: int, cold: bool = False) -> list[str]:
            cache = tmp / f"cold-cache-{index}" if cold else None  # a new, empty play cache: a cold start
            return [sys.executable, str(game), *game_args(pack, tmp / f"saves-tmux-{index}", cache=cache)]

        # Warm the byte-code and story caches once, so every measured run starts alike.
        run_minimal(minimal, env)
        run_game(game, env, pack, tmp / "saves-warm", title_marker, role.start, start_title, next_title)
        if tmux is not None:
            tmux.time_to(minimal_argv, "Minimal ready")
            tmux.time_to(game_argv(-1), title_marker)

        base_start, base_choice, base_rss = [], [], []
        ours_start, ours_choice, ours_rss = [], [], []
        base_pane, ours_pane, cold_pane = [], [], []
        full_choice = []
        written: list[tuple[bytes, bytes, bytes]] = []  # per round: the one-line update, the 21-line one, the game's
        for index in range(args.rounds):
            if tmux is not None:
                base_pane.append(tmux.time_to(minimal_argv, "Minimal ready"))
                ours_pane.append(tmux.time_to(game_argv(index), title_marker))
                cold_pane.append(tmux.time_to(game_argv(index, cold=True), title_marker))
            else:
                cold_pane.append(first_frame(game_argv(index, cold=True), env, title_marker))
            redrawn = run_minimal(full, env)
            full_choice.append(redrawn.choice or 0)
            m = run_minimal(minimal, env)
            title, played = run_game(
                game, env, pack, tmp / f"saves-{index}", title_marker, role.start, start_title, next_title
            )
            base_start.append(m.start)
            base_choice.append(m.choice or 0)
            base_rss.append(m.rss_kb)
            ours_start.append(title.start)
            ours_choice.append(played.choice or 0)
            ours_rss.append(max(title.rss_kb, played.rss_kb))
            written.append((m.written, redrawn.written, played.written))

    pty_start = (statistics.median(base_start) * 1000, statistics.median(ours_start) * 1000)
    if base_pane:
        start_label = f"start to first frame, tmux {PANE[0]}x{PANE[1]}"
        start = (statistics.median(base_pane) * 1000, statistics.median(ours_pane) * 1000)
    else:
        start_label, start = "start to first frame (no tmux)", pty_start
    cold = statistics.median(cold_pane) * 1000
    rows = [
        (start_label, *start, "ms", "start"),
        ("  the same, empty play cache (cold)", start[0], cold, "ms", "cold"),
        (
            "key press to updated screen",
            statistics.median(base_choice) * 1000,
            statistics.median(ours_choice) * 1000,
            "ms",
            "choice",
        ),
        (
            "key press vs 21-line update",
            statistics.median(full_choice) * 1000,
            statistics.median(ours_choice) * 1000,
            "ms",
            "choice",
        ),
        (
            "bytes written per key press vs 21-line",
            statistics.median(len(full) for _, full, _ in written),
            statistics.median(len(game) for _, _, game in written),
            "B",
            "bytes",
        ),
        ("peak RSS", statistics.median(base_rss) / 1024, statistics.median(ours_rss) / 1024, "MiB", "rss"),
    ]
    name = "base campaign" if pack == "-" else pack
    print(
        f"Textual app vs minimal Textual app (Header, Static, Footer), {SIZE[0]}x{SIZE[1]} pty, "
        f"median of {args.rounds} rounds, pack: {name}"
    )
    print(f"{'measure':<38}{'minimal':>10}{'game':>12}{'ratio':>8}{'target':>8}")
    for label, base, ours, unit, key in rows:
        ratio = ours / base if base else float("inf")
        verdict = "ok" if ratio <= TARGETS[key] else "OVER"
        print(f"{label:<38}{base:>7.1f} {unit:<3}{ours:>8.1f} {unit:<3}{ratio:>7.2f}x{TARGETS[key]:>6.2f}x  {verdict}")
    if base_pane:
        print(
            f"for comparison: start to first frame on a bare {SIZE[0]}x{SIZE[1]} pty reads {pty_start[0]:.1f} ms / "
            f"{pty_start[1]:.1f} ms ({pty_start[1] / pty_start[0]:.2f}x); tmux adds its spawn and capture time to both."
        )
    one, full_rows, game_rows = (statistics.median(rows_written(sample[i]) for sample in written) for i in range(3))
    print(
        f"(rows written per key press: the game's {game_rows:.0f} of {SIZE[1]} (a scene changes its title, text, "
        f"choices and date), the minimal app's full-screen update {full_rows:.0f}, its one-line update {one:.0f}: "
        "the one-line row is no floor for an app that redraws a screen of text)"
    )
    return [
        (f"TUI {label} / minimal app", ours / base if base else float("inf"), TARGETS[key])
        for label, base, ours, unit, key in rows
    ]


if __name__ == "__main__":
    main()

"""The limits of the issue: every hostile input is answered with bounded work in at most 300 MB.

Each case runs the real command (`check`, or `play --plain` for saves) in a
child process under a 300 MB address-space ceiling. The child counts the work
it does, and the test holds it to budgets that grow with what the pack holds
(the files' bytes up to the per-file limit), never with how big a hostile file
claims to be:

- **lines** of the game's own code executed, and of the "did you mean"
  matcher (``difflib``) it calls (the YAML reader's work is the events
  below): at most ``LINES_PER_BYTE`` per byte of input, plus a fixed cost.
  A cross-check that grows with the square of a pack (a "did you mean" for
  every broken id, reachability per role) breaks this long before it is slow;
- **YAML events** pulled from the parser: a file stops at its value limit;
- **bytes read** by the process (Linux ``/proc/self/io``): a file over the
  size limit is refused from its size, never read (or hashed) whole;
- **peak memory**, from the child's own high-water mark.

No case is timed: speed goals live in ``bench/``. A CPU-time limit and a
time-out remain as hang guards only, far above any honest run. Every answer
must be a located error in the hostile file (or a message naming the save),
never a traceback.
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.story.packfiles import MAX_FILE_BYTES
from game.story.yamlnodes import MAX_VALUES
from tests.conftest import ROOT, SCENES_YAML, write_pack

MEGABYTES = 300
CEILING = MEGABYTES * 1024 * 1024
GUARD_CPU_SECONDS = 60  # hang guards, not speed limits
GUARD_WALL_SECONDS = 180

LINES_PER_BYTE = 10
"""Lines executed per byte of input: 3 today for 8,000 roles, where work growing with the square would take 45."""
BASE_LINES = 6_000_000
"""Lines any run may take regardless of input: start-up, the messages, and the "did you mean" budget
(50 suggestions among at most 2,000 ids: about 5 million lines of difflib)."""
EVENTS_PER_FILE = 2 * MAX_VALUES + 1_000
"""YAML events one file may produce before the reader stops it (a value is one or two events)."""
READ_SLACK = 8 * 1024 * 1024
"""Bytes read besides the pack's files: Python importing the game (about 2 MiB)."""

CHILD = """
import contextlib, io, json, os, resource, sys
GAME = os.path.join(os.getcwd(), "game") + os.sep

def bytes_read():
    try:
        with open("/proc/self/io") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("rchar:"))
    except (OSError, StopIteration):
        return None

work = {"lines": 0, "events": 0}

def count_line(frame, event, arg):
    if event == "line":
        work["lines"] += 1
    return count_line

READER = os.path.join(GAME, "story", "yamlnodes.py")
import difflib
SUGGESTER = difflib.__file__

def trace_game(frame, event, arg):
    # The game's own code and the "did you mean" matcher it calls; other libraries, and the YAML reader
    # (its work is counted in events), run untraced.
    name = frame.f_code.co_filename
    return count_line if (name.startswith(GAME) and name != READER) or name == SUGGESTER else None

from game.story import yamlnodes
pull = yamlnodes._events
def counted_events(text):
    for event in pull(text):
        work["events"] += 1
        yield event
yamlnodes._events = counted_events

from game.cli import main
out, err = io.StringIO(), io.StringIO()
def ends(text):  # the first and last lines: a huge answer is cut in the middle
    return text if len(text) <= 8000 else text[:4000] + "\\n[...]\\n" + text[-4000:]
sys.stdin = io.StringIO("")
before = bytes_read()
sys.settrace(trace_game)
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    code = main(sys.argv[1:])
sys.settrace(None)
after = bytes_read()
try:  # this process's own high-water mark; ru_maxrss would include the forking pytest process on Linux
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"code": code, "peak": peak, "out": ends(out.getvalue()), "err": ends(err.getvalue()),
                  "size": len(out.getvalue()) + len(err.getvalue()), "lines": work["lines"],
                  "events": work["events"], "read": None if before is None else after - before}))
"""


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))
    _cpu_limit()


def _cpu_limit() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (GUARD_CPU_SECONDS, GUARD_CPU_SECONDS))


def _inputs(*folders: Path) -> tuple[int, int]:
    """(bytes a reader may take from these folders, YAML files in them): each file counted up to its limit."""
    size = files = 0
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                size += min(path.stat().st_size, MAX_FILE_BYTES + 1)
                files += path.suffix in (".yaml", ".yml")
    return size, files


def answer(*args: str, env: dict[str, str], inputs: tuple[Path, ...], ceiling: bool = True) -> dict:
    """Run the command in a child and hold it to the budgets; ``ceiling=False`` measures the peak instead."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=GUARD_WALL_SECONDS,
        preexec_fn=_limits if ceiling else _cpu_limit,
    )
    if result.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        pytest.fail(f"killed at the CPU-time guard ({GUARD_CPU_SECONDS} s): the work is not bounded")
    assert result.returncode == 0, f"the child died (exit {result.returncode}):\n{result.stderr[-3000:]}"
    report = json.loads(result.stdout.strip().splitlines()[-1])
    text = report["out"] + report["err"]
    assert "Traceback" not in text + result.stderr, text
    size, files = _inputs(*inputs)
    assert report["lines"] <= LINES_PER_BYTE * size + BASE_LINES, (
        f"{report['lines']:,} lines of game code for {size:,} bytes of input"
    )
    assert report["events"] <= EVENTS_PER_FILE * max(files, 1), f"{report['events']:,} YAML events from {files} files"
    if report["read"] is not None:
        assert report["read"] <= 2 * size + READ_SLACK, f"read {report['read']:,} bytes of {size:,} readable"
    assert report["peak"] <= CEILING, f"used {report['peak'] / 1048576:.0f} MB"
    return report


# ---- hostile files ---------------------------------------------------------------------------

HEAD = (
    "- id: s9\n  title: T\n  date: 1968-08-21\n  place: P\n"
    "  history: {text: h, sources: [src]}\n  ending: {title: E, epilogue: E}\n"
)


def deep_flow(n: int) -> bytes:
    return b"[" * n + b"]" * n


def scenes_with_unknown_gotos(count: int) -> str:
    return "".join(
        f"- {{id: a{i}, title: t, date: 1968-08-21, place: p, text: t, history: {{text: h, sources: [src]}}, "
        f"choices: [{{label: l, goto: zz{i}q}}]}}\n"
        for i in range(count)
    )


def write_big_line(path: Path, prefix: bytes, size: int, suffix: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(prefix)
        chunk = b"a" * (1 << 20)
        left = size
        while left > 0:
            handle.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
        handle.write(suffix)


# name -> (file in the pack, contents or a writer, a fragment of the expected message)
FILES = {
    "10,000-deep flow sequences": ("hero/bad.yaml", deep_flow(10_000), "nesting"),
    "10,000-deep flow sequences as pack.yaml": ("pack.yaml", b"x: " + deep_flow(10_000), "nesting"),
    "10,000-deep flow mappings": ("hero/bad.yaml", b"{a: " * 10_000 + b"}" * 10_000, "nesting"),
    "10,000-deep block sequences": ("hero/bad.yaml", b"- " * 10_000 + b"x\n", "nesting"),
    "billion laughs": (
        "pack.yaml",
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(b"%c: &%c [" % (98 + i, 98 + i) + b", ".join([b"*%c" % (97 + i)] * 10) + b"]\n" for i in range(9)),
        "expands to more than",
    ),
    "two million values": ("hero/bad.yaml", b"- [" + b"1," * 2_000_000 + b"1]\n", "holds more than"),
    "an expression 10,000 brackets deep": (
        "hero/scenes.yaml",
        SCENES_YAML.replace("if: nerve >= 3", "if: '" + "(" * 10_000 + "nerve" + ")" * 10_000 + "'").encode(),
        "the limit is 500",
    ),
    "a 4 MiB expression": (
        "hero/scenes.yaml",
        SCENES_YAML.replace("if: nerve >= 3", "if: '" + "nerve + " * 500_000 + "1 > 2'").encode(),
        "the limit is 500",
    ),
    "49,000 duplicate keys": (
        "hero/bad.yaml",
        HEAD.encode() + b"".join(b"  title: T\n" for _ in range(49_000)),
        "duplicate key 'title'",
    ),
    "a 4 MiB id": ("hero/bad.yaml", b"- id: " + b"a" * (4 * 1024 * 1024 - 200) + b"\n", "has no 'title'"),
}


@pytest.mark.parametrize("name", list(FILES))
def test_a_hostile_file_is_answered_within_the_limits(tmp_path, cli_env, name):
    target, body, fragment = FILES[name]
    pack_dir = write_pack(tmp_path / "pack", {target: body})
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["code"] == 1
    shown = str(pack_dir / target)
    assert any(line.startswith(shown + ":") and ": error: " in line for line in report["out"].splitlines()), report[
        "out"
    ]
    assert fragment in report["out"], report["out"][-2000:]


@pytest.mark.parametrize("where", ["hero/bad.yaml", "pack.yaml"])
def test_a_50_megabyte_single_line_is_refused_by_name_without_being_read(tmp_path, cli_env, where):
    pack_dir = write_pack(tmp_path / "pack")
    prefix = b'- id: s1\n  text: "' if where != "pack.yaml" else b'id: tiny\ntitle: "'
    write_big_line(pack_dir / where, prefix, 50 * 1024 * 1024, b'"\n')
    for command in (["check", str(pack_dir)], ["play", "--plain", "--pack", str(pack_dir), "--role", "hero"]):
        report = answer(*command, env=cli_env, inputs=(pack_dir,))
        assert report["code"] in (1, 2)
        text = report["out"] + report["err"]
        assert f"{pack_dir / where}:1:1: error: file is " in text and "the limit for one file is 4 MiB" in text, text


def test_a_huge_sparse_scene_file_costs_no_memory_in_play(tmp_path, cli_env):
    """Play fingerprints the pack for its cache first: a 400 MB file must be refused there from its size too."""
    pack_dir = write_pack(tmp_path / "pack")
    with open(pack_dir / "hero" / "huge.yaml", "wb") as handle:
        handle.truncate(400 * 1024 * 1024)  # sparse: costs no disk
    report = answer(
        "play", "--plain", "--pack", str(pack_dir), "--role", "hero", env=cli_env, inputs=(pack_dir,), ceiling=False
    )
    assert report["code"] == 2 and "the limit for one file is 4 MiB" in report["err"]


def test_a_string_just_under_the_file_limit_is_read_within_the_limits(tmp_path, cli_env):
    pack_dir = write_pack(tmp_path / "pack", {"sources.yaml": "- {id: src, kind: book, title: T, note: BIG}\n"})
    before, after = (pack_dir / "sources.yaml").read_bytes().split(b"BIG")
    write_big_line(pack_dir / "sources.yaml", before + b'"', 4 * 1024 * 1024 - 2000, b'"' + after)
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["code"] == 0, report["out"][-2000:]


def test_a_scene_of_four_megabytes_is_refused_as_too_much_text(tmp_path, cli_env):
    """It used to load, and the full-screen app then took 7 to 12 s to show it."""
    pack_dir = write_pack(tmp_path / "pack", {"hero/scenes.yaml": SCENES_YAML.replace("text: The end.", "text: BIG")})
    before, after = (pack_dir / "hero" / "scenes.yaml").read_bytes().split(b"BIG")
    write_big_line(pack_dir / "hero" / "scenes.yaml", before + b'"', 4 * 1024 * 1024 - 2000, b'"' + after)
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["code"] == 1
    assert f"{pack_dir / 'hero' / 'scenes.yaml'}:11:7: error: scene 's2' holds 4,192,3" in report["out"]


# Hostile *packs* whose work once grew with the square of their size. Every file is
# within the per-file limits; the cost was in cross-checks ("did you mean" for every
# broken id, reachability per role), which the line budget holds to linear.


def test_thousands_of_unknown_gotos_are_answered_within_the_limits(tmp_path, cli_env):
    pack_dir = write_pack(tmp_path / "pack", {"hero/many.yaml": scenes_with_unknown_gotos(3_500)})
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["code"] == 1 and "there is no scene with this id" in report["out"]


def test_thousands_of_roles_are_answered_within_the_limits(tmp_path, cli_env):
    count = 8_000
    roles = "".join(f"  r{i}: {{title: R, start: a{i}}}\n" for i in range(count))
    manifest = (
        "id: tiny\ntitle: Tiny\nroles:\n  hero: {title: The hero, start: s1}\n"
        + roles
        + "variables:\n  nerve: {label: Nerve}\n  brave: {label: Brave, type: flag}\n"
    )
    endings = [
        f"- {{id: a{i}, role: r{i}, title: t, date: 1968-08-21, place: p, text: t, "
        f"history: {{text: h, sources: [src]}}, ending: {{title: e, epilogue: e}}}}\n"
        for i in range(count)
    ]
    files = {f"hero/r{part}.yaml": "".join(endings[part::4]) for part in range(4)}  # within the values per file
    pack_dir = write_pack(tmp_path / "pack", {"pack.yaml": manifest, **files})
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["code"] == 0


def test_a_huge_id_is_quoted_short_in_messages(tmp_path, cli_env):
    pack_dir = write_pack(tmp_path / "pack", {"hero/bad.yaml": FILES["a 4 MiB id"][1]})
    report = answer("check", str(pack_dir), env=cli_env, inputs=(pack_dir,))
    assert report["size"] < 100_000, f"{report['size']:,} characters of messages for one file"


# ---- hostile saves -------------------------------------------------------------------------------


SAVES = {
    "a 1 GB sparse file": (None, "far too large for a save"),
    "a 1 MB deep nesting": (b"[" * 500_000 + b"]" * 500_000, "not readable JSON"),
    "a 1 MB single-line string": (b'"' + b"a" * (1024 * 1024 - 10) + b'"', "not a Spring '68 save"),
    "a 1 MB number": (b"9" * (1024 * 1024 - 10), "not readable JSON"),
}


@pytest.mark.parametrize("name", list(SAVES))
def test_a_hostile_save_is_answered_within_the_limits(tmp_path, cli_env, name):
    body, fragment = SAVES[name]
    folder = Path(cli_env["SPRING68_SAVES"])
    folder.mkdir()
    path = folder / "autosave.json"
    if body is None:
        with open(path, "wb") as handle:
            handle.truncate(1 << 30)
    else:
        path.write_bytes(body)
    pack_dir = write_pack(tmp_path / "pack")
    report = answer("play", "--plain", "--pack", str(pack_dir), "--continue", env=cli_env, inputs=(pack_dir, folder))
    assert report["code"] == 2 and report["err"].startswith(f"spring68: {path}: ") and fragment in report["err"], report

"""Hostile and broken files: each gets a located error, fast, in bounded memory, and runs nothing.

Every case runs ``spring68 check`` in a child process with a memory ceiling
and a time-out, the way a modder would run it, once as a scene file and once
as ``pack.yaml``.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_pack

MEMORY_CEILING = 600 * 1024 * 1024  # address space; Python itself needs some
GUARD_SECONDS = 60  # a hang guard, not a speed test (speed lives in bench/)

LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

SCENE_HEAD = b"- id: s1\n  title: T\n  date: 1968-08-21\n  place: P\n"


def cases(marker: Path) -> dict[str, tuple[bytes, bytes, str]]:
    """name -> (as a scene file, as pack.yaml, fragment expected in the message)."""
    tag = f"!!python/object/apply:os.system ['touch {marker}']\n".encode()
    huge = b"9" * 5000
    deep_block = b"".join(b"  " * i + b"- \n" for i in range(200)) + b"  " * 200 + b"x\n"
    return {
        "deep block nesting": (deep_block, b"x:\n" + deep_block.replace(b"\n", b"\n  ", 199), "nest"),
        "empty file": (b"", b"", "empty"),
        "only comments": (b"# a scene file\n# with nothing in it\n", b"# nothing\n", "empty"),
        "not utf-8": (b"- id: caf\xe9\n", b"id: caf\xe9\n", "not valid UTF-8"),
        "utf-16 with bom": ("- id: x\n".encode("utf-16"), "id: x\n".encode("utf-16"), "UTF-16"),
        "nul bytes": (b"- id: a\x00b\n", b"id: a\x00b\n", "NUL"),
        "python tag": (tag, b"id: " + tag, "can never run Python"),
        "billion laughs": (b"- " + LAUGHS.replace(b"\n", b"\n  "), LAUGHS, "more than"),
        "deep nesting": (b"[" * 10000 + b"]" * 10000, b"x: " + b"[" * 10000 + b"]" * 10000, "nest"),
        "mapping for a list / list for a mapping": (b"id: s1\ntitle: T\n", b"- id: base\n- title: T\n", "expected"),
        "huge integer": (
            SCENE_HEAD + b"  text: t\n  choices:\n    - {label: x, goto: s1, do: {nerve: " + huge + b"}}\n",
            b"id: tiny\ntitle: T\nversion: " + huge + b"\n",
            "digits",
        ),
        "tabs for indentation": (b"- id: s1\n\ttitle: T\n", b"id: tiny\n\ttitle: T\n", "tabs"),
    }


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CEILING, MEMORY_CEILING))


def run_check(pack_dir: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "check", str(pack_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=GUARD_SECONDS,
        preexec_fn=_limits,
    )


NAMES = list(cases(Path("/x")))


@pytest.mark.parametrize("where", ["scene file", "pack.yaml"])
@pytest.mark.parametrize("name", NAMES)
def test_hostile_file_gets_a_located_error(tmp_path, cli_env, name, where):
    marker = tmp_path / "pwned"
    as_scene, as_pack, fragment = cases(marker)[name]
    target = "hero/bad.yaml" if where == "scene file" else "pack.yaml"
    pack_dir = write_pack(tmp_path / "pack", {target: as_scene if where == "scene file" else as_pack})
    result = run_check(pack_dir, cli_env)
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    shown = str(pack_dir / target)
    located = [line for line in output.splitlines() if line.startswith(shown + ":") and ": error: " in line]
    assert located, output
    assert fragment.lower() in output.lower(), output
    assert not marker.exists(), "a tag ran code"


def test_python_tag_is_never_constructed_in_process(tmp_path):
    from game.story.loader import load_with_problems

    marker = tmp_path / "pwned"
    pack_dir = write_pack(tmp_path / "pack", {"hero/bad.yaml": cases(marker)["python tag"][0]})
    story, problems = load_with_problems([pack_dir])
    assert story is None and not marker.exists()
    assert any("python" in p.message for p in problems)

"""A pack is read the same way everywhere: only its regular files, within limits, and nothing can make it wait.

The loader (check, play), the play cache's fingerprint and live reload all go
through :mod:`game.story.packfiles`. A FIFO named ``*.yaml`` once passed
``check`` (the loader skipped it) and then hung ``play`` (the cache opened it);
every case here runs the real command in a child process with a time-out, so
a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket

import pytest

from game.story import cache, packfiles
from game.story.loader import load_with_problems
from game.story.packfiles import MAX_FILE_BYTES, PackReader, PackRefused, list_pack
from tests.conftest import SCENES_YAML

HANG_GUARD = 30  # seconds: a hang guard, not a speed test

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and /dev/stdin are POSIX")


def errors_of(pack_dir):
    story, problems = load_with_problems([pack_dir])
    return story, [p for p in problems if p.severity == "error"]


@posix_only
@pytest.mark.parametrize("name", ["hero/fifo.yaml", "pack.yaml", "timeline.yaml"])
def test_a_fifo_is_refused_by_check_and_play_without_waiting(pack, run_cli, name):
    pack_dir = pack()
    target = pack_dir / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    check = run_cli("check", str(pack_dir), timeout=HANG_GUARD)
    assert check.returncode == 1
    assert f"{target}: error: this is a named pipe (FIFO), not a regular file; it is not read" in check.stdout
    play = run_cli("play", "--plain", "--pack", str(pack_dir), "--role", "hero", input="1\n", timeout=HANG_GUARD)
    assert play.returncode == 2 and "named pipe (FIFO)" in play.stderr, play.stderr


@posix_only
def test_a_link_to_stdin_is_refused_and_never_eats_the_players_input(pack, run_cli):
    """Before, ``play`` hashed /dev/stdin for its cache key: it read the player's typing, or waited for it."""
    pack_dir = pack()
    (pack_dir / "hero" / "stdin.yaml").symlink_to("/dev/stdin")
    for command in (["check", str(pack_dir)], ["play", "--plain", "--pack", str(pack_dir), "--role", "hero"]):
        result = run_cli(*command, input="1\n1\n", timeout=HANG_GUARD)
        assert result.returncode in (1, 2)
        assert "stdin.yaml: error: this file is a link to a place outside the pack" in result.stdout + result.stderr


@posix_only
def test_a_socket_a_device_and_a_folder_are_refused(pack, tmp_path):
    pack_dir = pack()
    place = pack_dir / "hero" / "sock.yaml"
    if len(str(place)) > 100:
        pytest.skip("the temporary folder's path is too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(place))
        (pack_dir / "hero" / "folder.yaml").mkdir()
        (pack_dir / "hero" / "folder.yaml" / "inner.yaml").symlink_to(place)
        _story, errors = errors_of(pack_dir)
    finally:
        server.close()
    messages = sorted((p.loc.file.rsplit("/", 1)[-1], p.message) for p in errors)
    assert messages == [
        ("inner.yaml", "this is a socket, not a regular file; it is not read"),
        ("sock.yaml", "this is a socket, not a regular file; it is not read"),
    ]
    whole_disk = PackReader("/")
    with pytest.raises(PackRefused, match=r"^this is a device, not a regular file"):
        whole_disk.read(os.devnull)
    with pytest.raises(PackRefused, match=r"^this is a folder, not a regular file"):
        whole_disk.read(str(tmp_path))


def test_a_link_inside_the_pack_is_read_and_one_outside_is_not(pack, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("hunter2: the first line of a private file\n", encoding="utf-8")
    pack_dir = pack()
    (pack_dir / "hero" / "scenes.yaml").rename(pack_dir / "real.txt")
    (pack_dir / "hero" / "scenes.yaml").symlink_to(pack_dir / "real.txt")
    story, errors = errors_of(pack_dir)
    assert errors == [] and story is not None and "s1" in story.scenes
    (pack_dir / "hero" / "leak.yaml").symlink_to(outside)
    (pack_dir / "hero" / "relative.yaml").symlink_to("../../secret.yaml")
    story, errors = errors_of(pack_dir)
    assert story is None
    assert {p.loc.file.rsplit("/", 1)[-1] for p in errors} == {"leak.yaml", "relative.yaml"}
    assert all("outside the pack" in p.message and "hunter2" not in p.format() for p in errors)


def test_loader_and_cache_read_the_same_files(pack, tmp_path, monkeypatch):
    """Hidden files and folders are skipped by both; a change to any file read misses the cache."""
    pack_dir = pack(
        {
            ".hidden.yaml": "not: [valid\n",
            ".git/x.yaml": "not: [valid\n",
            "hero/.draft.yaml": "not: [valid\n",
            "notes.txt": "ignored\n",
        }
    )
    listed = [file.parts for file in list_pack(str(pack_dir)).files()]
    assert listed == [("pack.yaml",), ("timeline.yaml",), ("sources.yaml",), ("hero", "scenes.yaml")]
    story, errors = errors_of(pack_dir)
    assert errors == [] and story is not None
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    before = cache.fingerprint([str(pack_dir)])
    (pack_dir / "hero" / ".draft.yaml").write_text("changed: [still invalid\n", encoding="utf-8")
    (pack_dir / "notes.txt").write_text("changed\n", encoding="utf-8")
    assert cache.fingerprint([str(pack_dir)]) == before  # what is not read does not count
    scenes = pack_dir / "hero" / "scenes.yaml"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("Nerve", "Courage"), encoding="utf-8")
    assert cache.fingerprint([str(pack_dir)]) != before


def bytes_read() -> int | None:
    """Bytes this process has read through system calls (Linux), or None elsewhere."""
    try:
        with open("/proc/self/io", encoding="ascii") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("rchar:"))
    except (OSError, StopIteration):
        return None


@pytest.mark.skipif(bytes_read() is None, reason="counts bytes read through /proc/self/io (Linux)")
def test_a_huge_file_is_refused_from_its_size_by_loader_and_cache(pack, tmp_path, monkeypatch):
    """The cache used to hash every file whole before the loader refused a huge one."""
    pack_dir = pack()
    with open(pack_dir / "hero" / "huge.yaml", "wb") as handle:
        handle.truncate(400 * 1024 * 1024)  # sparse: costs no disk
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    start = bytes_read()
    cache.fingerprint([str(pack_dir)])
    story, errors = errors_of(pack_dir)
    spent = bytes_read() - start  # type: ignore[operator]
    assert story is None and [p.message for p in errors] == ["file is 400.0 MiB; the limit for one file is 4 MiB"]
    assert errors[0].loc.line == 1
    assert spent < 1024 * 1024, f"read {spent:,} bytes of a pack whose readable files are a few hundred"


def test_a_pack_over_its_byte_limit_is_refused_file_by_file(pack, monkeypatch):
    monkeypatch.setattr(packfiles, "MAX_PACK_BYTES", 1000)
    extra = SCENES_YAML.replace("id: s1", "id: t1").replace("id: s2", "id: t2").replace("goto: s2", "goto: t2")
    pack_dir = pack({"hero/more.yaml": extra})
    _story, errors = errors_of(pack_dir)
    refused = [p for p in errors if p.code == "limit"]
    assert refused and all("the pack's files would come to more than" in p.message for p in refused)
    assert {p.loc.file.rsplit("/", 1)[-1] for p in refused} <= {"more.yaml", "scenes.yaml"}


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"x" * 10)
    real_fstat = os.fstat

    def stale_fstat(fd):  # fstat says 10 bytes; by the time of reading there are more than the limit
        info = real_fstat(fd)
        with open(path, "ab") as handle:
            handle.write(b"y" * (MAX_FILE_BYTES + 10))
        return info

    monkeypatch.setattr(packfiles.os, "fstat", stale_fstat)
    with pytest.raises(PackRefused, match="file is larger than 4 MiB"):
        PackReader(str(tmp_path)).read(str(path))


@pytest.mark.parametrize(
    "limit, files, fragment",
    [
        ("MAX_PACK_FILES", {f"hero/s{i}.yaml": "- x\n" for i in range(5)}, "YAML files; at most 3 are read"),
        ("MAX_ENTRIES", {f"hero/n{i}.txt": "x" for i in range(5)}, "holds more than 3 files and folders"),
        ("MAX_FOLDER_DEPTH", {"hero/a/b/c/d.yaml": "- x\n"}, "folders are nested more than 3 deep"),
    ],
)
def test_listing_limits_are_located_errors(pack, monkeypatch, limit, files, fragment):
    monkeypatch.setattr(packfiles, limit, 3)
    _story, errors = errors_of(pack(files))
    assert any(fragment in p.message and p.code == "limit" for p in errors), [p.format() for p in errors]


def test_listing_never_follows_a_symlinked_folder(pack, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text("secret: value\n", encoding="utf-8")
    pack_dir = pack()
    (pack_dir / "linked").symlink_to(elsewhere, target_is_directory=True)
    assert all(file.parts[0] != "linked" for file in list_pack(str(pack_dir)).files())


def test_an_unreadable_file_is_a_located_error(pack, monkeypatch):
    pack_dir = pack()
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith("scenes.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(packfiles.os, "open", refuse)
    _story, errors = errors_of(pack_dir)
    (problem,) = errors
    assert problem.message == "cannot read the file: Permission denied" and problem.code == "io"
    assert problem.loc.file.endswith("hero/scenes.yaml")

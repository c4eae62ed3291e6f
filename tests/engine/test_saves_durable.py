"""The one durable writer every file of the player's goes through: old bytes or new, never a mix, nothing left over."""

from __future__ import annotations

import errno
import os

import pytest

from game.durable import write_atomic


def test_it_writes_text_as_utf8_and_bytes_as_they_are(tmp_path):
    target = tmp_path / "a.json"
    write_atomic(target, "Žluťoučký kůň\n")
    assert target.read_bytes() == "Žluťoučký kůň\n".encode()
    write_atomic(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_failure_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch, call):
    target = tmp_path / "settings.json"
    target.write_bytes(b"old")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    with pytest.raises(OSError) as caught:
        write_atomic(target, "new" * 10_000)
    monkeypatch.undo()
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_it_flushes_the_file_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append("fsync-folder" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync-file")
        real_fsync(fd)

    def replace(src, dst):
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    write_atomic(tmp_path / "x.md", "text")
    assert events == ["fsync-file", "rename", "fsync-folder"]


def test_a_short_write_is_finished(tmp_path, monkeypatch):
    real_write = os.write

    def two_bytes_at_a_time(fd, data):
        return real_write(fd, bytes(data[:2]))

    monkeypatch.setattr(os, "write", two_bytes_at_a_time)
    write_atomic(tmp_path / "x", b"0123456789")
    assert (tmp_path / "x").read_bytes() == b"0123456789"


def test_a_missing_folder_is_an_oserror_not_a_half_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nowhere" / "x", "text")
    assert list(tmp_path.iterdir()) == []

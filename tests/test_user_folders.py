"""game.user_folders answers as platformdirs does, and on Linux without importing it."""

from __future__ import annotations

import subprocess
import sys

import platformdirs
import pytest

from game import user_folders

SETTINGS = [None, "", "relative/folder", "/abs/xdg", "/abs/with space/", "~/tilde"]


@pytest.mark.parametrize("home", ["/home/someone", "/root/", "relative-home", None])
@pytest.mark.parametrize("xdg", SETTINGS)
def test_the_folders_are_platformdirs_folders(monkeypatch, home, xdg):
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    if home is None:
        monkeypatch.delenv("HOME", raising=False)
    else:
        monkeypatch.setenv("HOME", home)
    assert user_folders.user_cache_dir("spring68") == platformdirs.user_cache_dir("spring68", appauthor=False)
    assert user_folders.user_data_dir("spring68") == platformdirs.user_data_dir("spring68", appauthor=False)


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux's; elsewhere platformdirs answers")
def test_linux_finds_both_folders_without_importing_platformdirs(tmp_path):
    code = (
        "import sys; from game.user_folders import user_cache_dir, user_data_dir; "
        "print(user_cache_dir('spring68')); print(user_data_dir('spring68')); print('platformdirs' in sys.modules)"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "c")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:3] == [str(tmp_path / "c" / "spring68"), str(tmp_path / ".local/share/spring68"), "False"]

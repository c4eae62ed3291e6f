"""The wheel carries the campaign: installed into a fresh venv outside the checkout, the game runs."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("spring68-*.whl")
    return found


def test_the_wheel_contains_the_base_campaign(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "game/_base/pack.yaml" in names
    assert "game/_base/sources.yaml" in names
    shipped = {n.removeprefix("game/_base/") for n in names if n.startswith("game/_base/") and n.endswith(".yaml")}
    in_checkout = {str(p.relative_to(ROOT / "scenes")) for p in (ROOT / "scenes").rglob("*.yaml")}
    assert shipped == in_checkout
    assert not any(n.startswith(("tests/", "scenes/")) for n in names)


def test_installed_wheel_checks_and_plays_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True, text=True
    )
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        SPRING68_SAVES=str(tmp_path / "saves"), SPRING68_CACHE_DIR=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8"
    )
    script = env_dir / "bin" / "spring68"
    check = subprocess.run([str(script), "check"], capture_output=True, text=True, cwd=elsewhere, env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.strip().splitlines()[-1].startswith("check base:")
    assert "0 errors" in check.stdout
    where = subprocess.run(
        [str(python), "-c", "import game; print(game.__file__)"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=True,
    ).stdout
    assert str(ROOT) not in where
    played = subprocess.run(
        [str(script), "play", "--plain", "--role", "advisor"],
        input="1\nq\n",
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert played.returncode == 0, played.stderr
    assert "1968" in played.stdout and "You chose:" in played.stdout
    assert "Traceback" not in played.stderr

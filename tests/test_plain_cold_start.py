"""Plain mode on an empty play cache: the first scene from a partial read, the whole story built behind it.

Every run here is a real ``spring68 play --plain`` process with its own empty cache folder. What a cold
start shows is compared byte for byte with a full load's (the cache switched off), and
:func:`game.story.first_read.first_story` is asked directly to prove that the cold run really took the
partial path (it read only a few scenes).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.story import cache
from game.story.first_read import first_story
from game.story.loader import load_story
from game.story.locate import base_pack
from tests.conftest import ROOT

EXAMPLE_MOD = ROOT / "docs" / "example-mod"


def play(env: dict[str, str], args: list[str], typed: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", *args],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def without_cache(env: dict[str, str]) -> dict[str, str]:
    return {**env, "SPRING68_NO_CACHE": "1"}


def packs_of(args: list[str]) -> list[str]:
    packs = [args[i + 1] for i, arg in enumerate(args) if arg == "--pack"]
    return packs or [base_pack()]


@pytest.mark.parametrize(
    "args",
    [
        ["--role", "advisor"],
        ["--role", "resistance"],
        ["--from", "adv_kremlin"],  # a scene in a later file (05_moscow.yaml)
        ["--pack", str(EXAMPLE_MOD), "--role", "advisor"],  # a mod: the base campaign loads under it
        ["--pack", str(EXAMPLE_MOD), "--from", "adv_reply"],  # a scene the mod extends with a choice of its own
    ],
    ids=["advisor", "resistance", "from-later-file", "mod", "mod-extended-scene"],
)
def test_a_cold_first_scene_is_the_full_loads_byte_for_byte(cli_env, tmp_path, args):
    role = args[args.index("--role") + 1] if "--role" in args else None
    start = args[args.index("--from") + 1] if "--from" in args else None
    partial = first_story(packs_of(args), role, start)
    whole = load_story(packs_of(args))
    assert partial is not None, "the cold start must take the partial read for these arguments"
    assert set(partial.scenes) < set(whole.scenes) and len(partial.scenes) * 4 <= len(whole.scenes)  # a few files
    cold = play(cli_env, args, "q\n")
    full = play(without_cache(cli_env), args, "q\n")
    assert cold.returncode == full.returncode == 0, cold.stderr + full.stderr
    assert cold.stdout == full.stdout and cold.stderr == full.stderr
    assert "Goodbye." in cold.stdout


def test_the_mods_extension_of_the_first_scene_is_on_the_cold_first_screen(cli_env):
    cold = play(cli_env, ["--pack", str(EXAMPLE_MOD), "--from", "adv_reply"], "q\n")
    whole = load_story([str(EXAMPLE_MOD)])
    added = [c for c in whole.scenes["adv_reply"].choices if c.goto == "adv_mod_washington"]
    assert added and added[0].label.split()[0] in cold.stdout


def test_a_cold_game_goes_on_in_the_whole_story_and_leaves_the_cache_complete(cli_env, tmp_path, monkeypatch):
    cold = play(cli_env, ["--role", "advisor"], "1\n1\nq\n")
    full = play(
        without_cache({**cli_env, "SPRING68_SAVES": str(tmp_path / "other-saves")}), ["--role", "advisor"], "1\n1\nq\n"
    )
    assert cold.returncode == 0 and cold.stdout == full.stdout, cold.stderr
    folder = Path(cli_env["SPRING68_CACHE_DIR"])
    assert [path.suffix for path in folder.iterdir()] == [".json"]  # one file, and no temporary one
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(folder))
    cached = cache.load([base_pack()])
    assert cached is not None and list(cached.scenes) == list(load_story().scenes)
    fresh_saves = {**cli_env, "SPRING68_SAVES": str(tmp_path / "fresh-saves")}
    warm = play(fresh_saves, ["--role", "advisor"], "q\n")  # from the cache the cold game wrote
    assert warm.returncode == 0 and warm.stdout == play(without_cache(fresh_saves), ["--role", "advisor"], "q\n").stdout


@pytest.mark.parametrize("typed", ["r\n1\nq\n", "d\nq\n", "?\nu\n2\nq\n", "s first\nq\n", "x\n\n"])
def test_every_key_at_a_cold_first_scene_acts_in_the_whole_story(cli_env, tmp_path, typed):
    """What really happened (its sources are not in the partial read), prompts, help, undo, a named save."""
    cold = play(cli_env, ["--role", "resistance"], typed)
    full = play(without_cache({**cli_env, "SPRING68_SAVES": str(tmp_path / "other")}), ["--role", "resistance"], typed)
    assert cold.returncode == full.returncode == 0, cold.stderr
    assert cold.stdout == full.stdout and cold.stderr == full.stderr


def test_a_cold_start_in_czech_translates_the_whole_story(cli_env, tmp_path):
    """A translation is made of the whole story, so a cold start in Czech waits for it, and shows the same."""
    command = [sys.executable, "-m", "game", "--lang", "cs", "play", "--plain", "--role", "advisor"]
    runs = [
        subprocess.run(command, input="1\nq\n", capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        for env in (cli_env, without_cache({**cli_env, "SPRING68_SAVES": str(tmp_path / "other")}))
    ]
    assert [run.returncode for run in runs] == [0, 0] and runs[0].stdout == runs[1].stdout, runs[0].stderr
    assert "Upozornění k obsahu" in runs[0].stdout


def campaign_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "campaign"
    shutil.copytree(base_pack(), copy, ignore=shutil.ignore_patterns("i18n", "schema"))
    return copy


def break_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_errors(env: dict[str, str], pack: Path) -> list[str]:
    checked = subprocess.run(
        [sys.executable, "-m", "game", "check", str(pack)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    lines = [line for line in (checked.stdout + checked.stderr).splitlines() if ": error: " in line]
    assert checked.returncode != 0 and lines
    return lines


def test_an_error_in_a_later_file_stops_the_cold_game_with_code_2_before_anything_is_saved(cli_env, tmp_path):
    pack = campaign_copy(tmp_path)
    later = pack / "advisor" / "06_normalisation.yaml"
    break_file(later, "goto: ", "goto: nowhere_at_all_")
    assert first_story([str(pack)], "advisor", None) is not None  # the first screen does not need that file
    cold = play(cli_env, ["--pack", str(pack), "--role", "advisor"], "1\n1\n")
    assert cold.returncode == 2
    assert "A Slovak at the Top" in cold.stdout and "You chose" not in cold.stdout  # shown, but no choice applied
    for line in check_errors(cli_env, pack):
        assert line in cold.stderr  # the same text check prints: file, line, column and what to do
    assert "06_normalisation.yaml:" in cold.stderr and "Traceback" not in cold.stderr
    saves = Path(cli_env["SPRING68_SAVES"])
    assert not saves.exists() or not any(saves.rglob("*.json")), list(saves.rglob("*"))
    assert not list(Path(cli_env["SPRING68_CACHE_DIR"]).glob("*.json"))  # nothing of a broken pack is cached


def test_an_error_in_the_first_file_is_reported_before_any_scene(cli_env, tmp_path):
    pack = campaign_copy(tmp_path)
    break_file(pack / "advisor" / "01_winter.yaml", "goto: ", "goto: nowhere_at_all_")
    cold = play(cli_env, ["--pack", str(pack), "--role", "advisor"], "1\n")
    assert cold.returncode == 2 and cold.stdout == ""
    for line in check_errors(cli_env, pack):
        assert line in cold.stderr
    assert "01_winter.yaml:" in cold.stderr


def test_quitting_at_a_cold_first_scene_is_clean_and_leaves_no_half_written_cache(cli_env, monkeypatch):
    """The whole build is a daemon thread: quitting does not wait for it, and what it left is never read."""
    folder = Path(cli_env["SPRING68_CACHE_DIR"])
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(folder))
    for typed in ("q\n", ""):  # q, and the end of input
        quit_at_once = play(cli_env, ["--role", "advisor"], typed)
        assert quit_at_once.returncode == 0 and quit_at_once.stderr == ""
        for path in folder.glob("*.json"):  # a cache file there is whole: it reads back as the story
            assert cache.load([base_pack()], path.stem) is not None

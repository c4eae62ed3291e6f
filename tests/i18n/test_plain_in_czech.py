"""Plain mode in Czech (``spring68 --lang cs play --plain``): a whole game through a pipe, with no English left.

The story's words come from scenes/i18n/cs.po, plain mode's own from game/i18n/locale/cs.po; English
output is proved unchanged by the plain-mode tests, which run without --lang and pass as they were.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

ENGLISH = (
    "You chose",
    "What people really did",
    "What really happened",
    "Goodbye",
    "Your game is saved",
    "THE END",
    "Sources:",
    "what really happened",
    "Choose who you are",
    "Type a number",
    "You made",
    "Content note",
    "counterfactual",
)
"""Plain mode's own English phrases: none may be left in a Czech game."""

CZECH_MONTHS = "ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince"


def play(tmp_path, stdin: str, *args: str) -> str:
    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "game", "--lang", "cs", "play", "--plain", "--saves", str(tmp_path / "saves"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("role", ["advisor", "resistance"])
def test_a_role_played_to_an_ending_in_czech_shows_no_english(tmp_path, role):
    out = play(tmp_path, "1\n" * 80, "--role", role)
    assert "KONEC: " in out, out[-2000:]  # the game reached an ending
    found = [phrase for phrase in ENGLISH if phrase in out]
    assert found == [], found
    for czech in ("Tvoje volba: ", "Co se doopravdy stalo", "Prameny:", "Tvoje hra: ", "r: co se doopravdy stalo"):
        assert czech in out, czech
    assert re.search(rf"\d{{1,2}}\. ({CZECH_MONTHS}) 19\d\d · ", out)  # the scene's date, as Czech writes it


def test_quitting_in_czech_says_so_and_whether_the_game_is_saved(tmp_path):
    out = play(tmp_path, "?\n1\nq\n", "--role", "advisor")
    assert "Klávesy (napiš jednu a stiskni Enter):" in out
    assert out.rstrip().endswith("Na shledanou. Tvoje hra je uložená.")
    assert not [phrase for phrase in ENGLISH if phrase in out]


def test_choosing_a_role_in_czech(tmp_path):
    out = play(tmp_path, "x\nq\n")
    assert "Vyber si, kým budeš:" in out and "Napiš číslo od 1 do 2, nebo q pro konec." in out

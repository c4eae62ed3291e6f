"""The theme is remembered beside the save folder; NO_COLOR and TEXTUAL_ANIMATIONS=none are respected."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from game.tui.settings import FILE_NAME, Settings, settings_path
from tests.conftest import ROOT
from tests.tui.conftest import drive, press


def test_settings_live_beside_the_save_folder(saves):
    assert settings_path(saves.folder) == saves.folder.parent / FILE_NAME


def test_the_chosen_theme_is_remembered(make_app, saves):
    app = make_app()

    async def script(pilot):
        assert app.theme == "spring68"
        await press(pilot, "f3")
        assert app.theme == "spring68-high-contrast"

    drive(app, script)
    path = settings_path(saves.folder)
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "spring68-high-contrast"
    assert not list(path.parent.glob(".*.tmp"))  # written atomically, nothing left behind

    again = make_app()

    async def check(pilot):
        assert again.theme == "spring68-high-contrast"

    drive(again, check)


def test_any_theme_from_the_palette_is_remembered(make_app, saves):
    app = make_app()

    async def script(pilot):
        app.theme = "nord"
        await press(pilot, "f2")  # F2 cycles through the game's own themes
        assert app.theme == "spring68"

    drive(app, script)
    assert Settings.load(settings_path(saves.folder)).theme == "spring68"


def test_a_damaged_or_unknown_settings_file_gives_the_default(make_app, saves):
    path = settings_path(saves.folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{damaged", encoding="utf-8")
    assert Settings.load(path).theme is None
    path.write_text(json.dumps({"theme": "no-such-theme", "other": 1}), encoding="utf-8")
    app = make_app()

    async def script(pilot):
        assert app.theme == "spring68"

    drive(app, script)
    assert json.loads(path.read_text(encoding="utf-8"))["other"] == 1  # unknown keys are kept


def test_an_unwritable_settings_file_is_a_warning_not_a_crash(make_app, tmp_path):
    from game.engine.saves import SaveFolder

    blocker = tmp_path / "blocked"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    app = make_app(folder=SaveFolder(blocker / "saves" / "inner"))

    async def script(pilot):
        await press(pilot, "f3")
        assert app.theme == "spring68-high-contrast"
        assert any("not be remembered" in n.message for n in app._notifications)

    drive(app, script)


def test_high_contrast_themes_are_available(make_app):
    app = make_app()
    assert {"spring68-high-contrast", "spring68-high-contrast-light", "spring68-paper"} <= set(app.available_themes)


def _run(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TEXTUAL_ANIMATIONS")}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=environment, check=True, timeout=60
    )
    return result.stdout.strip().splitlines()[-1]


APP = (
    "from game.story.loader import load_story\nfrom game.engine.saves import SaveFolder\n"
    "from game.tui.app import Spring68App\nimport tempfile\n"
    "app = Spring68App(load_story(['tests/packs/mini']), SaveFolder(tempfile.mkdtemp()))\n"
)


def test_no_color_is_respected():
    assert (
        _run(APP + "print(app.no_color, [type(f).__name__ for f in app._filters])", NO_COLOR="1")
        == "True ['ANSIToTruecolor', 'Monochrome']"
    )
    assert _run(APP + "print(app.no_color)").startswith("False")


def test_textual_animations_none_is_respected():
    assert _run(APP + "print(app.animation_level)", TEXTUAL_ANIMATIONS="none") == "none"


def test_the_tui_data_and_settings_modules_do_not_import_textual():
    code = (
        "import sys\nimport game.tui, game.tui.settings, game.engine.journey, game.tools.transcript, "
        "game.tui.data.glossary_links, game.story.dates\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    assert _run(code) == "[]"


def test_a_remembered_light_theme_maps_ansi_colours_with_the_light_palette(tmp_path):
    """app.py calls Textual's private ``App._refresh_truecolor_filter``: this fails when that stops working.

    The remembered theme is put in place without Textual's theme watcher (so CSS is parsed once); the
    ANSI-to-truecolor line filter must still use the light theme's palette, or ANSI colours in a light
    theme are drawn with the dark one's. (``App._filters`` is read here for the same reason.)
    """
    from rich.segment import Segment
    from rich.style import Style
    from textual.color import Color
    from textual.filter import ANSIToTruecolor

    from game.engine.saves import SaveFolder
    from game.story.loader import load_story
    from game.tui.app import Spring68App
    from game.tui.settings import Settings
    from game.tui.themes import PAPER
    from tests.conftest import MINI

    settings = Settings(tmp_path / "settings.json", {"theme": PAPER})
    app = Spring68App(load_story([MINI]), SaveFolder(tmp_path / "saves"), settings=settings)
    assert app.theme == PAPER and not app.current_theme.dark
    (truecolor,) = [f for f in app._filters if isinstance(f, ANSIToTruecolor)]
    (drawn,) = truecolor.apply([Segment("x", Style(color="red"))], Color(255, 255, 255))
    assert drawn.style is not None and drawn.style.color is not None
    light_red = app.ansi_theme_light.ansi_colors[1]
    assert drawn.style.color.triplet == (light_red.red, light_red.green, light_red.blue)

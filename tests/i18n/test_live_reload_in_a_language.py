"""``--watch`` in a Czech session: the reloaded story is Czech again, and an edited string falls back to English.

A modder or translator edits a scene (or the catalogue) while playing in Czech. The reload must lay the
catalogue over the new English, not show the English story: every string still translated reads
Czech, the edited one reads its new English (its translation is now stale, and ``i18n check`` counts
it), never an id. A later F4 starts from the reloaded English, not the one the session began with.
"""

from __future__ import annotations

import shutil

import polib
import pytest

from game.cli import main
from game.engine.saves import SaveFolder
from game.i18n import interface
from game.i18n.catalogue import catalogue_path, template, write
from game.i18n.story_language import story_in
from game.i18n.story_strings import story_strings
from game.story.loader import load_story
from tests.conftest import MINI
from tests.tui.conftest import drive, settle
from tests.tui.test_tui_live_reload import edit, reload_now


@pytest.fixture
def czech_mini(tmp_path, monkeypatch):
    """A copy of the mini pack with a complete Czech catalogue (each string 'ČESKY ' + its English)."""
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SPRING68_SETTINGS", str(tmp_path / "settings.json"))
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    po = template(story_strings(load_story([root])), project="mini", lang="cs")
    for entry in po:
        entry.msgstr = "ČESKY " + entry.msgid
    write(po, catalogue_path(root, "cs"))
    yield root
    interface.set_language("en")


def watching(story, root, tmp_path):
    """The app at the mini pack's first scene, watching ``root`` for edits."""
    from game.tui.app import Spring68App

    return Spring68App(
        story, SaveFolder(tmp_path / "saves"), role="alpha", start="a_start", watch=[str(root)], cursor_blink=False
    )


def test_an_edit_in_a_czech_session_reloads_in_czech_with_the_edited_string_in_english(czech_mini, tmp_path, capsys):
    interface.set_language("cs")
    story, problems = story_in(load_story([czech_mini]), "cs")
    assert problems == [] and story.scenes["a_middle"].title == "ČESKY The middle"
    app = watching(story, czech_mini, tmp_path)

    async def script(pilot):
        app.choose("a_start.brave")
        await settle(pilot)
        before = app.state
        edit(czech_mini / "alpha" / "scenes.yaml", "The middle of things.", "The middle of things, rewritten.")
        await reload_now(pilot)
        assert app.story is not story and app.state.log == before.log
        middle = app.story.scenes["a_middle"]
        assert middle.title == "ČESKY The middle"  # still translated
        assert middle.text == "The middle of things, rewritten."  # the stale translation is not shown
        assert app.story.scenes["a_start"].title.startswith("ČESKY ")
        shown = app.screen.query_one("StoryView").source
        assert "The middle of things, rewritten." in shown and "scene:a_middle" not in shown
        assert app.language.english_story().scenes["a_middle"].text == "The middle of things, rewritten."

    drive(app, script)
    assert main(["i18n", "check", str(czech_mini), "--lang", "cs"]) == 1
    out = capsys.readouterr().out
    assert ": stale: scene:a_middle:text: " in out and "0 untranslated, 1 stale, 0 inconsistent" in out


def test_a_translator_s_edit_of_the_catalogue_reloads_too(czech_mini, tmp_path):
    interface.set_language("cs")
    story, _problems = story_in(load_story([czech_mini]), "cs")
    app = watching(story, czech_mini, tmp_path)

    async def script(pilot):
        path = catalogue_path(czech_mini, "cs")
        po = polib.pofile(str(path), wrapwidth=0)
        entry = next(entry for entry in po if entry.msgctxt == "scene:a_start:title")
        entry.msgstr = "Začátek"
        po.save(str(path))
        await reload_now(pilot)
        assert app.story.scenes["a_start"].title == "Začátek"

    drive(app, script)


def test_an_english_session_reloads_in_english(czech_mini, tmp_path):
    story = load_story([czech_mini])
    app = watching(story, czech_mini, tmp_path)

    async def script(pilot):
        edit(czech_mini / "alpha" / "scenes.yaml", "The middle of things.", "The middle, again.")
        await reload_now(pilot)
        assert app.story.scenes["a_middle"].text == "The middle, again."
        assert app.story.scenes["a_start"].title == story.scenes["a_start"].title

    drive(app, script)


def test_the_catalogue_watch_only_stats_a_bounded_number_of_regular_files(tmp_path):
    """Once a second: never reads a catalogue, never follows a link, never looks at more than MAX_CATALOGUES."""
    import os

    from game.tui.live_reload import MAX_CATALOGUES, catalogues_state

    folder = tmp_path / "pack" / "i18n"
    folder.mkdir(parents=True)
    for n in range(MAX_CATALOGUES + 6):
        (folder / f"x{n:03}.po").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere.po").write_text("secret", encoding="utf-8")
    (folder / "a-link.po").symlink_to(tmp_path / "elsewhere.po")
    os.mkfifo(folder / "a-fifo.po")
    (folder / "notes.txt").write_text("", encoding="utf-8")
    found = catalogues_state([str(tmp_path / "pack"), str(tmp_path / "no-such-pack")])
    names = [os.path.basename(path) for path, _size, _when in found]
    assert len(names) <= MAX_CATALOGUES and "a-link.po" not in names and "a-fifo.po" not in names
    assert all(name.startswith("x") and name.endswith(".po") for name in names)
    before = found
    (folder / "x000.po").write_text("msgid changed", encoding="utf-8")
    assert catalogues_state([str(tmp_path / "pack")]) != before  # an edit is seen

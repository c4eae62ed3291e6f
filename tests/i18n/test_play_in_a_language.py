"""Choosing the story's language: --lang, the environment, fallbacks, and the catalogue cache."""

from __future__ import annotations

import polib
import pytest

from game.i18n import story_language
from game.i18n.catalogue import catalogue_path, template, write
from game.i18n.story_language import languages_of, story_in
from game.i18n.story_strings import story_strings
from game.story.loader import load_story
from tests.conftest import write_pack


@pytest.fixture
def czech_pack(tmp_path):
    root = write_pack(tmp_path / "pack")
    story = load_story([root])
    po = template(story_strings(story), project="tiny", lang="cs")
    for entry in po:
        entry.msgstr = "ČESKY " + entry.msgid
    write(po, catalogue_path(root, "cs"))
    return root


def test_the_story_in_a_language_it_has_and_english_otherwise(czech_pack, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    story = load_story([czech_pack])
    assert languages_of(story) == ["cs", "en"]
    czech, problems = story_in(story, "cs")
    assert problems == [] and all(scene.title.startswith("ČESKY ") for scene in czech.scenes.values())
    assert story_in(story, "en")[0] is story
    assert story_in(story, "de")[0].scenes == story.scenes  # no catalogue: as written


def test_a_stale_translation_is_not_shown_and_a_changed_catalogue_is_read_again(czech_pack, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    story = load_story([czech_pack])
    first_scene = next(iter(story.scenes.values()))
    story_in(story, "cs")  # fills the cache
    path = catalogue_path(czech_pack, "cs")
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == f"scene:{first_scene.id}:title":
            entry.msgid = "Some older English"
    po.save(str(path))
    czech, _ = story_in(story, "cs")
    assert czech.scenes[first_scene.id].title == first_scene.title  # stale → English
    assert len(list((tmp_path / "cache").glob("po-*.json"))) == 2  # the changed file was read afresh


def test_a_damaged_catalogue_leaves_the_story_in_english_and_says_so(czech_pack, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    catalogue_path(czech_pack, "cs").write_bytes(b'msgid "unterminated\n\xff\xfe')
    story = load_story([czech_pack])
    czech, problems = story_in(story, "cs")
    assert czech.scenes == story.scenes
    assert len(problems) == 1 and "cs.po" in problems[0]


def test_play_in_czech_from_the_option_or_the_environment(czech_pack, run_cli, cli_env):
    role_line = "ČESKY First"  # the first scene's title
    asked = run_cli("--pack", str(czech_pack), "--lang", "cs", "play", "--plain", input="1\nq\n")
    assert asked.returncode == 0, asked.stderr
    assert role_line in asked.stdout
    from_env = run_cli(
        "--pack", str(czech_pack), "play", "--plain", input="1\nq\n", env={**cli_env, "LANG": "cs_CZ.UTF-8"}
    )
    assert role_line in from_env.stdout
    english = run_cli("--pack", str(czech_pack), "play", "--plain", input="1\nq\n", env={**cli_env, "LANG": "C.UTF-8"})
    assert role_line not in english.stdout and "First" in english.stdout
    unknown = run_cli("--pack", str(czech_pack), "--lang", "xx", "play", "--plain", input="")
    assert unknown.returncode == 2 and "no 'xx' translation; languages: cs, en" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_the_cache_is_only_a_cache(czech_pack, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    story = load_story([czech_pack])
    expected = story_in(story, "cs")[0].scenes
    for cached in (tmp_path / "cache").glob("po-*.json"):
        cached.write_text('{"not": "a pair"}', encoding="utf-8")
    assert story_in(story, "cs")[0].scenes == expected
    monkeypatch.setattr(story_language, "cache_dir", lambda: None)
    assert story_in(story, "cs")[0].scenes == expected

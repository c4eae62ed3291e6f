"""The Czech catalogue (scenes/i18n/cs.po): both roles' scenes are translated whole, current and faithful.

The reference texts may still be untranslated (they fall back to English), but nothing in the
catalogue may be stale, inconsistent with its English or about a string the story no longer has,
and every string of each role must be there: a regression in the catalogue fails here.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from game.engine import rules
from game.i18n.catalogue import catalogue_path, read
from game.i18n.checking import CheckReport, check
from game.i18n.overlay import translated
from game.i18n.story_strings import StoryString, story_strings
from game.story.loader import load_story
from game.story.model import Story

BASE = Path(__file__).resolve().parents[2] / "scenes"
CATALOGUE = catalogue_path(BASE, "cs")
ROLES = ("advisor", "resistance")
MAX_STEPS = 60  # the longest playthrough is well under this; a walk that loops fails instead


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story([BASE])


@pytest.fixture(scope="module")
def report(story: Story) -> CheckReport:
    return check(story_strings(story), CATALOGUE, "cs")


@pytest.fixture(scope="module")
def czech(story: Story) -> Story:
    return translated(story, {string_id: done.text for string_id, done in read(CATALOGUE).items()})


def _role_strings(story: Story, role: str) -> list[StoryString]:
    """The strings of a role: its scenes, its title and summary, its bars, and the pack's own."""
    scene_keys = {f"scene:{scene.id}:" for scene in story.scenes.values() if scene.role == role}
    choice_keys = {
        f"choice:{choice.id}:" for scene in story.scenes.values() if scene.role == role for choice in scene.choices
    }
    bar_keys = {f"variable:{variable.name}:" for variable in story.variables_for(role)}
    keys = tuple(scene_keys | choice_keys | bar_keys | {f"role:{role}:", "pack:base:"})
    return [found for found in story_strings(story) if found.id.startswith(keys)]


def test_the_catalogue_parses_as_gettext_with_an_id_on_every_entry() -> None:
    catalogue = polib.pofile(str(CATALOGUE), wrapwidth=0)
    assert catalogue.metadata.get("Language") == "cs"
    assert all(entry.msgctxt for entry in catalogue)
    assert read(CATALOGUE), "the catalogue has no translated entry"


def test_nothing_in_the_catalogue_is_stale_inconsistent_or_unknown(report: CheckReport) -> None:
    wrong = [str(problem) for problem in report.problems if problem.kind != "untranslated"]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_every_string_of_each_role_is_translated(story: Story, report: CheckReport, role: str) -> None:
    strings = _role_strings(story, role)
    scenes = [scene for scene in story.scenes.values() if scene.role == role]
    ids = {found.id for found in strings}
    # the selection is the whole role, not an empty set that passes by itself
    assert len(scenes) >= 30
    assert all(f"scene:{scene.id}:title" in ids and f"scene:{scene.id}:history" in ids for scene in scenes)
    assert any(":text:if:" in string_id for string_id in ids) and any(":ending:" in string_id for string_id in ids)
    untranslated = sorted(ids & {problem.id for problem in report.problems if problem.kind == "untranslated"})
    assert not untranslated, f"{len(untranslated)} {role} strings untranslated: {untranslated[:10]}"


@pytest.mark.parametrize("role", ROLES)
def test_each_scene_reads_in_czech_through_the_overlay(story: Story, czech: Story, role: str) -> None:
    """The ids the catalogue uses are the ones the overlay reads: no passage, label or ending stays English."""
    for scene in story.scenes.values():
        if scene.role != role:
            continue
        shown = czech.scenes[scene.id]
        assert shown.title != scene.title and shown.history.text != scene.history.text, scene.id
        for english, cs in zip(scene.passages, shown.passages, strict=True):
            assert cs.text != english.text and cs.condition == english.condition, (scene.id, english.text[:40])
        assert [c.label for c in shown.choices] != [c.label for c in scene.choices] or not scene.choices
        for english_choice, cs_choice in zip(scene.choices, shown.choices, strict=True):
            assert cs_choice.label != english_choice.label and cs_choice.record != english_choice.record
        if scene.ending is not None:
            assert shown.ending is not None and shown.ending.epilogue != scene.ending.epilogue, scene.id


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("pick", [0, -1], ids=["first-choice", "last-choice"])
def test_a_playthrough_shows_czech_from_start_to_end(story: Story, czech: Story, pick: int, role: str) -> None:
    """Play a role in Czech, always taking the same option; every screen's text is the Czech, never English."""
    state = rules.new_game(czech, role, game="czech-walk")
    for _ in range(MAX_STEPS):
        scene = rules.current_scene(czech, state)
        text = rules.scene_text(scene, state)
        english = rules.scene_text(rules.current_scene(story, state), state)
        assert text.strip() and text != english, scene.id
        assert not any(
            passage.text.strip() in text for passage in story.scenes[scene.id].passages if len(passage.text) > 40
        ), scene.id
        if rules.is_over(czech, state):
            break
        state = rules.choose(czech, state, rules.available_choices(czech, state)[pick].id)
    else:
        pytest.fail(f"no ending within {MAX_STEPS} scenes")
    assert rules.current_scene(czech, state).ending is not None

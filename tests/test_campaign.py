"""The base campaign meets its brief: two full roles, anchored, sourced, playable to every ending."""

from __future__ import annotations

import re

import pytest

from game.engine import available_choices, choose, new_game
from game.story.loader import load_story
from game.tools.check import run_check
from game.tools.explore import explore
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_check_passes_with_no_error_and_no_warning():
    report = run_check()
    assert [p.format() for p in report.problems] == []
    assert report.summary().startswith("check base:")


@pytest.mark.parametrize(
    "role, first, last",
    [
        ("advisor", "1968-01-05", "1969-04-17"),
        ("resistance", "1968-08-21", "1969-08-19"),
    ],
)
def test_each_role_is_a_full_campaign(story, role, first, last):
    scenes = story.scenes_for(role)
    playing = [s for s in scenes if not s.is_ending]
    endings = story.endings_for(role)
    assert len(playing) >= 20
    assert len(endings) >= 4
    assert any(e.ending.counterfactual and e.ending.instead for e in endings)
    assert min(s.date for s in scenes).isoformat() <= first
    assert max(s.date for s in playing).isoformat() >= last
    shown = [v for v in story.variables_for(role) if v.shown and v.type == "number"]
    assert 3 <= len(shown) <= 5


def test_every_scene_is_dated_placed_written_and_sourced(story):
    for scene in story.scenes.values():
        words = len(scene.text.split())
        assert 120 <= words <= 350, f"{scene.id}: {words} words"
        assert scene.place.strip() and scene.date.year in (1968, 1969, 1970, 1977)
        assert scene.history.sources and len(scene.history.text.split()) >= 40, scene.id
        for choice in scene.choices:
            assert choice.record.strip(), f"{choice.id} has no record note"


def test_discussion_prompts_are_plentiful(story):
    prompts = [p for s in story.scenes.values() for p in s.discuss]
    assert len(prompts) >= 40
    with_prompts = sum(1 for s in story.scenes.values() if s.discuss)
    assert with_prompts >= len(story.scenes) // 2


def test_reference_files(story):
    assert len(story.sources) >= 12
    assert len(story.timeline) >= 50
    years = {e.start.year for e in story.timeline.values()}
    assert min(years) == 1967 and max(years) == 1991
    assert len(story.glossary) >= 40
    kinds = {g.kind for g in story.glossary.values()}
    assert kinds == {"person", "place", "organisation", "term"}


def test_content_note_comes_first(story):
    note = story.pack.content_note
    assert "invasion" in note and "Palach" in note


def test_names_keep_their_diacritics():
    ascii_forms = re.compile(r"\b(Dubcek|Cernik|Smrkovsky|Husak|Cierna|Vysocany|Bilak|Vaclavske|Vinohradska)\b")
    for path in (ROOT / "scenes").rglob("*.yaml"):
        # aliases may list the plain-ASCII spelling so that links also match it; what is shown keeps the diacritics
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "aliases:" not in line]
        found = ascii_forms.search("\n".join(lines))
        assert not found, f"{path}: {found.group(0) if found else ''}"


def test_the_seed_articles_errors_are_not_repeated():
    errors = [
        (
            re.compile(r"(750,000|three.quarters of a million) (foreign |Warsaw Pact )?(troops|soldiers)", re.I),
            "no solid source gives 750,000 troops",
        ),
        (
            re.compile(r"government,? (was )?(headed|led) by (Alexander )?Dubček", re.I),
            "Dubček led the party, not the government",
        ),
        (re.compile(r"riots? (was|were) (viciously )?crushed", re.I), "1968 resistance was non-violent"),
        (re.compile(r"complete and utter support of Moscow", re.I), "Moscow accepted Dubček; it did not choose him"),
    ]
    for path in (ROOT / "scenes").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for pattern, why in errors:
            assert not pattern.search(text), f"{path}: {why}"


def test_palach_and_zajic_are_never_a_players_option(story):
    act = re.compile(r"immolat|set (yourself|himself) (on fire|alight)|burn (yourself|himself)|petrol", re.I)
    for scene in story.scenes.values():
        for choice in scene.choices:
            assert not act.search(choice.label), choice.id


def _plays(story, role):
    """For every ending of the role: the keys a player types to reach it by a shortest path."""
    report = explore(story, [role]).roles[0]
    assert set(report.endings) == {s.id for s in story.endings_for(role)}
    for ending, path in sorted(report.endings.items()):
        state = new_game(story, role)
        keys = []
        for choice_id in path:
            options = [c.id for c in available_choices(story, state)]
            keys.append(str(options.index(choice_id) + 1))
            state = choose(story, state, choice_id)
        assert state.scene == ending
        yield ending, story.scenes[ending].ending.title, keys


@pytest.mark.parametrize("role", ["advisor", "resistance"])
def test_plain_mode_reaches_every_ending_by_a_shortest_path(story, run_cli, role):
    for ending, title, keys in _plays(story, role):
        result = run_cli("play", "--plain", "--role", role, input="\n".join(keys) + "\n")
        assert result.returncode == 0, result.stderr
        assert f"THE END: {title}" in result.stdout, (ending, keys)
        assert "Traceback" not in result.stderr
        if story.scenes[ending].ending.counterfactual:
            assert "(This ending is counterfactual: it did not happen.)" in result.stdout
            assert "What really happened instead:" in result.stdout

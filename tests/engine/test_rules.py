"""The rules: choices, effects, bounds, undo, replay, interpolation, state round trips."""

from __future__ import annotations

import json

import pytest

from game.engine import (
    GameState,
    RuleError,
    StateError,
    available_choices,
    choose,
    interpolate,
    is_over,
    new_game,
    replay,
    undo,
)
from game.story.loader import load_story
from tests.conftest import MINI


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


def ids(story, state):
    return [c.id for c in available_choices(story, state)]


def test_new_game_uses_the_role_start_and_only_its_variables(story):
    state = new_game(story, "alpha")
    assert state.scene == "a_start" and state.path == ("a_start",) and state.log == ()
    assert dict(state.variables) == {"courage": 2, "fear": 4, "signed": False}
    beta = new_game(story, "beta")
    assert dict(beta.variables) == {"fear": 4}


def test_conditions_decide_what_is_offered(story):
    state = new_game(story, "alpha")
    assert ids(story, state) == ["a_start.brave", "a_start.quiet"]
    low_fear = new_game(story, "alpha", overrides={"fear": 1})
    assert ids(story, low_fear) == ["a_start.brave"]


def test_effects_apply_together_and_are_clamped(story):
    state = choose(story, new_game(story, "alpha"), "quiet")  # fear +5 from 4, max 5
    assert state.variables["fear"] == 5
    state = choose(story, new_game(story, "alpha"), "a_start.brave")
    assert (state.variables["courage"], state.variables["fear"]) == (4, 3)
    assert state.log == ("a_start.brave",) and state.path == ("a_start", "a_middle")


def test_set_assigns_flags_and_chose_sees_the_log(story):
    state = choose(story, new_game(story, "alpha"), "brave")
    state = choose(story, state, "a_end_good")
    assert state.variables["signed"] is True and is_over(story, state)
    quiet = choose(story, new_game(story, "alpha"), "quiet")
    assert "a_middle.dream" in ids(story, quiet)
    brave = choose(story, new_game(story, "alpha"), "brave")
    assert "a_middle.dream" not in ids(story, brave)


def test_states_are_never_changed_in_place(story):
    start = new_game(story, "alpha")
    before = start.to_dict()
    choose(story, start, "brave")
    assert start.to_dict() == before
    with pytest.raises(AttributeError):
        start.scene = "x"  # type: ignore[misc]


def test_unavailable_and_unknown_choices_are_refused(story):
    state = new_game(story, "alpha", overrides={"fear": 0})
    with pytest.raises(RuleError, match="not available"):
        choose(story, state, "quiet")
    with pytest.raises(RuleError, match="no choice 'fly'"):
        choose(story, state, "fly")


def test_undo_returns_the_exact_previous_state(story):
    first = new_game(story, "alpha", overrides={"courage": 1})
    second = choose(story, first, "brave")
    third = choose(story, second, "a_end_bad")
    assert undo(story, third) == second
    assert undo(story, undo(story, third)) == first
    with pytest.raises(RuleError, match="nothing to undo"):
        undo(story, first)


def test_replay_stops_at_the_last_valid_point(story):
    result = replay(story, "alpha", ["a_start.brave", "a_middle.gone", "x.y"])
    assert result.applied == 1 and result.state.scene == "a_middle"
    assert "no choice 'gone'" in result.stopped


def test_start_anywhere_with_values(story):
    state = new_game(story, "alpha", start="a_middle", overrides={"courage": 5, "signed": True})
    assert state.scene == "a_middle" and state.variables["courage"] == 5
    with pytest.raises(RuleError, match="from 0 to 5"):
        new_game(story, "alpha", overrides={"courage": 9})
    with pytest.raises(RuleError, match="belongs to role 'beta'"):
        new_game(story, "alpha", start="b_start")
    with pytest.raises(RuleError, match="no variable 'trust'"):
        new_game(story, "alpha", overrides={"trust": 1})


def test_interpolation(story):
    state = choose(story, choose(story, new_game(story, "alpha"), "brave"), "a_end_good")
    assert (
        interpolate("Courage {courage}, signed {signed}, {{braces}}, {unknown}", state)
        == "Courage 4, signed yes, {braces}, {unknown}"
    )


def test_state_round_trips_through_json(story):
    state = choose(story, new_game(story, "alpha"), "brave")
    again = GameState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state and again.visited == {"a_start", "a_middle"}


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {"role": "alpha"},
        {"role": 1, "scene": "a", "variables": {}, "path": [], "log": [], "origin": {}},
        {"role": "a", "scene": "a", "variables": {"x": "high"}, "path": [], "log": [], "origin": {}},
        {"role": "a", "scene": "a", "variables": {}, "path": "abc", "log": [], "origin": {}},
        {"role": "a", "scene": "a", "variables": {}, "path": [], "log": [1], "origin": {}},
        {"role": "a", "scene": "a", "variables": {}, "path": [], "log": [], "origin": []},
    ],
)
def test_malformed_states_are_refused(data):
    with pytest.raises(StateError):
        GameState.from_dict(data)


def test_scene_text_fills_in_values_as_the_player_reads_them(story):
    from game.engine import rules

    state = new_game(story, "alpha")
    scene = story.scenes["a_start"]
    assert rules.scene_text(scene, state) == interpolate(scene.text, state)


def test_bar_changes_names_only_the_shown_numbers_that_moved(story):
    from game.engine import rules

    before = new_game(story, "alpha")
    after = choose(story, before, "a_start.brave")
    assert rules.bar_changes(story, before, after) == {"courage": 2, "fear": -1}
    # fear starts at 4 of 5: +5 is clamped, so it moved by one
    clamped = choose(story, before, "a_start.quiet")
    assert rules.bar_changes(story, before, clamped) == {"fear": 1}
    assert rules.bar_changes(story, None, after) == {}
    assert rules.bar_changes(story, after, after) == {}


def test_ending_ahead_marks_only_options_that_end_in_an_imagined_ending(story):
    from game.engine import rules

    middle = story.scenes["a_middle"]
    ahead = {choice.local_id: rules.ending_ahead(story, choice) for choice in middle.choices}
    assert ahead["dream"] is not None and ahead["dream"].id == "a_end_what_if"
    assert all(scene is None for local, scene in ahead.items() if local != "dream")
    assert all(rules.ending_ahead(story, choice) is None for choice in story.scenes["a_start"].choices)

"""``{name}`` means one thing to the loader and to the rules: what check accepts, the player sees filled in."""

from __future__ import annotations

import pytest

from game.engine import rules
from game.engine.state import GameState
from game.story.loader import load_with_problems
from tests.conftest import SCENES_YAML

STATE = GameState("hero", "s1", {"nerve": 2, "brave": False})


def interpolation_errors(pack, text: str) -> list[str]:
    quoted = text.replace("'", "''")
    story, problems = load_with_problems(
        [pack({"hero/scenes.yaml": SCENES_YAML.replace("Nerve {nerve}.", f"'{quoted}'")})]
    )
    return [p.message for p in problems if p.code == "interpolation"]


@pytest.mark.parametrize("text", ["Courage { nerve }.", "Courage {nerve }.", "Courage {\tnerve}.", "{}", "{two words}"])
def test_a_place_that_names_no_variable_is_an_error(pack, text):
    errors = interpolation_errors(pack, text)
    assert len(errors) == 1 and "is not a place for a value" in errors[0], errors
    inner = text.split("{", 1)[1].split("}", 1)[0]
    assert repr("{" + inner + "}")[1:-1] in errors[0]  # quoted as written, a tab shown as \t


def test_the_hint_shows_the_place_without_spaces(pack):
    _story, problems = load_with_problems(
        [pack({"hero/scenes.yaml": SCENES_YAML.replace("Nerve {nerve}.", "Nerve { nerve }.")})]
    )
    (problem,) = [p for p in problems if p.code == "interpolation"]
    assert "write {nerve}" in problem.hint


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Nerve {nerve}.", "Nerve 2."),
        ("{{nerve}} is {nerve}", "{nerve} is 2"),
        ("{{{nerve}}}", "{2}"),
        ("brave: {brave}", "brave: no"),
        ("a lone { brace", "a lone { brace"),
        ("a lone } brace", "a lone } brace"),
    ],
)
def test_what_the_loader_accepts_the_rules_fill_in(pack, text, shown):
    assert interpolation_errors(pack, text) == []
    assert rules.interpolate(text, STATE) == shown

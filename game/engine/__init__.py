"""Playing a story: the state and the rules. Never imports a user interface."""

from game.engine.rules import (
    Replay,
    RuleError,
    available_choices,
    choose,
    current_scene,
    interpolate,
    is_over,
    new_game,
    refit,
    replay,
    undo,
)
from game.engine.state import GameState, StateError

__all__ = [
    "GameState",
    "Replay",
    "RuleError",
    "StateError",
    "available_choices",
    "choose",
    "current_scene",
    "interpolate",
    "is_over",
    "new_game",
    "refit",
    "replay",
    "undo",
]

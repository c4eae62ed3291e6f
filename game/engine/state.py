"""The game state: plain data that can be written to JSON and read back.

A state is never changed in place; the rules return a new one. It holds ids
only (role, scene, choices), never positions or copies of the story, so a
save still makes sense after the scenes have been edited.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

STATE_FIELDS = ("role", "scene", "variables", "path", "log", "origin")
GAME_ID_CHARS = 64
"""At most this many characters in a game id; the game makes 16 (8 random bytes in hex)."""
_GAME_ID = re.compile(f"[0-9A-Za-z_-]{{0,{GAME_ID_CHARS}}}")


def new_game_id() -> str:
    """A random id naming one playthrough, so two front ends on one save folder can tell their games apart.

    ``os.urandom``, not ``secrets``: that module imports hashlib, and the first frame should not wait for it.
    """
    return os.urandom(8).hex()


class StateError(ValueError):
    """A state (usually read from a save) that does not have the right shape."""


class GameState:
    """Where a game stands. Read-only: the rules make new states.

    ``path`` lists every scene entered, the current one last; ``log`` the
    stable ids (``scene.choice``) of the choices made; ``origin`` where the
    game began (``scene``) and the values set at the start (``set``), so undo
    can replay exactly, and which playthrough this is (``game``, a random id
    that undo, replay and saves keep; empty in saves made before ids). The id
    is not part of equality: two games in the same position are equal. A
    plain class with slots, not a dataclass: the explorer makes hundreds of
    thousands of these.
    """

    __slots__ = ("role", "scene", "variables", "path", "log", "origin", "_visited", "_chosen")

    role: str
    scene: str
    variables: Mapping[str, int | bool]
    path: tuple[str, ...]
    log: tuple[str, ...]
    origin: Mapping[str, Any]
    _visited: frozenset[str] | None
    _chosen: frozenset[str] | None

    def __init__(
        self,
        role: str,
        scene: str,
        variables: Mapping[str, int | bool],
        path: tuple[str, ...] = (),
        log: tuple[str, ...] = (),
        origin: Mapping[str, Any] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "role", role)
        set_(self, "scene", scene)
        set_(self, "variables", variables)
        set_(self, "path", tuple(path))
        set_(self, "log", tuple(log))
        set_(self, "origin", origin if origin is not None else {})
        set_(self, "_visited", None)
        set_(self, "_chosen", None)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a GameState is read-only; the rules return a new one")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GameState):
            return NotImplemented
        return (self.role, self.scene, dict(self.variables), self.path, self.log) == (
            other.role,
            other.scene,
            dict(other.variables),
            other.path,
            other.log,
        )

    def __hash__(self) -> int:
        return hash((self.role, self.scene, tuple(sorted(self.variables.items())), self.path, self.log))

    def __repr__(self) -> str:
        return (
            f"GameState(role={self.role!r}, scene={self.scene!r}, variables={dict(self.variables)!r}, "
            f"log={list(self.log)!r})"
        )

    @property
    def visited(self) -> frozenset[str]:
        """Scenes entered so far (for ``visited(...)``)."""
        visited = self._visited
        if visited is None:
            visited = frozenset(self.path)
            object.__setattr__(self, "_visited", visited)
        return visited

    @property
    def chosen(self) -> frozenset[str]:
        """Choices made so far (for ``chose(...)``)."""
        chosen = self._chosen
        if chosen is None:
            chosen = frozenset(self.log)
            object.__setattr__(self, "_chosen", chosen)
        return chosen

    @property
    def game(self) -> str:
        """The id of this playthrough (``""`` for a game saved before games had ids)."""
        return str(self.origin.get("game", ""))

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "scene": self.scene,
            "variables": dict(self.variables),
            "path": list(self.path),
            "log": list(self.log),
            "origin": {
                "scene": self.origin.get("scene", ""),
                "set": dict(self.origin.get("set", {})),
                "game": self.game,
            },
        }

    @classmethod
    def from_dict(cls, data: object) -> GameState:
        """Rebuild a state, refusing anything that is not exactly the shape ``to_dict`` writes."""
        if not isinstance(data, dict):
            raise StateError("the state is not a JSON object")
        missing = [name for name in STATE_FIELDS if name not in data]
        if missing:
            raise StateError(f"the state lacks {', '.join(missing)}")
        role, scene = data["role"], data["scene"]
        if not isinstance(role, str) or not isinstance(scene, str):
            raise StateError("role and scene must be text")
        variables = data["variables"]
        if not isinstance(variables, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, bool)) for k, v in variables.items()
        ):
            raise StateError("variables must map names to numbers or true/false")
        path, log = data["path"], data["log"]
        for name, value in (("path", path), ("log", log)):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise StateError(f"{name} must be a list of ids")
        origin = data["origin"]
        if (
            not isinstance(origin, dict)
            or not isinstance(origin.get("scene", ""), str)
            or not isinstance(origin.get("set", {}), dict)
        ):
            raise StateError("origin must say where the game began")
        game = origin.get("game", "")
        if not isinstance(game, str) or not _GAME_ID.fullmatch(game):
            raise StateError(f"the game id must be up to {GAME_ID_CHARS} letters, digits, '-' or '_'")
        return cls(
            role,
            scene,
            dict(variables),
            tuple(path),
            tuple(log),
            {"scene": origin.get("scene", ""), "set": dict(origin.get("set", {})), "game": game},
        )

"""The game state: plain data that can be written to JSON and read back.

A state is never changed in place; the rules return a new one. It holds ids
only (role, scene, choices), never positions or copies of the story, so a
save still makes sense after the scenes have been edited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

STATE_FIELDS = ("role", "scene", "variables", "path", "log", "origin")


class StateError(ValueError):
    """A state (usually read from a save) that does not have the right shape."""


class GameState:
    """Where a game stands. Read-only: the rules make new states.

    ``path`` lists every scene entered, the current one last; ``log`` the
    stable ids (``scene.choice``) of the choices made; ``origin`` where the
    game began (``scene``) and the values set at the start (``set``), so undo
    can replay exactly. A plain class with slots, not a dataclass: the
    explorer makes hundreds of thousands of these.
    """

    __slots__ = ("role", "scene", "variables", "path", "log", "origin", "_visited", "_chosen")

    role: str
    scene: str
    variables: Mapping[str, int | bool]
    path: tuple[str, ...]
    log: tuple[str, ...]
    origin: Mapping[str, Any]

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
        return f"GameState(role={self.role!r}, scene={self.scene!r}, variables={dict(self.variables)!r}, log={list(self.log)!r})"

    @property
    def visited(self) -> frozenset[str]:
        """Scenes entered so far (for ``visited(...)``)."""
        if self._visited is None:
            object.__setattr__(self, "_visited", frozenset(self.path))
        return self._visited  # type: ignore[return-value]

    @property
    def chosen(self) -> frozenset[str]:
        """Choices made so far (for ``chose(...)``)."""
        if self._chosen is None:
            object.__setattr__(self, "_chosen", frozenset(self.log))
        return self._chosen  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "scene": self.scene,
            "variables": dict(self.variables),
            "path": list(self.path),
            "log": list(self.log),
            "origin": {"scene": self.origin.get("scene", ""), "set": dict(self.origin.get("set", {}))},
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
        return cls(
            role,
            scene,
            dict(variables),
            tuple(path),
            tuple(log),
            {"scene": origin.get("scene", ""), "set": dict(origin.get("set", {}))},
        )

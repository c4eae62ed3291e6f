"""Scene packs: the data model, safe YAML reading, validation and the expression language.

This layer knows nothing of game state or screens; it turns files into a
frozen :class:`~game.story.model.Story` or a list of located problems.
Names are imported lazily so that importing a light module (the model, the
cache) does not pull in the YAML parser.
"""

from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Loc": "game.story.errors",
    "PackError": "game.story.errors",
    "Problem": "game.story.errors",
    "load_story": "game.story.loader",
    "load_with_problems": "game.story.loader",
    "Choice": "game.story.model",
    "Scene": "game.story.model",
    "Story": "game.story.model",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'game.story' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)

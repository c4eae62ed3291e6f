"""What a scene reads of the game state: the one list the explorer and the impact report rely on.

A variable, a visit or a choice that nothing reads from a scene on cannot change what happens
or what the player reads, so tools that compare game states (the exhaustive explorer's
de-duplication, ``explore --impact``) ask this module what each scene reads instead of walking
expressions themselves: choice conditions, the values of effects (``do: {trust: support - 1}``
reads ``support``), the conditions of passages, and the ``{name}`` places of the text and epilogue.
"""

from __future__ import annotations

from typing import NamedTuple

from game.story import placeholders
from game.story.expressions import CompiledExpr, names, references
from game.story.model import Scene


class Reads(NamedTuple):
    """The names a scene reads, by kind."""

    variables: frozenset[str]
    """Variables read by a condition (of a choice or a passage) or by an effect's value."""
    visited: frozenset[str]
    """Scene ids in ``visited(...)``."""
    chose: frozenset[str]
    """Choice ids in ``chose(...)``."""
    placed: frozenset[str]
    """Variables whose values the text or the epilogue shows through ``{name}``."""


def expression_reads(expr: CompiledExpr) -> tuple[set[str], set[str], set[str]]:
    """The variables, visited scenes and chosen choices one expression reads."""
    visited: set[str] = set()
    chose: set[str] = set()
    for function, ident, _offset in references(expr.tree):
        (visited if function == "visited" else chose).add(ident)
    return names(expr.tree), visited, chose


def scene_expressions(scene: Scene) -> list[CompiledExpr]:
    """Every expression of a scene: its choices' conditions and effect values, its passages' conditions."""
    found: list[CompiledExpr] = []
    for choice in scene.choices:
        if choice.condition is not None:
            found.append(choice.condition)
        found.extend(effect.value for effect in choice.effects)
    found.extend(passage.condition for passage in scene.passages if passage.condition is not None)
    return found


def names_read(scene: Scene) -> Reads:
    """Everything ``scene`` reads of the state when it is shown and when a choice is made in it."""
    variables: set[str] = set()
    visited: set[str] = set()
    chose: set[str] = set()
    for expr in scene_expressions(scene):
        more_variables, more_visited, more_chose = expression_reads(expr)
        variables |= more_variables
        visited |= more_visited
        chose |= more_chose
    texts = [scene.text] + ([scene.ending.epilogue] if scene.ending else [])
    placed = {place.name for text in texts for place in placeholders.places(text) if place.name is not None}
    return Reads(frozenset(variables), frozenset(visited), frozenset(chose), frozenset(placed))

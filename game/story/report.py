"""What one load reports: its problems, in the order found, and its budget of "did you mean" hints."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from game.story.errors import Loc, Problem
from game.story.suggestions import Suggestions


@dataclass
class Report:
    """The problems of one load (shared with the :class:`~game.story.reading.Reader`) and its hints."""

    problems: list[Problem]
    suggestions: Suggestions = field(default_factory=Suggestions)
    stacking_failed: bool = False
    """The packs are not stacked as they must be (a mod without its base, packs in the wrong order):
    every later finding would follow from that one, so the build stops after reporting it."""
    rejected_scenes: set[str] = field(default_factory=set)
    """Scene ids that were written but refused (no role): a goto to one is not "no such scene" again."""

    def error(self, loc: Loc, message: str, hint: str = "", code: str = "reference") -> None:
        self.problems.append(Problem(loc, message, hint, code=code))

    def did_you_mean(self, name: str, known: Iterable[str], otherwise: str) -> str:
        return self.suggestions.did_you_mean(name, known, otherwise)

"""What one load reports: its problems, in the order found, and its budget of "did you mean" hints."""

from __future__ import annotations

from collections.abc import Iterable

from game.story.errors import Loc, Problem
from game.story.suggestions import Suggestions


class Report:
    """The problems of one load (shared with the :class:`~game.story.reading.Reader`) and its hints.

    A plain class, not a dataclass: importing ``dataclasses`` costs more than the load path may take.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        self.suggestions = Suggestions()
        self.stacking_failed = False
        """The packs are not stacked as they must be (a mod without its base, packs in the wrong order):
        every later finding would follow from that one, so the build stops after reporting it."""
        self.rejected_scenes: set[str] = set()
        """Scene ids that were written but refused (no role): a goto to one is not "no such scene" again."""

    def error(self, loc: Loc, message: str, hint: str = "", code: str = "reference") -> None:
        self.problems.append(Problem(loc, message, hint, code=code))

    def did_you_mean(self, name: str, known: Iterable[str], otherwise: str) -> str:
        return self.suggestions.did_you_mean(name, known, otherwise)

"""Problems found in a pack are values with a location, never tracebacks.

Every layer reports through :class:`Problem` so the command line, the TUI and
the tests format and count them the same way. Named tuples, not dataclasses:
these are imported on the start-up path, where every millisecond shows.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Loc(NamedTuple):
    """A place in a file; line and column count from 1 as editors do."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col or 1}"
        return self.file


class Problem(NamedTuple):
    """One finding: where, how bad, what is wrong, and what to do about it."""

    loc: Loc
    message: str
    hint: str = ""
    severity: Severity = "error"
    code: str = ""

    def format(self) -> str:
        text = f"{self.loc}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class PackError(Exception):
    """Raised when a pack cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        first = errors[0].format() if errors else "no problems"
        super().__init__(f"{len(errors)} error(s); first: {first}")

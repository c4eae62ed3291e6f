"""Problems found in a pack are values with a location, never tracebacks.

Every layer reports through :class:`Problem` so the command line, the TUI and
the tests format and count them the same way. Named tuples, not dataclasses:
these are imported on the start-up path, where every millisecond shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
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


_COL_BITS = 23
"""Bits of a column in a :func:`packed_place` (a 4 MiB file has fewer lines and columns than 2**23)."""
_COL_MASK = (1 << _COL_BITS) - 1
_PLACE_BITS = 2 * _COL_BITS
_PLACE_MASK = (1 << _PLACE_BITS) - 1


def packed_place(line: int, col: int) -> int:
    """A line and column as one int: a loaded record keeps this, not a :class:`Loc` (about 90 bytes each)."""
    return line << _COL_BITS | col


def loc_at(file: str, place: int) -> Loc:
    """The :class:`Loc` of a :func:`packed_place` in ``file``."""
    return Loc(file, place >> _COL_BITS, place & _COL_MASK)


def places(*each: int) -> int:
    """Several :func:`packed_place` values as one int (one int of 40 bytes for two, where two ints take 64)."""
    packed = 0
    for index, place in enumerate(each):
        packed |= place << (index * _PLACE_BITS)
    return packed


def nth_place(packed: int, index: int) -> int:
    """The ``index``-th place of :func:`places`."""
    return packed >> (index * _PLACE_BITS) & _PLACE_MASK


class PackedLocs(Mapping[str, Loc]):
    """Where each key of one record is written, all in one file: a read-only mapping of key to :class:`Loc`.

    A loaded scene keeps the place of each of its keys for later checks (a date out of order, a
    dead end). Kept as a dict of ``Loc`` tuples that cost about 1 KiB a scene; here they are the
    key names (one tuple shared by every scene written with the same keys) and one int holding
    every line and column packed (:func:`packed_place`, 46 bits each: ten keys take 88 bytes, an
    array of them 144), and a ``Loc`` is made only when one is read.
    """

    __slots__ = ("_file", "_keys", "_places")

    def __init__(self, file: str, keys: tuple[str, ...], where: Iterable[int]) -> None:
        """``where`` holds each key's :func:`packed_place`, in the order of ``keys``."""
        self._file = file
        self._keys = keys
        each = list(where)
        if len(each) != len(keys):
            raise ValueError("one place for each key")
        self._places = places(*each)

    def __getitem__(self, key: str) -> Loc:
        try:
            index = self._keys.index(key)
        except ValueError:
            raise KeyError(key) from None
        return loc_at(self._file, nth_place(self._places, index))

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __repr__(self) -> str:
        return f"PackedLocs({dict(self)!r})"


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

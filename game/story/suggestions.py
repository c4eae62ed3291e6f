""" "Did you mean ...?" hints, with a budget per load so thousands of broken ids still check in a moment."""

from __future__ import annotations

from collections.abc import Iterable

MAX_SUGGESTIONS = 50
"""Hints computed per load; later mistakes get the plain hint."""
MAX_SUGGESTION_CANDIDATES = 2000
"""Known names compared per hint: close-match search is quadratic in the length of the list."""
CUTOFF = 0.5
"""The least similarity (difflib's ratio) of a candidate; :func:`close_enough` then keeps only typos."""


def edits(a: str, b: str) -> int:
    """Typing mistakes that turn ``a`` into ``b``: insertions, deletions, substitutions and swapped neighbours."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def close_enough(name: str, candidate: str) -> bool:
    """A typo, not another word: at most a third of the name changed (one edit always allowed).

    ``adv_mod_washington`` shares half its letters with ``adv_morning``, enough
    for difflib, but nine edits apart it is another name, not a misspelling.
    """
    allowed = max(1, len(name) // 3)
    if abs(len(name) - len(candidate)) > allowed:
        return False
    return edits(name.lower(), candidate.lower()) <= allowed


class Suggestions:
    """Close-match hints for one load, bounded in number and in the names each one compares."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def closest(self, name: str, known: Iterable[str]) -> str | None:
        """The known name that ``name`` is a typo of, or None (also when the budget of hints is spent)."""
        if self.left <= 0 or len(name) > 100:
            return None
        self.left -= 1
        candidates = list(known)[:MAX_SUGGESTION_CANDIDATES]
        import difflib  # only for a mistake

        close = [c for c in difflib.get_close_matches(name, candidates, n=3, cutoff=CUTOFF) if close_enough(name, c)]
        return close[0] if close else None

    def did_you_mean(self, name: str, known: Iterable[str], otherwise: str) -> str:
        """A "did you mean" hint naming the closest known name, or ``otherwise``."""
        close = self.closest(name, known)
        return f"did you mean '{close}'?" if close else otherwise

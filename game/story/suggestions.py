""" "Did you mean ...?" hints, with a budget per load so thousands of broken ids still check in a moment."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_SUGGESTIONS = 50
"""Hints computed per load; later mistakes get the plain hint."""
MAX_SUGGESTION_CANDIDATES = 2000
"""Known names compared per hint: close-match search is quadratic in the length of the list."""


class Suggestions:
    """Close-match hints for one load, bounded in number and in the names each one compares."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def did_you_mean(self, name: str, known: Iterable[str], otherwise: str) -> str:
        """A "did you mean" hint naming the closest known name, or ``otherwise``."""
        if self.left <= 0 or len(name) > 100:
            return otherwise
        self.left -= 1
        candidates = list(known)[:MAX_SUGGESTION_CANDIDATES]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
        return f"did you mean '{close[0]}'?" if close else otherwise

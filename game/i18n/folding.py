"""Words compared without their accents: a search for "prazske" finds *Pražské jaro*.

A player types Czech on an English keyboard as often as not, and may leave the accents out on
a Czech one too, so every search the game offers (the command palette, the glossary) compares
both sides folded. Folding is letter for letter, so a match's offsets are the original word's and
the letters matched can be highlighted where they stand.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1024)
def _fold_character(character: str) -> str:
    base = "".join(part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part))
    # One letter for one letter: "á" -> "a", "ř" -> "r"; a character that decomposes into more than
    # one ("ﬁ" -> "fi") or into nothing stays as it is, so that the text keeps its length.
    return base if len(base) == 1 else character


def fold(text: str) -> str:
    """``text`` without its diacritics, letter for letter (the same length, the same offsets)."""
    return text if text.isascii() else "".join(_fold_character(character) for character in text)


def search_key(text: str) -> str:
    """``text`` as a search compares it: case and accents folded ("Pražské" and "prazske" are equal)."""
    return fold(text.casefold())

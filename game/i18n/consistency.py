"""Does a translation say the same things as its source? The checks a machine can make.

A translator may reword everything but the facts a teacher checks: every
number, year and date, every ``{variable}`` place, and the Markdown that
gives the text its shape. Each check returns what is wrong in words a
translator can act on; an empty list means the translation passes.
"""

from __future__ import annotations

import re
from collections import Counter

from game.story import placeholders

# Numbers as a reader sees them: 1968, 137, 2,000 / 2 000 / 2.000 (thousands), 1.5 / 1,5 (decimals).
# A number with letters joined on keeps its number: "the 1950s" is 1950, "21st" 21, "72letý" 72.
_NUMBER = re.compile(r"(?<![\w])\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?(?:[^\W\d_]+)?(?![\w])")
_DIGITS = re.compile(r"\d")
_EMPHASIS = ("**", "*", "_", "`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)\)")


def numbers(text: str) -> Counter[str]:
    """The numbers of ``text``, normalised (separators dropped), counted: '2 000' and '2,000' are the same."""
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        digits = "".join(_DIGITS.findall(match.group(0)))
        found[digits.lstrip("0") or "0"] += 1
    return found


def places(text: str) -> Counter[str]:
    """The ``{name}`` places of ``text``, counted (a mistyped place is its inner text)."""
    return Counter(place.inner for place in placeholders.places(text))


def problems(
    source: str, translation: str, *, limit: int | None = None, in_words: frozenset[str] = frozenset()
) -> list[str]:
    """What the translation lost, added or broke, compared with its source.

    ``in_words`` are numbers the translator wrote out in words (the entry's ``words-for-N`` flags):
    they may be missing from the translation; every other number must be there.
    """
    found: list[str] = []
    missing, extra = _difference(numbers(source), numbers(translation))
    missing = [number for number in missing if number not in in_words]
    if missing:
        found.append(f"numbers missing from the translation: {', '.join(missing)}")
    if extra:
        found.append(f"numbers the source does not have: {', '.join(extra)}")
    missing, extra = _difference(places(source), places(translation))
    if missing:
        found.append("places missing: " + ", ".join("{" + name + "}" for name in missing))
    if extra:
        found.append("places the source does not have: " + ", ".join("{" + name + "}" for name in extra))
    source_links = sorted(_LINK.findall(source))
    if source_links != sorted(_LINK.findall(translation)):
        found.append("links differ: keep every [text](address) with the source's addresses")
    for mark in _unbalanced(translation):
        if mark not in _unbalanced(source):
            found.append(f"Markdown '{mark}' is opened and never closed")
    if source.count("\n\n") != translation.count("\n\n") and translation.strip():
        found.append(
            f"the source has {source.count(chr(10) * 2) + 1} paragraphs, the translation "
            f"{translation.count(chr(10) * 2) + 1}: keep one paragraph for each"
        )
    if limit is not None and len(translation) > limit:
        found.append(f"{len(translation)} characters, longer than the {limit} the screen has room for")
    return found


def _difference(source: Counter[str], translation: Counter[str]) -> tuple[list[str], list[str]]:
    missing = sorted((source - translation).elements())
    extra = sorted((translation - source).elements())
    return missing, extra


def _unbalanced(text: str) -> list[str]:
    """Emphasis marks used an odd number of times (``**`` counted before ``*``)."""
    odd = []
    rest = text
    for mark in _EMPHASIS:
        if mark == "_":
            count = len(re.findall(r"(?<![\w])_|_(?![\w])", rest))
        else:
            count = rest.count(mark)
        if count % 2:
            odd.append(mark)
        rest = rest.replace(mark, "")
    return odd

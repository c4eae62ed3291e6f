"""Finding glossary terms in scene text: the screens make them links, the worksheet lists the ones it uses.

A term links to its entry by the entry's ``term`` and its ``aliases``. Names
match case-sensitively ("Prague" is not "prague"); entries of kind ``term``
also match with a lower-case or upper-case first letter ("Normalisation" /
"normalisation"). The longest name wins where names overlap ("Alexander
Dubček" before "Dubček"), and only whole words match.

It lives in the tools layer (below the front ends) so that a printed worksheet and the
screens find the same terms by the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from game.story.model import GlossaryEntry


class TermMatch(NamedTuple):
    start: int
    end: int
    entry: str  # the glossary entry's id


def _spellings(entry: GlossaryEntry) -> Iterator[str]:
    for name in (entry.term, *entry.aliases):
        name = name.strip()
        if not name:
            continue
        yield name
        if entry.kind == "term" and name[0].isalpha():
            yield name[0].lower() + name[1:]
            yield name[0].upper() + name[1:]


class GlossaryLinker:
    """Finds glossary names in text; build one per story and reuse it."""

    def __init__(self, glossary: Mapping[str, GlossaryEntry]) -> None:
        self.entries: dict[str, str] = {}
        for entry in glossary.values():
            for spelling in _spellings(entry):
                self.entries.setdefault(spelling, entry.id)
        if self.entries:
            names = sorted(self.entries, key=len, reverse=True)
            self._pattern: re.Pattern[str] | None = re.compile(
                r"(?<!\w)(" + "|".join(re.escape(name) for name in names) + r")(?!\w)"
            )
        else:
            self._pattern = None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> list[TermMatch]:
        """Every whole-word occurrence of a glossary name in ``text``, left to right."""
        if self._pattern is None:
            return []
        return [TermMatch(m.start(), m.end(), self.entries[m.group(1)]) for m in self._pattern.finditer(text)]

    def first_matches(self, texts: Iterable[str], seen: set[str] | None = None) -> list[list[TermMatch]]:
        """For each text, the matches of entries not linked before (first occurrence only)."""
        seen = set() if seen is None else seen
        result = []
        for text in texts:
            kept = []
            for match in self.find(text):
                if match.entry not in seen:
                    seen.add(match.entry)
                    kept.append(match)
            result.append(kept)
        return result

    def entries_in(self, text: str) -> list[str]:
        """The ids of the entries named in ``text``, in order of first appearance."""
        found: list[str] = []
        for match in self.find(text):
            if match.entry not in found:
                found.append(match.entry)
        return found

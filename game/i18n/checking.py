"""``spring68 i18n check``: is a translation complete, current and faithful?

Three counts a translator works down to zero, each problem located at
``FILE:LINE`` like ``spring68 check``'s:

- **untranslated**: a string the player reads that has no translation (the
  game shows the English instead, never a raw id);
- **stale**: the English changed after it was translated (the entry's
  ``msgid`` is no longer the source), or the translator marked it fuzzy;
- **inconsistent**: the translation lost or added a number, year, date or
  ``{variable}``, broke a link or the Markdown, or is too long for the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from game.i18n import consistency
from game.i18n.catalogue import WORDS_FOR, Translation, read
from game.i18n.story_strings import StoryString
from game.story.limits import MAX_LABEL, MAX_SCENE_TEXT

_LIMITS = {"choice label": MAX_LABEL, "scene title": MAX_LABEL, "scene text": MAX_SCENE_TEXT}


class Problem(NamedTuple):
    kind: str  # "untranslated" | "stale" | "inconsistent" | "unknown"
    id: str
    where: str  # FILE:LINE
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.id}: {self.message}"


class CheckReport(NamedTuple):
    lang: str
    catalogue: str
    total: int
    problems: tuple[Problem, ...]

    def count(self, kind: str) -> int:
        return sum(1 for problem in self.problems if problem.kind == kind)

    @property
    def translated(self) -> int:
        return self.total - self.count("untranslated")

    @property
    def ok(self) -> bool:
        return not self.problems


def check(strings: list[StoryString], path: Path, lang: str) -> CheckReport:
    """Compare a catalogue with the story's strings; a missing file means nothing is translated yet."""
    translations: dict[str, Translation] = read(path) if path.exists() else {}
    problems: list[Problem] = []
    known = set()
    for found in strings:
        known.add(found.id)
        where_source = f"{found.loc.file}:{found.loc.line}" if found.loc.file else str(path)
        done = translations.get(found.id)
        if done is None:
            problems.append(
                Problem("untranslated", found.id, where_source, f"no {lang} translation of this {found.kind}")
            )
            continue
        where = f"{path}:{done.line}"
        if done.source != found.text:
            problems.append(
                Problem(
                    "stale",
                    found.id,
                    where,
                    f"the English changed since this was translated (see {where_source}); "
                    "update the translation and its msgid",
                )
            )
            continue
        if done.fuzzy:
            problems.append(Problem("stale", found.id, where, "marked fuzzy: review it and remove the flag"))
            continue
        for message in consistency.problems(
            found.text, done.text, limit=_LIMITS.get(found.kind), in_words=done.in_words
        ):
            if message.startswith("numbers missing"):
                message += f" (written out in words? mark the entry '#, {WORDS_FOR}N' for each such number N)"
            problems.append(Problem("inconsistent", found.id, where, message))
    for string_id, done in translations.items():
        if string_id not in known:
            problems.append(
                Problem("unknown", string_id, f"{path}:{done.line}", "no such string in the story any more: remove it")
            )
    return CheckReport(lang, str(path), len(strings), tuple(problems))

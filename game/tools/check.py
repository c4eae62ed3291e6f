"""``spring68 check``: load packs, prove the anchoring rules, report every finding."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from game.engine.lesson_play import check_lessons
from game.story.errors import Problem
from game.story.loader import load_with_problems, paused_gc
from game.story.model import Story
from game.tools.anchoring import check_anchoring


@dataclass
class CheckReport:
    story: Story | None
    problems: list[Problem]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def summary(self) -> str:
        counts = f"{self.errors} error{'s' * (self.errors != 1)}, {self.warnings} warning{'s' * (self.warnings != 1)}"
        if self.story is None:
            return f"check: the pack could not be loaded: {counts}"
        story = self.story
        endings = sum(1 for s in story.scenes.values() if s.is_ending)
        packs = " + ".join(p.id for p in story.packs)
        return (
            f"check {packs}: {len(story.scenes)} scenes, {endings} endings, {len(story.variables)} variables, "
            f"{len(story.timeline)} events, {len(story.sources)} sources — {counts}"
        )

    def to_json(self) -> str:
        story = self.story
        return json.dumps(
            {
                "ok": self.errors == 0,
                "packs": [p.id for p in story.packs] if story else [],
                "scenes": len(story.scenes) if story else 0,
                "endings": sum(1 for s in story.scenes.values() if s.is_ending) if story else 0,
                "variables": len(story.variables) if story else 0,
                "errors": self.errors,
                "warnings": self.warnings,
                "problems": [p.as_dict() for p in self.problems],
            },
            ensure_ascii=False,
            indent=2,
        )


def run_check(paths: Sequence[str] | None = None) -> CheckReport:
    story, problems = load_with_problems(paths)
    problems = list(problems)
    if story is not None:
        with paused_gc():
            problems += check_anchoring(story)
            problems += check_lessons(story)
    problems.sort(key=lambda p: (p.loc.file, p.loc.line, p.loc.col))
    return CheckReport(story, problems)

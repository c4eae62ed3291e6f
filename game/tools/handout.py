"""What goes on a printed handout: which decisions, which timeline events, which terms and sources.

Two exports are built on this: the student worksheet (:mod:`game.tools.worksheet`), which asks and
never answers, and the teacher's key (:mod:`game.tools.teacher_key`), which answers. Both print the
same decisions with the same numbers, so "question 7" means the same thing on both sheets, and both
can be limited to a role or to one of the pack's lessons.

Everything here is deterministic: the same pack gives the same handout on every run and machine
(no set or hash order reaches the page). The words of our own (a scope's title, a handout's
errors) are the interface's, through :mod:`game.i18n.interface`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import reduce
from typing import NamedTuple

from game.i18n.interface import _
from game.story.lessons import Lesson
from game.story.model import GlossaryEntry, Scene, Source, Story, TimelineEvent, join_passages
from game.tools.glossary_terms import GlossaryLinker
from game.tools.render import paragraphs

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}")

SOURCE_TASK_DOCUMENTS = 2
"""How many primary documents the worksheet's source task asks about: a short task, not a dossier."""


class HandoutError(ValueError):
    """A handout that cannot be made as asked (an unknown lesson, a lesson of another role)."""


class Scope(NamedTuple):
    """The decisions one handout covers, with the words that name them on the page."""

    title: str  # "The adviser", "The adviser and The citizen" or a lesson's title
    role: str | None
    lesson: str | None
    scenes: tuple[Scene, ...]

    def bridge(self, story: Story, scene: Scene) -> str:
        """What a lesson passes over on the way to this decision (its ``bridges:``), else nothing."""
        found: Lesson | None = story.lessons.get(self.lesson) if self.lesson else None
        return found.bridges.get(scene.id, "") if found else ""


def _without_values(story: Story, text: str) -> str:
    """Scene text for print: a {variable} becomes its label, since there is no game to show a value."""

    def swap(match: re.Match[str]) -> str:
        if match.group(0) in ("{{", "}}"):
            return match.group(0)[0]
        variable = story.variables.get(match.group(1))
        return f"[{variable.label.lower()}]" if variable else match.group(0)

    return _PLACEHOLDER.sub(swap, text)


def printed_text(story: Story, scene: Scene) -> str:
    """A scene's situation as a sheet shows it: every passage that is always shown, values as labels.

    A passage with a condition depends on an earlier choice, and a printed sheet has no earlier
    choices, so it is left out.
    """
    if scene.passages:
        text = join_passages(p.text for p in scene.passages if p.condition is None)
    else:
        text = scene.text
    return _without_values(story, text)


def the_question(story: Story, scene: Scene) -> str:
    """The paragraph that puts the decision to the player: the situation's last paragraph."""
    found = paragraphs(printed_text(story, scene))
    return found[-1] if found else ""


def decision_points(story: Story, role: str | None = None, scene_ids: Sequence[str] | None = None) -> list[Scene]:
    """Scenes where the player decides, in date order (roles interleaved when both are shown).

    With ``scene_ids`` only those scenes, in the order given (a lesson's order).
    """
    if scene_ids is not None:
        chosen = [story.scenes[i] for i in scene_ids if i in story.scenes]
        return [s for s in chosen if s.choices and (role is None or s.role == role)]
    roles = list(story.roles)
    scenes = [s for s in story.scenes.values() if s.choices and (role is None or s.role == role)]
    order = {scene_id: index for index, scene_id in enumerate(story.scenes)}
    return sorted(scenes, key=lambda s: (s.date, roles.index(s.role), order[s.id]))


def scope(story: Story, role: str | None = None, lesson: str | None = None) -> Scope:
    """The decisions for one role (or both), or for one lesson; raises :class:`HandoutError`."""
    if lesson is None:
        titles = [story.roles[role].title] if role else [r.title for r in story.roles.values()]
        both = _("{first} and {second}")
        who = reduce(lambda first, second: both.format(first=first, second=second), titles) if titles else ""
        return Scope(who, role, None, tuple(decision_points(story, role)))
    lessons = story.lessons
    found = lessons.get(lesson)
    if found is None:
        known = ", ".join(sorted(lessons)) or _("none (a pack defines them in lessons.yaml)")
        raise HandoutError(_("there is no lesson '{lesson}'; lessons: {known}").format(lesson=lesson, known=known))
    if role is not None and found.role != role:
        raise HandoutError(
            _("the lesson '{lesson}' is for the role '{found}', not '{role}'").format(
                lesson=lesson, found=found.role, role=role
            )
        )
    scenes = tuple(decision_points(story, found.role, list(found.scenes)))
    return Scope(found.title, found.role, lesson, scenes)


def timeline_events(
    story: Story, role: str | None = None, scenes: Sequence[Scene] | None = None
) -> list[TimelineEvent]:
    """The events the decisions are anchored to, plus the role's fixed points, in a stable order.

    Order: by first day, then by last day (a one-day event before a longer one that starts the
    same day), then in the order the pack's ``timeline.yaml`` lists them. ``scenes`` limits the
    anchors to those scenes (a lesson); by default every scene of the role counts.
    """
    pool = scenes if scenes is not None else [s for s in story.scenes.values() if role is None or s.role == role]
    wanted = {s.anchor for s in pool if s.anchor}
    for points_role, points in story.fixed_points.items():
        if role is None or points_role == role:
            wanted |= set(points)
    written = {event_id: index for index, event_id in enumerate(story.timeline)}
    events = [story.timeline[e] for e in wanted if e in story.timeline]
    return sorted(events, key=lambda e: (e.start, e.end, written[e.id]))


def terms_used(story: Story, scenes: Sequence[Scene]) -> list[GlossaryEntry]:
    """The glossary entries the printed situations and options name, alphabetically by term."""
    linker = GlossaryLinker(story.glossary)
    found: set[str] = set()
    for scene in scenes:
        texts = [scene.title, printed_text(story, scene), *(c.label for c in scene.choices)]
        for text in texts:
            found.update(linker.entries_in(text))
    return sorted((story.glossary[i] for i in found), key=lambda e: (e.term.casefold(), e.id))


def source_documents(
    story: Story, scenes: Sequence[Scene], limit: int = SOURCE_TASK_DOCUMENTS
) -> list[tuple[Source, Scene]]:
    """Primary documents (sources of kind ``document``) behind the decisions, each with the first
    decision that cites it: the worksheet's source task asks about these."""
    found: list[tuple[Source, Scene]] = []
    seen: set[str] = set()
    for scene in scenes:
        for source_id in scene.history.sources:
            source = story.sources.get(source_id)
            if source is None or source.kind != "document" or source_id in seen:
                continue
            seen.add(source_id)
            found.append((source, scene))
    return found[:limit]


def citation(story: Story, source_id: str) -> str:
    source = story.sources.get(source_id)
    return source.citation() if source else source_id


def all_sources(story: Story, scenes: Sequence[Scene]) -> list[str]:
    """Every source the decisions cite, once each, alphabetically by citation."""
    seen: dict[str, None] = {}
    for scene in scenes:
        for source in scene.history.sources:
            seen.setdefault(source, None)
    return sorted(seen, key=lambda s: (citation(story, s).casefold(), s))


def render_handout(story: Story, chosen: Scope, kind: str, format: str) -> str:
    """One handout (``worksheet``, ``key`` or ``glossary``) as Markdown (``md``) or HTML (``html``)."""
    from game.tools import teacher_key, worksheet

    renderers = {
        ("worksheet", "md"): worksheet.to_markdown,
        ("worksheet", "html"): worksheet.to_html,
        ("key", "md"): teacher_key.to_markdown,
        ("key", "html"): teacher_key.to_html,
        ("glossary", "md"): worksheet.glossary_markdown,
        ("glossary", "html"): worksheet.glossary_html,
    }
    return renderers[kind, format](story, chosen)

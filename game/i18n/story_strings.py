"""Every string of a story that a player reads, each with an id that survives edits elsewhere.

Ids are built from the records' own ids (scene, choice, timeline event,
glossary entry, source, role, variable) and the field's name, never from a
position in a file, so moving a scene to another file or adding one before it
keeps every translation. The few lists without ids of their own (a scene's
discussion prompts, passages) are named within their record: a conditional passage by its
condition, an unconditional one by its place among the unconditional ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from game.story.errors import Loc
from game.story.model import Scene, Story


class StoryString(NamedTuple):
    """One translatable string: its stable id, its English text, and where it was written."""

    id: str
    text: str
    loc: Loc
    kind: str  # what the string is, for translators: "scene title", "choice label", …


def story_strings(story: Story) -> list[StoryString]:
    """Every non-empty string a player can read, in a stable order (pack order, then record order)."""
    return [found for found in _walk(story) if found.text.strip()]


def _walk(story: Story) -> Iterator[StoryString]:
    for pack in story.packs:
        yield StoryString(f"pack:{pack.id}:title", pack.title, Loc(""), "pack title")
        yield StoryString(f"pack:{pack.id}:description", pack.description, Loc(""), "pack description")
        yield StoryString(f"pack:{pack.id}:content_note", pack.content_note, Loc(""), "content note")
    for role in story.roles.values():
        yield StoryString(f"role:{role.id}:title", role.title, role.loc, "role title")
        yield StoryString(f"role:{role.id}:summary", role.summary, role.loc, "role summary")
    for variable in story.variables.values():
        yield StoryString(f"variable:{variable.name}:label", variable.label, variable.loc, "bar label")
    for scene in story.scenes.values():
        yield from _scene(scene)
    for event in story.timeline.values():
        yield StoryString(f"timeline:{event.id}:title", event.title, event.loc, "timeline title")
        yield StoryString(f"timeline:{event.id}:summary", event.summary, event.loc, "timeline summary")
        for label, value in event.figures:
            yield StoryString(f"timeline:{event.id}:figure-label:{label}", label, event.loc, "timeline figure's label")
            yield StoryString(f"timeline:{event.id}:figure:{label}", value, event.loc, "timeline figure")
    for entry in story.glossary.values():
        yield StoryString(f"glossary:{entry.id}:term", entry.term, entry.loc, "glossary term")
        yield StoryString(f"glossary:{entry.id}:text", entry.text, entry.loc, "glossary definition")
    for lesson in story.lessons.values():
        yield StoryString(f"lesson:{lesson.id}:title", lesson.title, lesson.loc, "lesson title")
        yield StoryString(f"lesson:{lesson.id}:summary", lesson.summary, lesson.loc, "lesson summary")
        for scene_id, bridge in lesson.bridges.items():
            yield StoryString(f"lesson:{lesson.id}:bridge:{scene_id}", bridge, lesson.loc, "lesson bridge")
    for source in story.sources.values():
        # A source keeps its original title: only the note that explains it is translated.
        yield StoryString(f"source:{source.id}:note", source.note, source.loc, "source note")


def passage_ids(scene: Scene) -> list[str]:
    """An id for each passage of a scene that survives adding, removing or moving the others.

    A conditional passage is named by its condition as written (``text:if:chose("a.b")``), an
    unconditional one by its place among the unconditional ones (``text:1``): adding a passage that
    remembers something never renames the others. The same condition twice gets ``#2``.
    """
    ids: list[str] = []
    plain = 0
    seen: dict[str, int] = {}
    for passage in scene.passages:
        if passage.condition is None:
            plain += 1
            ids.append(f"text:{plain}")
            continue
        name = "text:if:" + " ".join(passage.condition.source.split())
        seen[name] = seen.get(name, 0) + 1
        ids.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return ids


def _scene(scene: Scene) -> Iterator[StoryString]:
    where = scene.loc
    key = f"scene:{scene.id}"
    yield StoryString(f"{key}:title", scene.title, scene.locs.get("title", where), "scene title")
    yield StoryString(f"{key}:place", scene.place, scene.locs.get("place", where), "scene place")
    if scene.passages:
        for passage_id, passage in zip(passage_ids(scene), scene.passages, strict=True):
            passage_loc = passage.loc if passage.loc.file else scene.locs.get("text", where)
            yield StoryString(f"{key}:{passage_id}", passage.text, passage_loc, "scene text")
    else:
        yield StoryString(f"{key}:text", scene.text, scene.locs.get("text", where), "scene text")
    for choice in scene.choices:
        yield StoryString(f"choice:{choice.id}:label", choice.label, choice.loc, "choice label")
        yield StoryString(f"choice:{choice.id}:record", choice.record, choice.loc, "what people really did")
    yield StoryString(f"{key}:history", scene.history.text, scene.locs.get("history", where), "what really happened")
    for number, prompt in enumerate(scene.discuss, 1):
        yield StoryString(f"{key}:discuss:{number}", prompt, scene.locs.get("discuss", where), "discussion prompt")
    if scene.ending is not None:
        ending = scene.ending
        yield StoryString(f"{key}:ending:title", ending.title, where, "ending title")
        yield StoryString(f"{key}:ending:epilogue", ending.epilogue, where, "ending epilogue")
        yield StoryString(f"{key}:ending:instead", ending.instead, where, "what happened instead")

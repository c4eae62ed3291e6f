"""A story in another language: the loaded story with each translated string put in its place.

The ids, conditions, effects, dates and links stay the base story's, so a save
made in one language plays on in another, and the content hash (which saves
check) is the English story's. A string with no translation stays English:
the player never sees a raw id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from game.i18n.story_strings import passage_ids
from game.story.model import (
    Choice,
    Ending,
    GlossaryEntry,
    Role,
    Scene,
    Story,
    TimelineEvent,
    Variable,
    join_passages,
)

TextFor = Callable[[str, str], str]
"""(string id, English) → the text to show: the translation, or the English when there is none."""


def translated(story: Story, texts: Mapping[str, str]) -> Story:
    """``story`` with every string that ``texts`` (id → translation) has replaced; the rest unchanged."""
    if not texts:
        return story

    def text(string_id: str, english: str) -> str:  # the TextFor every record below is translated with
        return texts.get(string_id) or english

    roles: dict[str, Role] = {
        key: role._replace(
            title=text(f"role:{role.id}:title", role.title), summary=text(f"role:{role.id}:summary", role.summary)
        )
        for key, role in story.roles.items()
    }
    variables: dict[str, Variable] = {
        key: variable._replace(label=text(f"variable:{variable.name}:label", variable.label))
        for key, variable in story.variables.items()
    }
    scenes = {key: _scene(scene, text) for key, scene in story.scenes.items()}
    timeline: dict[str, TimelineEvent] = {
        key: event._replace(
            title=text(f"timeline:{event.id}:title", event.title),
            summary=text(f"timeline:{event.id}:summary", event.summary),
            figures=tuple(
                (
                    text(f"timeline:{event.id}:figure-label:{label}", label),
                    text(f"timeline:{event.id}:figure:{label}", value),
                )
                for label, value in event.figures
            ),
        )
        for key, event in story.timeline.items()
    }
    glossary: dict[str, GlossaryEntry] = {
        key: entry._replace(
            term=text(f"glossary:{entry.id}:term", entry.term), text=text(f"glossary:{entry.id}:text", entry.text)
        )
        for key, entry in story.glossary.items()
    }
    sources = {
        key: source._replace(note=text(f"source:{source.id}:note", source.note))
        for key, source in story.sources.items()
    }
    packs = tuple(
        pack._replace(
            title=text(f"pack:{pack.id}:title", pack.title),
            description=text(f"pack:{pack.id}:description", pack.description),
            content_note=text(f"pack:{pack.id}:content_note", pack.content_note),
        )
        for pack in story.packs
    )
    lessons = {
        key: lesson._replace(
            title=text(f"lesson:{lesson.id}:title", lesson.title),
            summary=text(f"lesson:{lesson.id}:summary", lesson.summary),
            bridges={
                scene_id: text(f"lesson:{lesson.id}:bridge:{scene_id}", bridge)
                for scene_id, bridge in lesson.bridges.items()
            },
        )
        for key, lesson in story.lessons.items()
    }
    return Story(
        packs,
        roles,
        variables,
        scenes,
        timeline,
        sources,
        glossary,
        story.fixed_points,
        story.content_hash,
        lessons,
    )


def _scene(scene: Scene, text: TextFor) -> Scene:
    key = f"scene:{scene.id}"
    choices = tuple(_choice(choice, text) for choice in scene.choices)
    history = scene.history._replace(text=text(f"{key}:history", scene.history.text))
    ending: Ending | None = None
    if scene.ending is not None:
        ending = scene.ending._replace(
            title=text(f"{key}:ending:title", scene.ending.title),
            epilogue=text(f"{key}:ending:epilogue", scene.ending.epilogue),
            instead=text(f"{key}:ending:instead", scene.ending.instead),
        )
    passages = tuple(
        passage._replace(text=text(f"{key}:{passage_id}", passage.text))
        for passage_id, passage in zip(passage_ids(scene), scene.passages, strict=True)
    )
    whole = join_passages(passage.text for passage in passages) if passages else text(f"{key}:text", scene.text)
    return scene._replace(
        title=text(f"{key}:title", scene.title),
        place=text(f"{key}:place", scene.place),
        text=whole,
        passages=passages,
        history=history,
        choices=choices,
        discuss=tuple(text(f"{key}:discuss:{n}", prompt) for n, prompt in enumerate(scene.discuss, 1)),
        ending=ending,
    )


def _choice(choice: Choice, text: TextFor) -> Choice:
    return choice._replace(
        label=text(f"choice:{choice.id}:label", choice.label), record=text(f"choice:{choice.id}:record", choice.record)
    )

"""'What really happened' for one scene: the record, the event it is set at, and its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.i18n.interface import _, language
from game.story.dates import date_range
from game.story.model import Scene, Source, Story, TimelineEvent
from game.tui.links import source_link
from game.tui.widgets.scene_text import SceneText

if TYPE_CHECKING:
    from game.tui.data.glossary_links import GlossaryLinker


def citation(source: Source) -> Content:
    """A source as one citation; its address is a link (see :func:`game.tui.links.source_link`)."""
    parts = Content(source.citation())
    if source.url:
        parts += Content("\n") + source_link(source)
    if source.note:
        parts += Content.from_markup("\n[i]$note[/]", note=source.note)
    return parts


def event_summary(event: TimelineEvent) -> Content:
    text = Content.from_markup(
        "[b]$title[/b]  [$foreground-muted]$when[/]",
        title=event.title,
        when=date_range(event.start, event.end, lang=language()),
    )
    if event.summary:
        text += Content.from_markup("\n$summary", summary=" ".join(event.summary.split()))
    for label, value in event.figures:
        text += Content.from_markup("\n• $label: [b]$value[/b]", label=label, value=value)
    return text


class HistoryPanel(Vertical):
    """The history of a scene: text (with glossary links), the anchored event, and the sources."""

    DEFAULT_CSS = """
    HistoryPanel { height: auto; }
    """

    def __init__(
        self, story: Story, scene: Scene, *, linker: GlossaryLinker | None = None, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.story = story
        self.scene = scene
        self.linker = linker

    def compose(self) -> ComposeResult:
        scene = self.scene
        event = self.story.timeline.get(scene.anchor) if scene.anchor else None
        text = scene.history.text.strip()
        if text:
            yield SceneText(text, linker=self.linker, classes="history-text")
        else:
            yield Static(_("The record for this scene has not been written yet."), classes="muted", markup=False)
        if event is not None:
            yield Static(_("On the timeline"), classes="section-heading", markup=False)
            yield Static(event_summary(event), classes="event-box")
        yield Static(_("Sources"), classes="section-heading", markup=False)
        if not scene.history.sources:
            yield Static(_("No sources are listed for this scene."), classes="muted", markup=False)
        for number, source_id in enumerate(scene.history.sources, 1):
            source = self.story.sources.get(source_id)
            body = citation(source) if source else Content(source_id)
            yield Static(Content(f"{number}. ") + body, classes="source")

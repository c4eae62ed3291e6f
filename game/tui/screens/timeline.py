"""The timeline (key t): the pack's dated events, with those the player has lived through marked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.journey import EventMark, marked_timeline
from game.i18n.interface import _, language
from game.story.dates import date_range
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.history import citation, event_summary

WITNESSED = "●"
LIVED = "○"
FIXED = "◆"


def mark_of(mark: EventMark) -> str:
    return WITNESSED if mark.witnessed else LIVED if mark.lived else " "


def _row(mark: EventMark) -> Hanging:
    """'● Title ◆' over its dates, the dates muted."""
    title = Content.styled(mark.event.title, "bold" if mark.witnessed else "")
    if mark.fixed:
        title += Content(f" {FIXED}")
    when = Content.styled(
        date_range(mark.event.start, mark.event.end, short=True, lang=language()), "$foreground-muted"
    )
    return Hanging(Content.styled(f"{mark_of(mark)} ", "bold"), title + Content("\n") + when)


class TimelineScreen(Responsive):
    """The record, date by date; select an event to read it."""

    CSS_PATH = [LISTS_CSS]

    AUTO_FOCUS = "#events"
    BINDINGS = keys.TIMELINE

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        app = game_app(self)
        self.marks = marked_timeline(app.story, app.state)
        yield Static(_("Timeline: what happened, and when"), classes="screen-title", markup=False)
        legend = _("{witnessed} you were there  {lived} during your story  {fixed} fixed point of history").format(
            witnessed=WITNESSED, lived=LIVED, fixed=FIXED
        )
        if app.state is None:
            legend = _("Start a game to see which events you live through.   {fixed} fixed point of history").format(
                fixed=FIXED
            )
        yield Static(legend, classes="legend", markup=False)
        with Horizontal(classes="split"):
            yield OptionList(*[Option(_row(m), id=m.event.id) for m in self.marks], id="events", classes="split-list")
            with VerticalScroll(classes="split-detail", can_focus=False):
                yield Static(id="event-detail")
        yield GameFooter()

    def on_mount(self) -> None:
        events = self.query_one("#events", OptionList)
        if not self.marks:
            self.query_one("#event-detail", Static).update(Content(_("This story has no timeline.")))
            return
        # Start at the last event the player's story has reached, else the first.
        reached = [i for i, m in enumerate(self.marks) if m.witnessed or m.lived]
        events.highlighted = reached[-1] if reached else 0
        events.scroll_to_highlight(top=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.marks):
            self.show_event(self.marks[index])

    def show_event(self, mark: EventMark) -> None:
        story = game_app(self).story
        text = event_summary(mark.event)
        notes = []
        if mark.witnessed:
            notes.append(_("Your story was there."))
        elif mark.lived:
            notes.append(_("This happened during your story."))
        if mark.fixed:
            notes.append(_("A fixed point: every story that keeps to the record passes it."))
        if notes:
            text += Content.from_markup("\n\n[i]$notes[/i]", notes=" ".join(notes))
        if mark.event.sources:
            text += Content.from_markup("\n\n[b]$sources[/b]", sources=_("Sources"))
            for source_id in mark.event.sources:
                source = story.sources.get(source_id)
                text += Content("\n• ") + (citation(source) if source else Content(source_id))
        self.query_one("#event-detail", Static).update(text)

    def action_close(self) -> None:
        self.dismiss()

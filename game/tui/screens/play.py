"""The play screen: date and place, the scene, the bars, and the choices.

A choice must redraw the screen about as fast as Textual updates one line
of text. So after each scene is drawn, while the player reads, the screen
renders what every open choice would lead to (the scene pane, the bars
and the choice list keep those renders), and the parts that change on a
choice keep their size, so Textual draws the next scene without laying
out the screen again.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.engine import rules
from game.engine.state import GameState
from game.i18n.interface import N_, _, language, ngettext
from game.story.dates import short_date, weekday_date
from game.story.model import Choice, Scene
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.safe_text import notice
from game.tui.screens.responsive import Responsive
from game.tui.styles import PLAY_CSS
from game.tui.widgets.bars import VariableBars
from game.tui.widgets.choices import ChoiceList, ChoiceOption, options_for
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.rows import OneLine
from game.tui.widgets.scene_text import SceneText, markdown_blocks
from game.tui.widgets.story_view import Page, StoryView

PREPARE_AFTER = 0.05  # seconds after a scene is shown; far less than anyone takes to read a choice

NO_CHOICES = N_("No way forward is open to you here. Press u to take back your last choice.")


def record_note(label: str, record: str) -> Content:
    """'You chose …' and, when the scene has one, what people really did (its Markdown rendered, as in the text)."""
    return _record_note(label, record, language())


@lru_cache(maxsize=256)
def _record_note(label: str, record: str, lang: str) -> Content:
    """:func:`record_note` in one language (the cache must not give one language's words in another)."""
    parts: list[str | tuple[str, str] | Content] = [(_("You chose:"), "bold"), f" {label}"]
    if record:
        rendered = Content(" ").join(block.content for block in markdown_blocks(record))
        parts += ["\n", (_("What people really did:"), "bold $text-accent"), " ", rendered]
    return Content.assemble(*parts)


def where_line(scene: Scene) -> str:
    """The scene's date and place, as the line above the scene shows them."""
    return f"{weekday_date(scene.date, language())} · {scene.place}"


def where_lines(scene: Scene) -> tuple[str, ...]:
    """The date and place from the fullest to the shortest: a narrow line shows the first that fits.

    A shorter form drops the weekday, then keeps the place up to its first comma ("Prague").
    """
    place = scene.place
    town = place.split(",", 1)[0].strip() or place
    day = short_date(scene.date, language())
    return (where_line(scene), f"{day} · {place}", f"{day} · {town}")


class SceneBar(Horizontal):
    """One line always in view: the story's date and place, and the role being played."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._where = OneLine(id="where")
        self._role = Static(id="role", markup=False)
        self._role_text: str | None = None
        self._wheres: tuple[str, ...] = ("",)

    def on_resize(self) -> None:
        self._where.update(self._fitting(self._wheres))

    def compose(self) -> ComposeResult:
        yield self._where
        yield self._role

    def _fitting(self, wheres: tuple[str, ...]) -> str:
        """The fullest form of the date and place that fits the line (the last one when none does)."""
        room = self._where.content_size.width
        return next((where for where in wheres if len(where) <= room), wheres[-1])

    def show(self, wheres: tuple[str, ...], role: str) -> None:
        # The date and place change without a layout; the role (which a choice never changes) may need one.
        self._wheres = wheres
        self._where.update(self._fitting(wheres))
        if role != self._role_text:
            self._role_text = role
            self._role.update(role)

    def prepare(self, wheres: tuple[str, ...]) -> None:
        self._where.prepare(self._fitting(wheres))


class PlayParts(NamedTuple):
    """The widgets of the play screen that a move changes."""

    bar: SceneBar
    story: StoryView
    bars: VariableBars
    side: Widget
    box: Widget
    choices: ChoiceList


class PlayScreen(Responsive):
    """A scene being played. Every move goes through the app, which asks the engine."""

    CSS_PATH = [PLAY_CSS]

    AUTO_FOCUS = "#choices"
    BINDINGS = keys.PLAY

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()
        self._found: PlayParts | None = None
        self._box_labels: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield SceneBar(id="scene-bar")
        with Horizontal(id="body"):
            yield StoryView(linker=game_app(self).linker, id="story")
            with Vertical(id="side"):
                yield VariableBars(id="bars")
        with Vertical(id="choices-box"):
            yield ChoiceList(id="choices")
        yield GameFooter()

    def on_mount(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        """Draw the app's current state; called after every move."""
        app = game_app(self)
        story, state = app.story, app.state
        if state is None:
            return
        parts = self._parts()
        scene = rules.current_scene(story, state)
        role = story.roles.get(state.role)
        parts.bar.show(where_lines(scene), role.title if role else state.role)
        choice = app.game.last_choice
        record = self.record_for(choice, app.game.last_votes) if choice is not None else None
        parts.story.show(Page(record, scene.title, rules.scene_text(scene, state)))
        previous = app.game.previous
        bars = parts.bars
        bars.show(story.variables_for(state.role), state.variables, rules.bar_changes(story, previous, state))
        if parts.side.display != bars.display:
            parts.side.display = bars.display
        choices = rules.available_choices(story, state)
        chooser = parts.choices
        chooser.show_options(options_for(choices, _(NO_CHOICES), story))
        self._label_choices(parts.box, len(choices))
        if not chooser.has_focus:
            chooser.focus()
        # Prepare a moment after the frame: Textual writes frames from a thread, which must not wait for us.
        app.soon(PREPARE_AFTER, lambda: self._prepare_next(state, choices))

    def record_for(self, choice: Choice, votes: Mapping[str, int] | None) -> Content:
        """The note on the choice just made (classroom mode adds the class's votes)."""
        return record_note(choice.label, choice.record)

    def _label_choices(self, box: Widget, count: int) -> None:
        """The title and key hint on the box around the choices (set only when they change: each set redraws)."""
        title = _("What do you do?")
        # The same hint for any number of choices, so that a choice does not redraw the box around them.
        subtitle = _("a number, or ↑↓ Enter") if count > 1 else ("1 · Enter" if count else _("u: undo"))
        if self._box_labels != (title, subtitle):  # (reading a border title back builds its markup)
            self._box_labels = (title, subtitle)
            box.border_title = Content(title)
            box.border_subtitle = Content(subtitle)

    def _prepare_next(self, state: GameState, choices: list[Choice]) -> None:
        """While the player reads, render what each open choice leads to, so a choice redraws at once."""
        app = game_app(self)
        if app.state is not state or not self.is_current:
            return
        story = app.story
        parts = self._parts()
        ahead: list[tuple[ChoiceOption, ...]] = []
        for choice in choices:
            following = rules.apply_choice(story, state, choice)
            if rules.is_over(story, following):
                continue
            scene = rules.current_scene(story, following)
            parts.bar.prepare(where_lines(scene))
            parts.story.prepare(Page(self.record_for(choice, None), scene.title, rules.scene_text(scene, following)))
            parts.bars.prepare(following.variables, rules.bar_changes(story, state, following))
            ahead.append(options_for(rules.available_choices(story, following), _(NO_CHOICES), story))
        parts.choices.prepare(ahead)

    def _parts(self) -> PlayParts:
        """The widgets a move updates, looked up once (a query parses its selector every time)."""
        if self._found is None:
            self._found = PlayParts(
                self.query_one(SceneBar),
                self.query_one(StoryView),
                self.query_one(VariableBars),
                self.query_one("#side"),
                self.query_one("#choices-box"),
                self.query_one(ChoiceList),
            )
        return self._found

    # -- moves ----------------------------------------------------------------------------

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if event.option.id and not event.option.disabled and not event.option.id.startswith("-"):
            game_app(self).pick_choice(event.option.id)  # in class: only a vote, or a confirmed pick, decides

    def action_choose_number(self, number: int) -> None:
        chooser = self._parts().choices
        options = [o for o in chooser.options if not o.disabled]
        if not options:
            notice(self, _(NO_CHOICES), severity="warning", timeout=4)
            return
        if number > len(options):
            count = len(options)
            notice(
                self,
                ngettext("There is only one choice here.", "There are {n} choices here.", count).format(n=count),
                timeout=3,
            )
            return
        game_app(self).pick_choice(options[number - 1].id)

    def action_scroll_story(self, direction: int) -> None:
        story = self._parts().story
        if direction > 0:
            story.page_down()
        else:
            story.page_up()

    def action_title(self) -> None:
        game_app(self).back_to_title()

    # -- reading ----------------------------------------------------------------------------

    def action_history(self) -> None:
        from game.tui.dialogs.history import HistoryDialog

        app = game_app(self)
        if app.state is not None:
            app.push_screen(HistoryDialog(rules.current_scene(app.story, app.state)))

    def action_discuss(self) -> None:
        from game.tui.dialogs.discuss import DiscussDialog

        app = game_app(self)
        if app.state is None:
            return
        scene = rules.current_scene(app.story, app.state)
        if not scene.discuss:
            notice(self, _("This scene has no discussion prompts. Press r for what really happened."), timeout=4)
            return
        app.push_screen(DiscussDialog(scene))

    def on_scene_text_term_selected(self, event: SceneText.TermSelected) -> None:
        game_app(self).action_glossary(event.entry)

"""The play screen: date and place, the scene, the bars, and the choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from game.engine import rules
from game.tui.data.dates import weekday_date
from game.tui.screens.responsive import Responsive
from game.tui.styles import PLAY_CSS
from game.tui.widgets.bars import VariableBars
from game.tui.widgets.choices import ChoiceList
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.scene_text import SceneText

NO_CHOICES = "No way forward is open to you here. Press u to take back your last choice."


def record_note(label: str, record: str) -> Content:
    """'You chose …' and, when the scene has one, what people really did."""
    note = Content.from_markup("[b]You chose:[/b] $label", label=label)
    if record:
        note += Content.from_markup("\n[b $text-accent]What people really did:[/] $record", record=" ".join(record.split()))
    return note


class SceneBar(Horizontal):
    """One line always in view: the story's date and place, and the role being played."""

    def compose(self) -> ComposeResult:
        yield Static(id="where", markup=False)
        yield Static(id="role", markup=False)

    def show(self, where: str, role: str) -> None:
        self.query_one("#where", Static).update(where)
        self.query_one("#role", Static).update(role)


class PlayScreen(Responsive, Screen):
    """A scene being played. Every move goes through the app, which asks the engine."""

    CSS_PATH = [PLAY_CSS]

    AUTO_FOCUS = "#choices"
    BINDINGS = [
        Binding("1", "choose_number(1)", "Choose", key_display="1-9",
                tooltip="Make that choice (or move with ↑ ↓ and press Enter, or click it)"),
        *[Binding(str(n), f"choose_number({n})", f"Choice {n}", show=False) for n in range(2, 10)],
        Binding("r", "history", "What happened", tooltip="What really happened in this scene, with its sources"),
        Binding("d", "discuss", "Discuss", tooltip="Questions to talk about in class"),
        Binding("t", "app.timeline", "Timeline", tooltip="The dated events, with those you lived through marked"),
        Binding("g", "app.glossary", "Glossary", tooltip="People, places and words (underlined words open it too)"),
        Binding("u", "app.undo", "Undo", tooltip="Take back your last choice"),
        Binding("s", "app.save", "Save", tooltip="Save to a named slot (the game also saves itself after every choice)"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("b", "app.sources", "Sources", show=False),
        Binding("l", "app.load", "Load", show=False),
        Binding("x", "app.export", "Export transcript", show=False),
        Binding("escape", "title", "Title screen", show=False, tooltip="Back to the title screen (your game is kept)"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit (your game is kept: Continue brings it back)"),
        Binding("pagedown,space", "scroll_story(1)", "Scroll the scene down", show=False, priority=True),
        Binding("pageup", "scroll_story(-1)", "Scroll the scene up", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        yield SceneBar(id="scene-bar")
        with Horizontal(id="body"):
            with VerticalScroll(id="story", can_focus=False):
                yield Static(id="record", markup=False)
                yield Static(id="scene-title", markup=False)
                yield SceneText(linker=self.app.linker, id="text")  # type: ignore[attr-defined]
            with Vertical(id="side"):
                yield VariableBars(id="bars")
        yield ChoiceList(id="choices")
        yield GameFooter()

    def on_mount(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        """Draw the app's current state; called after every move."""
        app = self.app
        story, state = app.story, app.state  # type: ignore[attr-defined]
        if state is None:
            return
        scene = rules.current_scene(story, state)
        role = story.roles.get(state.role)
        self.query_one(SceneBar).show(f"{weekday_date(scene.date)} · {scene.place}", role.title if role else state.role)
        record = self.query_one("#record", Static)
        choice = app.last_choice  # type: ignore[attr-defined]
        if choice is not None:
            record.update(record_note(choice.label, choice.record))
            record.display = True
        else:
            record.display = False
        self.query_one("#scene-title", Static).update(scene.title)
        self.query_one("#text", SceneText).update(rules.interpolate(scene.text, state))
        previous = app.previous  # type: ignore[attr-defined]
        bars = self.query_one(VariableBars)
        bars.show(story.variables_for(state.role), state.variables, previous.variables if previous else None)
        self.query_one("#side").display = bars.display
        choices = rules.available_choices(story, state)
        chooser = self.query_one(ChoiceList)
        chooser.show_choices(choices, NO_CHOICES)
        count = len(choices)
        chooser.border_title = "What do you do?"
        chooser.border_subtitle = f"1–{min(count, 9)} · ↑↓ Enter" if count > 1 else ("1 · Enter" if count else "u: undo")
        self.query_one("#story", VerticalScroll).scroll_home(animate=False)
        chooser.focus()

    # -- moves ----------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.disabled and not event.option.id.startswith("-"):
            self.app.choose(event.option.id)  # type: ignore[attr-defined]

    def action_choose_number(self, number: int) -> None:
        chooser = self.query_one(ChoiceList)
        options = [o for o in chooser.options if not o.disabled]
        if not options:
            self.notify(NO_CHOICES, severity="warning", timeout=4)
            return
        if number > len(options):
            self.notify(f"There {'is only one choice' if len(options) == 1 else f'are {len(options)} choices'} here.", timeout=3)
            return
        self.app.choose(options[number - 1].id)  # type: ignore[attr-defined]

    def action_scroll_story(self, direction: int) -> None:
        story = self.query_one("#story", VerticalScroll)
        if direction > 0:
            story.scroll_page_down(animate=False)
        else:
            story.scroll_page_up(animate=False)

    def action_title(self) -> None:
        self.app.back_to_title()  # type: ignore[attr-defined]

    # -- reading ----------------------------------------------------------------------------

    def action_history(self) -> None:
        from game.tui.dialogs.history import HistoryDialog

        state = self.app.state  # type: ignore[attr-defined]
        if state is not None:
            self.app.push_screen(HistoryDialog(rules.current_scene(self.app.story, state)))  # type: ignore[attr-defined]

    def action_discuss(self) -> None:
        from game.tui.dialogs.discuss import DiscussDialog

        state = self.app.state  # type: ignore[attr-defined]
        if state is None:
            return
        scene = rules.current_scene(self.app.story, state)  # type: ignore[attr-defined]
        if not scene.discuss:
            self.notify("This scene has no discussion prompts. Press r for what really happened.", timeout=4)
            return
        self.app.push_screen(DiscussDialog(scene))

    def on_scene_text_term_selected(self, event: SceneText.TermSelected) -> None:
        self.app.action_glossary(event.entry)  # type: ignore[attr-defined]

"""The ending: what became of you, what really happened, and your path beside history."""

from __future__ import annotations

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine import rules
from game.engine.journey import PathRow, path_beside_history
from game.i18n.interface import _, language, ngettext
from game.story.dates import date_range, short_date
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.play import SceneBar, record_note, where_lines
from game.tui.screens.responsive import Responsive
from game.tui.styles import PLAY_CSS
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.history import HistoryPanel
from game.tui.widgets.scene_text import SceneText


def path_table(rows: list[PathRow]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column(Text(_("Date")), no_wrap=True, style="bold", min_width=11)
    table.add_column(Text(_("Your path")), ratio=1)
    table.add_column(Text(_("What really happened")), ratio=1)
    for row in rows:
        yours = Text("\n".join(s.title for s in row.yours))
        record = Text()
        for index, event in enumerate(row.record):
            if index:
                record.append("\n")
            if event.id in row.matched:
                record.append("✓ ", style="bold")
            record.append(event.title)
            if event.start != event.end:
                record.append(f" ({date_range(event.start, event.end, short=True, lang=language())})", style="dim")
        table.add_row(
            short_date(row.day, language()), yours, record
        )  # the date is the game's own words; the rest is Text
    return table


class EndingScreen(Responsive):
    """The end of a game. Nothing is a dead end: undo, a new game or the transcript are a key away."""

    CSS_PATH = [PLAY_CSS]

    AUTO_FOCUS = "#ending-scroll"
    BINDINGS = keys.ENDING

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        app = game_app(self)
        story, state = app.story, app.state
        assert state is not None  # the app shows the ending only for a game that has one
        scene = rules.current_scene(story, state)
        ending = scene.ending
        assert ending is not None
        role = story.roles.get(state.role)
        bar = SceneBar(id="scene-bar")
        yield bar
        with VerticalScroll(id="ending-scroll"):
            with Vertical(id="ending-column"):
                choice = app.game.last_choice
                if choice is not None:
                    yield Static(record_note(choice.label, choice.record), id="record")
                banner = Content.assemble(
                    (_("The end"), "$foreground-muted"), "\n", (ending.title, "bold $text-primary")
                )
                if ending.counterfactual:
                    banner += Content.styled(
                        "\n" + _("A counterfactual ending: this did not happen."), "italic $text-warning"
                    )
                yield Static(banner, id="ending-banner")
                yield SceneText(rules.scene_text(scene, state), linker=app.linker, id="ending-text")
                if ending.epilogue.strip():
                    yield Static(_("Epilogue"), classes="section-heading", markup=False)
                    yield SceneText(rules.interpolate(ending.epilogue, state), linker=app.linker, id="epilogue")
                if ending.counterfactual and ending.instead.strip():
                    with Vertical(id="instead"):
                        yield Static(_("What really happened instead"), classes="section-heading", markup=False)
                        yield SceneText(ending.instead, linker=app.linker)
                yield Static(_("What really happened"), classes="section-heading", markup=False)
                yield HistoryPanel(story, scene, linker=app.linker)
                rows = path_beside_history(story, state)
                if rows:
                    yield Static(_("Your path beside history"), classes="section-heading", markup=False)
                    yield Static(path_table(rows), id="path-table")
                    yield Static(_("✓ marks the events your story was set at."), classes="muted", markup=False)
                count = len(state.log)
                yield Static(
                    ngettext(
                        "You made {n} choice as {role}. Press x to save a transcript of your game, "
                        "u to take back your last choice, or n to start again.",
                        "You made {n} choices as {role}. Press x to save a transcript of your game, "
                        "u to take back your last choice, or n to start again.",
                        count,
                    ).format(n=count, role=role.title if role else state.role),
                    id="ending-hint",
                    markup=False,
                )
        yield GameFooter()
        self._where = (where_lines(scene), role.title if role else state.role)

    def on_mount(self) -> None:
        self.query_one(SceneBar).show(*self._where)

    def show_state(self) -> None:
        self.refresh(recompose=True)
        self.call_after_refresh(lambda: self.query_one(SceneBar).show(*self._where))

    def on_scene_text_term_selected(self, event: SceneText.TermSelected) -> None:
        game_app(self).action_glossary(event.entry)

    def action_title(self) -> None:
        game_app(self).back_to_title()

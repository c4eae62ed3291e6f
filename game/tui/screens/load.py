"""The load screen (key l): every save with its role, story date, scene and when it was saved."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.saves import AUTOSAVE, SaveInfo
from game.story.dates import from_iso, long_date, saved_when
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import Hanging


def _entry(info: SaveInfo, role_title: str) -> Hanging:
    name = "Last game (saved by itself)" if info.slot == AUTOSAVE else info.slot
    day = from_iso(info.story_date)
    details = [info.scene_title or info.scene]
    if info.class_name or info.class_day:  # a class's game: by the class's name and the day it began
        class_day = from_iso(info.class_day)
        begun = f", begun {long_date(class_day)}" if class_day else ""
        details.insert(0, f"Class {info.class_name or '(no name)'}{begun}")
    if day:
        details.append(long_date(day))
    details.append(f"{info.choices} choice{'s' if info.choices != 1 else ''}")
    details.append(f"saved {saved_when(info.saved_at)}")
    body = Content.assemble(
        (name, "bold"), "  ", (role_title, "italic"), "\n", (" · ".join(details), "$foreground-muted")
    )
    return Hanging("", body)


class LoadScreen(Responsive):
    """Pick a save and press Enter; damaged files are listed with the reason."""

    CSS_PATH = [LISTS_CSS]

    AUTO_FOCUS = "#saves"
    BINDINGS = keys.LOAD

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        yield Static("Load a saved game", classes="screen-title")
        with Vertical(id="load-body"):
            yield OptionList(id="saves")
            yield Static(id="load-empty", markup=False)
            yield Static(id="load-problems", markup=False)
        yield GameFooter()

    def on_mount(self) -> None:
        self.refresh_list()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._sync_size_classes()
        self.refresh_list()

    def refresh_list(self) -> None:
        app = game_app(self)
        infos, problems = app.saves.slots()
        roles = app.story.roles
        options = []
        for info in infos:
            role = roles.get(info.role)
            options.append(
                Option(_entry(info, role.title if role else f"{info.role} (not in this story)"), id=info.slot)
            )
        saves = self.query_one("#saves", OptionList)
        saves.set_options(options)
        saves.display = bool(options)
        if options:
            saves.highlighted = 0
        empty = self.query_one("#load-empty", Static)
        empty.display = not options
        empty.update(
            f"There are no saved games in {app.saves.folder} yet.\n\n"
            "The game saves itself after every choice; press s while playing to keep a named save. "
            "Press Esc to go back."
        )
        box = self.query_one("#load-problems", Static)
        box.display = bool(problems)
        box.update("These files could not be read and are left untouched:\n" + "\n".join(f"• {p}" for p in problems))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            game_app(self).load_slot(event.option.id)

    def action_close(self) -> None:
        self.dismiss()

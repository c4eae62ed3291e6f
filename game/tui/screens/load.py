"""The load screen (key l): every save with its role, story date, scene and when it was saved."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.saves import AUTOSAVE, SaveInfo
from game.i18n.interface import _, language, ngettext
from game.story.dates import from_iso, long_date, saved_when
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import Hanging


def _entry(info: SaveInfo, role_title: str) -> Hanging:
    name = _("Last game (saved by itself)") if info.slot == AUTOSAVE else info.slot
    day = from_iso(info.story_date)
    details = [info.scene_title or info.scene]
    if info.class_name or info.class_day:  # a class's game: by the class's name and the day it began
        class_day = from_iso(info.class_day)
        name_of_class = info.class_name or _("(no name)")
        if class_day:
            shown = _("Class {name}, begun {day}").format(name=name_of_class, day=long_date(class_day, language()))
        else:
            shown = _("Class {name}").format(name=name_of_class)
        details.insert(0, shown)
    if day:
        details.append(long_date(day, language()))
    details.append(ngettext("{n} choice", "{n} choices", info.choices).format(n=info.choices))
    details.append(_("saved {when}").format(when=saved_when(info.saved_at, lang=language(), words=_)))
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
        yield Static(_("Load a saved game"), classes="screen-title", markup=False)
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
                Option(
                    _entry(info, role.title if role else _("{role} (not in this story)").format(role=info.role)),
                    id=info.slot,
                )
            )
        saves = self.query_one("#saves", OptionList)
        saves.set_options(options)
        saves.display = bool(options)
        if options:
            saves.highlighted = 0
        empty = self.query_one("#load-empty", Static)
        empty.display = not options
        empty.update(
            _(
                "There are no saved games in {folder} yet.\n\n"
                "The game saves itself after every choice; press s while playing to keep a named save. "
                "Press Esc to go back."
            ).format(folder=app.saves.folder)
        )
        box = self.query_one("#load-problems", Static)
        box.display = bool(problems)
        box.update(
            _("These files could not be read and are left untouched:") + "\n" + "\n".join(f"• {p}" for p in problems)
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            game_app(self).load_slot(event.option.id)

    def action_close(self) -> None:
        self.dismiss()

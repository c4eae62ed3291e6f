"""Discussion prompts for the classroom (key d)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.i18n.interface import _
from game.story.model import Scene
from game.tui import keys
from game.tui.styles import DIALOG_CSS
from game.tui.widgets.footer import GameFooter


class DiscussDialog(ModalScreen[None]):
    """Questions to talk about; nothing here changes the game."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = keys.DISCUSS

    def __init__(self, scene: Scene) -> None:
        super().__init__(classes="dialog-screen")
        self.scene = scene

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(_("To discuss"))
            box.border_subtitle = Content(_("Esc to close"))
            yield Static(self.scene.title, classes="dialog-heading", markup=False)
            with VerticalScroll(classes="dialog-body"):
                for number, prompt in enumerate(self.scene.discuss, 1):
                    yield Static(f"{number}. {' '.join(prompt.split())}", classes="prompt", markup=False)
                yield Static(
                    _("There are no right answers here: talk about what you think, and why."),
                    classes="muted",
                    markup=False,
                )
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        from game.tui.dialogs.history import HistoryDialog

        self.app.switch_screen(HistoryDialog(self.scene))

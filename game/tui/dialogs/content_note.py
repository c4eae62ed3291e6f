"""The pack's content note, shown before a new game begins."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.i18n.interface import N_, _
from game.tui.styles import DIALOG_CSS


class ContentNoteDialog(ModalScreen[bool]):
    """True to begin, False to go back to the title screen."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, note: str) -> None:
        super().__init__(classes="dialog-screen")
        self.note = " ".join(note.split())

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(_("Before you begin"))
            with VerticalScroll(classes="dialog-body"):
                yield Static(self.note, classes="dialog-message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Begin")), id="begin", variant="primary")
                yield Button(Content(_("Back")), id="back")

    def on_mount(self) -> None:
        self.query_one("#begin", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "begin")

    def action_back(self) -> None:
        self.dismiss(False)

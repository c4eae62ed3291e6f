"""A question with a few buttons; the answer is the chosen button's key."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from game.tui.styles import DIALOG_CSS


class ConfirmDialog(ModalScreen[str]):
    """Ask; Esc answers 'cancel' (or the last button's key)."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, message: str, buttons: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.buttons = list(buttons)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="buttons"):
                for key, label, variant in self.buttons:
                    yield Button(label, id=f"answer-{key}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))

    def action_cancel(self) -> None:
        keys = [key for key, _, _ in self.buttons]
        self.dismiss("cancel" if "cancel" in keys else keys[-1])

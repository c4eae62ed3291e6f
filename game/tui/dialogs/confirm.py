"""A question with a few buttons; the answer is the chosen button's key."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from game.i18n.interface import N_
from game.tui.styles import DIALOG_CSS


class ConfirmDialog(ModalScreen[str]):
    """Ask; Esc answers 'cancel', or else the first button's key (the safe answer comes first)."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("left", "app.focus_previous", show=False),
        Binding("right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, message: str, buttons: Sequence[tuple[str, str, ButtonVariant]]) -> None:
        """``buttons`` are (key, label, variant); every text is shown as it is, never read as markup."""
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.buttons = list(buttons)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = Content(self.title_text)
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="buttons"):
                for key, label, variant in self.buttons:
                    yield Button(Content(label), id=f"answer-{key}", variant=variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "answer-cancel").removeprefix("answer-"))

    def action_cancel(self) -> None:
        keys = [key for key, _label, _variant in self.buttons]
        self.dismiss("cancel" if "cancel" in keys else keys[0])

"""'What really happened' in the current scene, with its sources (key r)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from game.i18n.interface import _, language
from game.story.dates import long_date
from game.story.model import Scene
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.styles import DIALOG_CSS, PLAY_CSS
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.history import HistoryPanel
from game.tui.widgets.scene_text import SceneText


class HistoryDialog(ModalScreen[None]):
    """The historical record behind a scene; long texts scroll."""

    CSS_PATH = [DIALOG_CSS, PLAY_CSS]

    BINDINGS = keys.HISTORY

    def __init__(self, scene: Scene) -> None:
        super().__init__(classes="dialog-screen")
        self.scene = scene

    def compose(self) -> ComposeResult:
        app = game_app(self)
        with Vertical(classes="dialog wide-dialog") as box:
            box.border_title = Content(_("What really happened"))
            box.border_subtitle = Content(_("Esc to close"))
            yield Static(
                f"{self.scene.title} · {long_date(self.scene.date, language())}", classes="dialog-heading", markup=False
            )
            with VerticalScroll(classes="dialog-body"):
                yield HistoryPanel(app.story, self.scene, linker=app.linker)
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one(".dialog-body").focus()

    def action_dismiss_dialog(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: int) -> None:
        body = self.query_one(".dialog-body", VerticalScroll)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)

    def on_scene_text_term_selected(self, event: SceneText.TermSelected) -> None:
        game_app(self).action_glossary(event.entry)

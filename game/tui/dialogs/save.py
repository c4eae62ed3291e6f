"""Save to a named slot (key s): type a name, see what it will be saved as, Enter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from game.engine.saves import AUTOSAVE, SaveError, SaveInfo, slot_name
from game.i18n.interface import N_, _, language
from game.story.dates import saved_when
from game.tui.game_app import game_app
from game.tui.safe_text import notice
from game.tui.styles import DIALOG_CSS


class SaveDialog(ModalScreen[str | None]):
    """Dismissed with the slot saved to, or None when cancelled."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.existing: dict[str, SaveInfo] = {}

    def compose(self) -> ComposeResult:
        app = game_app(self)
        infos, _problems = app.saves.slots()
        self.existing = {info.slot.casefold(): info for info in infos if info.slot != AUTOSAVE}
        state = app.state
        scene = app.story.scenes.get(state.scene) if state else None
        suggestion = scene.title if scene else _("my game")
        try:
            suggestion = slot_name(suggestion)
        except SaveError:
            suggestion = _("my game")
        with Vertical(classes="dialog") as box:
            box.border_title = Content(_("Save the game"))
            yield Static(
                _("Name this save. Your game is also saved by itself after every choice."),
                classes="dialog-message",
                markup=False,
            )
            field = Input(value=suggestion, placeholder=_("a name for this save"), id="slot-name", max_length=60)
            field.cursor_blink = app.input_cursor_blink
            yield field
            yield Static(id="slot-hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Save")), id="save", variant="primary")
                yield Button(Content(_("Cancel")), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#slot-name", Input).focus()
        self._describe(self.query_one("#slot-name", Input).value)

    def _describe(self, text: str) -> bool:
        hint = self.query_one("#slot-hint", Static)
        try:
            name = slot_name(text)
        except SaveError as exc:
            hint.update(f"⚠ {str(exc)[0].upper()}{str(exc)[1:]}.")
            hint.set_class(True, "-error")
            return False
        hint.set_class(False, "-error")
        existing = self.existing.get(name.casefold())
        if existing is not None:
            hint.update(
                _("Replaces the save '{slot}' ({scene}, saved {when}).").format(
                    slot=existing.slot,
                    scene=existing.scene_title,
                    when=saved_when(existing.saved_at, lang=language(), words=_),
                )
            )
        elif name != text.strip():
            hint.update(_("Will be saved as '{name}'.").format(name=name))
        else:
            hint.update(_("Saved into {folder}").format(folder=game_app(self).saves.folder))
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        self._describe(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def _save(self) -> None:
        text = self.query_one("#slot-name", Input).value
        if not self._describe(text):
            self.query_one("#slot-name", Input).focus()
            return
        try:
            slot = game_app(self).save_to_slot(text)
        except SaveError as exc:
            self.query_one("#slot-hint", Static).update(f"⚠ {exc}")
            self.query_one("#slot-hint", Static).set_class(True, "-error")
            return
        notice(
            self, _("Saved as '{slot}'. Press l to load it later.").format(slot=slot), title=_("Game saved"), timeout=5
        )
        self.dismiss(slot)

    def action_cancel(self) -> None:
        self.dismiss(None)

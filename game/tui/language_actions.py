"""The app's language keys (F4, the title menu's Language item), as a mixin of the app.

What a switch does is :class:`game.tui.language.LanguageSwitch`'s; this mixin asks it, says why a
switch cannot happen now (no translation, a question waiting for its answer), and tells the player
the language now on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import ModalScreen

from game.i18n.interface import _
from game.tui.language import language_name, next_language
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.tui.language import LanguageSwitch


class LanguageActions(App[int]):
    """``app.languages()`` and ``action_next_language`` over the app's :class:`LanguageSwitch`."""

    language: LanguageSwitch

    def languages(self) -> list[str]:
        """The languages the app can speak this story in (English first)."""
        return self.language.languages()

    def action_next_language(self) -> None:
        """F4 or the title menu: the next language, in the same place of the same game."""
        from game.i18n import interface

        languages = self.languages()
        if len(languages) < 2:
            notice(self, _("This story has no translation to switch to."), timeout=3)
            return
        if isinstance(self.screen, ModalScreen):  # a question is waiting for its answer: never drop it
            notice(self, _("Close this dialog first, then switch the language."), timeout=3)
            return
        wanted = next_language(interface.language(), languages)
        if self.language.switch(wanted):
            notice(self, _("Language: {language}").format(language=language_name(interface.language())), timeout=2)

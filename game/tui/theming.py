"""Which theme the app wears: the remembered one at start, F2 and F3 to change it, and remembering the change.

A projector (classroom mode) remembers its own theme, light and large by
default; a player's terminal remembers another. The rule is here; the app
only registers the themes and applies the name.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App

from game.i18n.interface import _
from game.tui.safe_text import notice
from game.tui.settings import Settings
from game.tui.themes import CLASSROOM_THEME, DEFAULT_THEME, HIGH_CONTRAST, THEME_NAMES, THEMES


class ThemeChoice:
    """The theme setting of one app: classroom mode's, or the player's."""

    def __init__(self, settings: Settings, *, classroom: bool) -> None:
        self.settings = settings
        self.classroom = classroom

    @property
    def remembered(self) -> str | None:
        return self.settings.classroom_theme if self.classroom else self.settings.theme

    def initial(self, available: Iterable[str]) -> str:
        """The theme to start in: the remembered one if it still exists, else the mode's default."""
        wanted = self.remembered
        default = CLASSROOM_THEME if self.classroom else DEFAULT_THEME
        return wanted if wanted is not None and wanted in set(available) else default

    def remember(self, theme: str) -> str | None:
        """Keep ``theme`` for next time; returns why it could not be written, or None."""
        if self.remembered == theme:
            return None
        if self.classroom:
            self.settings.classroom_theme = theme
        else:
            self.settings.theme = theme
        return self.settings.save()


def next_theme(current: str) -> str:
    """F2: the game's next theme, in order, starting over after the last."""
    index = THEME_NAMES.index(current) + 1 if current in THEME_NAMES else 0
    return THEME_NAMES[index % len(THEME_NAMES)]


def toggled_contrast(current: str) -> str:
    """F3: high contrast on, or back to the game's own look."""
    return DEFAULT_THEME if current == HIGH_CONTRAST else HIGH_CONTRAST


class Theming:
    """An app's themes: registered with the remembered one in place, switched by F2 and F3, remembered."""

    def __init__(self, app: App[int], settings: Settings, *, classroom: bool) -> None:
        self.app = app
        self.choice = ThemeChoice(settings, classroom=classroom)
        self.ready = False

    def install(self) -> None:
        """Register the game's themes and put the remembered one in place, once, before any CSS is parsed.

        App.__init__ asks for the CSS variables once before it parses the stylesheet; setting
        ``theme`` afterwards would parse it all again.
        """
        if self.ready:
            return
        self.ready = True
        for theme in THEMES:
            self.app.register_theme(theme)
        self.app.set_reactive(App.theme, self.choice.initial(self.app.available_themes))

    def changed(self, theme: str) -> None:
        """The theme changed (F2, F3, the palette): remember it, or say why it will not be remembered."""
        problem = self.choice.remember(theme)
        if problem:
            notice(
                self.app,
                _("The theme is on, but it will not be remembered: {problem}").format(problem=problem),
                severity="warning",
            )

    def switch(self, theme: str) -> None:
        self.app.theme = theme
        notice(self.app, _("Theme: {theme}").format(theme=theme), timeout=2)

"""The app's language: switching between English and the story's translations, mid-game, keeping the place.

A save is the same in every language (ids, not words), so a switch changes only what is shown: the
interface speaks the new language (:mod:`game.i18n.interface`), the story is laid over with its
catalogue (:func:`game.i18n.story_language.story_in`, always from the English story, which is
loaded again from the packs when the app began in another language), the Playthrough goes on in it
(:meth:`~game.engine.playthrough.Playthrough.refit`, which keeps the state: the ids are the same),
and every screen is built again in the new words. The choice is kept in the settings file for the
next start without ``--lang``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.i18n import interface
from game.i18n.interface import _
from game.i18n.languages import ENGLISH, story_languages
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.story.model import Story
    from game.tui.app import Spring68App

LANGUAGE_NAMES = {"en": "English", "cs": "Čeština", "sk": "Slovenčina"}
"""Each language by its own name (a Czech reader looks for "Čeština", whatever the screen speaks now)."""


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, lang)


def offered(story: Story) -> list[str]:
    """The languages the app can switch to: English and each one some pack has a catalogue for."""
    return story_languages(str(pack.path) for pack in story.packs)


def in_language(english: Story, lang: str) -> tuple[Story, list[str]]:
    """The story as written, in ``lang`` (English as it is), and any catalogue that could not be read.

    Used by the switch and by live reload (``--watch``), which loads the English again after an edit.
    """
    if lang == ENGLISH:
        return english, []
    from game.i18n.story_language import story_in

    return story_in(english, lang)


def next_language(current: str, languages: list[str]) -> str:
    """The language after ``current`` in ``languages``, starting over after the last."""
    index = languages.index(current) + 1 if current in languages else 0
    return languages[index % len(languages)]


class LanguageSwitch:
    """One app's language: what it offers, and the switch to another."""

    def __init__(self, app: Spring68App) -> None:
        self.app = app
        self._english: Story | None = app.story if interface.language() == ENGLISH else None

    def languages(self) -> list[str]:
        return offered(self.app.story)

    def remember_english(self, story: Story) -> None:
        """The story as written is now ``story`` (live reload loaded it again): later switches start from it."""
        self._english = story

    def english_story(self) -> Story | None:
        """The story as written (its translations are made from it); loaded again if the app began translated."""
        if self._english is None:
            from game.story.cache import load_for_play

            story, _problems = load_for_play([str(pack.path) for pack in self.app.story.packs])
            self._english = story
        return self._english

    def switch(self, lang: str) -> bool:
        """Speak ``lang`` from now on, in the same place of the same game; False (and why) if it cannot."""
        app = self.app
        english = self.english_story()
        if english is None:
            notice(app, _("The story could not be read again, so the language stays as it is."), severity="error")
            return False
        spoken = interface.set_language(lang)
        story, problems = in_language(english, spoken)
        problem = app.game.refit(story)
        if problem is not None:  # cannot happen with the same ids; never lose the game over it
            notice(app, problem, severity="error")
            return False
        app.title = story.title
        app.settings.language = spoken
        not_kept = app.settings.save()
        self.rebuild_screens()
        for text in [*problems, *interface.problems]:
            notice(app, text, severity="warning", timeout=10)
        interface.problems.clear()
        if not_kept:
            notice(app, _("The language is on, but it will not be remembered: {problem}").format(problem=not_kept))
        return True

    def rebuild_screens(self) -> None:
        """Every screen again in the new words: the title screen, and the game's screen if a game is on show."""
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.play import PlayScreen

        app = self.app
        playing = any(isinstance(screen, (PlayScreen, EndingScreen)) for screen in app.screen_stack)
        while len(app.screen_stack) > 1:
            app.pop_screen()
        app.screen_stack[0].refresh(recompose=True)
        if playing:
            app.story_changed()  # the game's screen again, at the same place
        else:
            app.forget_glossary_links()

"""The Spring '68 Textual app: it sequences the title, play, ending and reference screens.

The game in progress is a :class:`~game.engine.playthrough.Playthrough`
(``app.game``), the same object plain mode drives; every rule is there or
further down in the engine. The app holds only UI state: the screens, the
discussion timer (:mod:`game.tui.class_timer`), the theme
(:mod:`game.tui.theming`) and the background autosaves
(:mod:`game.tui.autosaver`). It takes a loaded Story, or a
:class:`~game.tui.title_first.StoryLater` whose story loads in a thread
once the title screen is on the terminal (any action waits for it), and a
SaveFolder (Harlequin's pattern: the backend is a constructor argument), so
tests build it with a tiny pack and a temporary folder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import SystemCommand
from textual.screen import Screen

from game.engine import rules
from game.engine.playthrough import NothingToUndo
from game.engine.saves import SaveFolder
from game.i18n.interface import _
from game.story.model import Story
from game.tui import keys, opening
from game.tui.autosaver import Autosaver
from game.tui.class_actions import ClassActions, ClassOptions
from game.tui.class_timer import ClassTimer
from game.tui.frames import frames_as_drawn
from game.tui.language_actions import LanguageActions
from game.tui.reference import ReferenceActions
from game.tui.safe_text import notice
from game.tui.screens.title import TitleScreen
from game.tui.settings import Settings, settings_path
from game.tui.story_arrival import StoryArrival
from game.tui.styles import APP_CSS
from game.tui.textual_words import TextualWords
from game.tui.theming import Theming, next_theme, toggled_contrast
from game.tui.title_first import StoryLater

if TYPE_CHECKING:
    from game.engine.classroom import Source


class Spring68App(TextualWords, StoryArrival, LanguageActions, ReferenceActions, ClassActions):
    """The game's screens, in order; the game itself is ``self.game``."""

    CSS_PATH = APP_CSS
    TITLE = "Spring '68"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = keys.APP

    def __init__(
        self,
        story: Story | StoryLater,
        saves: SaveFolder,
        *,
        role: str | None = None,
        start: str | None = None,
        overrides: Mapping[str, int | bool] | None = None,
        settings: Settings | None = None,
        cursor_blink: bool = True,
        watch: Sequence[str] | None = None,
        classroom: bool = False,
        resume: str | None = None,
        class_options: ClassOptions | None = None,
    ) -> None:
        options = class_options or ClassOptions()
        self.classroom = classroom
        """Classroom mode: a projector theme, discussion pauses, class votes and a timer."""
        self.autosaver = Autosaver(self, None)
        self.class_timer = ClassTimer(self, options.timer_minutes)
        self.class_channel = options.channel
        self.class_devices = options.devices
        self._watch = list(watch) if watch else None
        """Pack folders to watch for changes (live reload), or None."""
        self.settings = settings if settings is not None else Settings.load(settings_path(saves.folder))
        self.input_cursor_blink = cursor_blink
        """False in snapshot tests, so text fields draw the same every time."""
        self._launch = (role, start, dict(overrides or {}))
        self._resume = resume
        """A save slot to open at once (``spring68 play --continue`` / ``--load NAME``), or None."""
        self.theming = Theming(self, self.settings, classroom=classroom)
        if classroom:
            from game.tui.styles import CLASSROOM_CSS

            super().__init__(css_path=[APP_CSS, CLASSROOM_CSS])
            self.add_class("-classroom")
        else:
            super().__init__()
        # Private Textual API, kept on purpose: Theming puts the remembered theme in place with set_reactive
        # (no watcher, so CSS is parsed once), which leaves Textual's ANSI-to-truecolor filter made for its
        # default dark theme. The public way (assigning ansi_theme_light/dark) would restyle every widget
        # again before the first frame. tests/tui/test_tui_settings.py::
        # test_a_remembered_light_theme_maps_ansi_colours_with_the_light_palette fails if this stops working.
        self._refresh_truecolor_filter(self.ansi_theme)
        self.expect_story(story, saves, options.lesson if classroom else None)
        self.title = self.front.packs[0].title

    @property
    def timer_ends(self) -> float | None:
        return self.class_timer.ends

    # -- set-up and themes ------------------------------------------------------------

    def get_css_variables(self) -> dict[str, str]:
        self.theming.install()  # asked once by App.__init__, before any CSS is parsed
        return super().get_css_variables()

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        if self._watch:
            from game.tui.live_reload import LiveReload

            self.live_reload = LiveReload(self, self._watch)
            self.live_reload.start()
        self.start_devices()
        role, start, overrides = self._launch
        opening.first(self, role=role, start=start, overrides=overrides, resume=self._resume)
        self.load_story_after_first_frame()

    def watch_theme(self, theme: str) -> None:
        self.theming.changed(theme)

    def action_cycle_theme(self) -> None:
        self.theming.switch(next_theme(self.theme))

    def action_toggle_high_contrast(self) -> None:
        self.theming.switch(toggled_contrast(self.theme))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from game.tui.commands import game_commands, textual_commands

        yield from textual_commands(super().get_system_commands(screen))
        yield from game_commands(self)

    # -- the game: each move is the Playthrough's; the app shows the result ------------------

    @work(exclusive=True, group="game-flow")
    async def start_new_game(
        self,
        role: str,
        *,
        start: str | None = None,
        overrides: Mapping[str, int | bool] | None = None,
        ask: bool = True,
    ) -> None:
        await opening.new_game(self, role, start=start, overrides=overrides, ask=ask)

    def continue_game(self) -> None:
        opening.continue_game(self)

    @work(exclusive=True, group="game-flow")
    async def load_slot(self, slot: str) -> None:
        await opening.load_slot(self, slot)

    def choose(self, choice_id: str, votes: Mapping[str, int] | None = None, source: Source = "hands") -> None:
        """Make a choice (by stable id), with the class's counts if it was voted on (typed from ``hands`` or from
        the students' ``devices``); show and autosave it.

        In classroom mode a scene with prompts is followed by a discussion pause.
        """
        if self.state is None:
            return
        try:
            move = self.game.choose(choice_id, votes, source)
        except rules.RuleError as exc:
            notice(self, str(exc), severity="error")
            return
        if self.class_timer.ringing:
            self.class_timer.set(None)  # a timer that has run out is done with once the class moves on
        self.show_game()
        self.autosaver.soon()
        if self.classroom and move.scene.discuss:
            from game.tui.dialogs.classroom import DiscussionPause

            self.push_screen(DiscussionPause(move.scene, move.choice, move.counts))

    def action_undo(self) -> None:
        self.undo()

    def undo(self) -> None:
        if self.state is None:
            return
        try:
            self.game.undo()
        except NothingToUndo as exc:
            notice(self, str(exc), timeout=4)
            return
        except rules.RuleError as exc:
            notice(self, str(exc), severity="error")
            return
        self.show_game()
        self.autosaver.soon()
        notice(self, _("You take back your last choice."), timeout=3)

    def story_changed(self) -> None:
        """The Playthrough now runs on a changed story (live reload, a language): glossary links and screens follow."""
        self.forget_glossary_links()
        self.show_game()

    def show_game(self) -> None:
        """Put the right screen for the current state on top: play, or the ending."""
        from game.tui.routing import show_game

        show_game(self)

    def back_to_title(self) -> None:
        self.autosave()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- saving and leaving -------------------------------------------------------------

    def soon(self, delay: float, callback: Callable[[], object]) -> None:
        """Call ``callback`` on the app's queue after ``delay`` s (a Textual timer costs too much per move)."""
        asyncio.get_running_loop().call_later(delay, self.call_next, callback)

    def autosave(self) -> None:
        """Write the autosave in the background if the game changed; play never waits for the disk."""
        self.autosaver.start()

    async def wait_for_saves(self) -> None:
        """Until every autosave started so far has been written (or has failed)."""
        await self.autosaver.wait()

    def save_to_slot(self, name: str) -> str:
        """Save the current game to a named slot; returns the slot name; raises SaveError."""
        return self.game.save(name)

    async def action_quit(self) -> None:
        """Quit once the game is saved; asks first when the last autosave failed."""
        self.quit_when_saved()

    @work(exclusive=True, group="quit")
    async def quit_when_saved(self) -> None:
        """Wait for the autosaves, try a failed one again, and exit (or ask, if the game is still not saved)."""
        from game.tui.leaving import may_quit

        self.autosave()
        await self.wait_for_saves()
        self.autosaver.write_now()  # a failed write is tried once more
        if not self.story_loaded or await may_quit(self):
            self.exit(0)

    def on_unmount(self) -> None:
        try:
            self.autosaver.write_now()
        except Exception:  # noqa: BLE001 - never let a last save turn an exit into a crash
            pass


def run_tui(story: Story | StoryLater, saves: SaveFolder, **options: Any) -> int:
    """Run the app in this terminal until the player quits; returns the exit code.

    ``options`` are :class:`Spring68App`'s keywords (``role``, ``start``, ``watch``, ``classroom``,
    ``resume``, ``class_options``…), passed on as they are. A StoryLater that did not load ends the
    app with code 2; its problems are then the StoryLater's (``later.problems``).
    """
    app = Spring68App(story, saves, **options)
    with frames_as_drawn():
        result = app.run()
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0

"""The story's arrival in the app: at once (a loaded Story), or in a thread behind the title screen, as a mixin.

With a :class:`~game.tui.title_first.StoryLater` the title screen is drawn from
the packs' manifests (:attr:`StoryArrival.front`), and the app starts the load
once that screen is on the terminal. Every action (a key, a menu item, a palette
command) awaits :meth:`StoryArrival.story_ready` first, so a player faster than
the load waits for it without the screen freezing, and nothing ever sees a game
without its story. A story that does not load ends the app with code 2 and its
problems in :attr:`StoryArrival.load_problems`, which :func:`~game.tui.app.run_tui`'s
caller prints as the command line always has.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from textual import work
from textual.actions import ActionParseResult
from textual.app import App
from textual.dom import DOMNode

from game.engine.playthrough import Playthrough
from game.engine.saves import SaveFolder
from game.engine.state import GameState
from game.story.errors import Problem
from game.story.model import Story
from game.tui.autosaver import Autosaver
from game.tui.first_frame_gc import resume_after_start
from game.tui.language import LanguageSwitch
from game.tui.title_first import Front, StoryLater, front_of

if TYPE_CHECKING:
    from game.tui.app import Spring68App
    from game.tui.data.glossary_links import GlossaryLinker


LOAD_GRACE = 0.1
"""Seconds from the title's first frame to the start of the story's load behind it (any action starts it sooner)."""


class StoryArrival(App[int]):
    """``app.game``, ``app.story``, ``app.front``, ``app.state``, ``app.saves`` and ``app.language``, whenever the
    story arrives."""

    classroom: bool
    autosaver: Autosaver

    def expect_story(self, story: Story | StoryLater, saves: SaveFolder, lesson: str | None) -> None:
        """Set up (in the app's ``__init__``): the story now, or the one to load after the first frame."""
        self._saves, self._lesson = saves, lesson
        self._later = story if isinstance(story, StoryLater) else None
        self._front = story.front if isinstance(story, StoryLater) else front_of(story)
        self._game: Playthrough | None = None
        self._language: LanguageSwitch | None = None
        self._failed = False
        self._linker: GlossaryLinker | None = None
        self.load_problems: list[Problem] = []
        """Why the story loading behind the title screen did not load (the app then ends with code 2)."""
        if not isinstance(story, StoryLater):
            self._arrive(story, [])

    def _arrive(self, story: Story | None, problems: list[Problem]) -> None:
        """The story is here: the game can begin. A story that did not load ends the app with its problems."""
        if self._game is not None or self._failed:
            return
        if story is None:
            self._failed, self.load_problems = True, problems
            self.exit(2, return_code=2)
            return
        lesson = story.lessons.get(self._lesson) if self._lesson else None
        self.game = Playthrough(story, self._saves, classroom=self.classroom, lesson=lesson)

    def load_story_after_first_frame(self) -> None:
        """Start the load behind the title screen (called from ``on_mount``; nothing to load for a loaded story).

        It starts :data:`LOAD_GRACE` after the first frame, not at once: the frame is only handed to
        Textual's output thread then, and the terminal has still to draw it. A load started at once
        took the CPU (and the GIL) from both: with an empty play cache the title reached a tmux pane
        1.58x as late as a bare Textual app's first screen, against 1.25x with the load held back
        (bench/bench_tui.py's cold row, the two interleaved on a busy machine). An action in the
        meantime starts the load at once; the load itself (0.1-0.2 s with an empty cache) is unchanged.
        """
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        asyncio.get_running_loop().call_later(LOAD_GRACE, self.call_next, self._after_grace)

    def _after_grace(self) -> None:
        resume_after_start()  # the garbage collector, held off by the start (first_frame_gc) until now
        if self._game is None:
            self._load_story()

    @work(group="story")
    async def _load_story(self) -> None:
        await self.story_ready()

    async def story_ready(self) -> bool:
        """Wait (in a thread, so the screen stays alive) until the story has loaded; False if it cannot be played."""
        if self._game is None and self._later is not None and not self._failed:
            self._arrive(*await asyncio.to_thread(self._later.wait))
        return self._game is not None

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every action (a key, a menu number, a palette command) waits for the story first."""
        if not await self.story_ready():
            return False
        return await super().run_action(action, default_namespace, namespaces)

    @property
    def story_loaded(self) -> bool:
        return self._game is not None

    @property
    def game(self) -> Playthrough:
        if self._game is None and self._later is not None:
            self._arrive(*self._later.wait())  # a path that did not await story_ready: wait here
        if self._game is None:
            raise RuntimeError("the story did not load")  # the app is ending, with the pack's problems
        return self._game

    @game.setter
    def game(self, game: Playthrough) -> None:
        self._game = self.autosaver.game = game

    @property
    def front(self) -> Front:
        """What the title screen shows: the packs and roles, from the manifests until the story is here."""
        return front_of(self._game.story) if self._game is not None else self._front

    @property
    def language(self) -> LanguageSwitch:
        """The language the app speaks, switched from the title menu or with F4 (:mod:`game.tui.language`)."""
        if self._language is None:
            self._language = LanguageSwitch(cast("Spring68App", self))
        return self._language

    @language.setter
    def language(self, switch: LanguageSwitch) -> None:
        self._language = switch

    def languages(self) -> list[str]:
        """The languages the app can speak this story in (English first): before the story, its packs' folders."""
        if self._game is None:
            from game.i18n.languages import story_languages

            return story_languages(pack.path for pack in self._front.packs)
        return self.language.languages()

    @property
    def story(self) -> Story:
        return self.game.story

    @property
    def linker(self) -> GlossaryLinker:
        """The glossary's words found in scene text, for links (found again after :meth:`forget_glossary_links`)."""
        if self._linker is None:
            from game.tui.data.glossary_links import GlossaryLinker

            self._linker = GlossaryLinker(self.story.glossary)
        return self._linker

    def forget_glossary_links(self) -> None:
        """The glossary changed (live reload, another language): its links are found again when next needed."""
        self._linker = None

    @property
    def saves(self) -> SaveFolder:
        return self._saves

    @property
    def state(self) -> GameState | None:
        return self._game.state if self._game is not None else None

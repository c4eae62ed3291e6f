"""The Spring '68 Textual app: title, play, ending and the reference screens.

The app holds the current game and carries out the player's moves by calling
the engine (``new_game``, ``choose``, ``undo``) and the save folder; the
screens only draw the state and pass keys on. It takes a loaded
:class:`~game.story.model.Story` and a :class:`~game.engine.saves.SaveFolder`
(Harlequin's pattern: the backend is a constructor argument), so tests build
it with a tiny pack and a temporary folder.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.engine import keeping, rules
from game.engine.saves import AUTOSAVE, SaveError, SaveFolder, slot_name
from game.engine.state import GameState
from game.story.model import Choice, Story
from game.tui.links import open_link
from game.tui.safe_text import escape_markup, notice
from game.tui.screens.title import TitleScreen
from game.tui.settings import Settings, settings_path
from game.tui.styles import APP_CSS
from game.tui.themes import CLASSROOM_THEME, DEFAULT_THEME, HIGH_CONTRAST, THEMES

CLASS_TIMER_MINUTES = 3
"""The discussion timer's length when the teacher starts it (m); + and - change it a minute at a time."""

AUTOSAVE_AFTER = 0.03
"""Seconds from a move to its autosave: the next scene reaches the terminal first (Textual writes
frames from a thread that the save would hold up). Quitting saves at once, so nothing is lost."""

OUTPUT_SWITCH_INTERVAL = 0.0005
"""How long (s) the event loop may keep the GIL while Textual's output thread waits to write a frame.

Textual draws a frame on the main thread and hands the text to a writer
thread, which needs the GIL several times to get it onto the terminal (wake
up, encode, write, flush). With Python's default switch interval of 5 ms,
each hand-over waits up to 5 ms whenever the event loop goes straight on to
more work, as it does at start-up: the title screen reached the terminal
15-20 ms after it was drawn. The interval only matters while a thread is
waiting for the GIL, so a short one costs nothing otherwise.
"""

if TYPE_CHECKING:
    from textual.timer import Timer

    from game.tui.data.glossary_links import GlossaryLinker


class Spring68App(App[int]):
    """The game. Every rule is the engine's; this class only sequences screens, saves and settings."""

    CSS_PATH = APP_CSS
    TITLE = "Spring '68"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("f2", "cycle_theme", "Theme", show=False),
        Binding("f3", "toggle_high_contrast", "High contrast", show=False),
    ]

    def __init__(
        self,
        story: Story,
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
    ) -> None:
        self.story = story
        self.classroom = classroom
        """Classroom mode: a projector theme, discussion pauses, class votes and a timer."""
        self.class_votes: dict[str, Any] | None = {"votes": []} if classroom else None
        """The save's ``classroom`` block (the votes so far, by step), or None outside a class game."""
        self.last_votes: dict[str, int] | None = None
        """The class's counts for the last choice, when it was voted on."""
        self.timer_ends: float | None = None
        """When the discussion timer runs out (``time.monotonic()``), or None when it is off."""
        self._timer_handle: Timer | None = None
        self.saves = saves
        self._watch = list(watch) if watch else None
        """Pack folders to watch for changes (live reload), or None."""
        self.settings = settings if settings is not None else Settings.load(settings_path(saves.folder))
        self.input_cursor_blink = cursor_blink
        """False in snapshot tests, so text fields draw the same every time."""
        self._launch = (role, start, dict(overrides or {}))
        self._resume = resume
        """A save slot to open at once (``spring68 play --continue`` / ``--load NAME``), or None."""
        self.state: GameState | None = None
        self.previous: GameState | None = None
        """The state before the last choice (for the changes shown on the bars)."""
        self.last_choice: Choice | None = None
        self.save_problem: str | None = None
        """Why the last autosave failed; None when the game on screen is safely saved."""
        self._dirty = False
        self._unwritten: GameState | None = None
        """A state handed to a background autosave that has not landed yet."""
        self._kept: GameState | None = None
        """The state last written to or read from a named slot: leaving it loses nothing."""
        self._linker: GlossaryLinker | None = None
        self._themes_ready = False
        self._save_lock = asyncio.Lock()
        if classroom:
            from game.tui.styles import CLASSROOM_CSS

            super().__init__(css_path=[APP_CSS, CLASSROOM_CSS])
            self.add_class("-classroom")
        else:
            super().__init__()
        self._refresh_truecolor_filter(self.ansi_theme)
        self.title = story.title

    def get_css_variables(self) -> dict[str, str]:
        # App.__init__ asks for the variables once, before it parses any CSS: register the
        # game's themes and put the remembered one in place then, so the stylesheet is parsed
        # once with the right colours (setting ``theme`` afterwards would parse it all again).
        if not self._themes_ready:
            self._themes_ready = True
            for theme in THEMES:
                self.register_theme(theme)
            if self.classroom:  # a projector: its own remembered theme, light and large by default
                wanted, default = self.settings.classroom_theme, CLASSROOM_THEME
            else:
                wanted, default = self.settings.theme, DEFAULT_THEME
            self.set_reactive(App.theme, wanted if wanted in self.available_themes else default)
        return super().get_css_variables()

    # -- set-up ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return TitleScreen()

    def on_mount(self) -> None:
        if self._watch:
            from game.tui.live_reload import LiveReload

            self.live_reload = LiveReload(self, self._watch)
            self.live_reload.start()
        if self.classroom:
            notice(
                self,
                "v: the class votes · d: discussion prompts · m: a discussion timer. "
                "Zoom the terminal (Ctrl and +) until the back row can read it.",
                title="Classroom mode",
                timeout=10,
            )
        if self._resume is not None:
            if self._resume == AUTOSAVE:
                self.continue_game()
            else:
                self.load_slot(self._resume)
            return
        role, start, overrides = self._launch
        if start is not None and role is None:
            scene = self.story.scenes.get(start)
            role = scene.role if scene is not None else None
        if role is not None:
            # Started from the command line: a modder testing a scene (--from) skips the content note.
            self.start_new_game(role, start=start, overrides=overrides, ask=start is None)

    @property
    def linker(self) -> GlossaryLinker:
        if self._linker is None:
            from game.tui.data.glossary_links import GlossaryLinker

            self._linker = GlossaryLinker(self.story.glossary)
        return self._linker

    def watch_theme(self, theme: str) -> None:
        if self.classroom and self.settings.classroom_theme != theme:
            self.settings.classroom_theme = theme
            problem = self.settings.save()
            if problem:
                notice(self, f"The theme is on, but it will not be remembered: {problem}", severity="warning")
        elif not self.classroom and self.settings.theme != theme:
            self.settings.theme = theme
            problem = self.settings.save()
            if problem:
                notice(self, f"The theme is on, but it will not be remembered: {problem}", severity="warning")

    def action_cycle_theme(self) -> None:
        names = [theme.name for theme in THEMES]
        index = names.index(self.theme) + 1 if self.theme in names else 0
        self.theme = names[index % len(names)]
        notice(self, f"Theme: {self.theme}", timeout=2)

    def action_toggle_high_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST else HIGH_CONTRAST
        notice(self, f"Theme: {self.theme}", timeout=2)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "High contrast", "Switch the high-contrast theme on or off (F3)", self.action_toggle_high_contrast
        )
        yield SystemCommand("Help", "Every key, and how to play (?)", self.action_help)
        yield SystemCommand("Timeline", "The dated events of 1968–1969 (t)", self.action_timeline)
        yield SystemCommand("Glossary", "People, places and terms (g)", self.action_glossary)
        yield SystemCommand("Sources", "The books and archives the game draws on (b)", self.action_sources)
        yield SystemCommand("Load a saved game", "Your saves, newest first (l)", self.action_load)
        for role in self.story.roles.values():
            # The palette reads a command's name and help as markup: a pack's words go in escaped.
            yield SystemCommand(
                escape_markup(f"New game: {role.title}"),
                escape_markup(role.summary) if role.summary else "Start again in this role",
                lambda role=role.id: self.start_new_game(role),
            )
        if self.state is not None:
            yield SystemCommand("Save the game", "Save to a named slot (s)", self.action_save)
            yield SystemCommand("Export transcript", "Write the game so far as a Markdown file (x)", self.action_export)
            if self.state.log:
                yield SystemCommand("Undo", "Take back your last choice (u)", self.action_undo)

    # -- reference screens (open from anywhere) ------------------------------------------

    def _open_once(self, screen_class: type[Screen]) -> None:
        """Open a reference screen, unless it is already the one on top (pressing its key twice)."""
        if not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        self._open_once(HelpScreen)

    def action_timeline(self) -> None:
        from game.tui.screens.timeline import TimelineScreen

        self._open_once(TimelineScreen)

    def action_glossary(self, entry: str | None = None) -> None:
        from game.tui.screens.glossary import GlossaryScreen

        if isinstance(self.screen, GlossaryScreen):
            if entry:
                self.screen.select(entry)
            return
        self.push_screen(GlossaryScreen(entry))

    def action_sources(self) -> None:
        from game.tui.screens.sources import SourcesScreen

        self._open_once(SourcesScreen)

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        self._open_once(LoadScreen)

    def action_save(self) -> None:
        if self.state is None:
            notice(self, "There is no game to save yet: start one first.", severity="warning")
            return
        from game.tui.dialogs.save import SaveDialog

        self.push_screen(SaveDialog())

    def action_export(self) -> None:
        if self.state is None:
            notice(self, "There is no game to write out yet.", severity="warning")
            return
        from game.tui.data.transcript import write_transcript

        try:
            path = write_transcript(self.saves.folder, self.story, self.state, votes=self.class_votes)
        except OSError as exc:
            notice(
                self,
                f"Could not write the transcript into {self.saves.folder}: {exc.strerror or exc}",
                title="Transcript not written",
                severity="error",
                timeout=10,
            )
            return
        notice(self, f"Written to {path}", title="Transcript saved", timeout=12)

    def action_open_source(self, source_id: str) -> None:
        """Open a source's web address: a click on it, or o on the sources screen.

        A link to a source carries its id, never its address (see :mod:`game.tui.links`).
        """
        source = self.story.sources.get(source_id)
        if source is None or not source.url:
            notice(self, "This source has no web address: look for it in a library.", timeout=4)
            return
        open_link(self, source.url)

    def action_undo(self) -> None:
        self.undo()

    # -- the game ---------------------------------------------------------------------

    def current_game(self) -> GameState | None:
        """The game the player would lose by starting another: the one on screen, else the autosave."""
        if self.state is not None:
            return self.state
        try:
            document = self.saves.load(AUTOSAVE)
        except SaveError:
            return None
        try:
            return GameState.from_dict(document["state"])
        except Exception:  # noqa: BLE001 - read_document already checked it; be safe anyway
            return None

    def unkept_game(self) -> GameState | None:
        """The current game if leaving it would lose progress: begun, unfinished and in no named slot."""
        state = self.current_game()
        if state is None or not keeping.would_be_lost(self.story, self.saves, state, kept=self._kept):
            return None
        return state

    def keep_in_slot(self, state: GameState) -> str | None:
        """Save ``state`` to a new named slot; returns the slot's name, or None (and says why)."""
        try:
            candidate = keeping.keep_game(self.saves, self.story, state, extra=self._extra_for(state))
        except SaveError as exc:
            notice(self, str(exc), title="Could not keep your game", severity="error", timeout=10)
            return None
        finally:
            self._tell_save_notices()
        notice(self, f"Your previous game is kept as the save '{candidate}'.", timeout=6)
        return candidate

    def _tell_save_notices(self) -> None:
        """What the save folder noticed while writing (another window's game kept, a damaged save kept aside)."""
        for text in self.saves.notices:
            notice(self, text, title="Another game was kept", severity="warning", timeout=15)
        self.saves.notices.clear()

    async def _confirm_leaving(self, doing: str) -> bool:
        """Ask before replacing an unfinished game that is in no slot; True to go ahead."""
        state = self.unkept_game()
        if state is None:
            return True
        from game.tui.dialogs.confirm import ConfirmDialog

        scene = self.story.scenes.get(state.scene)
        role = self.story.roles.get(state.role)
        where = f"{scene.title} ({role.title if role else state.role})" if scene else state.scene
        answer = await self.push_screen_wait(
            ConfirmDialog(
                "Keep your current game?",
                f"You are in the middle of a game: {where}, after {len(state.log)} choice"
                f"{'s' if len(state.log) != 1 else ''}. {doing} replaces it as the game that "
                "Continue opens. Keep it as a named save so you can load it later?",
                [
                    ("keep", "Keep it and go on", "primary"),
                    ("drop", "Don't keep it", "default"),
                    ("cancel", "Cancel", "default"),
                ],
            )
        )
        if answer == "keep":
            return self.keep_in_slot(state) is not None
        return answer == "drop"

    @work(exclusive=True, group="game-flow")
    async def start_new_game(
        self,
        role: str,
        *,
        start: str | None = None,
        overrides: Mapping[str, int | bool] | None = None,
        ask: bool = True,
    ) -> None:
        if ask and not await self._confirm_leaving("A new game"):
            return
        note = self.story.pack.content_note
        if ask and note:
            from game.tui.dialogs.content_note import ContentNoteDialog

            if not await self.push_screen_wait(ContentNoteDialog(note)):
                return
        try:
            state = rules.new_game(self.story, role, start=start, overrides=overrides)
        except rules.RuleError as exc:
            notice(self, str(exc), title="Cannot start this game", severity="error", timeout=10)
            return
        self._set_game(state, kept=False)

    def continue_game(self) -> None:
        """Back to the game in play, or resume the autosave (the game played last)."""
        if self.state is not None:
            self._show_game()  # the game on screen is never older than its autosave
            return
        try:
            resumed = self.saves.resume(self.story)
        except SaveError as exc:
            notice(self, str(exc), title="Cannot continue", severity="error", timeout=10)
            return
        if resumed.note:
            notice(self, resumed.note, title="Your game goes on", severity="warning", timeout=15)
        self._set_game(resumed.state, kept=None, write=bool(resumed.note), votes=resumed.document.get("classroom"))

    @work(exclusive=True, group="game-flow")
    async def load_slot(self, slot: str) -> None:
        try:
            restored = self.saves.resume(self.story, slot)
        except SaveError as exc:
            notice(self, str(exc), title="Cannot load this save", severity="error", timeout=10)
            return
        if slot == AUTOSAVE:
            if self.state is not None and self.state == restored.state:
                self._show_game()
                return
        elif not (self.state is not None and self.state == restored.state):
            if not await self._confirm_leaving("Loading a save"):
                return
        if restored.note:
            notice(self, restored.note, title="Your game goes on", severity="warning", timeout=15)
        self._set_game(restored.state, kept=slot != AUTOSAVE, votes=restored.document.get("classroom"))
        notice(self, f"Loaded '{slot}'.", timeout=3)

    def _set_game(
        self, state: GameState, *, kept: bool | None, write: bool = True, votes: Mapping[str, Any] | None = None
    ) -> None:
        self.state = state
        self.previous = None
        self.last_choice = None
        self.last_votes = None
        # A class game goes on with its votes (only those for choices still in the log); a new one starts with none.
        if votes is not None:
            self.class_votes = {
                "votes": [dict(v) for v in votes.get("votes", []) if v.get("step", -1) < len(state.log)]
            }
        else:
            self.class_votes = {"votes": []} if self.classroom else None
        if kept:
            self._kept = state
        elif kept is False:
            self._kept = None
        if write:
            self._dirty = True
            self.autosave()
        self._show_game()

    def choose(self, choice_id: str, votes: Mapping[str, int] | None = None) -> None:
        """Make a choice (by stable id) through the engine, then show and autosave the result.

        ``votes`` are the class's counts when the choice was voted on; they are
        recorded for this step (replacing any from before an undo). In
        classroom mode a scene with prompts is followed by a discussion pause.
        """
        if self.state is None:
            return
        try:
            new = rules.choose(self.story, self.state, choice_id)
        except rules.RuleError as exc:
            notice(self, str(exc), severity="error")
            return
        scene = rules.current_scene(self.story, self.state)
        step = len(self.state.log)
        if self.timer_ends is not None and self._timer_handle is None:
            self._set_timer(None)  # a timer that has run out is done with once the class moves on
        counts = dict(votes) if votes and sum(votes.values()) else None
        if counts is not None:
            from game.engine.classroom import record_vote

            self.class_votes = record_vote(self.class_votes, step, choice_id, counts)
        else:
            self._drop_votes_from(step)
        self.previous, self.last_choice, self.last_votes = self.state, scene.choice(choice_id), counts
        self.state = new
        self._dirty = True
        self._show_game()
        self.soon(AUTOSAVE_AFTER, self.autosave)
        if self.classroom and scene.discuss:
            from game.tui.dialogs.classroom import DiscussionPause

            self.push_screen(DiscussionPause(scene, self.last_choice, counts))

    def undo(self) -> None:
        if self.state is None:
            return
        if not self.state.log:
            notice(self, "There is nothing to undo yet: this is where the game begins.", timeout=4)
            return
        try:
            state = rules.undo(self.story, self.state)
        except rules.RuleError as exc:
            notice(self, str(exc), severity="error")
            return
        self.state, self.previous, self.last_choice, self.last_votes = state, None, None, None
        self._drop_votes_from(len(state.log))
        self._dirty = True
        self._show_game()
        self.soon(AUTOSAVE_AFTER, self.autosave)
        notice(self, "You take back your last choice.", timeout=3)

    def soon(self, delay: float, callback: Callable[[], object]) -> None:
        """Call ``callback`` on the app's queue after ``delay`` seconds.

        Like ``set_timer``, for the work that follows every move: a Textual
        timer costs a good part of a millisecond to make (it describes its
        target), and a move must reach the screen in a few.
        """
        asyncio.get_running_loop().call_later(delay, self.call_next, callback)

    def autosave(self) -> None:
        """Write the autosave in the background if the game changed; play never waits for the disk.

        Writes run one at a time, in order, on a thread (a school's network
        home folder can take a second to fsync); a failure is shown once and
        play goes on, and the next move or quitting tries again.
        """
        if not self._dirty or self.state is None:
            return
        self._dirty = False
        self._unwritten = self.state  # until the write has landed: quitting first must still save it
        self._write_autosave(self.state, self._extra_for(self.state))

    # A worker (not a coroutine handed to one): an exit that cancels it before it starts leaves nothing unawaited.
    @work(group="autosave", exit_on_error=False)
    async def _write_autosave(self, state: GameState, extra: Mapping[str, Any] | None = None) -> None:
        async with self._save_lock:
            try:
                await asyncio.to_thread(lambda: self.saves.write(self.story, state, AUTOSAVE, extra=extra))
            except SaveError as exc:
                self._save_failed(state, exc)
            else:
                if self._unwritten is state:
                    self._unwritten = None
                self._save_worked()
            finally:
                self._tell_save_notices()

    def _write_autosave_now(self) -> None:
        """The same write, here and now (when the app is closing, perhaps with a background write cut short)."""
        if self.state is None or not (self._dirty or self._unwritten is not None):
            return
        self._dirty = False
        self._unwritten = None
        try:
            self.saves.write(self.story, self.state, AUTOSAVE, extra=self._extra_for(self.state))
        except SaveError as exc:
            self._save_failed(self.state, exc)
        finally:
            self._tell_save_notices()

    def _save_failed(self, state: GameState, exc: SaveError) -> None:
        if self.state == state:
            self._dirty = True  # try again with the next move, or when quitting
        first = self.save_problem is None
        self.save_problem = str(exc)
        if first:
            notice(
                self,
                f"{exc}. You can keep playing; press s to try a named save.",
                title="Autosave failed",
                severity="error",
                timeout=12,
            )

    def _save_worked(self) -> None:
        if self.save_problem is not None:
            self.save_problem = None
            notice(self, "Saving works again.", timeout=3)

    async def wait_for_saves(self) -> None:
        """Until every autosave started so far has been written (or has failed)."""
        pending = [worker for worker in self.workers if worker.group == "autosave" and worker.is_running]
        if pending:
            await self.workers.wait_for_complete(pending)

    def save_to_slot(self, name: str) -> str:
        """Save the current game to a named slot; returns the slot name; raises SaveError."""
        if self.state is None:
            raise SaveError("there is no game to save yet")
        slot = slot_name(name)
        self.saves.write(self.story, self.state, slot, extra=self._extra_for(self.state))
        self._kept = self.state
        return slot

    def _show_game(self) -> None:
        """Put the right screen for the current state on top: play, or the ending."""
        from game.tui.screens.ending import EndingScreen
        from game.tui.screens.play import PlayScreen

        state = self.state
        if state is None:
            return
        over = rules.is_over(self.story, state)
        wanted: type[PlayScreen] | type[EndingScreen] = EndingScreen if over else PlayScreen
        if self.classroom:
            from game.tui.screens.classroom import ClassroomEndingScreen, ClassroomPlayScreen

            wanted = ClassroomEndingScreen if over else ClassroomPlayScreen
        # Close reference screens and dialogs above the game screen, if any.
        stack = self.screen_stack
        game_index = next((i for i, s in enumerate(stack) if isinstance(s, (PlayScreen, EndingScreen))), None)
        if game_index is not None:
            while len(self.screen_stack) > game_index + 1:
                self.pop_screen()
            current = self.screen_stack[-1]
            if isinstance(current, wanted):
                current.show_state()
            else:
                self.switch_screen(wanted())
        else:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(wanted())

    # -- classroom mode: votes, discussion and the timer --------------------------------

    def _extra_for(self, state: GameState) -> dict[str, Any] | None:
        """What a save of ``state`` carries beside the game: the class's votes, when there are any to keep."""
        if state is self.state or state == self.state:
            block = self.class_votes
        else:  # a game not on screen (kept from the autosave before another starts): keep its votes too
            try:
                document = self.saves.load(AUTOSAVE)
                block = document.get("classroom") if GameState.from_dict(document["state"]) == state else None
            except Exception:  # noqa: BLE001 - the game itself is what matters; its votes are a bonus
                block = None
        return {"classroom": block} if block is not None else None

    def _drop_votes_from(self, step: int) -> None:
        """Forget the votes on choices from ``step`` on (taken back, or made again without a vote)."""
        if self.class_votes is not None:
            self.class_votes = {"votes": [v for v in self.class_votes.get("votes", []) if v.get("step", -1) < step]}

    def action_class_vote(self) -> None:
        self.class_vote()

    @work(exclusive=True, group="game-flow")
    async def class_vote(self) -> None:
        """The teacher types the votes for each choice; the majority decides, a tie is the teacher's to break."""
        from game.engine.classroom import tally
        from game.tui.dialogs.classroom import TieDialog, VoteDialog

        if self.state is None or rules.is_over(self.story, self.state):
            return
        state = self.state
        scene = rules.current_scene(self.story, state)
        choices = list(rules.available_choices(self.story, state))
        if not choices:
            notice(
                self,
                "No way forward is open here, so there is nothing to vote on. Press u to take back the last choice.",
                severity="warning",
                timeout=5,
            )
            return
        offered = [choice.id for choice in choices]
        counts: dict[str, int] | None = None
        while True:
            counts = await self.push_screen_wait(VoteDialog(scene, choices, counts))
            if counts is None:
                return
            result = tally(counts, offered)
            picked = result.winner
            if picked is None:
                picked = await self.push_screen_wait(TieDialog(scene, choices, result, counts))
            if picked is not None:
                break
        if self.state is not state:  # the game moved on meanwhile (it cannot, with the dialog up; be safe)
            return
        self.choose(picked, counts)

    def action_class_timer(self) -> None:
        """Start the discussion timer, or stop it when it is running (or has run out)."""
        if self.timer_ends is not None:
            self._set_timer(None)
            notice(self, "Timer stopped.", timeout=2)
        else:
            self._set_timer(CLASS_TIMER_MINUTES * 60)
            notice(
                self,
                f"A {CLASS_TIMER_MINUTES}-minute timer for the discussion (+ and - change it, m stops it).",
                timeout=4,
            )

    def action_class_timer_add(self, minutes: int) -> None:
        """A minute more (or less) on the timer; starts it when it is off."""
        import time

        if self.timer_ends is None:
            if minutes > 0:
                self._set_timer(minutes * 60)
            return
        left = max(0.0, self.timer_ends - time.monotonic()) + minutes * 60
        self._set_timer(left if left > 0 else None)

    def _set_timer(self, seconds: float | None) -> None:
        import time

        from game.tui.widgets.timer import BigTimer, ClassTimer

        if self._timer_handle is not None:
            self._timer_handle.stop()
            self._timer_handle = None
        self.timer_ends = None if seconds is None else time.monotonic() + seconds
        if seconds is not None:
            self._timer_handle = self.set_timer(seconds, self._timer_ran_out)
        for screen in self.screen_stack:
            for widget in screen.query("ClassTimer, BigTimer"):
                if isinstance(widget, (ClassTimer, BigTimer)):
                    widget.tick()

    def _timer_ran_out(self) -> None:
        self._timer_handle = None
        self.bell()
        notice(self, "Time is up. Press m to clear the timer.", title="Discussion timer", severity="warning", timeout=8)

    def back_to_title(self) -> None:
        self.autosave()
        while len(self.screen_stack) > 1:
            self.pop_screen()

    # -- leaving ----------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit once the game is saved; asks first when the last autosave failed."""
        self.quit_when_saved()

    @work(exclusive=True, group="quit")
    async def quit_when_saved(self) -> None:
        """Wait for the autosaves, try a failed one again, and exit (or ask, if the game is still not saved)."""
        self.autosave()
        await self.wait_for_saves()
        self._write_autosave_now()  # a failed write is tried once more
        if self.save_problem is not None and self.state is not None and not rules.is_over(self.story, self.state):
            from game.tui.dialogs.confirm import ConfirmDialog

            answer = await self.push_screen_wait(
                ConfirmDialog(
                    "Your game is not saved",
                    f"The last autosave failed: {self.save_problem}. "
                    "If you quit now, your progress since then is lost.",
                    [
                        ("stay", "Keep playing", "primary"),
                        ("save", "Save to a named slot", "default"),
                        ("quit", "Quit anyway", "error"),
                    ],
                )
            )
            if answer == "save":
                self.action_save()
                return
            if answer != "quit":
                return
        self.exit(0)

    def on_unmount(self) -> None:
        try:
            self._write_autosave_now()
        except Exception:  # noqa: BLE001 - never let a last save turn an exit into a crash
            pass


def run_tui(
    story: Story,
    saves: SaveFolder,
    *,
    role: str | None = None,
    start: str | None = None,
    overrides: Mapping[str, int | bool] | None = None,
    watch: Sequence[str] | None = None,
    classroom: bool = False,
    resume: str | None = None,
    cursor_blink: bool = True,
) -> int:
    """Run the app in this terminal until the player quits; returns the exit code.

    ``watch`` lists pack folders to reload when their files change; ``classroom``
    starts classroom mode (a projector theme, discussion pauses, class votes, a timer).
    """
    app = Spring68App(
        story,
        saves,
        role=role,
        start=start,
        overrides=overrides,
        watch=watch,
        classroom=classroom,
        resume=resume,
        cursor_blink=cursor_blink,
    )
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, OUTPUT_SWITCH_INTERVAL))  # frames reach the terminal as drawn
    try:
        result = app.run()
    finally:
        sys.setswitchinterval(switch_interval)
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0

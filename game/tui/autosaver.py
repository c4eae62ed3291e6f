"""The app's autosave pipeline: the Playthrough says what to write, this writes it off the event loop.

Writes run one at a time, in order, on a thread (a school's network home
folder can take a second to fsync); play never waits for the disk. A
failure is shown once and play goes on; the next move or quitting tries
again, and whatever is still owed is written on the way out.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from game.engine.playthrough import AutosaveJob, Playthrough, SaveNews
from game.engine.saves import SaveError
from game.i18n.interface import _
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from textual.app import App

AUTOSAVE_AFTER = 0.03
"""Seconds from a move to its autosave: the next scene reaches the terminal first (Textual writes
frames from a thread that the save would hold up). Quitting saves at once, so nothing is lost."""

GROUP = "autosave"


class Autosaver:
    """Writes a Playthrough's autosaves for one app and tells the player how they went."""

    def __init__(self, app: App[int], game: Playthrough | None) -> None:
        self.app = app
        self.game = game
        """The game to save; None while the story is still loading (there is nothing to save yet)."""
        self._lock = asyncio.Lock()

    def soon(self) -> None:
        """Autosave just after the next frame (a Textual timer costs too much to make after every move)."""
        asyncio.get_running_loop().call_later(AUTOSAVE_AFTER, self.app.call_next, self.start)

    def start(self) -> None:
        """Hand the autosave to a background write, if the game changed since the last one."""
        game = self.game
        job = game.autosave_job() if game is not None else None
        if game is not None and job is not None:
            # A worker made from a function (not a coroutine): an exit that cancels it before it starts
            # leaves nothing unawaited.
            async def write() -> None:
                await self._write(game, job)

            # Textual's WorkType cannot infer the result of an async function given as a callable.
            self.app.run_worker(write, group=GROUP, exit_on_error=False)  # type: ignore[arg-type]

    async def _write(self, game: Playthrough, job: AutosaveJob) -> None:
        async with self._lock:
            try:
                try:
                    await asyncio.to_thread(game.store, job)
                except SaveError as exc:
                    self._tell(game, game.failed(job, exc))
                else:
                    self._tell(game, game.landed(job))
            finally:
                self._tell_folder_notices(game)

    def write_now(self) -> None:
        """Write what is still owed, here and now (the app is closing, perhaps with a write cut short)."""
        game = self.game
        if game is None:
            return
        try:
            self._tell(game, game.write_owed())
        finally:
            self._tell_folder_notices(game)

    async def wait(self) -> None:
        """Until every autosave started so far has been written (or has failed)."""
        pending = [worker for worker in self.app.workers if worker.group == GROUP and worker.is_running]
        if pending:
            await self.app.workers.wait_for_complete(pending)

    def _tell(self, game: Playthrough, news: SaveNews) -> None:
        if news == "failed":
            notice(
                self.app,
                _("{problem}. You can keep playing; press s to try a named save.").format(problem=game.save_problem),
                title=_("Autosave failed"),
                severity="error",
                timeout=12,
            )
        elif news == "works again":
            notice(self.app, _("Saving works again."), timeout=3)

    def tell_folder_notices(self) -> None:
        """What the save folder noticed while writing (another window's game kept, a damaged save kept aside)."""
        if self.game is not None:
            self._tell_folder_notices(self.game)

    def _tell_folder_notices(self, game: Playthrough) -> None:
        saves = game.saves
        if saves is None:
            return
        for text in saves.notices:
            notice(self.app, text, title=_("Another game was kept"), severity="warning", timeout=15)
        saves.notices.clear()

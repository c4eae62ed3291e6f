"""The app's actions that open something beside the game: reference screens, the save dialog, exports, links.

A mixin of :class:`~game.tui.app.Spring68App`, so the key table
(:mod:`game.tui.keys`) can bind ``app.help``, ``app.timeline`` and the rest
from any screen, while the app module keeps to sequencing the game's screens.
"""

from __future__ import annotations

from textual.app import App
from textual.screen import Screen

from game.engine.playthrough import Playthrough
from game.i18n.interface import _
from game.tui.links import open_link
from game.tui.safe_text import notice


class ReferenceActions(App[int]):
    """Open a reference screen from anywhere, save to a slot, export a transcript, follow a source's link."""

    game: Playthrough

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
        if self.game.state is None:
            notice(self, _("There is no game to save yet: start one first."), severity="warning")
            return
        from game.tui.dialogs.save import SaveDialog

        self.push_screen(SaveDialog())

    def action_export(self) -> None:
        state, saves = self.game.state, self.game.saves
        if state is None or saves is None:
            notice(self, _("There is no game to write out yet."), severity="warning")
            return
        from game.tools.transcript import write_transcript

        try:
            path = write_transcript(saves.folder, self.game.story, state, votes=self.game.votes)
        except OSError as exc:
            notice(
                self,
                _("Could not write the transcript into {folder}: {problem}").format(
                    folder=saves.folder, problem=exc.strerror or exc
                ),
                title=_("Transcript not written"),
                severity="error",
                timeout=10,
            )
            return
        notice(self, _("Written to {path}").format(path=path), title=_("Transcript saved"), timeout=12)

    def action_open_source(self, source_id: str) -> None:
        """Open a source's web address: a click on it, or o on the sources screen.

        A link to a source carries its id, never its address (see :mod:`game.tui.links`).
        """
        source = self.game.story.sources.get(source_id)
        if source is None or not source.url:
            notice(self, _("This source has no web address: look for it in a library."), timeout=4)
            return
        open_link(self, source.url)

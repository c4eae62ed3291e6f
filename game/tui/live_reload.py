"""Live reload for modders: ``spring68 --pack DIR --watch``.

Once a second the pack files are fingerprinted (by content, the same hash the
play cache uses), and so are the packs' catalogues (``i18n/*.po``, by size and
time of change, as the translations' cache keys them). When they change, the
pack is loaded again in a worker thread and checked, and laid over with its
catalogue in the language the session speaks (:func:`game.tui.language.in_language`):
a Czech session stays Czech, an edited English string shows in English until
its translation is updated (``spring68 i18n check`` counts it stale). The game
in progress is replayed on the new story with the Playthrough's ``refit``. If it
still fits, play goes on in the new version at the same point; if not — the
files have errors, or a choice the game made is gone — the player is told why
and keeps playing the old version.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import interface
from game.i18n.interface import _, ngettext
from game.story.cache import fingerprint
from game.tui.language import in_language
from game.tui.safe_text import notice

if TYPE_CHECKING:
    from game.story.model import Story
    from game.tui.app import Spring68App

POLL_SECONDS = 1.0
MAX_CATALOGUES = 64
"""Catalogues looked at per pack folder: a folder of thousands of files costs a second's poll nothing more."""


def catalogues_state(roots: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """Each pack's ``i18n/*.po`` as (path, size, time of change): cheap to take every second, never read."""
    found: list[tuple[str, int, int]] = []
    for root in roots:
        folder = os.path.join(root, "i18n")
        try:
            with os.scandir(folder) as entries:
                names = sorted(entry.name for entry in entries if entry.name.endswith(".po"))[:MAX_CATALOGUES]
        except OSError:
            continue
        for name in names:
            try:
                info = os.stat(os.path.join(folder, name), follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode):
                found.append((os.path.join(folder, name), info.st_size, info.st_mtime_ns))
    return tuple(found)


class LiveReload:
    def __init__(self, app: Spring68App, roots: Sequence[str | Path]) -> None:
        self.app = app
        self.roots = [str(root) for root in roots]
        self.seen = self._fingerprint()
        self.busy = False

    def _fingerprint(self) -> str | None:
        try:
            return f"{fingerprint(self.roots)}|{catalogues_state(self.roots)}"
        except OSError:  # a file vanished between listing and reading: try again next second
            return None

    def start(self) -> None:
        self.app.set_interval(POLL_SECONDS, self.poll, name="live reload")

    def poll(self) -> None:
        if self.busy:
            return
        current = self._fingerprint()
        if current is None or current == self.seen:
            return
        self.seen = current
        self.busy = True
        self.app.run_worker(self._reload, thread=True, exclusive=True, group="live-reload")

    def _reload(self) -> None:
        from game.story.loader import load_with_problems

        try:
            story, problems = load_with_problems(self.roots)
        except Exception as exc:  # noqa: BLE001 - a watcher must never take the game down
            self.app.call_from_thread(self._keep_old, _("the pack could not be read ({problem})").format(problem=exc))
            return
        if story is None:
            errors = [p for p in problems if p.severity == "error"]
            first = errors[0].format().splitlines()[0] if errors else _("unknown error")
            count = len(errors)
            why = ngettext(
                "the changed files have {n} error; first: {first}",
                "the changed files have {n} errors; first: {first}",
                count,
            ).format(n=count, first=first)
            self.app.call_from_thread(self._keep_old, why)
            return
        try:
            shown, catalogue_problems = in_language(story, interface.language())
        except Exception as exc:  # noqa: BLE001 - a damaged catalogue costs the translation, never the game
            why = _("The translation could not be read ({problem}); the story is shown in English.")
            shown, catalogue_problems = story, [why.format(problem=exc)]
        self.app.call_from_thread(self._switch, story, shown, catalogue_problems)

    def _keep_old(self, why: str) -> None:
        self.busy = False
        notice(
            self.app,
            _("Not reloaded: {why}. You are still playing the previous version.").format(why=why),
            title=_("Live reload"),
            severity="warning",
            timeout=10,
        )

    def _switch(self, english: Story, story: Story, catalogue_problems: list[str]) -> None:
        """Play on in ``story`` (``english`` in the session's language); the language switch keeps ``english``."""
        self.busy = False
        problem = self.app.game.refit(story)
        if problem is not None:
            self._keep_old(_("your game does not fit the new version ({problem})").format(problem=problem))
            return
        self.app.language.remember_english(english)
        self.app.story_changed()
        for text in catalogue_problems:
            notice(self.app, text, title=_("Live reload"), severity="warning", timeout=10)
        notice(
            self.app,
            _("Reloaded the changed scene files; your game goes on where it was."),
            title=_("Live reload"),
            timeout=4,
        )

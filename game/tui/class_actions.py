"""The keys classroom mode adds to the app (v: the class votes, m / + / -: the discussion timer), as a mixin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from game.engine.playthrough import Playthrough
from game.tui.class_timer import ClassTimer


class ClassActions(App[int]):
    """``app.class_vote``, ``app.class_timer`` and ``app.class_timer_add``, bound in :mod:`game.tui.keys`."""

    game: Playthrough
    class_timer: ClassTimer

    if TYPE_CHECKING:

        def choose(self, choice_id: str, votes: Mapping[str, int] | None = None) -> None: ...  # the app's

    def action_class_vote(self) -> None:
        self.class_vote()

    @work(exclusive=True, group="game-flow")
    async def class_vote(self) -> None:
        """The teacher types the votes; the majority decides, a tie is the teacher's to break."""
        from game.tui.dialogs.classroom import ask_class_vote

        state = self.game.state
        picked = await ask_class_vote(self.game, self)
        if picked is not None and self.game.state is state:  # the game cannot move on with the dialog up; be safe
            self.choose(*picked)

    def action_class_timer(self) -> None:
        self.class_timer.toggle()

    def action_class_timer_add(self, minutes: int) -> None:
        self.class_timer.add(minutes)

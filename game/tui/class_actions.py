"""The keys classroom mode adds to the app (v: the class votes, m / + / -: the discussion timer), as a mixin.

It also holds the one rule that keeps a slip from deciding for a class:
:meth:`ClassActions.pick_choice` is how the play screen makes a choice picked
with Enter, a digit or a click. Outside class it chooses at once; in class,
with more than one choice open, it asks first, with the class vote as the
answer Enter gives, so only a vote or an explicit "decide without a vote"
decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

from textual import work
from textual.app import App

from game.engine import rules
from game.engine.playthrough import Playthrough
from game.i18n.interface import N_, _
from game.tui.class_timer import ClassTimer

if TYPE_CHECKING:
    from game.engine.classroom import Source
    from game.serve.options import ServeOptions
    from game.serve.projector_link import ProjectorLink
    from game.story.model import Choice

WITHOUT_A_VOTE = N_("Decide without a vote")
"""The confirmation's button that lets the teacher decide for the class (translated where shown)."""


class ClassOptions(NamedTuple):
    """What the command line sets for a class: the lesson to play (``--lesson``), the timer (``--timer``) and
    the students' devices: under ``spring68 serve --classroom`` the channel to the class's student server
    (``--class-channel``), under ``spring68 class`` the student server to start here."""

    lesson: str | None = None
    timer_minutes: int | None = None
    channel: str | None = None
    devices: ServeOptions | None = None
    """``spring68 class``: the student server to run inside this app (its address), or None."""


class ClassActions(App[int]):
    """``app.class_vote``, ``app.class_timer``, ``app.class_timer_add`` and ``app.pick_choice``."""

    game: Playthrough
    class_timer: ClassTimer
    classroom: bool
    class_channel: str | None = None
    class_devices: ServeOptions | None = None
    """``spring68 class``: the student server this app runs itself (its address and limits)."""
    """The channel to the class's student server (``serve --classroom``), or None: votes are typed only."""
    device_link: ProjectorLink | None = None
    """The students' devices, once connected."""
    device_text: bool = False
    """Whether the devices are shown the situation's text as well as the choices (the teacher's choice)."""

    if TYPE_CHECKING:

        def choose(
            self, choice_id: str, votes: Mapping[str, int] | None = None, source: Source = "hands"
        ) -> None: ...  # the app's

    def pick_choice(self, choice_id: str) -> None:
        """A choice picked on the play screen: made at once, or in class first confirmed (or voted on)."""
        state = self.game.state
        if not self.classroom or state is None or len(rules.available_choices(self.game.story, state)) < 2:
            self.choose(choice_id)
            return
        scene = rules.current_scene(self.game.story, state)
        choice = scene.choice(choice_id)
        if choice is not None:
            self.confirm_without_vote(choice)

    @work(exclusive=True, group="game-flow")
    async def confirm_without_vote(self, choice: Choice) -> None:
        """Ask before the teacher decides for the class; Enter (the first button) opens the class vote instead."""
        from game.tui.dialogs.confirm import ConfirmDialog

        state = self.game.state
        answer = await self.push_screen_wait(
            ConfirmDialog(
                _("Decide without a vote?"),
                _(
                    "“{choice}” was picked without a class vote. Hold a vote first, "
                    "or decide for the class without one (the transcript will say the teacher decided)."
                ).format(choice=" ".join(choice.label.split())),
                [
                    ("vote", _("Hold a class vote"), "primary"),
                    ("decide", _(WITHOUT_A_VOTE), "warning"),
                    ("cancel", _("Back"), "default"),
                ],
            )
        )
        if self.game.state is not state:
            return
        if answer == "decide":
            self.choose(choice.id)
        elif answer == "vote":
            from game.tui.dialogs.classroom import ask_class_vote

            picked = await ask_class_vote(self.game, self)
            if picked is not None and self.game.state is state:
                self.choose(*picked)

    async def ask_class_name(self) -> bool:
        """Before a class game: the class's optional name (kept for the game to start); False when called off."""
        from game.engine.classroom import class_name
        from game.tui.dialogs.classroom import ClassNameDialog

        typed = await self.push_screen_wait(ClassNameDialog(self.game.class_name))
        if typed is None:
            return False
        self.game.class_name = class_name(typed)
        return True

    def start_devices(self) -> None:
        """Connect to the class's student server: the one ``spring68 serve --classroom`` runs beside this game's
        tab, or (``spring68 class``) one started here, on this app's event loop, until the app ends."""
        if not self.classroom:
            return
        if self.class_channel:
            self.run_worker(self._connect_devices(self.class_channel), group="devices")
        elif self.class_devices is not None:
            self.run_worker(self._serve_devices(self.class_devices), group="devices")

    async def _serve_devices(self, options: ServeOptions) -> None:
        import asyncio

        from game.serve.class_server import ClassServer
        from game.tui.safe_text import notice

        server = ClassServer(options)
        try:
            room = await server.start()
        except OSError as exc:
            notice(
                self,
                _(
                    "The students' page could not start on {host}:{port}: {problem}. "
                    "Type the votes instead, or start again with another --port."
                ).format(host=options.host, port=options.port, problem=exc.strerror or exc),
                severity="error",
                timeout=12,
            )
            return
        try:
            await self._connect_devices(str(room.channel_path))
            await asyncio.Event().wait()  # serve until the app ends (its workers are cancelled then)
        finally:
            await server.stop()

    async def _connect_devices(self, path: str) -> None:
        from game.serve.projector_link import ProjectorLink
        from game.tui.safe_text import notice

        link = ProjectorLink(path)
        if not await link.connect():
            notice(
                self,
                _("The students' devices cannot vote: the class's server did not answer. Type the votes instead."),
                severity="warning",
                timeout=8,
            )
            return
        self.device_link = link
        notice(
            self,
            _("Students can vote on their own devices: {url} (code {code}). The class vote (v) shows it.").format(
                url=link.url, code=link.code
            ),
            title=_("Votes from devices"),
            timeout=10,
        )

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

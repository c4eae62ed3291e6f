"""The play and ending screens in classroom mode: the same story, fewer keys, a class vote and a timer.

Only what differs from :class:`~game.tui.screens.play.PlayScreen` and
:class:`~game.tui.screens.ending.EndingScreen` is here: ``v`` opens the class
vote, ``d`` the discussion prompts on a screen of their own, ``m`` the
timer; the footer shows those first and hides keys a class does not need;
the note on the last choice says what the class chose and by how many votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Static

from game.engine import rules
from game.i18n.interface import _, ngettext
from game.story.model import Choice, Scene
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.safe_text import notice
from game.tui.screens.ending import EndingScreen
from game.tui.screens.play import PlayScreen, SceneBar
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.timer import ClassTimer

SIDE_FROM = 100
"""Below this many columns the bars are left out in class: the scene and the choices get the room."""


def _bindings(base: type[DOMNode], first: list[Binding], hidden: set[str]) -> list[BindingType]:
    """``first`` (shown first in the footer), then the base screen's bindings, those in ``hidden`` kept but not shown.

    ``_merged_bindings`` is private Textual API: it is the one place that holds a screen's
    bindings with those of its bases, already parsed. ``tests/tui/test_tui_classroom.py``
    checks that every key of the everyday screens is still bound in class.
    """
    mine = {key for binding in first for key in binding.key.split(",")}
    merged = base._merged_bindings
    assert merged is not None  # Textual merges every DOMNode class's bindings when the class is made
    inherited = [b for bindings in merged.key_to_bindings.values() for b in bindings if b.key not in mine]
    return [*first, *(replace(b, show=False) if b.key in hidden else b for b in inherited)]


def flat(text: str) -> str:
    return " ".join(text.split())


def class_note(
    choice: Choice, counts: Mapping[str, int] | None, decided: str | None = None, bridge: str = ""
) -> Content:
    """'The class chose: … (17 of 26 votes)' (or that the teacher decided without a vote), what people
    really did, and in a lesson what happened in the scenes passed since."""
    from game.tui.dialogs.classroom import vote_summary

    who = _("The teacher decided, without a vote:") if decided == "teacher" else _("The class chose:")
    note = Content.from_markup("[b]$who[/b] $label", who=who, label=flat(choice.label))
    if counts and sum(counts.values()):
        note += Content(f" ({vote_summary(counts, choice.id)})")
    if choice.record:
        note += Content.from_markup(
            "\n[b $text-accent]$heading[/] $record", heading=_("What people really did:"), record=flat(choice.record)
        )
    if bridge:
        note += Content.from_markup("\n[b]$heading[/b] $bridge", heading=_("Meanwhile:"), bridge=flat(bridge))
    return note


def open_discussion(screen: DOMNode, scene: Scene) -> None:
    if not scene.discuss:
        notice(screen, _("This scene has no discussion prompts. Press r for what really happened."), timeout=4)
        return
    from game.tui.dialogs.classroom import DiscussionPause

    screen.app.push_screen(DiscussionPause(scene, after=False))


class ClassroomPlayScreen(PlayScreen, inherit_bindings=False):
    """A scene on a projector: the class votes (v), discusses (d) and times itself (m)."""

    BINDINGS = _bindings(PlayScreen, keys.CLASS_PLAY, {"t", "g", "s", "question_mark"})

    def on_mount(self) -> None:
        # PlayScreen.on_mount runs after this one and draws the scene.
        self.query_one(SceneBar).mount(ClassTimer(id="class-timer"))

    def on_resize(self, event: events.Resize) -> None:
        self._fit_side(event.size.width)

    def _fit_side(self, width: int) -> None:
        side = self.query_one("#side")
        side.display = self.query_one("#bars").display and width >= SIDE_FROM

    def show_state(self) -> None:
        super().show_state()
        app = game_app(self)
        if app.state is None:
            return
        self._fit_side(app.size.width)

    def record_for(self, choice: Choice, votes: Mapping[str, int] | None) -> Content:
        game = game_app(self).game
        if choice is not game.last_choice:  # a page prepared ahead for a choice not made yet
            return class_note(choice, votes)
        return class_note(choice, votes, game.last_decided, game.bridge)

    def _label_choices(self, box: Widget, count: int) -> None:
        box.border_title = Content(_("What does the class do?"))
        box.border_subtitle = Content(
            _("v: class vote · 1–9: choose") if count > 1 else _("1 or Enter: go on") if count == 1 else _("u: undo")
        )

    def action_discuss(self) -> None:
        app = game_app(self)
        if app.state is not None:
            open_discussion(self, rules.current_scene(app.story, app.state))


class ClassroomEndingScreen(EndingScreen, inherit_bindings=False):
    """The ending on a projector: what the class chose, the ending's own prompts, and the timer."""

    BINDINGS = _bindings(EndingScreen, keys.CLASS_ENDING, {"t", "question_mark"})

    def on_mount(self) -> None:
        self._add_class_parts()

    def show_state(self) -> None:
        super().show_state()
        self.call_after_refresh(self._add_class_parts)

    def _add_class_parts(self) -> None:
        app = game_app(self)
        state = app.state
        if state is None:
            return
        bar = self.query_one(SceneBar)
        if not bar.query(ClassTimer):
            bar.mount(ClassTimer(id="class-timer"))
        choice = app.game.last_choice
        records = self.query("#record")
        if choice is not None and records:
            records.first(Static).update(class_note(choice, app.game.last_votes, app.game.last_decided))
        hints = self.query("#ending-hint")
        if hints:
            decisions = len(app.game.votes.votes) or len(state.log)
            role = app.story.roles.get(state.role)
            hints.first(Static).update(
                ngettext(
                    "The class made {n} decision as {role}. Press x to save a transcript of the class's game, "
                    "u to take back the last decision, or n to start again (the class's game is kept).",
                    "The class made {n} decisions as {role}. Press x to save a transcript of the class's game, "
                    "u to take back the last decision, or n to start again (the class's game is kept).",
                    decisions,
                ).format(n=decisions, role=role.title if role else state.role)
            )
        scene = rules.current_scene(app.story, state)
        column = self.query_one("#ending-column")
        if scene.discuss and not column.query(".ending-prompt"):
            parts = [Static(Content(_("To discuss")), classes="section-heading")]
            parts += [
                Static(Hanging(Content.styled(f"{number}. ", "bold"), flat(prompt)), classes="prompt ending-prompt")
                for number, prompt in enumerate(scene.discuss, 1)
            ]
            hint = self.query("#ending-hint")
            column.mount_all(parts, before=hint.first() if hint else None)

    def action_discuss(self) -> None:
        app = game_app(self)
        if app.state is not None:
            open_discussion(self, rules.current_scene(app.story, app.state))

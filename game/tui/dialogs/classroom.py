"""Classroom mode's dialogs: the class vote, the teacher's pick after a tie, and the discussion pause.

Nothing here decides anything: the vote dialog returns the counts the
teacher typed, the app counts them with :func:`game.engine.classroom.tally`
and makes the choice through the engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from game.engine import rules
from game.engine.classroom import Tally, tally
from game.story.model import Choice, Scene
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.safe_text import notice
from game.tui.styles import DIALOG_CSS
from game.tui.widgets.choices import ChoiceList
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import Hanging
from game.tui.widgets.timer import BigTimer

if TYPE_CHECKING:
    from textual.app import App

    from game.engine.playthrough import Playthrough

MAX_DIGITS = 4
"""Votes per choice: a class, or a whole school hall, fits in four digits."""


def flat(text: str) -> str:
    return " ".join(text.split())


def vote_summary(counts: Mapping[str, int], choice_id: str) -> str:
    """'17 of 26 votes' for the choice the class made, and whether the teacher broke a tie."""
    total = sum(counts.values())
    mine = counts.get(choice_id, 0)
    text = f"{mine} of {total} vote{'s' if total != 1 else ''}"
    if any(count == mine for other, count in counts.items() if other != choice_id):
        text += ", a tie the teacher broke"
    return text


def tally_text(result: Tally, labels: Mapping[str, str]) -> str:
    """One line on the counts so far: the total and who leads."""
    if result.total == 0:
        return "No votes yet."
    votes = f"{result.total} vote{'s' if result.total != 1 else ''}"
    if result.winner is not None:
        return f"{votes}. Most votes: {labels[result.winner]}."
    return f"{votes}. A tie between {' and '.join(labels[c] for c in result.tied)}: you will pick."


class VoteDialog(ModalScreen["dict[str, int] | None"]):
    """One field per choice for the number of votes; dismissed with the counts, or None to go back."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = keys.CLASS_VOTE

    def __init__(self, scene: Scene, choices: Sequence[Choice], counts: Mapping[str, int] | None = None) -> None:
        super().__init__(classes="dialog-screen classroom-screen")
        self.scene = scene
        self.choices = list(choices)
        self.counts = dict(counts or {})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog classroom-dialog compact-dialog", id="vote-box") as box:
            box.border_title = "Class vote"
            box.border_subtitle = "Enter: next · Esc: back"
            yield Static(self.scene.title, classes="dialog-heading", markup=False)
            yield Static("How many voted for each choice? (Empty is no votes.)", classes="vote-help", markup=False)
            with VerticalScroll(classes="dialog-body", id="vote-rows"):
                for number, choice in enumerate(self.choices, 1):
                    with Horizontal(classes="vote-row"):
                        yield Static(
                            Hanging(Content.styled(f"{number}. ", "bold"), flat(choice.label)), classes="vote-label"
                        )
                        count = self.counts.get(choice.id)
                        field = Input(
                            value=str(count) if count else "",
                            placeholder="0",
                            restrict=r"[0-9]*",
                            max_length=MAX_DIGITS,
                            id=f"vote-{number}",
                            classes="vote-count",
                            tooltip=Content(f"Votes for: {flat(choice.label)}"),
                        )
                        field.cursor_blink = game_app(self).input_cursor_blink
                        yield field
            yield Static(id="vote-total", markup=False)
            with Horizontal(classes="buttons", id="vote-buttons"):
                yield Button("Count the votes", id="count", variant="primary", compact=True)
                yield Button("Back", id="cancel", compact=True)
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#vote-1", Input).focus()
        self._show_total()

    def typed_counts(self) -> dict[str, int]:
        """The counts typed so far, every choice on offer included (an empty field is zero)."""
        out = {}
        for number, choice in enumerate(self.choices, 1):
            value = self.query_one(f"#vote-{number}", Input).value.strip()
            out[choice.id] = int(value) if value.isdigit() else 0
        return out

    def _show_total(self) -> None:
        labels = {c.id: flat(c.label) for c in self.choices}
        result = tally(self.typed_counts(), [c.id for c in self.choices])
        self.query_one("#vote-total", Static).update(tally_text(result, labels))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_total()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a count field: on to the next one, or count the votes after the last."""
        event.stop()
        fields = list(self.query(".vote-count").results(Input))
        index = fields.index(event.input) if event.input in fields else len(fields) - 1
        if index + 1 < len(fields):
            self.set_focus(fields[index + 1])
        else:
            self.action_count()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "count":
            self.action_count()
        else:
            self.action_cancel()

    def action_count(self) -> None:
        self.dismiss(self.typed_counts())

    def action_cancel(self) -> None:
        self.dismiss(None)


class TieDialog(ModalScreen["str | None"]):
    """After a tie (or no votes at all) the teacher picks among the choices at the top; None to recount."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = keys.CLASS_TIE

    def __init__(self, scene: Scene, choices: Sequence[Choice], result: Tally, counts: Mapping[str, int]) -> None:
        super().__init__(classes="dialog-screen classroom-screen")
        self.scene = scene
        self.result = result
        self.counts = dict(counts)
        wanted = set(result.tied)
        self.choices = [c for c in choices if c.id in wanted]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog classroom-dialog", id="tie-box") as box:
            if self.result.total == 0:
                box.border_title = "No votes"
                message = "No votes were counted. You decide which way the class goes."
            else:
                box.border_title = "A tie"
                top = self.counts.get(self.choices[0].id, 0) if self.choices else 0
                message = f"A tie at {top} vote{'s' if top != 1 else ''} each. You decide which way the class goes."
            box.border_subtitle = "1–9 or Enter: pick · Esc: change the counts"
            yield Static(self.scene.title, classes="dialog-heading", markup=False)
            yield Static(message, classes="dialog-message", markup=False)
            yield ChoiceList(id="tie-picks")
        yield GameFooter()

    def on_mount(self) -> None:
        picks = self.query_one("#tie-picks", ChoiceList)
        picks.show_choices(self.choices)
        picks.border_title = "You decide"
        picks.focus()

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.dismiss(self.choices[number - 1].id)
        else:
            notice(self, f"Pick 1 to {len(self.choices)}.", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DiscussionPause(ModalScreen[None]):
    """The discussion prompts of a scene, on a screen of their own, until the teacher goes on.

    Shown after every choice made in a scene that has prompts (with what the
    class chose and what people really did), and with d before a vote.
    """

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = keys.CLASS_PAUSE

    def __init__(
        self, scene: Scene, choice: Choice | None = None, counts: Mapping[str, int] | None = None, *, after: bool = True
    ) -> None:
        super().__init__(classes="dialog-screen classroom-screen discussion-screen")
        self.scene = scene
        self.choice = choice
        self.counts = dict(counts or {})
        self.after = after
        """True after a choice (Enter goes on to the next scene); False when opened with d before the vote."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog classroom-dialog", id="pause-box") as box:
            box.border_title = "Time to discuss"
            box.border_subtitle = "Enter: go on" if self.after else "Enter: back to the scene"
            with VerticalScroll(classes="dialog-body", id="pause-body"):
                # The prompts come before what people really did: on a small screen they must show first.
                yield Static(self.scene.title, classes="dialog-heading", markup=False)
                if self.choice is not None:
                    chosen = Content.from_markup("[b]The class chose:[/b] $label", label=flat(self.choice.label))
                    if self.counts and sum(self.counts.values()):
                        chosen += Content(f" ({vote_summary(self.counts, self.choice.id)})")
                    yield Static(chosen, id="pause-chosen")
                yield Static("To discuss", classes="section-heading")
                for number, prompt in enumerate(self.scene.discuss, 1):
                    yield Static(
                        Hanging(Content.styled(f"{number}. ", "bold"), flat(prompt)), classes="prompt pause-prompt"
                    )
                if self.choice is not None and self.choice.record:
                    record = Content.from_markup(
                        "[b $text-accent]What people really did:[/] $record", record=flat(self.choice.record)
                    )
                    yield Static(record, id="pause-record")
            with Horizontal(id="pause-timer-row"):
                yield BigTimer(id="pause-timer")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#pause-body").focus()

    def action_go_on(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        from game.tui.dialogs.history import HistoryDialog

        self.app.push_screen(HistoryDialog(self.scene))

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#pause-body", VerticalScroll)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)


async def ask_class_vote(game: Playthrough, app: App[int]) -> tuple[str, dict[str, int]] | None:
    """The class votes on the scene in play (run in a worker): the choice and its counts, or None if called off.

    The teacher types the counts; the majority decides (:func:`tally`), and a tie is the teacher's to break.
    """
    state = game.state
    if state is None or rules.is_over(game.story, state):
        return None
    scene = rules.current_scene(game.story, state)
    choices = list(rules.available_choices(game.story, state))
    if not choices:
        notice(
            app,
            "No way forward is open here, so there is nothing to vote on. Press u to take back the last choice.",
            severity="warning",
            timeout=5,
        )
        return None
    offered = [choice.id for choice in choices]
    counts: dict[str, int] | None = None
    while True:
        counts = await app.push_screen_wait(VoteDialog(scene, choices, counts))
        if counts is None:
            return None
        result = tally(counts, offered)
        picked = result.winner
        if picked is None:
            picked = await app.push_screen_wait(TieDialog(scene, choices, result, counts))
        if picked is not None:
            return picked, counts

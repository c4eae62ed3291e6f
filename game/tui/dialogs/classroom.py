"""Classroom mode's dialogs: the class vote, the teacher's pick after a tie, and the discussion pause.

Nothing here decides anything: the vote dialog returns the counts the
teacher typed (or, under ``spring68 serve --classroom``, says to close the
vote of the students' devices, whose final counts the student server
gives), the app counts them with :func:`game.engine.classroom.tally` and
makes the choice through the engine.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from game.engine import rules
from game.engine.classroom import Source, Tally, tally
from game.i18n.interface import N_, _, ngettext
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
    from game.serve.projector_link import ProjectorLink

MAX_DIGITS = 4
"""Votes per choice: a class, or a whole school hall, fits in four digits."""
QR_FROM = (110, 34)
"""The smallest terminal (columns, rows) the class vote shows the QR code in, beside the counts."""


def flat(text: str) -> str:
    return " ".join(text.split())


def vote_summary(counts: Mapping[str, int], choice_id: str) -> str:
    """'17 of 26 votes' for the choice the class made, and whether the teacher broke a tie.

    Each case is one whole sentence for the translator (a tie is not glued on), its plural by the total.
    """
    total = sum(counts.values())
    mine = counts.get(choice_id, 0)
    if any(count == mine for other, count in counts.items() if other != choice_id):
        text = ngettext(
            "{mine} of {n} vote, a tie the teacher broke", "{mine} of {n} votes, a tie the teacher broke", total
        )
    else:
        text = ngettext("{mine} of {n} vote", "{mine} of {n} votes", total)
    return text.format(mine=mine, n=total)


def listed(names: Sequence[str]) -> str:
    """'A, B and C': the names as one phrase, the last joined the way the language joins two."""
    if len(names) < 2:
        return "".join(names)
    return _("{first} and {second}").format(first=", ".join(names[:-1]), second=names[-1])


def tally_text(result: Tally, labels: Mapping[str, str]) -> str:
    """One line on the counts so far: the total and who leads."""
    if result.total == 0:
        return _("No votes yet.")
    if result.winner is not None:
        return ngettext("{n} vote. Most votes: {choice}.", "{n} votes. Most votes: {choice}.", result.total).format(
            n=result.total, choice=labels[result.winner]
        )
    return ngettext(
        "{n} vote. A tie between {choices}: you will pick.",
        "{n} votes. A tie between {choices}: you will pick.",
        result.total,
    ).format(n=result.total, choices=listed([labels[c] for c in result.tied]))


VoteAnswer = tuple[dict[str, int], Source]
"""What the vote dialog gives: the counts typed (``hands``), or the devices' vote to close (``devices``, counts {})."""


def devices_line(link: ProjectorLink) -> str:
    """'Students: open URL and type the code K7P3QX · 12 devices connected · 9 votes'."""
    live = link.live
    votes = sum(live.counts.values())
    return " · ".join(
        [
            _("Students vote on their devices: open {url} (or /join and type the code {code})").format(
                url=link.url, code=link.code
            ),
            ngettext("{n} device connected", "{n} devices connected", live.devices).format(n=live.devices),
            ngettext("{n} vote so far", "{n} votes so far", votes).format(n=votes),
        ]
    )


class VoteDialog(ModalScreen["VoteAnswer | None"]):
    """One field per choice for the number of votes; dismissed with the counts, or None to go back.

    With the students' devices connected (``link``), each choice also shows its live count from the
    devices, Enter (on the first button) closes the devices' vote, and the typed count stays as the
    fallback (a class without phones, a server that went away). The discussion timer, when in use,
    runs during a devices' vote and closes it when it runs out.
    """

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = keys.CLASS_VOTE

    def __init__(
        self,
        scene: Scene,
        choices: Sequence[Choice],
        counts: Mapping[str, int] | None = None,
        link: ProjectorLink | None = None,
        show_text: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen classroom-screen")
        self.scene = scene
        self.choices = list(choices)
        self.counts = dict(counts or {})
        self.link = link
        self.show_text = show_text
        """Shows the situation's text on the devices (True) or only the choices (False), the vote going on."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog classroom-dialog compact-dialog", id="vote-box") as box:
            box.border_title = Content(_("Class vote"))
            box.border_subtitle = Content(
                _("Enter: next · Esc: back") if self.link is None else _("Enter: close the vote · Esc: back")
            )
            yield Static(self.scene.title, classes="dialog-heading", markup=False)
            if self.link is not None:
                yield Static(devices_line(self.link), id="devices-line", markup=False)
            yield Static(
                _("How many voted for each choice? (Empty is no votes.)")
                if self.link is None
                else _("Or type the counts of a show of hands:"),
                classes="vote-help",
                markup=False,
            )
            with Horizontal(id="vote-main"):
                with VerticalScroll(classes="dialog-body", id="vote-rows"):
                    for number, choice in enumerate(self.choices, 1):
                        with Horizontal(classes="vote-row"):
                            yield Static(
                                Hanging(Content.styled(f"{number}. ", "bold"), flat(choice.label)),
                                classes="vote-label",
                            )
                            if self.link is not None:
                                yield Static(id=f"live-{number}", classes="vote-live", markup=False)
                            count = self.counts.get(choice.id)
                            field = Input(
                                value=str(count) if count else "",
                                placeholder="0",
                                restrict=r"[0-9]*",
                                max_length=MAX_DIGITS,
                                id=f"vote-{number}",
                                classes="vote-count",
                                tooltip=Content(_("Votes for: {choice}").format(choice=flat(choice.label))),
                            )
                            field.cursor_blink = game_app(self).input_cursor_blink
                            yield field
                if self.link is not None and self.link.url:
                    from game.serve.qr import qr_blocks

                    yield Static(Content(qr_blocks(self.link.url)), id="vote-qr")
            yield Static(id="vote-total", markup=False)
            with Horizontal(classes="buttons", id="vote-buttons"):
                if self.link is not None:
                    yield Button(
                        Content(_("Close the device vote")), id="close-devices", variant="primary", compact=True
                    )
                    yield Button(Content(_("Count the typed votes")), id="count", compact=True)
                else:
                    yield Button(Content(_("Count the votes")), id="count", variant="primary", compact=True)
                yield Button(Content(_("Back")), id="cancel", compact=True)
        yield GameFooter()

    def on_mount(self) -> None:
        if self.link is not None:
            self.link.listeners.append(self._live_changed)
            self.query_one("#close-devices", Button).focus()
            timer = getattr(self.app, "class_timer", None)
            if timer is not None:
                timer.discussion_started()  # once in use, the timer runs for the vote and closes it
        else:
            self.query_one("#vote-1", Input).focus()
        self._fit_qr(self.app.size.width, self.app.size.height)
        self._show_total()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_qr(event.size.width, event.size.height)

    def _fit_qr(self, width: int, height: int) -> None:
        """The QR code only where it leaves the choices room (a projector's terminal); the address is always shown."""
        for qr in self.query("#vote-qr"):
            qr.display = width >= QR_FROM[0] and height >= QR_FROM[1]

    def on_unmount(self) -> None:
        if self.link is not None:
            with contextlib.suppress(ValueError):
                self.link.listeners.remove(self._live_changed)
            timer = getattr(self.app, "class_timer", None)
            if timer is not None:
                timer.discussion_ended()

    def _live_changed(self, link: ProjectorLink) -> None:
        if self.is_attached:
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
        link = self.link
        typed = self.typed_counts()
        if link is not None:
            self.query_one("#devices-line", Static).update(
                devices_line(link) if link.connected else _("The student server is not connected: type the counts.")
            )
            for number, choice in enumerate(self.choices, 1):
                live = link.live.counts.get(choice.id, 0)
                self.query_one(f"#live-{number}", Static).update(_("{n} on devices").format(n=live))
        if link is not None and not sum(typed.values()):
            result = tally({c: link.live.counts.get(c, 0) for c in labels}, list(labels))
            self.query_one("#vote-total", Static).update(_("Devices: {tally}").format(tally=tally_text(result, labels)))
            return
        result = tally(typed, [c.id for c in self.choices])
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
        elif self.link is not None and not sum(self.typed_counts().values()):
            self.action_close_devices()  # nothing typed: the devices' vote is the count
        else:
            self.action_count()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "count":
            self.action_count()
        elif event.button.id == "close-devices":
            self.action_close_devices()
        else:
            self.action_cancel()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("close_devices", "device_text"):
            return self.link is not None
        return True

    def action_device_text(self) -> None:
        """Show the situation's text on the students' devices too, or again only the choices."""
        app = self.app
        shown = not getattr(app, "device_text", False)
        setattr(app, "device_text", shown)  # noqa: B010 - the app's own setting (ClassActions.device_text)
        if self.show_text is not None:
            self.show_text(shown)
        notice(
            self,
            _("The devices show the situation as well as the choices.")
            if shown
            else _("The devices show only the choices."),
            timeout=3,
        )

    def action_count(self) -> None:
        self.dismiss((self.typed_counts(), "hands"))

    def action_close_devices(self) -> None:
        """Close the devices' vote: the app asks the student server for its final counts."""
        if self.link is not None and self.is_current:
            self.dismiss(({}, "devices"))

    def time_up(self) -> None:
        """The discussion timer ran out during a devices' vote: it closes the vote."""
        self.action_close_devices()

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
                box.border_title = Content(_("No votes"))
                message = _("No votes were counted. You decide which way the class goes.")
            else:
                box.border_title = Content(_("A tie"))
                top = self.counts.get(self.choices[0].id, 0) if self.choices else 0
                message = ngettext(
                    "A tie at {n} vote each. You decide which way the class goes.",
                    "A tie at {n} votes each. You decide which way the class goes.",
                    top,
                ).format(n=top)
            box.border_subtitle = Content(_("1–9 or Enter: pick · Esc: change the counts"))
            yield Static(self.scene.title, classes="dialog-heading", markup=False)
            yield Static(message, classes="dialog-message", markup=False)
            yield ChoiceList(id="tie-picks")
        yield GameFooter()

    def on_mount(self) -> None:
        picks = self.query_one("#tie-picks", ChoiceList)
        picks.show_choices(self.choices)
        picks.border_title = Content(_("You decide"))
        picks.focus()

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        if event.option.id:
            self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.dismiss(self.choices[number - 1].id)
        else:
            notice(self, _("Pick 1 to {n}.").format(n=len(self.choices)), timeout=3)

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
            box.border_title = Content(_("Time to discuss"))
            box.border_subtitle = Content(_("Enter: go on") if self.after else _("Enter: back to the scene"))
            with VerticalScroll(classes="dialog-body", id="pause-body"):
                # The prompts come before what people really did: on a small screen they must show first.
                yield Static(self.scene.title, classes="dialog-heading", markup=False)
                if self.choice is not None:
                    by_teacher = self.after and game_app(self).game.last_decided == "teacher"
                    who = _("The teacher decided, without a vote:") if by_teacher else _("The class chose:")
                    chosen = Content.from_markup("[b]$who[/b] $label", who=who, label=flat(self.choice.label))
                    if self.counts and sum(self.counts.values()):
                        chosen += Content(f" ({vote_summary(self.counts, self.choice.id)})")
                    yield Static(chosen, id="pause-chosen")
                yield Static(Content(_("To discuss")), classes="section-heading")
                for number, prompt in enumerate(self.scene.discuss, 1):
                    yield Static(
                        Hanging(Content.styled(f"{number}. ", "bold"), flat(prompt)), classes="prompt pause-prompt"
                    )
                if self.choice is not None and self.choice.record:
                    from game.tui.widgets.scene_text import markdown_blocks  # the record's Markdown, as play.py's note

                    rendered = Content(" ").join(block.content for block in markdown_blocks(self.choice.record))
                    record = Content.assemble((_("What people really did:"), "bold $text-accent"), " ", rendered)
                    yield Static(record, id="pause-record")
            with Horizontal(id="pause-timer-row"):
                yield BigTimer(id="pause-timer")
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#pause-body").focus()
        if self.after:
            timer = getattr(self.app, "class_timer", None)
            if timer is not None:
                timer.discussion_started()

    def _leave(self) -> None:
        if self.after:
            timer = getattr(self.app, "class_timer", None)
            if timer is not None:
                timer.discussion_ended()
        self.dismiss(None)

    def action_go_on(self) -> None:
        self._leave()

    def action_undo(self) -> None:
        """Take back the choice just discussed (a slip): close the pause and undo it, saying so."""
        self._leave()
        undo = getattr(self.app, "undo", None)
        if undo is not None:
            undo()

    def action_history(self) -> None:
        from game.tui.dialogs.history import HistoryDialog

        self.app.push_screen(HistoryDialog(self.scene))

    def action_scroll(self, direction: int) -> None:
        body = self.query_one("#pause-body", VerticalScroll)
        body.scroll_page_down(animate=False) if direction > 0 else body.scroll_page_up(animate=False)


async def ask_class_vote(game: Playthrough, app: App[int]) -> tuple[str, dict[str, int], Source] | None:
    """The class votes on the scene in play (run in a worker): the choice, its counts and where they came from
    (typed hands or the students' devices), or None if called off.

    The majority decides (:func:`tally`), and a tie is the teacher's to break. With the students'
    devices connected (``app.device_link``), the decision is shown on them while the dialog is open,
    closing the vote takes the server's final counts (a vote arriving after that is refused), and
    the class's choice is shown on them at the end.
    """
    state = game.state
    if state is None or rules.is_over(game.story, state):
        return None
    scene = rules.current_scene(game.story, state)
    choices = list(rules.available_choices(game.story, state))
    if not choices:
        notice(
            app,
            _("No way forward is open here, so there is nothing to vote on. Press u to take back the last choice."),
            severity="warning",
            timeout=5,
        )
        return None
    offered = [choice.id for choice in choices]
    link: ProjectorLink | None = getattr(app, "device_link", None)
    link = link if link is not None and link.connected else None
    decision = link.new_decision_id(scene.id, len(state.log)) if link is not None else ""
    labels = [(c.id, flat(c.label)) for c in choices]

    def show(with_text: bool) -> None:
        if link is not None:
            link.open_vote(decision, scene.title, labels, rules.scene_text(scene, state) if with_text else "")

    counts: dict[str, int] | None = None
    while True:
        show(getattr(app, "device_text", False))
        answer = await app.push_screen_wait(VoteDialog(scene, choices, counts, link, show))
        if answer is None:
            if link is not None:
                link.withdraw()
            return None
        counts, source = answer
        if source == "devices" and link is not None:
            final = await link.close_vote(decision)
            counts = {choice: final.get(choice, 0) for choice in offered}
        result = tally(counts, offered)
        picked = result.winner
        if picked is None:
            picked = await app.push_screen_wait(TieDialog(scene, choices, result, counts))
        if picked is not None:
            if link is not None:
                link.decided(decision, picked, counts)
            return picked, counts, source
        if source == "devices":
            counts = None  # back from the tie: the devices' vote opens again, and the fields stay empty


class ClassNameDialog(ModalScreen["str | None"]):
    """The class's name for a new class game (optional): dismissed with the name ("" for none), or None to go back."""

    CSS_PATH = [DIALOG_CSS]

    BINDINGS = [Binding("escape", "cancel", N_("Back"), tooltip=N_("Back to the title screen without starting"))]

    def __init__(self, suggested: str = "") -> None:
        super().__init__(classes="dialog-screen classroom-screen")
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        from game.engine.classroom import MAX_CLASS_NAME

        with Vertical(classes="dialog classroom-dialog compact-dialog", id="class-name-box") as box:
            box.border_title = Content(_("A new class game"))
            box.border_subtitle = Content(_("Enter: start · Esc: back"))
            yield Static(
                _("The class's name, so its game is found again by name and date (optional):"),
                classes="dialog-message",
                markup=False,
            )
            field = Input(
                value=self.suggested, placeholder=_("e.g. 9B History"), max_length=MAX_CLASS_NAME, id="class-name"
            )
            field.cursor_blink = game_app(self).input_cursor_blink
            yield field
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Start the game")), id="start", variant="primary", compact=True)
                yield Button(Content(_("Back")), id="cancel", compact=True)
        yield GameFooter()

    def on_mount(self) -> None:
        self.query_one("#class-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "start":
            self.dismiss(self.query_one("#class-name", Input).value)
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

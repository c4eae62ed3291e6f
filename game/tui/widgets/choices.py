"""The choices of a scene: numbered, chosen with 1–9, arrows and Enter, or the mouse.

Textual's OptionList would do, but replacing its options makes Textual lay
out the whole screen again, and a choice must redraw within a few
milliseconds. This list draws line by line from strips rendered ahead of
time (:meth:`ChoiceList.prepare` renders the choices of the scenes ahead
while the player reads) and keeps the height it was laid out with when
the next scene's choices fit in it.

The list's size changes only in the frame that shows new choices, never a
moment later: a box that grew or shrank ~100 ms after a choice would make
the story pane jump under the reader's eyes. So the room kept only grows
(to fit a taller list, in the frame that shows it), and shrinks only back
to a share of the screen's height after a list taller than that share (a
short screen keeps its rows for the story). The one exception is the
scene a screen opens on: :meth:`ChoiceList.prepare` then grows the list at
once to fit the choices ahead, before the player has chosen anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from game.engine import rules
from game.i18n.interface import _
from game.story.model import Choice, Story
from game.tui.widgets.hanging import Hanging


class ChoiceOption(NamedTuple):
    """One line of the list: a choice (by its stable id), or a disabled message when none is open.

    ``ends`` is the title of the imagined ending the choice leads to at once ("" when it leads on).
    """

    id: str
    label: str
    disabled: bool = False
    ends: str = ""


ENDS_MARK = "⚑"


def ends_here(title: str) -> str:
    """The line under an option that ends the story in a counterfactual ending (said before it is chosen)."""
    return _("{mark} This ends your story here: what if… ({title})").format(mark=ENDS_MARK, title=title)


def options_for(
    choices: Sequence[Choice], empty_message: str = "", story: Story | None = None
) -> tuple[ChoiceOption, ...]:
    """The options for ``choices``: one per choice, or the message (disabled) when there are none.

    With ``story``, an option that leads straight to a counterfactual ending says so
    (:func:`game.engine.rules.ending_ahead`).
    """
    if not choices and empty_message:
        return (ChoiceOption("-none", empty_message, True),)
    options = []
    for choice in choices:
        ending = rules.ending_ahead(story, choice) if story is not None else None
        title = ""
        if ending is not None:
            title = ending.ending.title if ending.ending is not None and ending.ending.title else ending.title
        options.append(ChoiceOption(choice.id, choice.label, ends=title))
    return tuple(options)


def _prompt(number: int, option: ChoiceOption) -> Hanging:
    """A number and a label, with wrapped lines indented under the label (a hanging indent)."""
    if option.disabled:
        return Hanging(Content(""), Content.styled(option.label, "italic"))
    marker = f"{number}. " if number <= 9 else "·  "
    label = Content(" ".join(option.label.split()))
    if option.ends:
        label += Content("\n") + Content.styled(ends_here(option.ends), "italic $text-warning")
    return Hanging(Content.styled(marker, "bold"), label)


class ChoiceList(Widget, can_focus=True):
    """The choices open now; the highlighted one is chosen with Enter, any one with a click."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("home", "cursor_to(0)", "First", show=False),
        Binding("end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Choose", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"choice-list--highlighted", "choice-list--hover", "choice-list--disabled"}

    DEFAULT_CSS = """
    ChoiceList {
        height: auto;
        max-height: 45%;
    }
    ChoiceList > .choice-list--highlighted {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    ChoiceList:focus > .choice-list--highlighted {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    ChoiceList > .choice-list--hover {
        background: $block-hover-background;
    }
    ChoiceList > .choice-list--disabled {
        color: $text-disabled;
    }
    """

    KEPT = 64  # rendered options kept (the list on show and those of the scenes ahead)
    RESERVE_SHARE = 4
    """Room kept for a taller list ahead is at most 1/RESERVE_SHARE of the screen's height: on a short screen
    those rows are the story's, and a taller list costs one layout when it comes (at 80x24 and up, 6+ lines
    fit the common lists, which then change without a layout)."""

    class Chosen(Message):
        """An option was chosen (Enter on the highlighted one, or a click)."""

        def __init__(self, choice_list: ChoiceList, option: ChoiceOption, index: int) -> None:
            super().__init__()
            self.choice_list = choice_list
            self.option = option
            self.index = index

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.options: tuple[ChoiceOption, ...] = ()
        self.highlighted: int | None = None
        self._top = 0  # the first line in view, when the list is taller than its room
        self._hover: int | None = None  # the option under the mouse pointer
        self._room = 0  # lines of height given at the last layout (0: not laid out yet)
        self._reserve = 0  # lines of room wanted at the next layout (this list, or the lists ahead when opening)
        self._shown = 0  # how many lists were shown: only the first (the scene opened on) may grow at leisure
        self._style_key_kept: tuple[object, ...] | None = None
        self._rendered: LRUCache[tuple[object, ...], tuple[list[Strip], list[Strip], list[Strip]]] = LRUCache(self.KEPT)

    # -- the OptionList-like surface the screens and tests use ------------------------------

    @property
    def option_count(self) -> int:
        return len(self.options)

    def get_option_at_index(self, index: int) -> ChoiceOption:
        return self.options[index]

    def show_choices(self, choices: Sequence[Choice], empty_message: str = "") -> None:
        """Show the choices open now, the first highlighted."""
        self.show_options(options_for(choices, empty_message))

    def show_options(self, options: Sequence[ChoiceOption]) -> None:
        self.options = tuple(options)
        self.highlighted = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self._top = 0
        self._hover = None
        self._shown += 1
        # Lay the screen out again only when the new choices do not fit in the room the list has (or it
        # shrinks back to its share after a taller list): in this frame, which redraws the scene anyway.
        self._reserve = self._room_for(self._height_of(self.options))
        self.refresh(layout=not self._room or self._reserve != self._room)

    def prepare(self, ahead: Sequence[Sequence[ChoiceOption]]) -> None:
        """Render the choice lists of the scenes ahead; on the scene a screen opens on, make room for the tallest."""
        if not self.is_mounted or self._width() <= 0:
            return
        # Measuring each list renders its options (and keeps them).
        heights = [self._height_of(options) for options in ahead]
        if self._shown > 1:
            return  # after a choice the size changes only when new choices are shown, never at leisure
        self._reserve = self._room_for(self._height_of(self.options), heights)
        if self._reserve != self._room:
            self.refresh(layout=True)

    def _room_for(self, own: int, ahead: Sequence[int] = ()) -> int:
        """The room to keep: this list's height, or more (kept from before, or for ``ahead``) up to the share."""
        share = self.screen.size.height // self.RESERVE_SHARE if self.is_mounted else 0
        return max(own, min(share, max([self._room, *ahead])))

    # -- geometry ---------------------------------------------------------------------------

    def _width(self) -> int:
        return self.content_region.width if self.is_mounted else 0

    def _height_of(self, options: Sequence[ChoiceOption], width: int | None = None) -> int:
        width = self._width() if width is None else width
        if width <= 0:
            return len(options)
        return sum(len(self._option_strips(number, option, width)[0]) for number, option in enumerate(options, 1))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._room = max(self._height_of(self.options, width), self._reserve)
        return self._room

    # -- drawing ----------------------------------------------------------------------------

    def _option_strips(
        self, number: int, option: ChoiceOption, width: int | None = None
    ) -> tuple[list[Strip], list[Strip], list[Strip]]:
        """The option's lines, plain, highlighted and under the mouse, at ``width`` (by default the current width)."""
        width = self._width() if width is None else width
        key = (number, option, width, self._style_key())
        kept = self._rendered.get(key)
        if kept is not None:
            return kept
        prompt = _prompt(number, option)
        plain_style = self.get_visual_style("choice-list--disabled") if option.disabled else self.visual_style
        plain = Visual.to_strips(self, prompt, width, None, plain_style, pad=True)
        lit = Visual.to_strips(self, prompt, width, None, self.get_visual_style("choice-list--highlighted"), pad=True)
        hover = (
            plain
            if option.disabled
            else Visual.to_strips(self, prompt, width, None, self.get_visual_style("choice-list--hover"), pad=True)
        )
        kept = (plain, lit, hover)
        self._rendered.set(key, kept)
        return kept

    def _style_key(self) -> tuple[object, ...]:
        """What the options' looks depend on besides their text; worked out again when styles change."""
        if self._style_key_kept is None:
            self._style_key_kept = (self.visual_style, self.app.theme, self.has_focus, frozenset(self.app.classes))
        return self._style_key_kept

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_key_kept = None

    def _lines(self) -> list[tuple[int, Strip]]:
        """Every line of the list with the index of the option it belongs to."""
        lines: list[tuple[int, Strip]] = []
        for index, option in enumerate(self.options):
            plain, lit, hover = self._option_strips(index + 1, option)
            shown = lit if index == self.highlighted else hover if index == self._hover else plain
            lines.extend((index, strip) for strip in shown)
        return lines

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        index = y + self._top
        if 0 <= index < len(lines):
            return lines[index][1]
        return Strip.blank(self._width(), self.visual_style.rich_style)

    def _scroll_to_highlight(self) -> None:
        """Keep the highlighted option in view when the list is taller than its room."""
        if self.highlighted is None:
            return
        lines = self._lines()
        rows = [y for y, (index, _) in enumerate(lines) if index == self.highlighted]
        if not rows:  # nothing drawn yet (no width)
            return
        room = max(1, self.content_region.height)
        if rows[0] < self._top:
            self._top = rows[0]
        elif rows[-1] >= self._top + room:
            self._top = min(rows[0], rows[-1] - room + 1)

    # -- moving and choosing ----------------------------------------------------------------

    def _enabled(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if not o.disabled]

    def action_cursor(self, step: int) -> None:
        enabled = self._enabled()
        if not enabled:
            return
        if self.highlighted not in enabled:
            self.highlighted = enabled[0]
        else:
            position = enabled.index(self.highlighted) + step
            self.highlighted = enabled[max(0, min(len(enabled) - 1, position))]
        self._scroll_to_highlight()
        self.refresh()

    def action_cursor_to(self, index: int) -> None:
        enabled = self._enabled()
        if enabled:
            self.highlighted = enabled[index]
            self._scroll_to_highlight()
            self.refresh()

    def action_select(self) -> None:
        if self.highlighted is not None and not self.options[self.highlighted].disabled:
            self.post_message(self.Chosen(self, self.options[self.highlighted], self.highlighted))

    def _option_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        lines = self._lines()
        index = offset.y + self._top
        return lines[index][0] if 0 <= index < len(lines) else None

    def on_click(self, event: events.Click) -> None:
        index = self._option_at(event)
        if index is not None and not self.options[index].disabled:
            event.stop()
            self.highlighted = index
            self.refresh()
            self.post_message(self.Chosen(self, self.options[index], index))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._option_at(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        room = max(1, self.content_region.height)
        if len(self._lines()) > room:
            event.stop()
            self._top = min(len(self._lines()) - room, self._top + 1)
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._top > 0:
            event.stop()
            self._top -= 1
            self.refresh()

    def on_focus(self) -> None:
        self._style_key_kept = None
        self.refresh()

    def on_blur(self) -> None:
        self._style_key_kept = None
        self.refresh()

    def on_resize(self) -> None:
        self._scroll_to_highlight()

"""The choices of a scene: numbered, chosen with 1–9, arrows and Enter, or the mouse."""

from __future__ import annotations

from typing import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.story.model import Choice
from game.tui.widgets.hanging import Hanging


def _prompt(number: int, label: str) -> Hanging:
    """A number and a label, with wrapped lines indented under the label (a hanging indent)."""
    marker = f"{number}. " if number <= 9 else "·  "
    return Hanging(Content.styled(marker, "bold"), " ".join(label.split()))


class ChoiceList(OptionList):
    """An OptionList of the choices open now; the option ids are the choices' stable ids."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 45%; }
    """

    def show_choices(self, choices: Sequence[Choice], empty_message: str = "") -> None:
        options: list[Option] = [Option(_prompt(n, c.label), id=c.id) for n, c in enumerate(choices, 1)]
        if not options and empty_message:
            options = [Option(Content.styled(empty_message, "italic"), id="-none", disabled=True)]
        self.set_options(options)
        self.highlighted = 0 if choices else None
        self.scroll_home(animate=False)

"""Textual's keys panel and command palette, redrawn in the player's language (see :mod:`game.tui.textual_words`).

A module of its own because Textual's help panel brings its Markdown widget (and markdown-it) with it:
the app imports this only when the player opens the palette or the keys panel, never at start.

Every description is shown as plain :class:`~rich.text.Text`, never parsed as markup
(Textual's own table parses a binding's description as markup).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from rich import box
from rich.align import Align
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import HelpPanel, KeyPanel, Markdown, Static
from textual.widgets.option_list import Option

from game.i18n.interface import _

_FOLLOWERS = frozenset(str(n) for n in range(2, 10))
"""Keys 2-9 of a 1-9 row: the panel lists the row once, under its first key (shown as ``1-9``)."""


class KeysTable(Static):
    """The keys panel's table: each active binding, its description and tooltip translated, as plain text."""

    COMPONENT_CLASSES = {"keys-table--key", "keys-table--description", "keys-table--header"}

    DEFAULT_CSS = """
    KeysTable {
        width: auto;
        height: auto;
        & > .keys-table--key { color: $text-accent; text-style: bold; padding: 0 1; }
        & > .keys-table--description { color: $foreground; }
        & > .keys-table--header { color: $text-primary; text-style: underline; }
    }
    """

    def render(self) -> Table:
        key_style = self.get_component_rich_style("keys-table--key")
        description_style = self.get_component_rich_style("keys-table--description")
        header_style = self.get_component_rich_style("keys-table--header")
        table = Table(padding=(0, 0), show_header=False, box=box.SIMPLE)
        table.add_column("", justify="right")
        table.add_column("")
        for namespace, group in groupby(self.screen.active_bindings.values(), key=lambda active: active.node):
            by_action: defaultdict[str, list[Binding]] = defaultdict(list)
            for active in group:
                binding = active.binding
                if binding.system or binding.key in _FOLLOWERS and binding.key_display is None:
                    continue
                by_action[binding.action].append(binding)
            if not by_action:
                continue
            if namespace.BINDING_GROUP_TITLE:
                table.add_row("", Text(_(namespace.BINDING_GROUP_TITLE), style=header_style, end=""))
            for bindings in by_action.values():
                first = bindings[0]
                keys = " ".join(dict.fromkeys(self.app.get_key_display(binding) for binding in bindings))
                table.add_row(Text(keys, style=key_style), describe(first, description_style))
            table.add_section()
        return table


def describe(binding: Binding, style: object = "") -> Text:
    """A binding's description and tooltip in the player's language, as plain text (never markup)."""
    text = Text(_(binding.description) if binding.description else "", style=str(style) if style else "", end="")
    if binding.tooltip:
        if binding.description:
            text.append(" ")
        text.append(_(binding.tooltip), "dim")
    return text


class TranslatedKeyPanel(KeyPanel):
    """Textual's keys panel (it follows the screen's bindings), drawing :class:`KeysTable` instead of its own."""

    def compose(self) -> ComposeResult:
        yield KeysTable(shrink=True, expand=False)


class TranslatedHelpPanel(HelpPanel):
    """Textual's help panel (split to the right, following the focus) with the translated keys panel."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="widget-help")
        yield TranslatedKeyPanel(id="keys-help")


class TranslatedPalette(CommandPalette):
    """The command palette, with its "No matches found" in the player's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Private Textual API, overridden on purpose: Textual writes "No matches found" inside this
        # method (CommandPalette._start_no_matches_countdown, with _NO_MATCHES_COUNTDOWN, _no_matches_timer
        # and _list_visible), and offers no public way to word it. If Textual renames it, the English shows
        # again and tests/i18n/test_textual_words_in_czech.py::test_no_matches_is_in_czech fails.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matches found"), style="not bold")), disabled=True, id=self._NO_MATCHES
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)

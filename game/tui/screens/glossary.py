"""The glossary (key g): people, places, organisations and terms; type to filter."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.i18n.folding import search_key
from game.i18n.interface import N_, _
from game.story.model import GlossaryEntry
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter

KINDS = {"person": N_("person"), "place": N_("place"), "organisation": N_("organisation"), "term": N_("term")}


def _key(entry: GlossaryEntry) -> str:
    return entry.term.casefold()


class GlossaryScreen(Responsive):
    """All entries, the current scene's first; the filter matches terms, aliases and text."""

    CSS_PATH = [LISTS_CSS]

    AUTO_FOCUS = "#entries"
    BINDINGS = keys.GLOSSARY

    def __init__(self, entry: str | None = None) -> None:
        super().__init__()
        self._initial_size_classes()
        self.wanted = entry

    def compose(self) -> ComposeResult:
        yield Static(_("Glossary: people, places and words"), classes="screen-title", markup=False)
        with Horizontal(classes="split"):
            with Vertical(classes="split-list"):
                field = Input(placeholder=_("Type to search (/)"), id="search", select_on_focus=False)
                field.cursor_blink = game_app(self).input_cursor_blink
                yield field
                yield OptionList(id="entries")
            with VerticalScroll(classes="split-detail", can_focus=False):
                yield Static(id="entry-detail")
        yield GameFooter()

    def on_mount(self) -> None:
        self.fill("")
        if self.wanted:
            self.select(self.wanted)

    def _scene_entries(self) -> list[str]:
        app = game_app(self)
        state = app.state
        if state is None:
            return []
        scene = app.story.scenes.get(state.scene)
        if scene is None:
            return []
        return app.linker.entries_in(f"{scene.text}\n{scene.history.text}")

    def fill(self, query: str) -> None:
        glossary = game_app(self).story.glossary
        needle = search_key(query).strip()  # "prazske" finds Pražské jaro: accents aside

        def matches(entry: GlossaryEntry) -> bool:
            if not needle:
                return True
            kind = _(KINDS[entry.kind]) if entry.kind in KINDS else entry.kind  # the kind as shown: "osoba"
            haystack = search_key(" ".join((entry.term, *entry.aliases, entry.text, kind)))
            return needle in haystack

        options: list[Option | None] = []
        here = [glossary[e] for e in self._scene_entries() if e in glossary and matches(glossary[e])]
        if here and not needle:
            options.append(Option(Text(_("In this scene"), style="bold italic"), id="-here", disabled=True))
            options.extend(Option(Text(f"  {e.term}"), id=f"here:{e.id}") for e in here)
            options.append(Option(Text(_("All entries"), style="bold italic"), id="-all", disabled=True))
        shown = sorted((e for e in glossary.values() if matches(e)), key=_key)
        options.extend(Option(Text(f"  {e.term}" if here and not needle else e.term), id=f"all:{e.id}") for e in shown)
        entries = self.query_one("#entries", OptionList)
        entries.set_options(o for o in options if o is not None)
        detail = self.query_one("#entry-detail", Static)
        if not glossary:
            detail.update(Content(_("This story has no glossary.")))
        elif not shown:
            detail.update(Content(_("Nothing matches '{query}'. Press Esc to clear the search.").format(query=query)))
        first = next((i for i, o in enumerate(entries.options) if not o.disabled), None)
        entries.highlighted = first

    def select(self, entry_id: str) -> None:
        entries = self.query_one("#entries", OptionList)
        for prefix in ("here:", "all:"):
            try:
                entries.highlighted = entries.get_option_index(prefix + entry_id)
            except Exception:  # noqa: BLE001 - OptionDoesNotExist
                continue
            entries.scroll_to_highlight()
            entries.focus()
            return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entries = event.option_list
        if entries.highlighted is None or entries.highlighted_option is not event.option:
            return  # an earlier search's highlight, arriving after a later search emptied or refilled the list
        option_id = event.option.id or ""
        if ":" not in option_id:
            return
        entry = game_app(self).story.glossary.get(option_id.split(":", 1)[1])
        if entry is None:
            return
        text = Content.from_markup(
            "[b]$term[/b]  [$foreground-muted]$kind[/]\n\n$body",
            term=entry.term,
            kind=_(KINDS[entry.kind]) if entry.kind in KINDS else entry.kind,
            body=" ".join(entry.text.split()),
        )
        if entry.aliases:
            text += Content.from_markup(
                "\n\n[i]$also[/i] $aliases", also=_("Also written:"), aliases=", ".join(entry.aliases)
            )
        self.query_one("#entry-detail", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#entries", OptionList).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_to_list(self) -> None:
        self.query_one("#entries", OptionList).focus()

    def action_close(self) -> None:
        field = self.query_one("#search", Input)
        if field.value:
            field.value = ""
            self.query_one("#entries", OptionList).focus()
            return
        self.dismiss()

    def on_key(self, event: events.Key) -> None:
        # Typing a letter while the list has focus starts a search.
        field = self.query_one("#search", Input)
        if (
            self.focused is not field
            and event.character
            and event.character.isprintable()
            and event.character not in "/? "
            and len(event.character) == 1
        ):
            field.focus()
            field.value += event.character
            field.cursor_position = len(field.value)
            event.stop()
            event.prevent_default()

"""The sources (key b): the published works and archives the game's history draws on."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.i18n.interface import N_, _
from game.story.model import Source
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.links import source_link, web_address
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter

KINDS = {"book": N_("Book"), "document": N_("Document"), "archive": N_("Archive"), "article": N_("Article")}


def _label(source: Source) -> Text:
    text = Text()
    if source.author:
        text.append(f"{source.author}: ", style="bold")
    text.append(source.title, style="italic")
    if source.year:
        text.append(f" ({source.year})")
    return text


def _sort_key(source: Source) -> tuple[str, str]:
    return ((source.author or source.title).casefold(), source.title.casefold())


class SourcesScreen(Responsive):
    """Every source, with what it is good for and where the player met it."""

    CSS_PATH = [LISTS_CSS]

    AUTO_FOCUS = "#sources"
    BINDINGS = keys.SOURCES

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        story = game_app(self).story
        self.items = sorted(story.sources.values(), key=_sort_key)
        yield Static(_("Sources: where the history in this game comes from"), classes="screen-title", markup=False)
        with Horizontal(classes="split"):
            yield OptionList(*[Option(_label(s), id=s.id) for s in self.items], id="sources", classes="split-list")
            with VerticalScroll(classes="split-detail", can_focus=False):
                yield Static(
                    _("This story lists no sources.") if not self.items else "", id="source-detail", markup=False
                )
        yield GameFooter()

    def on_mount(self) -> None:
        if self.items:
            self.query_one("#sources", OptionList).highlighted = 0

    def _seen_citing(self, source_id: str) -> list[str]:
        app = game_app(self)
        state = app.state
        if state is None:
            return []
        titles: list[str] = []
        for scene_id in dict.fromkeys(state.path):
            scene = app.story.scenes.get(scene_id)
            if scene is not None and source_id in scene.history.sources and scene.title not in titles:
                titles.append(scene.title)
        return titles

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        source = game_app(self).story.sources.get(event.option.id or "")
        if source is None:
            return
        text = Content.from_markup(
            "[b]$kind[/b]\n\n$citation",
            kind=_(KINDS[source.kind]) if source.kind in KINDS else source.kind.title(),
            citation=source.citation(),
        )
        if source.url:
            text += Content("\n\n") + source_link(source)
            if web_address(source.url):
                text += Content.from_markup("  [$foreground-muted]$hint[/]", hint=_("(o or click to open)"))
        if source.note:
            text += Content.from_markup("\n\n[i]$note[/i]", note=" ".join(source.note.split()))
        seen = self._seen_citing(source.id)
        if seen:
            text += Content.from_markup(
                "\n\n[b]$seen[/b] $titles", seen=_("In scenes you have played:"), titles="; ".join(seen)
            )
        self.query_one("#source-detail", Static).update(text)

    def action_open(self) -> None:
        """The highlighted source's address, by the same path as a click on it."""
        sources = self.query_one("#sources", OptionList)
        if sources.highlighted is None:
            return
        game_app(self).action_open_source(sources.get_option_at_index(sources.highlighted).id or "")

    def action_close(self) -> None:
        self.dismiss()

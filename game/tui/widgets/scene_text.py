"""Scene prose: Markdown drawn as a few Static blocks, with glossary terms as links.

Textual's own ``Markdown`` widget rebuilds a tree of widgets on every
update; a scene changes after every choice, so this widget keeps a small
pool of Static blocks (paragraph, heading, quote, list item, …) and only
updates their content, mounting or removing blocks when the count changes.
Glossary names become links (first occurrence per text) that post
:class:`SceneText.TermSelected`; ordinary links open in the browser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content, Span
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from markdown_it.token import Token

    from game.tui.data.glossary_links import GlossaryLinker

GLOSSARY_SCHEME = "glossary:"


class Block(NamedTuple):
    kind: str  # p | h | quote | item | code | rule
    content: Content


@lru_cache(maxsize=1)
def _parser():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("html_inline").disable("html_block")


def _link_style(href: str) -> Style:
    return Style.from_meta({"@click": f"follow({href!r})"})


def _inline(token: "Token", linker: "GlossaryLinker | None", seen: set[str]) -> Content:
    """One inline token (a paragraph's text) as Content, with glossary names linked."""
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[Style | str, int]] = []
    position = 0
    in_link = 0

    def add(text: str) -> None:
        nonlocal position
        parts.append(text)
        position += len(text)

    def close() -> None:
        style, start = stack.pop()
        if position > start:
            spans.append(Span(start, position, style))

    for child in token.children or ():
        kind = child.type
        if kind == "text":
            text = child.content
            if linker and not in_link:
                for match in linker.find(text):
                    if match.entry in seen:
                        continue
                    seen.add(match.entry)
                    spans.append(Span(position + match.start, position + match.end,
                                      _link_style(GLOSSARY_SCHEME + match.entry)))
            add(text)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "code_inline":
            start = position
            add(child.content)
            spans.append(Span(start, position, "bold"))
        elif kind == "em_open":
            stack.append(("italic", position))
        elif kind == "strong_open":
            stack.append(("bold", position))
        elif kind == "s_open":
            stack.append(("strike", position))
        elif kind == "link_open":
            in_link += 1
            stack.append((_link_style(str(child.attrs.get("href", ""))), position))
        elif kind == "image":
            add(f"[{child.content or 'image'}]")
        elif kind.endswith("_close") and stack:
            if kind == "link_close":
                in_link = max(0, in_link - 1)
            close()
    while stack:
        close()
    return Content("".join(parts), spans=spans)


def markdown_blocks(source: str, linker: "GlossaryLinker | None" = None, seen: set[str] | None = None) -> list[Block]:
    """Markdown source as a list of blocks; ``seen`` carries linked entries across calls."""
    seen = set() if seen is None else seen
    blocks: list[Block] = []
    quote = 0
    lists: list[list[int | None]] = []  # per open list: [next number or None for bullets]
    item_prefix: str | None = None
    heading = False
    for token in _parser().parse(source or ""):
        kind = token.type
        if kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            lists.append([int(token.attrs.get("start", 1) or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif kind == "list_item_open":
            number = lists[-1][0] if lists else None
            depth = "  " * max(0, len(lists) - 1)
            if number is None:
                item_prefix = f"{depth}• "
            else:
                item_prefix = f"{depth}{number}. "
                lists[-1][0] = number + 1
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            content = _inline(token, linker, seen)
            if heading:
                blocks.append(Block("h", content))
            elif item_prefix is not None:
                blocks.append(Block("item", Content(item_prefix) + content))
                item_prefix = None
            elif lists:
                blocks.append(Block("item", Content("  " * len(lists)) + content))
            elif quote:
                blocks.append(Block("quote", content))
            else:
                blocks.append(Block("p", content))
        elif kind in ("fence", "code_block"):
            blocks.append(Block("code", Content(token.content.rstrip("\n"))))
        elif kind == "hr":
            blocks.append(Block("rule", Content("⁂")))
    return blocks


_SPACE = re.compile(r"\s+")


def plain_text(source: str) -> str:
    """Markdown as plain words (for tests and search); emphasis markers go."""
    return "\n\n".join(_SPACE.sub(" ", block.content.plain).strip() for block in markdown_blocks(source))


class TextBlock(Static):
    """One paragraph (or heading, quote, item) of a SceneText."""

    DEFAULT_CSS = """
    TextBlock { height: auto; margin: 0 0 1 0; }
    TextBlock.-h { text-style: bold; color: $text-accent; }
    TextBlock.-quote { border-left: outer $secondary; padding: 0 0 0 1; color: $text; text-style: italic; }
    TextBlock.-item { margin: 0; }
    TextBlock.-item-last { margin: 0 0 1 0; }
    TextBlock.-code { background: $surface; padding: 0 1; }
    TextBlock.-rule { content-align: center middle; color: $text-muted; }
    TextBlock:last-child { margin: 0; }
    """

    def action_follow(self, href: str) -> None:
        parent = self.parent
        if isinstance(parent, SceneText):
            parent.follow(href)


class SceneText(Widget):
    """Markdown prose that updates in place; the scene, a history, an epilogue."""

    DEFAULT_CSS = """
    SceneText { height: auto; layout: vertical; }
    """

    class TermSelected(Message):
        """A glossary term in the text was clicked."""

        def __init__(self, entry: str) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, source: str = "", *, linker: "GlossaryLinker | None" = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.linker = linker
        self.source = source
        self._initial = markdown_blocks(source, linker)

    def compose(self):  # type: ignore[no-untyped-def]
        blocks = self._initial
        self._initial = []
        for index, block in enumerate(blocks):
            yield TextBlock(block.content, classes=self._classes_for(blocks, index))

    @staticmethod
    def _classes_for(blocks: list[Block], index: int) -> str:
        kind = blocks[index].kind
        classes = f"-{kind}"
        if kind == "item" and (index + 1 == len(blocks) or blocks[index + 1].kind != "item"):
            classes += " -item-last"
        return classes

    def update(self, source: str) -> None:
        """Show new Markdown, reusing the blocks already mounted."""
        self.source = source
        blocks = markdown_blocks(source, self.linker)
        existing = list(self.query_children(TextBlock))
        for index, block in enumerate(blocks):
            classes = self._classes_for(blocks, index)
            if index < len(existing):
                widget = existing[index]
                widget.update(block.content)
                widget.set_classes(classes)
            else:
                self.mount(TextBlock(block.content, classes=classes))
        for widget in existing[len(blocks):]:
            widget.remove()

    def follow(self, href: str) -> None:
        if href.startswith(GLOSSARY_SCHEME):
            self.post_message(self.TermSelected(href[len(GLOSSARY_SCHEME):]))
        elif href:
            self.run_action(f"app.open_link({href!r})")

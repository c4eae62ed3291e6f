"""Scene prose: Markdown drawn by one widget, with glossary terms as links.

Textual's own ``Markdown`` widget builds a tree of widgets (one per
paragraph) and rebuilds it on every update; a scene changes after every
choice, and mounting widgets is among the slowest things Textual does.
This widget parses the Markdown once per text (markdown-it, which Textual
already ships), keeps the blocks as Content, and wraps them itself for the
width it has, so quotes keep their bar and list items their hanging indent
on every wrapped line. Glossary names become links (first
occurrence per text) that post :class:`SceneText.TermSelected`; a link to
a web address opens in the browser through :func:`game.tui.links.open_link`;
a link to anything else is shown as plain text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.style import Style
from textual.widget import Widget

from game.tui.links import open_link, web_address

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from game.tui.data.glossary_links import GlossaryLinker

GLOSSARY_SCHEME = "glossary:"


class Block(NamedTuple):
    kind: str  # p | h | quote | item | code | rule
    content: Content


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).disable("html_inline").disable("html_block")


def _link_style(href: str) -> Style:
    """A click on the text runs the widget's ``follow`` with ``href`` as one quoted string (see game.tui.links)."""
    return Style.from_meta({"@click": f"follow({href!r})"})


def _is_followed(href: str) -> bool:
    """Only glossary entries and web addresses become links; any other target stays plain text."""
    return href.startswith(GLOSSARY_SCHEME) or web_address(href) is not None


def follow(widget: Widget, href: str) -> None:
    """A click on a link in prose: a glossary name opens the glossary, a web address the browser."""
    if href.startswith(GLOSSARY_SCHEME):
        widget.post_message(SceneText.TermSelected(href[len(GLOSSARY_SCHEME) :]))
    elif href:
        open_link(widget, href)


def _inline(token: Token, linker: GlossaryLinker | None, seen: set[str]) -> Content:
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
        if style and position > start:
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
                    spans.append(
                        Span(position + match.start, position + match.end, _link_style(GLOSSARY_SCHEME + match.entry))
                    )
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
            href = str(child.attrs.get("href", ""))
            stack.append((_link_style(href) if _is_followed(href) else "", position))
        elif kind == "image":
            add(f"[{child.content or 'image'}]")
        elif kind.endswith("_close") and stack:
            if kind == "link_close":
                in_link = max(0, in_link - 1)
            close()
    while stack:
        close()
    return Content("".join(parts), spans=spans)


def markdown_blocks(source: str, linker: GlossaryLinker | None = None, seen: set[str] | None = None) -> list[Block]:
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


_GAP = Content("")


def _wrap(content: Content, width: int) -> list[Content]:
    return content.wrap(max(1, width)) if content else [content]


def layout_blocks(blocks: list[Block], width: int) -> list[Content]:
    """The blocks as screen lines for ``width`` cells: a blank line between blocks, none inside a list."""
    lines: list[Content] = []
    previous = ""
    for block in blocks:
        kind = block.kind
        if lines and not (kind == "item" and previous == "item"):
            lines.append(_GAP)
        previous = kind
        content = block.content
        if kind == "h":
            lines.extend(_wrap(content.stylize("bold $text-accent"), width))
        elif kind == "quote":
            bar = Content.styled("▌ ", "$secondary")
            lines.extend(bar + line for line in _wrap(content.stylize("italic"), width - 2))
        elif kind == "item":
            plain = content.plain
            marker = len(plain) - len(plain.lstrip(" "))
            cut = plain.find(" ", marker) + 1 if plain[marker : marker + 1] in "•0123456789" else marker
            indent = max(0, min(cut, width // 2))
            first, rest = content[:indent], content[indent:]
            wrapped = _wrap(rest, width - indent)
            pad = Content(" " * indent)
            lines.extend((first if n == 0 else pad) + line for n, line in enumerate(wrapped))
        elif kind == "code":
            for raw in content.split("\n"):
                lines.extend(raw.fold(max(2, width)) if raw else [raw])
        elif kind == "rule":
            lines.append(Content.styled("⁂", "$foreground-muted").center(max(1, width)))
        else:
            lines.extend(_wrap(content, width))
    return lines


class SceneText(Widget):
    """Markdown prose that updates in place: the scene, a history, an epilogue."""

    DEFAULT_CSS = """
    SceneText { height: auto; }
    """

    class TermSelected(Message):
        """A glossary term in the text was clicked."""

        def __init__(self, entry: str) -> None:
            super().__init__()
            self.entry = entry

    def __init__(
        self,
        source: str = "",
        *,
        linker: GlossaryLinker | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.linker = linker
        self.source = source
        self.blocks = markdown_blocks(source, linker)
        self._lines: tuple[int, list[Content]] | None = None

    def update(self, source: str) -> None:
        """Show new Markdown."""
        self.source = source
        self.blocks = markdown_blocks(source, self.linker)
        self._lines = None
        self.refresh(layout=True)

    def lines_for(self, width: int) -> list[Content]:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, layout_blocks(self.blocks, width))
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_for(width)) if width > 0 else 0

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def render(self) -> Content:
        width = self.content_size.width
        if width <= 0:
            return Content("")
        return Content("\n").join(self.lines_for(width))

    def plain(self) -> str:
        """The text as words (for tests)."""
        return "\n\n".join(block.content.plain for block in self.blocks)

    def action_follow(self, href: str) -> None:
        follow(self, href)

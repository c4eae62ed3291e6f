"""Scene Markdown turned into plain text (plain mode) and into HTML (handouts, transcripts).

One parser for every reader: markdown-it in CommonMark mode with raw HTML off,
so ``<script>`` in a mod's scene is shown as text, never passed into a
teacher's page. Links keep their words and lose their target in both outputs:
a printed page cannot follow them, and a pack's address has no business in
a handout. Parsed on first use (play from the cache and most texts never need it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_MARKERS = frozenset("*_`[]<>&\\!#\n")
"""Text with none of these is its own plain text and its own (escaped) HTML: no parse needed."""


_STRUCTURE = re.compile(
    r"[`\[\]<>&\\!#_~|\t]"  # code, links, HTML, entities, escapes, headings, underscores, tabs
    r"|^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)"  # list items
    r"|^ {0,3}>|^ {4}"  # block quotes, indented code
    r"|^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$"  # thematic breaks
    r"|^ {0,3}(?:=+|-+)\s*$",  # setext headings
    re.M,
)
_EMPHASIS = re.compile(r"(?<![*\w])(\*{1,2})(?=[^\s*])((?:(?!\n\s*\n)[^*])+?)(?<=[^\s*])\1(?![*\w])")


def _plain_without_parsing(text: str) -> str | None:
    """The plain text of prose that is only paragraphs and ``*emphasis*``, or None for anything else.

    Why: plain mode shows its first scene in about the time Python takes to
    import PyYAML, and importing markdown-it alone costs more than that. Almost
    every scene is paragraphs with a few starred titles, so those are done
    here; anything with more structure (or a star this cannot pair) goes to
    the parser. ``tests/tools/test_markdown.py`` holds this to markdown-it's
    own output on random prose and on every text of the campaign.
    """
    if _STRUCTURE.search(text):
        return None
    paragraphs = []
    for paragraph in re.split(r"\n[ \t]*\n", text.strip()):
        if not paragraph.strip():
            continue
        flat = _EMPHASIS.sub(r"\2", " ".join(line.strip() for line in paragraph.splitlines()))
        if "*" in flat:
            return None
        paragraphs.append(flat)
    return "\n\n".join(paragraphs)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.disable("html_inline").disable("html_block")
    parser.add_render_rule("link_open", lambda *args: "")
    parser.add_render_rule("link_close", lambda *args: "")
    from html import escape

    parser.add_render_rule("image", lambda renderer, tokens, idx, *args: escape(tokens[idx].content, quote=False))
    return parser


def _plain_inline(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def to_plain(text: str) -> str:
    """Markdown prose as plain text: markers go, paragraphs stay (separated by a blank line)."""
    if not _MARKERS.intersection(text):
        return text.strip()
    quick = _plain_without_parsing(text)
    return quick if quick is not None else _plain_by_parsing(text)


def _plain_by_parsing(text: str) -> str:
    """:func:`to_plain` for any Markdown, through markdown-it."""
    blocks: list[str] = []
    bullets: list[str] = []
    for token in _parser().parse(text):
        if token.type == "bullet_list_open":
            bullets.append("-")
        elif token.type == "ordered_list_open":
            bullets.append("1.")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
        elif token.type == "inline":
            blocks.append((f"{bullets[-1]} " if bullets else "") + _plain_inline(token))
        elif token.type in ("code_block", "fence"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(block for block in blocks if block.strip())


def to_html(text: str) -> str:
    """Markdown prose as an HTML fragment (paragraphs, emphasis, lists); every character of the text is escaped."""
    return str(_parser().render(text)).strip()


def inline_html(text: str) -> str:
    """One line of Markdown (a choice label, a record note) as HTML with no paragraph around it."""
    if not _MARKERS.intersection(text):
        from html import escape  # here: html.entities is a large table that plain mode never needs

        return escape(" ".join(text.split()), quote=False)
    return str(_parser().renderInline(" ".join(text.split()))).strip()

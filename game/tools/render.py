"""The printable page shared by the exports (handouts, transcripts): a small document model, its
Markdown and its HTML.

A handout is built once as a list of blocks; :func:`to_markdown` and :func:`to_html` render the
same blocks, so the Markdown a teacher edits and the HTML a teacher prints say the same thing
(``tests/tools/test_handouts.py`` compares their text). Every string is tagged with what it is:
a pack's Markdown prose (:func:`md`) goes through :mod:`game.story.markdown` (raw HTML off, every
character escaped, links lose their target); anything else (:func:`plain`: titles, citations,
file names, our own words) is escaped for both outputs and never read as markup.

Dates are said by :mod:`game.story.dates`; this module only lays text out. The page says which
language it is in (``<html lang>``, the interface's), so a browser hyphenates and reads it aloud right.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from game.i18n.interface import language
from game.story.markdown import inline_html
from game.story.markdown import to_html as prose_html


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (split at blank lines), each on one line."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


# --- inline text ---------------------------------------------------------------------------------


class Span(NamedTuple):
    """A run of text and what it is: ``md`` (a pack's Markdown), ``plain``, ``em``, ``strong``, ``blank``."""

    text: str
    kind: str = "plain"


Line = tuple[Span, ...]


def md(text: str) -> Span:
    """A pack's Markdown prose (one line or a label): emphasis kept, everything else escaped."""
    return Span(text, "md")


def plain(text: str) -> Span:
    return Span(text, "plain")


def em(text: str) -> Span:
    return Span(text, "em")


def strong(text: str) -> Span:
    return Span(text, "strong")


def blank(width: int) -> Span:
    """A line to write on inside a sentence ("Name: ____"): underscores in both outputs."""
    return Span("_" * width, "blank")


def line(*parts: Span | str) -> Line:
    """A line from spans; a bare string is plain text."""
    return tuple(part if isinstance(part, Span) else plain(part) for part in parts)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!&])")
_MD_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=>#])")
_SPACES = re.compile(r"\s+")


def _one_line(text: str) -> str:
    """Runs of white space (line breaks too) as one space: a span sits inside one line."""
    return _SPACES.sub(" ", text)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that reads back as the same text (CommonMark backslash escapes)."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def _escape_block_start(text: str) -> str:
    """A line that would start a list, a quote or a heading ("1968. …", "- …") keeps its text."""
    return _MD_BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def _edges(text: str) -> tuple[str, str, str]:
    """A span's text without its outer white space, and that white space as one space each side.

    Emphasis markers must touch the words (``**Note:** x``, never ``**Note: **x``), so the
    spaces around a span go outside its markers in both outputs.
    """
    core = _one_line(text).strip()
    if not core:
        return (" " if text else ""), "", ""
    return (" " if text[:1].isspace() else ""), core, (" " if text[-1:].isspace() else "")


def _span_markdown(span: Span) -> str:
    before, text, after = _edges(span.text)
    if span.kind == "md" or span.kind == "blank":
        return before + text + after
    text = escape_markdown(text)
    if span.kind == "em":
        text = f"*{text}*"
    elif span.kind == "strong":
        text = f"**{text}**"
    return before + text + after


def _span_html(span: Span) -> str:
    before, text, after = _edges(span.text)
    if span.kind == "md":
        return before + inline_html(text) + after
    text = html.escape(text, quote=False)
    if span.kind == "em":
        text = f"<em>{text}</em>"
    elif span.kind == "strong":
        text = f"<strong>{text}</strong>"
    elif span.kind == "blank":
        text = f'<span class="blank">{text}</span>'
    return before + text + after


def line_markdown(parts: Line) -> str:
    return _one_line("".join(_span_markdown(span) for span in parts)).strip()


def line_html(parts: Line) -> str:
    return _one_line("".join(_span_html(span) for span in parts)).strip()


# --- blocks --------------------------------------------------------------------------------------


class Heading(NamedTuple):
    level: int
    text: Line
    id: str = ""


class Para(NamedTuple):
    text: Line
    style: str = ""


class Prose(NamedTuple):
    """Several paragraphs of a pack's Markdown (a scene's situation, a history note)."""

    text: str
    style: str = ""


class Items(NamedTuple):
    items: tuple[Line, ...]
    ordered: bool = False
    start: int = 1
    style: str = ""


class Table(NamedTuple):
    head: tuple[Line, ...]
    rows: tuple[tuple[Line, ...], ...]
    style: str = ""


class WriteSpace(NamedTuple):
    """Ruled lines to write on: a row of underscores per line in Markdown, ruled space in HTML."""

    lines: int


class Group(NamedTuple):
    """Blocks that belong together: a ``<section>`` in HTML, kept on one page where it fits."""

    blocks: tuple[Block, ...]
    style: str = ""
    id: str = ""
    new_page: bool = False


Block = Heading | Para | Prose | Items | Table | WriteSpace | Group

WRITE_LINE = "_" * 60
"""One writing line in Markdown: a thematic break to a Markdown viewer, a line to a printer."""


def _markdown_blocks(blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level, text, _):
                out.append(f"{'#' * level} {line_markdown(text)}")
            case Para(text, _):
                out.append(_escape_block_start(line_markdown(text)))
            case Prose(text, _):
                out.append("\n\n".join(paragraphs(text)))
            case Items(items, ordered, start, _):
                marks = (f"{start + i}." if ordered else "-" for i in range(len(items)))
                out.append(
                    "\n".join(
                        f"{mark} {_escape_block_start(line_markdown(item))}"
                        for mark, item in zip(marks, items, strict=True)
                    )
                )
            case Table(head, rows, _):
                cells = [[line_markdown(cell) for cell in row] for row in (head, *rows)]
                table = [f"| {' | '.join(cells[0])} |", "|" + "---|" * len(head)]
                table += [f"| {' | '.join(row)} |" for row in cells[1:]]
                out.append("\n".join(table))
            case WriteSpace(lines):
                out.append("\n\n".join([WRITE_LINE] * lines))
            case Group(inner, _, _, _):
                out.extend(_markdown_blocks(inner))
    return out


def to_markdown(blocks: Sequence[Block]) -> str:
    return "\n\n".join(_markdown_blocks(blocks)) + "\n"


def _class(style: str) -> str:
    return f' class="{html.escape(style)}"' if style else ""


def _html_blocks(blocks: Iterable[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level, text, id_):
                anchor = f' id="{html.escape(id_)}"' if id_ else ""
                out.append(f"<h{level}{anchor}>{line_html(text)}</h{level}>")
            case Para(text, style):
                out.append(f"<p{_class(style)}>{line_html(text)}</p>")
            case Prose(text, style):
                body = prose_html(text)
                out.append(f"<div{_class(style)}>{body}</div>" if style else body)
            case Items(items, ordered, start, style):
                tag = "ol" if ordered else "ul"
                first = f' start="{start}"' if ordered and start != 1 else ""
                rows = "".join(f"<li>{line_html(item)}</li>" for item in items)
                out.append(f"<{tag}{_class(style)}{first}>{rows}</{tag}>")
            case Table(head, rows, style):
                header = "".join(f"<th>{line_html(cell)}</th>" for cell in head)
                body = "".join("<tr>" + "".join(f"<td>{line_html(c)}</td>" for c in row) + "</tr>" for row in rows)
                out.append(f"<table{_class(style)}><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>")
            case WriteSpace(lines):
                out.append('<div class="write">' + "<div></div>" * lines + "</div>")
            case Group(inner, style, id_, new_page):
                classes = " ".join(c for c in (style, "new-page" if new_page else "") if c)
                anchor = f' id="{html.escape(id_)}"' if id_ else ""
                out.append(f"<section{_class(classes)}{anchor}>\n" + "\n".join(_html_blocks(inner)) + "\n</section>")
    return out


def to_html(title: str, blocks: Sequence[Block]) -> str:
    return html_page(title, "\n".join(_html_blocks(blocks)))


# --- the page ------------------------------------------------------------------------------------

PRINT_CSS = """
@page { size: auto; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.45;
       color: #111; max-width: 46em; margin: 0 auto; padding: 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.4em 0 .3em; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .2em; break-after: avoid; }
.meta { color: #444; font-style: italic; margin: 0 0 .5em; }
.timeline { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.2; }
.timeline td, .timeline th { border-top: 1px solid #ccc; padding: .05em .4em; vertical-align: top; text-align: left; }
.timeline td:first-child { white-space: nowrap; width: 10em; }
section.step { break-inside: avoid; margin-bottom: 1.2em; }
section.decision { margin-bottom: 1.2em; }
section.new-page { break-before: page; }
section.keep { break-inside: avoid; }
ol.options li, ul.prompts li { margin: .15em 0; }
.history { border-left: 3px solid #888; padding-left: .8em; margin: .6em 0; }
.sources { font-size: 9.5pt; color: #333; }
.chosen { font-weight: bold; }
.record { font-size: 10pt; }
.cf { font-weight: bold; }
.nameline { font-size: 12pt; margin: .6em 0 1em; }
.blank { letter-spacing: -.05em; }
.question { break-inside: avoid; margin: .8em 0 .2em; }
.write { break-inside: avoid; margin: 0 0 .8em; }
.write div { height: 2.1em; border-bottom: 1px solid #888; }
dl.glossary dt { font-weight: bold; }
table.compare { border-collapse: collapse; width: 100%; font-size: 10pt; }
table.compare th, table.compare td {
  border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top;
}
@media print {
  a { color: inherit; text-decoration: none; }
  body { padding: 0; max-width: none; font-size: 10.5pt; line-height: 1.35; }
  .first-page .timeline { font-size: 8pt; line-height: 1.1; }
  .first-page .timeline td { padding: 0 .4em; }
  .first-page .meta, .first-page p { font-size: 9pt; margin: .3em 0; }
  .first-page h2 { margin-top: .6em; }
}
"""
"""One style sheet for every export. ``@page`` sets margins only, never a paper size, so the
printer's A4 or Letter is used; the text column (at most 46em, about 180 mm at 11pt) fits the
narrower A4 sheet inside those margins. Sections start a new page only where a block says so."""


def html_page(title: str, body: str) -> str:
    """A whole HTML document in the interface's language around ``body``."""
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language())}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )

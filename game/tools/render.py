"""The printable page shared by the exports (handouts, transcripts): its style sheet and frame.

Scene Markdown becomes HTML in :mod:`game.story.markdown` (raw HTML off, every
character escaped) and dates are said by :mod:`game.story.dates`; this module
only wraps the result in a page.
"""

from __future__ import annotations

import html
import re


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text (split at blank lines), each on one line: a handout quotes the first few."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


PRINT_CSS = """
@page { margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 11pt; line-height: 1.45;
       color: #111; max-width: 46em; margin: 0 auto; padding: 1em; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.4em 0 .3em; border-bottom: 1px solid #999; page-break-after: avoid; }
h3 { font-size: 12pt; margin: 1em 0 .2em; page-break-after: avoid; }
.meta { color: #444; font-style: italic; margin: 0 0 .5em; }
.timeline { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
.timeline td { border-top: 1px solid #ccc; padding: .15em .4em; vertical-align: top; }
.timeline td:first-child { white-space: nowrap; width: 9.5em; }
section.decision, section.step { page-break-inside: avoid; margin-bottom: 1.2em; }
ol.options li, ul.prompts li { margin: .15em 0; }
.history { border-left: 3px solid #888; padding-left: .8em; margin: .6em 0; }
.sources { font-size: 9.5pt; color: #333; }
.chosen { font-weight: bold; }
.record { font-size: 10pt; }
.cf { font-weight: bold; }
table.compare { border-collapse: collapse; width: 100%; font-size: 10pt; }
table.compare th, table.compare td {
  border: 1px solid #bbb; padding: .2em .4em; text-align: left; vertical-align: top;
}
@media print { a { color: inherit; text-decoration: none; } body { padding: 0; } }
"""


def html_page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )

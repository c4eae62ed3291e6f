"""Links: the one audited path from a click (or the key ``o``) to the player's web browser.

A link in the game is text whose style carries an ``@click`` action that
Textual parses when the text is clicked, so no link's action may be built
from a string a pack could choose freely. There are three kinds:

- a source's address (the history panel, the sources screen, the timeline):
  the action carries the source's *id* (``app.open_source('id')``; ids are
  ``[A-Za-z][A-Za-z0-9_]*`` by the loader's rules), never its address;
- a web link in scene text (Markdown ``[text](https://…)``): only a
  :func:`web_address` becomes a link, quoted with ``repr`` (which Textual's
  action parser reads back with ``ast.literal_eval``, so it stays one string);
  any other address stays plain text;
- a glossary link (``glossary:ENTRY``), which opens the glossary inside the game.

Every one of them that leaves the game goes through :func:`open_link`, the
only caller of ``App.open_url`` in the game: it checks the address again and
says what it did in a plain-text notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content, Span
from textual.style import Style

from game.i18n.interface import _
from game.story.links import url_problem
from game.tui.safe_text import notice, printable

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from game.story.model import Source

SHOWN_URL_LENGTH = 200
"""How much of a refused address a notice quotes."""


def web_address(url: str) -> str | None:
    """``url`` if the game may open it, else None.

    The rule is the loader's own (:func:`game.story.links.url_problem`: an
    absolute ``http://`` or ``https://`` address with a host, no spaces,
    control or invisible characters — a right-to-left override would show
    the player another address than the one opened). The loader refuses
    other addresses; this checks again at the only place one is opened, in
    case a Story was built some other way.
    """
    if not isinstance(url, str) or not url or url_problem(url) is not None:
        return None
    return url


def clickable(text: str, action: str) -> Content:
    """``text`` as plain content that runs ``action`` when clicked (the action is built by this module's callers)."""
    return Content(text, spans=[Span(0, len(text), Style.from_meta({"@click": action}))])


def source_link(source: Source) -> Content:
    """A source's address: a link that opens it by the source's id, or plain text if it is not a web address."""
    if web_address(source.url) is None:
        return Content(printable(source.url))
    return clickable(source.url, f"app.open_source({source.id!r})")


def open_link(where: DOMNode, url: str) -> bool:
    """Open ``url`` in the player's browser if it is a :func:`web_address`; True if it was opened.

    The notice says which address is opening (or why not), as plain text.
    """
    app = where.app
    address = web_address(url)
    if address is None:
        shown = printable(url[:SHOWN_URL_LENGTH]) + ("…" if len(url) > SHOWN_URL_LENGTH else "")
        notice(
            app,
            _("This link goes nowhere the game can open: {address}").format(address=shown),
            severity="warning",
            timeout=4,
        )
        return False
    app.open_url(address)
    notice(
        app, _("Opening {address} in your web browser, if this computer has one.").format(address=address), timeout=5
    )
    return True

"""Text from data reaches Textual as plain text: the notices, and the one place that needs escaped markup.

Textual parses a ``str`` given to ``notify``, to ``Static``, to a border
title, a button label or a command palette entry as *content markup*, and
markup can carry ``@click`` actions: a mod's source address or a crafted
save's role name reading ``[@click=app.screenshot('x.svg','/some/dir')]…``
would become a clickable notice that writes a file wherever it says. So
every string that comes from a pack, a save, a file name, an exception or
the player reaches Textual as :class:`~textual.content.Content` (or with
``markup=False``), never as markup. The rules, one per kind of sink:

- a notice (toast): :func:`notice`, never ``notify`` itself (a test checks that
  nothing else in the TUI calls it);
- a widget's text: ``Content(text)``, ``Content.styled(text, style)``,
  ``Content.from_markup(template, name=text)`` (template variables are
  inserted as plain text), or ``Static(text, markup=False)``;
- the command palette, which takes only markup: :func:`escape_markup`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual.app import App

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.notifications import SeverityLevel

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab and newline: they would reach the terminal as they are."""


def printable(text: str) -> str:
    """``text`` with every control character (but tab and newline) shown as U+FFFD.

    Packs and saves refuse control characters already; an exception's text or
    a folder's name has not been through those checks.
    """
    return _CONTROL.sub("\ufffd", text)


def notice(
    where: DOMNode | App[object],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Show ``message`` in a toast as plain text, whatever brackets it holds.

    ``where`` is the app or any widget or screen of it. The title is plain
    text in Textual already; the message is passed with ``markup=False``.
    Both lose any control characters (see :func:`printable`).

    A new notice replaces the one on show: toasts stack downwards from the
    top right (app.tcss), and one at a time never reaches the choices.
    """
    app = where if isinstance(where, App) else where.app
    message, title = printable(message), printable(title)
    app.clear_notifications()
    if timeout is None:
        app.notify(message, title=title, severity=severity, markup=False)
    else:
        app.notify(message, title=title, severity=severity, timeout=timeout, markup=False)


def escape_markup(text: str) -> str:
    """``text`` as markup that shows exactly ``text``: for the Textual APIs that accept only markup.

    Every ``[`` gets a backslash, so none can open a tag. Textual's own
    ``escape`` leaves brackets it does not expect to start a tag (``[$x]``,
    ``[B]``); this one leaves none. Textual's parser removes exactly the one
    backslash before each bracket, so a backslash in ``text`` stays as well.
    """
    return text.replace("[", "\\[")

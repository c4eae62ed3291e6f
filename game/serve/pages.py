"""The two HTML pages the server writes: the game's page and a notice (the server is full, a wrong address).

Every value put into a page is HTML-escaped here, attribute-safe, including
the address the browser asked for; the page's scripts read those values
from ``data-`` attributes and show text only as text. Nothing a client sent
can become markup or script.
"""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path
from string import Template

TEMPLATES = Path(__file__).with_name("templates")
MIN_FONT_SIZE = 8
MAX_FONT_SIZE = 40
DEFAULT_FONT_SIZE = 16


@cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _fill(name: str, values: dict[str, str]) -> str:
    return _template(name).substitute({key: escape(value, quote=True) for key, value in values.items()})


def font_size(text: str | None) -> int:
    """The ``?fontsize=`` of the page, as a size a terminal can use."""
    try:
        size = int(text or DEFAULT_FONT_SIZE)
    except ValueError:
        return DEFAULT_FONT_SIZE
    return max(MIN_FONT_SIZE, min(size, MAX_FONT_SIZE))


def game_page(*, title: str, static_url: str, websocket_url: str, session_url: str, size: int) -> str:
    return _fill(
        "index.html",
        {
            "title": title,
            "static_url": static_url,
            "websocket_url": websocket_url,
            "session_url": session_url,
            "font_size": str(size),
        },
    )


def notice_page(*, heading: str, message: str) -> str:
    return _fill("notice.html", {"title": heading, "heading": heading, "message": message})

"""Which links a pack may hold: absolute ``http://`` or ``https://`` web addresses, nothing else.

A source's ``url`` (``sources.yaml``) and every link in Markdown text (a
scene's text, its history, a choice's record, an ending's epilogue and
``instead``) can be opened by the player with one click, by the system's
opener or, in ``spring68 serve``, by the player's browser. So a
``file:`` or ``javascript:`` address, a relative path, an address with a
space or an invisible character in it, or one that hides its real host
behind a user name (``https://trusted.org@elsewhere.net``) must never get
that far. The loader refuses every other link as a located error, so a
loaded :class:`~game.story.model.Story` holds only addresses that
:func:`url_problem` accepts; the front ends call the same function again
before they open one.

Links in Markdown are found by the same parser the full-screen app draws
text with (markdown-it, CommonMark, HTML off), told to keep every link it
sees: the app's parser drops ``javascript:`` links silently, but a modder
who wrote one should hear about it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MAX_URL_LENGTH = 2_000
"""Characters in one address; the longest in the campaign has 150."""

_SCHEMES = ("http", "https")
_BAD_CHARACTER = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\\\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]"
)
"""Spaces, control characters, backslashes (browsers read them as /) and invisible or direction characters."""
_HOST = re.compile(r"(?:[\w-]+\.)*[\w-]+\.?")
_MAYBE_LINK = re.compile(r"\]\(|\]:|<[A-Za-z][A-Za-z0-9.+-]{1,31}:|<[^\s<>@]+@")
"""Text without any of these has no link in CommonMark (inline, reference or autolink): no need to parse it."""


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a web address the game may open, or None when it is one.

    The reason is a phrase for a message ("it has no host"); it never quotes
    the address, so the caller chooses how to show it.
    """
    if len(url) > MAX_URL_LENGTH:
        return f"it is {len(url):,} characters long; at most {MAX_URL_LENGTH:,} are allowed"
    bad = _BAD_CHARACTER.search(url)
    # Then anything else a reader cannot see: unassigned code points, private use, surrogates, formats.
    char = bad.group() if bad is not None else next((c for c in url if not c.isprintable()), None)
    if char is not None:
        what = "a space" if char == " " else "a backslash" if char == "\\" else f"the character U+{ord(char):04X}"
        return f"it contains {what}"
    import ipaddress  # only for a pack with web addresses
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        return "it is not a well-formed web address"
    if parts.scheme.lower() not in _SCHEMES:
        if not parts.scheme:
            return "it is not an absolute address (it has no http:// or https://)"
        return f"it is a {parts.scheme}: address; only http:// and https:// links can be opened"
    if not url[len(parts.scheme) :].startswith("://"):
        return f"it does not start with {parts.scheme}://"
    if "@" in parts.netloc:
        return "it names a user before the host (user@host), which can hide where it really goes"
    host = parts.hostname or ""
    if not host:
        return "it has no host"
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return "its host is not a valid IPv6 address"
    elif not _HOST.fullmatch(host):
        return "its host is not a valid host name"
    if port == 0:
        return "its port is 0"
    return None


def markdown_links(text: str) -> list[str]:
    """The target of every link and image in the Markdown ``text``, in order, as the app's parser reads them."""
    if _MAYBE_LINK.search(text) is None:
        return []
    targets: list[str] = []
    pending = list(reversed(_parser().parse(text)))
    while pending:
        token = pending.pop()
        if token.type == "link_open":
            targets.append(str(token.attrs.get("href", "")))
        elif token.type == "image":
            targets.append(str(token.attrs.get("src", "")))
        if token.children:
            pending.extend(reversed(token.children))
    return targets


@lru_cache(maxsize=1)
def _parser() -> Any:
    """The app's Markdown parser (``game.tui.widgets.scene_text``), keeping every link as written.

    Imported on first use: most texts have no link, and play from the cache never needs it.
    """
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "typographer": False})
    parser.disable("html_inline").disable("html_block")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return parser

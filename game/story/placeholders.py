"""What ``{name}`` in a scene's text is: one definition, which the loader checks and the rules fill in.

A place for a value is ``{``, a variable's name, ``}``, with nothing else
between the braces. ``{{`` and ``}}`` are braces the player sees. Anything
else between single braces (``{ courage }``, ``{}``, ``{two words}``) is a
mistake the loader reports. The loader and the rules once read these
differently: the loader stripped spaces and accepted ``{ courage }``, and
the game then showed the player the braces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
"""A literal ``{{`` or ``}}``, or single braces around anything without braces; read left to right."""
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
"""A variable's name (the id pattern of :mod:`game.story.schema`)."""


class Place(NamedTuple):
    """``{...}`` in a text: where it is, what is inside, and the variable it names (None when it names none)."""

    start: int
    end: int
    inner: str
    name: str | None


def places(text: str) -> Iterator[Place]:
    """Every ``{...}`` of ``text`` that is not a literal brace, in order."""
    fullmatch = NAME.fullmatch
    for match in TOKEN.finditer(text):
        inner = match.group(1)
        if inner is not None:
            yield Place(match.start(), match.end(), inner, inner if fullmatch(inner) else None)


def fill(text: str, value: Callable[[str], str | None]) -> str:
    """``text`` with each ``{name}`` replaced by ``value(name)``, and ``{{`` / ``}}`` by single braces.

    A place ``value`` has nothing for (None), or one that names no variable,
    stays as written; a loaded story has neither.
    """
    fullmatch = NAME.fullmatch

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        inner = match.group(1)
        found = value(inner) if fullmatch(inner) else None
        return token if found is None else found

    return TOKEN.sub(replace, text)

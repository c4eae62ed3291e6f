"""A prompt with a hanging indent: '1. ' and then text whose wrapped lines line up under the text.

Used for OptionList prompts (choices, menus, lists). It is a Textual Visual,
so it renders as fast as plain Content (a Rich Table grid would give the same
look at several times the cost, and a choice re-renders on every scene).
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """``marker`` on the first line; ``body`` wrapped beside it, continuation lines indented to match."""

    def __init__(self, marker: Content | str, body: Content | str) -> None:
        self.marker = marker if isinstance(marker, Content) else Content(marker)
        self.body = body if isinstance(body, Content) else Content(body)
        self._cache: tuple[int, Content, int] | None = None

    def _lines(self, width: int) -> tuple[Content, int]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
        indent = min(self.marker.cell_length, max(0, width - 1))
        pad = Content(" " * indent)
        lines: list[Content] = []
        for paragraph in self.body.split("\n"):
            for line in paragraph.wrap(max(1, width - indent)) if paragraph else [paragraph]:
                lines.append((self.marker if not lines else pad) + line)
        content = Content("\n").join(lines)
        self._cache = (width, content, len(lines))
        return content, len(lines)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not width:
            return []
        content, _ = self._lines(width)
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.marker.cell_length + max((line.cell_length for line in self.body.split("\n")), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._lines(width)[1] if width else 0

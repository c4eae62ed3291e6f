"""The scene pane's scroll bar, drawn by Textual's own ScrollBar with its cells handed over as strips.

A choice moves the scroll bar's thumb, so the bar is drawn again in the key
press's frame. Textual's ``ScrollBarRender`` is a Rich renderable: each
redraw goes through a Rich console (render, split into lines, crop): some
800 Python calls, a tenth of a key press's frame (bench/bench_tui.py). A
``ScrollBar`` takes another renderer per instance (``scrollbar.renderer``,
documented for that), so :class:`CellsRender` is the same renderer (the same
``render_bar`` cells: glyphs, colours, the click and drag actions) that is
also a Textual :class:`~textual.visual.Visual`: Textual asks it for strips
directly, one per row, with no console in between.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


@lru_cache(maxsize=16)
def bar_cells(
    rows: int, virtual: float, window: float, position: float, thickness: int, back: Color, bar: Color
) -> tuple[Segment, ...]:
    """``ScrollBarRender.render_bar``'s cells, top to bottom, kept: a thumb drawn before is drawn again at once."""
    return tuple(
        ScrollBarRender.render_bar(
            size=rows,
            virtual_size=virtual,
            window_size=window,
            position=position,
            thickness=thickness,
            vertical=True,
            back_color=back,
            bar_color=bar,
        ).segments
    )


DEFAULT_BACK = Color.parse("#555555")  # ScrollBarRender's own defaults
DEFAULT_BAR = Color.parse("bright_magenta")


class CellsRender(ScrollBarRender, Visual):
    """``ScrollBarRender``'s cells as strips: what its Rich rendering gives, without the console (vertical bars)."""

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        own = self.style if isinstance(self.style, RichStyle) else RichStyle.parse(str(self.style))
        return list(
            _strips(height or 0, width, self.virtual_size, self.window_size, self.position, own, style.rich_style)
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.thickness

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1  # never asked: a scroll bar's size is its pane's


@lru_cache(maxsize=4)
def _strips(
    rows: int, width: int, virtual: float, window: float, position: float, own: RichStyle, base: RichStyle
) -> tuple[Strip, ...]:
    """One strip per row: each cell over the widget's style, as Textual's Rich path applies it.

    Textual asks for the same bar more than once in a frame; only the last few are kept (a strip is not small).
    """
    cells = bar_cells(rows, virtual, window, position, width, own.bgcolor or DEFAULT_BACK, own.color or DEFAULT_BAR)
    return tuple(Strip([Segment(cell.text, base + cell.style)], width) for cell in cells)

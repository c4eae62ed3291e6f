"""The pack's ``shown`` variables as labelled bars, with how much the last choice moved each (▲2, ▼1).

The bars change after every choice; they are a Line API widget that hands
Textual strips kept per set of values (an LRU cache cleared when the styles
change), and :meth:`VariableBars.prepare` renders the values a choice would
lead to while the player reads, so a choice only swaps strips, and repaints
only the lines of the bars that moved (:func:`game.tui.widgets.rows.changed_lines`). The moves
come from :func:`game.engine.rules.bar_changes`, the rule every front end
shows them by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from game.i18n.interface import _
from game.story.model import Variable
from game.tui.widgets.rows import changed_lines

FULL = "█"
EMPTY = "░"
NEWLINE = Content("\n")


def bar(value: int, low: int, high: int, width: int) -> tuple[int, int]:
    """How many cells of a ``width``-cell bar are full for ``value`` in ``[low, high]``."""
    span = max(1, high - low)
    full = round((min(max(value, low), high) - low) * width / span)
    return full, width - full


class VariableBars(Widget):
    """One bar per shown variable; flags read yes/no. Two lines each when narrow, one line each when wide."""

    DEFAULT_CSS = """
    VariableBars { height: auto; }
    """

    KEPT = 16  # sets of values kept rendered: those on show and those the choices ahead lead to

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.variables: Sequence[Variable] = ()
        self.values: Mapping[str, int | bool] = {}
        self.changes: Mapping[str, int] = {}
        self._rendered: LRUCache[tuple[object, ...], tuple[Content, list[Strip]]] = LRUCache(self.KEPT)

    def show(
        self,
        variables: Sequence[Variable],
        values: Mapping[str, int | bool],
        changes: Mapping[str, int] | None = None,
    ) -> None:
        """Show ``values``, each bar marked with its move in ``changes`` (from ``rules.bar_changes``)."""
        shown = [v for v in variables if v.shown]
        same_rows = [v.name for v in shown] == [v.name for v in self.variables]
        values, changes = dict(values), dict(changes or {})
        if same_rows and values == self.values and changes == self.changes and self.display == bool(shown):
            return  # nothing to draw again: a choice that moves no bar leaves them alone
        width = self._width()
        before = self._rendered_for(width, self.values, self.changes)[1] if self.variables else []
        self.variables = shown
        self.values = values
        self.changes = changes
        if self.display != bool(shown):
            self.display = bool(shown)
            self.refresh(layout=True)
            return
        after = self._rendered_for(width, values, changes)[1] if shown else []
        if not same_rows or len(before) != len(after):
            self.refresh(layout=True)  # other bars, or (one line when narrow) wrapped to another height
        elif regions := changed_lines(before, after, width):
            self.refresh(*regions)  # only the bars that moved are drawn and written again

    def prepare(self, values: Mapping[str, int | bool], changes: Mapping[str, int] | None = None) -> None:
        """Render the bars for ``values`` now, so showing them after a choice costs only a swap."""
        width = self.content_region.width if self.is_mounted else 0
        if width > 0 and self.variables:
            self._rendered_for(width, values, changes or {})

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rendered.clear()

    def _value(self, variable: Variable, values: Mapping[str, int | bool] | None = None) -> int | bool:
        return (self.values if values is None else values).get(variable.name, variable.initial)

    @staticmethod
    def _change(variable: Variable, changes: Mapping[str, int]) -> Content:
        delta = changes.get(variable.name, 0)
        if not delta:
            return Content("")
        return (
            Content.styled(f"▲{delta}", "$text-success") if delta > 0 else Content.styled(f"▼{-delta}", "$text-error")
        )

    def _meter(self, variable: Variable, cells: int, values: Mapping[str, int | bool]) -> Content:
        value = int(self._value(variable, values))
        full, empty = bar(value, variable.min, variable.max, cells)
        return Content.assemble(
            (FULL * full, "$primary"), (EMPTY * empty, "$foreground-muted"), f" {value}/{variable.max} "
        )

    def _line_wide(
        self, variable: Variable, width: int, values: Mapping[str, int | bool], changes: Mapping[str, int]
    ) -> Content:
        label_width = min(24, max(8, width // 3))
        label = Content(variable.label).truncate(label_width, ellipsis=True, pad=True) + Content(" ")
        if variable.type == "flag":
            return label + Content.styled(_("yes") if self._value(variable, values) else _("no"), "bold")
        cells = max(4, width - label_width - len(f"{variable.max}/{variable.max}") - 6)
        return label + self._meter(variable, cells, values) + self._change(variable, changes)

    def _lines_narrow(
        self, variable: Variable, width: int, values: Mapping[str, int | bool], changes: Mapping[str, int]
    ) -> Content:
        label = Content.styled(variable.label, "bold")
        if variable.type == "flag":
            value = Content(_("yes") if self._value(variable, values) else _("no"))
        else:
            cells = max(3, width - len(f"{variable.max}/{variable.max}") - 4)
            value = self._meter(variable, cells, values) + self._change(variable, changes)
        return label + NEWLINE + value

    def _line_compact(
        self, variable: Variable, values: Mapping[str, int | bool], changes: Mapping[str, int]
    ) -> Content:
        value = self._value(variable, values)
        shown = (_("yes") if value else _("no")) if variable.type == "flag" else f"{value}/{variable.max}"
        change = self._change(variable, changes)
        return Content.assemble((variable.label, "bold"), " ", shown) + (Content(" ") + change if change else change)

    def _compact(self) -> bool:
        """On a narrow screen the bars collapse to one line of values under the scene (``-narrow``)."""
        return self.is_mounted and self.screen.has_class("-narrow")

    def _rendered_for(
        self, width: int, values: Mapping[str, int | bool], changes: Mapping[str, int]
    ) -> tuple[Content, list[Strip]]:
        width = max(10, width)
        compact = self._compact()
        key = (
            width,
            self.visual_style,
            self.app.theme,
            tuple((v.name, self._value(v, values), changes.get(v.name)) for v in self.variables),
            compact,
        )
        kept = self._rendered.get(key)
        if kept is not None:
            return kept
        if compact:
            content = Content(" · ").join(self._line_compact(v, values, changes) for v in self.variables)
        elif width >= 44:
            content = NEWLINE.join(self._line_wide(v, width, values, changes) for v in self.variables)
        else:
            content = Content("\n\n").join(self._lines_narrow(v, width, values, changes) for v in self.variables)
        kept = (content, Visual.to_strips(self, content, width, None, self.visual_style, pad=True))
        self._rendered.set(key, kept)
        return kept

    def _width(self) -> int:
        return self.content_size.width or self.size.width or 24

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rendered_for(width, self.values, self.changes)[1]) if self.variables else 0

    def render(self) -> Content:
        return self._rendered_for(self._width(), self.values, self.changes)[0]

    def render_line(self, y: int) -> Strip:
        width = self._width()
        strips = self._rendered_for(width, self.values, self.changes)[1]
        return strips[y] if y < len(strips) else Strip.blank(width, self.visual_style.rich_style)

    def describe(self) -> str:
        """The values as words, for tests and the transcript."""
        parts = []
        for variable in self.variables:
            value = self._value(variable)
            shown = (_("yes") if value else _("no")) if variable.type == "flag" else f"{value}/{variable.max}"
            parts.append(f"{variable.label}: {shown}")
        return "; ".join(parts)

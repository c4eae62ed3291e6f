"""The pack's ``shown`` variables as labelled bars, with the last choice's change marked."""

from __future__ import annotations

from typing import Mapping, Sequence

from textual.content import Content
from textual.widget import Widget

from game.story.model import Variable

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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.variables: Sequence[Variable] = ()
        self.values: Mapping[str, int | bool] = {}
        self.before: Mapping[str, int | bool] = {}
        self._cache: tuple[object, Content] | None = None

    def show(self, variables: Sequence[Variable], values: Mapping[str, int | bool],
             before: Mapping[str, int | bool] | None = None) -> None:
        shown = [v for v in variables if v.shown]
        same_rows = [v.name for v in shown] == [v.name for v in self.variables]
        self.variables = shown
        self.values = dict(values)
        self.before = dict(before or {})
        self.display = bool(shown)
        self.refresh(layout=not same_rows)

    def _value(self, variable: Variable) -> int | bool:
        return self.values.get(variable.name, variable.initial)

    def _change(self, variable: Variable) -> Content:
        if variable.name not in self.before or variable.type == "flag":
            return Content("")
        delta = int(self._value(variable)) - int(self.before[variable.name])
        if not delta:
            return Content("")
        return Content.styled(f"▲{delta}", "$text-success") if delta > 0 else Content.styled(f"▼{-delta}", "$text-error")

    def _meter(self, variable: Variable, cells: int) -> Content:
        value = int(self._value(variable))
        full, empty = bar(value, variable.min, variable.max, cells)
        return Content.assemble((FULL * full, "$primary"), (EMPTY * empty, "$foreground-muted"), f" {value}/{variable.max} ")

    def _line_wide(self, variable: Variable, width: int) -> Content:
        label_width = min(24, max(8, width // 3))
        label = Content(variable.label).truncate(label_width, ellipsis=True, pad=True) + Content(" ")
        if variable.type == "flag":
            return label + Content.styled("yes" if self._value(variable) else "no", "bold")
        cells = max(4, width - label_width - len(f"{variable.max}/{variable.max}") - 6)
        return label + self._meter(variable, cells) + self._change(variable)

    def _lines_narrow(self, variable: Variable, width: int) -> Content:
        label = Content.styled(variable.label, "bold")
        if variable.type == "flag":
            value = Content("yes" if self._value(variable) else "no")
        else:
            cells = max(3, width - len(f"{variable.max}/{variable.max}") - 4)
            value = self._meter(variable, cells) + self._change(variable)
        return label + NEWLINE + value

    def render(self) -> Content:
        width = max(10, self.content_size.width or self.size.width or 24)
        key = (width, tuple((v.name, self._value(v), self.before.get(v.name)) for v in self.variables))
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        if width >= 44:
            content = NEWLINE.join(self._line_wide(variable, width) for variable in self.variables)
        else:
            content = Content("\n\n").join(self._lines_narrow(variable, width) for variable in self.variables)
        self._cache = (key, content)
        return content

    def describe(self) -> str:
        """The values as words, for tests and the transcript."""
        parts = []
        for variable in self.variables:
            value = self._value(variable)
            shown = ("yes" if value else "no") if variable.type == "flag" else f"{value}/{variable.max}"
            parts.append(f"{variable.label}: {shown}")
        return "; ".join(parts)

"""The pack's ``shown`` variables as labelled bars, with the last choice's change marked."""

from __future__ import annotations

from typing import Mapping, Sequence

from textual.content import Content
from textual.widget import Widget

from game.story.model import Variable

FULL = "█"
EMPTY = "░"


def bar(value: int, low: int, high: int, width: int) -> tuple[int, int]:
    """How many cells of a ``width``-cell bar are full for ``value`` in ``[low, high]``."""
    span = max(1, high - low)
    full = round((min(max(value, low), high) - low) * width / span)
    return full, width - full


class VariableBars(Widget):
    """One bar per shown variable; flags read yes/no. Two lines each when narrow, one when wide."""

    DEFAULT_CSS = """
    VariableBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.variables: Sequence[Variable] = ()
        self.values: Mapping[str, int | bool] = {}
        self.before: Mapping[str, int | bool] = {}

    def show(self, variables: Sequence[Variable], values: Mapping[str, int | bool],
             before: Mapping[str, int | bool] | None = None) -> None:
        self.variables = [v for v in variables if v.shown]
        self.values = dict(values)
        self.before = dict(before or {})
        self.display = bool(self.variables)
        self.refresh(layout=True)

    def _change(self, variable: Variable) -> Content:
        if variable.name not in self.before:
            return Content("")
        old, new = self.before[variable.name], self.values.get(variable.name, variable.initial)
        if old == new or isinstance(new, bool):
            return Content("")
        delta = int(new) - int(old)
        return Content.from_markup("[$text-success]▲$d[/]" if delta > 0 else "[$text-error]▼$d[/]", d=abs(delta))

    def _line_wide(self, variable: Variable, width: int) -> Content:
        value = self.values.get(variable.name, variable.initial)
        label_width = min(24, max(8, width // 3))
        label = Content(variable.label).truncate(label_width, ellipsis=True, pad=True)
        if variable.type == "flag":
            return label + Content.from_markup(" [b]$v[/]", v="yes" if value else "no")
        number = f"{value}/{variable.max}"
        cells = max(4, width - label_width - len(number) - 6)
        full, empty = bar(int(value), variable.min, variable.max, cells)
        line = label + Content.from_markup(" [$primary]$full[/][$text-muted]$empty[/] $n ",
                                           full=FULL * full, empty=EMPTY * empty, n=number)
        return line + self._change(variable)

    def _lines_narrow(self, variable: Variable, width: int) -> list[Content]:
        value = self.values.get(variable.name, variable.initial)
        change = self._change(variable)
        label = Content.from_markup("[b]$label[/]", label=variable.label)
        if variable.type == "flag":
            return [label, Content("yes" if value else "no") + (" " + change if change else Content(""))]
        number = f"{value}/{variable.max}"
        cells = max(3, width - len(number) - 4)
        full, empty = bar(int(value), variable.min, variable.max, cells)
        line = Content.from_markup("[$primary]$full[/][$text-muted]$empty[/] $n ",
                                   full=FULL * full, empty=EMPTY * empty, n=number)
        return [label, line + change]

    def render(self) -> Content:
        width = max(10, self.content_size.width or self.size.width or 24)
        if width >= 44:
            return Content("\n").join(self._line_wide(variable, width) for variable in self.variables)
        groups = [Content("\n").join(self._lines_narrow(variable, width)) for variable in self.variables]
        return Content("\n\n").join(groups)

    def describe(self) -> str:
        """The values as words, for tests and the transcript."""
        parts = []
        for variable in self.variables:
            value = self.values.get(variable.name, variable.initial)
            shown = ("yes" if value else "no") if variable.type == "flag" else f"{value}/{variable.max}"
            parts.append(f"{variable.label}: {shown}")
        return "; ".join(parts)

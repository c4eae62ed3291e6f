"""Rows kept ready for the terminal, for the widgets that change on every choice.

Textual restyles every line of a widget on every repaint (padding,
background, tint, line filters). The widgets that change after a choice
keep their rows already rendered instead, and hand them straight to the
compositor from ``render_lines`` when they have nothing Textual would add
(no border, no padding, no tint, full opacity).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


def needs_textual_styling(widget: Widget) -> bool:
    """True when Textual's own line styling would add something (then use it)."""
    styles = widget.styles
    return bool(
        styles.padding
        or styles.border
        or styles.outline
        or styles.tint.a
        or widget.opacity != 1.0
        or styles.text_opacity != 1.0
    )


class KeptRows:
    """Mixin for a Widget: ``render_lines`` hands over :meth:`kept_rows` as they are.

    The rows must be the widget's full width, filtered (see :func:`filtered`).
    When the widget's styles ask for something Textual draws (a border,
    padding, tint, opacity), Textual's own per-line styling is used instead;
    that is worked out again only when the styles change.
    """

    _plain_box: bool | None = None
    _blank: Strip | None = None

    def kept_rows(self) -> Sequence[Strip]:
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()  # type: ignore[misc]
        self._plain_box = None
        self._blank = None

    def render_lines(self, crop: Region) -> list[Strip]:
        widget: Widget = self  # type: ignore[assignment]
        if self._plain_box is None:
            self._plain_box = not needs_textual_styling(widget)
        if not self._plain_box:
            return super().render_lines(crop)  # type: ignore[misc]
        width = widget.outer_size.width
        rows = list(self.kept_rows()[crop.y : crop.bottom])
        if len(rows) < crop.height:
            blank = self._blank
            if blank is None or blank.cell_length != width:
                blank = self._blank = Strip.blank(width, widget.visual_style.rich_style)
            rows += [blank] * (crop.height - len(rows))
        if crop.column_span != (0, width):
            rows = [strip.crop(*crop.column_span) for strip in rows]
        return rows


def filtered(widget: Widget, strips: Sequence[Strip]) -> list[Strip]:
    """``strips`` with the app's line filters applied (as Textual would on every frame), simplified."""
    filters = widget.get_line_filters()
    background = widget.background_colors[1]
    result = []
    for strip in strips:
        for line_filter in filters:
            strip = strip.apply_filter(line_filter, background)
        result.append(_merged(strip))
    return result


def _merged(strip: Strip) -> Strip:
    """The strip with neighbouring segments of one look joined: fewer escape codes for the terminal.

    Segments carry meta only Textual's text selection reads (offsets), which
    keeps equal styles apart; it goes, except where a click does something.
    """
    segments = []
    for segment in strip:
        style = segment.style
        if style is not None and not segment.control and not (style._meta and "@click" in style.meta):
            segment = Segment(segment.text, _canonical(style))
        segments.append(segment)
    return Strip(Segment.simplify(segments), strip.cell_length)


_CANONICAL: dict[RichStyle, RichStyle] = {}
_BY_CODES: dict[str, RichStyle] = {}


def _canonical(style: RichStyle) -> RichStyle:
    """One style object for every style that looks the same on the terminal (same escape codes, no meta)."""
    found = _CANONICAL.get(style)
    if found is None:
        plain = style.clear_meta_and_links()
        found = _BY_CODES.setdefault(plain._make_ansi_codes(ColorSystem.TRUECOLOR), plain)
        if len(_CANONICAL) < 4096:
            _CANONICAL[style] = found
    return found


class OneLine(KeptRows, Widget):
    """A line of plain text that changes without a new layout (the date and place on the play screen).

    Styled by CSS like a Static (``text-style``, ``text-overflow``…), but it
    never changes its size, and keeps the rendered line for each text it has
    shown or been asked to :meth:`prepare`.
    """

    DEFAULT_CSS = """
    OneLine { height: 1; }
    """

    KEPT = 16

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self._rendered: LRUCache[tuple[object, ...], Strip] = LRUCache(self.KEPT)

    def update(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh()

    def prepare(self, text: str) -> None:
        """Render ``text`` now, so showing it later costs nothing."""
        if self.is_mounted and self.outer_size.width > 0:
            self._strip(text)

    def _strip(self, text: str) -> Strip:
        width = self.outer_size.width
        key = (text, width, self.visual_style, self.app.theme)
        strip = self._rendered.get(key)
        if strip is None:
            rendered = Visual.to_strips(self, Content(text), width, 1, self.visual_style, pad=True)
            strip = filtered(self, rendered or [Strip.blank(width, self.visual_style.rich_style)])[0]
            self._rendered.set(key, strip)
        return strip

    def render(self) -> Content:
        return Content(self.text)

    def kept_rows(self) -> Sequence[Strip]:
        return [self._strip(self.text)]

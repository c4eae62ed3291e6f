"""The QR code of a class's student address, drawn by segno: an SVG for a page, Unicode blocks for a terminal.

No aiohttp here: the projector's game (the TUI) draws the code in its class vote.
"""

from __future__ import annotations

ERROR_LEVEL = "m"
"""segno's error correction: medium, so a code on a dim projector still scans."""


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as an SVG document."""
    import segno

    return str(segno.make(url, error=ERROR_LEVEL).svg_inline(scale=8, border=2, dark="#000", light="#fff"))


def qr_blocks(url: str) -> str:
    """The QR code of ``url`` in Unicode half blocks, two modules a character cell, with a quiet zone of two.

    Built from segno's module matrix. A block is a *light* module here, so the code reads right in a
    terminal's light-on-dark text (the usual projector theme); shown dark-on-light, it is inverted, which
    phones' scanners read as well.
    """
    import segno

    rows = [[not dark for dark in row] for row in segno.make(url, error=ERROR_LEVEL).matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([True] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2], strict=True):
        lines.append("".join(" ▄▀█"[(2 if t else 0) + (1 if b else 0)] for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)

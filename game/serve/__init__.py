"""``spring68 serve``: the game in web browsers, one game process per browser, through textual-serve.

The package, one concept a module: ``options`` (the command line), ``origins``
(which addresses and pages may connect), ``browsers`` (a browser's token and
its save folder), ``limits`` and ``protocol`` (what a browser may send),
``tabs`` (the game processes), ``pages`` (the HTML), ``problems`` (the log)
and ``server`` (the routes). Votes from students' devices (``--classroom``,
and ``spring68 class``): ``students`` (their routes), ``class_rooms`` (a
class: its code, its devices' sockets, its channel to the projector's game),
``projector_link`` (the game's end of that channel), ``class_server`` (the
student server inside the terminal game) and ``qr`` (the QR code).
docs/security.md lists every limit and its test.
"""

from __future__ import annotations

from game.serve.options import LOOPBACK, ServeOptions, warning_for

__all__ = ["LOOPBACK", "ServeOptions", "serve", "warning_for"]


def serve(options: ServeOptions) -> int:
    """Run the server until Ctrl+C (imported late: aiohttp and textual-serve load only when serving)."""
    from game.serve.server import serve as run

    return run(options)

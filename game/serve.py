"""``spring68 serve``: the same game in a browser, through textual-serve.

textual-serve starts one game process per browser tab and streams its screen
over a websocket. Each tab gets its own save folder under ``<saves>/web/``,
so two pupils on one server never overwrite each other's autosave. By
default only this computer can connect; binding another address prints a
warning, because anyone on that network can then play (and write saves).
"""

from __future__ import annotations

import shlex
import sys

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def tab_command(packs: list[str] | None, saves: str | None) -> str:
    """The command textual-serve runs for every new tab."""
    parts = [sys.executable, "-m", "game", "play", "--web-tab"]
    for pack in packs or []:
        parts += ["--pack", pack]
    if saves:
        parts += ["--saves", saves]
    return " ".join(shlex.quote(p) for p in parts)


def warning_for(host: str) -> str | None:
    if host in LOOPBACK:
        return None
    return (
        f"warning: serving on {host}: anyone who can reach this computer on that network can open the game "
        "and write saves here. Use this only on a network you trust (a classroom LAN), never on the internet."
    )


def serve(host: str, port: int, packs: list[str] | None, saves: str | None) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("spring68: serving needs the textual-serve package: pip install textual-serve", file=sys.stderr)
        return 2
    warning = warning_for(host)
    if warning:
        print(warning, file=sys.stderr)
    shown = f"[{host}]" if ":" in host else host
    print(
        f"Spring '68 is at http://{shown}:{port} — each browser tab is its own game. Ctrl+C stops the server.",
        file=sys.stderr,
    )
    server = Server(tab_command(packs, saves), host=host, port=port, title="Spring '68")
    server.serve()
    return 0

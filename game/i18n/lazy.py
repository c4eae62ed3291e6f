"""The interface's words for code that runs in every game, English ones included: gettext only once loaded.

The command line and the front ends import :mod:`game.i18n.interface` (gettext and the catalogues)
only for a language other than English, so a game in English never pays for it
(``tests/test_import_hygiene.py``). The engine's messages for the player (a save that cannot be
read, a save name refused) still go through :func:`_`, so they are Czech in a Czech game: until
:mod:`game.i18n.interface` is loaded, they are the code's own English.
"""

from __future__ import annotations

import sys


def _(message: str) -> str:
    """``message`` in the player's language, or as written when no translation machinery is loaded."""
    interface = sys.modules.get("game.i18n.interface")
    return message if interface is None else interface._(message)

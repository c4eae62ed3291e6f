"""The full-screen Textual app.

Only this package imports Textual. It draws what :mod:`game.engine` decides:
every rule (which choices are open, what they change, undo, saving) is the
engine's; the screens only present the state and pass on the player's keys.

Folder roles (after Frogmouth): ``screens/`` full screens, ``dialogs/`` modal
screens, ``widgets/`` reusable widgets, ``data/`` pure functions over the
story and the state (no Textual), ``app.py`` the App and :func:`run_tui`.
Nothing is imported here, so importing ``game.tui`` costs nothing.
"""

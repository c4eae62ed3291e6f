"""The full-screen Textual app.

Only this package imports Textual. It draws what :mod:`game.engine` decides:
every rule (which choices are open, what they change, undo, saving) is the
engine's; the screens only present the state and pass on the player's keys.

Folder roles (after Frogmouth): ``screens/`` full screens, ``dialogs/`` modal
screens, ``widgets/`` reusable widgets, ``data/`` pure functions over the
story and the state (no Textual). ``app.py`` is the App and :func:`run_tui`;
it holds a :class:`~game.engine.playthrough.Playthrough` and UI state, with one
concept per module beside it: ``keys.py`` (every key binding, read by the help
screen), ``opening.py``, ``leaving.py``, ``routing.py``, ``reference.py``,
``autosaver.py``, ``class_timer.py``, ``class_actions.py``, ``theming.py``,
``commands.py``, ``links.py`` and ``safe_text.py`` (the only paths from data
to a link or a notice).
Nothing is imported here, so importing ``game.tui`` costs nothing.
"""

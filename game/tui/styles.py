"""Where the stylesheets are. The app's own sheet is always loaded; each other sheet is
loaded by the first screen that names it in its ``CSS_PATH``, so start-up parses only
what the title screen needs."""

from pathlib import Path

HERE = Path(__file__).parent
APP_CSS = HERE / "app.tcss"
PLAY_CSS = HERE / "screens" / "play.tcss"
LISTS_CSS = HERE / "screens" / "lists.tcss"
DIALOG_CSS = HERE / "dialogs" / "dialogs.tcss"
CLASSROOM_CSS = HERE / "classroom.tcss"
"""Loaded with the app's own sheet in classroom mode only (the app then has the class ``-classroom``)."""

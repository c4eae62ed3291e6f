"""One key table (game/tui/keys.py): the screens bind it, and the help screen lists it without importing them.

The help screen once imported the app and every screen to read their bindings,
which closed the circle app → live_reload → screens/help → app.
"""

from __future__ import annotations

import subprocess
import sys

from textual.binding import Binding

from game.tui import keys
from tests.conftest import ROOT


def test_the_help_screen_and_live_reload_import_neither_the_app_nor_the_screens():
    code = (
        "import sys\n"
        "import game.tui.live_reload\n"
        "from game.tui.screens import help\n"
        "help.sections(True); help.sections(False)\n"
        "loaded = sorted(m for m in sys.modules if m == 'game.tui.app' or m.startswith('game.tui.screens.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['game.tui.screens.help', 'game.tui.screens.responsive']"


def test_every_screen_binds_its_list_from_the_table():
    from game.tui.app import Spring68App
    from game.tui.dialogs.classroom import DiscussionPause, TieDialog, VoteDialog
    from game.tui.dialogs.discuss import DiscussDialog
    from game.tui.dialogs.history import HistoryDialog
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.glossary import GlossaryScreen
    from game.tui.screens.help import HelpScreen
    from game.tui.screens.load import LoadScreen
    from game.tui.screens.play import PlayScreen
    from game.tui.screens.sources import SourcesScreen
    from game.tui.screens.timeline import TimelineScreen
    from game.tui.screens.title import TitleScreen

    bound = {
        Spring68App: keys.APP,
        TitleScreen: keys.TITLE,
        PlayScreen: keys.PLAY,
        EndingScreen: keys.ENDING,
        TimelineScreen: keys.TIMELINE,
        GlossaryScreen: keys.GLOSSARY,
        SourcesScreen: keys.SOURCES,
        LoadScreen: keys.LOAD,
        HistoryDialog: keys.HISTORY,
        DiscussDialog: keys.DISCUSS,
        VoteDialog: keys.CLASS_VOTE,
        TieDialog: keys.CLASS_TIE,
        DiscussionPause: keys.CLASS_PAUSE,
        HelpScreen: keys.HELP,
    }
    for screen, table in bound.items():
        assert screen.BINDINGS is table, screen.__name__


def test_the_help_lists_every_described_key_of_a_scene():
    from game.tui.screens.help import sections

    listed = dict(sections(False))["Playing a scene"]
    described = [b for b in keys.PLAY if isinstance(b, Binding) and b.description and b.key not in "23456789"]
    assert len(listed) == len(described)
    assert ("u", "Take back your last choice") in listed

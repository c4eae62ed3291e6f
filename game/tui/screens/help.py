"""Help (key ?): how to play, and every key of every screen, read from the one key table (game/tui/keys.py)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n.interface import N_, _
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.screens.responsive import Responsive
from game.tui.styles import LISTS_CSS
from game.tui.widgets.footer import GameFooter

HOW_TO_PLAY = N_("""\
You play one person through the Prague Spring of 1968 and what came after. \
Read each scene, then choose what you do: press its number, or move with ↑ ↓ and press Enter, or click it. \
After every choice the game tells you what people really did, \
and r shows what really happened in the scene, with its sources. \
The bars on the right show how things stand; they change with your choices.

Your game is saved by itself after every choice: Continue on the title screen takes you back to it. \
Press s to keep a named save, l to load one, u to take back your last choice. Nothing you do is lost by quitting.

Underlined words are in the glossary: click one to read about it, or press g. \
Press ctrl+p for the command palette (search any command, change the theme), \
F3 for high contrast, F2 to switch themes.""")

CLASSROOM = N_("""\
Classroom mode (spring68 --classroom) is for a class deciding together in front of a projector. \
At each decision press v and type how many voted for each choice (Enter goes to the next; Enter on the last counts): \
the game follows the majority, and after a tie, or with no votes at all, you pick. \
After every scene with discussion prompts the game pauses and shows them; Enter goes on. \
Press d to show the prompts before the vote, \
m for a discussion timer (+ and - change it by a minute, m again stops it). \
The votes are saved with the game, and a transcript (x, or spring68 transcript autosave) shows every one.""")

NAMES = {
    "escape": "Esc",
    "question_mark": "?",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "space": N_("Space"),
    "slash": "/",
    "enter": "Enter",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "tab": "Tab",
}


def key_text(binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    keys = []
    for key in binding.key.split(","):
        key = key.strip()
        if key in NAMES:
            keys.append(_(NAMES[key]))  # "Space" has a word in each language; the rest are keycaps
        elif key.startswith(("ctrl+", "shift+", "alt+")):
            keys.append("+".join(part.capitalize() for part in key.split("+")))
        elif key.startswith("f") and key[1:].isdigit():
            keys.append(key.upper())
        else:
            keys.append(key)
    return " / ".join(keys)


def rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.key in {str(n) for n in range(2, 10)}:
            continue  # listed once as 1-9
        found.append((key_text(binding), _(binding.tooltip or binding.description)))  # the key table's English
    return found


def sections(classroom: bool = False, *, languages: int = 1) -> list[tuple[str, list[tuple[str, str]]]]:
    """The help screen's key lists, by where they work, from the one key table (:mod:`game.tui.keys`).

    The language key (F4) is listed only when the story has ``languages`` to switch between.
    """
    app_keys = [b for b in keys.APP if languages > 1 or not (isinstance(b, Binding) and b.action == "next_language")]
    everywhere = (_("Everywhere"), [(_(k), _(d)) for d, k in keys.LISTS] + rows(app_keys))
    reference = [
        (_("Timeline"), rows(keys.TIMELINE)),
        (_("Glossary"), rows(keys.GLOSSARY) + [(_("letters"), _("Search as you type"))]),
        (_("Sources"), rows(keys.SOURCES)),
        (_("Load"), rows(keys.LOAD)),
    ]
    if classroom:
        return [
            everywhere,
            (_("Title screen"), rows(keys.TITLE)),
            (
                _("Classroom: a scene"),
                rows(keys.CLASS_PLAY) + rows(b for b in keys.PLAY if isinstance(b, Binding) and b.key != "d"),
            ),
            (
                _("Classroom: the class vote"),
                [("Enter", _("Next count; on the last, count the votes"))] + rows(keys.CLASS_VOTE),
            ),
            (_("Classroom: a tie"), rows(keys.CLASS_TIE)),
            (_("Classroom: the discussion pause"), rows(keys.CLASS_PAUSE)),
            (_("What really happened"), rows(keys.HISTORY)),
            (_("The ending"), rows(keys.CLASS_ENDING) + rows(keys.ENDING)),
            *reference,
        ]
    return [
        everywhere,
        (_("Title screen"), rows(keys.TITLE)),
        (_("Playing a scene"), rows(keys.PLAY)),
        (_("What really happened"), rows(keys.HISTORY)),
        (_("Discussion prompts"), rows(keys.DISCUSS)),
        (_("The ending"), rows(keys.ENDING)),
        *reference,
    ]


def key_table(entries: list[tuple[str, str]]) -> Content:
    width = max((len(key) for key, _description in entries), default=4) + 2
    return Content("\n").join(
        Content.from_markup("[b $text-accent]$key[/]$description", key=key.ljust(width), description=description)
        for key, description in entries
    )


class HelpScreen(Responsive):
    """How to play and every key; Esc goes back to where you were."""

    CSS_PATH = [LISTS_CSS]

    AUTO_FOCUS = "#help-scroll"
    BINDINGS = keys.HELP

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()

    def compose(self) -> ComposeResult:
        yield Static(_("Help: how to play, and every key"), classes="screen-title", markup=False)
        with VerticalScroll(id="help-scroll"):
            with Vertical(id="help-column"):
                yield Static(_("How to play"), classes="section-heading", markup=False)
                for paragraph in _(HOW_TO_PLAY).split("\n\n"):
                    yield Static(paragraph, classes="help-paragraph", markup=False)
                classroom = game_app(self).classroom
                if classroom:
                    yield Static(_("In class"), classes="section-heading", markup=False)
                    yield Static(_(CLASSROOM), classes="help-paragraph", markup=False)
                for title, entries in sections(classroom, languages=len(game_app(self).languages())):
                    if entries:
                        yield Static(title, classes="section-heading", markup=False)
                        yield Static(key_table(entries), classes="key-table")
        yield GameFooter()

    def action_close(self) -> None:
        self.dismiss()

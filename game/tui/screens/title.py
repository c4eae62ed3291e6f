"""The title screen: the game's name, one line on what it is, and what to do next."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.engine.saves import AUTOSAVE, NoSuchSave, SaveError
from game.i18n.interface import _, language
from game.story.dates import from_iso, long_date
from game.story.model import PackInfo
from game.tui import keys
from game.tui.game_app import game_app
from game.tui.language import language_name, next_language
from game.tui.safe_text import notice
from game.tui.screens.responsive import Responsive
from game.tui.widgets.footer import GameFooter
from game.tui.widgets.hanging import Hanging


def first_sentence(text: str) -> tuple[str, str]:
    """Split a description into its first sentence and the rest."""
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s+|$)(.*)", text)
    if not match:
        return text, ""
    return match.group(1), match.group(3)


def spaced(title: str) -> str:
    """A short title letter-spaced for the title screen: 'Spring '68' → 'S P R I N G   ' 6 8'."""
    if len(title) > 20:
        return title
    return "   ".join(" ".join(word.upper()) for word in title.split())


class Billing(NamedTuple):
    """What the title screen names: the title, "a mod of …" (empty for the base campaign), the description."""

    title: str
    mod_of: str
    description: str


def billing(packs: Sequence[PackInfo]) -> Billing:
    """The last pack loaded names the game: a mod is what the player chose to play, not its base.

    A mod without a description of its own keeps the base's, so the screen never goes blank.
    """
    base, shown = packs[0], packs[-1]
    if shown is base:
        return Billing(base.title, "", base.description)
    return Billing(shown.title, _("a mod of {base}").format(base=base.title), shown.description or base.description)


def _entry(number: int, title: str, detail: str = "") -> Hanging:
    body = Content.styled(title, "bold")
    if detail:
        body += Content("\n") + Content.styled(" ".join(detail.split()), "$foreground-muted")
    return Hanging(Content.styled(f"{number}. ", "bold"), body)


class TitleScreen(Responsive):
    """Start a game in a role, continue, load, get help, or quit."""

    AUTO_FOCUS = ""  # none: the menu takes focus in on_screen_resume, without scrolling the title out of view
    BINDINGS = keys.TITLE

    def __init__(self) -> None:
        super().__init__()
        self._initial_size_classes()
        self._menu_is_fresh = False
        """True from compose until the first ScreenResume: the menu was just built, so that resume keeps it."""

    def compose(self) -> ComposeResult:
        bill = billing(game_app(self).front.packs)
        tagline, rest = first_sentence(bill.description)
        with VerticalScroll(id="title-scroll"):
            with Vertical(id="title-box"):
                yield Static(spaced(bill.title), id="game-name", markup=False)
                if bill.mod_of:
                    yield Static(bill.mod_of, id="mod-of", markup=False)
                if tagline:
                    yield Static(tagline, id="tagline", markup=False)
                if rest:
                    yield Static(rest, id="description", markup=False)
                # Made with its options, not filled once mounted (which cleared it, refilled it and
                # asked for another layout, all before the first frame).
                options, highlighted = self._menu()
                menu = OptionList(*options, id="menu")
                menu.highlighted = highlighted
                self._menu_is_fresh = True
                yield menu
                yield Static(
                    _("Use ↑ ↓ and Enter, a number key, or the mouse.  ? shows every key."),
                    id="menu-hint",
                    markup=False,
                )
        yield GameFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._sync_size_classes()
        # The game or a save may have changed while another screen was on top. The first resume
        # comes straight after compose and mount, with nothing changed: building the menu again
        # (it reads the autosave) and restyling every widget (Screen's handler, which runs after
        # this one) would only delay the first frame.
        if self._menu_is_fresh:
            self._menu_is_fresh = False
            event.refresh_styles = False
        else:
            self.refresh_menu()
        if self.focused is None:
            # Focus would scroll the whole menu into view, pushing the game's name off a short screen.
            # (No menu while the app is already closing: a browser tab can quit before the first frame.)
            for menu in self.query("#menu").results(OptionList):
                menu.focus(scroll_visible=False)

    def on_screen_suspend(self) -> None:
        self._menu_is_fresh = False  # whatever happens on the screen above may change the menu

    def refresh_menu(self) -> None:
        options, highlighted = self._menu()
        menu = self.query_one("#menu", OptionList)
        menu.set_options(options)
        menu.highlighted = highlighted

    def _menu(self) -> tuple[list[Option], int]:
        """The menu's options, and the one Enter picks.

        Enter picks Continue when there is a game to go back to, else the first role.
        """
        app = game_app(self)
        options: list[Option] = []
        number = 1
        for role in app.front.roles.values():
            label = _("New game as {role}").format(role=role.title)
            options.append(Option(_entry(number, label, role.summary), id=f"role:{role.id}"))
            number += 1
        if app.classroom:  # a class's 45-minute routes (the pack's lessons.yaml)
            for lesson in app.story.lessons.values():
                entry = _entry(number, _("Lesson: {lesson}").format(lesson=lesson.title), lesson.summary)
                options.append(Option(entry, id=f"lesson:{lesson.id}"))
                number += 1
        continue_label, continue_detail, can_continue = self._continue_text()
        options.append(
            Option(_entry(number, continue_label, continue_detail), id="continue", disabled=not can_continue)
        )
        number += 1
        for key, label, detail in (
            ("load", _("Load a saved game"), ""),
            ("help", _("How to play"), ""),
            ("language", *self._language_text()),
            ("quit", _("Quit"), ""),
        ):
            if key == "language" and not label:
                continue  # a story in one language only: nothing to switch to
            options.append(Option(_entry(number, label, detail), id=key))
            number += 1
        return options, next(i for i, o in enumerate(options) if o.id == "continue") if can_continue else 0

    def _language_text(self) -> tuple[str, str]:
        """The menu item that switches the language (none when the story has only one): what is on, what is offered."""
        languages = game_app(self).languages()
        if len(languages) < 2:
            return "", ""
        now = language()
        label = _("Language: {language} · Enter or F4: {next}").format(
            language=language_name(now), next=language_name(next_language(now, languages))
        )
        return label, ""

    def _continue_text(self) -> tuple[str, str, bool]:
        app = game_app(self)
        roles = app.front.roles
        state = app.state
        if state is not None:
            scene = app.story.scenes.get(state.scene)
            role = roles.get(state.role)
            where = scene.title if scene else state.scene
            when = long_date(scene.date, language()) if scene else ""
            return _("Continue your game"), f"{where} · {when} · {role.title if role else state.role}", True
        try:
            document = app.saves.load(AUTOSAVE)
        except SaveError as exc:
            if isinstance(exc, NoSuchSave):
                return _("Continue"), _("No game yet: your game is saved after every choice."), False
            return _("Continue"), _("The last game cannot be read; use Load to see why."), False
        role = roles.get(document["state"]["role"])
        day = from_iso(document.get("story_date", ""))
        parts = [document.get("scene_title") or document["state"]["scene"]]
        if day:
            parts.append(long_date(day, language()))
        parts.append(role.title if role else document["state"]["role"])
        return _("Continue the last game"), " · ".join(parts), True

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if await game_app(self).story_ready():  # picked before the story has loaded: once it has
            self.run_option(event.option.id or "")

    def run_option(self, key: str) -> None:
        app = game_app(self)
        if key.startswith("role:"):
            app.game.next_lesson = None  # the whole story
            app.start_new_game(key[5:])
        elif key.startswith("lesson:") and key[7:] in app.story.lessons:
            lesson = app.story.lessons[key[7:]]
            app.game.next_lesson = lesson
            app.start_new_game(lesson.role)
        elif key == "continue":
            app.continue_game()
        elif key == "load":
            app.action_load()
        elif key == "help":
            app.action_help()
        elif key == "language":
            app.action_next_language()
        elif key == "quit":
            app.quit_when_saved()

    def action_pick_number(self, number: int) -> None:
        menu = self.query_one("#menu", OptionList)
        index = number - 1
        if index >= menu.option_count:
            return
        option = menu.get_option_at_index(index)
        menu.highlighted = index
        if option.disabled:
            notice(self, _("There is no saved game to continue yet."), timeout=3)
        else:
            self.run_option(option.id or "")

"""Plain-text play: one line in, plain lines out.

For screen readers, pipes, scripts and terminals where the full-screen app
is not wanted. No colour, no cursor tricks; every rule comes from the engine, and the
game in progress is the same :class:`~game.engine.playthrough.Playthrough` the app drives.

Plain mode tells the truth about saving: every choice is autosaved before
anything about it is shown, a failed save is said at once and again on every
line that would otherwise suggest the game is safe (quitting, the end of
input, an ending), and so is a save that works again. Before a new game
replaces an unfinished game that no named save holds, it asks (or, with
nobody to ask, keeps that game as a named save); with nobody to ask it also
says that the new game becomes the one Continue resumes, so a piped run never
takes another front end's place silently.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal, TextIO

from game.engine import rules
from game.engine.save_location import AUTOSAVE, has_last_game
from game.engine.state import GameState
from game.story.dates import long_date
from game.story.markdown import to_plain
from game.story.model import Scene, Story

if TYPE_CHECKING:
    from game.engine.playthrough import Playthrough, Unkept
    from game.engine.saves import Resumed, SaveFolder
    from game.story.errors import Problem
    from game.story.first_read import WholeStory


def _(message: str) -> str:
    """``message`` in the player's language: the interface's gettext, once a language other than English is chosen.

    The command line imports :mod:`game.i18n.interface` only for another language than English, so a game in
    English never loads it (tests/test_import_hygiene.py); until it is loaded, the words are the code's own.
    """
    interface = sys.modules.get("game.i18n.interface")
    return message if interface is None else interface._(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count``, as :func:`_` (English: the singular for 1, else the plural)."""
    interface = sys.modules.get("game.i18n.interface")
    if interface is None:
        return singular if count == 1 else plural
    return interface.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a constant for translation; it is translated where it is said, with :func:`_`."""
    return message


def language() -> str:
    """The language the interface speaks (dates follow it): English until another is chosen."""
    interface = sys.modules.get("game.i18n.interface")
    return "en" if interface is None else interface.language()


HELP = N_("""Keys (type one, then Enter):
  1-9  make that choice
  r    what really happened in this scene, with its sources
  d    discussion prompts for this scene
  u    undo your last choice
  s NAME  save the game under a name (continue it later with --load NAME)
  q    quit
  ?    this help""")


def plain_text(markdown: str) -> str:
    """Markdown prose as plain text: markers go, paragraphs stay (the one Markdown path, game.story.markdown)."""
    return to_plain(markdown)


def ends_here(title: str) -> str:
    """The line under an option that ends the story at once in an imagined (counterfactual) ending."""
    return _("(! This ends your story here: what if… {title})").format(title=title)


PIPED_TAKES_OVER = N_(
    "Input is not a terminal, so nobody is asked: this game becomes the last game, the one "
    "spring68 play --continue (and Continue in the game's window) resumes."
)
"""Said when a piped or scripted game starts where another game was the last one (issue 22 item 7)."""

KEEP_QUESTION = N_("""  c  continue it
  k  keep it as a named save, then start a new game
  n  start a new game and let it go
  q  quit""")

Decision = Literal["new", "quit", "stop"]
"""What to do after the question about an unkept game: start a new one, leave, or leave with an error."""


class PlainGame:
    """A plain-mode session over any pair of text streams (so tests can drive it).

    ``saves`` is the save folder, or ``saves_at`` its path, opened when first
    needed (neither: nothing is saved); ``interactive`` says whether someone can
    answer a question (stdin is a terminal).

    ``whole``: ``story`` holds only the first screen (a cold start's partial read,
    :mod:`game.story.first_read`) and this builds the whole story; it starts once the
    first scene is shown, and the whole story replaces the partial one before anything
    the player types but quitting is acted on. A pack error it finds is given to
    ``report`` and the game stops (exit code 2) with nothing saved.
    """

    def __init__(
        self,
        story: Story,
        out: TextIO,
        read_line: Callable[[], str | None],
        width: int = 78,
        saves: SaveFolder | None = None,
        *,
        interactive: bool = False,
        saves_at: str | None = None,
        whole: WholeStory | None = None,
        report: Callable[[list[Problem]], None] | None = None,
    ) -> None:
        self.story = story
        self.whole = whole
        self.report = report
        self.out = out
        self.read_line = read_line
        self.width = width
        self.saves = saves
        self.saves_at = saves_at
        self.interactive = interactive
        self.game: Playthrough | None = None
        """The game in progress, made on first use (it opens the save folder)."""

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def wrap(self, text: str, indent: str = "") -> str:
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "\n\n".join(
            textwrap.fill(" ".join(p.split()), self.width, initial_indent=indent, subsequent_indent=indent)
            for p in paragraphs
        )

    def item(self, number: int, text: str) -> str:
        """A numbered menu line, wrapped to the terminal's width with its later lines under the text."""
        return textwrap.fill(
            " ".join(text.split()), self.width, initial_indent=f"  {number}. ", subsequent_indent="     "
        )

    def prompt(self) -> str | None:
        self.out.write("> ")
        self.out.flush()
        line = self.read_line()
        if line is None:
            self.say()
            return None
        return line.strip()

    # -- choosing a role -------------------------------------------------------

    def pick_role(self) -> str | None:
        roles = list(self.story.roles.values())
        if len(roles) == 1:
            return roles[0].id
        self.say(_("Choose who you are:"))
        for number, role in enumerate(roles, 1):
            summary = f" — {role.summary}" if role.summary else ""
            self.say(self.item(number, f"{role.title}{summary}"))
        while True:
            answer = self.prompt()
            if answer is None or answer.lower() in ("q", "quit"):
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(roles):
                return roles[int(answer) - 1].id
            if answer in self.story.roles:
                return answer
            self.say(_("Type a number from 1 to {last}, or q to quit.").format(last=len(roles)))

    # -- the loop -------------------------------------------------------------

    def intro(self) -> None:
        pack = self.story.pack
        self.say(pack.title)
        self.say("=" * len(pack.title))
        if pack.description:
            self.say(self.wrap(pack.description))
        if pack.content_note:
            self.say()
            self.say(self.wrap(_("Content note: {note}").format(note=pack.content_note)))
        self.say()

    # -- an unfinished game in the autosave ----------------------------------------------

    def settle_unkept_autosave(self) -> Decision | Resumed:
        """Before a new game: if it would replace an unfinished game no named save holds, ask what to do.

        ``c`` continues that game (returned as :class:`Resumed`), ``k`` keeps it as a named save and
        starts a new game, ``n`` starts a new game and lets it go, ``q`` quits. The end of input, or
        nobody to ask (stdin is not a terminal), keeps it: a game is never lost silently. The rule
        is the Playthrough's, the same as the app's.
        """
        if self.saves is None and (self.saves_at is None or not has_last_game(self.saves_at)):
            return "new"
        from game.engine import keeping
        from game.engine.saves import AUTOSAVE, SaveError

        game = self.playthrough()
        unkept = game.unkept()
        if unkept is None or unkept.document is None:
            if not self.interactive and game.saves is not None and has_last_game(str(game.saves.folder)):
                self.say(_(PIPED_TAKES_OVER))  # nothing is lost (a named save holds it, or it ended), but say so
            return "new"
        what = keeping.describe(self.story, unkept.document)
        if not self.interactive:
            if self.keep(unkept):
                self.say(_(PIPED_TAKES_OVER))
                return "new"
            self.say(_("A new game would replace it, so none is started: make room in the save folder, or play it on."))
            return "stop"
        self.say(
            _("Your last game is unfinished and in no named save: {what}. A new game would replace it.").format(
                what=what
            )
        )
        self.say(_(KEEP_QUESTION))
        while True:
            answer = self.prompt()
            if answer is None:  # the end of input: keep the game, then leave
                self.keep(unkept)
                return "quit"
            key = answer.lower()
            if key in ("c", "continue"):
                try:
                    resumed = game.read(AUTOSAVE)
                except SaveError as exc:
                    self.say(_("(It cannot be continued: {problem}.) Type k, n or q.").format(problem=exc))
                    continue
                if resumed.note:
                    self.say(f"({resumed.note})")
                return resumed
            if key in ("k", "keep"):
                if self.keep(unkept):
                    return "new"
                self.say(_("Type c, n or q."))
            elif key in ("n", "new"):
                self.say(_("A new game begins; your first choice replaces the unfinished one."))
                return "new"
            elif key in ("q", "quit", "exit"):
                self.say(
                    _("Goodbye. Your unfinished game is still the last game; spring68 play --continue resumes it.")
                )
                return "quit"
            else:
                self.say(_("Type c, k, n or q (continue, keep, new, quit)."))

    def keep(self, unkept: Unkept) -> bool:
        """Keep an unkept game as a new named save and say under which name; False (and why) if it failed."""
        from game.engine.saves import SaveError

        try:
            slot = self.playthrough().keep(unkept)
        except SaveError as exc:
            self.say(_("(Could not keep your unfinished game: {problem}.)").format(problem=exc))
            return False
        self.say(
            _('Your unfinished game is kept as the save "{slot}"; spring68 play --load "{slot}" resumes it.').format(
                slot=slot
            )
        )
        return True

    # -- the loop ---------------------------------------------------------------------

    def run(self, state: GameState | None = None, *, saved: bool = False) -> int:
        """Play until an ending, ``q`` or the end of input.

        ``state`` is put in play first (``saved``: a save holds it as it is); without one, the
        Playthrough's game (a loaded save) goes on.

        A new game (no Playthrough made yet) is put into one at the first key that is not quitting:
        its first screen comes from the state alone, and nothing is saved before that key (its
        autosave follows the first choice), so quitting at once has nothing to ask the Playthrough.
        That spares a cold start's first screen importing it and the class votes it keeps.
        """
        game = self.game
        if game is not None or state is None or saved:
            game = self.unsaved_playthrough()  # the first screen and a quit at it need no save folder
            if state is not None:
                game.play(state, saved=saved)
            state = game.state
        assert state is not None, "run() needs a game in play"
        self.show(state)
        if self.whole is not None:
            self.whole.start()  # now, not before: the build would have competed with the first screen
        while True:
            if game is not None:
                state = game.state
                assert state is not None
            scene = rules.current_scene(self.story, state)
            if scene.is_ending:
                if not self.take_whole_story():
                    return 2
                if game is not None and game.save_problem:
                    self.say()
                    self.say(self.not_saved())
                return 0
            choices = rules.available_choices(self.story, state)
            answer = self.prompt()
            if answer is None:  # the end of input (Ctrl-D): say so on a line of its own, and whether it is saved
                self.say(self.with_save_status(_("End of input: goodbye."), state))
                return 0
            key = answer.lower()
            if key in ("q", "quit", "exit"):
                self.say(self.with_save_status(_("Goodbye."), state))
                return 0
            if game is None:  # the first key of a new game that is not quitting: the Playthrough takes it on
                game = self.unsaved_playthrough()
                game.play(state)
            assert game.state is not None
            if self.whole is not None:  # the first thing typed at a cold start's first scene
                if not self.take_whole_story():
                    return 2
                state = game.state
                assert state is not None
                scene = rules.current_scene(self.story, state)
                choices = rules.available_choices(self.story, state)
            if key in ("?", "h", "help"):
                self.say(_(HELP))
            elif key == "r":
                self.show_history(scene)
            elif key == "d":
                self.show_prompts(scene)
            elif key == "u":
                from game.engine.playthrough import NothingToUndo

                try:
                    game.undo()
                except NothingToUndo:
                    self.say(_("There is nothing to undo yet."))
                    continue
                self.autosave()
                self.say(_("You take back your last choice."))
                self.show(game.state)
            elif key == "s" or key.startswith("s "):
                self.save_named(answer[1:].strip())
            elif key.isdigit() and 1 <= int(key) <= len(choices):
                choice = game.choose(choices[int(key) - 1].id).choice
                self.autosave()
                self.say()
                self.say(_("You chose: {label}").format(label=choice.label))
                if choice.record:
                    self.say(
                        self.wrap(_("What people really did: {record}").format(record=plain_text(choice.record)), "  ")
                    )
                self.show(game.state, rules.bar_changes(self.story, state, game.state))
            elif not choices:
                self.say(_("No choice is open to you here. Type u to undo your last choice, or q to quit."))
            else:
                self.say(_("Type a number from 1 to {last}, or r, d, u, s, q (? for help).").format(last=len(choices)))

    def take_whole_story(self) -> bool:
        """Go on in the whole story once it is built (at once when it already is); False after reporting its errors.

        The partial story and the whole one agree on everything the first screen showed (the same
        files, read and built by the same code), so the game in play goes on unchanged in it.
        """
        whole, self.whole = self.whole, None
        if whole is None:
            return True
        story, problems = whole.wait()
        if story is None:
            if self.report is not None:
                self.report(problems)
            return False
        self.story = story
        if self.game is not None:
            unfit = self.game.refit(story)
            assert unfit is None, unfit  # the first scene and the variables are the same in both stories
        return True

    def save_named(self, name: str) -> None:
        """``s NAME``: the game in play saved to a named slot, as the app's save dialog does."""
        from game.engine.saves import SaveError

        if not name:
            self.say(_("Type s and a name for the save, for example: s before Moscow"))
            return
        try:
            slot = self.playthrough().save(name)
        except SaveError as exc:
            self.say(_("(Could not save: {problem}.)").format(problem=exc))
            return
        self.say(_('Saved as "{slot}". Continue it later with: spring68 play --load "{slot}"').format(slot=slot))

    def playthrough(self) -> Playthrough:
        """The game in progress (the same rules as the app's), over the save folder if there is one."""
        game = self.unsaved_playthrough()
        if game.saves is None and (self.saves is not None or self.saves_at is not None):
            game.saves = self.folder()
        return game

    def unsaved_playthrough(self) -> Playthrough:
        """The game in progress, its save folder not opened yet unless it already is (:meth:`playthrough` opens it).

        For what needs no folder: showing a scene, and what quitting says before any autosave (the
        Playthrough's ``saved`` and ``save_problem``). Opening the folder imports the save machinery
        (game.engine.saves and the save format), which a cold start's first screen should not wait for;
        every write goes through :meth:`playthrough`, so none is ever made without the folder.
        """
        if self.game is None:
            from game.engine.playthrough import Playthrough

            self.game = Playthrough(self.story, self.saves)
        return self.game

    def autosave(self) -> None:
        """Write the autosave now; say at once if that failed, or worked again after failing."""
        game = self.playthrough()
        job = game.autosave_job()
        if job is None:
            return
        news = game.write(job)
        if news in ("failed", "failed again"):
            self.say(_("(Could not save: {problem}. You can keep playing.)").format(problem=game.save_problem))
        elif news == "works again":
            self.say(_("(Saving works again: your game is saved.)"))
        assert game.saves is not None  # a job needs a folder
        for notice in game.saves.notices:  # e.g. a damaged autosave was kept aside, not overwritten
            self.say(f"({notice})")
        game.saves.notices.clear()

    def folder(self) -> SaveFolder:
        """The save folder, opened on first use."""
        if self.saves is None:
            from game.engine.saves import SaveFolder

            self.saves = SaveFolder(self.saves_at)
        return self.saves

    def not_saved(self) -> str:
        return _("Your game is not saved ({problem}).").format(problem=self.unsaved_playthrough().save_problem)

    def save_status(self, state: GameState) -> str:
        """What quitting says about the save, always true: saved, not saved and why, or nothing to save yet."""
        if self.saves is None and self.saves_at is None:
            return ""
        game = self.game
        if game is None:  # a new game's first screen: no Playthrough yet, so nothing was written (see run)
            return _("You made no choice yet, so there is nothing to save.")
        if game.save_problem is not None:
            return self.not_saved()
        if game.saved is not None and game.saved == state:
            return _("Your game is saved.")
        return _("You made no choice yet, so there is nothing to save.")

    def with_save_status(self, goodbye: str, state: GameState) -> str:
        """The last line: the goodbye, then what quitting means for the save (:meth:`save_status`)."""
        status = self.save_status(state)
        # Translators: the last line of a game: a goodbye, then whether the game is saved.
        return _("{goodbye} {status}").format(goodbye=goodbye, status=status) if status else goodbye

    def show(self, state: GameState, changes: dict[str, int] | None = None) -> None:
        """The scene as the player reads it; ``changes`` are the last choice's moves of the bars."""
        changes = changes or {}
        scene = rules.current_scene(self.story, state)
        self.say()
        heading = f"{long_date(scene.date, language())} · {scene.place}"
        self.say(heading)
        self.say("-" * min(len(heading), self.width))
        self.say(scene.title.upper() if scene.is_ending else scene.title)
        self.say()
        self.say(self.wrap(plain_text(rules.scene_text(scene, state))))
        if scene.ending is not None:
            self.show_ending(scene, state)
            return
        bars = [v for v in self.story.variables_for(state.role) if v.shown]
        if bars:
            self.say()
            parts = []
            for variable in bars:
                value = state.variables[variable.name]
                shown = _("yes") if value is True else _("no") if value is False else f"{value}/{variable.max}"
                moved = changes.get(variable.name, 0)
                if moved:
                    shown += f" ({moved:+d})"
                parts.append(f"{variable.label}: {shown}")
            self.say(self.wrap(" · ".join(parts)))
        self.say()
        choices = rules.available_choices(self.story, state)
        for number, choice in enumerate(choices, 1):
            self.say(self.item(number, choice.label))
            ending = rules.ending_ahead(self.story, choice)
            if ending is not None:
                title = ending.ending.title if ending.ending is not None and ending.ending.title else ending.title
                self.say(textwrap.fill(ends_here(title), self.width, initial_indent="     ", subsequent_indent="     "))
        if not choices:
            self.say(_("  (No choice is open to you here. Type u to undo your last choice.)"))
        self.say(_("  (r: what really happened · d: discuss · u: undo · q: quit · ?: help)"))

    def show_ending(self, scene: Scene, state: GameState) -> None:
        ending = scene.ending
        assert ending is not None
        self.say()
        self.say(_("THE END: {title}").format(title=ending.title))
        if ending.counterfactual:
            self.say(_("(This ending is counterfactual: it did not happen.)"))
        self.say()
        self.say(self.wrap(plain_text(rules.interpolate(ending.epilogue, state))))
        if ending.counterfactual and ending.instead:
            self.say()
            self.say(self.wrap(_("What really happened instead: {instead}").format(instead=plain_text(ending.instead))))
        self.show_history(scene)
        self.say()
        count = len(state.log)
        scenes = len(set(state.path))
        # Translators: "{choices} over {scenes}." is "You made 7 choices over 8 scenes."
        self.say(
            _("{choices} over {scenes}.").format(
                choices=ngettext("You made {n} choice", "You made {n} choices", count).format(n=count),
                scenes=ngettext("{n} scene", "{n} scenes", scenes).format(n=scenes),
            )
        )

    def show_history(self, scene: Scene) -> None:
        self.say()
        self.say(_("What really happened"))
        self.say(self.wrap(plain_text(scene.history.text), "  "))
        self.say("  " + _("Sources:"))
        for source_id in scene.history.sources:
            source = self.story.sources.get(source_id)
            self.say(
                textwrap.fill(
                    source.citation() if source else source_id,
                    self.width,
                    initial_indent="  - ",
                    subsequent_indent="    ",
                )
            )

    def show_prompts(self, scene: Scene) -> None:
        if not scene.discuss:
            self.say(_("This scene has no discussion prompts."))
            return
        self.say(_("To discuss:"))
        for prompt in scene.discuss:
            self.say(textwrap.fill(prompt, self.width, initial_indent="  - ", subsequent_indent="    "))


def _stdin_reader(stream: TextIO | None) -> Callable[[], str | None]:
    def read() -> str | None:
        if stream is None:  # fd 0 was closed before Python started: no input at all
            return None
        try:
            line = stream.readline()
        except (OSError, ValueError):  # a closed or broken stdin ends the game like EOF
            return None
        return line if line else None

    return read


def _terminal_columns() -> int:
    """The terminal's width (``shutil.get_terminal_size`` without importing shutil before the first scene)."""
    import os

    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
    except (AttributeError, ValueError, OSError):
        return 80


def run_plain(
    story: Story,
    *,
    role: str | None = None,
    start: str | None = None,
    overrides: dict[str, int | bool] | None = None,
    resumed: Resumed | None = None,
    saves: SaveFolder | None = None,
    saves_at: str | None = None,
    interactive: bool | None = None,
    whole: WholeStory | None = None,
    report: Callable[[list[Problem]], None] | None = None,
) -> int:
    """Play on stdin/stdout until an ending, ``q`` or end of input; returns the exit code.

    ``resumed`` is a game continued from a save (``--continue``/``--load``: no question is asked);
    otherwise a new game starts, after the question about an unkept autosave. ``saves`` is the
    save folder (the one that resumed the game), or ``saves_at`` its path, opened when needed.
    ``interactive`` (default: stdin is a terminal) says whether that question can be asked.
    ``whole`` and ``report``: a cold start's partial story and what builds the whole (see :class:`PlainGame`).
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    try:
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # also when sys.stdin is None (fd 0 closed)
        pass
    width = min(_terminal_columns(), 80) - 2 if sys.stdout is not None and sys.stdout.isatty() else 78
    if interactive is None:
        interactive = sys.stdin is not None and _isatty(sys.stdin)
    game = PlainGame(
        story,
        sys.stdout,
        _stdin_reader(sys.stdin),
        max(width, 30),
        saves,
        interactive=interactive,
        saves_at=saves_at,
        whole=whole,
        report=report,
    )
    if whole is not None and (resumed is not None or saves is not None or (saves_at and has_last_game(saves_at))):
        if not game.take_whole_story():  # a saved game is read and described against the whole story only
            return 2
    if resumed is not None:
        game.playthrough().load(resumed, resumed.document.get("slot") or AUTOSAVE)
        return game.run()
    game.intro()
    decision = game.settle_unkept_autosave()
    if not isinstance(decision, str):  # the player chose to continue the unfinished game
        game.playthrough().load(decision, AUTOSAVE)
        return game.run()
    if decision != "new":
        return 0 if decision == "quit" else 2
    if role is None:
        role = game.pick_role()
        if role is None:
            return 0
    return game.run(rules.new_game(story, role, start=start, overrides=overrides))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # a closed stream
        return False

"""Plain-text play: one line in, plain lines out.

For screen readers, pipes, scripts and terminals where the full-screen app
is not wanted. No colour, no cursor tricks; every rule comes from the engine.

Plain mode tells the truth about saving: every choice is autosaved before
anything about it is shown, a failed save is said at once and again on every
line that would otherwise suggest the game is safe (quitting, the end of
input, an ending), and so is a save that works again. Before a new game
replaces an unfinished game that no named save holds, it asks (or, with
nobody to ask, keeps that game as a named save).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TextIO

from game.engine import rules
from game.engine.save_location import has_last_game
from game.engine.state import GameState
from game.story.model import Scene, Story

if TYPE_CHECKING:  # the save machinery is imported when there is a last game to look at, or at the first save
    from game.engine.saves import Resumed, SaveFolder

HELP = """Keys (type one, then Enter):
  1-9  make that choice
  r    what really happened in this scene, with its sources
  d    discussion prompts for this scene
  u    undo your last choice
  q    quit
  ?    this help"""

_EMPHASIS = re.compile(r"(\*\*|__|\*|\b_)(?=\S)((?:(?!\n\s*\n).)+?)(?<=\S)\1", re.S)


def plain_text(markdown: str) -> str:
    """Markdown prose as plain text: emphasis markers go, paragraphs stay."""
    return _EMPHASIS.sub(r"\2", markdown)


def long_date(day: dt.date) -> str:
    """1968-08-21 → '21 August 1968'; the way the game's readers say dates."""
    return f"{day.day} {day:%B} {day.year}"


KEEP_QUESTION = """  c  continue it
  k  keep it as a named save, then start a new game
  n  start a new game and let it go
  q  quit"""

Decision = Literal["new", "quit", "stop"]
"""What to do after the question about an unkept game: start a new one, leave, or leave with an error."""


class PlainGame:
    """A plain-mode session over any pair of text streams (so tests can drive it).

    ``saves`` is the save folder, or ``saves_at`` its path, opened when first
    needed (neither: nothing is saved); ``interactive`` says whether someone can
    answer a question (stdin is a terminal).
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
    ) -> None:
        self.story = story
        self.out = out
        self.read_line = read_line
        self.width = width
        self.saves = saves
        self.saves_at = saves_at
        self.interactive = interactive
        self.save_problem: str | None = None
        """Why the last autosave failed; None while saving works."""
        self.saved: GameState | None = None
        """The position the saves hold, as far as this session knows (None: nothing of this game yet)."""

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def wrap(self, text: str, indent: str = "") -> str:
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        return "\n\n".join(
            textwrap.fill(" ".join(p.split()), self.width, initial_indent=indent, subsequent_indent=indent)
            for p in paragraphs
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
        self.say("Choose who you are:")
        for number, role in enumerate(roles, 1):
            summary = f" — {role.summary}" if role.summary else ""
            self.say(f"  {number}. {role.title}{summary}")
        while True:
            answer = self.prompt()
            if answer is None or answer.lower() in ("q", "quit"):
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(roles):
                return roles[int(answer) - 1].id
            if answer in self.story.roles:
                return answer
            self.say(f"Type a number from 1 to {len(roles)}, or q to quit.")

    # -- the loop -------------------------------------------------------------

    def intro(self) -> None:
        pack = self.story.pack
        self.say(pack.title)
        self.say("=" * len(pack.title))
        if pack.description:
            self.say(self.wrap(pack.description))
        if pack.content_note:
            self.say()
            self.say(self.wrap("Content note: " + pack.content_note))
        self.say()

    # -- an unfinished game in the autosave ----------------------------------------------

    def settle_unkept_autosave(self) -> Decision | Resumed:
        """Before a new game: if it would replace an unfinished game no named save holds, ask what to do.

        ``c`` continues that game (returned as :class:`Resumed`), ``k`` keeps it as a named save and
        starts a new game, ``n`` starts a new game and lets it go, ``q`` quits. The end of input, or
        nobody to ask (stdin is not a terminal), keeps it: a game is never lost silently.
        """
        if self.saves is None and (self.saves_at is None or not has_last_game(self.saves_at)):
            return "new"
        from game.engine import keeping
        from game.engine.saves import SaveError

        saves = self.folder()
        document = keeping.unkept_autosave(self.story, saves)
        if document is None:
            return "new"
        what = keeping.describe(self.story, document)
        if not self.interactive:
            if self.keep(document):
                return "new"
            self.say("A new game would replace it, so none is started: make room in the save folder, or play it on.")
            return "stop"
        self.say(f"Your last game is unfinished and in no named save: {what}. A new game would replace it.")
        self.say(KEEP_QUESTION)
        while True:
            answer = self.prompt()
            if answer is None:  # the end of input: keep the game, then leave
                self.keep(document)
                return "quit"
            key = answer.lower()
            if key in ("c", "continue"):
                try:
                    resumed = saves.resume(self.story)
                except SaveError as exc:
                    self.say(f"(It cannot be continued: {exc}.) Type k, n or q.")
                    continue
                if resumed.note:
                    self.say(f"({resumed.note})")
                return resumed
            if key in ("k", "keep"):
                if self.keep(document):
                    return "new"
                self.say("Type c, n or q.")
            elif key in ("n", "new"):
                self.say("A new game begins; your first choice replaces the unfinished one.")
                return "new"
            elif key in ("q", "quit", "exit"):
                self.say("Goodbye. Your unfinished game is still the last game; spring68 play --continue resumes it.")
                return "quit"
            else:
                self.say("Type c, k, n or q (continue, keep, new, quit).")

    def keep(self, document: dict[str, Any]) -> bool:
        """Keep a saved game as a new named save and say under which name; False (and why) if it failed."""
        from game.engine import keeping
        from game.engine.saves import SaveError

        try:
            slot = keeping.keep_document(self.folder(), self.story, document)
        except SaveError as exc:
            self.say(f"(Could not keep your unfinished game: {exc}.)")
            return False
        self.say(f'Your unfinished game is kept as the save "{slot}"; spring68 play --load "{slot}" resumes it.')
        return True

    # -- the loop ---------------------------------------------------------------------

    def run(self, state: GameState, *, saved: bool = False) -> int:
        """Play ``state`` until an ending, ``q`` or the end of input; ``saved``: it came from a save as it is."""
        if saved:
            self.saved = state
        self.show(state)
        while True:
            scene = rules.current_scene(self.story, state)
            if scene.is_ending:
                if self.save_problem:
                    self.say()
                    self.say(self.not_saved())
                return 0
            choices = rules.available_choices(self.story, state)
            answer = self.prompt()
            if answer is None:
                if self.save_problem:
                    self.say(self.not_saved())
                return 0
            key = answer.lower()
            if key in ("q", "quit", "exit"):
                self.say("Goodbye." + self.save_status(state))
                return 0
            if key in ("?", "h", "help"):
                self.say(HELP)
            elif key == "r":
                self.show_history(scene)
            elif key == "d":
                self.show_prompts(scene)
            elif key == "u":
                if not state.log:
                    self.say("There is nothing to undo yet.")
                    continue
                state = rules.undo(self.story, state)
                self.save(state)
                self.say("You take back your last choice.")
                self.show(state)
            elif key.isdigit() and 1 <= int(key) <= len(choices):
                choice = choices[int(key) - 1]
                state = rules.choose(self.story, state, choice.id)
                self.save(state)
                self.say()
                self.say(f"You chose: {choice.label}")
                if choice.record:
                    self.say(self.wrap("What people really did: " + plain_text(choice.record), "  "))
                self.show(state)
            elif not choices:
                self.say("No choice is open to you here. Type u to undo your last choice, or q to quit.")
            else:
                self.say(f"Type a number from 1 to {len(choices)}, or r, d, u, q (? for help).")

    def save(self, state: GameState) -> None:
        """Autosave ``state`` now; say at once if that failed, or worked again after failing."""
        if self.saves is None and self.saves_at is None:
            return
        from game.engine.saves import AUTOSAVE, SaveError

        saves = self.folder()
        try:
            saves.write(self.story, state, AUTOSAVE)
        except SaveError as exc:
            self.save_problem = str(exc)
            self.say(f"(Could not save: {exc}. You can keep playing.)")
        else:
            self.saved = state
            if self.save_problem is not None:
                self.save_problem = None
                self.say("(Saving works again: your game is saved.)")
        for notice in saves.notices:  # e.g. a damaged autosave was kept aside, not overwritten
            self.say(f"({notice})")
        saves.notices.clear()

    def folder(self) -> SaveFolder:
        """The save folder, opened on first use."""
        if self.saves is None:
            from game.engine.saves import SaveFolder

            self.saves = SaveFolder(self.saves_at)
        return self.saves

    def not_saved(self) -> str:
        return f"Your game is not saved ({self.save_problem})."

    def save_status(self, state: GameState) -> str:
        """What quitting says about the save, always true: saved, not saved and why, or nothing to save yet."""
        if self.saves is None and self.saves_at is None:
            return ""
        if self.save_problem is not None:
            return " " + self.not_saved()
        if self.saved is not None and self.saved == state:
            return " Your game is saved."
        return " You made no choice yet, so there is nothing to save."

    def show(self, state: GameState) -> None:
        scene = rules.current_scene(self.story, state)
        self.say()
        heading = f"{long_date(scene.date)} · {scene.place}"
        self.say(heading)
        self.say("-" * min(len(heading), self.width))
        self.say(scene.title.upper() if scene.is_ending else scene.title)
        self.say()
        self.say(self.wrap(plain_text(rules.interpolate(scene.text, state))))
        if scene.ending is not None:
            self.show_ending(scene, state)
            return
        bars = [v for v in self.story.variables_for(state.role) if v.shown]
        if bars:
            self.say()
            parts = []
            for variable in bars:
                value = state.variables[variable.name]
                shown = "yes" if value is True else "no" if value is False else f"{value}/{variable.max}"
                parts.append(f"{variable.label}: {shown}")
            self.say(self.wrap(" · ".join(parts)))
        self.say()
        choices = rules.available_choices(self.story, state)
        for number, choice in enumerate(choices, 1):
            self.say(textwrap.fill(choice.label, self.width, initial_indent=f"  {number}. ", subsequent_indent="     "))
        if not choices:
            self.say("  (No choice is open to you here. Type u to undo your last choice.)")
        self.say("  (r: what really happened · d: discuss · u: undo · q: quit · ?: help)")

    def show_ending(self, scene: Scene, state: GameState) -> None:
        ending = scene.ending
        assert ending is not None
        self.say()
        self.say(f"THE END: {ending.title}")
        if ending.counterfactual:
            self.say("(This ending is counterfactual: it did not happen.)")
        self.say()
        self.say(self.wrap(plain_text(rules.interpolate(ending.epilogue, state))))
        if ending.counterfactual and ending.instead:
            self.say()
            self.say(self.wrap("What really happened instead: " + plain_text(ending.instead)))
        self.show_history(scene)
        self.say()
        count = len(state.log)
        self.say(f"You made {count} choice{'' if count == 1 else 's'} over {len(set(state.path))} scenes.")

    def show_history(self, scene: Scene) -> None:
        self.say()
        self.say("What really happened")
        self.say(self.wrap(plain_text(scene.history.text), "  "))
        self.say("  Sources:")
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
            self.say("This scene has no discussion prompts.")
            return
        self.say("To discuss:")
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
) -> int:
    """Play on stdin/stdout until an ending, ``q`` or end of input; returns the exit code.

    ``resumed`` is a game continued from a save (``--continue``/``--load``: no question is asked);
    otherwise a new game starts, after the question about an unkept autosave. ``saves`` is the
    save folder (the one that resumed the game), or ``saves_at`` its path, opened when needed.
    ``interactive`` (default: stdin is a terminal) says whether that question can be asked.
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
    width = (
        min(shutil.get_terminal_size((80, 24)).columns, 80) - 2
        if sys.stdout is not None and sys.stdout.isatty()
        else 78
    )
    if interactive is None:
        interactive = sys.stdin is not None and _isatty(sys.stdin)
    game = PlainGame(
        story, sys.stdout, _stdin_reader(sys.stdin), max(width, 30), saves, interactive=interactive, saves_at=saves_at
    )
    if resumed is not None:
        return game.run(resumed.state, saved=True)
    game.intro()
    decision = game.settle_unkept_autosave()
    if not isinstance(decision, str):  # the player chose to continue the unfinished game
        return game.run(decision.state, saved=True)
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

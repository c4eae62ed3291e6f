"""Plain-text play: one line in, plain lines out.

For screen readers, pipes, scripts and terminals where the full-screen app
is not wanted. No colour, no cursor tricks; every rule comes from the engine.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TextIO

from game.engine import rules
from game.engine.state import GameState
from game.story.model import Scene, Story

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


def long_date(day: object) -> str:
    """1968-08-21 → '21 August 1968'; the way the game's readers say dates."""
    return f"{day.day} {day:%B} {day.year}"  # type: ignore[attr-defined]


class PlainGame:
    """A plain-mode session over any pair of text streams (so tests can drive it)."""

    def __init__(
        self,
        story: Story,
        out: TextIO,
        read_line: Callable[[], str | None],
        width: int = 78,
        autosave: Callable[[GameState], str | None] | None = None,
    ) -> None:
        self.story = story
        self.out = out
        self.read_line = read_line
        self.width = width
        self.autosave = autosave

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

    def run(self, state: GameState) -> int:
        self.show(state)
        while True:
            scene = rules.current_scene(self.story, state)
            if scene.is_ending:
                return 0
            choices = rules.available_choices(self.story, state)
            answer = self.prompt()
            if answer is None:
                return 0
            key = answer.lower()
            if key in ("q", "quit", "exit"):
                self.say("Goodbye." + (" Your game is saved." if self.autosave else ""))
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
        if self.autosave is None:
            return
        problem = self.autosave(state)
        if problem and problem.startswith("note: "):
            self.say(f"({problem[6:]})")
        elif problem:
            self.say(f"(Could not save: {problem}. You can keep playing.)")

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
                parts.append(
                    f"{variable.label}: {'yes' if value is True else 'no' if value is False else f'{value}/{variable.max}'}"
                )
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
        self.say(f"You made {len(state.log)} choices over {len(set(state.path))} scenes.")

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
    state: GameState | None = None,
    autosave: Callable[[GameState], str | None] | None = None,
) -> int:
    """Play on stdin/stdout until an ending, ``q`` or end of input; returns the exit code."""
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
    game = PlainGame(story, sys.stdout, _stdin_reader(sys.stdin), max(width, 30), autosave)
    if state is None:
        game.intro()
        if role is None:
            role = game.pick_role()
            if role is None:
                return 0
        state = rules.new_game(story, role, start=start, overrides=overrides)
    return game.run(state)

"""The ``spring68`` command line.

Imports are lazy: ``spring68 --help``, ``check`` and plain mode never pay for
Textual, and each command imports only what it uses. A new game in plain mode
with the common options does not even import argparse (:func:`_plain_play_arguments`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # for annotations only: the commands import what they use when they run
    import argparse

    from game.engine.saves import SaveFolder
    from game.story.errors import Problem
    from game.story.first_read import WholeStory
    from game.story.model import Story

EPILOG = """commands:
  spring68                       play in the full-screen terminal app
  spring68 play --plain          play with plain text on stdin/stdout
  spring68 check [PACK ...]      validate packs and prove their anchoring
  spring68 explore [PACK ...]    every reachable state: endings, unreached scenes, dead ends
  spring68 graph [PACK ...]      the scene map as Graphviz DOT or Mermaid
  spring68 handout [PACK ...]    a student worksheet, a teacher's key or a glossary to print
  spring68 prompts [PACK ...]    the teacher's key (the same as: handout --kind key)
  spring68 transcript SAVE       a player's or a class's path, from a save
  spring68 serve                 play in a browser (each browser keeps its own game)
  spring68 class                 classroom mode here; students vote from their own devices
  spring68 schema [--write DIR]  print or write the JSON Schema of the scene files
  spring68 i18n extract|check    translations: a template of every string; check --lang LANG

Without --pack, the base campaign is used. A mod is loaded after its base:
  spring68 play --plain --pack scenes --pack my-mod
"""


COMMANDS = ("play", "check", "explore", "graph", "handout", "prompts", "transcript", "serve", "class", "schema", "i18n")
_VALUED_OPTIONS = ("--pack", "--saves", "--lesson", "--timer", "--lang")
"""The game's own options that take a value: the word after them is never the command."""


def _command_in(argv: Sequence[str]) -> str | None:
    """The command the arguments name (``spring68 --pack DIR check`` → ``check``); None when all are needed.

    No command at all means play (the default), unless help is asked for; a word that is not a
    command needs every command, for argparse's "invalid choice" message.
    """
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token == "--":
            return None
        elif token in _VALUED_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token if token in COMMANDS else None
    return None if any(token in ("-h", "--help") for token in argv) else "play"


def _help_width() -> int:
    """What argparse's help formatter asks ``shutil`` for, without importing it (and bz2 and lzma with it)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns - 2, 20)


def _help_formatters() -> tuple[type[argparse.HelpFormatter], type[argparse.HelpFormatter]]:
    """argparse's formatter, its width found without ``shutil`` (every parser built asks), and one keeping the epilog.

    Made when a parser is built, as argparse is imported only then.
    """
    import argparse

    class HelpFormatter(argparse.HelpFormatter):
        def __init__(
            self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
        ) -> None:
            super().__init__(prog, indent_increment, max_help_position, _help_width() if width is None else width)

    class RawHelpFormatter(HelpFormatter, argparse.RawDescriptionHelpFormatter):
        pass

    return HelpFormatter, RawHelpFormatter


class _Unused:
    """What a command's parser is when another command was given: its arguments are not worth building."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        return None


class _OnlyCommand:
    """The sub-parsers, built only for the command given (all of them for --help or no command).

    Each sub-parser costs about a millisecond to build, and every start of the game parses its
    arguments: plain mode's first scene should not pay for the ten commands it is not.
    """

    def __init__(
        self, sub: argparse._SubParsersAction, wanted: str | None, formatter: type[argparse.HelpFormatter]
    ) -> None:
        self.sub, self.wanted, self.formatter = sub, wanted, formatter

    @property
    def choices(self) -> dict[str, argparse.ArgumentParser]:
        return self.sub.choices

    def add_parser(self, name: str, **kwargs: object) -> Any:
        if self.wanted is None or name == self.wanted:
            kwargs.setdefault("formatter_class", self.formatter)
            return self.sub.add_parser(name, **kwargs)  # type: ignore[arg-type]
        return _Unused()


def _pack_and_saves_options(parser: argparse.ArgumentParser, saves_help: str = "folder for saves") -> None:
    """``--pack`` and ``--saves`` after a command's name, as before it (commands that play or read saves)."""
    parser.add_argument("--pack", action="append", metavar="DIR", dest="sub_pack", help="load this pack (repeatable)")
    parser.add_argument("--saves", metavar="DIR", dest="sub_saves", help=saves_help)


def _document_options(parser: argparse.ArgumentParser, verb: str) -> None:
    """The options every command that writes a document shares (handout, transcript): its format, file and language."""
    parser.add_argument(
        "--format", choices=("md", "html"), default="md", help="Markdown or one self-contained HTML file"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of the screen")
    parser.add_argument("--lang", metavar="LANG", dest="sub_lang", help=f"{verb} in this language, e.g. cs")


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the arguments, only the command they name is built."""
    import argparse

    from game import __version__

    formatter, raw_formatter = _help_formatters()
    parser = argparse.ArgumentParser(
        prog="spring68",
        description="Spring '68: a historical role-play game about the Prague Spring of 1968.",
        epilog=EPILOG,
        formatter_class=raw_formatter,
    )
    parser.add_argument("--version", action="version", version=f"spring68 {__version__}")
    parser.add_argument("--pack", action="append", metavar="DIR", help="load this pack (repeat for mods, base first)")
    parser.add_argument(
        "--saves", metavar="DIR", help="folder for saves (default: saves/ in a checkout, else your data folder)"
    )
    parser.add_argument(
        "--classroom", action="store_true", help="classroom mode: large text, discussion pauses, class votes"
    )
    _class_arguments(parser, "")
    parser.add_argument("--watch", action="store_true", help="reload changed scene files while playing (for modders)")
    parser.add_argument(
        "--lang", metavar="LANG", help="play in this language, e.g. cs (default: from LANG if the game has it; else en)"
    )
    wanted = _command_in(argv) if argv is not None else None
    sub: Any = _OnlyCommand(parser.add_subparsers(dest="command", metavar="COMMAND"), wanted, formatter)

    play = sub.add_parser(
        "play",
        help="play the game (the default command)",
        description="Play the game: the full-screen app, or plain text with --plain.",
    )
    play.add_argument(
        "--plain", action="store_true", help="plain text on stdin/stdout (screen readers, pipes, scripts)"
    )
    play.add_argument("--role", help="the role to play (e.g. advisor, resistance); asked for when missing")
    _pack_and_saves_options(play)
    play.add_argument("--from", dest="start", metavar="SCENE", help="start at this scene (for testing a scene)")
    play.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="start with this value (repeatable), e.g. --set trust=8",
    )
    play.add_argument("--continue", dest="resume", action="store_true", help="continue the last game (the autosave)")
    play.add_argument("--web-tab", metavar="BROWSER", help=argparse.SUPPRESS)  # one browser's game under 'serve'
    play.add_argument("--class-channel", metavar="PATH", help=argparse.SUPPRESS)  # its class's votes, under 'serve'
    play.add_argument("--watch", action="store_true", dest="sub_watch", help="reload changed scene files while playing")
    play.add_argument(
        "--classroom",
        action="store_true",
        dest="sub_classroom",
        help="classroom mode: large text, discussion pauses, class votes",
    )
    _class_arguments(play, "sub_")
    play.add_argument("--load", metavar="SLOT", help="continue a game saved under this name")

    check = sub.add_parser(
        "check",
        help="validate packs and prove their anchoring to the record",
        description="Load and validate packs; print every problem, then a summary line. "
        "Exit 0 only when there is no error.",
    )
    check.add_argument("packs", nargs="*", metavar="PACK", help="pack folders, base first (default: the base campaign)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")

    explore = sub.add_parser(
        "explore",
        help="search every reachable state, or play seeded random games",
        description="Exhaustively explore the reachable states (exact, de-duplicated): every "
        "ending with a shortest path, scenes never reached, choices never available, "
        "states with no way on. With --random, play N seeded random games instead.",
    )
    explore.add_argument(
        "packs", nargs="*", metavar="PACK", help="pack folders, base first (default: the base campaign)"
    )
    explore.add_argument("--role", help="only this role")
    explore.add_argument("--json", action="store_true", help="print the report as JSON")
    explore.add_argument(
        "--random", type=int, metavar="N", help="play N random games per role instead of the exhaustive search"
    )
    explore.add_argument("--seed", type=int, default=1968, help="seed for --random (default 1968)")
    explore.add_argument(
        "--limit",
        type=int,
        default=None,
        help="most distinct states to search (default 2,000,000; with --impact 1,000,000, then sampled)",
    )
    explore.add_argument(
        "--impact",
        action="store_true",
        help="for each decision, whether its options change what the player reads (with --random N: sampled)",
    )

    graph = sub.add_parser(
        "graph",
        help="print the scene map as Graphviz DOT or Mermaid",
        description="Print scenes (with dates) as nodes and choices as edges; endings and fixed points are marked.",
    )
    graph.add_argument("packs", nargs="*", metavar="PACK", help="pack folders, base first (default: the base campaign)")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot", help="output format (default: dot)")
    graph.add_argument("--role", help="only this role")

    for name, kind in (("handout", "worksheet"), ("prompts", "key")):
        handout = sub.add_parser(
            name,
            help="write a printable worksheet, teacher's key or glossary"
            if kind == "worksheet"
            else "write the teacher's key (the same as: handout --kind key)",
            description="worksheet: a name line, a one-page timeline, each decision with its situation, "
            "options and a question to answer, a source task and a glossary. key: for each decision what "
            "really happened, what real people did, points for discussion and the sources. glossary: the terms.",
        )
        handout.add_argument(
            "packs", nargs="*", metavar="PACK", help="pack folders, base first (default: the base campaign)"
        )
        handout.add_argument(
            "--kind", choices=("worksheet", "key", "glossary"), default=kind, help=f"what to print (default: {kind})"
        )
        handout.add_argument(
            "--glossary", dest="kind", action="store_const", const="glossary", help="the same as --kind glossary"
        )
        handout.add_argument("--role", help="only this role")
        handout.add_argument("--lesson", metavar="NAME", help="only this lesson's decisions")
        _document_options(handout, "print")

    transcript = sub.add_parser(
        "transcript",
        help="write the path of a saved game",
        description="Each scene, the choice made (and the class's votes), what people really "
        "did, what really happened, and the player's path beside the historical one.",
    )
    transcript.add_argument(
        "save", metavar="SAVE", help="a save file, or the name of a save slot (autosave for the last game)"
    )
    _pack_and_saves_options(transcript)
    _document_options(transcript, "write")

    serve = sub.add_parser(
        "serve",
        help="play in a web browser (textual-serve)",
        description="Serve the game to web browsers. Each browser keeps its own game and autosave, "
        "through reloads. Only this computer can connect unless --host says otherwise.",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--lang", metavar="LANG", dest="sub_lang", help="every browser plays in this language, e.g. cs")
    _pack_and_saves_options(serve, "folder for saves (each browser gets a subfolder of web/)")
    serve.add_argument(
        "--classroom", action="store_true", dest="sub_classroom", help="serve classroom mode (for a projector)"
    )
    _class_arguments(serve, "sub_")
    serve.add_argument(
        "--max-tabs",
        type=_tab_count,
        default=40,
        metavar="N",
        help="at most N games open at once (default 40: a class); more get a 'the game is full' page",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address pupils open, e.g. http://teacher-pc.local:8000 (default: the address each browser used)",
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="also accept games from pages on ORIGIN, e.g. https://school.example (repeatable)",
    )

    lesson = sub.add_parser(
        "class",
        help="classroom mode in this terminal, the class voting from its own devices",
        description="Classroom mode in this terminal (the projector), with a small web page on which students "
        "vote from their phones or laptops: the class vote shows its address, a join code and a QR code. "
        "Only this computer can open it unless --host says otherwise.",
    )
    lesson.add_argument(
        "--host", default="127.0.0.1", help="address of the students' page (default 127.0.0.1: this computer only)"
    )
    lesson.add_argument("--port", type=int, default=8000, help="port of the students' page (default 8000)")
    lesson.add_argument(
        "--public-url", metavar="URL", help="the address students open, e.g. http://teacher-pc.local:8000"
    )
    _pack_and_saves_options(lesson)
    lesson.add_argument("--role", help="the role the class plays; asked for when missing")
    _class_arguments(lesson, "sub_")

    schema = sub.add_parser(
        "schema",
        help="print or write the JSON Schema of scene files and pack.yaml",
        description="Print the JSON Schema (draft-07) of the pack files, generated from the model.",
    )
    schema.add_argument("--write", metavar="DIR", help="write one .schema.json per file kind into DIR")
    schema.add_argument(
        "--kind",
        default="scene",
        choices=("scene", "pack", "timeline", "sources", "glossary", "lessons"),
        help="which schema to print (default: scene)",
    )
    _global_options_after_the_command(sub)
    from game.i18n.command import add_parser as add_i18n_parser

    add_i18n_parser(sub)
    return parser


def _global_options_after_the_command(sub: argparse._SubParsersAction) -> None:
    """Users type options after the command (``check --pack DIR``): every command takes --pack and --saves too.

    A command that already has its own (play, serve, ...) keeps it: argparse
    refuses the duplicate, which is how this tells them apart.
    """
    import argparse

    for command in sub.choices.values():
        for flags, options in (
            (("--pack",), {"action": "append", "dest": "sub_pack", "help": "load this pack (repeatable)"}),
            (("--saves",), {"dest": "sub_saves", "help": "folder for saves"}),
        ):
            try:
                command.add_argument(*flags, metavar="DIR", **options)
            except argparse.ArgumentError:
                pass  # the command declares it itself


def _timer_minutes(text: str) -> int:
    import argparse

    from game.engine.classroom import MAX_TIMER_MINUTES

    if not text.isdigit() or not 1 <= int(text) <= MAX_TIMER_MINUTES:
        raise argparse.ArgumentTypeError(f"give a whole number of minutes from 1 to {MAX_TIMER_MINUTES}")
    return int(text)


def _class_arguments(parser: argparse.ArgumentParser, prefix: str) -> None:
    """--lesson and --timer, for the game's options, ``play`` and ``serve``."""
    parser.add_argument(
        "--lesson",
        metavar="NAME",
        dest=f"{prefix}lesson",
        help="classroom mode, playing this lesson's key decisions only (the pack's lessons.yaml)",
    )
    parser.add_argument(
        "--timer",
        type=_timer_minutes,
        metavar="MINUTES",
        dest=f"{prefix}timer",
        help="classroom mode: time each discussion, MINUTES long (default: off until m)",
    )


def _class_options(args: argparse.Namespace, story: Story) -> tuple[str | None, int | None] | str:
    """The lesson id and timer minutes asked for, or why the lesson cannot be played."""
    lesson = getattr(args, "sub_lesson", None) or getattr(args, "lesson", None)
    timer = getattr(args, "sub_timer", None) or getattr(args, "timer", None)
    if lesson is not None and lesson not in story.lessons:
        known = ", ".join(story.lessons) or "none (add a lessons.yaml to the pack)"
        return f"there is no lesson '{lesson}'; lessons: {known}"
    return lesson, timer


_PLAY_DEFAULTS: dict[str, object] = {
    # the game's own options (before the command)
    "pack": None,
    "saves": None,
    "classroom": False,
    "lesson": None,
    "timer": None,
    "watch": False,
    "lang": None,
    "command": "play",
    # play's
    "plain": False,
    "role": None,
    "sub_pack": None,
    "sub_saves": None,
    "start": None,
    "set": [],
    "resume": False,
    "web_tab": None,
    "class_channel": None,
    "sub_watch": False,
    "sub_classroom": False,
    "sub_lesson": None,
    "sub_timer": None,
    "load": None,
}
"""What the parser gives for ``spring68 play`` with no option (tests/test_cli_parsing.py holds it to argparse's)."""

_PLAY_SWITCHES = {"--plain": "plain", "--continue": "resume"}
"""play's options that take no value (``store_true``), by the name argparse stores them under."""
_PLAY_VALUES = {"--role": "role", "--from": "start", "--load": "load", "--saves": "sub_saves"}
"""play's options that take one value (the last one given counts)."""
_PLAY_LISTS = {"--pack": "sub_pack", "--set": "set"}
"""play's options that may be repeated, each value added to a list."""


def _plain_play_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """``play`` and the options a game is started with, read as argparse reads them; None for anything else.

    Every start parses its arguments, and importing argparse and building the parser cost a cold
    first scene in plain mode several milliseconds of its budget (about the time of ``import yaml``).
    So the common case is read here: ``play`` first, then only the options in the three tables
    above, each written out in full with its value in the next word. Anything else (another
    command, an option before ``play``, ``--role=x``, a shortened option, help, a value that begins
    with ``-``, a missing value) goes to argparse, which alone gives the errors and every other
    form. The result has every attribute argparse's would, with the same values (the tests compare
    the two for each form read here).
    """
    if not argv or argv[0] != "play":
        return None
    values: dict[str, Any] = {**_PLAY_DEFAULTS, "set": []}
    words = iter(argv[1:])
    for word in words:
        if word in _PLAY_SWITCHES:
            values[_PLAY_SWITCHES[word]] = True
            continue
        name = _PLAY_VALUES.get(word) or _PLAY_LISTS.get(word)
        value = next(words, None)
        if name is None or value is None or value.startswith("-"):
            return None
        if word in _PLAY_LISTS:
            values[name] = [*(values[name] or []), value]
        else:
            values[name] = value
    from types import SimpleNamespace

    # A SimpleNamespace reads and compares like argparse's Namespace (attributes, vars(), ==), which
    # would need argparse imported.
    return cast("argparse.Namespace", SimpleNamespace(**values))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = _plain_play_arguments(arguments)
    if args is None:
        args = _parser(arguments).parse_args(arguments)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "schema":
            return _schema(args)
        if args.command == "explore":
            return _explore(args)
        if args.command == "graph":
            return _graph(args)
        if args.command in ("handout", "prompts"):
            return _handout(args)
        if args.command == "transcript":
            return _transcript(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "class":
            return _class(args)
        if args.command == "i18n":
            return _i18n(args)
        return _play(args)
    except BrokenPipeError:
        # The reader went away (e.g. `spring68 check | head`); say nothing more.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130


def _i18n(args: argparse.Namespace) -> int:
    from game.i18n.command import run

    story = _load_for_tool(args)
    if story is None:
        return 2
    return run(args, story)


def _packs(args: argparse.Namespace) -> list[str] | None:
    packs = (getattr(args, "pack", None) or []) + (getattr(args, "sub_pack", None) or [])
    return packs or None


def _load(packs: list[str] | None) -> Story | None:
    """Load the story for play (cached when unchanged), or print every problem and return None."""
    from game.story.cache import load_for_play

    story, problems = load_for_play(packs)
    if story is None:
        _report(problems)
    return story


def _load_first(packs: list[str] | None, role: str | None, start: str | None) -> tuple[Story | None, WholeStory | None]:
    """A new plain game's story: the whole one, or on a cold cache just its first screen and what builds the rest.

    Prints every problem and returns ``(None, None)`` when the story cannot be played.
    """
    from game.story.cache import load_first_for_play

    story, problems, whole = load_first_for_play(packs, role, start)
    if story is None:
        _report(problems)
    return story, whole


def _report(problems: list[Problem]) -> None:
    """Why the story cannot be played: every problem, then how many errors there are and what to run."""
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    print(f"spring68: the pack has {errors} error(s); run 'spring68 check' for details", file=sys.stderr)


def _chosen_language(story: Story, asked: str | None) -> str | None:
    """The language asked for, or the environment's if the game has it; None (after a message) if it has not."""
    from game.i18n.languages import from_environment, story_languages

    languages = story_languages(pack.path for pack in story.packs)
    if asked is None:
        return from_environment(spoken=languages)
    if asked in languages:
        return asked
    print(f"spring68: no '{asked}' translation; languages: {', '.join(languages)}", file=sys.stderr)
    return None


def _in_language(story: Story, asked: str | None) -> Story | None:
    """The story in the language asked for (or the environment's, if the game has it); None if it has not.

    English, the common case, imports nothing of the translation machinery: a folder listing decides.
    """
    from game.i18n.languages import ENGLISH

    lang = _chosen_language(story, asked)
    if lang is None:
        return None
    if lang == ENGLISH:
        loaded = sys.modules.get("game.i18n.interface")
        if loaded is not None:  # a second command in the same process must not keep the first's language
            loaded.set_language(ENGLISH)
        return story
    from game.i18n import interface
    from game.i18n.story_language import story_in

    interface.set_language(lang)
    translated, problems = story_in(story, lang)
    for problem in [*problems, *interface.problems]:
        print(f"spring68: {problem}", file=sys.stderr)
    interface.problems.clear()
    return translated


def _parse_sets(items: list[str]) -> dict[str, int | bool] | str:
    values: dict[str, int | bool] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            return f"--set {item!r}: write NAME=VALUE, e.g. --set trust=8"
        if text in ("true", "false"):
            values[name] = text == "true"
        elif text.lstrip("+-").isdigit() and len(text) < 10:
            values[name] = int(text)
        else:
            return f"--set {item!r}: the value must be a whole number or true/false"
    return values


def _saves(args: argparse.Namespace) -> SaveFolder:
    from game.engine.saves import SaveFolder

    return SaveFolder(_saves_option(args))


def _saves_option(args: argparse.Namespace) -> str | None:
    return getattr(args, "sub_saves", None) or getattr(args, "saves", None)


def _tui_available() -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec("game.tui.app") is not None and importlib.util.find_spec("textual") is not None
    except (ImportError, ValueError):
        return False


def _play(args: argparse.Namespace) -> int:
    plain = getattr(args, "plain", False)
    web_tab = getattr(args, "web_tab", None)  # the browser's folder name, under 'spring68 serve'
    interactive = sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()
    if not plain and not web_tab and not interactive:
        plain = True  # a pipe or a file cannot show the full-screen app
    if not plain and not _tui_available():
        if web_tab:
            print("spring68: the browser game needs Textual, which is not installed", file=sys.stderr)
            return 2
        plain = True
    if not plain and not web_tab:  # the title screen at once, the story loading behind it, when nothing needs it first
        from game.tui.launch import play_title_first

        played = play_title_first(args, _packs(args), _saves(args), _report)
        if played is not None:
            return played
    whole = None
    slot = getattr(args, "load", None)
    if plain and not slot and not getattr(args, "resume", False):  # a new game: on a cold cache, from a partial read
        story, whole = _load_first(_packs(args), getattr(args, "role", None), getattr(args, "start", None))
    else:
        story = _load(_packs(args))
    if story is None:
        return 2
    lang = getattr(args, "lang", None)
    if whole is not None:
        from game.i18n.languages import ENGLISH

        chosen = _chosen_language(story, lang)
        if chosen is None:
            return 2
        if chosen != ENGLISH:  # a translation is made of the whole story (game.i18n.story_language)
            story, problems = whole.wait()
            whole = None
            if story is None:
                _report(problems)
                return 2
        lang = chosen
    if lang is None and not plain and not web_tab:  # the language chosen in the app last time, if any
        from game.i18n.languages import story_languages
        from game.tui.settings import remembered_language

        lang = remembered_language(_saves(args).folder, story_languages(pack.path for pack in story.packs))
    story = _in_language(story, lang)
    if story is None:
        return 2
    overrides = _parse_sets(getattr(args, "set", []))
    if isinstance(overrides, str):
        print(f"spring68: {overrides}", file=sys.stderr)
        return 2
    role = getattr(args, "role", None)
    start = getattr(args, "start", None)
    from game.i18n.lazy import _  # the story's language is chosen by now: these messages are the player's

    if role is not None and role not in story.roles:
        message = _("there is no role '{role}'; roles: {roles}").format(role=role, roles=", ".join(story.roles))
        print(f"spring68: {message}", file=sys.stderr)
        return 2
    if start is not None:
        scene = story.scenes.get(start)
        if scene is None:
            import difflib

            close = difflib.get_close_matches(start, list(story.scenes), n=1)
            if close:
                message = _("there is no scene '{scene}'; did you mean '{close}'?").format(scene=start, close=close[0])
            else:
                message = _("there is no scene '{scene}'").format(scene=start)
            print(f"spring68: {message}", file=sys.stderr)
            return 2
        role = role or scene.role
    from game.engine.rules import RuleError

    state = None
    resumed = saves = None
    if getattr(args, "resume", False) or slot:
        from game.engine.saves import SaveError

        saves = _saves(args)
        try:  # a damaged autosave, or one this story cannot continue, gives way to its backup
            resumed = saves.resume(story, slot or "autosave")
        except SaveError as exc:
            print(f"spring68: {exc}", file=sys.stderr)
            return 2
        state = resumed.state
        if resumed.note:
            print(resumed.note, file=sys.stderr)
    if not plain:
        from game.tui.app import run_tui

        saves = _saves(args)
        if web_tab:
            from game.engine.saves import SaveFolder
            from game.serve.browsers import browser_folder, settings_file
            from game.tui.settings import SETTINGS_ENV

            # one browser's game under 'spring68 serve': its own folder (found again after a reload), own settings
            try:
                folder = browser_folder(saves.folder, web_tab)
            except ValueError as exc:
                print(f"spring68: {exc}", file=sys.stderr)
                return 2
            saves = SaveFolder(folder)
            os.environ[SETTINGS_ENV] = str(settings_file(folder))
        classroom = getattr(args, "classroom", False) or getattr(args, "sub_classroom", False)
        asked = _class_options(args, story)
        if isinstance(asked, str):
            print(f"spring68: {asked}", file=sys.stderr)
            return 2
        from game.tui.class_actions import ClassOptions

        lesson_id, timer = asked
        classroom = classroom or lesson_id is not None or timer is not None  # both are classroom mode's
        if lesson_id is not None and state is None:
            role = role or story.lessons[lesson_id].role  # straight into the lesson (the class's name asked first)
        watch = None
        if getattr(args, "watch", False) or getattr(args, "sub_watch", False):
            from game.story.locate import base_pack

            watch = _packs(args) or [base_pack()]
        resume = (slot or "autosave") if state is not None else None
        return run_tui(
            story,
            saves,
            role=role,
            start=start,
            overrides=overrides,
            watch=watch,
            classroom=classroom,
            resume=resume,
            class_options=ClassOptions(
                lesson_id,
                timer,
                getattr(args, "class_channel", None) if web_tab else None,
                getattr(args, "class_devices", None),
            ),
        )

    from game.engine.save_location import saves_folder
    from game.plain import run_plain

    try:  # the folder that resumed the game knows the autosave it read; a new game opens it when needed
        return run_plain(
            story,
            role=role,
            start=start,
            overrides=overrides,
            resumed=resumed,
            saves=saves if resumed is not None else None,
            saves_at=saves_folder(_saves_option(args)),
            whole=whole,
            report=_report,
        )
    except RuleError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2


def _check(args: argparse.Namespace) -> int:
    from game.tools.check import run_check

    packs = list(args.packs) + (_packs(args) or [])
    report = run_check(packs or None)
    if args.format == "json":
        print(report.to_json())
    else:
        for problem in report.problems:
            print(problem.format())
        print(report.summary())
    return 0 if report.errors == 0 else 1


def _load_for_tool(args: argparse.Namespace) -> Story | None:
    """Tools read the files (never the play cache) so their messages carry exact locations."""
    from game.story.loader import load_with_problems

    packs = list(args.packs) + (_packs(args) or [])
    story, problems = load_with_problems(packs or None)
    if story is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print("spring68: the pack has errors; fix them first ('spring68 check' lists them)", file=sys.stderr)
        return None
    role = getattr(args, "role", None)
    if role is not None and role not in story.roles:
        print(f"spring68: there is no role '{role}'; roles: {', '.join(story.roles)}", file=sys.stderr)
        return None
    return story


def _explore(args: argparse.Namespace) -> int:
    from game.tools.explore import DEFAULT_LIMIT, TooManyStates, explore
    from game.tools.random_play import random_playthroughs

    story = _load_for_tool(args)
    if story is None:
        return 2
    roles = [args.role] if args.role else None
    if args.random is not None and args.random < 1:
        print("spring68: --random needs a number of games of at least 1", file=sys.stderr)
        return 2
    if args.impact:
        from game.tools.impact import DEFAULT_LIMIT as IMPACT_LIMIT
        from game.tools.impact import impact

        measured = impact(story, roles, limit=args.limit or IMPACT_LIMIT, samples=args.random, seed=args.seed)
        print(measured.to_json(story) if args.json else measured.to_text(story))
        return 0
    if args.random is not None:
        report = random_playthroughs(story, args.random, args.seed, roles)
        print(report.to_json(story) if args.json else report.to_text(story))
        return 0 if report.stuck == 0 else 1
    try:
        result = explore(story, roles, args.limit or DEFAULT_LIMIT)
    except TooManyStates as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    print(result.to_json() if args.json else result.to_text(story))
    return 0 if result.ok else 1


def _graph(args: argparse.Namespace) -> int:
    from game.tools.graph import to_dot, to_mermaid

    story = _load_for_tool(args)
    if story is None:
        return 2
    print((to_dot if args.format == "dot" else to_mermaid)(story, args.role), end="")
    return 0


def _write_output(text: str, output: str | None) -> int:
    if not output:
        sys.stdout.write(text)
        return 0
    from game.durable import write_atomic
    from game.i18n.lazy import _

    try:
        write_atomic(output, text)
    except OSError as exc:
        message = _("cannot write {path}: {reason}").format(path=output, reason=exc.strerror or exc)
        print(f"spring68: {message}", file=sys.stderr)
        return 2
    print(_("wrote {output}").format(output=output), file=sys.stderr)  # a handout or transcript, in its language
    return 0


def _handout(args: argparse.Namespace) -> int:
    from game.tools.handout import HandoutError, render_handout, scope

    story = _load_for_tool(args)
    if story is not None:
        story = _in_language(story, args.sub_lang or args.lang)
    if story is None:
        return 2
    try:
        chosen = scope(story, args.role, args.lesson)
    except HandoutError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    return _write_output(render_handout(story, chosen, args.kind, args.format), args.output)


def _transcript(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.engine.saves import SaveError, read_document
    from game.tools.transcript import from_document, to_html, to_markdown

    args.packs = []
    story = _load_for_tool(args)
    if story is not None:
        story = _in_language(story, args.sub_lang or args.lang)
    if story is None:
        return 2
    try:
        path = Path(args.save)
        document = read_document(path) if path.suffix == ".json" or path.exists() else _saves(args).load(args.save)
        render = to_html if args.format == "html" else to_markdown
        text = render(from_document(story, document))
    except SaveError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    return _write_output(text, args.output)


def _tab_count(text: str) -> int:
    import argparse

    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= 1000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of tabs from 1 to 1000")
    return count


def _class(args: argparse.Namespace) -> int:
    """``spring68 class``: classroom mode in this terminal, the students' page beside it (serve/class_server.py)."""
    from game.serve.options import ServeOptions, warning_for
    from game.serve.origins import AddressError

    if not (sys.stdin.isatty() and sys.stdout.isatty()) or not _tui_available():
        print(
            "spring68: 'class' runs the full-screen app: start it in a terminal "
            "(for a projector in a browser, use 'spring68 serve --classroom')",
            file=sys.stderr,
        )
        return 2
    options = ServeOptions(
        saves=_saves(args).folder.resolve(), host=args.host, port=args.port, public_url=args.public_url, classroom=True
    )
    try:
        options.policy()
    except AddressError as exc:
        print(f"spring68: {exc}", file=sys.stderr)
        return 2
    warning = warning_for(options.host)
    if warning:
        print(warning, file=sys.stderr)
    args.sub_classroom = True
    args.class_devices = options
    return _play(args)


def _serve(args: argparse.Namespace) -> int:
    from game.serve import ServeOptions, serve

    story = _load(_packs(args))  # fail here, once, rather than in every tab
    if story is None:
        return 2
    asked = _class_options(args, story)  # an unknown lesson is reported here, not in every tab
    if isinstance(asked, str):
        print(f"spring68: {asked}", file=sys.stderr)
        return 2
    lesson_id, timer = asked
    wanted = getattr(args, "sub_lang", None) or getattr(args, "lang", None)
    lang = _chosen_language(story, wanted) if wanted else None  # not asked: each tab follows the environment
    if wanted and lang is None:
        return 2
    options = ServeOptions(
        saves=_saves(args).folder.resolve(),
        host=args.host,
        port=args.port,
        packs=tuple(os.path.abspath(p) for p in (_packs(args) or [])),
        allow_origins=tuple(args.allow_origin),
        public_url=args.public_url,
        max_tabs=args.max_tabs,
        classroom=bool(args.sub_classroom or getattr(args, "classroom", False) or lesson_id or timer),
        lesson=lesson_id,
        timer=timer,
        lang=lang,
    )
    return serve(options)  # a bad --public-url or --allow-origin is reported there, before anything starts


def _schema(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from game.durable import write_atomic
    from game.story.schema import json_schemas

    schemas = json_schemas()
    if args.write:
        folder = Path(args.write)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, schema in schemas.items():
                write_atomic(folder / name, json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
                print(folder / name)
        except OSError as exc:
            print(f"spring68: cannot write into {folder}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        return 0
    print(json.dumps(schemas[f"{args.kind}.schema.json"], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""The command line builds only the command it is given, and still reads every command as before."""

from __future__ import annotations

import pytest

from game.cli import COMMANDS, _command_in, _parser, _plain_play_arguments


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ((), "play"),
        (("--plain",), "play"),
        (("--help",), None),
        (("check",), "check"),
        (("--pack", "check", "play", "--plain"), "play"),  # a folder named like a command is a value
        (("--lang", "cs", "--pack", "x", "explore", "--impact"), "explore"),
        (("chekc",), None),  # not a command: every command is built, for argparse's message
        (("--", "check"), None),
    ],
)
def test_the_command_is_found_past_the_game_s_own_options(argv, command):
    assert _command_in(argv) == command


@pytest.mark.parametrize("command", COMMANDS)
def test_a_parser_built_for_one_command_reads_it_as_the_full_parser_does(command):
    argv = {"transcript": [command, "autosave"], "i18n": [command, "check"]}.get(command, [command])
    argv = ["--pack", "scenes", *argv]
    assert vars(_parser(argv).parse_args(argv)) == vars(_parser(None).parse_args(argv))


def test_help_lists_every_command_and_a_typo_is_told_which_exist(capsys):
    with pytest.raises(SystemExit):
        _parser(["--help"]).parse_args(["--help"])
    shown = capsys.readouterr().out
    assert all(command in shown for command in COMMANDS)
    with pytest.raises(SystemExit) as exit_info:
        _parser(["chekc"]).parse_args(["chekc"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'chekc'" in error and "'check'" in error


PLAIN_PLAY_FORMS = [
    ["play"],  # every default: an option added to play (or to the game) must be taught to the fast reading too
    ["play", "--plain"],
    ["play", "--plain", "--role", "advisor"],
    ["play", "--role", "advisor", "--role", "resistance", "--plain"],  # the last one counts
    ["play", "--role", "", "--plain"],
    ["play", "--role", "play", "--plain"],  # a value named like a command
    ["play", "--plain", "--pack", "a", "--pack", "b", "--saves", "s", "--from", "x", "--set", "a=1", "--set", "b=true"],
    ["play", "--continue", "--plain", "--plain"],
    ["play", "--plain", "--load", "before Moscow"],
]


@pytest.mark.parametrize("argv", PLAIN_PLAY_FORMS)
def test_a_new_game_s_options_are_read_without_argparse_as_argparse_reads_them(argv):
    fast = _plain_play_arguments(argv)
    assert fast is not None
    assert vars(fast) == vars(_parser(argv).parse_args(argv)) == vars(_parser(None).parse_args(argv))
    fast.role = "changed"  # a namespace of its own each time: nothing is shared with the defaults
    assert vars(_plain_play_arguments(argv)) == vars(_parser(argv).parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--plain"],
        ["--pack", "x", "play", "--plain"],  # an option before the command
        ["check"],
        ["play", "x"],
        ["play", "--role=advisor"],
        ["play", "--pla"],  # argparse's abbreviations
        ["play", "-h"],
        ["play", "--plain", "--role"],  # a value missing
        ["play", "--role", "-x"],
        ["play", "--set", "-1"],  # argparse reads a negative number as a value: it decides
        ["play", "--", "--plain"],
        ["play", "--plain", "--watch"],
        ["play", "--plain", "--timer", "5"],
        ["play", "--lang", "cs"],
    ],
)
def test_every_other_command_line_is_left_to_argparse(argv):
    assert _plain_play_arguments(argv) is None

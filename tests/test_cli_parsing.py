"""The command line builds only the command it is given, and still reads every command as before."""

from __future__ import annotations

import pytest

from game.cli import COMMANDS, _command_in, _parser


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

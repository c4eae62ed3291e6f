"""Plain mode as a user drives it: through a pipe, one line at a time."""

from __future__ import annotations

from tests.conftest import MINI


def play(run_cli, keys: str, *extra: str, env=None):
    return run_cli("play", "--plain", "--pack", str(MINI), *extra, input=keys, env=env)


def test_shows_date_place_text_and_numbered_choices(run_cli):
    result = play(run_cli, "q\n", "--role", "alpha")
    out = result.stdout
    assert result.returncode == 0
    assert "20 August 1968 · Praha, Václavské náměstí" in out
    assert "Courage 2, fear 4. Žluťoučký kůň." in out
    assert "  1. Be brave\n  2. Stay quiet\n" in out
    assert out.rstrip().endswith("> Goodbye. Your game is saved.")


def test_bad_input_gets_one_short_line_and_the_prompt_again(run_cli):
    result = play(run_cli, "hello\n0\n99\n\nq\n", "--role", "alpha")
    lines = [line for line in result.stdout.splitlines() if line.startswith("> ")]
    assert lines[:4] == ["> Type a number from 1 to 2, or r, d, u, q (? for help)."] * 4
    assert result.returncode == 0


def test_choosing_shows_the_record_and_reaches_an_ending(run_cli):
    result = play(run_cli, "1\n1\n", "--role", "alpha")
    out = result.stdout
    assert "You chose: Be brave" in out
    assert "What people really did: People were brave." in out
    assert "THE END: The Good End" in out
    assert "You signed (yes)." in out
    assert result.returncode == 0


def test_r_shows_history_with_sources_and_d_the_prompts(run_cli):
    out = play(run_cli, "r\nd\nq\n", "--role", "alpha").stdout
    assert "What really happened\n  It happened like this.\n  Sources:\n  - A. Author, A Book (A Press, 1997)" in out
    assert "To discuss:\n  - Was it brave?" in out


def test_u_undoes_the_last_choice(run_cli):
    out = play(run_cli, "u\n1\nu\n2\n", "--role", "alpha").stdout
    assert "There is nothing to undo yet." in out
    assert "You take back your last choice." in out
    assert out.count("The start\n") == 2
    assert "You chose: Stay quiet" in out and "Fear: 5/5" in out


def test_end_of_input_exits_cleanly(run_cli):
    result = play(run_cli, "", "--role", "beta")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "Beta begins; fear 4." in result.stdout


def test_role_is_asked_for_when_missing(run_cli):
    result = play(run_cli, "3\n2\nq\n")
    out = result.stdout
    assert "Choose who you are:\n  1. Alpha role — The first role.\n  2. Beta role" in out
    assert "Type a number from 1 to 2, or q to quit." in out
    assert "Beta begins" in out


def test_no_color_and_non_terminal_output_are_plain(run_cli, cli_env):
    env = dict(cli_env, NO_COLOR="1", TERM="dumb")
    out = play(run_cli, "1\n", "--role", "alpha", env=env).stdout
    assert "\x1b[" not in out


def test_invalid_utf8_input_does_not_crash(run_cli):
    result = run_cli("play", "--plain", "--pack", str(MINI), "--role", "alpha", input=b"\xff\xfe\n\xc3\n1\nq\n")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "You chose: Be brave" in result.stdout


def test_unknown_role_and_scene_are_explained(run_cli):
    result = play(run_cli, "", "--role", "pilot")
    assert result.returncode == 2 and "there is no role 'pilot'; roles: alpha, beta" in result.stderr
    result = play(run_cli, "", "--from", "a_midle")
    assert result.returncode == 2 and "did you mean 'a_middle'" in result.stderr


def test_start_from_any_scene_with_values(run_cli):
    out = play(run_cli, "q\n", "--from", "a_middle", "--set", "courage=5").stdout
    assert "The middle of things." in out and "Courage: 5/5" in out and "1. Sign" in out
    bad = play(run_cli, "", "--from", "a_middle", "--set", "courage=lots")
    assert bad.returncode == 2 and "whole number or true/false" in bad.stderr


def test_continue_resumes_the_autosave(run_cli):
    play(run_cli, "1\nq\n", "--role", "alpha")
    out = play(run_cli, "q\n", "--continue").stdout
    assert "The middle of things." in out and "Courage: 4/5" in out


def test_a_broken_pack_is_reported_not_played(run_cli, pack):
    broken = pack({"hero/scenes.yaml": "- id: s1\n  title: [\n"})
    result = run_cli("play", "--plain", "--pack", str(broken), input="1\n")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "scenes.yaml:3:1: error: YAML syntax" in result.stderr or "scenes.yaml:" in result.stderr

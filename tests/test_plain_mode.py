"""Plain mode as a user drives it: through a pipe, one line at a time."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.engine import rules
from game.engine.saves import AUTOSAVE, SaveFolder, read_document
from game.engine.state import GameState
from game.plain import PlainGame, run_plain
from tests.conftest import MINI, ROOT


def play(run_cli, keys: str, *extra: str, env=None):
    return run_cli("play", "--plain", "--pack", str(MINI), *extra, input=keys, env=env)


def test_shows_date_place_text_and_numbered_choices(run_cli):
    result = play(run_cli, "q\n", "--role", "alpha")
    out = result.stdout
    assert result.returncode == 0
    assert "20 August 1968 · Praha, Václavské náměstí" in out
    assert "Courage 2, fear 4. Žluťoučký kůň." in out
    assert "  1. Be brave\n  2. Stay quiet\n" in out
    assert out.rstrip().endswith("> Goodbye. You made no choice yet, so there is nothing to save.")


def test_bad_input_gets_one_short_line_and_the_prompt_again(run_cli):
    result = play(run_cli, "hello\n0\n99\n\nq\n", "--role", "alpha")
    lines = [line for line in result.stdout.splitlines() if line.startswith("> ")]
    assert lines[:4] == ["> Type a number from 1 to 2, or r, d, u, s, q (? for help)."] * 4
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


def test_you_made_one_choice_is_said_in_the_singular(run_cli):
    out = play(run_cli, "2\n1\n", "--role", "beta").stdout
    assert "You made 1 choice over 2 scenes." in out


# ---- an unfinished game in the autosave: plain mode asks before replacing it ----------------


@pytest.fixture
def mini():
    from game.story.loader import load_story

    return load_story([MINI])


def unfinished_autosave(mini, folder: SaveFolder) -> GameState:
    state = rules.choose(mini, rules.new_game(mini, "alpha"), "brave")
    SaveFolder(folder.folder).write(mini, state)  # written by another session
    return state


def run_session(monkeypatch, mini, folder: SaveFolder, keys: str, **kwargs) -> tuple[int, str]:
    """``run_plain`` as the command runs it, on text streams; ``interactive`` as if stdin were a terminal."""
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.StringIO(keys))
    monkeypatch.setattr(sys, "stdout", out)
    kwargs.setdefault("interactive", True)
    code = run_plain(mini, saves=folder, **kwargs)
    monkeypatch.undo()
    return code, out.getvalue()


def named_slots(folder: SaveFolder) -> dict[str, GameState]:
    return {
        info.slot: GameState.from_dict(read_document(info.path)["state"])
        for info in folder.slots()[0]
        if info.slot != AUTOSAVE
    }


QUESTION = (
    "Your last game is unfinished and in no named save: Alpha role, at The middle, after 1 choice. "
    "A new game would replace it.\n"
    "  c  continue it\n"
    "  k  keep it as a named save, then start a new game\n"
    "  n  start a new game and let it go\n"
    "  q  quit\n"
    "> "
)


def test_c_continues_the_unfinished_game(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    old = unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "what\nc\nq\n", role="beta")
    assert code == 0 and QUESTION in out
    assert "> Type c, k, n or q (continue, keep, new, quit).\n> " in out
    assert "The middle of things." in out and "Beta begins" not in out
    assert out.rstrip().endswith("> Goodbye. Your game is saved.")
    assert folder.resume(mini).state == old and named_slots(folder) == {}


def test_k_keeps_it_as_a_named_save_and_starts_a_new_game(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    old = unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "k\n1\nq\n", role="beta")
    assert code == 0 and QUESTION in out
    assert (
        'Your unfinished game is kept as the save "Alpha role The middle"; '
        'spring68 play --load "Alpha role The middle" resumes it.'
    ) in out
    assert "Beta begins" in out and "You chose: Go on" in out
    assert named_slots(folder) == {"Alpha role The middle": old}
    assert folder.resume(mini).state.role == "beta"
    assert "The autosave held" not in out  # the new game replaced the autosave it was asked about


def test_n_lets_it_go_and_the_first_choice_replaces_it(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "n\nq\n", role="beta")
    assert code == 0 and "A new game begins; your first choice replaces the unfinished one." in out
    assert folder.resume(mini).state.role == "alpha"  # no choice yet: the old game is still there
    code, out = run_session(monkeypatch, mini, SaveFolder(tmp_path), "n\n1\n", role="beta")
    assert folder.resume(mini).state.role == "beta" and named_slots(folder) == {}
    assert "The autosave held" not in out


def test_q_leaves_everything_as_it_was(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    unfinished_autosave(mini, folder)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, out = run_session(monkeypatch, mini, folder, "q\n", role="beta")
    assert code == 0 and out.rstrip().endswith(
        "> Goodbye. Your unfinished game is still the last game; spring68 play --continue resumes it."
    )
    assert "Beta begins" not in out
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_the_end_of_input_at_the_question_keeps_the_game(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    old = unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "", role="beta")
    assert code == 0 and QUESTION in out and "Beta begins" not in out
    assert named_slots(folder) == {"Alpha role The middle": old}


def test_with_nobody_to_ask_the_game_is_kept_without_a_question(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    old = unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "1\n", role="beta", interactive=False)
    assert code == 0 and "c  continue it" not in out
    assert 'Your unfinished game is kept as the save "Alpha role The middle"' in out
    assert named_slots(folder) == {"Alpha role The middle": old}
    resumed = folder.resume(mini).state
    assert (resumed.role, len(resumed.log)) == ("beta", 1)


def test_a_piped_game_says_it_takes_over_the_last_game(monkeypatch, mini, tmp_path):
    """Issue 22: a piped run must not silently become the game the app's Continue resumes."""
    from game.plain import PIPED_TAKES_OVER

    folder = SaveFolder(tmp_path)
    unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "1\n", role="beta", interactive=False)
    assert code == 0 and 'kept as the save "Alpha role The middle"' in out and PIPED_TAKES_OVER in " ".join(out.split())
    # The last game (beta's) has ended: nothing to keep, but the takeover is still said.
    code, out = run_session(monkeypatch, mini, SaveFolder(tmp_path), "1\n", role="alpha", interactive=False)
    assert code == 0 and "kept as the save" not in out and PIPED_TAKES_OVER in " ".join(out.split())
    # At a terminal the player is asked instead (or nothing is at stake): no such line.
    code, out = run_session(monkeypatch, mini, SaveFolder(tmp_path / "fresh"), "1\nq\n", role="alpha")
    assert PIPED_TAKES_OVER not in " ".join(out.split())


def test_no_question_when_nothing_would_be_lost(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    finished = rules.choose(mini, rules.choose(mini, rules.new_game(mini, "alpha"), "brave"), "a_end_bad")
    SaveFolder(tmp_path).write(mini, finished)
    assert "continue it" not in run_session(monkeypatch, mini, folder, "q\n", role="beta")[1]
    kept = unfinished_autosave(mini, folder)
    SaveFolder(tmp_path).write(mini, kept, "Kept already")
    assert "continue it" not in run_session(monkeypatch, mini, SaveFolder(tmp_path), "q\n", role="beta")[1]


def test_a_resumed_game_is_never_asked_about(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    unfinished_autosave(mini, folder)
    code, out = run_session(monkeypatch, mini, folder, "q\n", resumed=folder.resume(mini))
    assert code == 0 and "continue it" not in out and "The middle of things." in out


def test_a_game_that_cannot_be_kept_is_not_replaced_by_a_new_one(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    unfinished_autosave(mini, folder)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_open = os.open

    def full_but_for_the_autosave(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and "autosave" not in os.path.basename(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_but_for_the_autosave)
    code, out = run_session(monkeypatch, mini, folder, "1\n", role="beta", interactive=False)
    assert code == 2 and "(Could not keep your unfinished game: cannot write " in out and "the disk is full" in out
    assert "none is started" in out and "Beta begins" not in out
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# ---- the truth about saving -----------------------------------------------------------------


def test_saving_that_works_again_is_said_and_quitting_says_the_game_is_saved(monkeypatch, mini, tmp_path):
    folder = SaveFolder(tmp_path)
    real_write = os.write
    keys = iter(["1\n", "u\n", "q\n"])
    read = {"lines": 0}

    def full_disk_for_the_first_choice(fd, data):
        if read["lines"] == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    def read_line():
        read["lines"] += 1
        return next(keys, None)

    out = io.StringIO()
    monkeypatch.setattr(os, "write", full_disk_for_the_first_choice)
    PlainGame(mini, out, read_line, saves=folder).run(rules.new_game(mini, "alpha"))
    monkeypatch.undo()
    lines = out.getvalue().splitlines()
    failed = [i for i, line in enumerate(lines) if "(Could not save: cannot write " in line]
    assert len(failed) == 1 and "the disk is full" in lines[failed[0]]
    assert lines.index("> (Saving works again: your game is saved.)") > failed[0]  # said after the undo
    assert lines[-1] == "> Goodbye. Your game is saved."
    assert folder.resume(mini).state.log == ()  # the undo was saved


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_command_asks_when_stdin_is_a_terminal(cli_env, mini):
    """Through the real command, stdin a terminal: the question is asked; ``k`` keeps the game."""
    folder = SaveFolder(cli_env["SPRING68_SAVES"])
    old = unfinished_autosave(mini, folder)
    leader, follower = os.openpty()
    try:
        os.write(leader, b"k\n1\n")  # the terminal holds the lines until the game reads them
        result = subprocess.run(
            [sys.executable, "-m", "game", "play", "--plain", "--pack", str(MINI), "--role", "beta"],
            stdin=follower,
            capture_output=True,
            env=cli_env,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(follower)
        os.close(leader)
    out = result.stdout.decode()
    assert result.returncode == 0 and "Traceback" not in result.stderr.decode()
    assert QUESTION in out and "You chose: Go on" in out
    assert named_slots(folder) == {"Alpha role The middle": old}


def test_a_new_game_through_a_pipe_keeps_the_unfinished_one(run_cli, cli_env):
    """Nobody can answer through a pipe: the unfinished game is kept as a named save, never lost."""
    assert play(run_cli, "1\nq\n", "--role", "alpha").returncode == 0
    result = play(run_cli, "1\n", "--role", "beta")
    assert result.returncode == 0 and "continue it" not in result.stdout
    assert 'Your unfinished game is kept as the save "Alpha role The middle"' in result.stdout
    kept = read_document(Path(cli_env["SPRING68_SAVES"]) / "Alpha role The middle.json")
    assert kept["state"]["log"] == ["a_start.brave"]
    again = play(run_cli, "q\n", "--load", "Alpha role The middle")
    assert again.returncode == 0 and "The middle of things." in again.stdout


def test_a_class_game_continued_in_plain_mode_keeps_its_votes(run_cli, cli_env):
    """Plain mode saves through the same Playthrough as the app, so a class's votes survive a plain session.

    The save is an autosave written by main before the Playthrough (tests/engine/data/save-v1-main.json).
    """
    import shutil

    folder = SaveFolder(cli_env["SPRING68_SAVES"])
    folder.folder.mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "engine" / "data" / "save-v1-main.json", folder.path_for(AUTOSAVE))
    voted = read_document(folder.path_for(AUTOSAVE))["classroom"]
    result = play(run_cli, "2\n", "--continue")  # a_middle's second choice: Refuse
    assert result.returncode == 0, result.stderr
    document = read_document(folder.path_for(AUTOSAVE))
    assert document["state"]["log"] == ["a_start.brave", "a_middle.a_end_bad"]
    assert document["classroom"] == voted  # the vote on the first choice is still there


def test_s_saves_to_a_named_slot_that_load_continues(run_cli):
    out = play(run_cli, "1\ns Before the vote\ns\nq\n", "--role", "alpha").stdout
    assert 'Saved as "Before the vote". Continue it later with: spring68 play --load "Before the vote"' in out
    assert "Type s and a name for the save" in out
    again = play(run_cli, "q\n", "--load", "Before the vote")
    assert again.returncode == 0
    assert "The middle of things." in again.stdout


def test_a_save_name_that_cannot_be_used_is_refused_and_play_goes_on(run_cli):
    out = play(run_cli, "s ../..\n1\n", "--role", "alpha").stdout
    assert "(Could not save: a save name needs at least one letter or digit.)" in out
    assert "You chose: Be brave" in out


# ---- what the screen says: moves of the bars, endings ahead, the end of input, wrapping ----------


def plain_session(mini, keys: str, width: int = 78, saves: SaveFolder | None = None) -> str:
    out = io.StringIO()
    lines = iter(keys.splitlines(keepends=True))
    game = PlainGame(mini, out, lambda: next(lines, None), width, saves)
    game.run(rules.new_game(mini, "alpha"))
    return out.getvalue()


def test_the_bars_say_how_much_the_last_choice_moved_them(mini):
    out = plain_session(mini, "1\nq\n")
    before, after = out.split("You chose: Be brave")
    assert "Courage: 2/5 · Fear: 4/5" in before  # nothing moved yet: no marks
    assert "Courage: 4/5 (+2) · Fear: 3/5 (-1)" in after


def test_an_option_that_ends_the_story_says_so_before_it_is_chosen(mini):
    out = plain_session(mini, "2\nq\n")  # Stay quiet: the dream of another way opens
    scene = out.split("You chose: Stay quiet")[1]
    assert ". Dream of another way\n     (! This ends your story here: what if… Another World)" in scene
    assert "Refuse\n     (!" not in scene  # an option that leads on carries no mark


def test_the_end_of_input_ends_the_line_and_says_whether_the_game_is_saved(mini, tmp_path):
    out = plain_session(mini, "1\n", saves=SaveFolder(tmp_path))
    assert out.endswith("> \nEnd of input: goodbye. Your game is saved.\n")
    nothing = plain_session(mini, "", saves=SaveFolder(tmp_path / "other"))
    assert nothing.endswith("> \nEnd of input: goodbye. You made no choice yet, so there is nothing to save.\n")


def test_the_role_menu_wraps_to_the_terminal_width(mini, monkeypatch):
    long = {
        role_id: role._replace(summary="A summary long enough to wrap " * 4) for role_id, role in mini.roles.items()
    }
    out = io.StringIO()
    game = PlainGame(mini, out, lambda: None, 40)
    monkeypatch.setattr(game, "story", type("Roles", (), {"roles": long})())
    game.pick_role()
    menu = [line for line in out.getvalue().splitlines() if line.strip()]
    assert all(len(line) <= 40 for line in menu)
    assert menu[1].startswith("  1. Alpha role — A summary") and menu[2].startswith("     ")

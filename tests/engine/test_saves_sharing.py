"""Front ends sharing a save folder never replace each other's games silently; a stuck autosave yields to its backup.

Two writers (two windows, two terminals, the TUI and plain mode) alternate on
one folder: an autosave write that finds an unfinished game it has not seen
keeps that game as a named save first, and says so once per game. A valid
autosave the story cannot continue falls back to its good backup.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from game.engine import keeping, rules
from game.engine.saves import AUTOSAVE, SaveError, SaveFolder, read_document
from game.engine.state import GameState
from game.story.loader import load_story
from tests.conftest import MINI
from tests.engine.plain_process import PlainProcess, loop_pack


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    return load_story([loop_pack(tmp_path_factory.mktemp("loop"))])


@pytest.fixture(scope="module")
def mini():
    return load_story([MINI])


def step(story, state: GameState) -> GameState:
    """One more choice in the loop pack (never the ending)."""
    return rules.choose(story, state, "go" if state.scene == "s1" else "back")


def games_held(folder: Path) -> dict[str, list[GameState]]:
    """Every game position in the folder's autosave and named slots (not the backup), by game id."""
    held: dict[str, list[GameState]] = {}
    for path in folder.glob("*.json"):
        if path.name.endswith(".bak.json"):
            continue
        state = GameState.from_dict(read_document(path)["state"])
        held.setdefault(state.game, []).append(state)
    return held


def test_two_writers_alternating_lose_nothing_and_each_is_told_once(loop, tmp_path):
    writers = [SaveFolder(tmp_path), SaveFolder(tmp_path)]
    # Never in the same position: the second game starts with less nerve.
    games = [step(loop, rules.new_game(loop, "hero")), step(loop, rules.new_game(loop, "hero", overrides={"nerve": 0}))]
    assert games[0].game != games[1].game
    written: dict[int, GameState] = {}
    for _round in range(15):
        for index, folder in enumerate(writers):
            games[index] = written[index] = step(loop, games[index])
            folder.write(loop, games[index])
            held = games_held(tmp_path)
            for game in written.values():  # the latest position of every game is somewhere in the folder
                assert game in held.get(game.game, []), (_round, index)
    # The second writer kept the first game first (at s1), then the first writer the second game.
    for folder, other, slot in ((writers[1], games[0], "The hero First"), (writers[0], games[1], "The hero First 2")):
        assert folder.kept_for == {other.game: slot}
        assert len(folder.notices) == 1, folder.notices  # told once, though the other game was found 15 times
        assert f"It is kept as the save '{slot}', so nothing is lost." in folder.notices[0]
    named = sorted(p.name for p in tmp_path.glob("*.json") if p.name not in ("autosave.json", "autosave.bak.json"))
    assert len(named) == 2, named  # one kept slot per game, updated in place


def test_the_notice_names_the_other_game_and_where_it_is_kept(loop, tmp_path):
    mine, theirs = SaveFolder(tmp_path), SaveFolder(tmp_path)
    other = step(loop, rules.new_game(loop, "hero"))
    theirs.write(loop, other)
    mine.write(loop, step(loop, step(loop, rules.new_game(loop, "hero"))))
    assert theirs.notices == []
    assert mine.notices == [
        "The autosave held an unfinished game that is not the one you are playing (The hero, at Second, after 1 "
        "choice), perhaps from another window or terminal using this save folder. It is kept as the save "
        "'The hero Second', so nothing is lost."
    ]
    assert GameState.from_dict(read_document(mine.path_for("The hero Second"))["state"]) == other


def _in_play(story):
    return step(story, step(story, rules.new_game(story, "hero")))


NOTHING_TO_LOSE = {
    # what the first writer left: (its game, what the second writer writes over it)
    "the same game played further": lambda s, g: (g, step(s, g)),
    "a game that is over": lambda s, g: (rules.choose(s, g, "stop"), step(s, rules.new_game(s, "hero"))),
    "a game not begun": lambda s, g: (rules.new_game(s, "hero"), g),
    "another game in the same position": lambda s, g: (g, _in_play(s)),
}


@pytest.mark.parametrize("case", list(NOTHING_TO_LOSE))
def test_nothing_is_kept_when_nothing_would_be_lost(loop, tmp_path, case):
    old, new = NOTHING_TO_LOSE[case](loop, _in_play(loop))
    first, second = SaveFolder(tmp_path), SaveFolder(tmp_path)
    first.write(loop, old)
    second.write(loop, new)
    assert second.notices == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.bak.json", "autosave.json"]


def test_a_game_already_in_a_named_slot_is_not_kept_again(loop, tmp_path):
    first, second = SaveFolder(tmp_path), SaveFolder(tmp_path)
    game = _in_play(loop)
    first.write(loop, game)
    first.write(loop, game, "Before lunch")
    second.write(loop, step(loop, rules.new_game(loop, "hero")))
    assert second.notices == [] and len(list(tmp_path.glob("*.json"))) == 3


def test_a_fork_of_the_same_game_is_kept(loop, tmp_path):
    first, second = SaveFolder(tmp_path), SaveFolder(tmp_path)
    game = step(loop, step(loop, rules.new_game(loop, "hero")))  # at s1 after two choices
    first.write(loop, rules.choose(loop, game, "go"))
    second.write(loop, rules.undo(loop, game))  # the other terminal took a choice back
    assert len(second.notices) == 1
    assert rules.choose(loop, game, "go") in games_held(tmp_path)[game.game]


def test_the_autosave_read_before_starting_anew_is_replaced_without_keeping(loop, tmp_path):
    """The player was asked about it (or it was kept): the front end's folder has seen it."""
    SaveFolder(tmp_path).write(loop, step(loop, rules.new_game(loop, "hero")))
    folder = SaveFolder(tmp_path)
    assert keeping.unkept_autosave(loop, folder) is not None  # read: the question is asked about it
    folder.write(loop, step(loop, rules.new_game(loop, "hero")))  # the player answered "let it go"
    assert folder.notices == [] and sorted(p.name for p in tmp_path.iterdir()) == ["autosave.bak.json", "autosave.json"]


def test_a_game_that_cannot_be_kept_is_not_replaced(loop, tmp_path, monkeypatch):
    theirs = step(loop, rules.new_game(loop, "hero"))
    SaveFolder(tmp_path).write(loop, theirs)
    before = (tmp_path / "autosave.json").read_bytes()
    real_open = os.open

    def only_the_autosave_fits(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and "autosave" not in os.path.basename(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", only_the_autosave_fits)
    folder = SaveFolder(tmp_path)
    with pytest.raises(SaveError) as caught:
        folder.write(loop, _in_play(loop))
    monkeypatch.undo()
    message = str(caught.value)
    assert "the autosave holds another unfinished game (The hero, at Second, after 1 choice)" in message
    assert "it could not be kept first, so it is left as it is" in message and "the disk is full" in message
    assert (tmp_path / "autosave.json").read_bytes() == before


def test_two_terminals_alternating_lose_nothing_and_each_is_told_once(tmp_path, cli_env):
    """Two plain-mode processes on one folder, moving in turn: each keeps the other's game, and says so once."""
    pack = loop_pack(tmp_path / "loop")
    first = PlainProcess(pack, cli_env, "--role", "hero")
    assert first.wait_for_prompt(1)
    first.send("1")  # a game begun: the autosave holds an unfinished game now
    assert first.wait_for_prompt(2)
    second = PlainProcess(pack, cli_env, "--role", "hero", "--set", "nerve=0")  # never the same position
    assert second.wait_for_prompt(1)
    assert b'Your unfinished game is kept as the save "The hero Second"' in second.seen  # told at once
    for _ in range(6):
        for player in (second, first):
            player.send("1")
            assert player.wait_for_prompt(player.seen.count(b"\n> ") + 1)
    for player in (first, second):
        player.send("q")
        assert not player.wait_for_prompt(player.seen.count(b"\n> ") + 1)  # it ended
        assert player.process.wait(timeout=30) == 0
    told = [player.seen.decode().count("so nothing is lost.)") for player in (first, second)]
    assert told == [1, 0]  # the first was told when it found the second game; the second when it started
    for player in (first, second):
        assert player.seen.decode().rstrip().endswith("> Goodbye. Your game is saved.")
    folder = Path(cli_env["SPRING68_SAVES"])
    held = games_held(folder)
    named = sorted(p.name for p in folder.glob("*.json") if not p.name.startswith("autosave."))
    assert named == ["The hero Second 2.json", "The hero Second.json"]  # one kept slot each, updated in place
    # Both games are held at their last position: 7 choices for the first, 6 for the second.
    assert sorted(max(len(state.log) for state in states) for states in held.values()) == [6, 7]


# ---- the backup when the autosave cannot be continued ----------------------------------------


def stuck_autosave(story, folder: SaveFolder) -> GameState:
    """A good game as the backup, then a valid autosave the story cannot continue (its role is gone)."""
    good = rules.choose(story, rules.new_game(story, "alpha"), "brave")
    folder.write(story, good)
    stuck = GameState("pilot", good.scene, good.variables, good.path, good.log, dict(good.origin, game="stuckgame"))
    folder.write(story, stuck)
    return good


def test_an_autosave_the_story_cannot_continue_gives_way_to_its_backup(mini, tmp_path):
    good = stuck_autosave(mini, SaveFolder(tmp_path))
    stuck_bytes = (tmp_path / "autosave.json").read_bytes()
    folder = SaveFolder(tmp_path)
    resumed = folder.resume(mini)
    assert resumed.state == good and resumed.state.game == good.game
    assert resumed.note == (
        f"{tmp_path / 'autosave.json'}: this save is for the role 'pilot', which the loaded story does not have. "
        f"The game continues from the backup, {tmp_path / 'autosave.bak.json'}."
    )
    assert (tmp_path / "autosave.json").read_bytes() == stuck_bytes  # reading changes nothing
    # Playing on keeps the game that could not be continued, instead of overwriting it.
    folder.write(mini, rules.choose(mini, resumed.state, "a_end_bad"))
    assert len(folder.notices) == 1 and "pilot, at The middle, after 1 choice" in folder.notices[0]
    kept = [p for p in tmp_path.glob("*.json") if p.name not in ("autosave.json", "autosave.bak.json")]
    assert len(kept) == 1 and kept[0].read_bytes() != stuck_bytes
    assert read_document(kept[0])["state"] == read_document(tmp_path / "autosave.bak.json")["state"]


def test_without_a_usable_backup_the_autosave_error_is_given(mini, tmp_path):
    folder = SaveFolder(tmp_path)
    stuck_autosave(mini, folder)
    folder.backup_path.write_text("{cut sh", encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        SaveFolder(tmp_path).resume(mini)
    assert str(caught.value) == (
        f"{tmp_path / 'autosave.json'}: this save is for the role 'pilot', which the loaded story does not have"
    )
    folder.backup_path.unlink()
    with pytest.raises(SaveError, match="role 'pilot'"):
        SaveFolder(tmp_path).resume(mini)


def test_a_damaged_autosave_and_a_damaged_backup_are_both_named(mini, tmp_path):
    folder = SaveFolder(tmp_path)
    stuck_autosave(mini, folder)
    folder.path_for(AUTOSAVE).write_text("", encoding="utf-8")
    folder.backup_path.write_text("{cut sh", encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        folder.resume(mini)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'autosave.json'}: the save is empty")
    assert f"the backup cannot be used either ({tmp_path / 'autosave.bak.json'}: " in message


def test_a_named_save_never_falls_back_to_the_autosave_backup(mini, tmp_path):
    folder = SaveFolder(tmp_path)
    good = stuck_autosave(mini, folder)
    stuck = GameState("pilot", good.scene, good.variables, good.path, good.log, good.origin)
    folder.write(mini, stuck, "Pilot game")
    with pytest.raises(SaveError, match=r"Pilot game\.json: this save is for the role 'pilot'"):
        folder.resume(mini, "Pilot game")

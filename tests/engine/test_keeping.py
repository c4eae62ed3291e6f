"""The unsaved-progress rule, in the engine: which game leaving would lose, and keeping it as a named save.

Every front end asks these functions (plain mode here, the TUI and the browser
through the same module), so the rule is tested once, without any user interface.
"""

from __future__ import annotations

import json

import pytest

from game.engine import keeping, rules
from game.engine.saves import AUTOSAVE, SaveError, SaveFolder, read_document
from game.engine.state import GameState, StateError
from game.story.loader import load_story
from tests.conftest import MINI


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


def playing(story, *choices: str, game: str | None = None) -> GameState:
    state = rules.new_game(story, "alpha", game=game)
    for choice in choices:
        state = rules.choose(story, state, choice)
    return state


# ---- game ids ----------------------------------------------------------------------------


def test_every_new_game_gets_its_own_random_id_and_keeps_it_through_undo_and_replay(story):
    ids = {rules.new_game(story, "alpha").game for _ in range(50)}
    assert len(ids) == 50 and all(len(game) == 16 for game in ids)
    state = playing(story, "brave", "a_end_bad")
    assert rules.undo(story, state).game == state.game
    assert rules.refit(story, state).state.game == state.game
    again = rules.replay(story, "alpha", state.log, game=state.game).state
    assert again == state and again.game == state.game
    assert playing(story, game="fixed").game == "fixed"


def test_the_game_id_is_saved_restored_and_not_part_of_equality(story, tmp_path):
    folder = SaveFolder(tmp_path)
    state = playing(story, "brave")
    folder.write(story, state)
    assert read_document(folder.path_for(AUTOSAVE))["state"]["origin"]["game"] == state.game
    resumed = folder.resume(story)
    assert resumed.state == state and resumed.state.game == state.game
    assert playing(story, "brave") == state  # another game in the same position is equal


def test_a_save_made_before_game_ids_still_loads(story, tmp_path):
    data = playing(story, "brave").to_dict()
    del data["origin"]["game"]
    old = GameState.from_dict(data)
    assert old.game == "" and old.log == ("a_start.brave",)
    restored = rules.refit(story, old).state
    assert restored == old and restored.game  # continuing an id-less game gives it an id


@pytest.mark.parametrize("bad", [7, "a/b", "x" * 65, "\x1b[31m", "déjà"])
def test_a_bad_game_id_is_refused(story, bad):
    data = playing(story).to_dict()
    data["origin"]["game"] = bad
    with pytest.raises(StateError, match="game id"):
        GameState.from_dict(data)


# ---- would this game be lost? --------------------------------------------------------


def test_a_game_is_unfinished_once_begun_until_it_ends(story):
    assert not keeping.is_unfinished(story, playing(story))  # nothing to lose yet
    assert keeping.is_unfinished(story, playing(story, "brave"))
    assert not keeping.is_unfinished(story, playing(story, "brave", "a_end_bad"))  # over
    moved = playing(story, "brave")
    elsewhere = GameState(moved.role, "a_scene_from_another_pack", moved.variables, moved.path, moved.log, moved.origin)
    assert keeping.is_unfinished(story, elsewhere)  # nothing says it is over


def test_a_game_in_a_named_slot_would_not_be_lost(story, tmp_path):
    folder = SaveFolder(tmp_path)
    state = playing(story, "brave")
    folder.write(story, state)
    assert keeping.would_be_lost(story, folder, state)
    assert not keeping.would_be_lost(story, folder, state, kept=state)
    folder.write(story, playing(story, "brave", game="another"), "Somewhere")  # the same position, another game
    assert keeping.slot_holding(folder, state) == "Somewhere"
    assert not keeping.would_be_lost(story, folder, state)
    assert keeping.would_be_lost(story, folder, playing(story, "quiet"))


def test_unkept_autosave_finds_only_a_game_that_would_be_lost(story, tmp_path):
    folder = SaveFolder(tmp_path)
    assert keeping.unkept_autosave(story, folder) is None  # no autosave at all
    folder.write(story, playing(story))
    assert keeping.unkept_autosave(story, folder) is None  # not begun
    folder.write(story, playing(story, "brave"))
    document = keeping.unkept_autosave(story, folder)
    assert document is not None and document["state"]["log"] == ["a_start.brave"]
    keeping.keep_document(folder, story, document)
    assert keeping.unkept_autosave(story, folder) is None  # kept now
    folder.write(story, playing(story, "brave", "a_end_good"))
    assert keeping.unkept_autosave(story, folder) is None  # over
    folder.path_for(AUTOSAVE).write_text("{damaged", encoding="utf-8")
    folder.backup_path.unlink()
    assert keeping.unkept_autosave(story, folder) is None  # unreadable: the next write keeps it aside


# ---- keeping -------------------------------------------------------------------------------


def test_kept_games_are_named_after_role_and_scene_and_never_replace_a_file(story, tmp_path):
    folder = SaveFolder(tmp_path)
    state = playing(story, "brave")
    assert keeping.keep_game(folder, story, state) == "Alpha role The middle"
    assert keeping.keep_game(folder, story, state) == "Alpha role The middle 2"
    (tmp_path / "Alpha role The middle 3.json").write_text("not a save", encoding="utf-8")
    assert keeping.keep_game(folder, story, state) == "Alpha role The middle 4"
    assert (tmp_path / "Alpha role The middle 3.json").read_text(encoding="utf-8") == "not a save"
    for slot in ("Alpha role The middle", "Alpha role The middle 2", "Alpha role The middle 4"):
        assert folder.resume(story, slot).state == state


def test_keeping_a_document_keeps_its_votes_times_and_game_id(story, tmp_path):
    folder = SaveFolder(tmp_path)
    state = playing(story, "brave")
    votes = {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {"a_start.brave": 12}}]}
    folder.write(story, state, extra={"classroom": votes})
    document = folder.load()
    slot = keeping.keep_document(folder, story, document)
    kept = read_document(folder.path_for(slot))
    assert kept["slot"] == slot and kept["classroom"] == votes and kept["state"] == document["state"]
    assert (kept["created"], kept["saved"]) == (document["created"], document["saved"])
    assert folder.kept_for == {state.game: slot}


def test_keeping_fails_with_a_plain_reason(story, tmp_path):
    from tests.engine.test_saves import unwritable_folder

    where, fragment = unwritable_folder(tmp_path)
    with pytest.raises(SaveError, match=fragment):
        keeping.keep_game(SaveFolder(where), story, playing(story, "brave"))


def test_describe_says_role_scene_and_choices(story, tmp_path):
    folder = SaveFolder(tmp_path)
    folder.write(story, playing(story, "brave"))
    assert keeping.describe(story, folder.load()) == "Alpha role, at The middle, after 1 choice"
    document = json.loads(json.dumps(folder.load()))
    document["state"]["role"], document["state"]["scene"] = "pilot", "gone"
    document["state"]["log"] = ["a", "b"]
    assert keeping.describe(story, document) == "pilot, at The middle, after 2 choices"  # the saved title

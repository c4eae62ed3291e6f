"""The Playthrough: one game in progress with its undo, votes, saves and autosave policy, without Textual.

Every front end (the app, plain mode, browser tabs, live reload) drives this
object, so these tests pin the rules once: what undo takes back, which votes a
save carries, what is still owed to the autosave, when leaving a game would
lose it, and when a changed story still fits.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.engine import rules
from game.engine.classroom import ClassVotes, Vote
from game.engine.playthrough import NothingToUndo, Playthrough
from game.engine.saves import AUTOSAVE, SaveError, SaveFolder, read_document
from game.story.loader import load_story
from tests.conftest import MINI

OLD_SAVE = Path(__file__).parent / "data" / "save-v1-main.json"
"""An autosave written by main before the Playthrough existed: a class game after one voted choice."""

BRAVE, QUIET = "a_start.brave", "a_start.quiet"
SIGN, REFUSE = "a_middle.a_end_good", "a_middle.a_end_bad"


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


@pytest.fixture
def folder(tmp_path):
    return SaveFolder(tmp_path / "saves")


def written(game: Playthrough) -> None:
    """Write the owed autosave the way a front end does: take the job, write it, record how it went."""
    job = game.autosave_job()
    assert job is not None
    assert game.write(job) is None


def test_a_new_game_owes_one_autosave_and_nothing_once_it_has_landed(story, folder):
    game = Playthrough(story, folder)
    game.new("alpha")
    assert game.owed_on_exit()
    job = game.autosave_job()
    assert job is not None and job.state == game.state
    assert game.autosave_job() is None  # handed over once ...
    assert game.owed_on_exit()  # ... but owed until it lands
    assert game.write(job) is None
    assert not game.owed_on_exit()
    assert read_document(folder.path_for(AUTOSAVE))["state"] == game.state.to_dict()


def test_choose_records_the_vote_and_undo_takes_back_the_choice_and_its_vote(story, folder):
    game = Playthrough(story, folder, classroom=True)
    game.new("alpha")
    move = game.choose("brave", {BRAVE: 17, QUIET: 9})
    assert move.choice.id == BRAVE and move.scene.id == "a_start" and move.counts == {BRAVE: 17, QUIET: 9}
    assert game.state.log == (BRAVE,) and game.previous is not None and game.last_choice is move.choice
    assert game.votes.votes == (Vote(0, BRAVE, {BRAVE: 17, QUIET: 9}),)
    block = game.extra()["classroom"]
    assert block["votes"] == [{"step": 0, "choice": BRAVE, "counts": {BRAVE: 17, QUIET: 9}}]
    game.undo()
    assert game.state.log == () and game.previous is None and game.last_choice is None and game.last_votes is None
    assert game.votes.votes == () and game.extra()["classroom"]["votes"] == []  # still a class game, of today
    with pytest.raises(NothingToUndo, match="nothing to undo"):
        game.undo()


def test_a_vote_with_no_hands_up_is_no_vote_and_a_choice_made_again_without_one_drops_the_old(story, folder):
    game = Playthrough(story, folder, classroom=True)
    game.new("alpha")
    move = game.choose(BRAVE, {BRAVE: 0, QUIET: 0})
    assert game.last_votes is None and move.decided == "teacher"  # no hands up: the teacher decided
    assert game.votes.votes == (Vote(0, BRAVE, {}, "teacher"),)
    game.undo()
    game.choose(BRAVE, {BRAVE: 3})
    game.choose(SIGN, {SIGN: 5})
    game.undo()
    assert [v.step for v in game.votes.votes] == [0]
    game.choose(REFUSE)
    assert game.votes.votes[1:] == (Vote(1, REFUSE, {}, "teacher"),)  # step 1's old vote is gone


def test_a_refused_choice_changes_nothing(story, folder):
    game = Playthrough(story, folder)
    game.new("alpha")
    written(game)
    with pytest.raises(rules.RuleError):
        game.choose("no_such_choice")
    assert game.state.log == () and not game.owed_on_exit()


def test_a_named_save_is_kept_and_a_game_played_on_from_it_is_not(story, folder):
    game = Playthrough(story, folder)
    game.new("alpha")
    game.choose(BRAVE)
    unkept = game.unkept()
    assert unkept is not None and unkept.state == game.state and unkept.document is None
    assert game.save("Lesson one") == "Lesson one"
    assert game.kept == game.state and game.unkept() is None
    game.choose(SIGN)  # an ending loses nothing either
    assert game.unkept() is None
    game.undo()
    assert game.unkept() is None  # back at the position the slot holds
    with pytest.raises(SaveError, match="no game"):
        Playthrough(story, folder).save("x")


def test_keeping_the_autosaved_game_keeps_its_whole_document_votes_and_all(story, folder):
    first = Playthrough(story, folder, classroom=True)
    first.new("alpha")
    first.choose(BRAVE, {BRAVE: 17, QUIET: 9})
    written(first)
    second = Playthrough(story, folder, classroom=True)  # a later run: no game in play yet
    unkept = second.unkept()
    assert unkept is not None and unkept.document is not None and unkept.state == first.state
    slot = second.keep(unkept)
    kept = read_document(folder.path_for(slot))
    assert kept["classroom"] == read_document(folder.path_for(AUTOSAVE))["classroom"]
    assert kept["state"] == first.state.to_dict()
    assert second.unkept() is None


def test_loading_a_named_save_brings_its_votes_and_counts_as_kept(story, folder):
    game = Playthrough(story, folder, classroom=True)
    game.new("alpha")
    game.choose(BRAVE, {BRAVE: 2, QUIET: 1})
    game.save("Class 9B")
    other = Playthrough(story, folder, classroom=True)
    other.new("alpha")
    resumed = other.read("Class 9B")
    assert other.state.log == ()  # reading does not switch the game yet
    other.load(resumed, "Class 9B")
    assert other.state == game.state and other.kept == game.state
    assert other.votes.at(0) == Vote(0, BRAVE, {BRAVE: 2, QUIET: 1})
    assert other.owed_on_exit()  # the loaded game becomes the autosave


def test_a_failed_autosave_is_owed_again_and_news_says_failed_then_works_again(story, folder, monkeypatch):
    game = Playthrough(story, folder)
    game.new("alpha")
    real_write = SaveFolder.write

    def failing(self, *args, **kwargs):
        raise SaveError("the disk is full")

    monkeypatch.setattr(SaveFolder, "write", failing)
    job = game.autosave_job()
    assert job is not None
    assert game.write(job) == "failed"
    assert game.save_problem == "the disk is full" and game.owed_on_exit()
    game.choose(BRAVE)
    assert game.write_owed() == "failed again"
    monkeypatch.setattr(SaveFolder, "write", real_write)
    assert game.write_owed() == "works again"
    assert game.save_problem is None and not game.owed_on_exit()
    assert read_document(folder.path_for(AUTOSAVE))["state"]["log"] == [BRAVE]


def test_a_write_cut_short_is_still_owed_on_the_way_out(story, folder):
    game = Playthrough(story, folder)
    game.new("alpha")
    game.choose(BRAVE)
    assert game.autosave_job() is not None  # handed to a writer that never ran (the exit cancelled it)
    assert game.owed_on_exit()
    game.write_owed()
    assert read_document(folder.path_for(AUTOSAVE))["state"]["log"] == [BRAVE]
    assert not game.owed_on_exit() and game.write_owed() is None


def test_without_a_save_folder_nothing_is_owed_or_asked(story):
    game = Playthrough(story, None)
    game.new("alpha")
    game.choose(BRAVE)
    assert game.autosave_job() is None and not game.owed_on_exit() and game.unkept() is None


def test_refit_goes_on_in_a_story_that_still_fits_and_says_why_one_does_not(story, folder, pack):
    game = Playthrough(story, folder)
    game.new("alpha")
    game.choose(BRAVE)
    changed = load_story([MINI])
    assert game.refit(changed) is None
    assert game.story is changed and game.state.log == (BRAVE,) and game.previous is None
    other = load_story([pack()])  # the tiny pack: no role 'alpha'
    reason = game.refit(other)
    assert reason is not None and "alpha" in reason
    assert game.story is changed and game.state.log == (BRAVE,)


def test_the_journey_lists_each_scene_with_the_choice_made_there(story, folder):
    game = Playthrough(story, folder)
    assert game.journey() == []
    game.new("alpha")
    game.choose(BRAVE)
    game.choose(SIGN)
    steps = game.journey()
    assert [(s.scene.id, s.choice.id if s.choice else None) for s in steps] == [
        ("a_start", BRAVE),
        ("a_middle", SIGN),
        ("a_end_good", None),
    ]
    assert game.over


def test_an_autosave_written_by_main_before_the_playthrough_continues_with_its_votes(story, tmp_path):
    document = json.loads(OLD_SAVE.read_text(encoding="utf-8"))
    assert document["version"] == 1 and "classroom" in document  # the fixture is what main wrote
    folder = SaveFolder(tmp_path)
    shutil.copy(OLD_SAVE, folder.path_for(AUTOSAVE))
    game = Playthrough(story, folder, classroom=True)
    resumed = game.continue_last()
    assert resumed.note == ""
    assert game.state.scene == "a_middle" and game.state.log == (BRAVE,)
    assert game.state.game == document["state"]["origin"]["game"]
    assert game.votes == ClassVotes((Vote(0, BRAVE, {BRAVE: 17, QUIET: 9}),))
    assert not game.owed_on_exit()  # continued exactly: nothing to write back
    game.choose(SIGN, {SIGN: 14, REFUSE: 3})
    written(game)
    votes = read_document(folder.path_for(AUTOSAVE))["classroom"]["votes"]
    assert [(v["step"], v["choice"]) for v in votes] == [(0, BRAVE), (1, SIGN)]

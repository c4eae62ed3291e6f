"""Class votes: majority wins, ties go to the teacher, and the record survives undo."""

import pytest

from game.engine.classroom import VoteError, record_vote, tally

OFFERED = ["s.a", "s.b", "s.c"]


def test_the_majority_wins():
    result = tally({"s.a": 4, "s.b": 17, "s.c": 5}, OFFERED)
    assert result.winner == "s.b" and result.tied == () and result.total == 26


def test_a_tie_is_for_the_teacher():
    result = tally({"s.a": 9, "s.b": 3, "s.c": 9}, OFFERED)
    assert result.winner is None and result.tied == ("s.a", "s.c")


def test_no_votes_means_the_teacher_picks():
    assert tally({}, OFFERED).winner is None


@pytest.mark.parametrize("counts", [{"s.a": -1}, {"s.x": 2}, {"s.a": 1.5}, {"s.a": True}])
def test_bad_counts_are_refused(counts):
    with pytest.raises(VoteError):
        tally(counts, OFFERED)


def test_a_new_vote_on_a_step_replaces_later_ones():
    block = record_vote(None, 0, "s.a", {"s.a": 3})
    block = record_vote(block, 1, "t.b", {"t.b": 5})
    block = record_vote(block, 1, "t.c", {"t.c": 6})  # after an undo, the class voted again
    assert [(v["step"], v["choice"]) for v in block["votes"]] == [(0, "s.a"), (1, "t.c")]
    block = record_vote(block, 0, "s.b", {"s.b": 2})
    assert [(v["step"], v["choice"]) for v in block["votes"]] == [(0, "s.b")]

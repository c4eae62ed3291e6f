"""Class votes: majority wins, ties go to the teacher, and the record survives undo."""

import pytest

from game.engine.classroom import ClassVotes, VoteError, tally

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


def test_class_votes_record_replaces_votes_at_or_after_the_step():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3}).record(1, "t.b", {"t.b": 5})
    votes = votes.record(1, "t.c", {"t.c": 6})  # after an undo, the class voted again
    assert [(v.step, v.choice) for v in votes.votes] == [(0, "s.a"), (1, "t.c")]
    assert [(v.step, v.choice) for v in votes.record(0, "s.b", {"s.b": 2}).votes] == [(0, "s.b")]


def test_class_votes_round_trip_through_the_save_block():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3, "s.b": 1}).record(2, "u.a", {"u.a": 0})
    block = votes.to_block()
    assert block == {
        "votes": [
            {"step": 0, "choice": "s.a", "counts": {"s.a": 3, "s.b": 1}},
            {"step": 2, "choice": "u.a", "counts": {"u.a": 0}},
        ]
    }
    assert ClassVotes.from_block(block) == votes
    assert ClassVotes().to_block() is None


def test_class_votes_up_to_and_at():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3}).record(1, "t.b", {"t.b": 5}).record(2, "u.a", {"u.a": 1})
    assert [v.step for v in votes.up_to(2).votes] == [0, 1]
    assert votes.up_to(0) == ClassVotes()
    hit = votes.at(1)
    assert hit is not None and hit.choice == "t.b" and dict(hit.counts) == {"t.b": 5}
    assert votes.at(7) is None


@pytest.mark.parametrize(
    "block",
    [None, [], {"votes": "x"}, {"votes": [1, None, {"step": "0"}, {"step": True, "choice": "a", "counts": {}}]}],
)
def test_class_votes_reader_skips_junk(block):
    assert ClassVotes.from_block(block) == ClassVotes()


def test_class_votes_reader_keeps_good_votes_beside_junk():
    block = {"votes": [{"step": 1, "choice": "t.b", "counts": {"t.b": 2, "t.c": "many"}}, "junk"]}
    vote = ClassVotes.from_block(block).at(1)
    assert vote is not None and dict(vote.counts) == {"t.b": 2}

"""The rule of votes from students' devices (game/engine/device_votes.py), without a server.

One vote per device per decision, changeable until the vote closes; a late vote, a stale one, a
choice not on offer or a device beyond the class's bound is refused; the counts a closed ballot
gives are what the class's tally counts; ending the class forgets every token.
"""

from __future__ import annotations

import pytest

from game.engine.classroom import ClassVotes, tally
from game.engine.device_votes import (
    MAX_CHOICES,
    MAX_LABEL,
    DecisionError,
    DeviceClass,
    decision,
    valid_token,
)

A, B, C = "a_start.brave", "a_start.quiet", "a_start.wait"
TOKENS = [f"device-{n:02d}-abcdefghijkl" for n in range(10)]


def dresden(ident: str = "0:a_start:1") -> object:
    return decision(ident, "The start", [{"id": A, "label": "Be brave"}, {"id": B, "label": "Stay quiet"}])


def joined(count: int = 5, max_devices: int = 300) -> DeviceClass:
    room = DeviceClass(max_devices)
    for token in TOKENS[:count]:
        assert room.join(token)
    return room


def test_one_vote_per_device_changeable_until_the_vote_closes_then_refused():
    room = joined()
    room.open_vote(dresden())
    assert room.vote(TOKENS[0], "0:a_start:1", A) == "counted"
    assert room.vote(TOKENS[1], "0:a_start:1", A) == "counted"
    assert room.vote(TOKENS[2], "0:a_start:1", B) == "counted"
    assert room.vote(TOKENS[0], "0:a_start:1", A) == "same"  # twice the same: still one vote
    assert room.vote(TOKENS[1], "0:a_start:1", B) == "changed"
    assert room.ballot is not None and room.ballot.counts() == {A: 1, B: 2}
    assert room.close_vote("0:a_start:1") == {A: 1, B: 2}
    assert room.vote(TOKENS[3], "0:a_start:1", A) == "closed"  # a late vote
    assert room.vote(TOKENS[0], "0:a_start:1", B) == "closed"  # nor a late change
    assert room.ballot.counts() == {A: 1, B: 2}
    assert tally(room.ballot.counts(), [A, B]).winner == B


def test_a_vote_for_another_decision_a_choice_not_on_offer_or_from_a_stranger_is_refused():
    room = joined()
    assert room.vote(TOKENS[0], "0:a_start:1", A) == "no vote open"
    room.open_vote(dresden())
    assert room.vote(TOKENS[0], "0:a_start:0", A) == "stale"
    assert room.vote(TOKENS[0], "0:a_start:1", C) == "unknown choice"
    assert room.vote("never-joined-token-xyz", "0:a_start:1", A) == "class full"
    assert room.ballot is not None and room.ballot.total == 0


def test_the_class_holds_at_most_its_bound_of_devices_but_one_that_joined_comes_back():
    room = joined(3, max_devices=3)
    assert not room.join(TOKENS[3])
    assert room.join(TOKENS[0])  # a reconnect is no new device
    assert not room.join("short") and not room.join("x" * 65) and not room.join("bad token with spaces")


def test_reopening_the_same_decision_keeps_its_votes_and_a_new_one_starts_afresh():
    room = joined()
    room.open_vote(dresden())
    room.vote(TOKENS[0], "0:a_start:1", A)
    room.vote(TOKENS[1], "0:a_start:1", B)
    room.close_vote("0:a_start:1")
    room.open_vote(dresden())  # back from a tie: the vote goes on
    assert room.ballot is not None and room.ballot.open and room.ballot.mine(TOKENS[0]) == A
    assert room.vote(TOKENS[2], "0:a_start:1", A) == "counted"
    room.open_vote(dresden("0:a_start:2"))
    assert room.ballot.total == 0 and room.ballot.mine(TOKENS[0]) is None


def test_the_result_is_kept_for_the_devices_and_the_end_forgets_every_token():
    room = joined()
    room.open_vote(dresden())
    room.vote(TOKENS[0], "0:a_start:1", A)
    counts = room.close_vote("0:a_start:1")
    assert counts is not None
    assert room.decided("0:a_start:1", C, counts) is None  # not a choice on offer
    result = room.decided("0:a_start:1", A, counts)
    assert result is not None and result.label == "Be brave" and room.result == result
    room.end()
    assert room.ended and not room.devices and room.ballot is None
    assert not room.join(TOKENS[0])


def test_withdrawing_drops_the_votes():
    room = joined()
    room.open_vote(dresden())
    room.vote(TOKENS[0], "0:a_start:1", A)
    room.withdraw()
    assert room.ballot is None and room.vote(TOKENS[0], "0:a_start:1", A) == "no vote open"


@pytest.mark.parametrize(
    "parts",
    [
        ("", "T", [{"id": A, "label": "x"}]),
        ("bad id with spaces", "T", [{"id": A, "label": "x"}]),
        ("d" * 121, "T", [{"id": A, "label": "x"}]),
        ("d", 5, [{"id": A, "label": "x"}]),
        ("d", "T", []),
        ("d", "T", "not a list"),
        ("d", "T", [{"id": f"c{n}", "label": "x"} for n in range(MAX_CHOICES + 1)]),
        ("d", "T", [{"id": A}]),
        ("d", "T", [{"id": A, "label": "x"}, {"id": A, "label": "y"}]),
        ("d", "T", ["a_start.brave"]),
    ],
)
def test_a_decision_that_cannot_be_asked_is_refused(parts):
    with pytest.raises(DecisionError):
        decision(*parts)


def test_a_decision_is_bounded_and_made_one_line_for_the_devices():
    asked = decision("d", "The\nstart\x1b[31m", [{"id": A, "label": "Be\tbrave " + "x" * 400}], "t" * 10_000)
    assert asked.title == "The start [31m"
    assert len(asked.options[0].label) == MAX_LABEL and "\t" not in asked.options[0].label
    assert len(asked.text) == 6000


def test_tokens_are_url_safe_and_of_a_bounded_length():
    assert valid_token("0123456789abcdef") and valid_token("A-_" * 20)
    assert not any(valid_token(t) for t in ("0123456789abcde", "a" * 65, "ü" * 20, None, 12345678901234567))


def test_device_votes_are_kept_in_the_save_as_device_votes_and_old_votes_read_as_hands():
    votes = ClassVotes().record(0, A, {A: 3, B: 1}, source="devices").record(1, "m.x", {"m.x": 2})
    block = votes.to_block()
    assert block is not None
    assert block["votes"][0]["source"] == "devices" and "source" not in block["votes"][1]
    again = ClassVotes.from_block(block)
    assert [v.source for v in again.votes] == ["devices", "hands"]
    assert ClassVotes.from_block({"votes": [{"step": 0, "choice": A, "counts": {A: 1}}]}).votes[0].source == "hands"


def test_the_teacher_can_show_the_situation_on_the_devices_without_losing_the_votes():
    room = joined()
    room.open_vote(dresden())
    room.vote(TOKENS[0], "0:a_start:1", A)
    with_text = decision(
        "0:a_start:1", "The start", [{"id": A, "label": "Be brave"}, {"id": B, "label": "Stay quiet"}], "The square."
    )
    ballot = room.open_vote(with_text)
    assert ballot.decision.text == "The square." and ballot.mine(TOKENS[0]) == A

"""Class votes: the rule for turning a show of hands into a choice.

The teacher types how many pupils voted for each option; the option with
most votes is chosen, and a tie is for the teacher to break. Votes are kept
beside the game (in the save, under ``classroom``) so the transcript can
show them. A rule, so it lives in the engine, not in a screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Tally(NamedTuple):
    winner: str | None
    """The choice with the most votes, or None when the top is a tie (or nobody voted)."""
    tied: tuple[str, ...]
    """The choices sharing the top count, when there is a tie."""
    total: int


class VoteError(ValueError):
    """Vote counts that cannot be counted (negative, not whole numbers, unknown choices)."""


def tally(counts: Mapping[str, int], offered: list[str]) -> Tally:
    """Count the votes for the choices on offer, in the order they are offered."""
    for choice_id, count in counts.items():
        if choice_id not in offered:
            raise VoteError(f"'{choice_id}' is not one of the choices on offer")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise VoteError("vote counts are whole numbers of zero or more")
    total = sum(counts.values())
    if total == 0:
        return Tally(None, tuple(offered), 0)
    best = max(counts.get(c, 0) for c in offered)
    top = tuple(c for c in offered if counts.get(c, 0) == best)
    return Tally(top[0] if len(top) == 1 else None, top if len(top) > 1 else (), total)


def record_vote(
    classroom: Mapping[str, Any] | None, step: int, choice_id: str, counts: Mapping[str, int]
) -> dict[str, Any]:
    """The save's ``classroom`` block with this step's vote added (replacing an earlier vote on the same step).

    ``step`` is the index in the game's log of the choice the vote decided;
    after an undo, a new vote on that step replaces the old one.
    """
    votes = [v for v in (classroom or {}).get("votes", []) if isinstance(v, dict) and v.get("step", -1) < step]
    votes.append({"step": step, "choice": choice_id, "counts": {k: int(v) for k, v in counts.items()}})
    return {"votes": votes}

"""Class votes: the rule for turning a show of hands into a choice.

The teacher types how many pupils voted for each option; the option with
most votes is chosen, and a tie is for the teacher to break. Votes are kept
beside the game (in the save, under ``classroom``) so the transcript can
show them. A rule, so it lives in the engine, not in a screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

# Records are NamedTuples, not dataclasses: plain mode imports this before its first scene, and
# importing ``dataclasses`` (with ``inspect``) costs more than the rest of this module.
_NO_COUNTS: Mapping[str, int] = MappingProxyType({})


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


class Vote(NamedTuple):
    """How the class voted on one choice: ``step`` is the index in the game's log of the choice it decided."""

    step: int
    choice: str
    counts: Mapping[str, int] = _NO_COUNTS

    def to_entry(self) -> dict[str, Any]:
        """The vote as the save stores it."""
        return {"step": self.step, "choice": self.choice, "counts": {k: int(v) for k, v in self.counts.items()}}


def _read_vote(entry: object) -> Vote | None:
    """One vote from a save's block, or None for junk (a reader is tolerant; the save's checker is strict)."""
    if not isinstance(entry, Mapping):
        return None
    step, choice, counts = entry.get("step"), entry.get("choice"), entry.get("counts")
    if isinstance(step, bool) or not isinstance(step, int) or not isinstance(choice, str):
        return None
    if not isinstance(counts, Mapping):
        counts = {}
    kept = {str(k): v for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool)}
    return Vote(step, choice, MappingProxyType(kept))


class ClassVotes(NamedTuple):
    """The votes of a class game so far, in step order; immutable, so a new vote makes a new record."""

    votes: tuple[Vote, ...] = ()

    @classmethod
    def from_block(cls, block: Mapping[str, Any] | None) -> ClassVotes:
        """The votes of a save's ``classroom`` block (``{"votes": [...]}``), skipping entries that are not votes."""
        entries = block.get("votes") if isinstance(block, Mapping) else None
        if not isinstance(entries, list):
            return cls()
        by_step: dict[int, Vote] = {}
        for entry in entries:
            vote = _read_vote(entry)
            if vote is not None:
                by_step[vote.step] = vote
        return cls(tuple(by_step[s] for s in sorted(by_step)))

    def to_block(self) -> dict[str, Any] | None:
        """The save's ``classroom`` block, or None when the class has not voted."""
        if not self.votes:
            return None
        return {"votes": [vote.to_entry() for vote in self.votes]}

    def record(self, step: int, choice: str, counts: Mapping[str, int]) -> ClassVotes:
        """These votes with this step's vote added; any vote at or after ``step`` (undone since) is dropped."""
        kept = tuple(v for v in self.votes if v.step < step)
        return ClassVotes((*kept, Vote(step, choice, MappingProxyType({k: int(v) for k, v in counts.items()}))))

    def up_to(self, steps: int) -> ClassVotes:
        """The votes on the first ``steps`` choices (what is left after undoing back to there)."""
        return ClassVotes(tuple(v for v in self.votes if v.step < steps))

    def at(self, step: int) -> Vote | None:
        """The vote that decided choice ``step``, if the class voted on it."""
        return next((v for v in self.votes if v.step == step), None)

"""Class votes: the rule for turning a show of hands into a choice, and the record of a class's game.

The teacher types how many pupils voted for each option; the option with
most votes is chosen, and a tie is for the teacher to break. How each
choice was decided (by the vote, by the teacher breaking a tie, or by the
teacher without a vote) is kept beside the game (in the save, under
``classroom``), with the class's name, the day its game began and the
lesson it plays, so the load screen and the transcript can show them. A
rule, so it lives in the engine, not in a screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

# Records are NamedTuples, not dataclasses: plain mode imports this before its first scene, and
# importing ``dataclasses`` (with ``inspect``) costs more than the rest of this module.
_NO_COUNTS: Mapping[str, int] = MappingProxyType({})

Decided = Literal["vote", "tie", "teacher"]
"""How a class's choice was made: the majority of a vote, the teacher breaking a tie, or the teacher without a vote."""
DECIDED: tuple[Decided, ...] = ("vote", "tie", "teacher")
Source = Literal["hands", "devices"]
"""Where a vote's counts came from: hands the teacher counted and typed, or the students' own devices."""
SOURCES: tuple[Source, ...] = ("hands", "devices")
MAX_TIMER_MINUTES = 60
"""The longest discussion timer (``--timer``): a lesson's length."""
MAX_CLASS_NAME = 40
"""Characters of a class's name ("9B History", "Year 10 set 2"): a line on the load screen."""


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


def decided_by(counts: Mapping[str, int] | None, choice: str) -> Decided:
    """How a choice with these counts was decided: no votes is the teacher's, a shared top count a tie broken."""
    if not counts or not sum(counts.values()):
        return "teacher"
    mine = counts.get(choice, 0)
    if any(count >= mine for other, count in counts.items() if other != choice):
        return "tie"
    return "vote"


def class_name(text: str) -> str:
    """A class's name as typed, made safe to keep and show: one line, printable, at most MAX_CLASS_NAME characters."""
    kept = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return " ".join(kept.split())[:MAX_CLASS_NAME].strip()


class Vote(NamedTuple):
    """How the class decided one choice: ``step`` is the index in the game's log of the choice it decided."""

    step: int
    choice: str
    counts: Mapping[str, int] = _NO_COUNTS
    decided: Decided = "vote"
    source: Source = "hands"

    def to_entry(self) -> dict[str, Any]:
        """The vote as the save stores it (``decided`` only when it was not a plain majority, ``source`` only for
        devices' votes: older saves have neither)."""
        entry: dict[str, Any] = {
            "step": self.step,
            "choice": self.choice,
            "counts": {k: int(v) for k, v in self.counts.items()},
        }
        if self.decided != "vote":
            entry["decided"] = self.decided
        if self.source != "hands":
            entry["source"] = self.source
        return entry


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
    how = entry.get("decided", "vote")
    decided: Decided = how if how in DECIDED else "vote"
    if decided == "vote" and "decided" not in entry and decided_by(kept, choice) == "tie":
        decided = "tie"  # a save from before ties were marked: a shared top count was the teacher's pick
    source: Source = "devices" if entry.get("source") == "devices" else "hands"
    return Vote(step, choice, MappingProxyType(kept), decided, source)


def _text(block: Mapping[str, Any], key: str) -> str:
    value = block.get(key, "")
    return value if isinstance(value, str) else ""


class ClassVotes(NamedTuple):
    """A class's game beside its state: the votes so far in step order, the class's name, its first day, its lesson.

    Immutable, so a new vote makes a new record. ``name`` and ``started`` (an ISO date) are "" for a
    game that is not a class's (or a class that gave no name); ``lesson`` is the id of the lesson played.
    """

    votes: tuple[Vote, ...] = ()
    name: str = ""
    started: str = ""
    lesson: str = ""

    @classmethod
    def from_block(cls, block: Mapping[str, Any] | None) -> ClassVotes:
        """The record in a save's ``classroom`` block (``{"votes": [...], "name": ...}``), skipping junk."""
        if not isinstance(block, Mapping):
            return cls()
        entries = block.get("votes")
        by_step: dict[int, Vote] = {}
        for entry in entries if isinstance(entries, list) else []:
            vote = _read_vote(entry)
            if vote is not None:
                by_step[vote.step] = vote
        return cls(
            tuple(by_step[s] for s in sorted(by_step)),
            class_name(_text(block, "name")),
            _text(block, "started"),
            _text(block, "lesson"),
        )

    @property
    def is_class_game(self) -> bool:
        """True for a class's game: one with a name, a first day, a lesson or a vote."""
        return bool(self.votes or self.name or self.started or self.lesson)

    def to_block(self) -> dict[str, Any] | None:
        """The save's ``classroom`` block, or None when this is not a class's game."""
        if not self.is_class_game:
            return None
        block: dict[str, Any] = {"votes": [vote.to_entry() for vote in self.votes]}
        for key in ("name", "started", "lesson"):
            if getattr(self, key):
                block[key] = getattr(self, key)
        return block

    def record(
        self,
        step: int,
        choice: str,
        counts: Mapping[str, int],
        decided: Decided | None = None,
        source: Source = "hands",
    ) -> ClassVotes:
        """These votes with this step's decision added; any vote at or after ``step`` (undone since) is dropped.

        ``decided`` defaults to what the counts say (:func:`decided_by`); ``source`` says whether the
        counts were typed from a show of hands or came from the students' devices.
        """
        kept = tuple(v for v in self.votes if v.step < step)
        how = decided or decided_by(counts, choice)
        vote = Vote(step, choice, MappingProxyType({k: int(v) for k, v in counts.items()}), how, source)
        return self._replace(votes=(*kept, vote))

    def up_to(self, steps: int) -> ClassVotes:
        """The votes on the first ``steps`` choices (what is left after undoing back to there)."""
        return self._replace(votes=tuple(v for v in self.votes if v.step < steps))

    def at(self, step: int) -> Vote | None:
        """The vote that decided choice ``step``, if the class voted on it."""
        return next((v for v in self.votes if v.step == step), None)

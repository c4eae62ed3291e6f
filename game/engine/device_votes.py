"""Votes from students' own devices: who may vote, how votes are counted, changed and closed.

The rule behind ``spring68 serve --classroom``'s student page, kept apart
from the server so that it is tested (and could be served) without one.
A class is a :class:`DeviceClass`: the devices that joined it, known only
by an anonymous token each (a random id the student page keeps; no name,
no address), and at most one open :class:`Ballot` at a time, for the
decision on the projector. A device has one vote per decision; it may
change it until the teacher (or the timer) closes the vote, and a vote
that arrives after that is refused. The counts a closed ballot gives are
what the class's tally (:func:`game.engine.classroom.tally`) counts, as
the typed count of a show of hands is.

Nothing here lives beyond the class: the tokens are forgotten with it, and
the save keeps only the counts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from game.i18n.interface import N_

MAX_DEVICES = 300
"""Devices one class may have: a school hall; a token beyond it is refused (a script inventing tokens)."""
MAX_CHOICES = 12
"""Choices one decision may offer the devices (scenes have at most a handful)."""
MAX_LABEL = 300
"""Characters of one choice's label sent to the devices."""
MAX_TEXT = 6000
"""Characters of the situation text sent to the devices when the teacher shows it."""
MAX_ID = 120
"""Characters of a decision's or a choice's id."""
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,120}")

Cast = Literal["counted", "changed", "same", "closed", "stale", "unknown choice", "no vote open", "class full"]
"""What became of one vote: counted (first vote), changed (a new choice), same (the choice it had), or refused."""
REFUSALS: Mapping[Cast, str] = {
    "closed": N_("The vote has closed: your vote was not counted."),
    "stale": N_("That vote was for an earlier question."),
    "unknown choice": N_("That is not one of the choices."),
    "no vote open": N_("There is no vote open right now."),
    "class full": N_("The class is full: no more devices can vote."),
}
"""What the student page says for each refused vote (in English: the server translates it for its class)."""


def valid_token(token: object) -> bool:
    """A device's token as the student page makes it: 16 to 64 URL-safe characters (22 in practice)."""
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def valid_id(text: object) -> bool:
    """A decision's or choice's id: short, of the characters scene and choice ids use (plus ``:``)."""
    return isinstance(text, str) and _ID.fullmatch(text) is not None


class Option(NamedTuple):
    """One choice of a decision as the devices see it."""

    id: str
    label: str


class Decision(NamedTuple):
    """The decision on the projector: what the devices are shown and may vote for."""

    id: str
    """Unique for each time a vote is opened (the projector makes it): a vote for another id is stale."""
    title: str
    options: tuple[Option, ...]
    text: str = ""
    """The situation, when the teacher shows it on the devices ("" otherwise)."""

    @property
    def offered(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    def label(self, choice: str) -> str:
        return next((option.label for option in self.options if option.id == choice), choice)


class DecisionError(ValueError):
    """A decision the devices cannot be asked (no choices, too many, ids or labels out of bounds)."""


def decision(ident: object, title: object, options: object, text: object = "") -> Decision:
    """A checked :class:`Decision` from untrusted parts (a message from the projector's process)."""
    if not valid_id(ident):
        raise DecisionError("a decision needs a short id")
    if not isinstance(title, str) or not isinstance(text, str):
        raise DecisionError("a decision's title and text are texts")
    if not isinstance(options, Sequence) or isinstance(options, str) or not 1 <= len(options) <= MAX_CHOICES:
        raise DecisionError(f"a decision offers 1 to {MAX_CHOICES} choices")
    kept: list[Option] = []
    for option in options:
        if not isinstance(option, Mapping):
            raise DecisionError("each choice has an id and a label")
        choice, label = option.get("id"), option.get("label")
        if not valid_id(choice) or not isinstance(label, str) or any(o.id == choice for o in kept):
            raise DecisionError("each choice has its own short id and a label")
        kept.append(Option(str(choice), _line(label)[:MAX_LABEL]))
    return Decision(str(ident), _line(title)[:MAX_LABEL], tuple(kept), text.strip()[:MAX_TEXT])


def _line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


class Ballot:
    """One decision's vote: a choice per device token, changeable until :meth:`close`."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.open = True
        self._votes: dict[str, str] = {}

    def cast(self, token: str, choice: str) -> Cast:
        """Count this device's vote (replacing its earlier one); refused once closed or for a choice not offered."""
        if not self.open:
            return "closed"
        if choice not in self.decision.offered:
            return "unknown choice"
        before = self._votes.get(token)
        self._votes[token] = choice
        return "counted" if before is None else ("same" if before == choice else "changed")

    def mine(self, token: str) -> str | None:
        """This device's vote, if it has voted (so a reconnecting page shows it again)."""
        return self._votes.get(token)

    def counts(self) -> dict[str, int]:
        """Votes per choice, every choice on offer included, in the order offered."""
        counts = dict.fromkeys(self.decision.offered, 0)
        for choice in self._votes.values():
            counts[choice] += 1
        return counts

    @property
    def total(self) -> int:
        return len(self._votes)

    def close(self) -> dict[str, int]:
        """Close the vote (later votes are refused) and give its counts."""
        self.open = False
        return self.counts()

    def reopen(self) -> None:
        """Open it again with the votes it had (the teacher went back from a tie to recount)."""
        self.open = True


class Result(NamedTuple):
    """What the class decided, as the devices are told: the choice made and the counts it was made with."""

    decision: str
    choice: str
    label: str
    counts: Mapping[str, int]


class DeviceClass:
    """One class's devices and its current ballot; the whole of what the student page may change."""

    def __init__(self, max_devices: int = MAX_DEVICES) -> None:
        self.max_devices = max_devices
        self.devices: set[str] = set()
        self.ballot: Ballot | None = None
        self.result: Result | None = None
        """The last decision's result, shown to the devices until the next vote opens."""
        self.ended = False

    def join(self, token: str) -> bool:
        """Let this device in (again, after a reconnect: it keeps its vote); False when the class is full or over."""
        if self.ended or not valid_token(token):
            return False
        if token in self.devices:
            return True
        if len(self.devices) >= self.max_devices:
            return False
        self.devices.add(token)
        return True

    def open_vote(self, decision: Decision) -> Ballot:
        """Open the vote on a decision; the same decision again reopens its ballot with the votes it had (with
        its text shown or hidden anew, when its choices are the same)."""
        ballot = self.ballot
        if ballot is not None and ballot.decision.id == decision.id and ballot.decision.offered == decision.offered:
            ballot.decision = decision
            ballot.reopen()
            return ballot
        self.ballot = Ballot(decision)
        self.result = None
        return self.ballot

    def vote(self, token: str, decision_id: str, choice: str) -> Cast:
        """A device votes for ``choice`` in ``decision_id`` (the decision its page shows)."""
        if token not in self.devices:
            return "class full"
        ballot = self.ballot
        if ballot is None:
            return "no vote open"
        if ballot.decision.id != decision_id:
            return "stale"
        return ballot.cast(token, choice)

    def close_vote(self, decision_id: str) -> dict[str, int] | None:
        """Close the open vote on ``decision_id``: its final counts, or None when that is not the ballot."""
        ballot = self.ballot
        if ballot is None or ballot.decision.id != decision_id:
            return None
        return ballot.close()

    def withdraw(self) -> None:
        """The teacher went back without deciding: no vote is open, and its votes are dropped."""
        self.ballot = None

    def decided(self, decision_id: str, choice: str, counts: Mapping[str, int]) -> Result | None:
        """The class's choice on the ballot (after a tie, the teacher's): the devices are shown it."""
        ballot = self.ballot
        if ballot is None or ballot.decision.id != decision_id or choice not in ballot.decision.offered:
            return None
        ballot.open = False
        self.result = Result(decision_id, choice, ballot.decision.label(choice), dict(counts))
        return self.result

    def end(self) -> None:
        """The class is over: no more votes, and every token is forgotten."""
        self.ended = True
        self.ballot = None
        self.devices.clear()

"""The loaded story: plain, frozen records that the engine and tools read.

A :class:`Story` is built once by :mod:`game.story.loader` and never changes
(ink's split of immutable story and mutable state); everything that changes
while playing lives in :class:`game.engine.state.GameState`.

The records are named tuples rather than dataclasses because this module is
on the start-up path of every command: ``dataclasses`` alone costs more to
import than the whole budget for showing the first scene. For the same
reason the annotations here are real objects, not postponed strings (no
``from __future__ import annotations``): NamedTuple turns every string
annotation into a ForwardRef, compiling it, which made defining these
records take half as long again.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from game.story.errors import Loc, loc_at, nth_place
from game.story.expressions import CompiledExpr
from game.story.lessons import Lesson

_NOWHERE = Loc("")


class Variable(NamedTuple):
    name: str
    label: str
    type: str  # "number" | "flag"
    initial: int | bool
    min: int = 0
    max: int = 10
    shown: bool = True
    role: str | None = None
    loc: Loc = Loc("")

    def clamp(self, value: int | bool) -> int | bool:
        """Keep a number inside its declared bounds; flags pass through."""
        if self.type == "flag":
            return bool(value)
        return max(self.min, min(self.max, int(value)))


class Role(NamedTuple):
    id: str
    title: str
    summary: str
    start: str
    loc: Loc = Loc("")


class Effect(NamedTuple):
    """One change a choice makes: add to a number, or set a value."""

    variable: str
    mode: str  # "add" | "set"
    value: CompiledExpr


class Choice(NamedTuple):
    local_id: str
    scene: str
    label: str
    goto: str
    condition: CompiledExpr | None = None
    effects: tuple[Effect, ...] = ()
    record: str = ""
    file: str = ""
    """The file the choice is written in (a mod's ``extend:`` adds choices from its own files)."""
    at: int = 0
    """Where the choice starts in ``file`` and where its ``goto:`` is, as one int
    (:func:`~game.story.errors.places`); see :attr:`loc` and :attr:`goto_loc`."""

    @property
    def id(self) -> str:
        """The stable id, ``scene_id.choice_id``: made when read, not kept (60 bytes a choice; issue 21)."""
        return f"{self.scene}.{self.local_id}"

    # Two places kept as one int and made Locs when read (for a message): a Loc and its line cost
    # about 90 bytes, and a big pack has two choices a scene (issue 21).
    @property
    def loc(self) -> Loc:
        return loc_at(self.file, nth_place(self.at, 0))

    @property
    def goto_loc(self) -> Loc:
        return loc_at(self.file, nth_place(self.at, 1))


class History(NamedTuple):
    """What really happened, and the works that say so (where it is written: ``scene.locs["history"]``)."""

    text: str
    sources: tuple[str, ...]


class Ending(NamedTuple):
    title: str
    epilogue: str
    counterfactual: bool = False
    instead: str = ""


class Passage(NamedTuple):
    """One passage of a scene's text: shown always (no condition) or when its condition holds.

    A scene whose ``text:`` is a list keeps its passages here, in order, so a later scene can say
    what the player did; :func:`game.engine.rules.scene_text` picks the ones to show.
    """

    text: str
    condition: CompiledExpr | None = None
    loc: Loc = Loc("")


def join_passages(texts: Iterable[str]) -> str:
    """Passages as one text: each without its surrounding blank lines, a blank line between them.

    The one rule for it, used for the text a player reads and for the whole text tools read.
    """
    parts = [text.strip("\n") for text in texts]
    return "\n\n".join(parts) + "\n" if parts else ""


class Scene(NamedTuple):
    id: str
    role: str
    title: str
    date: dt.date
    place: str
    text: str
    history: History
    choices: tuple[Choice, ...] = ()
    anchor: str | None = None
    flashback: bool = False
    discuss: tuple[str, ...] = ()
    ending: Ending | None = None
    pack: str = ""
    locs: Mapping[str, Loc] = MappingProxyType({})
    """Where each key of the scene's entry is written (its ``id:`` is :attr:`loc`)."""
    passages: tuple[Passage, ...] = ()
    """The passages of a ``text:`` list, in order; empty when the text is one string.

    ``text`` then holds every passage joined (for tools that want all the prose); what a player
    reads in a given state is :func:`game.engine.rules.scene_text`.
    """

    @property
    def loc(self) -> Loc:
        """Where the scene's ``id:`` is written (kept once, in :attr:`locs`)."""
        return self.locs.get("id", _NOWHERE)

    @property
    def is_ending(self) -> bool:
        return self.ending is not None

    def choice(self, choice_id: str) -> Choice | None:
        """A choice by its stable id or its id within the scene."""
        for option in self.choices:
            if option.id == choice_id or option.local_id == choice_id:
                return option
        return None


class TimelineEvent(NamedTuple):
    id: str
    start: dt.date
    end: dt.date
    title: str
    summary: str
    figures: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    loc: Loc = Loc("")

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Source(NamedTuple):
    id: str
    kind: str
    title: str
    author: str = ""
    publisher: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""
    loc: Loc = Loc("")

    def citation(self) -> str:
        """One line in the usual author, *title* (publisher, year) order."""
        parts = []
        if self.author:
            parts.append(f"{self.author},")
        parts.append(self.title)
        tail = ", ".join(str(p) for p in (self.publisher, self.year) if p)
        text = " ".join(parts)
        return f"{text} ({tail})" if tail else text


class GlossaryEntry(NamedTuple):
    id: str
    term: str
    kind: str
    text: str
    aliases: tuple[str, ...] = ()
    loc: Loc = Loc("")


class PackInfo(NamedTuple):
    id: str
    title: str
    version: int
    path: str
    description: str = ""
    content_note: str = ""
    extends: str | None = None


def _frozen(mapping: Mapping) -> Mapping:
    # A read-only view is kept as it is: the play cache passes its lazily decoded records so (storydata.LazyRecords);
    # copying one would decode every entry.
    if isinstance(mapping, MappingProxyType):
        return mapping
    return MappingProxyType(dict(mapping))


class Story:
    """Everything loaded from one pack and the mods stacked on it; read-only after loading."""

    __slots__ = (
        "packs",
        "roles",
        "variables",
        "scenes",
        "timeline",
        "sources",
        "glossary",
        "fixed_points",
        "content_hash",
        "lessons",
    )

    packs: tuple[PackInfo, ...]
    roles: Mapping[str, Role]
    variables: Mapping[str, Variable]
    scenes: Mapping[str, Scene]
    timeline: Mapping[str, TimelineEvent]
    sources: Mapping[str, Source]
    glossary: Mapping[str, GlossaryEntry]
    fixed_points: Mapping[str, tuple[str, ...]]
    content_hash: str
    lessons: Mapping[str, Lesson]
    """Lesson id → a 45-minute route through a role (``lessons.yaml``; :mod:`game.story.lessons`)."""

    def __init__(
        self,
        packs: tuple[PackInfo, ...],
        roles: Mapping[str, Role],
        variables: Mapping[str, Variable],
        scenes: Mapping[str, Scene],
        timeline: Mapping[str, TimelineEvent],
        sources: Mapping[str, Source],
        glossary: Mapping[str, GlossaryEntry],
        fixed_points: Mapping[str, tuple[str, ...]],
        content_hash: str = "",
        lessons: Mapping[str, Lesson] | None = None,
    ) -> None:
        set_ = object.__setattr__
        set_(self, "packs", tuple(packs))
        for name, value in (
            ("roles", roles),
            ("variables", variables),
            ("scenes", scenes),
            ("timeline", timeline),
            ("sources", sources),
            ("glossary", glossary),
            ("fixed_points", fixed_points),
        ):
            set_(self, name, _frozen(value))
        set_(self, "content_hash", content_hash)
        set_(self, "lessons", _frozen(lessons or {}))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Story is read-only; load a new one instead")

    def __repr__(self) -> str:
        return f"Story({'+'.join(p.id for p in self.packs)}, {len(self.scenes)} scenes)"

    @property
    def pack(self) -> PackInfo:
        """The base pack (the first one loaded)."""
        return self.packs[0]

    @property
    def title(self) -> str:
        return self.packs[0].title

    def variables_for(self, role: str) -> list[Variable]:
        """The variables a role uses, in declaration order."""
        return [v for v in self.variables.values() if v.role in (None, role)]

    def scenes_for(self, role: str) -> list[Scene]:
        return [s for s in self.scenes.values() if s.role == role]

    def endings_for(self, role: str) -> list[Scene]:
        return [s for s in self.scenes.values() if s.role == role and s.is_ending]

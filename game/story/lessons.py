"""Lessons: a pack's named 45-minute routes through a role, read from its ``lessons.yaml``.

A lesson picks the 6–8 decisions of a role a class has time for in one
lesson; every other scene is passed along the default path (the choice the
lesson names for it in ``path:``, else the first open choice that does not
end the game at once), with a short ``bridges:`` summary shown on arriving at
a lesson scene. How a lesson is *played* is an engine rule
(:mod:`game.engine.lesson_play`); this module holds the record and reads
and checks the file, each mistake with its file, line and column.

The record is a named tuple with real annotations (no postponed ones), like
every record of :mod:`game.story.model`, so the play cache stores it without
an edit. Reading is imported only when a pack is read, never on the start-up
path of play from the cache.
"""

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from game.story.errors import Loc

if TYPE_CHECKING:
    from game.story.model import Story
    from game.story.reading import Reader
    from game.story.schema import Entry

LESSONS_FILE_NAME = "lessons.yaml"
FEWEST_DECISIONS = 6
MOST_DECISIONS = 8
"""A lesson of 45 minutes has time for 6 to 8 decisions, each voted on and discussed (a warning outside)."""
MAX_LESSON_SCENES = 30
"""Scenes one lesson may list: far more than a lesson has time for; bounds the check of its routes."""


class Lesson(NamedTuple):
    """A named route through one role: the decisions the class makes, and what bridges the rest."""

    id: str
    title: str
    role: str
    scenes: tuple[str, ...]
    """The decision scenes, in the order the class meets them."""
    summary: str = ""
    """One line for the title menu and the guide."""
    bridges: Mapping[str, str] = MappingProxyType({})
    """Lesson scene id → what happened in the scenes skipped on the way to it (shown on arriving)."""
    path: Mapping[str, str] = MappingProxyType({})
    """Skipped scene id → the choice (its id within the scene) the lesson takes there."""
    pack: str = ""
    loc: Loc = Loc("")

    def is_decision(self, scene_id: str) -> bool:
        """True for a scene the class decides in (every other scene of the role is passed)."""
        return scene_id in self.scenes


def lesson_file_kind() -> Any:
    """The schema of ``lessons.yaml``: a list of lessons (built on first use: play from the cache never needs it)."""
    from game.story.schema import Field, Ident, ListOf, MapOf, Record, Text

    lesson = Record(
        "lesson",
        [
            Field("id", Ident(), True, "the lesson's id, for `spring68 --classroom --lesson ID`"),
            Field("title", Text(), True, "the lesson's name, as the title menu shows it"),
            Field("role", Ident(), True, "the role the class plays"),
            Field("summary", Text(), doc="one line on what the lesson covers"),
            Field(
                "scenes",
                ListOf(Ident(), min_items=1),
                True,
                f"the decision scenes, in order ({FEWEST_DECISIONS}–{MOST_DECISIONS} for 45 minutes)",
            ),
            Field("bridges", MapOf(Text()), doc="lesson scene id: what happened in the scenes skipped before it"),
            Field("path", MapOf(Ident()), doc="skipped scene id: the choice the lesson takes there"),
        ],
        doc="a named route of a few key decisions through one role",
    )
    return ListOf(lesson)


def read_lessons(reader: "Reader", root: str) -> "list[Entry]":
    """The entries of the pack's ``lessons.yaml`` (none when it has no such file), problems to the reader."""
    from game.story.packfiles import PackReader, list_pack
    from game.story.schema import MISSING

    file = list_pack(root).special.get(LESSONS_FILE_NAME)
    if file is None:
        return []
    entries = reader.read(file, lesson_file_kind(), PackReader(root), empty_ok=True)
    return [] if entries is MISSING else list(entries)


def build_lessons(story: "Story", entries: "Sequence[tuple[str, Entry]]", report: Any) -> dict[str, Lesson]:
    """The lessons of every pack (``(pack id, entry)`` pairs), each checked against the story; problems to ``report``.

    ``report`` is a :class:`game.story.report.Report`. A lesson with an error is left out (the
    loader then gives no story at all, as for any error).
    """
    lessons: dict[str, Lesson] = {}
    for pack, entry in entries:
        if "id" not in entry:
            continue
        lesson = _lesson(story, pack, entry, report)
        if lesson is None:
            continue
        if lesson.id in lessons:
            report.error(
                lesson.loc,
                f"lesson '{lesson.id}' is defined twice (first at {lessons[lesson.id].loc})",
                "remove or rename one of them",
                code="duplicate",
            )
            continue
        lessons[lesson.id] = lesson
    return lessons


def _lesson(story: "Story", pack: str, entry: "Entry", report: Any) -> Lesson | None:
    from game.story.errors import Problem

    ident = entry["id"]
    errors_before = sum(1 for p in report.problems if p.severity == "error")
    role = entry.get("role")
    if role is not None and role not in story.roles:
        report.error(
            entry.loc("role"),
            f"lesson '{ident}' is for role '{role}', which the story does not have",
            report.did_you_mean(role, story.roles, f"roles: {', '.join(story.roles)}"),
            code="lesson",
        )
    scenes: list[str] = list(entry.get("scenes", []))
    nodes = entry.node_of("scenes") if "scenes" in entry else None
    items: list[Any] = list(cast("list[Any]", nodes.value)) if nodes is not None and nodes.kind == "seq" else []

    def where(index: int) -> Loc:
        node = items[index] if index < len(items) else None
        return Loc(entry.file, node.line, node.col) if node is not None else entry.loc("scenes")

    seen: set[str] = set()
    for index, scene_id in enumerate(scenes):
        scene = story.scenes.get(scene_id)
        if scene is None:
            report.error(
                where(index),
                f"lesson '{ident}' lists scene '{scene_id}', which does not exist",
                report.did_you_mean(scene_id, story.scenes, "list the ids of the role's decision scenes"),
                code="lesson",
            )
        elif role in story.roles and scene.role != role:
            report.error(
                where(index),
                f"lesson '{ident}' (role '{role}') lists '{scene_id}', a scene of role '{scene.role}'",
                "a lesson's scenes all belong to its role",
                code="lesson",
            )
        elif scene.is_ending:
            report.error(
                where(index),
                f"lesson '{ident}' lists '{scene_id}', an ending: there is nothing to decide there",
                "list only scenes with choices; the lesson ends where its route ends",
                code="lesson",
            )
        if scene_id in seen:
            report.error(
                where(index), f"lesson '{ident}' lists '{scene_id}' twice", "list each scene once", code="lesson"
            )
        seen.add(scene_id)
    if len(scenes) > MAX_LESSON_SCENES:
        report.error(
            entry.loc("scenes"),
            f"lesson '{ident}' lists {len(scenes)} scenes; at most {MAX_LESSON_SCENES} are allowed",
            f"a 45-minute lesson has time for {FEWEST_DECISIONS} to {MOST_DECISIONS} decisions",
            code="lesson",
        )
    elif scenes and not FEWEST_DECISIONS <= len(scenes) <= MOST_DECISIONS:
        report.problems.append(
            Problem(
                entry.loc("scenes"),
                f"lesson '{ident}' has {len(scenes)} decisions; a 45-minute lesson has time for "
                f"{FEWEST_DECISIONS} to {MOST_DECISIONS}",
                "list more or fewer scenes, or ignore this for a lesson of another length",
                "warning",
                "lesson",
            )
        )
    bridges = {name: item.value for name, item in entry.get("bridges", {}).items()}
    for name, item in entry.get("bridges", {}).items():
        if name not in seen:
            report.error(
                Loc(entry.file, item.key.line, item.key.col),
                f"lesson '{ident}' has a bridge to '{name}', which is not one of its scenes",
                report.did_you_mean(name, scenes, "a bridge is shown on arriving at one of the lesson's scenes"),
                code="lesson",
            )
    path: dict[str, str] = {}
    for name, item in entry.get("path", {}).items():
        at = Loc(entry.file, item.key.line, item.key.col)
        scene = story.scenes.get(name)
        if scene is None:
            report.error(
                at,
                f"lesson '{ident}' sets the path in scene '{name}', which does not exist",
                report.did_you_mean(name, story.scenes, "name a scene the lesson passes without a decision"),
                code="lesson",
            )
        elif name in seen:
            report.error(
                at,
                f"lesson '{ident}' sets the path in '{name}', one of its own decisions",
                "the class decides in the lesson's scenes; path: is for the scenes it passes",
                code="lesson",
            )
        elif scene.choice(item.value) is None:
            report.error(
                Loc(entry.file, item.node.line, item.node.col),
                f"scene '{name}' has no choice '{item.value}'",
                report.did_you_mean(item.value, [c.local_id for c in scene.choices], "give a choice id of that scene"),
                code="lesson",
            )
        else:
            path[name] = item.value
    if sum(1 for p in report.problems if p.severity == "error") > errors_before:
        return None
    if "title" not in entry or role is None or not scenes:
        return None
    return Lesson(
        ident,
        entry["title"],
        role,
        tuple(scenes),
        " ".join(entry.get("summary", "").split()),
        MappingProxyType(bridges),
        MappingProxyType(path),
        pack,
        entry.loc("id"),
    )


def with_lessons(story: "Story", lessons: Mapping[str, Lesson]) -> "Story":
    """The same story with these lessons (a Story is read-only, so this is a new one sharing every record)."""
    from game.story.model import Story

    fields = {name: getattr(story, name) for name in Story.__annotations__}
    fields["lessons"] = lessons
    return Story(**fields)


def load_lessons(reader: "Reader", roots: "Sequence[tuple[str, str]]") -> "list[tuple[str, Entry]]":
    """Every pack's lesson entries, read before the story is built (so their bytes count in its content hash)."""
    found: list[tuple[str, Entry]] = []
    for pack, root in roots:
        found += [(pack, entry) for entry in read_lessons(reader, root)]
    return found

"""Load a pack (and the mods stacked on it) into a :class:`Story`, or explain why not.

Loading never stops at the first mistake: each file is read, validated
against :mod:`game.story.schema`, and cross-checked (gotos, variables,
expressions, sources, anchors), and all problems come back together, each
with its file, line and column. A file that cannot be parsed at all is one
problem; the other files are still checked.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.story import expressions, links, placeholders, schema
from game.story.errors import Loc, PackError, Problem
from game.story.model import (
    Choice,
    Effect,
    Ending,
    GlossaryEntry,
    History,
    PackInfo,
    Role,
    Scene,
    Source,
    Story,
    TimelineEvent,
    Variable,
)
from game.story.packfiles import SPECIAL_FILES, PackFile, PackReader, PackRefused, list_pack
from game.story.yamlnodes import Node, YamlProblem, decode, parse

__all__ = ["SPECIAL_FILES", "display_path", "load_story", "load_with_problems", "paused_gc"]

MAX_SCENES_PER_PACK = 20_000
"""Scenes in one pack. The campaign has 66; the speed benchmarks load a generated pack of 20,000."""
MAX_CHOICES_PER_SCENE = 16
"""Choices of one scene, with those mods add by ``extend:``. The campaign's most is 4. The full-screen
app prepares the scene behind every choice while the player reads, so this and the text limit below
bound its work per move (at both limits together: first frame 0.1 s, ready for the next key 0.6 s)."""
MAX_LABEL = 200
"""Characters of one choice's label: what fits on a button. The campaign's longest has 89."""
MAX_SCENE_TEXT = 8_000
"""Characters of text in one scene: its title, place, text, history, choices, prompts and ending together.
The campaign's longest scene has 3,544."""
MAX_PLACE_PROBLEMS = 10
"""``{...}`` mistakes reported per text; a text with thousands of them gets ten and a count."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def display_path(path: Path) -> str:
    """A file name as the user would type it: relative to the working folder when inside it.

    Control characters are shown escaped, so a mod file named with terminal
    escape codes cannot rewrite the modder's screen when its name is printed.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = str(path)
    name = str(path) if rel.startswith("..") else rel
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", name)


@dataclass
class _RawPack:
    """One pack folder after parsing and schema validation, before cross-checks."""

    root: Path
    info: dict[str, Any] | None
    pack_file: str
    scenes: list[tuple[dict[str, Any], str, str | None]] = field(default_factory=list)  # (scene, file, folder role)
    timeline: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    sources: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    glossary: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    over_limit: bool = False
    """The pack breaks a limit of the whole pack; it is not cross-checked, so the work stays bounded."""


class _Reader:
    """Reads files into validated raw records, collecting problems and hashing content."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.hash = hashlib.blake2b(digest_size=16)
        self.unreadable = 0

    def read(self, file: PackFile, kind: schema.Kind, files: PackReader, *, empty_ok: bool = False) -> Any:
        name = display_path(Path(file.path))
        try:
            data = files.read(file.path)
        except PackRefused as exc:
            refusal = exc.refusal
            line = 1 if refusal.code == "yaml" else 0  # a size is "at the start of the file", like a YAML error
            self.problems.append(Problem(Loc(name, line, line), refusal.message, refusal.hint, code=refusal.code))
            return schema.MISSING
        except OSError as exc:
            self.problems.append(
                Problem(
                    Loc(name),
                    f"cannot read the file: {exc.strerror or exc}",
                    "check that it exists and is readable",
                    code="io",
                )
            )
            return schema.MISSING
        self.hash.update(name.encode("utf-8", "replace") + b"\0" + data + b"\0")
        try:
            node = parse(decode(data, name), name, self.problems)
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return schema.MISSING
        if node is None:
            if empty_ok:
                return schema.MISSING
            what = "the pack manifest" if isinstance(kind, schema.Record) else "a list of entries"
            self.problems.append(
                Problem(
                    Loc(name, 1, 1),
                    "the file is empty (or holds only comments)",
                    f"it should hold {what}; see docs/format.md, or delete the file",
                    code="empty",
                )
            )
            return schema.MISSING
        return kind.convert(node, schema.Context(name, self.problems))


def _read_pack(root: Path, reader: _Reader) -> _RawPack:
    """Read one pack folder: the files :func:`~game.story.packfiles.list_pack` lists, and nothing else."""
    pack_path = root / "pack.yaml"
    raw = _RawPack(root, None, display_path(pack_path))
    listing = list_pack(str(root))
    for where, refusal in listing.problems:
        reader.problems.append(
            Problem(Loc(display_path(Path(where))), refusal.message, refusal.hint, code=refusal.code)
        )
    manifest = listing.special.get("pack.yaml")
    if manifest is None:
        if not listing.problems:
            reader.problems.append(
                Problem(
                    Loc(display_path(root)),
                    "this folder has no pack.yaml",
                    "a pack is a folder with a pack.yaml manifest; see docs/format.md",
                    code="no-pack",
                )
            )
        return raw
    files = PackReader(str(root))
    info = reader.read(manifest, schema.PACK, files)
    raw.info = info if info is not schema.MISSING else None
    for name, spec, target in (
        ("timeline.yaml", schema.TIMELINE_FILE, raw.timeline),
        ("sources.yaml", schema.SOURCES_FILE, raw.sources),
        ("glossary.yaml", schema.GLOSSARY_FILE, raw.glossary),
    ):
        special = listing.special.get(name)
        if special is not None:
            entries = reader.read(special, spec, files, empty_ok=True)
            if entries is not schema.MISSING:
                shown = display_path(Path(special.path))
                target.extend((entry, shown) for entry in entries)
    for file in listing.scenes:
        entries = reader.read(file, schema.SCENE_FILE, files)
        if entries is schema.MISSING:
            reader.unreadable += 1
            continue
        folder = file.parts[0] if len(file.parts) > 1 else None
        shown = display_path(Path(file.path))
        raw.scenes.extend((entry, shown, folder) for entry in entries)
    scenes = [(entry, shown) for entry, shown, _folder in raw.scenes if "extend" not in entry]
    if len(scenes) > MAX_SCENES_PER_PACK:
        entry, shown = scenes[MAX_SCENES_PER_PACK]
        reader.problems.append(
            Problem(
                _loc(entry, shown),
                f"the pack has {len(scenes):,} scenes; at most {MAX_SCENES_PER_PACK:,} are allowed in one pack",
                "split the story into several packs, or make it shorter",
                code="limit",
            )
        )
        raw.over_limit = True
    return raw


def _loc(record: dict[str, Any], file: str, key: str | None = None) -> Loc:
    node: Node = record["_keys"].get(key) if key else None  # type: ignore[assignment]
    node = node or record["_node"]
    return Loc(file, node.line, node.col)


class _Builder:
    """Turns validated raw packs into a Story, cross-checking references."""

    def __init__(self, packs: list[_RawPack], problems: list[Problem], unreadable: int = 0) -> None:
        self.packs = packs
        self.problems = problems
        self.unreadable = unreadable
        """How many scene files could not be read: a missing scene may be in one of them."""
        self.role_scene_ids: dict[str, list[str]] = {}
        self.suggestions_left = MAX_SUGGESTIONS

    def error(self, loc: Loc, message: str, hint: str = "", code: str = "reference") -> None:
        self.problems.append(Problem(loc, message, hint, code=code))

    # -- entry point --------------------------------------------------------

    def build(self, content_hash: str) -> Story | None:
        infos = self._pack_infos()
        roles = self._roles()
        variables = self._variables(roles)
        sources = self._entries("sources", self._source, "source")
        timeline = self._entries("timeline", self._event, "timeline event")
        glossary = self._entries("glossary", self._glossary_entry, "glossary entry")
        self._check_event_sources(timeline, sources)
        raw_scenes = self._raw_scenes(roles)
        scenes = self._scenes(raw_scenes, variables, sources, timeline)
        fixed = self._fixed_points(roles, timeline)
        for role in roles.values():
            start = scenes.get(role.start)
            if start is None:
                if role.start not in raw_scenes and not self.unreadable:
                    self.error(
                        role.loc,
                        f"role '{role.id}' starts at scene '{role.start}', which does not exist",
                        self._did_you_mean(role.start, raw_scenes, "set start: to the id of the first scene"),
                        code="missing-start",
                    )
            elif start.role != role.id:
                self.error(
                    role.loc,
                    f"role '{role.id}' starts at '{role.start}', a scene of role '{start.role}'",
                    "start each role at one of its own scenes",
                    code="missing-start",
                )
        if not roles and infos:
            self.error(
                Loc(self.packs[0].pack_file, 1, 1),
                "the pack declares no roles",
                "add roles: with at least one role and its start scene",
                code="missing-start",
            )
        if any(p.severity == "error" for p in self.problems) or not infos:
            return None
        return Story(tuple(infos), roles, variables, scenes, timeline, sources, glossary, fixed, content_hash)

    # -- manifest ------------------------------------------------------------

    def _pack_infos(self) -> list[PackInfo]:
        infos: list[PackInfo] = []
        for index, raw in enumerate(self.packs):
            info = raw.info
            if info is None:
                continue
            if "id" not in info or "title" not in info:
                continue
            extends = info.get("extends")
            if index == 0 and extends:
                self.error(
                    _loc(info, raw.pack_file, "extends"),
                    f"this pack extends '{extends}', so it cannot be loaded on its own",
                    f"load it after its base: --pack BASE --pack {display_path(raw.root)}",
                    code="extends",
                )
            if index > 0:
                below = [p.id for p in infos]
                if not extends:
                    self.error(
                        _loc(info, raw.pack_file),
                        f"pack '{info['id']}' is loaded as a mod but has no extends:",
                        f"add 'extends: {below[0] if below else 'base'}' to its pack.yaml",
                        code="extends",
                    )
                elif extends not in below:
                    self.error(
                        _loc(info, raw.pack_file, "extends"),
                        f"pack '{info['id']}' extends '{extends}', which is not loaded",
                        f"loaded so far: {', '.join(below) or 'nothing'}",
                        code="extends",
                    )
            if info["id"] in [p.id for p in infos]:
                self.error(
                    _loc(info, raw.pack_file, "id"),
                    f"pack '{info['id']}' is loaded twice",
                    "load each pack once",
                    code="extends",
                )
            infos.append(
                PackInfo(
                    info["id"],
                    info["title"],
                    info.get("version", 1),
                    str(raw.root),
                    info.get("description", ""),
                    info.get("content_note", ""),
                    extends,
                )
            )
        return infos

    def _roles(self) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        for raw in self.packs:
            if raw.info is None:
                continue
            for name, (spec, key, _value) in raw.info.get("roles", {}).items():
                loc = Loc(raw.pack_file, key.line, key.col)
                if name in roles:
                    self.error(
                        loc,
                        f"role '{name}' is declared twice (first at {roles[name].loc})",
                        "keep one",
                        code="duplicate",
                    )
                    continue
                if "title" in spec and "start" in spec:
                    roles[name] = Role(name, spec["title"], spec.get("summary", ""), spec["start"], loc)
        return roles

    def _variables(self, roles: dict[str, Role]) -> dict[str, Variable]:
        variables: dict[str, Variable] = {}
        for raw in self.packs:
            if raw.info is None:
                continue
            for name, (spec, key, _value) in raw.info.get("variables", {}).items():
                loc = Loc(raw.pack_file, key.line, key.col)
                if name in variables:
                    self.error(
                        loc,
                        f"variable '{name}' is declared twice (first at {variables[name].loc})",
                        "rename one of them",
                        code="duplicate",
                    )
                    continue
                if name in ("and", "or", "not", "true", "false", "visited", "chose"):
                    self.error(
                        loc, f"'{name}' is a word of the expression language", "choose another name", code="variable"
                    )
                    continue
                variable = self._variable(name, spec, raw.pack_file, loc, roles)
                if variable is not None:
                    variables[name] = variable
        return variables

    def _variable(
        self, name: str, spec: dict[str, Any], file: str, loc: Loc, roles: dict[str, Role]
    ) -> Variable | None:
        kind = spec.get("type", "number")
        role = spec.get("role")
        if role is not None and role not in roles:
            self.error(
                _loc(spec, file, "role"),
                f"variable '{name}' names an unknown role '{role}'",
                f"roles: {', '.join(roles) or 'none declared'}",
                code="variable",
            )
            return None
        initial_text = spec.get("initial")
        if kind == "flag":
            if "min" in spec or "max" in spec:
                self.error(
                    _loc(spec, file, "min" if "min" in spec else "max"),
                    f"flag '{name}' cannot have min or max",
                    "remove them, or make it a number (type: number)",
                    code="variable",
                )
            initial: int | bool = False
            if initial_text is not None:
                if initial_text not in ("true", "false"):
                    self.error(
                        _loc(spec, file, "initial"),
                        f"flag '{name}' must start true or false",
                        "write initial: true or initial: false",
                        code="variable",
                    )
                initial = initial_text == "true"
            return Variable(name, spec.get("label", name), "flag", initial, 0, 1, spec.get("shown", False), role, loc)
        low, high = spec.get("min", 0), spec.get("max", 10)
        if low > high:
            self.error(
                _loc(spec, file, "min"),
                f"variable '{name}' has min {low} above max {high}",
                "swap them",
                code="variable",
            )
            low, high = high, low
        initial = low
        if initial_text is not None:
            # Mistakes here are reported, but the variable is still declared so its uses do not cascade into errors.
            if not re.fullmatch(r"[+-]?\d{1,9}", initial_text):
                self.error(
                    _loc(spec, file, "initial"),
                    f"variable '{name}' must start at a whole number, not {initial_text!r}",
                    f"write a number from {low} to {high}",
                    code="variable",
                )
            else:
                initial = int(initial_text)
                if not low <= initial <= high:
                    self.error(
                        _loc(spec, file, "initial"),
                        f"variable '{name}' starts at {initial}, outside {low}..{high}",
                        "change initial, min or max",
                        code="variable",
                    )
                    initial = max(low, min(high, initial))
        return Variable(name, spec.get("label", name), "number", initial, low, high, spec.get("shown", True), role, loc)

    # -- reference files -------------------------------------------------------

    def _entries(self, attr: str, make: Any, what: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for raw in self.packs:
            for record, file in getattr(raw, attr):
                if "id" not in record:
                    continue
                loc = _loc(record, file, "id")
                if record["id"] in out:
                    self.error(
                        loc,
                        f"{what} '{record['id']}' is defined twice (first at {out[record['id']].loc})",
                        "remove or rename one of them",
                        code="duplicate",
                    )
                    continue
                made = make(record, file, loc)
                if made is not None:
                    out[record["id"]] = made
        return out

    def _source(self, record: dict[str, Any], file: str, loc: Loc) -> Source | None:
        url = record.get("url", "")
        reason = links.url_problem(url) if url else None
        if reason is not None:
            self.error(
                _loc(record, file, "url"),
                f"the url {_short(url)} of source '{record['id']}' cannot be opened: {reason}",
                "give the whole web address, starting with https:// or http://, or remove url:",
                code="link",
            )
        if "title" not in record or "kind" not in record or reason is not None:
            return None
        return Source(
            record["id"],
            record["kind"],
            record["title"],
            record.get("author", ""),
            record.get("publisher", ""),
            record.get("year"),
            record.get("url", ""),
            record.get("note", ""),
            loc,
        )

    def _event(self, record: dict[str, Any], file: str, loc: Loc) -> TimelineEvent | None:
        date = record.get("date")
        if date is None or "title" not in record or "summary" not in record:
            return None
        if isinstance(date, dict):
            start, end = date.get("start"), date.get("end")
            if start is None or end is None:
                return None
            if end < start:
                self.error(
                    _loc(record, file, "date"),
                    f"event '{record['id']}' ends ({end}) before it starts ({start})",
                    "swap start and end",
                    code="date",
                )
                return None
        else:
            start = end = date
        figures = tuple((f["label"], f["value"]) for f in record.get("figures", []) if "label" in f and "value" in f)
        return TimelineEvent(
            record["id"], start, end, record["title"], record["summary"], figures, tuple(record.get("sources", [])), loc
        )

    def _glossary_entry(self, record: dict[str, Any], file: str, loc: Loc) -> GlossaryEntry | None:
        if not all(k in record for k in ("term", "kind", "text")):
            return None
        return GlossaryEntry(
            record["id"], record["term"], record["kind"], record["text"], tuple(record.get("aliases", [])), loc
        )

    def _check_event_sources(self, timeline: dict[str, TimelineEvent], sources: dict[str, Source]) -> None:
        for event in timeline.values():
            for source in event.sources:
                if source not in sources:
                    self.error(
                        event.loc,
                        f"timeline event '{event.id}' cites unknown source '{source}'",
                        self._did_you_mean(source, sources, "add it to sources.yaml"),
                        code="source",
                    )

    # -- scenes ----------------------------------------------------------------

    def _raw_scenes(self, roles: dict[str, Role]) -> dict[str, tuple[dict[str, Any], str, str, str]]:
        """Scene records by id, after mods replaced what they replace; value: (record, file, role, pack id)."""
        found: dict[str, tuple[dict[str, Any], str, str, str]] = {}
        extensions: list[tuple[dict[str, Any], str, int]] = []
        for index, raw in enumerate(self.packs):
            pack_id = raw.info.get("id", "") if raw.info else ""
            for record, file, folder in raw.scenes:
                if "extend" in record:
                    extensions.append((record, file, index))
                    continue
                if "id" not in record:
                    continue
                scene_id = record["id"]
                loc = _loc(record, file, "id")
                role = record.get("role") or (folder if folder in roles else None)
                if role is None:
                    if any(p.info is None for p in self.packs):
                        continue  # the roles are in a manifest that could not be read; that error is enough
                    where = f"folder '{folder}' is not a role" if folder else "the file is not in a role's folder"
                    self.error(
                        loc,
                        f"scene '{scene_id}' has no role ({where})",
                        f"move it into a role folder ({', '.join(f'{r}/' for r in roles)}) or add role:",
                        code="role",
                    )
                    continue
                if role not in roles:
                    self.error(
                        _loc(record, file, "role"),
                        f"scene '{scene_id}' names an unknown role '{role}'",
                        f"roles: {', '.join(roles)}",
                        code="role",
                    )
                    continue
                if scene_id in found:
                    first = found[scene_id]
                    first_loc = _loc(first[0], first[1], "id")
                    if record.get("replace") and index > 0:
                        found[scene_id] = (record, file, role, pack_id)
                        continue
                    hint = (
                        "add 'replace: true' to the mod's scene to replace the base scene"
                        if index > 0
                        else "scene ids must be unique: rename one of them"
                    )
                    self.error(loc, f"scene id '{scene_id}' is already used at {first_loc}", hint, code="duplicate")
                    continue
                if record.get("replace"):
                    self.error(
                        _loc(record, file, "replace"),
                        f"scene '{scene_id}' says replace: true, but there is no scene to replace",
                        "remove replace:, or check the id against the base pack",
                        code="replace",
                    )
                found[scene_id] = (record, file, role, pack_id)
        for record, file, index in extensions:
            self._extend(record, file, index, found)
        return found

    def _extend(
        self, record: dict[str, Any], file: str, index: int, found: dict[str, tuple[dict[str, Any], str, str, str]]
    ) -> None:
        """Attach a mod's extra choices and prompts to the scene it names."""
        target_id = record["extend"]
        loc = _loc(record, file, "extend")
        target = found.get(target_id)
        if index == 0:
            self.error(
                loc, f"'extend: {target_id}' is only for mods", "in a base pack, edit the scene itself", code="extend"
            )
            return
        if target is None:
            self.error(
                loc,
                f"'extend: {target_id}': there is no scene with this id",
                self._did_you_mean(target_id, found, "extend names a scene of the pack below"),
                code="extend",
            )
            return
        if "ending" in target[0] and record.get("choices"):
            self.error(
                loc,
                f"scene '{target_id}' is an ending; choices cannot be added to it",
                "replace the scene (replace: true) if it should lead on",
                code="extend",
            )
            return
        target[0].setdefault("_extra_choices", []).extend((choice, file) for choice in record.get("choices", []))
        target[0].setdefault("_extra_discuss", []).extend(record.get("discuss", []))

    def _scenes(
        self,
        raw_scenes: dict[str, tuple[dict[str, Any], str, str, str]],
        variables: dict[str, Variable],
        sources: dict[str, Source],
        timeline: dict[str, TimelineEvent],
    ) -> dict[str, Scene]:
        types_by_role: dict[str, dict[str, str]] = {}
        for _record, _file, role, _pack in raw_scenes.values():
            if role not in types_by_role:
                types_by_role[role] = {v.name: v.type for v in variables.values() if v.role in (None, role)}
        choice_ids = set()
        for scene_id, (record, _file, _role, _pack) in raw_scenes.items():
            for choice, _where in _choices_of(record, _file):
                local = choice.get("id") or choice.get("goto")
                if local:
                    choice_ids.add(f"{scene_id}.{local}")
        scenes: dict[str, Scene] = {}
        for scene_id, (record, file, role, pack) in raw_scenes.items():
            scene = self._scene(
                record, file, role, pack, raw_scenes, variables, types_by_role[role], sources, timeline, choice_ids
            )
            if scene is not None:
                scenes[scene_id] = scene
        return scenes

    def _scene(
        self,
        record: dict[str, Any],
        file: str,
        role: str,
        pack: str,
        raw_scenes: dict[str, Any],
        variables: dict[str, Variable],
        types: dict[str, str],
        sources: dict[str, Source],
        timeline: dict[str, TimelineEvent],
        choice_ids: set[str],
    ) -> Scene | None:
        required = ("title", "date", "place", "text", "history")
        scene_id = record["id"]
        history_raw = record.get("history")
        choices: list[Choice] = []
        seen: dict[str, Loc] = {}
        refs = _Refs(self, raw_scenes, choice_ids, role)
        offered = _choices_of(record, file)
        if len(offered) > MAX_CHOICES_PER_SCENE:
            first_extra, where = offered[MAX_CHOICES_PER_SCENE]
            added = " (with those mods add by extend:)" if record.get("_extra_choices") else ""
            self.error(
                _loc(first_extra, where),
                f"scene '{scene_id}' has {len(offered):,} choices{added}; at most {MAX_CHOICES_PER_SCENE} are allowed",
                "split the decision over several scenes: no player can weigh that many options at once",
                code="limit",
            )
            offered = offered[:MAX_CHOICES_PER_SCENE]  # the rest are not checked either: the work stays bounded
        size = _text_size(record, offered)
        if size > MAX_SCENE_TEXT:
            self.error(
                _loc(record, file, "id"),
                f"scene '{scene_id}' holds {size:,} characters of text; at most {MAX_SCENE_TEXT:,} are allowed",
                "split it into several scenes (a screenful of prose is about 2,000 characters)",
                code="limit",
            )
        for choice, where in offered:
            made = self._choice(choice, where, scene_id, role, types, variables, refs)
            if made is None:
                continue
            if made.local_id in seen:
                self.error(
                    made.loc,
                    f"scene '{scene_id}' has two choices with the id '{made.local_id}' "
                    f"(first at {seen[made.local_id]})",
                    "give one of them an explicit, different id:",
                    code="duplicate",
                )
                continue
            seen[made.local_id] = made.loc
            choices.append(made)
        ending = None
        if "ending" in record:
            raw_end = record["ending"]
            if all(k in raw_end for k in ("title", "epilogue")):
                counterfactual = raw_end.get("counterfactual", False)
                if counterfactual and not raw_end.get("instead"):
                    self.error(
                        _loc(raw_end, file),
                        f"counterfactual ending '{scene_id}' does not say what really happened",
                        "add instead: with what really happened",
                        code="counterfactual",
                    )
                ending = Ending(raw_end["title"], raw_end["epilogue"], counterfactual, raw_end.get("instead", ""))
                self._check_interpolation(raw_end, "epilogue", file, types)
                self._check_links(raw_end, "epilogue", file)
                self._check_links(raw_end, "instead", file)
            if record.get("choices"):
                self.error(
                    _loc(record, file, "choices"),
                    f"ending '{scene_id}' also has choices",
                    "an ending is where play stops: remove choices:, or remove ending:",
                    code="ending",
                )
        elif not record.get("choices"):
            self.error(
                _loc(record, file, "id"),
                f"scene '{scene_id}' has no choices and is not an ending",
                "add choices:, or an ending: block",
                code="dead-end",
            )
        history = None
        if isinstance(history_raw, dict) and "text" in history_raw and "sources" in history_raw:
            for index, source in enumerate(history_raw["sources"]):
                if source not in sources:
                    node = history_raw["_keys"]["sources"].value[index]
                    self.error(
                        Loc(file, node.line, node.col),
                        f"scene '{scene_id}' cites unknown source '{source}'",
                        self._did_you_mean(source, sources, "add the work to sources.yaml, or cite one that is there"),
                        code="source",
                    )
            history = History(history_raw["text"], tuple(history_raw["sources"]), _loc(history_raw, file))
            self._check_links(history_raw, "text", file)
        anchor = record.get("anchor")
        if anchor is not None and anchor not in timeline:
            self.error(
                _loc(record, file, "anchor"),
                f"anchor '{anchor}' is not an event in timeline.yaml",
                self._did_you_mean(anchor, timeline, "add the event to timeline.yaml, or remove anchor:"),
                code="anchor",
            )
        self._check_interpolation(record, "text", file, types)
        self._check_links(record, "text", file)
        if any(key not in record for key in required) or history is None:
            return None
        locs = {key: _loc(record, file, key) for key in record["_keys"]}
        return Scene(
            scene_id,
            role,
            record["title"],
            record["date"],
            record["place"],
            record["text"],
            history,
            tuple(choices),
            anchor,
            record.get("flashback", False),
            tuple(record.get("discuss", [])) + tuple(record.get("_extra_discuss", [])),
            ending,
            pack,
            _loc(record, file, "id"),
            locs,
        )

    def _choice(
        self,
        raw: dict[str, Any],
        file: str,
        scene_id: str,
        role: str,
        types: dict[str, str],
        variables: dict[str, Variable],
        refs: _Refs,
    ) -> Choice | None:
        if "label" not in raw or "goto" not in raw:
            return None
        goto = raw["goto"]
        goto_loc = _loc(raw, file, "goto")
        target = refs.raw_scenes.get(goto)
        if target is None:
            same_role = refs.scenes_of_role()
            self.error(
                goto_loc,
                f"goto '{goto}': there is no scene with this id",
                self._did_you_mean(goto, same_role, "check the spelling, or write the scene"),
                code="goto",
            )
        elif target[2] != role:
            self.error(
                goto_loc,
                f"goto '{goto}' leads into role '{target[2]}' from a scene of role '{role}'",
                "a role's scenes lead only to scenes of the same role",
                code="goto",
            )
        local = raw.get("id") or goto
        self._check_links(raw, "record", file)
        if len(raw["label"]) > MAX_LABEL:
            self.error(
                _loc(raw, file, "label"),
                f"this choice's label has {len(raw['label']):,} characters; at most {MAX_LABEL} are allowed",
                "keep the label to what the player does; put the rest in the scene's text or the record",
                code="limit",
            )
        condition = None
        if "if" in raw:
            condition = self._expression(raw["if"], file, types, refs, want="flag")
        effects: list[Effect] = []
        for mode in ("do", "set"):
            for name, (value, key, _node) in raw.get(mode, {}).items():
                variable = variables.get(name)
                if name not in types:
                    if variable is not None:
                        hint = f"'{name}' belongs to role '{variable.role}'; this scene is in role '{role}'"
                    else:
                        hint = self._did_you_mean(name, types, "declare it under variables: in pack.yaml")
                    self.error(Loc(file, key.line, key.col), f"unknown variable '{name}'", hint, code="variable")
                    continue
                if mode == "do" and types[name] != "number":
                    self.error(
                        Loc(file, key.line, key.col),
                        f"'{name}' is a flag; do: adds to numbers",
                        f"use set: {{{name}: true}} for flags",
                        code="variable",
                    )
                    continue
                compiled = self._expression(value, file, types, refs, want=types[name] if mode == "set" else "number")
                if compiled is not None:
                    effects.append(Effect(name, "add" if mode == "do" else "set", compiled))
        return Choice(
            f"{scene_id}.{local}",
            local,
            scene_id,
            raw["label"],
            goto,
            condition,
            tuple(effects),
            raw.get("record", ""),
            _loc(raw, file),
            goto_loc,
        )

    def _expression(
        self, source: schema.ExprSource, file: str, types: dict[str, str], refs: _Refs, want: str
    ) -> expressions.CompiledExpr | None:
        node = source.node
        try:
            compiled = expressions.build(source.text, types)
        except expressions.ExpressionError as exc:
            self.error(
                _expr_loc(file, node, source.text, exc.offset),
                f"in expression {_short(source.text)}: {exc.message}",
                exc.hint,
                code="expression",
            )
            return None
        if compiled.kind != want:
            hint = (
                "a condition is true or false, e.g. trust >= 4"
                if want == "flag"
                else "give a whole number, e.g. +1 or trust - 2"
            )
            self.error(
                Loc(file, node.line, node.col),
                f"expression {_short(source.text)} gives a {compiled.kind}, but a {want} is needed here",
                hint,
                code="expression",
            )
            return None
        for function, ident, offset in expressions.references(compiled.tree):
            problem = refs.check(function, ident)
            if problem:
                self.error(_expr_loc(file, node, source.text, offset), problem[0], problem[1], code="expression")
        return compiled

    def _check_interpolation(self, record: dict[str, Any], key: str, file: str, types: dict[str, str]) -> None:
        """Every ``{...}`` of a text must name a variable of its role (:mod:`game.story.placeholders`)."""
        text = record.get(key)
        if not isinstance(text, str):
            return
        node = record["_keys"][key]
        reported = 0
        for place in placeholders.places(text):
            if place.name is not None and place.name in types:
                continue
            reported += 1
            if reported > MAX_PLACE_PROBLEMS:
                continue
            loc = _text_loc(file, node, text, place.start)
            shown = _short("{" + place.inner + "}").strip("'\"")
            if place.name is None:
                name = place.inner.strip()
                fix = (
                    f"write {{{name}}}, with nothing else between the braces, or"
                    if len(name) <= schema.MAX_ID_LENGTH and placeholders.NAME.fullmatch(name)
                    else "write"
                )
                self.error(
                    loc,
                    f"{shown} in the {key} is not a place for a value: only a variable's name may stand between "
                    "the braces, so the player would see it as it is written",
                    f"{fix} {{{{ and }}}} for braces the player should see",
                    code="interpolation",
                )
            else:
                self.error(
                    loc,
                    f"{shown} in the {key} is not a declared variable of this role",
                    self._did_you_mean(place.name, types, "write {{ and }} for literal braces"),
                    code="interpolation",
                )
        if reported > MAX_PLACE_PROBLEMS:
            self.error(
                _loc(record, file, key),
                f"{reported - MAX_PLACE_PROBLEMS:,} more {{...}} places in the {key} name no variable (not listed)",
                "fix the ones listed and check again",
                code="interpolation",
            )

    def _check_links(self, record: dict[str, Any], key: str, file: str) -> None:
        """Every link in a Markdown text must be a web address the game may open (:mod:`game.story.links`)."""
        text = record.get(key)
        if not isinstance(text, str):
            return
        targets = links.markdown_links(text)
        if not targets:
            return
        node = record["_keys"][key]
        bad = [(target, reason) for target in targets if (reason := links.url_problem(target)) is not None]
        for target, reason in bad[:MAX_PLACE_PROBLEMS]:
            offset = text.find(target)
            self.error(
                _text_loc(file, node, text, offset) if offset >= 0 else _loc(record, file, key),
                f"the link {_short(target)} in the {key} cannot be opened: {reason}",
                "a link must be a whole web address starting with https:// or http://, "
                "e.g. [the Action Programme](https://www.marxists.org/…)",
                code="link",
            )
        if len(bad) > MAX_PLACE_PROBLEMS:
            self.error(
                _loc(record, file, key),
                f"{len(bad) - MAX_PLACE_PROBLEMS:,} more links in the {key} cannot be opened (not listed)",
                "fix the ones listed and check again",
                code="link",
            )

    def _fixed_points(self, roles: dict[str, Role], timeline: dict[str, TimelineEvent]) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for raw in self.packs:
            if raw.info is None or "fixed_points" not in raw.info:
                continue
            value = raw.info["fixed_points"]
            node = raw.info["_keys"]["fixed_points"]
            if isinstance(value, list):
                per_role = {role: (value, node) for role in roles}
            else:
                per_role = {}
                for role, (ids, key, val) in value.items():
                    if role not in roles:
                        self.error(
                            Loc(raw.pack_file, key.line, key.col),
                            f"fixed_points names an unknown role '{role}'",
                            f"roles: {', '.join(roles)}",
                            code="fixed-point",
                        )
                        continue
                    per_role[role] = (ids, val)
            for role, (ids, where) in per_role.items():
                for index, ident in enumerate(ids):
                    item = where.value[index] if where.kind == "seq" and index < len(where.value) else where
                    if ident not in timeline:
                        self.error(
                            Loc(raw.pack_file, item.line, item.col),
                            f"fixed point '{ident}' is not an event in timeline.yaml",
                            self._did_you_mean(ident, timeline, "fixed points are timeline ids"),
                            code="fixed-point",
                        )
                result[role] = tuple(ids)
        return result

    def _did_you_mean(self, name: str, known: Iterable[str], otherwise: str) -> str:
        """A "did you mean" hint; bounded per load, so thousands of broken ids still check in a moment."""
        if self.suggestions_left <= 0 or len(name) > 100:
            return otherwise
        self.suggestions_left -= 1
        candidates = list(known)[:MAX_SUGGESTION_CANDIDATES]
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
        return f"did you mean '{close[0]}'?" if close else otherwise


@dataclass
class _Refs:
    """Checks the ids named in visited(...) and chose(...)."""

    builder: _Builder
    raw_scenes: dict[str, Any]
    choice_ids: set[str]
    role: str

    def scenes_of_role(self) -> list[str]:
        """Scene ids of this role, for "did you mean" hints; listed once per load, not once per mistake."""
        cache = self.builder.role_scene_ids
        if self.role not in cache:
            cache[self.role] = [sid for sid, entry in self.raw_scenes.items() if entry[2] == self.role]
        return cache[self.role]

    def check(self, function: str, ident: str) -> tuple[str, str] | None:
        if function == "visited":
            if ident not in self.raw_scenes:
                return (
                    f'visited("{ident}"): there is no scene with this id',
                    self.builder._did_you_mean(ident, self.raw_scenes, "check the spelling"),
                )
            return None
        if "." not in ident:
            return (f'chose("{ident}") needs a scene and a choice', 'write chose("scene_id.choice_id")')
        if ident not in self.choice_ids:
            return (
                f'chose("{ident}"): there is no such choice',
                self.builder._did_you_mean(ident, self.choice_ids, "a choice id is scene_id.choice_id"),
            )
        return None


MAX_SUGGESTIONS = 50
MAX_SUGGESTION_CANDIDATES = 2000


def _choices_of(record: dict[str, Any], file: str) -> list[tuple[dict[str, Any], str]]:
    """A scene's own choices, then those mods added, each with the file it is written in."""
    return [(choice, file) for choice in record.get("choices", [])] + list(record.get("_extra_choices", []))


def _text_size(record: dict[str, Any], choices: list[tuple[dict[str, Any], str]]) -> int:
    """Characters of text a scene shows: its prose, history, choices, prompts and ending, with mods' additions."""
    size = sum(len(record.get(key, "")) for key in ("title", "place", "text"))
    history = record.get("history")
    if isinstance(history, dict):
        size += len(history.get("text", ""))
    for choice, _where in choices:
        size += len(choice.get("label", "")) + len(choice.get("record", ""))
    for prompt in record.get("discuss", []) + record.get("_extra_discuss", []):
        size += len(prompt)
    ending = record.get("ending")
    if isinstance(ending, dict):
        size += sum(len(ending.get(key, "")) for key in ("title", "epilogue", "instead"))
    return size


def _short(text: str, limit: int = 60) -> str:
    """An expression quoted for a message, cut short so a 5,000-character mistake stays readable."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _expr_loc(file: str, node: Node, text: str, offset: int) -> Loc:
    if "\n" in text:
        return Loc(file, node.line, node.col)
    return Loc(file, node.line, node.col + offset + (0 if node.plain else 1))


def _text_loc(file: str, node: Node, text: str, offset: int) -> Loc:
    """Where ``offset`` of a text value is in its file: exact on one line; the value's start for a block or lines."""
    if node.block or "\n" in text:
        return Loc(file, node.line, node.col)
    return Loc(file, node.line, node.col + offset + (0 if node.plain else 1))


def load_with_problems(paths: Sequence[str | os.PathLike[str]] | None = None) -> tuple[Story | None, list[Problem]]:
    """Load the packs in order (a base, then mods); the story is None when any error was found."""
    from game.story.locate import base_pack

    roots = [Path(p) for p in paths] if paths else [Path(base_pack())]
    with paused_gc():
        reader = _Reader()
        raw = [_read_pack(root, reader) for root in roots]
        first = raw[0].info if raw else None
        if first and first.get("extends"):
            base = Path(base_pack())
            if base.resolve() not in [r.resolve() for r in roots]:
                base_raw = _read_pack(base, reader)
                if base_raw.info and base_raw.info.get("id") == first["extends"]:
                    raw.insert(0, base_raw)  # a mod of the base campaign loads on top of it without asking
        story = None
        if not any(pack.over_limit for pack in raw):
            story = _Builder(raw, reader.problems, reader.unreadable).build(reader.hash.hexdigest())
    return story, reader.problems


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a pack loads.

    Loading makes hundreds of thousands of small objects and no cycles, so the
    collector only rescans them again and again (four times the whole load on
    a 10,000-scene pack, and worse than linear). Reference counting still
    frees everything; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything allocated meanwhile would otherwise be scanned by a full collection at the
            # very next allocation; what survives the load is long-lived, so move it out of the
            # collector's way (objects still die by reference counting when released).
            gc.freeze()
            gc.enable()


def load_story(paths: Sequence[str | os.PathLike[str]] | None = None) -> Story:
    """Load the packs, or raise :class:`PackError` carrying every problem found."""
    story, problems = load_with_problems(paths)
    if story is None:
        raise PackError(problems)
    return story

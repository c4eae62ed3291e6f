"""Building the :class:`Story` from merged raw records, cross-checking every reference.

Gotos, variables, expressions, sources, anchors, fixed points, ``{...}`` places and
links are all checked here, each mistake reported with its file, line and column;
the Story is built only when no error was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import MappingProxyType
from typing import Any, cast

from game.story import expressions, limits, links, placeholders, schema
from game.story.errors import Loc, PackedLocs, Problem, loc_at, packed_place, places
from game.story.merging import SceneMerger, pack_infos
from game.story.model import (
    Choice,
    Effect,
    Ending,
    GlossaryEntry,
    History,
    Passage,
    Role,
    Scene,
    Source,
    Story,
    TimelineEvent,
    Variable,
    join_passages,
)
from game.story.reading import UnreadScenes
from game.story.records import MergedScene, RawPack
from game.story.report import Report
from game.story.schema import FALSE_WORDS, TRUE_WORDS, Entry, MapItem
from game.story.yamlnodes import Node, line_and_column, line_col

TREES_KEPT = 1 << 15
"""Distinct expression subtrees the builder's sharing table holds before it starts again (after a file).

Most entries of a big pack's table are subtrees met once (``visited("s4711")``); the ones that
repeat (``trust >= 4``) are met again within a file or two and come back. Bounded, the table costs
at most about 2.5 MiB at the load's peak instead of 120 bytes a scene (6 MiB on 50,000 scenes), for
at most one more copy of each repeated subtree each time it starts again.
"""


class Builder:
    """Turns validated raw packs into a Story, cross-checking references."""

    def __init__(self, packs: list[RawPack], problems: list[Problem], unread: UnreadScenes | None = None) -> None:
        self.packs = packs
        self.report = Report(problems)
        self.unread = unread or UnreadScenes()
        """The scene files that could not be read: a scene they may define is not reported missing again."""
        self.role_scene_ids: dict[str, list[str]] = {}
        self.compiled: dict[int, tuple[dict[str, str], dict[str, expressions.CompiledExpr]]] = {}
        """Expressions compiled so far, by the identity of the variable types they were compiled against (the
        dict is kept, so its id cannot be reused) and their text: ``+1`` or ``trust >= 4`` is compiled once and
        shared by every choice that writes it, which saves both the work and the memory of compiling it again."""
        self.trees: dict[expressions.Expr, expressions.Expr] = {}
        """Each distinct subtree of the pack's expressions, one object (:func:`expressions.shared_tree`)."""
        self.shared: dict[Any, Any] = {}
        """Equal immutable parts of the Story (effects, their tuples, dates, lists of ids, key names), one object
        each: on a pack of many alike scenes, every ``do: {trust: +1}`` is then the same Effect."""
        self.merged: dict[str, MergedScene] = {}
        """Every scene id met so far in the files read, with its role (:class:`SceneMerger`'s table)."""
        self.choice_ids: dict[str, tuple[str, ...]] = {}
        """The local ids of the choices of each scene met so far (``chose("scene.choice")`` is checked here)."""
        self.pending: list[tuple[str, str, str, int, str]] = []
        """References to scenes or choices not met yet (``goto``, ``visited``, ``chose``; the id; the file and the
        :func:`~game.story.errors.packed_place` where it is named; the role of the scene naming it): files are
        built one at a time, so a reference into a later file is checked once that file is read, and reported
        only when no file defines it (most gotos lead forward: a Loc is made only for a message)."""
        self.types_by_role: dict[str, dict[str, str]] = {}
        self._every_choice_id: list[str] | None = None
        self.no_references: set[int] = set()
        """Compiled expressions (by identity) that name no scene or choice: ``+1`` is written on most choices,
        and walking its tree again for references each time was a tenth of the build's time."""
        self.constants: dict[int, int | bool | None] = {}
        """The constant value (or None) of each compiled effect, by identity, for :meth:`_check_effect_range`."""

    # -- entry point --------------------------------------------------------

    def build(self, content_hash: str | Callable[[], str]) -> Story | None:
        """The Story, or None when any error was found (every problem is in the report, after the files' own).

        ``content_hash`` may be a function, called once every file is read: the reader hashes the scene
        files as the build reads them. The builder's findings come after every problem of reading the files,
        as when all files were read first; a pack over the scene limit is not cross-checked at all.
        """
        problems = self._files_problems = self.report.problems
        self.report.problems = []
        try:
            story = self._build(content_hash)
        finally:
            found, self.report.problems = self.report.problems, problems
            if not self.over_limit:
                problems.extend(found)
        if story is None or self.over_limit or any(p.severity == "error" for p in problems):
            return None
        return story

    over_limit = False
    """A pack breaks the pack's scene limit: nothing more is built, and the builder's findings are dropped."""

    def _build(self, content_hash: str | Callable[[], str]) -> Story | None:
        infos = pack_infos(self.packs, self.report)
        if self.report.stacking_failed:
            return None  # a mod without its base: every other finding would follow from that one
        roles = self._roles()
        variables = self._variables(roles)
        sources = self._entries("sources", self._source, "source")
        timeline = self._entries("timeline", self._event, "timeline event")
        glossary = self._entries("glossary", self._glossary_entry, "glossary entry")
        self._check_event_sources(timeline, sources)
        scenes = self._scenes(roles, variables, sources, timeline)
        if self.over_limit:
            return None
        merged = self.merged
        fixed = self._fixed_points(roles, timeline)
        for role in roles.values():
            start = scenes.get(role.start)
            if start is None:
                if role.start not in merged and not self.unread.may_define(role.start):
                    self.report.error(
                        role.loc,
                        f"role '{role.id}' starts at scene '{role.start}', which does not exist",
                        self.report.did_you_mean(role.start, merged, "set start: to the id of the first scene"),
                        code="missing-start",
                    )
            elif start.role != role.id:
                self.report.error(
                    role.loc,
                    f"role '{role.id}' starts at '{role.start}', a scene of role '{start.role}'",
                    "start each role at one of its own scenes",
                    code="missing-start",
                )
        if not roles and infos:
            self.report.error(
                Loc(self.packs[0].pack_file, 1, 1),
                "the pack declares no roles",
                "add roles: with at least one role and its start scene",
                code="missing-start",
            )
        if any(p.severity == "error" for p in self.report.problems) or not infos:
            return None
        digest = content_hash() if callable(content_hash) else content_hash
        # The scenes as a read-only view of the builder's own dict, which it no longer writes: a copy would
        # be one more table of every scene at the load's peak.
        frozen = MappingProxyType(scenes)
        return Story(tuple(infos), roles, variables, frozen, timeline, sources, glossary, fixed, digest)

    def _once(self, value: Any) -> Any:
        """``value``, or the equal one already in the Story (``value`` must be immutable and hashable)."""
        return self.shared.setdefault(value, value)

    def _roles(self) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        for raw in self.packs:
            if raw.info is None:
                continue
            for name, item in raw.info.get("roles", {}).items():
                spec, key = item.value, item.key
                loc = Loc(raw.pack_file, key.line, key.col)
                if name in roles:
                    self.report.error(
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
            for name, item in raw.info.get("variables", {}).items():
                spec, key = item.value, item.key
                loc = Loc(raw.pack_file, key.line, key.col)
                if name in variables:
                    self.report.error(
                        loc,
                        f"variable '{name}' is declared twice (first at {variables[name].loc})",
                        "rename one of them",
                        code="duplicate",
                    )
                    continue
                if name in ("and", "or", "not", "true", "false", "visited", "chose"):
                    self.report.error(
                        loc, f"'{name}' is a word of the expression language", "choose another name", code="variable"
                    )
                    continue
                variable = self._variable(name, spec, loc, roles)
                if variable is not None:
                    variables[name] = variable
        return variables

    def _variable(self, name: str, spec: Entry, loc: Loc, roles: dict[str, Role]) -> Variable | None:
        kind = spec.get("type", "number")
        role = spec.get("role")
        if role is not None and role not in roles:
            self.report.error(
                spec.loc("role"),
                f"variable '{name}' names an unknown role '{role}'",
                f"roles: {', '.join(roles) or 'none declared'}",
                code="variable",
            )
            return None
        initial_text = spec.get("initial")
        if kind == "flag":
            if "min" in spec or "max" in spec:
                self.report.error(
                    spec.loc("min" if "min" in spec else "max"),
                    f"flag '{name}' cannot have min or max",
                    "remove them, or make it a number (type: number)",
                    code="variable",
                )
            initial: int | bool = False
            if initial_text is not None:
                if initial_text not in TRUE_WORDS | FALSE_WORDS:  # the spellings the JSON Schema allows, too
                    self.report.error(
                        spec.loc("initial"),
                        f"flag '{name}' must start true or false",
                        "write initial: true or initial: false",
                        code="variable",
                    )
                initial = initial_text in TRUE_WORDS
            return Variable(name, spec.get("label", name), "flag", initial, 0, 1, spec.get("shown", False), role, loc)
        low, high = spec.get("min", 0), spec.get("max", 10)
        if low > high:
            self.report.error(
                spec.loc("min"),
                f"variable '{name}' has min {low} above max {high}",
                "swap them",
                code="variable",
            )
            low, high = high, low
        initial = low
        if initial_text is not None:
            # Mistakes here are reported, but the variable is still declared so its uses do not cascade into errors.
            if not re.fullmatch(r"[+-]?\d{1,9}", initial_text):
                self.report.error(
                    spec.loc("initial"),
                    f"variable '{name}' must start at a whole number, not {initial_text!r}",
                    f"write a number from {low} to {high}",
                    code="variable",
                )
            else:
                initial = int(initial_text)
                if not low <= initial <= high:
                    self.report.error(
                        spec.loc("initial"),
                        f"variable '{name}' starts at {initial}, outside {low}..{high}",
                        "change initial, min or max",
                        code="variable",
                    )
                    initial = max(low, min(high, initial))
        return Variable(name, spec.get("label", name), "number", initial, low, high, spec.get("shown", True), role, loc)

    # -- reference files -------------------------------------------------------

    def _entries(self, attr: str, make: Any, what: str) -> dict[str, Any]:
        """The entries of one reference file over all packs, by id; an id defined twice is an error."""
        out: dict[str, Any] = {}
        for raw in self.packs:
            record: Entry
            for record in getattr(raw, attr):
                if "id" not in record:
                    continue
                loc = record.loc("id")
                if record["id"] in out:
                    self.report.error(
                        loc,
                        f"{what} '{record['id']}' is defined twice (first at {out[record['id']].loc})",
                        "remove or rename one of them",
                        code="duplicate",
                    )
                    continue
                made = make(record, loc)
                if made is not None:
                    out[record["id"]] = made
        return out

    def _source(self, record: Entry, loc: Loc) -> Source | None:
        url = record.get("url", "")
        reason = links.url_problem(url) if url else None
        if reason is not None:
            self.report.error(
                record.loc("url"),
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

    def _event(self, record: Entry, loc: Loc) -> TimelineEvent | None:
        date = record.get("date")
        if date is None or "title" not in record or "summary" not in record:
            return None
        if isinstance(date, dict):
            start, end = date.get("start"), date.get("end")
            if start is None or end is None:
                return None
            if end < start:
                self.report.error(
                    record.loc("date"),
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

    def _glossary_entry(self, record: Entry, loc: Loc) -> GlossaryEntry | None:
        if not all(k in record for k in ("term", "kind", "text")):
            return None
        return GlossaryEntry(
            record["id"], record["term"], record["kind"], record["text"], tuple(record.get("aliases", [])), loc
        )

    def _check_event_sources(self, timeline: dict[str, TimelineEvent], sources: dict[str, Source]) -> None:
        for event in timeline.values():
            for source in event.sources:
                if source not in sources and not self.unread.could_not_read("sources.yaml"):
                    self.report.error(
                        event.loc,
                        f"timeline event '{event.id}' cites unknown source '{source}'",
                        self.report.did_you_mean(source, sources, "add it to sources.yaml"),
                        code="source",
                    )

    # -- scenes ----------------------------------------------------------------

    def _scenes(
        self,
        roles: dict[str, Role],
        variables: dict[str, Variable],
        sources: dict[str, Source],
        timeline: dict[str, TimelineEvent],
    ) -> dict[str, Scene]:
        """Every scene, built one file at a time in pack order; then mods' extensions; then what was left open.

        A file's entries are let go once its scenes are built, so the next file reuses their memory: the
        load's peak is the Story and one file's records, not the Story and every file's (issue 21; on the
        generated 50,000-scene pack the raw records of all files took 5.9 KiB a scene, the Story 3.4).
        References into files not read yet wait in :attr:`pending` and are settled after each file.
        """
        merger = SceneMerger(self.packs, roles, self.report)
        self.merged = merger.found
        scenes: dict[str, Scene] = merger.built
        for index, raw in enumerate(self.packs):
            count, limit_at = 0, None
            for batch in raw.batches():
                before = count
                count += sum(1 for scene in batch if "extend" not in scene.entry)
                if limit_at is None and count > limits.MAX_SCENES_PER_PACK:
                    over = [scene.entry for scene in batch if "extend" not in scene.entry]
                    limit_at = over[limits.MAX_SCENES_PER_PACK - before].loc()
                    self.over_limit = True
                if self.over_limit:
                    continue  # read on for each file's own problems; nothing more is built or cross-checked
                for raw_scene in batch:
                    merged = merger.add(index, raw.pack_id, raw_scene)
                    if merged is None:
                        continue
                    made = self._scene(merged, variables, self._types(merged.role, variables), sources, timeline)
                    scene_id = merged.entry["id"]
                    if made is not None:
                        scenes[scene_id] = made
                        merger.built_as(scene_id, made)  # its entry is let go with the file's
                    else:  # an error was reported; the entry stays, for "already used at" of a later duplicate
                        scenes.pop(scene_id, None)  # a mod's replacement that failed: the base scene is not played
                del batch  # freed before the next file is read
                self._settle(final=False)
                if len(self.trees) > TREES_KEPT:
                    self.trees.clear()  # see TREES_KEPT
            if limit_at is not None:
                self._files_problems.append(
                    Problem(
                        limit_at,
                        f"the pack has {count:,} scenes; at most {limits.MAX_SCENES_PER_PACK:,} are allowed "
                        "in one pack",
                        "split the story into several packs, or make it shorter",
                        code="limit",
                    )
                )
        if self.over_limit:
            return scenes
        self._extend(merger, scenes, variables)
        self._settle(final=True)
        return scenes

    def _types(self, role: str, variables: dict[str, Variable]) -> dict[str, str]:
        """The variables a role's scenes may use, by name and type (one dict per role, so compiled ones are shared)."""
        types = self.types_by_role.get(role)
        if types is None:
            types = self.types_by_role[role] = {v.name: v.type for v in variables.values() if v.role in (None, role)}
        return types

    def _extend(self, merger: SceneMerger, scenes: dict[str, Scene], variables: dict[str, Variable]) -> None:
        """Attach each mod's ``extend:`` choices and prompts to the scene that won, once every file is read."""
        by_target: dict[str, list[Entry]] = {}
        for entry in merger.extension_targets():
            scene = scenes.get(target_id := entry["extend"])
            if scene is None:
                continue  # the scene was not built: its own errors are reported
            if scene.is_ending and entry.get("choices"):
                self.report.error(
                    entry.loc("extend"),
                    f"scene '{target_id}' is an ending; choices cannot be added to it",
                    "replace the scene (replace: true) if it should lead on",
                    code="extend",
                )
                continue
            by_target.setdefault(target_id, []).append(entry)
        for target_id, entries in by_target.items():
            scene = scenes[target_id]
            extra: list[Entry] = [choice for entry in entries for choice in entry.get("choices", [])]
            discuss = tuple(prompt for entry in entries for prompt in entry.get("discuss", []))
            offered = len(scene.choices) + len(extra)
            if offered > limits.MAX_CHOICES_PER_SCENE:
                self.report.error(
                    extra[limits.MAX_CHOICES_PER_SCENE - len(scene.choices)].loc(),
                    f"scene '{target_id}' has {offered:,} choices (with those mods add by extend:); "
                    f"at most {limits.MAX_CHOICES_PER_SCENE} are allowed",
                    "split the decision over several scenes: no player can weigh that many options at once",
                    code="limit",
                )
                extra = extra[: max(0, limits.MAX_CHOICES_PER_SCENE - len(scene.choices))]
            own = _built_size(scene)
            size = own + sum(len(c.get("label", "")) + len(c.get("record", "")) for c in extra)
            size += sum(len(prompt) for prompt in discuss)
            if own <= limits.MAX_SCENE_TEXT < size:
                self.report.error(
                    scene.loc,
                    f"scene '{target_id}' holds {size:,} characters of text; "
                    f"at most {limits.MAX_SCENE_TEXT:,} are allowed",
                    "split it into several scenes (a screenful of prose is about 2,000 characters)",
                    code="limit",
                )
            self._register_choices(target_id, extra)
            seen = {choice.local_id: choice.loc for choice in scene.choices}
            added = self._choices(extra, target_id, scene.role, self._types(scene.role, variables), variables, seen)
            scenes[target_id] = scene._replace(
                choices=scene.choices + tuple(added), discuss=self._once(scene.discuss + discuss)
            )

    def _register_choices(self, scene_id: str, choices: list[Entry]) -> None:
        """Each choice's id in its scene, known before any is built (a condition may name a choice of its own scene).

        Kept as one tuple of local ids a scene (shared by scenes whose choices have the same ids), not
        a table of every ``scene.choice`` string: on 50,000 scenes that table and its strings took 5 MiB.
        """
        local_ids = tuple(local for choice in choices if (local := choice.get("id") or choice.get("goto")))
        if local_ids:
            self.choice_ids[scene_id] = self._once(self.choice_ids.get(scene_id, ()) + local_ids)

    def _choice_known(self, ident: str) -> bool:
        """Whether ``ident`` (``scene_id.choice_id``) is a choice of a scene met so far."""
        scene_id, _, local = ident.partition(".")
        return local in self.choice_ids.get(scene_id, ())

    def _settle(self, *, final: bool) -> None:
        """Check the references now answerable; at the end (``final``) report those no file answered."""
        merged, report, unread = self.merged, self.report, self.unread
        kept: list[tuple[str, str, str, int, str]] = []
        for pending in self.pending:
            kind, ident, file, place, role = pending
            if kind == "goto":
                target = merged.get(ident)
                if target is not None:
                    if target.role != role:
                        report.error(
                            loc_at(file, place),
                            f"goto '{ident}' leads into role '{target.role}' from a scene of role '{role}'",
                            "a role's scenes lead only to scenes of the same role",
                            code="goto",
                        )
                elif not final:
                    kept.append(pending)
                elif ident not in report.rejected_scenes and not unread.may_define(ident):
                    report.error(
                        loc_at(file, place),
                        f"goto '{ident}': there is no scene with this id",
                        report.did_you_mean(
                            ident, self._scenes_of_role(role), "check the spelling, or write the scene"
                        ),
                        code="goto",
                    )
            elif kind == "visited":
                if ident in merged:
                    continue
                if not final:
                    kept.append(pending)
                elif not unread.may_define(ident):
                    report.error(
                        loc_at(file, place),
                        f'visited("{ident}"): there is no scene with this id',
                        report.did_you_mean(ident, merged, "check the spelling"),
                        code="expression",
                    )
            elif self._choice_known(ident):
                continue
            elif not final:
                kept.append(pending)
            elif not unread.may_define(ident.split(".", 1)[0]):
                report.error(
                    loc_at(file, place),
                    f'chose("{ident}"): there is no such choice',
                    report.did_you_mean(ident, self._all_choice_ids(), "a choice id is scene_id.choice_id"),
                    code="expression",
                )
        self.pending = kept

    def _all_choice_ids(self) -> list[str]:
        """Every ``scene_id.choice_id``, for "did you mean" hints (made once, when one is needed)."""
        if self._every_choice_id is None:
            self._every_choice_id = [f"{s}.{local}" for s, ids in self.choice_ids.items() for local in ids]
        return self._every_choice_id

    def _scenes_of_role(self, role: str) -> list[str]:
        """Scene ids of a role, for "did you mean" hints; listed once per load, once every file is read."""
        cache = self.role_scene_ids
        if role not in cache:
            cache[role] = [sid for sid, scene in self.merged.items() if scene.role == role]
        return cache[role]

    def _scene(
        self,
        merged: MergedScene,
        variables: dict[str, Variable],
        types: dict[str, str],
        sources: dict[str, Source],
        timeline: dict[str, TimelineEvent],
    ) -> Scene | None:
        required = ("title", "date", "place", "text", "history")
        record, role = merged.entry, merged.role
        scene_id = record["id"]
        history_raw = record.get("history")
        offered: list[Entry] = list(record.get("choices", []))
        if len(offered) > limits.MAX_CHOICES_PER_SCENE:
            self.report.error(
                offered[limits.MAX_CHOICES_PER_SCENE].loc(),
                f"scene '{scene_id}' has {len(offered):,} choices; at most {limits.MAX_CHOICES_PER_SCENE} are allowed",
                "split the decision over several scenes: no player can weigh that many options at once",
                code="limit",
            )
            offered = offered[: limits.MAX_CHOICES_PER_SCENE]  # the rest are not checked either: the work stays bounded
        size = _text_size(record, offered)
        if size > limits.MAX_SCENE_TEXT:
            self.report.error(
                record.loc("id"),
                f"scene '{scene_id}' holds {size:,} characters of text; at most {limits.MAX_SCENE_TEXT:,} are allowed",
                "split it into several scenes (a screenful of prose is about 2,000 characters)",
                code="limit",
            )
        self._register_choices(scene_id, offered)
        choices = self._choices(offered, scene_id, role, types, variables, {})
        ending = None
        if "ending" in record:
            raw_end: Entry = record["ending"]
            if all(k in raw_end for k in ("title", "epilogue")):
                counterfactual = raw_end.get("counterfactual", False)
                if counterfactual and not raw_end.get("instead"):
                    self.report.error(
                        raw_end.loc(),
                        f"counterfactual ending '{scene_id}' does not say what really happened",
                        "add instead: with what really happened",
                        code="counterfactual",
                    )
                ending = Ending(raw_end["title"], raw_end["epilogue"], counterfactual, raw_end.get("instead", ""))
                self._check_interpolation(raw_end, "epilogue", types)
                self._check_links(raw_end, "epilogue")
                self._check_links(raw_end, "instead")
            if record.get("choices"):
                self.report.error(
                    record.loc("choices"),
                    f"ending '{scene_id}' also has choices",
                    "an ending is where play stops: remove choices:, or remove ending:",
                    code="ending",
                )
        elif not record.get("choices"):
            self.report.error(
                record.loc("id"),
                f"scene '{scene_id}' has no choices and is not an ending",
                "add choices:, or an ending: block",
                code="dead-end",
            )
        history = None
        if isinstance(history_raw, Entry) and "text" in history_raw and "sources" in history_raw:
            for index, source in enumerate(history_raw["sources"]):
                if source not in sources and not self.unread.could_not_read("sources.yaml"):
                    node = cast("list[Node]", history_raw.node_of("sources").value)[index]
                    self.report.error(
                        Loc(history_raw.file, node.line, node.col),
                        f"scene '{scene_id}' cites unknown source '{source}'",
                        self.report.did_you_mean(
                            source, sources, "add the work to sources.yaml, or cite one that is there"
                        ),
                        code="source",
                    )
            history = History(history_raw["text"], self._once(tuple(history_raw["sources"])))
            self._check_links(history_raw, "text")
        anchor = record.get("anchor")
        if anchor is not None and anchor not in timeline and not self.unread.could_not_read("timeline.yaml"):
            self.report.error(
                record.loc("anchor"),
                f"anchor '{anchor}' is not an event in timeline.yaml",
                self.report.did_you_mean(anchor, timeline, "add the event to timeline.yaml, or remove anchor:"),
                code="anchor",
            )
        passages = self._passages(record, types, role)
        if any(key not in record for key in required) or history is None or passages is None:
            return None
        locs = PackedLocs(record.file, self._once(tuple(record)), map(line_and_column, record.spots))
        return Scene(
            scene_id,
            role,
            record["title"],
            self._once(record["date"]),
            record["place"],
            join_passages(p.text for p in passages) if passages else record["text"],
            history,
            tuple(choices),
            anchor,
            record.get("flashback", False),
            self._once(tuple(record.get("discuss", []))),
            ending,
            merged.pack,
            locs,
            passages,
        )

    def _passages(self, record: Entry, types: dict[str, str], role: str) -> tuple[Passage, ...] | None:
        """A scene's passages when its ``text:`` is a list (each checked at its own lines), () when it is one text.

        None when a passage's condition is wrong (already reported): the scene is not built.
        """
        text = record.get("text")
        if not isinstance(text, list):
            self._check_interpolation(record, "text", types)
            self._check_links(record, "text")
            return ()
        if len(text) > limits.MAX_PASSAGES_PER_SCENE:
            self.report.error(
                text[limits.MAX_PASSAGES_PER_SCENE].loc(),
                f"scene '{record.get('id')}' has {len(text):,} passages; "
                f"at most {limits.MAX_PASSAGES_PER_SCENE} are allowed",
                "merge passages shown under the same condition, or split the scene",
                code="limit",
            )
            return None
        passages: list[Passage] = []
        broken = False
        item: Entry
        for item in text:
            self._check_interpolation(item, "text", types)
            self._check_links(item, "text")
            condition = None
            if "if" in item:
                condition = self._expression(item["if"], item.file, types, role, want="flag")
                broken = broken or condition is None
            if "text" in item:
                passages.append(Passage(item["text"], condition, item.loc()))
        return None if broken else tuple(passages)

    def _choices(
        self,
        offered: list[Entry],
        scene_id: str,
        role: str,
        types: dict[str, str],
        variables: dict[str, Variable],
        seen: dict[str, Loc],
    ) -> list[Choice]:
        """The choices built from ``offered`` (those ``seen`` already in the scene count for duplicate ids)."""
        choices: list[Choice] = []
        for choice in offered:
            made = self._choice(choice, scene_id, role, types, variables)
            if made is None:
                continue
            if made.local_id in seen:
                self.report.error(
                    made.loc,
                    f"scene '{scene_id}' has two choices with the id '{made.local_id}' "
                    f"(first at {seen[made.local_id]})",
                    "give one of them an explicit, different id:",
                    code="duplicate",
                )
                continue
            seen[made.local_id] = made.loc
            choices.append(made)
        return choices

    def _choice(
        self,
        raw: Entry,
        scene_id: str,
        role: str,
        types: dict[str, str],
        variables: dict[str, Variable],
    ) -> Choice | None:
        if "label" not in raw or "goto" not in raw:
            return None
        goto = raw["goto"]
        goto_at = line_and_column(raw.spot_of("goto") or raw.at)
        target = self.merged.get(goto)
        if target is None:
            self.pending.append(("goto", goto, raw.file, goto_at, role))  # checked once the file defining it is read
        elif target.role != role:
            self.report.error(
                loc_at(raw.file, goto_at),
                f"goto '{goto}' leads into role '{target.role}' from a scene of role '{role}'",
                "a role's scenes lead only to scenes of the same role",
                code="goto",
            )
        local = raw.get("id") or goto
        self._check_links(raw, "record")
        if len(raw["label"]) > limits.MAX_LABEL:
            self.report.error(
                raw.loc("label"),
                f"this choice's label has {len(raw['label']):,} characters; at most {limits.MAX_LABEL} are allowed",
                "keep the label to what the player does; put the rest in the scene's text or the record",
                code="limit",
            )
        condition = None
        if "if" in raw:
            condition = self._expression(raw["if"], raw.file, types, role, want="flag")
        effects: list[Effect] = []
        for mode in ("do", "set"):
            for name, item in raw.get(mode, {}).items():
                value = item.value
                variable = variables.get(name)
                if name not in types:
                    if variable is not None:
                        hint = f"'{name}' belongs to role '{variable.role}'; this scene is in role '{role}'"
                    else:
                        hint = self.report.did_you_mean(name, types, "declare it under variables: in pack.yaml")
                    self.report.error(_key_loc(raw.file, item), f"unknown variable '{name}'", hint, code="variable")
                    continue
                if mode == "do" and types[name] != "number":
                    self.report.error(
                        _key_loc(raw.file, item),
                        f"'{name}' is a flag; do: adds to numbers",
                        f"use set: {{{name}: true}} for flags",
                        code="variable",
                    )
                    continue
                compiled = self._expression(
                    value, raw.file, types, role, want=types[name] if mode == "set" else "number"
                )
                if compiled is not None:
                    effects.append(self._once(Effect(name, "add" if mode == "do" else "set", compiled)))
                    if variable is not None:
                        self._check_effect_range(variable, mode, compiled, raw.file, item)
        return Choice(
            local,
            scene_id,
            raw["label"],
            goto,
            condition,
            self._once(tuple(effects)),
            raw.get("record", ""),
            raw.file,
            places(line_and_column(raw.at), goto_at),
        )

    def _check_effect_range(
        self, variable: Variable, mode: str, compiled: expressions.CompiledExpr, file: str, item: MapItem
    ) -> None:
        """A constant effect that overshoots the variable's whole range is clamped silently: say so (at ``key``)."""
        if variable.type != "number":
            return
        known, key = self.constants, id(compiled)  # kept alive by self.compiled, so its id is not reused
        if key not in known:
            known[key] = expressions.constant_value(compiled.tree)
        value = known[key]
        if isinstance(value, bool) or value is None:
            return
        span = variable.max - variable.min
        if mode == "do" and abs(value) > span:
            end = variable.max if value > 0 else variable.min
            message = f"do: {{{variable.name}: {value:+d}}} is larger than the whole range of '{variable.name}'"
            hint = f"it always ends at {end} ({variable.min}..{variable.max}); use a step of at most {span}, "
            hint += f"or set: {{{variable.name}: {end}}} if that is what you mean"
        elif mode == "set" and not variable.min <= value <= variable.max:
            message = f"set: {{{variable.name}: {value}}} is outside the range of '{variable.name}'"
            hint = f"it is clamped to {max(variable.min, min(variable.max, value))}; set a value in "
            hint += f"{variable.min}..{variable.max}, or widen min/max in pack.yaml"
        else:
            return
        loc = _key_loc(file, item)
        self.report.problems.append(Problem(loc, message, hint, severity="warning", code="effect-range"))

    def _expression(
        self, source: schema.ExprSource, file: str, types: dict[str, str], role: str, want: str
    ) -> expressions.CompiledExpr | None:
        # ``source.node`` is made only where a place is needed (a message, a reference to settle later):
        # made for every use, it was a tenth of the build's time.
        known = self.compiled.get(id(types))
        if known is None or known[0] is not types:
            known = self.compiled[id(types)] = (types, {})
        compiled = known[1].get(source.text)
        if compiled is None:
            try:
                built = expressions.build(source.text, types)
            except expressions.ExpressionError as exc:
                self.report.error(
                    _expr_loc(file, source.node, source.text, exc.offset),
                    f"in expression {_short(source.text)}: {exc.message}",
                    exc.hint,
                    code="expression",
                )
                return None
            tree = expressions.shared_tree(built.tree, self.trees)
            compiled = known[1][source.text] = expressions.CompiledExpr(built.source, tree, built.kind)
        if compiled.kind != want:
            hint = (
                "a condition is true or false, e.g. trust >= 4"
                if want == "flag"
                else "give a whole number, e.g. +1 or trust - 2"
            )
            node = source.node
            self.report.error(
                Loc(file, node.line, node.col),
                f"expression {_short(source.text)} gives a {compiled.kind}, but a {want} is needed here",
                hint,
                code="expression",
            )
            return None
        if id(compiled) in self.no_references:
            return compiled
        found = expressions.references(compiled.tree)
        if not found:
            self.no_references.add(id(compiled))  # kept alive by self.compiled, so its id is not reused
        for function, ident, offset in found:
            if function == "chose" and "." not in ident:
                self.report.error(
                    _expr_loc(file, source.node, source.text, offset),
                    f'chose("{ident}") needs a scene and a choice',
                    'write chose("scene_id.choice_id")',
                    code="expression",
                )
            elif not (ident in self.merged if function == "visited" else self._choice_known(ident)):
                where = _expr_loc(file, source.node, source.text, offset)
                self.pending.append((function, ident, file, packed_place(where.line, where.col), role))
        return compiled

    def _check_interpolation(self, record: Entry, key: str, types: dict[str, str]) -> None:
        """Every ``{...}`` of a text must name a variable of its role (:mod:`game.story.placeholders`)."""
        text = record.get(key)
        if not isinstance(text, str):
            return
        file = record.file
        reported = 0
        for place in placeholders.places(text):
            if place.name is not None and place.name in types:
                continue
            reported += 1
            if reported > limits.MAX_PLACE_PROBLEMS:
                continue
            loc = _text_loc(file, record.node_of(key), text, place.start)  # the node only for a message
            shown = _short("{" + place.inner + "}").strip("'\"")
            if place.name is None:
                name = place.inner.strip()
                fix = (
                    f"write {{{name}}}, with nothing else between the braces, or"
                    if len(name) <= schema.MAX_ID_LENGTH and placeholders.NAME.fullmatch(name)
                    else "write"
                )
                self.report.error(
                    loc,
                    f"{shown} in the {key} is not a place for a value: only a variable's name may stand between "
                    "the braces, so the player would see it as it is written",
                    f"{fix} {{{{ and }}}} for braces the player should see",
                    code="interpolation",
                )
            else:
                self.report.error(
                    loc,
                    f"{shown} in the {key} is not a declared variable of this role",
                    self.report.did_you_mean(place.name, types, "write {{ and }} for literal braces"),
                    code="interpolation",
                )
        if reported > limits.MAX_PLACE_PROBLEMS:
            self.report.error(
                record.loc(key),
                f"{reported - limits.MAX_PLACE_PROBLEMS:,} more {{...}} places in the {key} "
                "name no variable (not listed)",
                "fix the ones listed and check again",
                code="interpolation",
            )

    def _check_links(self, record: Entry, key: str) -> None:
        """Every link in a Markdown text must be a web address the game may open (:mod:`game.story.links`)."""
        text = record.get(key)
        if not isinstance(text, str):
            return
        targets = links.markdown_links(text)
        if not targets:
            return
        file, node = record.file, record.node_of(key)
        bad = [(target, reason) for target in targets if (reason := links.url_problem(target)) is not None]
        for target, reason in bad[: limits.MAX_PLACE_PROBLEMS]:
            offset = text.find(target)
            self.report.error(
                _text_loc(file, node, text, offset) if offset >= 0 else record.loc(key),
                f"the link {_short(target)} in the {key} cannot be opened: {reason}",
                "a link must be a whole web address starting with https:// or http://, "
                "e.g. [the Action Programme](https://www.marxists.org/…)",
                code="link",
            )
        if len(bad) > limits.MAX_PLACE_PROBLEMS:
            self.report.error(
                record.loc(key),
                f"{len(bad) - limits.MAX_PLACE_PROBLEMS:,} more links in the {key} cannot be opened (not listed)",
                "fix the ones listed and check again",
                code="link",
            )

    def _fixed_points(self, roles: dict[str, Role], timeline: dict[str, TimelineEvent]) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for raw in self.packs:
            if raw.info is None or "fixed_points" not in raw.info:
                continue
            value = raw.info["fixed_points"]
            node = raw.info.node_of("fixed_points")
            if isinstance(value, list):
                per_role = {role: (value, node) for role in roles}
            else:
                per_role = {}
                for role, listed in value.items():
                    ids, key, val = listed.value, listed.key, listed.node
                    if role not in roles:
                        self.report.error(
                            Loc(raw.pack_file, key.line, key.col),
                            f"fixed_points names an unknown role '{role}'",
                            f"roles: {', '.join(roles)}",
                            code="fixed-point",
                        )
                        continue
                    per_role[role] = (ids, val)
            for role, (ids, where) in per_role.items():
                items = cast("list[Node]", where.value) if where.kind == "seq" else []
                for index, ident in enumerate(ids):
                    item = items[index] if index < len(items) else where
                    if ident not in timeline and not self.unread.could_not_read("timeline.yaml"):
                        self.report.error(
                            Loc(raw.pack_file, item.line, item.col),
                            f"fixed point '{ident}' is not an event in timeline.yaml",
                            self.report.did_you_mean(ident, timeline, "fixed points are timeline ids"),
                            code="fixed-point",
                        )
                result[role] = tuple(ids)
        return result


def _text_size(record: Entry, choices: list[Entry]) -> int:
    """Characters of text a scene's entry shows: its prose, history, choices, prompts and ending."""
    size = sum(len(record.get(key, "")) for key in ("title", "place"))
    text = record.get("text", "")
    size += sum(len(item.get("text", "")) for item in text) if isinstance(text, list) else len(text)
    history = record.get("history")
    if isinstance(history, dict):
        size += len(history.get("text", ""))
    for choice in choices:
        size += len(choice.get("label", "")) + len(choice.get("record", ""))
    for prompt in record.get("discuss", []):
        size += len(prompt)
    ending = record.get("ending")
    if isinstance(ending, dict):
        size += sum(len(ending.get(key, "")) for key in ("title", "epilogue", "instead"))
    return size


def _built_size(scene: Scene) -> int:
    """:func:`_text_size` of a built scene (a mod's ``extend:`` may push it over the limit)."""
    texts = [scene.title, scene.place, scene.history.text]
    texts += [p.text for p in scene.passages] if scene.passages else [scene.text]
    texts += [t for c in scene.choices for t in (c.label, c.record)]
    texts += scene.discuss
    if scene.ending is not None:
        texts += [scene.ending.title, scene.ending.epilogue, scene.ending.instead]
    return sum(len(t) for t in texts)


def _key_loc(file: str, item: MapItem) -> Loc:
    """Where the key of a ``name: value`` of ``do:`` or ``set:`` is written."""
    return Loc(file, *line_col(item.key_spot))


def _short(text: str, limit: int = 60) -> str:
    """An expression quoted for a message, cut short so a 5,000-character mistake stays readable."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _expr_loc(file: str, node: Node, text: str, offset: int) -> Loc:
    if "\n" in text:
        return Loc(file, node.line, node.col)
    return Loc(file, node.line, node.col + offset + (0 if node.plain else 1))


def _text_loc(file: str, node: Node, text: str, offset: int) -> Loc:
    """Where ``offset`` of a text value is in its file: exact on one line or in a ``|`` block; else the value's start.

    A literal block's lines are the file's lines (after its indentation), so a
    ``{typo}`` on its fifth line is reported there; a folded ``>`` block or a
    quoted value over several lines joins lines, so only its start is certain.
    """
    if node.block and node.indent:
        line_start = text.rfind("\n", 0, offset) + 1
        return Loc(file, node.line + 1 + text.count("\n", 0, offset), node.indent + offset - line_start + 1)
    if node.block or "\n" in text:
        return Loc(file, node.line, node.col)
    return Loc(file, node.line, node.col + offset + (0 if node.plain else 1))

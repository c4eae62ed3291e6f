"""Stacking mods on a base pack: which packs extend which, and which scene entry wins for each id.

A mod names its base with ``extends:``, replaces a scene with ``replace: true``
and adds choices or prompts to one with ``extend:``. The result, one
:class:`~game.story.records.MergedScene` per id, is what :mod:`game.story.building` checks, one file at a time.
"""

from __future__ import annotations

from game.story.locate import base_pack
from game.story.model import PackInfo, Role, Scene
from game.story.reading import display_path
from game.story.records import RELEASED, MergedScene, RawPack, RawScene
from game.story.report import Report
from game.story.schema import Entry


def pack_infos(packs: list[RawPack], report: Report) -> list[PackInfo]:
    """The manifests in load order, each mod checked to extend a pack loaded below it."""
    infos: list[PackInfo] = []
    for index, raw in enumerate(packs):
        info = raw.info
        if info is None:
            continue
        if "id" not in info or "title" not in info:
            continue
        extends = info.get("extends")
        if index == 0 and extends:
            _report_lone_mod(packs, raw, info, extends, report)
            return infos
        if index > 0:
            below = [p.id for p in infos]
            if not extends:
                report.error(
                    info.loc(),
                    f"pack '{info['id']}' is loaded as a mod but has no extends:",
                    f"add 'extends: {below[0] if below else 'base'}' to its pack.yaml",
                    code="extends",
                )
            elif extends not in below:
                report.error(
                    info.loc("extends"),
                    f"pack '{info['id']}' extends '{extends}', which is not loaded",
                    f"loaded so far: {', '.join(below) or 'nothing'}",
                    code="extends",
                )
        if info["id"] in [p.id for p in infos]:
            report.error(
                info.loc("id"),
                f"pack '{info['id']}' is loaded twice",
                "load each pack once",
                code="extends",
            )
        infos.append(
            PackInfo(
                info["id"],
                info["title"],
                info.get("version", 1),
                raw.root,
                info.get("description", ""),
                info.get("content_note", ""),
                extends,
            )
        )
    return infos


def _report_lone_mod(packs: list[RawPack], raw: RawPack, info: Entry, extends: str, report: Report) -> None:
    """The first pack is a mod: one message saying why (wrong order, or an ``extends:`` naming no pack).

    Everything else (no roles, unknown role folders, unknown variables' roles)
    would follow from this one cause, so the build stops here.
    """
    report.stacking_failed = True
    later = [p.pack_id for p in packs[1:]]
    mod = display_path(raw.root)
    if extends in later:
        base = packs[1 + later.index(extends)]
        report.error(
            info.loc("extends"),
            f"the packs are in the wrong order: '{info['id']}' extends '{extends}', which is loaded after it",
            f"give the base first: spring68 check {display_path(base.root)} {mod}"
            + (f" (or just spring68 check {mod}: the base campaign loads by itself)" if extends == _base_id() else ""),
            code="extends",
        )
        return
    known = [pack_id for pack_id in [_base_id(), *later] if pack_id]
    report.error(
        info.loc("extends"),
        f"this pack extends '{extends}', which is not loaded, so it cannot be loaded on its own",
        report.did_you_mean(
            extends,
            known,
            f"load it after its base: --pack BASE --pack {mod}, or fix extends: (the base campaign is "
            f"'{_base_id() or 'base'}')",
        ),
        code="extends",
    )


def _base_id() -> str:
    """The id in the base campaign's manifest (read only on this error path), or "" when it cannot be read."""
    from pathlib import Path

    from game.story.yamlnodes import KIND_BITS, MAPPING, SCALAR, YamlProblem, decode, parse

    path = Path(base_pack()) / "pack.yaml"
    try:
        node = parse(decode(path.read_bytes()[:65536], str(path)), str(path))
    except (OSError, YamlProblem):
        return ""
    if node is None or node[0] & KIND_BITS != MAPPING or "id" not in node[1]:
        return ""
    _key, (place, content) = node[1]["id"]
    return content if place & KIND_BITS == SCALAR else ""


class SceneMerger:
    """Which entry wins for each scene id, decided one entry at a time as the scene files are read in pack order.

    The base pack's files come first, then each mod's. A mod replaces a scene with ``replace: true``
    (the scene it replaces may be built already: the builder then builds the mod's and keeps that one)
    and adds choices or prompts with ``extend:``, which are kept here and attached once every file is
    read, to whichever scene then won, as before when every entry was read first.
    """

    def __init__(self, packs: list[RawPack], roles: dict[str, Role], report: Report) -> None:
        self.roles = roles
        self.report = report
        self.found: dict[str, MergedScene] = {}
        """Each scene id seen so far and its winning entry (let go once built: then only its role and place)."""
        self.extensions: list[tuple[Entry, int]] = []
        """Each ``extend:`` entry and the index of its pack, in load order."""
        self.built: dict[str, Scene] = {}
        """The scenes built so far (the builder fills it): a built scene's id is found where its Scene says."""
        self._marks: dict[tuple[str, str], MergedScene] = {}
        self._manifest_missing = any(p.info is None for p in packs)
        self._folders_reported: set[str | None] = set()

    def add(self, index: int, pack_id: str, scene: RawScene) -> MergedScene | None:
        """Merge one entry of pack ``index``; the scene it makes to build now, or None (an extension, a mistake)."""
        report, roles, found = self.report, self.roles, self.found
        entry, folder = scene.entry, scene.folder
        if "extend" in entry:
            self.extensions.append((entry, index))
            return None
        if "id" not in entry:
            return None
        scene_id = entry["id"]
        loc = entry.loc("id")
        role = entry.get("role") or (folder if folder in roles else None)
        if role is None:
            report.rejected_scenes.add(scene_id)
            if self._manifest_missing:
                return None  # the roles are in a manifest that could not be read; that error is enough
            if folder in self._folders_reported:
                return None  # one message per misnamed folder, not one per scene in it
            self._folders_reported.add(folder)
            folders = ", ".join(f"{r}/" for r in roles)
            if folder:
                where = f"folder '{folder}/' is not a role, so none of its scenes has one"
                meant = report.suggestions.closest(folder, roles)
                hint = (
                    f"rename the folder to '{meant}/'" if meant else f"move the files into {folders}"
                ) + " (a scene's role is the folder it is in), or give each scene role:"
            else:
                where = "the file is not in a role's folder"
                hint = f"move it into a role folder ({folders}) or add role:"
            report.error(loc, f"scene '{scene_id}' has no role ({where})", hint, code="role")
            return None
        if role not in roles:
            report.error(
                entry.loc("role"),
                f"scene '{scene_id}' names an unknown role '{role}'",
                f"roles: {', '.join(roles)}",
                code="role",
            )
            return None
        if scene_id in found:
            built = self.built.get(scene_id)
            first_loc = built.loc if built is not None else found[scene_id].entry.loc("id")
            if entry.get("replace") and index > 0:
                found[scene_id] = merged = MergedScene(entry, role, pack_id)
                return merged
            hint = (
                f"rename the mod's scene (e.g. '{_mod_id(scene_id)}') and point its gotos there; "
                f"only if you mean to rewrite the base scene, add 'replace: true': then every base "
                f"choice leading to '{scene_id}' leads to yours and the base scene is no longer played"
                if index > 0
                else "scene ids must be unique: rename one of them"
            )
            report.error(loc, f"scene id '{scene_id}' is already used at {first_loc}", hint, code="duplicate")
            return None
        if entry.get("replace"):
            report.error(
                entry.loc("replace"),
                f"scene '{scene_id}' says replace: true, but there is no scene to replace",
                "remove replace:, or check the id against the base pack",
                code="replace",
            )
        found[scene_id] = merged = MergedScene(entry, role, pack_id)
        return merged

    def built_as(self, scene_id: str, scene: Scene) -> None:
        """``scene_id`` is built: its record is let go, and only its role is kept (one record per role and pack).

        On a pack of 50,000 scenes, a record a scene kept until the end of the load cost 100 bytes a scene.
        """
        key = (scene.role, scene.pack)
        mark = self._marks.get(key)
        if mark is None:
            mark = self._marks[key] = MergedScene(RELEASED, scene.role, scene.pack)
        self.found[scene_id] = mark

    def extension_targets(self) -> list[Entry]:
        """Each mod's ``extend:`` naming a scene that exists; the others are reported here.

        Called once every file is read, so an extension reaches the scene that won in the end (a later
        mod may have replaced it).
        """
        report, found = self.report, self.found
        targets: list[Entry] = []
        for entry, index in self.extensions:
            target_id = entry["extend"]
            loc = entry.loc("extend")
            target = found.get(target_id)
            if index == 0:
                report.error(
                    loc,
                    f"'extend: {target_id}' is only for mods",
                    "in a base pack, edit the scene itself",
                    code="extend",
                )
            elif target is None:
                report.error(
                    loc,
                    f"'extend: {target_id}': there is no scene with this id",
                    report.did_you_mean(target_id, found, "extend names a scene of the pack below"),
                    code="extend",
                )
            else:
                targets.append(entry)
        return targets


def _mod_id(scene_id: str) -> str:
    """A fresh id to suggest for a mod's scene that clashes with the base: the role prefix, then ``mod_``."""
    prefix, sep, rest = scene_id.partition("_")
    return f"{prefix}_mod_{rest}" if sep and rest else f"mod_{scene_id}"

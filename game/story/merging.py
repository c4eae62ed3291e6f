"""Stacking mods on a base pack: which packs extend which, and which scene entry wins for each id.

A mod names its base with ``extends:``, replaces a scene with ``replace: true``
and adds choices or prompts to one with ``extend:``. The result, one
:class:`~game.story.records.MergedScene` per id, is what :mod:`game.story.building` checks.
"""

from __future__ import annotations

from game.story.model import PackInfo, Role
from game.story.reading import display_path
from game.story.records import MergedScene, RawPack
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
            report.error(
                info.loc("extends"),
                f"this pack extends '{extends}', so it cannot be loaded on its own",
                f"load it after its base: --pack BASE --pack {display_path(raw.root)}",
                code="extends",
            )
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
                str(raw.root),
                info.get("description", ""),
                info.get("content_note", ""),
                extends,
            )
        )
    return infos


def merge_scenes(packs: list[RawPack], roles: dict[str, Role], report: Report) -> dict[str, MergedScene]:
    """Scene entries by id, after mods replaced what they replace and extended what they extend."""
    found: dict[str, MergedScene] = {}
    extensions: list[tuple[Entry, int]] = []
    manifest_missing = any(p.info is None for p in packs)
    for index, raw in enumerate(packs):
        pack_id = raw.pack_id
        for scene in raw.scenes:
            entry, folder = scene.entry, scene.folder
            if "extend" in entry:
                extensions.append((entry, index))
                continue
            if "id" not in entry:
                continue
            scene_id = entry["id"]
            loc = entry.loc("id")
            role = entry.get("role") or (folder if folder in roles else None)
            if role is None:
                if manifest_missing:
                    continue  # the roles are in a manifest that could not be read; that error is enough
                where = f"folder '{folder}' is not a role" if folder else "the file is not in a role's folder"
                report.error(
                    loc,
                    f"scene '{scene_id}' has no role ({where})",
                    f"move it into a role folder ({', '.join(f'{r}/' for r in roles)}) or add role:",
                    code="role",
                )
                continue
            if role not in roles:
                report.error(
                    entry.loc("role"),
                    f"scene '{scene_id}' names an unknown role '{role}'",
                    f"roles: {', '.join(roles)}",
                    code="role",
                )
                continue
            if scene_id in found:
                first_loc = found[scene_id].entry.loc("id")
                if entry.get("replace") and index > 0:
                    found[scene_id] = MergedScene(entry, role, pack_id)
                    continue
                hint = (
                    "add 'replace: true' to the mod's scene to replace the base scene"
                    if index > 0
                    else "scene ids must be unique: rename one of them"
                )
                report.error(loc, f"scene id '{scene_id}' is already used at {first_loc}", hint, code="duplicate")
                continue
            if entry.get("replace"):
                report.error(
                    entry.loc("replace"),
                    f"scene '{scene_id}' says replace: true, but there is no scene to replace",
                    "remove replace:, or check the id against the base pack",
                    code="replace",
                )
            found[scene_id] = MergedScene(entry, role, pack_id)
    for entry, index in extensions:
        _extend(entry, index, found, report)
    return found


def _extend(entry: Entry, index: int, found: dict[str, MergedScene], report: Report) -> None:
    """Attach a mod's extra choices and prompts to the scene it names."""
    target_id = entry["extend"]
    loc = entry.loc("extend")
    target = found.get(target_id)
    if index == 0:
        report.error(
            loc, f"'extend: {target_id}' is only for mods", "in a base pack, edit the scene itself", code="extend"
        )
        return
    if target is None:
        report.error(
            loc,
            f"'extend: {target_id}': there is no scene with this id",
            report.did_you_mean(target_id, found, "extend names a scene of the pack below"),
            code="extend",
        )
        return
    if "ending" in target.entry and entry.get("choices"):
        report.error(
            loc,
            f"scene '{target_id}' is an ending; choices cannot be added to it",
            "replace the scene (replace: true) if it should lead on",
            code="extend",
        )
        return
    target.extra_choices.extend(entry.get("choices", []))
    target.extra_discuss.extend(entry.get("discuss", []))

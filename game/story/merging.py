"""Stacking mods on a base pack: which packs extend which, and which scene entry wins for each id.

A mod names its base with ``extends:``, replaces a scene with ``replace: true``
and adds choices or prompts to one with ``extend:``. The result, one
:class:`~game.story.records.MergedScene` per id, is what :mod:`game.story.building` checks.
"""

from __future__ import annotations

from pathlib import Path

from game.story.locate import base_pack
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
                str(raw.root),
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
    from game.story.yamlnodes import YamlProblem, decode, parse

    path = Path(base_pack()) / "pack.yaml"
    try:
        node = parse(decode(path.read_bytes()[:65536], str(path)), str(path))
    except (OSError, YamlProblem):
        return ""
    if node is None or node.kind != "map" or not isinstance(node.value, dict) or "id" not in node.value:
        return ""
    _key, value = node.value["id"]
    return value.value if isinstance(value.value, str) else ""


def merge_scenes(packs: list[RawPack], roles: dict[str, Role], report: Report) -> dict[str, MergedScene]:
    """Scene entries by id, after mods replaced what they replace and extended what they extend."""
    found: dict[str, MergedScene] = {}
    extensions: list[tuple[Entry, int]] = []
    manifest_missing = any(p.info is None for p in packs)
    folders_reported: set[str | None] = set()
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
                report.rejected_scenes.add(scene_id)
                if manifest_missing:
                    continue  # the roles are in a manifest that could not be read; that error is enough
                if folder in folders_reported:
                    continue  # one message per misnamed folder, not one per scene in it
                folders_reported.add(folder)
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
                    f"rename the mod's scene (e.g. '{_mod_id(scene_id)}') and point its gotos there; "
                    f"only if you mean to rewrite the base scene, add 'replace: true': then every base "
                    f"choice leading to '{scene_id}' leads to yours and the base scene is no longer played"
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


def _mod_id(scene_id: str) -> str:
    """A fresh id to suggest for a mod's scene that clashes with the base: the role prefix, then ``mod_``."""
    prefix, sep, rest = scene_id.partition("_")
    return f"{prefix}_mod_{rest}" if sep and rest else f"mod_{scene_id}"

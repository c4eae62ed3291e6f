"""Saves: the format, atomic writes with a backup, damaged files, where saves live, and slot names.

Every damaged save must be refused with a message that names the file, and
nothing may be overwritten: the tests compare the bytes before and after.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from game.engine import rules, saves
from game.engine.saves import (
    AUTOSAVE,
    SaveError,
    SaveFolder,
    checksum,
    default_folder,
    read_document,
    restore,
    slot_name,
)
from game.engine.state import GameState
from game.story.loader import load_story
from tests.conftest import MINI, ROOT, SCENES_YAML


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


def playing(story, *choices: str):
    state = rules.new_game(story, "alpha")
    for choice in choices:
        state = rules.choose(story, state, choice)
    return state


def fingerprint(path: Path) -> tuple[int, str]:
    """Size and hash of a file's bytes (only the first MiB of a huge file: enough to see a change)."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    return path.stat().st_size, hashlib.sha256(head).hexdigest()


def files_under(root: Path) -> dict[str, tuple[int, str]]:
    return {str(p.relative_to(root)): fingerprint(p) for p in sorted(root.rglob("*")) if p.is_file()}


# ---- the format ------------------------------------------------------------------------


def test_a_save_holds_format_packs_hash_role_state_log_and_times(story, tmp_path):
    folder = SaveFolder(tmp_path / "saves")
    path = folder.write(story, playing(story, "brave"))
    assert path == tmp_path / "saves" / "autosave.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {
        "format",
        "version",
        "packs",
        "content_hash",
        "slot",
        "role",
        "scene_title",
        "story_date",
        "created",
        "saved",
        "state",
        "checksum",
    }
    assert (data["format"], data["version"], data["slot"], data["role"]) == ("spring68-save", 1, "autosave", "alpha")
    assert data["packs"] == [{"id": "mini", "version": 2}]
    assert data["content_hash"] == story.content_hash and story.content_hash
    assert data["state"]["log"] == ["a_start.brave"] and data["state"]["scene"] == "a_middle"
    assert data["scene_title"] == story.scenes["a_middle"].title
    assert data["story_date"] == story.scenes["a_middle"].date.isoformat()
    assert isinstance(data["saved"], float) and data["created"] <= data["saved"]
    assert data["checksum"] == checksum(data) and data["checksum"].startswith("sha256:")


def test_a_save_restores_the_same_game(story, tmp_path):
    folder = SaveFolder(tmp_path)
    state = playing(story, "quiet")
    folder.write(story, state, "My game")
    restored = restore(story, folder.load("My game"))
    assert restored.state == state and restored.note == ""
    infos, problems = folder.slots()
    assert problems == [] and [(i.slot, i.role, i.scene, i.choices) for i in infos] == [
        ("My game", "alpha", "a_middle", 1)
    ]


def test_the_previous_autosave_is_kept_as_a_backup(story, tmp_path):
    folder = SaveFolder(tmp_path)
    first = folder.write(story, playing(story))
    first_bytes = first.read_bytes()
    folder.write(story, playing(story, "brave"))
    assert folder.backup_path.read_bytes() == first_bytes
    assert read_document(folder.backup_path)["state"]["log"] == []
    assert folder.load()["state"]["log"] == ["a_start.brave"]
    # Only the autosave, its backup and nothing half-written are left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.bak.json", "autosave.json"]


def test_the_game_never_writes_a_save_it_could_not_read_back(story, tmp_path):
    state = playing(story)
    huge = GameState(state.role, state.scene, state.variables, state.path, ("a_start.brave",) * 20_000, state.origin)
    with pytest.raises(SaveError, match="cannot save this game"):
        SaveFolder(tmp_path).write(story, huge)
    assert list(tmp_path.iterdir()) == []


# ---- damaged saves ---------------------------------------------------------------------


def good_save(story, folder: Path) -> bytes:
    return SaveFolder(folder).write(story, playing(story, "brave")).read_bytes()


def future_version(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["version"] = 2
    data["checksum"] = checksum(data)
    return json.dumps(data).encode()


DAMAGE = {
    # name: (how to damage the good bytes, what the message says)
    "truncated": (lambda raw: raw[: len(raw) // 2], "not readable JSON"),
    "empty": (lambda raw: b"", "empty"),
    "bit-flipped": (lambda raw: raw[:200] + bytes([raw[200] ^ 0x04]) + raw[201:], "damaged"),
    "not json": (lambda raw: b"Spring '68 was here\n", "not readable JSON"),
    "binary": (lambda raw: bytes(range(256)) * 4, "not readable JSON"),
    "another program's json": (lambda raw: b'{"name": "settings", "theme": "dark"}', "not a Spring '68 save"),
    "a json list": (lambda raw: b"[1, 2, 3]", "not a Spring '68 save"),
    "a future format version": (future_version, "newer version of the game (format 2)"),
    "deep nesting": (lambda raw: b"[" * 100_000 + b"]" * 100_000, "not readable JSON"),
    "a huge number": (lambda raw: b"1" * 100_000, "not readable JSON"),
    "edited by hand": (lambda raw: raw.replace(b'"courage": 4', b'"courage": 5'), "checksum does not match"),
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_save_is_refused_by_name_and_left_as_it_is(story, tmp_path, kind):
    damage, fragment = DAMAGE[kind]
    raw = good_save(story, tmp_path / "good")
    folder = SaveFolder(tmp_path / "saves")
    folder.folder.mkdir()
    path = folder.path_for("Old game")
    path.write_bytes(damage(raw))
    before = files_under(tmp_path / "saves")
    with pytest.raises(SaveError) as caught:
        folder.load("Old game")
    message = str(caught.value)
    assert message.startswith(str(path) + ": ") and fragment in message, message
    # Saving under the same name refuses to replace a file the game cannot read.
    with pytest.raises(SaveError, match="is not a save this game can read"):
        folder.write(story, playing(story), "Old game")
    infos, problems = folder.slots()
    assert infos == [] and len(problems) == 1 and problems[0].startswith(str(path))
    assert files_under(tmp_path / "saves") == before


def test_a_one_gigabyte_file_is_refused_at_once(story, tmp_path):
    folder = SaveFolder(tmp_path)
    path = folder.path_for(AUTOSAVE)
    with open(path, "wb") as handle:
        handle.truncate(1 << 30)  # sparse: costs no disk
    before = fingerprint(path)
    with pytest.raises(SaveError, match=r"1,073,741,824 bytes is far too large for a save") as caught:
        folder.load()
    assert str(caught.value).startswith(str(path))
    assert fingerprint(path) == before and path.stat().st_size == 1 << 30


def test_things_that_are_not_files_are_refused(story, tmp_path):
    folder = SaveFolder(tmp_path)
    folder.path_for("a folder").mkdir()
    with pytest.raises(SaveError, match="not a regular file"):
        folder.load("a folder")
    if hasattr(os, "mkfifo"):  # opening a FIFO for reading would wait for a writer forever
        os.mkfifo(folder.path_for("a pipe"))
        with pytest.raises(SaveError, match="not a regular file"):
            folder.load("a pipe")
    with pytest.raises(SaveError, match="there is no such save"):
        folder.load("nothing here")


def test_every_truncation_of_a_save_is_refused(story, tmp_path):
    raw = good_save(story, tmp_path / "good")
    path = tmp_path / "cut.json"
    for length in range(len(raw)):
        path.write_bytes(raw[:length])
        with pytest.raises(SaveError) as caught:
            read_document(path)
        assert str(caught.value).startswith(str(path) + ": ")


def test_every_single_bit_flip_is_detected(story, tmp_path):
    raw = good_save(story, tmp_path / "good")
    path = tmp_path / "flipped.json"
    accepted = []
    for index in range(len(raw)):
        for bit in range(8):
            path.write_bytes(raw[:index] + bytes([raw[index] ^ (1 << bit)]) + raw[index + 1 :])
            try:
                read_document(path)
            except SaveError as exc:
                assert str(exc).startswith(str(path) + ": ")
            else:
                accepted.append((index, bit))
    assert accepted == []


def test_a_damaged_autosave_falls_back_to_the_backup_and_is_kept(story, tmp_path):
    folder = SaveFolder(tmp_path)
    folder.write(story, playing(story))
    folder.write(story, playing(story, "brave"))
    backup = folder.backup_path.read_bytes()
    folder.path_for(AUTOSAVE).write_bytes(b'{"format": "spring68-save", "vers')
    restored = restore(story, folder.load())
    assert restored.state == playing(story)  # the backup's game
    assert "autosave.json: the save is damaged" in restored.note and "continues from the backup" in restored.note
    # Play goes on: the next autosave keeps the damaged file aside instead of overwriting it.
    folder.write(story, playing(story, "quiet"))
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"format": "spring68-save", "vers'
    assert kept[0].name.startswith("autosave.json.damaged-") and not kept[0].name.endswith(".json")
    assert folder.backup_path.read_bytes() == backup  # the good backup was not replaced by a damaged file
    assert folder.load()["state"]["log"] == ["a_start.quiet"]
    assert any("kept as" in notice for notice in folder.notices)
    assert folder.slots()[1] == []  # the kept file is not listed as a broken save


def test_restore_refuses_a_role_the_story_does_not_have(story, tmp_path):
    other = load_story([MINI])
    folder = SaveFolder(tmp_path)
    state = rules.new_game(other, "beta")
    folder.write(other, GameState("pilot", state.scene, state.variables, state.path, state.log, state.origin))
    with pytest.raises(SaveError, match="role 'pilot'"):
        restore(story, folder.load())


def test_a_save_from_an_edited_story_continues_where_it_still_can(story, tmp_path, pack):
    folder = SaveFolder(tmp_path / "saves")
    tiny = load_story([pack()])
    state = rules.choose(tiny, rules.new_game(tiny, "hero"), "go")
    folder.write(tiny, state)
    edited = load_story([pack({"hero/scenes.yaml": SCENES_YAML.replace("id: go,", "id: onward,")}, name="edited")])
    restored = restore(edited, folder.load())
    assert restored.state.log == () and "continues after choice 0 of 1" in restored.note


# ---- where saves live --------------------------------------------------------------------


def test_saves_go_to_the_checkout_then_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SPRING68_SAVES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    checkout_saves = ROOT / "saves"
    if checkout_saves.is_dir() and os.access(checkout_saves, os.W_OK):
        assert default_folder() == checkout_saves
    real_access = os.access

    def read_only_install(path, mode, *args, **kwargs):
        if Path(path) == checkout_saves and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", read_only_install)
    assert default_folder() == tmp_path / "data" / "spring68" / "saves"
    monkeypatch.setenv("SPRING68_SAVES", str(tmp_path / "mine"))
    assert default_folder() == tmp_path / "mine"
    assert SaveFolder().folder == tmp_path / "mine"
    assert SaveFolder(tmp_path / "given").folder == tmp_path / "given"


def unwritable_folder(tmp_path: Path) -> tuple[Path, str]:
    """A folder the game cannot write into.

    chmod 555 is the honest way, but root ignores permission bits (the tests
    may run as root, e.g. in CI): then a probe write succeeds, and the folder
    is put beneath a regular file instead, which no user can write into.
    """
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "probe").write_text("x")
    except PermissionError:
        return folder, "read-only"
    (folder / "probe").unlink()
    folder.chmod(0o755)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    return blocker / "saves", "a file is in the way"


def test_an_unwritable_folder_gives_a_clear_message(story, tmp_path):
    folder, fragment = unwritable_folder(tmp_path)
    with pytest.raises(SaveError) as caught:
        SaveFolder(folder).write(story, playing(story))
    message = str(caught.value)
    assert message.startswith(f"cannot write {folder / 'autosave.json'}: ") and fragment in message, message


def test_a_read_only_disk_gives_a_clear_message_and_keeps_the_old_save(story, tmp_path, monkeypatch):
    folder = SaveFolder(tmp_path)
    old = folder.write(story, playing(story)).read_bytes()
    real_open = os.open

    def read_only_disk(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_disk)
    with pytest.raises(SaveError, match="read-only disk"):
        folder.write(story, playing(story, "brave"))
    monkeypatch.undo()
    assert folder.path_for(AUTOSAVE).read_bytes() == old


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_gives_a_clear_message_and_keeps_the_old_save(story, tmp_path, monkeypatch, call):
    folder = SaveFolder(tmp_path)
    folder.write(story, playing(story))
    folder.write(story, playing(story, "brave"))
    before = files_under(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    with pytest.raises(SaveError) as caught:
        folder.write(story, playing(story, "quiet"))
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {folder.path_for(AUTOSAVE)}: the disk is full"
    assert files_under(tmp_path) == before  # no temporary file left, autosave and backup untouched
    assert folder.load()["state"]["log"] == ["a_start.brave"]


# ---- slot names ------------------------------------------------------------------------------

HOSTILE_SLOTS = [
    "../x",
    "../../../../../../tmp/escaped",
    "/tmp/absolute",
    "{TMP}/absolute",
    "{TMP}/world/games/x",
    "/",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\x",
    "a/b/../../c",
    "~/x",
    "$HOME/x",
    "nul\x00byte",
    "\x00",
    "x" * 10_000,
    "é" * 10_000,
    "CON",
    "nul",
    "Com1",
    "LPT9",
    "con.txt",
    "COM¹",
    "ＣＯＮ",
    "autosave",
    "AutoSave",
    "ａｕｔｏｓａｖｅ",
    "autoſave",
    "autosave.bak",
    ".",
    "..",
    "",
    "   ",
    "\n\t",
    ".hidden",
    "slot.json",
    "\u202egnp.exe",
    "a\x1bb",
    "..\\..\\x",
]


@pytest.mark.parametrize("typed", HOSTILE_SLOTS, ids=[repr(s[:20]) for s in HOSTILE_SLOTS])
def test_no_slot_name_can_write_outside_the_save_folder(story, tmp_path, typed):
    typed = typed.replace("{TMP}", str(tmp_path))  # an absolute path to a place the test watches
    world = tmp_path / "world"
    folder = SaveFolder(world / "games" / "saves")
    folder.write(story, playing(story))  # an autosave (and so the folder) exist already
    before = files_under(tmp_path)
    try:
        written = folder.write(story, playing(story, "brave"), typed)
    except SaveError as exc:
        assert "reserved" in str(exc) or "at least one letter or digit" in str(exc)
        assert files_under(tmp_path) == before
        return
    assert written.parent == folder.folder and written.name.endswith(".json")
    changed = {name for name, print_ in files_under(tmp_path).items() if before.get(name) != print_}
    if typed == AUTOSAVE:  # the API's own name for the autosave (a typed "autosave" in any other form is refused)
        assert changed == {"world/games/saves/autosave.json", "world/games/saves/autosave.bak.json"}
    else:
        assert changed == {str(written.relative_to(tmp_path))}
        assert written.name not in ("autosave.json", "autosave.bak.json")
    assert len(written.stem) <= saves.MAX_SLOT_CHARS and not written.name.startswith(".")
    assert read_document(written)["state"]["log"] == ["a_start.brave"]
    assert folder.load(typed)["slot"] == written.stem  # the same typed name finds the same file


def test_slot_names_keep_letters_digits_spaces_and_are_stable():
    assert slot_name("  Before the  invasion! ") == "Before the invasion"
    assert slot_name("Dubček's game #2") == "Dubčeks game 2"
    for typed in HOSTILE_SLOTS:
        typed = typed.replace("{TMP}", "/tmp/x")
        try:
            name = slot_name(typed)
        except SaveError:
            continue
        assert slot_name(name) == name
        assert not set(name) & set("/\\.:\x00") and name == name.strip() and len(name) <= saves.MAX_SLOT_CHARS

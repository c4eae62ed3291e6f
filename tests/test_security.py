"""Claims of docs/security.md that no other test file proves.

What a mod can put on the player's screen (no terminal control characters),
what a cache or save file can hold (JSON data only; nothing is unpickled), and
which files a pack can make the game read (its own).
"""

from __future__ import annotations

import json
import re

import pytest

from game.engine.saves import SaveError, SaveFolder, checksum, read_document
from game.story.loader import load_with_problems
from game.tools.check import run_check
from tests.conftest import MINI, ROOT, SCENES_YAML

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

ESCAPES = {
    "ESC (clear the screen)": r"\e[2J",
    "OSC 52 (write the clipboard)": r"\e]52;c;cm0gLXJmIH4K\a",
    "8-bit CSI": r"\x9b2J",
    "carriage return (overwrite a line)": r"Safe text\rEvil text",
    "NUL": r"a\0b",
    "backspace": r"abc\b\b\bxyz",
}


@pytest.mark.parametrize("name", list(ESCAPES))
def test_a_mod_cannot_put_control_characters_on_the_terminal(pack, run_cli, name):
    escape = ESCAPES[name]
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", f'text: "Nerve {{nerve}}. {escape}"')
    scenes = scenes.replace("title: Last", f'title: "{escape}"')
    pack_dir = pack({"hero/scenes.yaml": scenes, "sources.yaml": f'- {{id: src, kind: book, title: "{escape}"}}\n'})
    report = run_check([str(pack_dir)])
    assert report.story is None
    found = [p for p in report.problems if "control character" in p.message]
    assert {(p.loc.file.rsplit("/", 1)[-1], p.loc.line) for p in found} == {
        ("scenes.yaml", 6),
        ("scenes.yaml", 12),
        ("sources.yaml", 1),
    }
    for command in (["check", str(pack_dir)], ["play", "--plain", "--pack", str(pack_dir), "--role", "hero"]):
        result = run_cli(*command, input="1\n")
        assert result.returncode in (1, 2) and "control character U+" in result.stdout + result.stderr
        assert not CONTROL.search(result.stdout + result.stderr), repr(result.stdout + result.stderr)


def test_keys_with_control_characters_are_refused_and_never_printed(pack, run_cli):
    pack_dir = pack(
        {"hero/scenes.yaml": SCENES_YAML.replace("  place: Prague\n", '  place: Prague\n  "\\e[31mred": x\n', 1)}
    )
    result = run_cli("check", str(pack_dir))
    assert result.returncode == 1 and "control character U+001B (ESC)" in result.stdout
    assert not CONTROL.search(result.stdout + result.stderr)


def test_a_save_with_control_characters_is_refused(tmp_path):
    from game.engine import rules
    from game.story.loader import load_story

    story = load_story([MINI])
    path = SaveFolder(tmp_path).write(story, rules.new_game(story, "alpha"))
    document = json.loads(path.read_text(encoding="utf-8"))
    document["scene_title"] = "\x1b]0;pwned\x07"
    document["checksum"] = checksum(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SaveError, match="control characters"):
        read_document(path)


def test_the_story_cache_is_json_and_nothing_in_the_game_unpickles(tmp_path, monkeypatch):
    from game.story.cache import load_for_play

    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SPRING68_NO_CACHE", raising=False)
    story, _ = load_for_play([str(MINI)])
    assert story is not None
    cached = list((tmp_path / "cache").glob("*.json"))
    assert cached, "the story was not cached"
    for path in cached:
        for line in path.read_text(encoding="utf-8").splitlines():  # a header, then JSON lines: data, not code
            json.loads(line)
    unsafe = re.compile(r"^\s*(import|from)\s+(pickle|cPickle|marshal|shelve|dill|joblib)\b", re.M)
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "game").rglob("*.py") if unsafe.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_pack_cannot_make_the_game_read_a_file_outside_it(pack, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("hunter2\n", encoding="utf-8")
    pack_dir = pack()
    (pack_dir / "hero" / "leak.yaml").symlink_to(secret)
    story, problems = load_with_problems([pack_dir])
    text = "\n".join(p.format() for p in problems)
    assert "hunter2" not in text
    assert any("outside the pack" in p.message for p in problems), text

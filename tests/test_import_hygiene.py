"""The layers stay apart, and scene files can never reach Python."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import ROOT

HEADLESS = ["game.story", "game.engine", "game.tools"]


def _modules_under(package: str) -> list[str]:
    folder = ROOT / package.replace(".", "/")
    names = [package]
    for path in sorted(folder.rglob("*.py")):
        if path.name == "__init__.py":
            continue
        names.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return names


def test_headless_layers_never_import_textual():
    modules = [m for package in HEADLESS for m in _modules_under(package)]
    code = (
        "import importlib, sys\n"
        + "".join(f"importlib.import_module({m!r})\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout


def test_check_and_help_do_not_import_textual():
    code = (
        "import sys, contextlib, io\nfrom game.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['check', 'tests/packs/mini'])\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_the_app_does_not_load_the_keys_panel_or_markdown_until_they_are_opened():
    """Textual's help panel brings its Markdown widget and markdown-it: 60-70 ms the title screen never needs."""
    code = (
        "import sys\nimport game.tui.app\n"
        "print(sorted(m for m in ('game.tui.textual_panels', 'textual.widgets._markdown', 'markdown_it')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_plain_mode_does_not_import_textual(tmp_path):
    code = (
        "import sys, io\nsys.stdin = io.StringIO('q\\n')\nfrom game.cli import main\n"
        "import contextlib\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['play', '--plain', '--pack', 'tests/packs/mini', '--role', 'alpha', '--saves', sys.argv[1]])\n"
        "print('textual' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_playing_in_english_never_loads_the_translation_machinery(tmp_path):
    """The base campaign ships a Czech catalogue; a game in English must not pay for reading it.

    Nor for ``shutil`` (and the bz2 and lzma it imports), which argparse's help formatter asks for
    the terminal's width: the command line finds the width itself.
    """
    code = (
        "import sys, io\nsys.stdin = io.StringIO('q\\n')\nfrom game.cli import main\n"
        "import contextlib\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--lang', 'en', 'play', '--plain', '--role', 'advisor', '--saves', sys.argv[1]])\n"
        "heavy = ('polib', 'babel', 'game.i18n.interface', 'game.i18n.story_language', 'shutil')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache"), "LANG": "cs_CZ.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True, env=env
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_no_eval_or_exec_anywhere_in_the_package():
    pattern = re.compile(r"(^|[^_.a-zA-Z])(eval|exec)\(")
    offenders = []
    for path in (ROOT / "game").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_only_safe_yaml_loaders_are_used():
    unsafe = re.compile(
        r"yaml\.(load|load_all|unsafe_load|full_load)\(|\b(CLoader|UnsafeLoader|FullLoader)\b|(?<!Safe)Loader=yaml\.Loader"
    )
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / "game").rglob("*.py") if unsafe.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_loading_a_pack_imports_only_what_loading_needs():
    """``import game.story.loader`` is on every command's path: no module that loading does not use.

    ``dataclasses`` brings ``inspect``, ``ast``, ``dis`` and ``tokenize``; ``hashlib`` OpenSSL's
    ``_hashlib`` (the content hash is BLAKE2, built in); ``difflib`` only serves "did you mean"
    hints, and ``ipaddress`` only a pack's web addresses.
    """
    code = (
        "import sys\nimport game.story.loader\n"
        "heavy = ('dataclasses', 'inspect', 'ast', 'dis', 'tokenize', 'hashlib', '_hashlib', 'difflib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_loader_hashes_with_the_blake2b_hashlib_would_give():
    """The reader takes BLAKE2b from ``_blake2`` to spare loading OpenSSL; it must be hashlib's own."""
    import hashlib

    from game.story import reading

    assert reading.blake2b is hashlib.blake2b


def test_saving_and_loading_a_game_never_loads_openssl(tmp_path):
    """A save's SHA-256 comes from CPython's own module: ``hashlib`` loads OpenSSL's for it (``_hashlib``: 0.6 MiB of
    the app's peak RSS, 4 MiB in plain mode), and a title screen reads the autosave (game/engine/save_format.py).
    The checksum is the same."""
    code = (
        "import sys\n"
        "from game.engine.saves import SaveFolder\n"
        "from game.engine.save_format import checksum\n"
        "from game.story.cache import load_for_play\n"
        "from game.engine import rules\n"
        "story, _ = load_for_play(['tests/packs/mini'])\n"
        "role = next(iter(story.roles))\n"
        "folder = SaveFolder(sys.argv[1])\n"
        "folder.write(story, rules.new_game(story, role), 'slot')\n"
        "document = folder.load('slot')\n"
        "print(sorted(m for m in ('hashlib', '_hashlib') if m in sys.modules), document['checksum'])\n"
        "import hashlib, json\n"
        "body = {k: v for k, v in document.items() if k != 'checksum'}\n"
        "canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(',', ':')).encode('utf-8')\n"
        "print('sha256:' + hashlib.sha256(canonical).hexdigest() == checksum(document))"
    )
    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "saves")], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    imported, line = result.stdout.strip().splitlines()[-2:]
    assert imported.startswith("[] sha256:")
    assert line == "True"


def test_a_cold_first_scene_in_plain_mode_needs_neither_argparse_nor_json_nor_the_game_s_saving(tmp_path):
    """Each of these costs a cold start's first screen milliseconds of a budget of about ``import yaml``.

    argparse (a new game's options are read by hand: game.cli), json and the cache's story format (no
    cache file is read on a miss), the save machinery (nothing is saved before the first choice) and
    the Playthrough with its class votes (a new game is put into one at the first key: game.plain).
    """
    code = (
        "import sys, io\nsys.stdin = io.StringIO('q\\n')\nfrom game.cli import main\n"
        "import contextlib\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['play', '--plain', '--role', 'advisor'])\n"
        "unused = ('argparse', 'json', 'game.story.storydata', 'game.engine.saves', 'game.engine.save_format',"
        " 'game.durable', 'game.engine.playthrough', 'game.engine.classroom', 'game.engine.journey')\n"
        "print(sorted(m for m in unused if m in sys.modules))"
    )
    env = {**os.environ, "SPRING68_CACHE_DIR": str(tmp_path / "cache"), "SPRING68_SAVES": str(tmp_path / "saves")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, env=env)
    assert result.stdout.strip().splitlines()[-1] == "[]"

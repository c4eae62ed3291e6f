"""Slovak next, on the same tools: a new language is two catalogues, started by ``i18n extract``.

A three-scene pack is given a Slovak story catalogue (``spring68 i18n extract PACK --lang sk``) and the
interface a Slovak one (``extract --interface --lang sk``), each partly translated as a translator's
first day would leave them. Slovak has three plural forms (1 scéna, 3 scény, 5 scén), taken from
CLDR by Babel; every string not yet translated falls back to English and is counted by ``check``;
``spring68 --lang sk play`` plays the pack in Slovak, dates in Slovak too.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import polib
import pytest

from game.cli import main
from game.i18n import interface
from tests.conftest import write_pack

SCENES = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  anchor: ev
  text: Nerve {nerve}.
  choices:
    - {id: go, label: Go on, goto: s2, do: {nerve: +1}, record: They went on.}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Middle
  date: 1968-08-22
  place: Bratislava
  text: The tanks are in the square.
  choices:
    - {id: stay, label: Stay, goto: s3, record: Many stayed.}
  history: {text: The tanks came., sources: [src]}
- id: s3
  title: Last
  date: 1968-08-23
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""

STORY_SK = {
    "scene:s1:title": "Prvá",
    "scene:s1:place": "Praha",
    "scene:s1:text": "Odvaha {nerve}.",
    "choice:s1.go:label": "Pokračuj",
    "choice:s1.go:record": "Išli ďalej.",
    "scene:s2:title": "Stred",
    "scene:s2:text": "Tanky sú na námestí.",
    "choice:s2.stay:label": "Zostaň",
    "scene:s3:title": "Posledná",
    "scene:s3:text": "Koniec.",
    "scene:s3:ending:title": "Koniec",
    "variable:nerve:label": "Odvaha",
}
"""A translator's first hour: the scenes and choices; histories, records and the timeline still English."""

INTERFACE_SK = {
    "You chose: {label}": "Tvoja voľba: {label}",
    "THE END: {title}": "KONIEC: {title}",
    "{n} scene": ("{n} scéna", "{n} scény", "{n} scén"),
}


@pytest.fixture
def slovak(tmp_path, monkeypatch):
    """The pack and the interface, each with a partly translated Slovak catalogue made by the commands."""
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    pack = write_pack(tmp_path / "pack", {"hero/scenes.yaml": SCENES})
    assert main(["i18n", "extract", str(pack), "--lang", "sk"]) == 0
    po = polib.pofile(str(pack / "i18n" / "sk.po"), wrapwidth=0)
    for entry in po:
        entry.msgstr = STORY_SK.get(entry.msgctxt or "", "")
    po.save()
    locale = tmp_path / "locale"
    locale.mkdir()
    monkeypatch.setattr(interface, "LOCALE_DIR", locale)
    assert main(["i18n", "extract", "--interface", "--lang", "sk"]) == 0
    po = polib.pofile(str(locale / "sk.po"), wrapwidth=0)
    for entry in po:
        wanted = INTERFACE_SK.get(entry.msgid)
        if isinstance(wanted, tuple):
            entry.msgstr_plural = dict(enumerate(wanted))
        elif wanted:
            entry.msgstr = wanted
    po.save()
    yield pack, locale
    interface.set_language("en")


def test_extract_starts_slovak_with_its_three_plural_forms(slovak) -> None:
    pack, locale = slovak
    for path in (pack / "i18n" / "sk.po", locale / "sk.po"):
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == "sk"
        assert po.metadata["Plural-Forms"].startswith("nplurals=3; plural=(n == 1 ? 0 : n >= 2 && n <= 4 ? 1 : 2)")
    plural = next(entry for entry in polib.pofile(str(locale / "sk.po")) if entry.msgid == "{n} scene")
    assert plural.msgstr_plural == {0: "{n} scéna", 1: "{n} scény", 2: "{n} scén"}
    assert interface.set_language("sk") == "sk"
    said = [interface.ngettext("{n} scene", "{n} scenes", n).format(n=n) for n in (1, 3, 5, 22)]
    assert said == ["1 scéna", "3 scény", "5 scén", "22 scén"]  # CLDR: 2-4 only, not 22
    assert interface._("Load a saved game") == "Load a saved game"  # not translated yet: English, never an id


def test_check_counts_what_is_left_in_english(slovak, capsys) -> None:
    pack, _locale = slovak
    assert main(["i18n", "check", str(pack), "--lang", "sk", "--json"]) == 1
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["translated"] == len(STORY_SK)
    assert report["untranslated"] == report["strings"] - len(STORY_SK) > 0
    assert report["stale"] == report["inconsistent"] == report["unknown"] == 0
    assert main(["i18n", "check", "--interface", "--lang", "sk"]) == 1
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    assert last.startswith(f"sk: {len(INTERFACE_SK)} of ") and ", 0 stale, 0 inconsistent, 0 unknown" in last


def test_lang_sk_plays_the_pack_in_slovak_with_english_where_it_is_not_translated(
    slovak, tmp_path, monkeypatch, capsys
):
    pack, _locale = slovak
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n"))
    code = main(["--pack", str(pack), "--lang", "sk", "play", "--plain", "--saves", str(tmp_path / "saves")])
    out = capsys.readouterr().out
    assert code == 0
    for slovak_words in ("Prvá", "Odvaha 2.", "Tvoja voľba: Pokračuj", "Tanky sú na námestí.", "KONIEC: Koniec"):
        assert slovak_words in out, slovak_words
    assert "augusta 1968" in out and "August 1968" not in out  # dates from Babel, in Slovak
    assert "Many stayed." in out  # not translated: the English
    assert "choice:" not in out and "scene:" not in out  # never an id
    assert "over 3 scény." in out  # "You made 2 choices over 3 scenes": the Slovak plural, the rest English


def test_the_app_offers_slovak_by_its_own_name(slovak) -> None:
    from game.story.loader import load_story
    from game.tui.language import language_name, offered

    pack, _locale = slovak
    story = load_story([Path(pack)])
    assert offered(story) == ["en", "sk"] and language_name("sk") == "Slovenčina"

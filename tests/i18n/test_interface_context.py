"""The same English with two meanings: ``pgettext`` contexts, from the code to the catalogue and back.

English "Save" is a verb on the key and the dialog's button and a noun in a transcript (the save it
was made from); Czech says *Uložit* and *Uložení*. The context is the entry's ``msgctxt``: the
extractor finds it, the template carries it, the check tells the two entries apart, and the game
shows each in its place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from game.engine import new_game
from game.i18n import interface
from game.i18n.interface_check import check_interface
from game.i18n.interface_strings import interface_strings, template
from game.story.loader import load_story
from game.tools import transcript

NOUN = "the save slot a transcript was made from (a noun)"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    interface.set_language("en")


def _package(tmp_path: Path) -> Path:
    package = tmp_path / "game"
    package.mkdir()
    (package / "keys.py").write_text(
        "KEY = N_('Save')\n"
        "def fact(slot):\n"
        "    return pgettext('a noun', 'Save'), _('Save'), pgettext('a noun', 'Save')\n",
        encoding="utf-8",
    )
    return package


def test_the_extractor_keeps_a_context_apart_and_the_template_carries_it(tmp_path) -> None:
    found = {string.key: string for string in interface_strings(_package(tmp_path))}
    assert set(found) == {("", "Save"), ("a noun", "Save")}
    assert found["", "Save"].where == (("game/keys.py", 1), ("game/keys.py", 3))
    assert found["a noun", "Save"].where == (("game/keys.py", 3),)
    po = template(list(found.values()), lang="sk")
    assert sorted((entry.msgctxt or "", entry.msgid) for entry in po) == [("", "Save"), ("a noun", "Save")]
    assert 'msgctxt "a noun"' in str(po)


def test_the_check_wants_each_context_translated_and_names_a_context_the_code_no_longer_has(tmp_path) -> None:
    strings = interface_strings(_package(tmp_path))
    po = template(strings, lang="cs")
    for entry in po:
        entry.msgstr = "Uložit" if entry.msgctxt is None else ""
    po.append(polib.POEntry(msgctxt="an old context", msgid="Save", msgstr="Uložení"))
    path = tmp_path / "cs.po"
    po.save(str(path))
    report = check_interface(strings, path, "cs")
    assert sorted((problem.kind, problem.id) for problem in report.problems) == [
        ("stale", "Save [an old context]"),
        ("untranslated", "Save [a noun]"),
    ]
    untranslated = next(problem for problem in report.problems if problem.kind == "untranslated")
    assert untranslated.where == "game/keys.py:3"


def test_the_shipped_catalogue_has_the_verb_and_the_noun() -> None:
    found = {string.key for string in interface_strings()}
    assert ("", "Save") in found and (NOUN, "Save") in found
    interface.set_language("cs")
    assert interface._("Save") == "Uložit"
    assert interface.pgettext(NOUN, "Save") == "Uložení"
    interface.set_language("en")
    assert interface._("Save") == interface.pgettext(NOUN, "Save") == "Save"


def test_a_czech_transcript_names_the_save_with_the_noun(tmp_path) -> None:
    story = load_story()
    interface.set_language("cs")
    text = transcript.to_markdown(transcript.build(story, new_game(story, "advisor"), slot="moje hra", now=0))
    assert "- **Uložení:** moje hra" in text and "Uložit" not in text


def test_a_broken_copy_of_the_noun_is_reported_stale_not_lost(tmp_path) -> None:
    """The entry of the noun without its context would be the verb's twin: the check says so."""
    path = tmp_path / "cs.po"
    shutil.copy(interface.LOCALE_DIR / "cs.po", path)
    po = polib.pofile(str(path), wrapwidth=0)
    noun = po.find("Save", msgctxt=NOUN)
    assert noun is not None
    noun.msgctxt = "a context the code does not have"
    po.save(str(path))
    report = check_interface(interface_strings(), path, "cs")
    assert sorted((problem.kind, problem.id) for problem in report.problems) == [
        ("stale", "Save [a context the code does not have]"),
        ("untranslated", f"Save [{NOUN}]"),
    ]

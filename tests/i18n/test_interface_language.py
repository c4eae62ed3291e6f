"""The interface's gettext: chosen languages, plural forms, the environment, and English as fallback."""

from __future__ import annotations

import polib
import pytest

from game.i18n import interface


@pytest.fixture
def czech(tmp_path, monkeypatch):
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "cs",
        "Plural-Forms": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    }
    po.append(polib.POEntry(msgid="Save", msgstr="Uložit"))
    po.append(
        polib.POEntry(
            msgid="{n} decision",
            msgid_plural="{n} decisions",
            msgstr_plural={0: "{n} rozhodnutí", 1: "{n} rozhodnutí", 2: "{n} rozhodnutí"},
        )
    )
    po.append(
        polib.POEntry(
            msgid="{n} move", msgid_plural="{n} moves", msgstr_plural={0: "{n} tah", 1: "{n} tahy", 2: "{n} tahů"}
        )
    )
    po.save(str(tmp_path / "cs.po"))
    monkeypatch.setattr(interface, "LOCALE_DIR", tmp_path)
    yield
    interface.set_language("en")


def test_a_chosen_language_translates_and_falls_back_to_english(czech):
    assert interface.set_language("cs") == "cs" and interface.language() == "cs"
    assert interface._("Save") == "Uložit"
    assert interface._("Help") == "Help"  # not in the catalogue: English, never an id


def test_plural_forms_follow_the_catalogue(czech):
    interface.set_language("cs")
    forms = [interface.ngettext("{n} move", "{n} moves", n).format(n=n) for n in (1, 3, 5)]
    assert forms == ["1 tah", "3 tahy", "5 tahů"]
    interface.set_language("en")
    assert [interface.ngettext("{n} move", "{n} moves", n).format(n=n) for n in (1, 5)] == ["1 move", "5 moves"]


def test_an_unknown_language_speaks_english(czech):
    assert interface.set_language("xx") == "en"
    assert interface._("Save") == "Save"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "cs_CZ.UTF-8"}, "cs"),
        ({"LANGUAGE": "cs:en", "LANG": "en_GB.UTF-8"}, "cs"),
        ({"LC_ALL": "C.UTF-8", "LANG": "cs_CZ.UTF-8"}, "en"),  # LC_ALL wins, as in POSIX
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_from_the_environment(czech, environ, expected):
    assert interface.from_environment(environ) == expected

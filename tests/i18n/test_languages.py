"""The language a locale name asks for, read without importing ``locale`` for the usual names, as ``locale`` would."""

from __future__ import annotations

import locale
import subprocess
import sys

from game.i18n import languages


def _normalized(name: str) -> str:
    return locale.normalize(name).split(".")[0].split("_")[0].lower()


def _quick(name: str) -> str:
    return name.split("@")[0].split(".")[0].split("_")[0].lower()


def test_every_name_in_pythons_locale_table_reads_as_locale_reads_it():
    names = set(locale.locale_alias) | {"C.UTF-8", "POSIX", "cs_CZ.UTF-8", "sk_SK.utf8", "cz_CZ.UTF-8", "C.UTF-8@x"}
    names |= {variant for name in names for variant in (name.upper(), f"{name.split('.')[0]}.UTF-8", f"{name}@euro")}
    assert len(names) > 1_500
    wrong = {name: (languages._language_of(name), _normalized(name)) for name in names}
    assert {name: pair for name, pair in wrong.items() if pair[0] != pair[1]} == {}


def test_the_two_letter_aliases_are_pythons_own():
    """Names starting with these two letters mean another language to ``locale``: they are read by it."""
    aliased = {
        _quick(name)
        for name in locale.locale_alias
        if len(_quick(name)) == 2 and _quick(name).isalpha() and _quick(name) != _normalized(name)
    }
    assert aliased == languages.ALIASED


def test_a_usual_language_is_found_without_importing_locale():
    code = (
        "import sys; from game.i18n.languages import from_environment; "
        "print(from_environment({'LANG': 'cs_CZ.UTF-8'}, spoken=['en', 'cs']), "
        "from_environment({'LANG': 'C.UTF-8'}, spoken=['en', 'cs']), 'locale' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["cs", "en", "False"]

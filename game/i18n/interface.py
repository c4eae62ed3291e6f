"""The interface's own words (menus, keys, messages) in the player's language, through gettext.

The catalogues are ``game/i18n/locale/<lang>.po``, the same format as the
story's, compiled in memory into a standard :class:`gettext.GNUTranslations`
when a language is chosen, so plural forms follow the catalogue's
``Plural-Forms`` (Czech has three: 1 tah, 2 tahy, 5 tahů) and nothing binary
is kept in the repository. English needs no catalogue: the source strings
are English, and any string a catalogue lacks falls back to them.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
from pathlib import Path

from game.i18n import languages

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"

_current: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH
problems: list[str] = []
"""Catalogues that could not be read, for the front end to mention once."""


def available() -> list[str]:
    """Languages the interface speaks: English and each catalogue shipped."""
    return [ENGLISH, *sorted(path.stem for path in LOCALE_DIR.glob("*.po"))]


def from_environment(
    environ: os._Environ[str] | dict[str, str] | None = None, *, spoken: list[str] | None = None
) -> str:
    """The language the environment asks for, if the interface (or ``spoken``) offers it; see :mod:`languages`."""
    return languages.from_environment(environ, spoken=available() if spoken is None else spoken)


def translations(lang: str) -> tuple[_gettext.NullTranslations, str]:
    """The catalogue of ``lang`` and the language it speaks (English for an unknown or damaged one).

    Changes nothing global, so a server can speak its class's language while its process speaks another.
    """
    path = LOCALE_DIR / f"{lang}.po"
    if lang == ENGLISH or not path.is_file():
        return _gettext.NullTranslations(), ENGLISH
    import polib  # only when a language other than English is chosen

    try:
        binary = polib.pofile(str(path)).to_binary()
        return _gettext.GNUTranslations(io.BytesIO(binary)), lang
    except (OSError, ValueError, UnicodeDecodeError, IndexError) as exc:
        # A damaged catalogue costs the player the translation, never the game.
        problems.append(f"{path}: cannot read this catalogue ({exc}); the interface speaks English")
        return _gettext.NullTranslations(), ENGLISH


def set_language(lang: str) -> str:
    """Speak ``lang`` from now on (unknown languages speak English); returns the language in use."""
    global _current, _language
    _current, _language = translations(lang)
    return _language


def language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the player's language (English when it has no translation)."""
    return _current.gettext(message)


def pgettext(context: str, message: str) -> str:
    """``message`` in the player's language, where the same English needs another word in ``context``.

    English "Save" is a verb on a key and a noun in a transcript ("the save it came from"); Czech
    needs *Uložit* for one and *Uložení* for the other. The context becomes the catalogue entry's
    ``msgctxt``, which Poedit and Weblate show the translator.
    """
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a constant for translation without translating it: it is translated where shown, with ``_()``."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` (put the number in with ``.format`` afterwards)."""
    return _current.ngettext(singular, plural, count)

"""Which language to speak: the ones a story has catalogues for, and the one the environment asks for.

Every start of the game asks this, so it imports nothing but ``os`` (and
``locale`` only for a name it cannot read by itself, e.g. ``czech``) and lists
folders instead of reading catalogues: playing in English never loads the
translation machinery.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

ENGLISH = "en"


def story_languages(pack_folders: Iterable[str]) -> list[str]:
    """English and every language some pack has a catalogue for (``<pack>/i18n/<lang>.po``)."""
    found = {ENGLISH}
    for folder in pack_folders:
        try:
            names = os.listdir(os.path.join(folder, "i18n"))
        except OSError:
            continue
        found.update(name[:-3] for name in names if name.endswith(".po") and len(name) > 3)
    return sorted(found)


def from_environment(environ: Mapping[str, str] | None = None, *, spoken: Iterable[str] = (ENGLISH,)) -> str:
    """The language the environment asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``) if it is spoken.

    The first variable that is set decides, as in POSIX (``LC_ALL=C`` means English even with a Czech
    ``LANG``); ``LANGUAGE`` may list several, best first. English when none of them is spoken.
    """
    env = os.environ if environ is None else environ
    offered = set(spoken)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for wanted in value.split(":"):
            code = _language_of(wanted)
            if code in offered:
                return code
        return ENGLISH
    return ENGLISH


ALIASED = frozenset({"be", "cz", "in", "iw", "jp", "no", "sh", "sp"})
"""Two-letter starts of locale names that ``locale``'s table maps to another language (``cz_CZ`` is Czech, ``cs``).

tests/i18n/test_languages.py derives this set from Python's own table and fails when it changes."""

_C_CHARSETS = {"": "c", "ascii": "c", "en": "c", "c": "c", "utf8": "en", "iso88591": "en"}
"""What ``locale`` reads ``C.<charset>`` as: the C locale, or English with UTF-8 or Latin-1 (``POSIX.<charset>``
and ``C_C.<charset>`` stay the C locale)."""


def _language_of(wanted: str) -> str:
    """The language code of a locale name (``cs_CZ.UTF-8`` → ``cs``), as ``locale.normalize`` reads it.

    The usual forms (``ll_CC.charset``, ``C.UTF-8``) are read directly: importing ``locale`` costs a
    cold first scene 2 ms. Any other name (an alias such as ``czech`` or ``cz``) goes through ``locale``.
    """
    name, _, modifier = wanted.lower().partition("@")
    base, _, charset = name.partition(".")
    code = base.split("_")[0]
    if len(code) == 2 and code.isascii() and code.isalpha() and code not in ALIASED:
        return code
    if base in ("c", "posix", "c_c") and not modifier:
        known = _C_CHARSETS.get(charset.replace("-", ""))
        if known is not None:
            return known if base == "c" else "c"
    import locale

    return locale.normalize(wanted).split(".")[0].split("_")[0].lower()

"""Which language to speak: the ones a story has catalogues for, and the one the environment asks for.

Every start of the game asks this, so it imports nothing but ``os`` and
``locale`` and lists folders instead of reading catalogues: playing in
English never loads the translation machinery.
"""

from __future__ import annotations

import locale as _locale
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
            code = _locale.normalize(wanted).split(".")[0].split("_")[0].lower()
            if code in offered:
                return code
        return ENGLISH
    return ENGLISH

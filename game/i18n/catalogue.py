"""Reading and writing the ``.po`` catalogues translators work in (with polib, made for it).

One catalogue per language and pack: ``<pack>/i18n/<lang>.po``. Each entry's
``msgctxt`` is a string's stable id (:mod:`game.i18n.story_strings`), its
``msgid`` the English it was translated from, its ``msgstr`` the translation.
The template, ``<pack>/i18n/strings.pot``, is the same with empty ``msgstr``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import polib

from game.durable import write_atomic
from game.i18n.story_strings import StoryString

TEMPLATE = "strings.pot"
FOLDER = "i18n"
WORDS_FOR = "words-for-"
"""The flag a translator sets on an entry for a number written out in words: ``words-for-2000`` ('Dva tisíce slov')."""


class CatalogueError(Exception):
    """A catalogue that cannot be read, with the file (and line, where known) in the message."""


class Translation(NamedTuple):
    """One translated entry: the English it was made from, the translation, where it is in the file."""

    source: str
    text: str
    line: int
    fuzzy: bool
    in_words: frozenset[str]
    """The numbers the translator wrote out in words (its ``words-for-N`` flags)."""


def catalogue_path(pack: str | os.PathLike[str], lang: str) -> Path:
    return Path(pack) / FOLDER / f"{lang}.po"


def template(strings: Iterable[StoryString], *, project: str, lang: str = "") -> polib.POFile:
    """A catalogue of ``strings`` with empty translations (a ``.pot``, or a new ``.po`` for ``lang``)."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": project,
        "POT-Creation-Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        from babel.messages.plurals import get_plural  # the language's plural rule, from CLDR

        catalogue.metadata["Language"] = lang
        catalogue.metadata["Plural-Forms"] = str(get_plural(lang))
    for found in strings:
        entry = polib.POEntry(msgctxt=found.id, msgid=found.text, msgstr="", comment=found.kind)
        if found.loc.file:
            entry.occurrences = [(found.loc.file, str(found.loc.line))]
        catalogue.append(entry)
    return catalogue


def write(catalogue: polib.POFile, path: Path) -> None:
    """Write a catalogue whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, str(catalogue).encode("utf-8") + b"\n")


def read(path: Path) -> dict[str, Translation]:
    """The translated entries of a ``.po`` file by string id; untranslated and obsolete ones are left out."""
    try:
        catalogue = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read this catalogue: {exc}") from None
    found: dict[str, Translation] = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgstr or not entry.msgctxt:
            continue
        found[entry.msgctxt] = Translation(
            entry.msgid,
            entry.msgstr,
            entry.linenum or 0,
            "fuzzy" in entry.flags,
            frozenset(flag[len(WORDS_FOR) :] for flag in entry.flags if flag.startswith(WORDS_FOR)),
        )
    return found


def entries_without_translation(path: Path) -> set[str]:
    """Ids present in the file with an empty translation (so a check can say 'in the file, not yet translated')."""
    catalogue = polib.pofile(str(path), wrapwidth=0)
    return {entry.msgctxt for entry in catalogue if entry.msgctxt and not entry.msgstr and not entry.obsolete}

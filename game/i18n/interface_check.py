"""``spring68 i18n check --interface --lang LANG``: is the interface's catalogue complete, current and faithful?

The same counts and report as the story's check (:mod:`game.i18n.checking`), with what they mean
for words that live in the code rather than in a pack:

- **untranslated**: a string the code marks (``_()``, ``ngettext()``, ``pgettext()``, ``N_()``) that the catalogue
  has no translation for, or a plural message missing one of the language's forms;
- **stale**: an entry whose English (with its ``msgctxt``, for ``pgettext``) the code no longer has
  (it was reworded, removed or given another context: the player never sees it), or one the
  translator marked fuzzy;
- **inconsistent**: a translation that lost or added a ``{place}`` or a number
  (:mod:`game.i18n.consistency`), or a catalogue whose ``Plural-Forms`` is not the language's.

Untranslated strings are located in the code (``game/tools/worksheet.py:64``), the others in the
catalogue (``game/i18n/locale/cs.po:120``).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from game.i18n import consistency
from game.i18n.catalogue import CatalogueError
from game.i18n.checking import CheckReport, Problem
from game.i18n.interface_strings import InterfaceString

_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def check_interface(strings: list[InterfaceString], path: Path, lang: str) -> CheckReport:
    """Compare the interface's catalogue for ``lang`` at ``path`` with the strings the code marks."""
    catalogue = _read(path) if path.exists() else None
    entries = {(entry.msgctxt or "", entry.msgid): entry for entry in catalogue or () if not entry.obsolete}
    problems: list[Problem] = []
    forms = _forms(lang)
    if catalogue is not None:
        problems += _plural_rule(catalogue, path, lang, forms)
    for found in strings:
        file, line = found.where[0]
        entry = entries.get(found.key)
        if entry is None or not _translated(entry, found, forms):
            missing = "" if entry is None else f" (its entry is {path}:{entry.linenum}, empty)"
            message = f"no {lang} translation of this interface string{missing}"
            problems.append(Problem("untranslated", found.label, f"{file}:{line}", message))
            continue
        where = f"{path}:{entry.linenum}"
        if "fuzzy" in entry.flags:
            problems.append(Problem("stale", found.label, where, "marked fuzzy: review it and remove the flag"))
            continue
        if found.plural and entry.msgid_plural != found.plural:
            problems.append(
                Problem(
                    "stale",
                    found.label,
                    where,
                    f"the English plural is now {found.plural!r} (see {file}:{line}): update the translation",
                )
            )
            continue
        for source, text in _pairs(found, entry):
            for message in consistency.problems(source, text):
                problems.append(Problem("inconsistent", found.label, where, message))
    known = {found.key for found in strings}
    for key, entry in entries.items():
        if key[1] and key not in known and (entry.msgstr or any(entry.msgstr_plural.values())):
            context, msgid = key
            problems.append(
                Problem(
                    "stale",
                    f"{msgid} [{context}]" if context else msgid,
                    f"{path}:{entry.linenum}",
                    "the code no longer has this English (reworded or removed): "
                    "translate the new wording, then delete this entry",
                )
            )
    return CheckReport(lang, str(path), len(strings), tuple(problems))


def _read(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read this catalogue: {exc}") from None


def _forms(lang: str) -> int:
    """How many plural forms the language has (CLDR's rule, through Babel; 2 for one Babel does not know)."""
    from babel.messages.plurals import get_plural

    try:
        return get_plural(lang).num_plurals
    except (ValueError, TypeError):
        return 2


def _plural_rule(catalogue: polib.POFile, path: Path, lang: str, forms: int) -> list[Problem]:
    """A catalogue must say how its plurals are chosen, with the language's number of forms."""
    header = catalogue.metadata.get("Plural-Forms", "")
    match = _NPLURALS.search(header)
    if match is None:
        return [Problem("inconsistent", "Plural-Forms", f"{path}:1", f"no Plural-Forms header; {lang} needs {forms}")]
    if int(match.group(1)) != forms:
        return [
            Problem(
                "inconsistent",
                "Plural-Forms",
                f"{path}:1",
                f"Plural-Forms has nplurals={match.group(1)}, {lang} has {forms} (Babel: get_plural({lang!r}))",
            )
        ]
    return []


def _translated(entry: polib.POEntry, found: InterfaceString, forms: int) -> bool:
    if not found.plural:
        return bool(entry.msgstr)
    return all(entry.msgstr_plural.get(index) for index in range(forms))


def _pairs(found: InterfaceString, entry: polib.POEntry) -> list[tuple[str, str]]:
    """Each translation with the English it must agree with: every plural form with the English plural."""
    if not found.plural:
        return [(found.msgid, entry.msgstr)]
    return [(found.plural, text) for _index, text in sorted(entry.msgstr_plural.items())]

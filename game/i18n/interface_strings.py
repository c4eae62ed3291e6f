"""The interface's own words, as the code has them: found by Babel's extractor, written as a template.

The interface's strings are the English in the code itself, marked with ``_()``, ``ngettext()``
(a message with plural forms), ``pgettext()`` (the same English with another meaning: its context
becomes the entry's ``msgctxt``) and ``N_()`` (a constant translated where it is shown), as gettext
has always done; so the template is made by reading the code, never by hand, and a string a
programmer adds or rewords reaches the translator with its file and line. Babel's extractor reads
the source without importing it, so extraction runs no code. The template is
``game/i18n/locale/interface.pot``; a language's catalogue is ``game/i18n/locale/<lang>.po``.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import NamedTuple

import polib

from game import __version__
from game.durable import write_atomic
from game.i18n import interface

PACKAGE = Path(__file__).resolve().parent.parent
"""The ``game`` package: every module in it may have words for the player."""
TEMPLATE_NAME = "interface.pot"
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
}
"""The marking functions of :mod:`game.i18n.interface` and which arguments are the messages."""
COMMENT_TAG = "Translators:"
"""A comment starting with this just above a marked string reaches the translator (``# Translators: …``)."""


class InterfaceString(NamedTuple):
    """One message of the interface: its English (and English plural), and where the code uses it."""

    msgid: str
    plural: str  # "" for a message with one form
    where: tuple[tuple[str, int], ...]  # (file relative to the project, line), in the code's order
    comments: tuple[str, ...]
    context: str = ""
    """The ``pgettext`` context ("" for none): the same English in another context is another message."""

    @property
    def key(self) -> tuple[str, str]:
        """What tells this message from every other: its context and its English."""
        return (self.context, self.msgid)

    @property
    def label(self) -> str:
        """The message as a report names it: its English, with its context when it has one."""
        return f"{self.msgid} [{self.context}]" if self.context else self.msgid


def template_path() -> Path:
    return interface.LOCALE_DIR / TEMPLATE_NAME


def catalogue_path(lang: str) -> Path:
    return interface.LOCALE_DIR / f"{lang}.po"


def interface_strings(package: Path = PACKAGE) -> list[InterfaceString]:
    """Every marked string under ``package``, once each, in the order the code first uses it."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str, str], InterfaceString] = {}
    prefix = package.name
    extracted = extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
    )
    for filename, line, message, comments, context in [*extracted, *in_f_strings(package)]:
        msgid, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, "")
        if not msgid:
            continue
        where = (f"{prefix}/{Path(filename).as_posix()}", line)
        key = (context or "", msgid)
        known = found.get(key)
        if known is None:
            found[key] = InterfaceString(msgid, plural, (where,), tuple(comments), context or "")
        else:
            found[key] = known._replace(
                plural=known.plural or plural,
                where=known.where if where in known.where else (*known.where, where),
                comments=known.comments + tuple(c for c in comments if c not in known.comments),
            )
    return list(found.values())


ExtractedMessage = tuple[str, int, str | tuple[str, ...], list[str], str | None]
"""What Babel's extractor yields: file (relative), line, message (or singular and plural), comments, context."""


def in_f_strings(package: Path = PACKAGE) -> list[ExtractedMessage]:
    """The marked strings inside f-strings (``f"## {_('The end: {title}')}"``), which Babel's extractor misses.

    Before Python 3.12 an f-string is one token to the tokenizer Babel reads with, so a ``_()`` inside
    one never reached the catalogue and was always shown in English. This reads the same files with
    :mod:`ast` (parsed, never run) and yields the calls found inside f-strings, in Babel's form.
    """
    found: list[ExtractedMessage] = []
    for path in sorted(package.rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue  # Babel's pass reports nothing for it either; the tests and ruff name a broken module
        relative = path.relative_to(package).as_posix()
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                message = _marked(call)
                if message is not None and isinstance(call, ast.Call):
                    found.append((relative, call.lineno, message[0], [], message[1]))
    return found


def _marked(node: ast.AST) -> tuple[str | tuple[str, ...], str | None] | None:
    """A call to a marking function with literal messages: the message(s) and the context, as Babel gives them."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS):
        return None
    literals = [
        arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None for arg in node.args
    ]
    name = node.func.id
    if name == "ngettext" and len(literals) >= 2 and literals[0] and literals[1]:
        return (literals[0], literals[1]), None
    if name == "pgettext" and len(literals) >= 2 and literals[0] and literals[1]:
        return literals[1], literals[0]
    if name in ("_", "N_") and literals and literals[0]:
        return literals[0], None
    return None


def template(strings: list[InterfaceString], *, lang: str = "") -> polib.POFile:
    """The strings as a gettext template (or, with ``lang``, an empty catalogue for that language)."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": f"spring68 {__version__}",
        "POT-Creation-Date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    forms = 2  # a template has English's two
    if lang:
        from babel.messages.plurals import get_plural  # the language's plural rule, from CLDR

        rule = get_plural(lang)
        catalogue.metadata["Language"] = lang
        catalogue.metadata["Plural-Forms"] = str(rule)
        forms = rule.num_plurals
    for found in strings:
        entry = polib.POEntry(msgid=found.msgid, msgstr="", msgctxt=found.context or None)
        if found.plural:
            entry = polib.POEntry(
                msgid=found.msgid,
                msgid_plural=found.plural,
                msgstr_plural=dict.fromkeys(range(forms), ""),
                msgctxt=found.context or None,
            )
        entry.occurrences = [(file, str(line)) for file, line in found.where]
        entry.comment = "\n".join(found.comments)
        if "{" in found.msgid:
            entry.flags.append("python-brace-format")
        catalogue.append(entry)
    return catalogue


def write(catalogue: polib.POFile, path: Path) -> None:
    """Write a catalogue whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, str(catalogue).encode("utf-8") + b"\n")

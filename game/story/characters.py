"""Characters that make text show other than it is written: control codes, bidi controls, invisible marks.

Every value of a scene file can reach the player's terminal or browser, and a
modder reviewing a mod reads the file in an editor. Three kinds of character
make those two differ, and the reader (:mod:`game.story.yamlnodes`) looks for
all of them in one search per value:

- **control characters** (C0 and C1 except tab and newline) drive the
  terminal: clear the screen, set its title, write the clipboard (OSC 52),
  overwrite a line with ``\\r``. YAML refuses them written raw, but a
  double-quoted escape (``"\\e"``) still makes them. Errors.
- **bidirectional embeddings, overrides and isolates** (U+202A–U+202E,
  U+2066–U+2069) reorder what is displayed: a line can read differently from
  what the file says ("Trojan Source", CVE-2021-42574). Scene text needs none
  of them: a right-to-left word displays correctly on its own. Errors.
- **invisible characters** — zero-width space and joiners, the direction
  marks, the word joiner and invisible operators, a byte-order mark inside
  text, the soft hyphen, tag characters — show nothing, but split words, so
  glossary links and searches miss them, and can hide text. They have honest
  uses (a joiner inside an emoji, a soft hyphen as a hint), so they are
  warnings.
"""

from __future__ import annotations

import re
from typing import Literal

Severity = Literal["error", "warning"]

_CONTROL_RANGES = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_BIDI_RANGES = "\u202a-\u202e\u2066-\u2069"
_INVISIBLE_RANGES = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u2060-\u2064\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f"
)

CONTROL = re.compile(f"[{_CONTROL_RANGES}]")
"""Control characters other than tab and newline."""
REFUSED = re.compile(f"[{_CONTROL_RANGES}{_BIDI_RANGES}]")
"""The characters that are errors; a value is cleaned of them so that no later message can print them."""
SUSPECT = re.compile(f"[{_CONTROL_RANGES}{_BIDI_RANGES}{_INVISIBLE_RANGES}]")
"""Every character this module describes: one search per value finds any of them."""

_CONTROL_NAMES = {"\x1b": "ESC", "\r": "carriage return", "\x00": "NUL", "\x07": "bell"}

NAMES = {
    "\u202a": "LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "POP DIRECTIONAL FORMATTING",
    "\u202d": "LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "LEFT-TO-RIGHT ISOLATE",
    "\u2067": "RIGHT-TO-LEFT ISOLATE",
    "\u2068": "FIRST STRONG ISOLATE",
    "\u2069": "POP DIRECTIONAL ISOLATE",
    "\u00ad": "SOFT HYPHEN",
    "\u061c": "ARABIC LETTER MARK",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u200e": "LEFT-TO-RIGHT MARK",
    "\u200f": "RIGHT-TO-LEFT MARK",
    "\u2028": "LINE SEPARATOR",
    "\u2029": "PARAGRAPH SEPARATOR",
    "\u2060": "WORD JOINER",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
    "\ufff9": "INTERLINEAR ANNOTATION ANCHOR",
    "\ufffa": "INTERLINEAR ANNOTATION SEPARATOR",
    "\ufffb": "INTERLINEAR ANNOTATION TERMINATOR",
    "\U000e0001": "LANGUAGE TAG",
}


def name(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how a message names a character without printing it."""
    code = ord(char)
    if CONTROL.match(char):
        label = _CONTROL_NAMES.get(char)
        return f"U+{code:04X}" + (f" ({label})" if label else "")
    if 0xE0020 <= code <= 0xE007F:
        return f"U+{code:04X} TAG CHARACTER"
    return f"U+{code:04X} {NAMES.get(char, 'INVISIBLE CHARACTER')}"


def severity(char: str) -> Severity:
    """Whether the game refuses ``char`` (error) or only points at it (warning)."""
    return "error" if REFUSED.match(char) else "warning"


def describe(char: str) -> tuple[str, str]:
    """The message and hint for a value holding ``char`` (a character :data:`SUSPECT` matches)."""
    if CONTROL.match(char):
        return (
            f"this value contains the control character {name(char)}",
            "remove it: scene files hold plain text (escapes such as \\e or \\x1b are not allowed)",
        )
    if REFUSED.match(char):
        return (
            f"this value contains {name(char)}, which can make text display in another order than it is written",
            "remove it: scene text needs no direction controls (right-to-left words display correctly on their own)",
        )
    return (
        f"this value contains the invisible character {name(char)}",
        "remove it unless you need it: invisible characters are mostly pasted by accident, and they stop "
        "glossary links and searches from matching the word they are in",
    )

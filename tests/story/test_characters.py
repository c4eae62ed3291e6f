"""Direction controls are errors and invisible characters warnings, each named and located in its file."""

from __future__ import annotations

import pytest

from game.story import characters
from game.story.loader import load_with_problems
from game.story.yamlnodes import MAX_CHARACTER_PROBLEMS, node_tree, parse
from tests.conftest import SCENES_YAML

BIDI = {
    "\u202a": "U+202A LEFT-TO-RIGHT EMBEDDING",
    "\u202b": "U+202B RIGHT-TO-LEFT EMBEDDING",
    "\u202c": "U+202C POP DIRECTIONAL FORMATTING",
    "\u202d": "U+202D LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
    "\u2066": "U+2066 LEFT-TO-RIGHT ISOLATE",
    "\u2067": "U+2067 RIGHT-TO-LEFT ISOLATE",
    "\u2068": "U+2068 FIRST STRONG ISOLATE",
    "\u2069": "U+2069 POP DIRECTIONAL ISOLATE",
}

INVISIBLE = {
    "\u200b": "U+200B ZERO WIDTH SPACE",
    "\u200c": "U+200C ZERO WIDTH NON-JOINER",
    "\u200d": "U+200D ZERO WIDTH JOINER",
    "\u200e": "U+200E LEFT-TO-RIGHT MARK",
    "\u200f": "U+200F RIGHT-TO-LEFT MARK",
    "\u2060": "U+2060 WORD JOINER",
    "\u2061": "U+2061 FUNCTION APPLICATION",
    "\u2062": "U+2062 INVISIBLE TIMES",
    "\u2063": "U+2063 INVISIBLE SEPARATOR",
    "\u2064": "U+2064 INVISIBLE PLUS",
    "\ufeff": "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark)",
    "\u00ad": "U+00AD SOFT HYPHEN",
    "\u061c": "U+061C ARABIC LETTER MARK",
    "\U000e0041": "U+E0041 TAG CHARACTER",
}


def findings(pack, text: str):
    """Load the tiny pack with ``text`` (raw characters, written into a plain scalar) as the first scene's text."""
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: " + text)
    story, problems = load_with_problems([pack({"hero/scenes.yaml": scenes})])
    return story, [p for p in problems if p.code in ("bidi", "invisible", "yaml")]


@pytest.mark.parametrize("char", list(BIDI))
def test_a_direction_control_is_an_error_that_names_it(pack, char):
    story, found = findings(pack, f"Nerve {{nerve}} abc{char}def.")
    assert story is None
    (problem,) = found
    assert problem.severity == "error" and problem.code == "bidi"
    assert BIDI[char] in problem.message and "another order" in problem.message
    assert (problem.loc.line, problem.loc.col) == (6, len("  text: Nerve {nerve} abc") + 1)
    assert char not in problem.format()


@pytest.mark.parametrize("char", list(INVISIBLE))
def test_an_invisible_character_is_a_warning_that_names_it(pack, char):
    story, found = findings(pack, f"Nerve {{nerve}} abc{char}def.")
    assert story is not None  # a warning does not stop the pack
    (problem,) = found
    assert problem.severity == "warning" and problem.code == "invisible"
    assert INVISIBLE[char] in problem.message
    assert (problem.loc.line, problem.loc.col) == (6, len("  text: Nerve {nerve} abc") + 1)


def test_an_escaped_character_is_located_at_its_value(pack):
    """Written as ``\\u202e`` in double quotes, the character is not in the file: its value is pointed at."""
    story, (problem,) = findings(pack, '"Nerve {nerve} abc\\u202edef."')
    assert story is None and "U+202E" in problem.message and (problem.loc.line, problem.loc.col) == (6, 9)


def test_a_refused_character_never_reaches_a_later_message():
    found: list = []
    value = parse('"ab\u202ecd": 1\nx: "e\u2066f"\n', "f.yaml", found)
    assert value is not None and {p.code for p in found} == {"bidi"}
    root = node_tree(value)
    assert all("\u202e" not in key and "\u2066" not in key for key in root.value)
    assert root.value["x"][1].value == "e\ufffdf"


def test_an_invisible_character_in_a_block_text_is_located_on_its_own_line(pack):
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: |\n    Nerve {nerve}.\n    Second\u200bline.")
    _story, problems = load_with_problems([pack({"hero/scenes.yaml": scenes})])
    (problem,) = [p for p in problems if p.code == "invisible"]
    assert (problem.loc.line, problem.loc.col) == (8, 11)


def test_each_character_is_reported_once_per_value_and_a_file_says_how_many_more():
    found: list = []
    text = "".join(f"- {i}: a\u200bb\u200bc\n" for i in range(MAX_CHARACTER_PROBLEMS + 5))
    parse(text, "f.yaml", found)
    assert len(found) == MAX_CHARACTER_PROBLEMS + 1
    summary = found[-1]
    assert summary.severity == "warning" and summary.message.startswith("5 more findings")


def test_an_unlisted_error_still_stops_the_pack():
    found: list = []
    text = "".join(f"- a\u200b{i}\n" for i in range(MAX_CHARACTER_PROBLEMS)) + "- x\u202ey\n"
    parse(text, "f.yaml", found)
    assert found[-1].severity == "error" and "1 more findings" in found[-1].message


@pytest.mark.parametrize("char", list(BIDI) + list(INVISIBLE))
def test_names_never_contain_the_character(char):
    assert char not in characters.name(char) and characters.name(char).startswith("U+")


def test_ordinary_text_has_nothing_to_report(pack):
    story, found = findings(pack, "'Příliš žluťoučký kůň — „úpěl“ ďábelské ódy; Ελληνικά, עברית, 中文, 👍.'")
    assert story is not None and found == []

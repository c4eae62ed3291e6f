"""The YAML reader's own messages: where a bad character is, why a file is too big, which limit was hit."""

from __future__ import annotations

import pytest

from game.story import yamlnodes
from game.story.yamlnodes import (
    MAX_FILE_BYTES,
    MAX_VALUES,
    YamlProblem,
    decode,
    node_tree,
    parse,
    read_file,
    size_of,
)


def problem_of(text: str):
    with pytest.raises(YamlProblem) as caught:
        parse(text, "f.yaml")
    return caught.value.problem


def test_a_raw_control_character_is_located_even_after_non_ascii_text():
    # libyaml counts bytes, the message counts characters as editors do: 'Dubček' has one two-byte letter.
    problem = problem_of("- id: a\n- title: Dubček\x07\n")
    assert (problem.loc.line, problem.loc.col) == (2, 16)
    assert problem.message == (
        "YAML syntax: the character U+0007 is not allowed here (control characters are not allowed)"
    )
    assert problem.hint == "remove control characters from the file"


def test_the_pure_python_parser_locates_it_the_same_way(monkeypatch):
    import yaml

    monkeypatch.setattr(yamlnodes, "_Loader", yaml.SafeLoader)
    problem = problem_of("- id: a\n- title: Dubček\x07\n")
    assert (problem.loc.line, problem.loc.col) == (2, 16)


def test_an_escaped_control_character_is_reported_and_replaced():
    found = []
    root = node_tree(parse('- text: "one\\etwo"\n', "f.yaml", found))
    assert [(p.loc.line, p.loc.col, p.code) for p in found] == [(1, 9, "yaml")]
    assert "U+001B (ESC)" in found[0].message
    assert root.value[0].value["text"][1].value == "one\ufffdtwo"


def test_tabs_and_newlines_in_text_are_fine():
    found = []
    root = node_tree(parse('- text: "a\\tb\\nc"\n- |\n  line one\n  line two\n', "f.yaml", found))
    assert found == [] and root.value[0].value["text"][1].value == "a\tb\nc"


def test_a_file_over_the_limit_says_how_big_it_is_when_known():
    with pytest.raises(YamlProblem, match=r"file is larger than 4 MiB; the limit for one file is 4 MiB"):
        decode(b"x" * (MAX_FILE_BYTES + 1), "f.yaml")
    with pytest.raises(YamlProblem, match=r"file is 50\.0 MiB; the limit for one file is 4 MiB"):
        decode(b"x" * (MAX_FILE_BYTES + 1), "f.yaml", size=50 * 1024 * 1024)


def test_read_file_names_the_real_size(tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(YamlProblem) as caught:
        read_file(str(path), "big.yaml")
    assert caught.value.problem.format().startswith("big.yaml:1:1: error: file is 50.0 MiB")


def test_the_value_limit_tells_a_big_file_from_an_alias_bomb():
    problem = problem_of("- [" + "1," * MAX_VALUES + "1]\n")
    assert problem.message == f"the file holds more than {MAX_VALUES:,} values" and "split" in problem.hint
    bomb = (
        "a: &a ["
        + ", ".join(["x"] * 100)
        + "]\nb: &b ["
        + ", ".join(["*a"] * 100)
        + "]\nc: ["
        + ", ".join(["*b"] * 100)
        + "]\n"
    )
    problem = problem_of(bomb)
    assert problem.message == f"the file expands to more than {MAX_VALUES:,} values" and "aliases" in problem.hint


def test_the_real_campaign_is_far_from_the_value_limit():
    from tests.conftest import ROOT

    for path in (ROOT / "scenes").rglob("*.yaml"):
        root = parse(path.read_text(encoding="utf-8"), str(path))
        assert root is None or size_of(root) * 10 < MAX_VALUES, path


def test_an_alias_counts_again_every_value_it_repeats():
    root = parse("a: &x [1, [2, 3]]\nb: *x\nc: {d: *x, e: 4}\n", "f.yaml")
    assert root is not None
    # the list: itself, 1, the inner list, 2, 3 (5 values); a, b and d hold it; c holds d's 5 and e
    assert size_of(root) == 1 + 5 + 5 + (1 + 5 + 1)
    assert size_of(root[1]["a"][1]) == 5


def test_every_kind_of_key_is_placed_where_it_is_written():
    """A plain key keeps only its packed place (no node): each kind of key still reports its own line and column."""
    text = "a: 1\n!!int b: 2\n<<: 3\n? |\n  block\n: 4\n&k c: 5\na: 6\n"
    found: list = []
    root = parse(text, "f.yaml", found)
    assert root is not None
    entries = node_tree(root).value
    places = {name: yamlnodes.line_col(place) for name, (place, _) in entries.items()}  # type: ignore[union-attr]
    assert places == {"a": (1, 1), "b": (2, 1), "<<": (3, 1), "block\n": (4, 3), "c": (7, 1)}
    assert [(p.code, p.loc.line, p.loc.col) for p in found] == [
        ("tag", 2, 1),
        ("yaml", 3, 1),
        ("duplicate-key", 8, 1),
    ]
    assert "duplicate key 'a' (first at line 1)" in found[-1].message
    assert entries["a"][1].value == "1"  # type: ignore[index]

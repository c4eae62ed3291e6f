"""The JSON Schema an editor uses and ``spring68 check`` agree on a modder's planted mistakes (issue 17, item 4).

Each mistake is planted in a tiny valid pack, one at a time. ``check`` must report it at the line
where it was made, and the JSON Schema must reject the same file with an error that names the
offending key (its path, or for a missing or unknown key its message) — never the bare "not valid
under any of the given schemas". The file is read as an editor reads it: YAML 1.2, where ``no``
and ``yes`` are words, not booleans, and a date is a string.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest
from jsonschema.exceptions import best_match

from game.story import yamlnodes
from game.story.loader import load_with_problems
from game.story.schema import json_schemas
from tests.conftest import PACK_YAML, SCENES_YAML, SOURCES_YAML, TIMELINE_YAML, write_pack

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SCHEMA_OF = {
    "pack.yaml": "pack",
    "timeline.yaml": "timeline",
    "sources.yaml": "sources",
    "glossary.yaml": "glossary",
    "lessons.yaml": "lessons",
}
LESSONS_YAML = """\
- id: short
  title: A short lesson
  role: hero
  scenes: [s1]
"""
ORIGINAL = {
    "pack.yaml": PACK_YAML,
    "sources.yaml": SOURCES_YAML,
    "timeline.yaml": TIMELINE_YAML,
    "hero/scenes.yaml": SCENES_YAML,
    "lessons.yaml": LESSONS_YAML,
}


def as_editor_reads_it(node: yamlnodes.Node | None) -> Any:
    """The JSON value of a node tree under YAML 1.2's core schema, as yaml-language-server and most editors read it."""
    if node is None:
        return None
    if node.kind == "map":
        entries = cast("dict[str, tuple[int, yamlnodes.Node]]", node.value)
        return {key: as_editor_reads_it(value) for key, (_, value) in entries.items()}
    if node.kind == "seq":
        return [as_editor_reads_it(item) for item in cast("list[yamlnodes.Node]", node.value)]
    text = cast("str", node.value)
    if not node.plain:
        return text
    if node.is_null:
        return None
    if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def schema_errors(name: str, text: str) -> list[jsonschema.ValidationError]:
    schema = json_schemas()[f"{_SCHEMA_OF.get(name.rsplit('/', 1)[-1], 'scene')}.schema.json"]
    value = yamlnodes.parse(text, name)
    data = as_editor_reads_it(None if value is None else yamlnodes.node_tree(value))
    return list(jsonschema.Draft7Validator(schema).iter_errors(data))


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_pack(tmp_path / "pack", dict[str, str | bytes](files))


def plant(file: str, old: str, new: str) -> dict[str, str]:
    files = dict(ORIGINAL)
    assert files[file].count(old) == 1, f"{old!r} is not in {file} exactly once"
    files[file] = files[file].replace(old, new)
    return files


# (file, text in the valid pack, the mistake, the key the schema error must name)
MISTAKES = [
    ("pack.yaml", "type: flag, initial: false", "type: flag, initial: no", "initial"),
    ("pack.yaml", "type: flag, initial: false", "type: flag, initial: off", "initial"),
    ("pack.yaml", "type: flag, initial: false", "type: flag, initial: 1", "initial"),
    ("pack.yaml", "initial: 2}", "initial: two}", "initial"),
    ("pack.yaml", "initial: 2}", "initial: 2, shown: yes}", "shown"),
    ("pack.yaml", "type: flag, initial: false", "type: flag, min: 0, initial: false", "min"),
    ("pack.yaml", "min: 0, max: 5", 'min: "0", max: 5', "min"),
    ("pack.yaml", "nerve: {label: Nerve,", "nerve: {label: '',", "label"),
    ("pack.yaml", "title: Tiny", 'title: "   "', "title"),
    ("pack.yaml", "hero: {title: The hero, start: s1}", "hero: {title: The hero}", "start"),
    ("hero/scenes.yaml", "{id: go, label: Go on,", "{id: go, label: '',", "label"),
    ("hero/scenes.yaml", "{id: go, label: Go on,", "{id: go, lable: Go on,", "lable"),
    ("hero/scenes.yaml", "if: nerve >= 3,", "if: '  ',", "if"),
    ("hero/scenes.yaml", "  title: First\n", "  title: ''\n", "title"),
    ("hero/scenes.yaml", "  date: 1968-08-21\n", "  date: 1968-02-30\n", "date"),
    ("hero/scenes.yaml", "  date: 1968-08-21\n", "  date: 1968-13-01\n", "date"),
    ("hero/scenes.yaml", "  date: 1968-08-22\n", "  date: 1968-04-31\n", "date"),
    ("hero/scenes.yaml", "  anchor: ev\n", "  anchor: ev\n  flashback: yes\n", "flashback"),
    ("hero/scenes.yaml", "- id: s1\n", "- id: 1st\n", "id"),
    ("hero/scenes.yaml", "  text: The end.\n", "  text:\n    - The end.\n    - {if: nerve > 2, text: ''}\n", "text"),
    ("hero/scenes.yaml", "epilogue: Over.}", "epilogue: Over., counterfactual: yes}", "counterfactual"),
    ("hero/scenes.yaml", "{text: It ended., sources: [src]}", "{text: It ended., sources: []}", "sources"),
    ("timeline.yaml", "date: 1968-08-21,", "date: 1968-06-31,", "date"),
    ("timeline.yaml", "date: 1968-08-21,", "date: {start: 1968-00-21, end: 1968-08-22},", "start"),
    ("sources.yaml", "kind: book", "kind: website", "kind"),
    ("lessons.yaml", "  title: A short lesson\n", "  title: ''\n", "title"),
]


def _line_of(text: str, mistake: str) -> int:
    first = mistake.strip().splitlines()[-1].strip()
    return next(number for number, line in enumerate(text.splitlines(), 1) if first in line)


@pytest.mark.parametrize("file, old, new, key", MISTAKES, ids=[f"{m[0]}:{m[2].strip()[:40]}" for m in MISTAKES])
def test_check_and_the_json_schema_both_reject_a_planted_mistake_and_name_it(tmp_path, file, old, new, key):
    files = plant(file, old, new)
    _, problems = load_with_problems([_write(tmp_path, files)])
    errors = [p for p in problems if p.severity == "error"]
    line = _line_of(files[file], new)
    assert any(p.loc.file.endswith(file) and p.loc.line == line for p in errors), (
        f"check does not report the mistake at {file}:{line}: " + "; ".join(p.format() for p in errors)
    )

    found = schema_errors(file, files[file])
    assert found, f"the JSON Schema accepts {new!r}"
    best = best_match(found)
    assert best is not None
    assert "any of the given schemas" not in best.message
    assert key in best.absolute_path or repr(key) in best.message, f"{list(best.absolute_path)}: {best.message}"


# Spellings both accept: the schema must not be stricter than check where an editor would show a false alarm.
VALID = [
    ("pack.yaml", "type: flag, initial: false", "type: flag, initial: True"),
    ("pack.yaml", "type: flag, initial: false", 'type: flag, initial: "false"'),
    ("pack.yaml", "initial: 2}", 'initial: "3", shown: false}'),
    ("pack.yaml", "initial: 2}", "initial: +2}"),
    ("hero/scenes.yaml", "  date: 1968-08-22\n", "  date: 1968-02-29\n"),
    ("hero/scenes.yaml", "  text: The end.\n", "  text:\n    - The end.\n    - {if: nerve > 2, text: Brave.}\n"),
    ("timeline.yaml", "date: 1968-08-21,", "date: {start: 1968-08-20, end: 1968-08-22},"),
    ("hero/scenes.yaml", "  text: Nerve {nerve}.\n", "  text: 1968\n"),
]


@pytest.mark.parametrize("file, old, new", VALID, ids=[f"{v[0]}:{v[2].strip()[:40]}" for v in VALID])
def test_check_and_the_json_schema_both_accept_a_valid_spelling(tmp_path, file, old, new):
    files = plant(file, old, new)
    story, problems = load_with_problems([_write(tmp_path, files)])
    assert story is not None, "; ".join(p.format() for p in problems)
    assert [e.message for e in schema_errors(file, files[file])] == []


def test_the_unplanted_pack_is_valid_for_both(tmp_path):
    story, problems = load_with_problems([_write(tmp_path, ORIGINAL)])
    assert story is not None, "; ".join(p.format() for p in problems)
    for name, text in ORIGINAL.items():
        assert [e.message for e in schema_errors(name, text)] == [], name


def test_an_impossible_day_gets_a_located_error_from_check_even_where_the_pattern_cannot_tell(tmp_path):
    # 29 February 1969 fits every month/day pattern; only check knows 1969 is not a leap year.
    files = plant("hero/scenes.yaml", "  date: 1968-08-22\n", "  date: 1969-02-29\n")
    assert schema_errors("hero/scenes.yaml", files["hero/scenes.yaml"]) == []
    _, problems = load_with_problems([_write(tmp_path, files)])
    dated = [p for p in problems if p.code == "date"]
    assert [(p.loc.line, p.loc.col) for p in dated] == [(_line_of(files["hero/scenes.yaml"], "date: 1969-02-29"), 9)]
    assert "1969-02-29 is not a real date" in dated[0].message


def test_an_error_inside_a_scene_is_reported_inside_it_not_as_a_failed_alternative():
    # The old schema offered scene-or-extension as anyOf: a validator said only "not valid under any of ...".
    text = "- extend: s1\n  choices:\n    - {label: '', goto: s2}\n"
    best = best_match(schema_errors("hero/scenes.yaml", text))
    assert best is not None
    assert list(best.path) == [0, "choices", 0, "label"]
    assert best.validator == "minLength"


def test_the_lessons_schema_is_printed_by_kind(run_cli):
    result = run_cli("schema", "--kind", "lessons")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["title"] == "Spring '68 lessons.yaml"
    assert schema["items"]["required"] == ["id", "title", "role", "scenes"]

"""The raw records of a load: typed entries that know their file and positions, and the hint budget."""

from __future__ import annotations

from pathlib import Path

from game.story import schema
from game.story.merging import merge_scenes
from game.story.model import Role
from game.story.records import RawPack, RawScene
from game.story.report import Report
from game.story.suggestions import MAX_SUGGESTIONS, Suggestions
from game.story.yamlnodes import parse


def entries(text: str, file: str = "alpha/s.yaml") -> list[schema.Entry]:
    problems: list = []
    node = parse(text, file, problems)
    converted = schema.SCENE_FILE.convert(node, schema.Context(file, problems))
    assert problems == []
    return converted


SCENE = """\
- id: s1
  title: Start
  date: 1968-01-05
  place: Prague
  text: Hello.
  history: {text: What happened., sources: [src]}
  choices:
    - {label: Go, goto: s1}
"""


def test_an_entry_knows_its_file_and_where_each_value_is():
    (scene,) = entries(SCENE)
    assert isinstance(scene, schema.Entry) and scene["id"] == "s1"
    assert scene.file == "alpha/s.yaml"
    assert tuple(scene.loc("place")) == ("alpha/s.yaml", 4, 10)
    assert tuple(scene.loc("anchor")) == ("alpha/s.yaml", 1, 3)  # no such key: where the entry starts
    (choice,) = scene["choices"]
    assert isinstance(choice, schema.Entry) and tuple(choice.loc("goto")) == ("alpha/s.yaml", 8, 25)
    assert set(scene.nodes) == set(scene) and "_keys" not in scene and "_node" not in scene


def test_choices_a_mod_adds_keep_the_mods_file():
    (base,) = entries(SCENE)
    (extension,) = entries("- extend: s1\n  choices:\n    - {label: More, goto: s1}\n  discuss: [Why?]\n", "mod/x.yaml")
    packs = [RawPack(Path(name), None, f"{name}/pack.yaml") for name in ("base", "mod")]
    packs[0].scenes.append(RawScene(base, "alpha"))
    packs[1].scenes.append(RawScene(extension, "alpha"))
    report = Report([])
    merged = merge_scenes(packs, {"alpha": Role("alpha", "A", "", "s1")}, report)
    assert report.problems == []
    scene = merged["s1"]
    assert [c.file for c in scene.choices()] == ["alpha/s.yaml", "mod/x.yaml"]
    assert scene.discuss() == ["Why?"] and scene.role == "alpha"


def test_the_hint_budget_runs_out():
    suggestions = Suggestions()
    hints = [suggestions.did_you_mean("trsut", ["trust"], "plain") for _ in range(MAX_SUGGESTIONS + 5)]
    assert hints[:MAX_SUGGESTIONS] == ["did you mean 'trust'?"] * MAX_SUGGESTIONS
    assert hints[MAX_SUGGESTIONS:] == ["plain"] * 5

"""The raw records of a load: typed entries that know their file and positions, and the hint budget."""

from __future__ import annotations

from pathlib import Path

from game.story import schema
from game.story.loader import load_with_problems
from game.story.records import RawPack, RawScene
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


def test_choices_a_mod_adds_keep_the_mods_file(tmp_path):
    mod = tmp_path / "mod"
    (mod / "alpha").mkdir(parents=True)
    (mod / "pack.yaml").write_text("id: mod\ntitle: Mod\nextends: mini\n", encoding="utf-8")
    (mod / "alpha" / "x.yaml").write_text(
        "- extend: a_start\n  choices:\n    - {id: more, label: More, goto: a_start}\n  discuss: [Why?]\n",
        encoding="utf-8",
    )
    base = Path(__file__).resolve().parent.parent / "packs" / "mini"
    story, problems = load_with_problems([base, mod])
    assert problems == [] and story is not None
    scene = story.scenes["a_start"]
    assert [Path(c.loc.file).name for c in scene.choices][-1] == "x.yaml"
    assert {Path(c.loc.file).name for c in scene.choices[:-1]} == {"scenes.yaml"}
    assert scene.choices[-1].id == "a_start.more" and scene.discuss[-1] == "Why?" and scene.role == "alpha"


def test_a_pack_hands_out_its_scene_files_one_at_a_time_and_once():
    (first,) = entries(SCENE)
    (second,) = entries(SCENE.replace("s1", "s2"), "alpha/t.yaml")
    raw = RawPack("p", None, "p/pack.yaml")
    raw.scenes.append(RawScene(first, "alpha"))
    asked: list[str] = []

    def later():
        asked.append("t.yaml")
        yield [RawScene(second, "alpha")]

    raw.later = later()
    batches = raw.batches()
    assert [s.entry["id"] for s in next(batches)] == ["s1"] and asked == []  # the next file is not read yet
    assert [s.entry["id"] for s in next(batches)] == ["s2"] and asked == ["t.yaml"]
    assert list(batches) == [] and raw.scenes == [] and list(raw.batches()) == []


def test_the_hint_budget_runs_out():
    suggestions = Suggestions()
    hints = [suggestions.did_you_mean("trsut", ["trust"], "plain") for _ in range(MAX_SUGGESTIONS + 5)]
    assert hints[:MAX_SUGGESTIONS] == ["did you mean 'trust'?"] * MAX_SUGGESTIONS
    assert hints[MAX_SUGGESTIONS:] == ["plain"] * 5

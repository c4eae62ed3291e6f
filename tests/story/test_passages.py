"""Conditional passages: a scene's text as a list, validated at each passage's lines, shown by scene_text."""

from __future__ import annotations

import pytest

from game.engine import rules
from game.story import cache, limits
from game.story.loader import load_with_problems
from game.story.reads import Reads, names_read
from game.story.schema import json_schemas

# s1 offers two ways on; s2 remembers which one was taken.
PASSAGE_SCENES = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  anchor: ev
  text: Nerve {nerve}.
  choices:
    - {id: go, label: Go on, goto: s2, do: {nerve: +1}, set: {brave: true}}
    - {id: wait, label: Wait, goto: s2}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Last
  date: 1968-08-22
  place: Prague
  text:
    - |
      The square is quiet.
    - if: chose("s1.go")
      text: |
        You went on, with nerve {nerve}.
    - if: not brave
      text: You waited.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""


def load(pack, scenes: str):
    return load_with_problems([pack({"hero/scenes.yaml": scenes})])


def errors(pack, scenes: str) -> list[str]:
    story, problems = load(pack, scenes)
    found = [f"{p.loc.line}: {p.message}" for p in problems if p.severity == "error"]
    assert (story is None) == bool(found)
    return found


def test_each_state_reads_its_own_passages(pack):
    story, problems = load(pack, PASSAGE_SCENES)
    assert story is not None, problems
    went = rules.choose(story, rules.new_game(story, "hero"), "go")
    waited = rules.choose(story, rules.new_game(story, "hero"), "wait")
    scene = story.scenes["s2"]
    assert rules.scene_text(scene, went) == "The square is quiet.\n\nYou went on, with nerve 3.\n"
    assert rules.scene_text(scene, waited) == "The square is quiet.\n\nYou waited.\n"


def test_the_scene_keeps_every_passage_for_tools(pack):
    story, _ = load(pack, PASSAGE_SCENES)
    scene = story.scenes["s2"]
    assert [p.condition.source if p.condition else None for p in scene.passages] == [
        None,
        'chose("s1.go")',
        "not brave",
    ]
    assert scene.text == "The square is quiet.\n\nYou went on, with nerve {nerve}.\n\nYou waited.\n"
    assert [p.loc.line for p in scene.passages] == [16, 18, 21]
    assert story.scenes["s1"].passages == ()


def test_a_plain_text_is_shown_as_before(pack):
    story, _ = load(pack, PASSAGE_SCENES)
    state = rules.new_game(story, "hero")
    assert rules.scene_text(story.scenes["s1"], state) == "Nerve 2."


@pytest.mark.parametrize(
    ("passage", "line", "says"),
    [
        ('    - if: visited("s9")\n      text: x\n', 23, 'visited("s9"): there is no scene'),
        ('    - if: chose("s1.run")\n      text: x\n', 23, 'chose("s1.run"): there is no such choice'),
        ("    - if: courage > 2\n      text: x\n", 23, "courage"),
        ("    - if: nerve +\n      text: x\n", 23, "in expression"),
        ("    - if: nerve\n      text: x\n", 23, "gives a number, but a flag is needed"),
        ("    - if: brave\n      txet: x\n", 24, "unknown key 'txet' in passage"),
        ("    - if: brave\n", 23, "passage has no 'text'"),
        ("    - text: x\n", 23, "passage has no 'if'"),
        ('    - ""\n', 23, "this text is empty"),
        ("    - if: brave\n      text: Brave {nrve}.\n", 24, "{nrve} in the text is not a declared variable"),
        ("    - 'See [it](javascript:alert(1)).'\n", 23, "the link 'javascript:alert(1)' in the text cannot be opened"),
    ],
)
def test_a_wrong_passage_is_reported_at_its_own_line(pack, passage, line, says):
    scenes = PASSAGE_SCENES.replace("  history: {text: It ended.", passage + "  history: {text: It ended.")
    found = errors(pack, scenes)
    assert any(text.startswith(f"{line}:") and says in text for text in found), found


def test_an_empty_list_of_passages_is_an_error(pack):
    scenes = PASSAGE_SCENES.replace(
        PASSAGE_SCENES[PASSAGE_SCENES.index("  text:\n    - |") : PASSAGE_SCENES.index("  history: {text: It ended.")],
        "  text: []\n",
    )
    assert any("at least 1 item" in text for text in errors(pack, scenes))


def test_the_text_limit_counts_every_passage(pack, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SCENE_TEXT", 90)
    long_passage = "    - if: brave\n      text: " + "x" * 60 + "\n"
    scenes = PASSAGE_SCENES.replace("  history: {text: It ended.", long_passage + "  history: {text: It ended.")
    assert any("scene 's2' holds" in text for text in errors(pack, scenes))


def test_the_number_of_passages_is_bounded(pack, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PASSAGES_PER_SCENE", 3)
    scenes = PASSAGE_SCENES.replace("  history: {text: It ended.", "    - One more.\n  history: {text: It ended.")
    found = errors(pack, scenes)
    assert found == ["23: scene 's2' has 4 passages; at most 3 are allowed"]


def test_passages_survive_the_play_cache(pack, tmp_path, monkeypatch):
    monkeypatch.setenv("SPRING68_CACHE_DIR", str(tmp_path / "cache"))
    root = pack({"hero/scenes.yaml": PASSAGE_SCENES})
    loaded, _ = cache.load_for_play([root])
    cached = cache.load([root])
    assert loaded is not None and cached is not None
    assert cached.scenes["s2"].passages == loaded.scenes["s2"].passages or [
        (p.text, p.condition.source if p.condition else None, p.loc) for p in cached.scenes["s2"].passages
    ] == [(p.text, p.condition.source if p.condition else None, p.loc) for p in loaded.scenes["s2"].passages]
    for choice in ("go", "wait"):
        a = rules.choose(loaded, rules.new_game(loaded, "hero"), choice)
        b = rules.choose(cached, rules.new_game(cached, "hero"), choice)
        assert rules.scene_text(cached.scenes["s2"], b) == rules.scene_text(loaded.scenes["s2"], a)


def test_the_json_schema_accepts_passages_and_rejects_unknown_keys():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schemas()["scene.schema.json"]
    scene = {
        "id": "s",
        "title": "T",
        "date": "1968-08-21",
        "place": "P",
        "history": {"text": "h", "sources": ["src"]},
        "ending": {"title": "E", "epilogue": "e"},
    }
    good = dict(scene, text=["Always.", {"if": "brave", "text": "Sometimes."}])
    jsonschema.validate([good], schema)
    for bad in (["Always.", {"if": "brave", "txet": "typo"}], ["x", {"text": "no condition"}], []):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate([dict(scene, text=bad)], schema)


def test_names_read_lists_what_passages_and_conditions_read(pack):
    story, _ = load(pack, PASSAGE_SCENES)
    assert names_read(story.scenes["s2"]) == Reads(
        frozenset({"brave"}), frozenset(), frozenset({"s1.go"}), frozenset({"nerve"})
    )
    assert names_read(story.scenes["s1"]) == Reads(frozenset(), frozenset(), frozenset(), frozenset({"nerve"}))


def test_names_read_includes_effect_values_and_visits(pack):
    scenes = PASSAGE_SCENES.replace(
        "{id: wait, label: Wait, goto: s2}",
        '{id: wait, label: Wait, if: visited("s1"), goto: s2, set: {brave: nerve >= 3}}',
    ).replace("text: Nerve {nerve}.", "text: Here.")
    story, problems = load(pack, scenes)
    assert story is not None, problems
    assert names_read(story.scenes["s1"]) == Reads(frozenset({"nerve"}), frozenset({"s1"}), frozenset(), frozenset())


@pytest.mark.parametrize(
    ("keys", "shown", "hidden"),
    [("1\n", "You went on, with nerve 3.", "You waited."), ("2\n", "You waited.", "You went on")],
)
def test_plain_mode_shows_the_passages_of_the_path_taken(pack, run_cli, keys, shown, hidden):
    root = pack({"hero/scenes.yaml": PASSAGE_SCENES})
    result = run_cli("play", "--plain", "--pack", str(root), "--role", "hero", input=keys + "q\n")
    assert "The square is quiet." in result.stdout, result.stdout + result.stderr
    assert shown in result.stdout and hidden not in result.stdout

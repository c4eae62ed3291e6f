"""Limits that keep the full-screen app fast: choices, labels and text per scene, scenes per pack.

50,000 choices added by ``extend:`` used to pass ``check``; the app then
took a minute to its first frame and two per move. Each limit is a located
error with a hint, and past it the loader does no more work on what it refused.
"""

from __future__ import annotations

import pytest

from game.story import building, limits
from game.story.limits import MAX_CHOICES_PER_SCENE, MAX_LABEL, MAX_SCENE_TEXT
from game.story.loader import load_with_problems
from tests.conftest import MINI, SCENES_YAML

MOD_PACK = "id: mod\ntitle: Mod\nextends: mini\n"


def limit_errors(paths):
    story, problems = load_with_problems(paths)
    return story, [p for p in problems if p.code == "limit"]


def many_choices(count: int, start: int = 0) -> str:
    return "".join(f"    - {{id: c{i}, label: Option {i}, goto: s2}}\n" for i in range(start, start + count))


def test_a_scene_with_too_many_choices_is_refused_at_the_first_one_too_many(pack):
    scenes = SCENES_YAML.replace(
        "    - {id: wait, label: Wait, if: nerve >= 3, goto: s2}\n", many_choices(MAX_CHOICES_PER_SCENE - 1)
    )
    story, errors = limit_errors([pack({"hero/scenes.yaml": scenes})])
    assert story is not None and errors == []  # exactly at the limit
    scenes = scenes.replace("  history: {text: What", many_choices(1, start=900) + "  history: {text: What", 1)
    story, (problem,) = limit_errors([pack({"hero/scenes.yaml": scenes}, name="over")])
    assert story is None
    assert problem.message == f"scene 's1' has {MAX_CHOICES_PER_SCENE + 1} choices; at most 16 are allowed"
    assert problem.loc.line == scenes.splitlines().index("    - {id: c900, label: Option 900, goto: s2}") + 1
    assert "split the decision" in problem.hint


def test_choices_added_by_mods_count_and_are_not_checked_past_the_limit(tmp_path, monkeypatch):
    """Thousands of ``extend:`` choices: one error in the mod's file, and only the first few are built."""
    mod = tmp_path / "mod"
    (mod / "alpha").mkdir(parents=True)
    (mod / "pack.yaml").write_text(MOD_PACK, encoding="utf-8")
    for part in range(2):
        lines = "".join(f"    - {{id: m{part}_{i}, label: More, goto: a_middle}}\n" for i in range(10_000))
        (mod / "alpha" / f"more{part}.yaml").write_text(f"- extend: a_start\n  choices:\n{lines}", encoding="utf-8")
    built = []
    real_choice = building.Builder._choice

    def counting(self, raw, *args, **kwargs):
        built.append(raw.get("id"))
        return real_choice(self, raw, *args, **kwargs)

    monkeypatch.setattr(building.Builder, "_choice", counting)
    story, (problem,) = limit_errors([MINI, mod])
    assert story is None
    assert problem.message == (
        "scene 'a_start' has 20,002 choices (with those mods add by extend:); at most 16 are allowed"
    )
    assert problem.loc.file.endswith("alpha/more0.yaml") and problem.loc.line == 3 + MAX_CHOICES_PER_SCENE - 2
    assert built.count("m0_0") == 1 and "m0_20" not in built and len(built) < 100


def test_a_long_label_is_refused_at_the_label(pack):
    label = "Go on" + " and on" * (MAX_LABEL // 7 + 1)
    scenes = SCENES_YAML.replace("label: Go on,", f"label: {label},")
    story, (problem,) = limit_errors([pack({"hero/scenes.yaml": scenes})])
    assert story is None and problem.loc.line == 8 and problem.loc.col == scenes.splitlines()[7].index(label) + 1
    assert problem.message == f"this choice's label has {len(label):,} characters; at most {MAX_LABEL} are allowed"


@pytest.mark.parametrize("field", ["text", "history", "discuss", "record"])
def test_a_scene_with_too_much_text_is_refused(pack, field):
    words = "word " * (MAX_SCENE_TEXT // 5)
    scenes = {
        "text": SCENES_YAML.replace("text: Nerve {nerve}.", f"text: Nerve {{nerve}}. {words}"),
        "history": SCENES_YAML.replace("history: {text: What happened.,", f"history: {{text: {words},"),
        "discuss": SCENES_YAML.replace("  history: {text: What", f"  discuss: [{words}]\n  history: {{text: What"),
        "record": SCENES_YAML.replace("record: They went on.}", f"record: {words}}}"),
    }[field]
    story, (problem,) = limit_errors([pack({"hero/scenes.yaml": scenes})])
    assert story is None and (problem.loc.line, problem.loc.col) == (1, 7)
    assert (
        problem.message.startswith("scene 's1' holds ") and f"at most {MAX_SCENE_TEXT:,} are allowed" in problem.message
    )


def test_the_campaigns_scenes_are_far_inside_the_limits():
    from game.story.loader import load_story

    story = load_story([MINI])
    for scene in story.scenes.values():
        assert len(scene.choices) * 4 <= MAX_CHOICES_PER_SCENE
        assert all(len(c.label) * 2 <= MAX_LABEL for c in scene.choices)


def test_a_pack_with_too_many_scenes_is_refused_before_any_cross_check(pack, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SCENES_PER_PACK", 1)
    broken = SCENES_YAML.replace("goto: s2, do", "goto: nowhere, do")  # would be a goto error if checked
    story, problems = load_with_problems([pack({"hero/scenes.yaml": broken})])
    assert story is None
    assert [(p.code, p.loc.line, p.loc.col) for p in problems] == [("limit", 11, 3)]
    assert problems[0].message == "the pack has 2 scenes; at most 1 are allowed in one pack"

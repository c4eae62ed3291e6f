"""Loading packs: every mistake is a located problem, all of them in one run."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from game.story.errors import PackError
from game.story.loader import load_story, load_with_problems

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): error: ")


def problems_of(path):
    story, problems = load_with_problems([path])
    return story, [p for p in problems if p.severity == "error"]


def only_problem(path):
    story, errors = problems_of(path)
    assert story is None
    assert len(errors) == 1, [p.format() for p in errors]
    return errors[0]


def test_the_tiny_pack_loads(pack):
    story = load_story([pack()])
    assert list(story.scenes) == ["s1", "s2"]
    assert story.scenes["s1"].date == dt.date(1968, 8, 21)
    assert story.scenes["s1"].role == "hero"
    assert [c.id for c in story.scenes["s1"].choices] == ["s1.go", "s1.wait"]
    assert story.scenes["s2"].ending.title == "The End"


def test_the_mini_fixture_pack_loads_cleanly():
    from tests.conftest import MINI

    story, problems = load_with_problems([MINI])
    assert story is not None and problems == []
    assert set(story.roles) == {"alpha", "beta"}


def test_text_stays_text_yaml11_booleans_and_numbers(pack):
    scenes = """\
- id: s1
  title: no
  date: 1968-08-21
  place: on
  text: yes
  choices:
    - {label: off, goto: s2}
    - {id: n, label: 1968, goto: s2}
  history: {text: 3.10, sources: [src]}
  discuss: [no, ~x]
- id: s2
  title: Y
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: OFF, epilogue: NO}
"""
    story = load_story([pack({"hero/scenes.yaml": scenes})])
    s1 = story.scenes["s1"]
    assert (s1.title, s1.place, s1.text) == ("no", "on", "yes")
    assert [c.label for c in s1.choices] == ["off", "1968"]
    assert s1.history.text == "3.10"
    assert s1.discuss == ("no", "~x")
    assert story.scenes["s2"].ending.title == "OFF"


def test_impossible_date_is_our_error_not_a_crash(pack):
    bad = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("date: 1968-08-21\n  place: Prague\n  anchor", "date: 1968-02-30\n  place: Prague\n  anchor")
    )
    problem = only_problem(pack({"hero/scenes.yaml": bad}))
    assert "1968-02-30 is not a real date" in problem.message
    assert (problem.loc.line, problem.loc.col) == (3, 9)
    assert problem.hint


@pytest.mark.parametrize("date", ["21.8.1968", "1968-8-21", "'1968-13-01'", "[1968]"])
def test_malformed_dates_are_located(pack, date):
    bad = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("date: 1968-08-21\n  place: Prague\n  anchor", f"date: {date}\n  place: Prague\n  anchor")
    )
    problem = only_problem(pack({"hero/scenes.yaml": bad}))
    assert problem.loc.line == 3 and "date" in problem.message


def test_unknown_key_suggests_the_right_one(pack):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("  place: Prague\n  anchor", "  plaec: Prague\n  anchor", 1)
    )
    story, errors = problems_of(pack({"hero/scenes.yaml": text}))
    messages = [p.format() for p in errors]
    assert any("unknown key 'plaec'" in m and "did you mean 'place'" in m for m in messages), messages
    assert any("has no 'place'" in m for m in messages)


def test_duplicate_key_is_reported_with_both_lines(pack):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("  place: Prague\n  anchor", "  place: Prague\n  place: Brno\n  anchor", 1)
    )
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "duplicate key 'place' (first at line 4)" in problem.message
    assert problem.loc.line == 5


def test_duplicate_scene_id_names_the_first(pack):
    extra = (
        "- id: s1\n  title: Again\n  date: 1968-08-22\n  place: P\n  text: t\n"
        "  history: {text: h, sources: [src]}\n  ending: {title: E, epilogue: e}\n"
    )
    problem = only_problem(pack({"hero/more.yaml": extra}))
    assert "scene id 's1' is already used at" in problem.message
    first, second = sorted([problem.loc.file, problem.message.rsplit(" at ", 1)[1]])
    assert first.endswith("hero/more.yaml:1:7") and second.endswith("hero/scenes.yaml")


def test_goto_to_a_missing_scene_suggests_a_near_id(pack):
    text = (pack().joinpath("hero/scenes.yaml")).read_text().replace("goto: s2, do", "goto: s3, do")
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "goto 's3'" in problem.message
    assert "did you mean 's" in problem.hint


def test_undeclared_variable_in_a_condition_points_at_the_name(pack):
    text = (pack().joinpath("hero/scenes.yaml")).read_text().replace("if: nerve >= 3", "if: nerv >= 3")
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "unknown variable 'nerv'" in problem.message
    assert "did you mean 'nerve'" in problem.hint
    line = (pack().joinpath("hero/scenes.yaml")).read_text().splitlines()[8]
    assert problem.loc.col == line.index("nerv") + 1


def test_undeclared_variable_in_effects(pack):
    text = (pack().joinpath("hero/scenes.yaml")).read_text().replace("do: {nerve: +1}", "do: {courage: +1}")
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "unknown variable 'courage'" in problem.message


@pytest.mark.parametrize(
    "condition, fragment",
    [
        ("nerve >= ", "ends too early"),
        ("nerve ** 2", "unexpected character '*'"),
        ("__import__('os')", "unknown function __import__"),
        ("nerve.real > 1", "unexpected character '.'"),
        ("nerve and 3", "expected a flag"),
        ("nerve + 1", "gives a number, but a flag is needed"),
        ('visited("nowhere")', "no scene with this id"),
    ],
)
def test_bad_expressions_are_located_errors(pack, condition, fragment):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("if: nerve >= 3", "if: '" + condition.replace("'", "''") + "'")
    )
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert fragment in problem.message, problem.format()
    assert problem.loc.line == 9


def test_missing_start_scene(pack):
    manifest = pack().joinpath("pack.yaml").read_text().replace("start: s1", "start: s0")
    problem = only_problem(pack({"pack.yaml": manifest}))
    assert "starts at scene 's0', which does not exist" in problem.message
    assert problem.loc.file.endswith("pack.yaml")


def test_wrong_types_both_ways(pack):
    text = (pack().joinpath("hero/scenes.yaml")).read_text()
    text = text.replace("  choices:\n    - {id: go", "  choices: {oops: 1}\n  x_choices:\n    - {id: go", 1)
    text = text.replace("sources: [src]}\n- id: s2", "sources: src}\n- id: s2")
    _story, errors = problems_of(pack({"hero/scenes.yaml": text}))
    messages = " | ".join(p.message for p in errors)
    assert "expected a list, found a mapping" in messages
    assert "expected a list, found 'src'" in messages


def test_all_problems_of_a_pack_in_one_run(pack):
    scenes = (pack().joinpath("hero/scenes.yaml")).read_text()
    scenes = scenes.replace("if: nerve >= 3", "if: nerv >= 3").replace("goto: s2, do", "goto: nowhere, do")
    scenes = scenes.replace("date: 1968-08-22", "date: 1968-02-30")
    path = pack({"hero/scenes.yaml": scenes, "hero/broken.yaml": "- id: x\n  title: [unclosed\n"})
    _story, errors = problems_of(path)
    text = "\n".join(p.format() for p in errors)
    assert "unknown variable 'nerv'" in text
    assert "goto 'nowhere'" in text  # broken.yaml, which could not be read, writes only the id 'x': not an excuse
    assert "1968-02-30" in text
    assert "broken.yaml:" in text
    assert len(errors) >= 3
    for problem in errors:
        assert LOCATED.match(problem.format()), problem.format()
    (path / "hero" / "broken.yaml").unlink()  # once every file reads, the missing scene is reported
    assert "goto 'nowhere'" in "\n".join(p.format() for p in problems_of(path)[1])


def test_load_story_raises_pack_error_with_all_problems(pack):
    scenes = (pack().joinpath("hero/scenes.yaml")).read_text().replace("if: nerve >= 3", "if: nerv >= 3")
    with pytest.raises(PackError) as info:
        load_story([pack({"hero/scenes.yaml": scenes})])
    assert len(info.value.problems) == 1


def test_interpolation_names_must_be_declared(pack):
    text = (pack().joinpath("hero/scenes.yaml")).read_text().replace("Nerve {nerve}.", "Nerve {nerves} {{literal}}.")
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "{nerves}" in problem.message


def test_unknown_source_and_anchor(pack):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace("anchor: ev", "anchor: evt")
        .replace("sources: [src]}\n- id: s2", "sources: [srx]}\n- id: s2")
    )
    _story, errors = problems_of(pack({"hero/scenes.yaml": text}))
    messages = [p.message for p in errors]
    assert any("anchor 'evt'" in m for m in messages)
    assert any("unknown source 'srx'" in m for m in messages)


def test_ending_rules(pack):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace(
            "ending: {title: The End, epilogue: Over.}",
            "ending: {title: The End, epilogue: Over., counterfactual: true}",
        )
    )
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "does not say what really happened" in problem.message


def test_yes_no_in_a_true_false_field_is_explained(pack):
    text = (
        (pack().joinpath("hero/scenes.yaml"))
        .read_text()
        .replace(
            "ending: {title: The End, epilogue: Over.}", "ending: {title: The End, epilogue: Over., counterfactual: no}"
        )
    )
    problem = only_problem(pack({"hero/scenes.yaml": text}))
    assert "'no' is not true or false" in problem.message


def test_scene_outside_a_role_folder(pack):
    extra = (
        "- id: s9\n  title: T\n  date: 1968-08-22\n  place: P\n  text: t\n"
        "  history: {text: h, sources: [src]}\n  ending: {title: E, epilogue: e}\n"
    )
    problem = only_problem(pack({"loose.yaml": extra}))
    assert "has no role" in problem.message and "hero/" in problem.hint


def test_variable_bounds_and_initial(pack):
    manifest = pack().joinpath("pack.yaml").read_text().replace("initial: 2}", "initial: 9}")
    problem = only_problem(pack({"pack.yaml": manifest}))
    assert "starts at 9, outside 0..5" in problem.message


def test_missing_pack_yaml(tmp_path):
    story, problems = load_with_problems([tmp_path])
    assert story is None and "no pack.yaml" in problems[0].message

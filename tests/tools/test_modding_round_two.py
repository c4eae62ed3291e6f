"""Issue 17, round two of the modding toolkit: each test plants one mistake a modder makes, or proves a tool scales."""

from __future__ import annotations

import random

import pytest

from game.engine import rules
from game.story.loader import load_story
from game.tools.explore import RoleReport, explore
from tests.conftest import MINI, write_pack
from tests.tools.six_scene_mod import write_six_scene_mod

# ---- the explorer's liveness: exact, and it scales with mods ------------------------------------


def _generated_pack(root, seed: int):
    """A small random pack: loops, numbers and a flag, add/set effects, visited() and chose() conditions."""
    rng = random.Random(seed)
    count = rng.randint(3, 8)
    ids = [f"s{i}" for i in range(count)]
    endings = {ids[-1]} | {s for s in ids[1:-1] if rng.random() < 0.2}
    choice_ids: list[str] = []
    plans = {}
    for scene_id in ids:
        if scene_id in endings:
            continue
        plans[scene_id] = [(f"c{k}", rng.choice(ids[1:])) for k in range(rng.randint(1, 3))]
        choice_ids += [f"{scene_id}.{local}" for local, _ in plans[scene_id]]

    def condition() -> str:
        return rng.choice(
            [
                f"a >= {rng.randint(0, 3)}",
                f"b < {rng.randint(1, 3)}",
                "f",
                "not f",
                f'visited("{rng.choice(ids)}")',
                f'chose("{rng.choice(choice_ids)}")',
                f"a + b > {rng.randint(1, 5)}",
            ]
        )

    def effects() -> str:
        parts = []
        if rng.random() < 0.5:
            parts.append(f"do: {{{rng.choice('ab')}: {rng.choice(['+1', '-1', '+2'])}}}")
        if rng.random() < 0.3:
            parts.append(rng.choice(["set: {a: 0}", "set: {b: a}", "set: {f: true}", "set: {f: a >= 2}"]))
        return "".join(", " + part for part in parts)

    text = ""
    for scene_id in ids:
        text += (
            f"- id: {scene_id}\n  title: T\n  date: 1968-08-21\n  place: P\n  text: t\n"
            "  history: {text: h, sources: [src]}\n"
        )
        if scene_id in endings:
            text += "  ending: {title: E, epilogue: e}\n"
            continue
        text += "  choices:\n"
        for local, goto in plans[scene_id]:
            guard = f", if: '{condition()}'" if rng.random() < 0.6 else ""
            text += f"    - {{id: {local}, label: L, goto: {goto}{guard}{effects()}}}\n"
    pack_yaml = (
        "id: gen\ntitle: Generated\nroles:\n  hero: {title: Hero, start: s0}\nvariables:\n"
        "  a: {label: A, min: 0, max: 3, initial: 1}\n  b: {label: B, min: 0, max: 3, initial: 2}\n"
        "  f: {label: F, type: flag, initial: false}\n"
    )
    return write_pack(root, {"pack.yaml": pack_yaml, "hero/scenes.yaml": text})


def _same_outcome(fast: RoleReport, reference: RoleReport) -> None:
    """Everything the explorer reports but the number of states is the same with and without liveness."""
    assert {e: len(p) for e, p in fast.endings.items()} == {e: len(p) for e, p in reference.endings.items()}
    assert fast.unreached_scenes == reference.unreached_scenes
    assert fast.untaken_choices == reference.untaken_choices
    assert {scene for scene, _ in fast.stuck} == {scene for scene, _ in reference.stuck}
    assert fast.states <= reference.states


def _replays(story, role: str, report: RoleReport) -> None:
    """Every path the liveness search reports really plays, through the engine, to what it says."""
    for ending, path in report.endings.items():
        state = rules.new_game(story, role)
        for choice_id in path:
            state = rules.choose(story, state, choice_id)
        assert state.scene == ending
    for scene_id, path in report.stuck:
        state = rules.new_game(story, role)
        for choice_id in path:
            state = rules.choose(story, state, choice_id)
        assert state.scene == scene_id and not rules.available_choices(story, state)


def test_liveness_keeps_the_report_of_generated_packs_exact(tmp_path):
    merged = 0
    for seed in range(150):
        story = load_story([_generated_pack(tmp_path / str(seed), seed)])
        fast = explore(story).roles[0]
        reference = explore(story, liveness=False).roles[0]
        if len(reference.stuck) < 50:  # the list is capped: beyond it the two searches may list different ones
            _same_outcome(fast, reference)
        _replays(story, "hero", fast)
        merged += reference.states - fast.states
    assert merged > 0  # the generated packs do exercise the merging, not only the identity


@pytest.mark.parametrize("role", ["alpha", "beta"])
def test_liveness_keeps_the_report_of_the_mini_pack_exact(role):
    story = load_story([MINI])
    fast = explore(story, [role]).roles[0]
    _same_outcome(fast, explore(story, [role], liveness=False).roles[0])
    _replays(story, role, fast)


@pytest.mark.parametrize("role", ["advisor", "resistance"])
def test_every_path_the_campaigns_report_gives_really_plays(role):
    # The search without liveness no longer fits the limit on the whole campaign (passages are reads too),
    # so the campaign's report is held to the engine: each shortest path plays to its ending.
    story = load_story()
    _replays(story, role, explore(story, [role]).roles[0])


def test_a_six_scene_mod_explores_in_about_the_base_campaigns_states(tmp_path):
    base = explore(load_story(), ["advisor"]).roles[0]
    story = load_story([write_six_scene_mod(tmp_path / "mod")])
    modded = explore(story, ["advisor"]).roles[0]
    assert modded.unreached_scenes == [] and modded.stuck == [] and modded.untaken_choices == []
    # Without liveness this mod took 7,193,126 states (the base alone 760,206); the bound is on work, not time.
    assert modded.states < 5 * base.states


# ---- planted mistakes: each caught once, where it was made --------------------------------------

MOD_PACK = (
    "id: mod\ntitle: Mod\nextends: mini\nvariables:\n  luck: {label: Luck, min: 0, max: 5, initial: 1, role: alpha}\n"
)


def _scene(scene_id: str, choices: str, date: str = "1968-08-22") -> str:
    return (
        f"- id: {scene_id}\n  title: T\n  date: {date}\n  place: P\n  text: t\n"
        f"  choices:\n{choices}  history: {{text: h, sources: [book1]}}\n"
    )


def _mod(tmp_path, files: dict[str, str], pack: str = MOD_PACK):
    return write_pack(tmp_path / "mod", {"pack.yaml": pack, **files}, base=False)


def _problems(paths):
    from game.story.loader import load_with_problems

    return load_with_problems(paths)[1]


def _checked(paths):
    from game.tools.check import run_check

    return run_check([str(p) for p in paths]).problems


def test_an_effect_larger_than_the_whole_range_is_warned_about_at_its_key(tmp_path):
    scenes = "- extend: a_start\n  choices:\n    - label: Gamble\n      goto: a_middle\n      do: {luck: +9}\n"
    scenes += (
        "    - {label: Reset, goto: a_middle, set: {luck: 7}}\n    - {label: Fine, goto: a_middle, do: {luck: -5}}\n"
    )
    problems = [p for p in _checked([MINI, _mod(tmp_path, {"alpha/x.yaml": scenes})]) if p.code == "effect-range"]
    assert [(p.severity, p.loc.line) for p in problems] == [("warning", 5), ("warning", 6)]
    assert "do: {luck: +9} is larger than the whole range of 'luck'" in problems[0].message
    assert "always ends at 5" in problems[0].hint
    assert "set: {luck: 7} is outside the range" in problems[1].message and "clamped to 5" in problems[1].hint


def test_a_loop_with_no_way_out_is_one_error_showing_the_loop(tmp_path):
    scenes = "- extend: a_start\n  choices:\n    - {label: Wander, goto: a_loop_one}\n"
    scenes += _scene("a_loop_one", "    - {label: On, goto: a_loop_two}\n")
    scenes += _scene("a_loop_two", "    - {label: Back, goto: a_loop_one}\n    - {label: Round, goto: a_loop_two}\n")
    problems = [p for p in _checked([MINI, _mod(tmp_path, {"alpha/x.yaml": scenes})]) if p.severity == "error"]
    assert [p.code for p in problems] == ["no-way-out"]
    assert problems[0].loc.line == 4 and problems[0].loc.file.endswith("x.yaml")
    assert "a_loop_one → a_loop_two → a_loop_one" in problems[0].message


def test_an_unclosed_quote_is_reported_where_it_opened(tmp_path):
    text = _scene("a_extra", "    - {label: On, goto: a_middle}\n").replace("title: T", 'title: "The open quote')
    text += "\n" * 30 + _scene("a_more", "    - {label: On, goto: a_middle}\n")
    (problem,) = _problems([MINI, _mod(tmp_path, {"alpha/x.yaml": text})])
    assert (problem.loc.line, problem.loc.col) == (2, 10)
    assert "quoted value that begins here is never closed" in problem.message and "close the quote" in problem.hint


def test_a_no_break_space_in_the_indentation_is_named(tmp_path):
    text = _scene("a_extra", "    - {label: On, goto: a_middle}\n").replace("  place: P", "\u00a0 place: P")
    (problem,) = _problems([MINI, _mod(tmp_path, {"alpha/x.yaml": text})])
    assert problem.loc.line == 4 and "U+00A0 NO-BREAK SPACE" in problem.message
    assert "ordinary spaces" in problem.hint


def test_a_wrong_indent_is_not_told_to_quote(tmp_path):
    text = _scene("a_extra", "    - {label: On, goto: a_middle}\n").replace("  place: P", "   place: P")
    (problem,) = _problems([MINI, _mod(tmp_path, {"alpha/x.yaml": text})])
    assert problem.loc.line == 4 and "indented further than the key above" in problem.hint
    assert "quote" not in problem.hint


def test_a_typo_inside_a_literal_block_is_reported_at_its_own_line_and_column(tmp_path):
    text = _scene("a_extra", "    - {label: On, goto: a_middle}\n").replace(
        "  text: t\n", "  text: |\n    First line.\n\n    Your luck is {lukc} today.\n"
    )
    (problem,) = [p for p in _problems([MINI, _mod(tmp_path, {"alpha/x.yaml": text})]) if p.code == "interpolation"]
    assert (problem.loc.line, problem.loc.col) == (8, 18) and "did you mean 'luck'?" in problem.hint


def test_a_mod_folder_named_nearly_after_a_role_gives_one_message(tmp_path):
    scenes = "- extend: a_start\n  choices:\n    - {label: Wander, goto: a_extra}\n"
    scenes += _scene("a_extra", "    - {label: On, goto: a_middle}\n") + _scene(
        "a_other", "    - {label: On, goto: a_extra}\n"
    )
    (problem,) = _problems([MINI, _mod(tmp_path, {"alpa/x.yaml": scenes})])
    assert problem.code == "role" and "folder 'alpa/' is not a role" in problem.message
    assert problem.hint.startswith("rename the folder to 'alpha/'")


def test_extends_with_a_typo_gives_one_message_with_did_you_mean_base(tmp_path):
    pack = "id: mod\ntitle: Mod\nextends: bse\nvariables:\n  luck: {label: Luck, role: advisor}\n"
    mod = _mod(tmp_path, {"advisor/x.yaml": _scene("adv_x", "    - {label: On, goto: adv_reply}\n")}, pack)
    (problem,) = _problems([mod])
    assert problem.code == "extends" and "extends 'bse', which is not loaded" in problem.message
    assert problem.hint == "did you mean 'base'?"


def test_packs_given_in_the_wrong_order_are_explained(tmp_path):
    mod = _mod(tmp_path, {"alpha/x.yaml": _scene("a_extra", "    - {label: On, goto: a_middle}\n")})
    (problem,) = _problems([mod, MINI])
    assert "the packs are in the wrong order: 'mod' extends 'mini', which is loaded after it" in problem.message
    assert problem.hint.startswith("give the base first: spring68 check ") and problem.hint.endswith("mod")


def test_a_yaml_error_in_one_file_causes_no_missing_scene_in_another(tmp_path):
    files = {
        "alpha/a.yaml": "- extend: a_start\n  choices:\n    - {label: Wander, goto: a_extra}\n",
        "alpha/b.yaml": _scene("a_extra", "    - {label: On, goto: a_middle}\n").replace("title: T", "title: [T"),
    }
    problems = _problems([MINI, _mod(tmp_path, files)])
    assert [p.code for p in problems] == ["yaml"] and problems[0].loc.file.endswith("b.yaml")


def test_a_yaml_error_hides_only_the_missing_scenes_the_broken_file_could_have_defined(tmp_path):
    # The broken file writes a_extra (and a choice id); a_nowhere and a_gone are missing for real and stay reported.
    files = {
        "alpha/a.yaml": (
            "- extend: a_start\n  choices:\n    - {label: Wander, goto: a_extra}\n"
            "    - {label: Lost, goto: a_nowhere}\n"
            '    - {id: back, label: Back, goto: a_middle, if: \'visited("a_extra") or visited("a_gone")\'}\n'
            '    - {id: again, label: Again, goto: a_middle, if: \'chose("a_extra.on") or chose("a_gone.on")\'}\n'
        ),
        "alpha/b.yaml": _scene("a_extra", "    - {id: on, label: On, goto: a_middle}\n").replace(
            "title: T", "title: [T"
        ),
    }
    problems = sorted(_problems([MINI, _mod(tmp_path, files)]), key=lambda p: (p.loc.file[-6:], p.loc.line))
    assert [(p.code, p.loc.file.rsplit("/", 1)[-1], p.loc.line) for p in problems] == [
        ("goto", "a.yaml", 4),
        ("expression", "a.yaml", 5),
        ("expression", "a.yaml", 6),
        ("yaml", "b.yaml", 2),
    ]
    assert "a_nowhere" in problems[0].message
    assert 'visited("a_gone")' in problems[1].message and 'chose("a_gone.on")' in problems[2].message


def test_a_file_that_cannot_be_read_at_all_still_hides_every_missing_scene(tmp_path, monkeypatch):
    # Its ids are unknown, so any missing scene may be in it: one message, not a cloud of guesses.
    import os

    from game.story import packfiles

    files = {
        "alpha/a.yaml": "- extend: a_start\n  choices:\n    - {label: Lost, goto: a_nowhere}\n",
        "alpha/b.yaml": _scene("a_extra", "    - {label: On, goto: a_middle}\n"),
    }
    mod = _mod(tmp_path, files)
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith("b.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(packfiles.os, "open", refuse)
    problems = _problems([MINI, mod])
    assert [(p.code, p.loc.file.rsplit("/", 1)[-1]) for p in problems] == [("io", "b.yaml")]


def test_a_file_that_is_not_utf8_hides_only_the_ids_written_in_it(tmp_path):
    files = {
        "alpha/a.yaml": "- extend: a_start\n  choices:\n    - {label: Lost, goto: a_nowhere}\n"
        "    - {label: Wander, goto: a_extra}\n",
        "alpha/b.yaml": _scene("a_extra", "    - {label: On, goto: a_middle}\n")
        .encode()
        .replace(b"title: T", b"title: \xff"),
    }
    problems = _problems([MINI, _mod(tmp_path, files)])
    assert sorted((p.code, p.loc.file.rsplit("/", 1)[-1]) for p in problems) == [("goto", "a.yaml"), ("yaml", "b.yaml")]


def test_the_ids_kept_from_broken_files_are_bounded():
    from game.story import limits
    from game.story.reading import UnreadScenes

    unread = UnreadScenes()
    unread.add(b"- id: a_one\n  choices: [{id: on, goto: x}]\n  title: [\n")
    assert unread.ids == {"a_one", "on"} and unread.may_define("a_one") and not unread.may_define("a_two")
    # A hostile file writing more ids than any pack may hold scenes excuses every id instead of keeping them all.
    unread.add("".join(f"- id: s{i}\n" for i in range(limits.MAX_SCENES_PER_PACK + 2)).encode())
    assert unread.ids == set() and unread.may_define("anything") and unread.files == 2


def test_suggestions_only_when_the_name_is_close(tmp_path):
    scenes = "- extend: a_start\n  choices:\n    - {label: A, goto: a_mod_middle_washington}\n"
    scenes += "    - {label: B, goto: a_midle}\n"
    problems = [p for p in _problems([MINI, _mod(tmp_path, {"alpha/x.yaml": scenes})]) if p.code == "goto"]
    assert [p.hint for p in problems] == ["check the spelling, or write the scene", "did you mean 'a_middle'?"]


def test_the_duplicate_id_hint_says_rename_first_and_what_replace_does(tmp_path):
    mod = _mod(tmp_path, {"alpha/x.yaml": _scene("a_middle", "    - {label: On, goto: a_end_bad}\n")})
    (problem,) = [p for p in _problems([MINI, mod]) if p.code == "duplicate"]
    assert problem.hint.startswith("rename the mod's scene (e.g. 'a_mod_middle')")
    assert "replace: true" in problem.hint and "is no longer played" in problem.hint


# ---- tools: options after the command, graph of a mod -------------------------------------------


def test_graph_marks_mod_scenes_and_is_named_after_the_packs(tmp_path):
    from game.tools.graph import to_dot, to_mermaid

    scenes = "- extend: a_start\n  choices:\n    - {label: Wander, goto: a_extra}\n"
    scenes += _scene("a_extra", "    - {label: On, goto: a_middle}\n")
    story = load_story([MINI, _mod(tmp_path, {"alpha/x.yaml": scenes})])
    dot = to_dot(story, "alpha")
    assert dot.startswith('digraph "mini + mod" {')
    assert '"a_extra" [label="1968-08-22\\nT\\n[mod]", color="#3366cc", fontcolor="#3366cc"];' in dot
    assert '"a_middle" [label="1968-08-24\\nThe middle", ' in dot  # a base scene is not marked
    mermaid = to_mermaid(story, "alpha")
    assert "title: mini + mod" in mermaid and "[mod]" in mermaid
    mod_node = next(line for line in mermaid.splitlines() if "[mod]" in line).split("[")[0].strip()
    assert f"  class {mod_node} mod" in mermaid.splitlines()


@pytest.mark.parametrize(
    "command, shown", [("check", "check mini:"), ("explore", "Alpha role (alpha)"), ("graph", '"a_start"')]
)
def test_global_options_are_accepted_after_the_command(run_cli, command, shown):
    result = run_cli(command, "--pack", str(MINI), "--saves", "unused-saves")
    assert result.returncode == 0, result.stdout + result.stderr
    assert shown in result.stdout  # the mini pack was loaded, not the base campaign


def test_play_takes_saves_after_the_command(run_cli, tmp_path):
    played = run_cli(
        "play", "--plain", "--pack", str(MINI), "--role", "alpha", "--saves", str(tmp_path), input="1\nq\n"
    )
    assert played.returncode == 0, played.stderr
    assert any(tmp_path.iterdir())  # the game was saved where it was told


@pytest.mark.parametrize(
    ("broken", "follow_on"),
    [("sources.yaml", "cites unknown source"), ("timeline.yaml", "is not an event in timeline.yaml")],
)
def test_a_yaml_error_in_sources_or_timeline_is_one_message_not_one_per_citation(tmp_path, broken, follow_on):
    """Every scene cites sources and anchors events: a broken sources.yaml once gave 444 'unknown source' errors."""
    import shutil

    pack = tmp_path / "campaign"
    shutil.copytree(MINI, pack)
    with (pack / broken).open("a", encoding="utf-8") as file:
        file.write('\n- id: broken\n  title: "never closed\n')
    problems = _problems([pack])
    assert [(p.code, p.loc.file.rsplit("/", 1)[-1]) for p in problems] == [("yaml", broken)]
    assert not any(follow_on in p.message for p in problems)
    # mended, the pack loads clean again
    (pack / broken).write_text((MINI / broken).read_text(encoding="utf-8"), encoding="utf-8")
    assert _problems([pack]) == []

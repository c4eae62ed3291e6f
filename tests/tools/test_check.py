"""``spring68 check``: located findings, a summary line, and an honest exit code."""

from __future__ import annotations

import json

from game.tools.check import run_check
from tests.conftest import MINI, SCENES_YAML


def test_clean_pack_exits_zero_with_a_summary(run_cli):
    result = run_cli("check", str(MINI))
    assert result.returncode == 0
    assert (
        result.stdout.strip().splitlines()[-1]
        == "check mini: 7 scenes, 4 endings, 3 variables, 2 events, 2 sources — 0 errors, 0 warnings"
    )


def test_problems_are_listed_then_summarised_with_exit_one(run_cli, pack):
    scenes = SCENES_YAML.replace("if: nerve >= 3", "if: nerv >= 3").replace("goto: s2, do", "goto: s9, do")
    result = run_cli("check", str(pack({"hero/scenes.yaml": scenes})))
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 1
    assert any(":9:" in line and "error: in expression 'nerv >= 3': unknown variable 'nerv'" in line for line in lines)
    assert any(line.strip() == "hint: did you mean 'nerve'?" for line in lines)
    assert lines[-1] == "check: the pack could not be loaded: 2 errors, 0 warnings"


def test_json_format(run_cli, pack):
    scenes = SCENES_YAML.replace("if: nerve >= 3", "if: nerv >= 3")
    result = run_cli("check", "--format", "json", str(pack({"hero/scenes.yaml": scenes})))
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["errors"] == 1
    problem = report["problems"][0]
    assert problem["line"] == 9 and problem["severity"] == "error" and problem["hint"]


def test_dates_never_go_backwards(pack):
    scenes = SCENES_YAML.replace("date: 1968-08-22", "date: 1968-08-20")
    report = run_check([str(pack({"hero/scenes.yaml": scenes}))])
    assert any("time runs backwards" in p.message for p in report.problems)
    flash = scenes.replace("  text: The end.", "  flashback: true\n  text: The end.")
    assert not any(
        "time runs backwards" in p.message
        for p in run_check([str(pack({"hero/scenes.yaml": flash}, name="b"))]).problems
    )


def test_anchor_dates_must_fall_inside_the_event(pack):
    timeline = "- {id: ev, date: {start: 1968-08-22, end: 1968-08-23}, title: E, summary: S.}\n"
    report = run_check([str(pack({"timeline.yaml": timeline}))])
    problem = next(p for p in report.problems if "outside its anchor" in p.message)
    assert "1968-08-22 to 1968-08-23" in problem.message and problem.loc.line == 3


def test_fixed_points_must_be_passed_in_order(pack):
    manifest = (
        "id: tiny\ntitle: T\nroles:\n  hero: {title: H, start: s1}\n"
        "variables:\n  nerve: {label: N}\n  brave: {label: B, type: flag}\nfixed_points: [ev, ev2]\n"
    )
    timeline = (
        "- {id: ev, date: 1968-08-21, title: E, summary: S.}\n- {id: ev2, date: 1968-08-22, title: E2, summary: S.}\n"
    )
    report = run_check([str(pack({"pack.yaml": manifest, "timeline.yaml": timeline}))])
    problem = next(p for p in report.problems if p.code == "fixed-point")
    assert "without passing fixed point 'ev2': s1 → s2" in problem.message
    counterfactual = SCENES_YAML.replace(
        "epilogue: Over.}", "epilogue: Over., counterfactual: true, instead: It did not.}"
    )
    fine = run_check(
        [str(pack({"pack.yaml": manifest, "timeline.yaml": timeline, "hero/scenes.yaml": counterfactual}, name="b"))]
    )
    assert not [p for p in fine.problems if p.code == "fixed-point"]


def test_unreachable_scenes_unused_variables_and_possible_dead_ends(pack):
    extra = (
        "- id: lost\n  title: L\n  date: 1968-08-23\n  place: P\n  text: t\n"
        "  choices: [{label: x, goto: s2, if: nerve > 4}]\n  history: {text: h, sources: [src]}\n"
    )
    manifest = (
        "id: tiny\ntitle: T\nroles:\n  hero: {title: H, start: s1}\n"
        "variables:\n  nerve: {label: N}\n  brave: {label: B, type: flag}\n  idle: {label: I}\n"
    )
    report = run_check([str(pack({"hero/extra.yaml": extra, "pack.yaml": manifest}))])
    codes = {(p.code, p.severity) for p in report.problems}
    assert ("unreachable", "error") in codes
    assert ("unused-variable", "warning") in codes
    assert ("dead-end", "warning") in codes


def test_check_defaults_to_the_base_campaign(run_cli):
    result = run_cli("check")
    assert result.stdout.strip().splitlines()[-1].startswith(("check base", "check: the pack could not be loaded"))

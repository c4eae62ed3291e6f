"""``explore --random N``: per role, bars at their ends, endings' shares, stuck games reported, ``--role`` alone."""

from __future__ import annotations

import json

from game.story.loader import load_story
from game.tools.random_play import STEPS_PER_SCENE, random_playthroughs, step_limit
from tests.conftest import MINI

TWO_STEP_PACK = """\
id: tiny
title: Tiny
roles:
  hero: {title: The hero, start: s1}
variables:
  nerve: {label: Nerve, min: 0, max: 1, initial: 0}
  brave: {label: Brave, type: flag, initial: false}
"""

TWO_STEP = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  text: Go on.
  choices:
    - {id: up, label: Up, do: {nerve: +1}, goto: s2}
    - {id: stay, label: Stay, goto: s2}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Last
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""

LOOP = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  text: Round.
  choices:
    - {id: on, label: On, goto: s2}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Second
  date: 1968-08-21
  place: Prague
  text: And round.
  choices:
    - {id: back, label: Back, goto: s1}
    - {id: stop, label: Stop, if: brave, goto: s3}
  history: {text: What happened., sources: [src]}
- id: s3
  title: Last
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""


def test_bar_shares_and_ending_shares_by_hand(pack):
    story = load_story([pack({"pack.yaml": TWO_STEP_PACK, "hero/scenes.yaml": TWO_STEP})])
    report = random_playthroughs(story, 400, seed=3)
    (hero,) = report.roles
    ups = hero.choice_hits["s1.up"]
    assert ups + hero.choice_hits["s1.stay"] == 400 and 100 < ups < 300
    # by hand: two scenes read per game; s1 always at 0 (the minimum); s2 at 1 after 'up', at 0 after 'stay'
    assert hero.scenes_read == 800
    assert hero.extreme_shares() == {"nerve": ((400 + 400 - ups) / 800, ups / 800)}
    assert hero.ending_shares() == {"s2": 1.0}
    flags = hero.flags(story)
    assert any("'Nerve' (nerve) is at its minimum" in flag for flag in flags)
    assert "ending 's2' takes 100% of the games (over 20%)" in flags


def test_games_stuck_in_a_loop_are_counted_and_shown_not_dropped(pack):
    story = load_story([pack({"hero/scenes.yaml": LOOP})])
    report = random_playthroughs(story, 20, seed=1)
    (hero,) = report.roles
    limit = step_limit(story, "hero")
    assert limit == STEPS_PER_SCENE * 3
    assert hero.stuck == 20 and hero.endings == {}
    assert hero.scenes_read == 20 * (limit + 1)  # bounded: each game stops at the limit
    assert hero.stuck_examples[0].reason == "step limit" and len(hero.stuck_examples) == 5
    text = report.to_text(story)
    assert "stuck playthroughs: 20" in text and "step limit in 's" in text and "! 20 games could not finish" in text


def test_a_scene_with_no_option_offered_is_reported_as_stuck(pack):
    scenes = LOOP.replace(
        "    - {id: back, label: Back, goto: s1}\n", "    - {id: back, label: Back, if: brave, goto: s1}\n"
    )
    story = load_story([pack({"hero/scenes.yaml": scenes})])
    (hero,) = random_playthroughs(story, 5, seed=1).roles
    assert hero.stuck == 5 and hero.stuck_examples[0].reason == "no option"
    assert hero.stuck_examples[0].scene == "s2" and hero.stuck_examples[0].choices == ["s1.on"]


def test_a_role_alone_gives_the_numbers_of_the_full_run():
    story = load_story([MINI])
    full = random_playthroughs(story, 200, seed=9)
    alone = random_playthroughs(story, 200, seed=9, roles=["alpha"])
    assert [r.role for r in full.roles] == ["alpha", "beta"] and [r.role for r in alone.roles] == ["alpha"]
    assert alone.roles[0] == full.roles[0]
    text = alone.to_text(story)
    assert "b_start" not in text and "Beta role" not in text


def test_the_cli_reports_one_role_and_json(run_cli):
    result = run_cli("explore", str(MINI), "--random", "100", "--seed", "2", "--role", "beta")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("100 random playthroughs, seed 2, per role")
    assert "a_start" not in result.stdout and "b_start" in result.stdout
    data = json.loads(run_cli("explore", str(MINI), "--random", "100", "--json").stdout)
    assert data["games_per_role"] == 100 and [r["role"] for r in data["roles"]] == ["alpha", "beta"]
    alpha = data["roles"][0]
    assert (
        set(alpha["bars"]) == {"courage", "fear"} and abs(sum(e["share"] for e in alpha["endings"].values()) - 1) < 1e-3
    )
    assert alpha["scenes_seen"]["a_start"] == 1.0 and alpha["stuck"] == 0


def test_the_cli_exits_1_when_games_are_stuck(pack, run_cli):
    root = pack({"hero/scenes.yaml": LOOP})
    result = run_cli("explore", str(root), "--random", "3")
    assert result.returncode == 1 and "stuck playthroughs: 3" in result.stdout

"""A six-scene mod of the base campaign like the one issue 17 was measured with.

Three ``extend:`` entries, one 0–5 variable, conditions, effects and a
``visited()``: the kind of mod that multiplied the adviser's explored states
by fourteen before the explorer learnt which values are dead.
"""

from __future__ import annotations

from pathlib import Path

PACK = """\
id: six_scenes
title: Six scenes
extends: base
variables:
  nerve: {label: Your nerve, min: 0, max: 5, initial: 2, role: advisor}
"""


def _scene(scene_id: str, date: str, choices: str) -> str:
    return (
        f"- id: {scene_id}\n  title: {scene_id}\n  date: {date}\n  place: Prague\n"
        f"  text: Your nerve is {{nerve}}.\n  choices:\n{choices}"
        "  history: {text: What happened., sources: [bischof2010]}\n"
    )


SCENES = (
    "- extend: adv_sumava\n  choices:\n"
    "    - {id: mod_walk, label: Walk to the ministry, goto: adv_mod_walk, do: {nerve: +1}}\n"
    "- extend: adv_reply\n  choices:\n"
    "    - {id: mod_ask, label: Ask the ministry, if: nerve >= 2, goto: adv_mod_ask}\n"
    "- extend: adv_bratislava\n  choices:\n"
    "    - {id: mod_stay, label: Stay behind, goto: adv_mod_stay}\n"
    + _scene(
        "adv_mod_walk",
        "1968-06-21",
        "    - {id: bold, label: Speak up, goto: adv_mod_corridor, do: {nerve: +2}}\n"
        "    - {id: meek, label: Keep quiet, goto: adv_mod_corridor, do: {nerve: -1}}\n",
    )
    + _scene(
        "adv_mod_corridor",
        "1968-06-22",
        "    - {id: on, label: Go back, goto: adv_press_law}\n"
        "    - {id: brave, label: Knock, if: nerve >= 4, goto: adv_press_law, do: {nerve: -3}}\n",
    )
    + _scene(
        "adv_mod_ask",
        "1968-07-18",
        "    - {id: press, label: Press him, goto: adv_mod_answer, do: {nerve: +1}}\n"
        "    - {id: leave, label: Leave, goto: adv_cierna}\n",
    )
    + _scene(
        "adv_mod_answer",
        "1968-07-19",
        "    - {id: on, label: Go on, goto: adv_cierna, do: {nerve: -2}}\n"
        "    - {id: again, label: Ask again, if: nerve >= 3, goto: adv_cierna}\n",
    )
    + _scene(
        "adv_mod_stay",
        "1968-08-05",
        "    - {id: wait, label: Wait, goto: adv_mod_wait}\n"
        '    - {id: go, label: Go, if: nerve >= 1 and visited("adv_mod_walk"), goto: adv_august_lull}\n',
    )
    + _scene(
        "adv_mod_wait",
        "1968-08-10",
        "    - {id: on, label: Go on, goto: adv_august_lull, do: {nerve: -1}}\n",
    )
)


def write_six_scene_mod(root: Path) -> Path:
    """Write the mod into ``root`` and return it."""
    (root / "advisor").mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(PACK, encoding="utf-8")
    (root / "advisor" / "mod.yaml").write_text(SCENES, encoding="utf-8")
    return root

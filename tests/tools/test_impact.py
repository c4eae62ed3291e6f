"""``explore --impact``: which decisions change what the player reads, exactly on small packs checked by hand."""

from __future__ import annotations

import json
import random

import pytest

from game.story.loader import load_story
from game.tools import impact as impact_module
from game.tools.explore import explore_role
from game.tools.impact import HORIZON, impact
from tests.conftest import MINI

SCENE = """\
- id: {id}
  title: {id}
  date: 1968-08-21
  place: Prague
  text: {text}
  history: {{text: What happened., sources: [src]}}
"""


def scenes(*parts: str) -> str:
    return "".join(parts)


def scene(scene_id: str, choices: str = "", text: str = "Plain.", ending: bool = False) -> str:
    out = SCENE.format(id=scene_id, text=text)
    if ending:
        out += "  ending: {title: The End, epilogue: Over.}\n"
    else:
        out += "  choices:\n" + choices
    return out


# s1: two options that only move a bar nothing reads (cosmetic); s2: one option the next scene remembers.
COSMETIC_AND_PASSAGE = scenes(
    scene(
        "s1",
        "    - {id: up, label: Up, do: {nerve: +1}, goto: s2}\n"
        "    - {id: down, label: Down, do: {nerve: -1}, goto: s2}\n",
    ),
    scene(
        "s2",
        "    - {id: remember, label: Remember, set: {brave: true}, goto: s3}\n"
        "    - {id: forget, label: Forget, goto: s3}\n",
    ),
    scene("s3", "    - {id: on, label: On, goto: s4}\n", text='["Always.", {if: brave, text: "You remembered."}]'),
    scene("s4", ending=True),
)


def load(pack, text: str):
    return load_story([pack({"hero/scenes.yaml": text})])


def by_scene(role_impact):
    return {d.scene: d for d in role_impact.decisions}


def test_an_option_a_later_passage_remembers_is_told_from_one_that_changes_nothing(pack):
    story = load(pack, COSMETIC_AND_PASSAGE)
    hero = impact(story).roles[0]
    decisions = by_scene(hero)
    assert hero.method == "exact"
    assert list(decisions) == ["s1", "s2"]
    assert decisions["s1"].cosmetic and decisions["s1"].kinds == set()
    assert not decisions["s2"].cosmetic and decisions["s2"].kinds == {"passages"}
    assert decisions["s2"].options == {"s2.remember": {"passages"}, "s2.forget": {"passages"}}
    # by hand: every game meets s1 and s2 once each, and one of the two is cosmetic
    assert hero.cosmetic_share == 0.5 and hero.met_share == 0.5


def test_a_difference_beyond_the_horizon_is_not_counted(pack):
    # s1's option is remembered by a passage HORIZON scenes later (inside) or one scene further (outside).
    def chain(remembered_in: int) -> str:
        parts = [
            scene("s1", "    - {id: a, label: A, set: {brave: true}, goto: s2}\n    - {id: b, label: B, goto: s2}\n")
        ]
        for number in range(2, 7):
            text = '["Plain.", {if: brave, text: "You did."}]' if number == remembered_in else "Plain."
            parts.append(scene(f"s{number}", f"    - {{id: on, label: On, goto: s{number + 1}}}\n", text=text))
        parts.append(scene("s7", ending=True))
        return scenes(*parts)

    inside = impact(load(pack, chain(1 + HORIZON))).roles[0]
    outside = impact(load(pack, chain(2 + HORIZON))).roles[0]
    assert by_scene(inside)["s1"].kinds == {"passages"}
    assert by_scene(outside)["s1"].cosmetic


def test_next_scene_options_and_endings_are_told_apart(pack):
    text = scenes(
        scene(
            "s1",
            "    - {id: left, label: Left, goto: s2}\n    - {id: right, label: Right, set: {brave: true}, goto: s3}\n",
        ),
        scene("s2", "    - {id: quit, label: Quit, goto: e1}\n    - {id: bold, label: Bold, if: brave, goto: e2}\n"),
        scene("s3", "    - {id: on, label: On, goto: s2}\n"),
        scene("e1", ending=True),
        scene("e2", ending=True),
    )
    hero = impact(load(pack, text)).roles[0]
    first = by_scene(hero)["s1"]
    assert first.kinds == {"next scene", "endings"}
    assert first.options == {"s1.left": {"next scene", "endings"}, "s1.right": {"next scene", "endings"}}
    # s2 offers two options only after 'right' (brave): a decision in that one state
    assert by_scene(hero)["s2"].states == 1 and by_scene(hero)["s2"].kinds == {"next scene", "endings"}


def test_options_offered_later_count_as_a_difference(pack):
    text = scenes(
        scene("s1", "    - {id: a, label: A, set: {brave: true}, goto: s2}\n    - {id: b, label: B, goto: s2}\n"),
        scene("s2", "    - {id: on, label: On, goto: s3}\n    - {id: extra, label: Extra, if: brave, goto: s3}\n"),
        scene("s3", ending=True),
    )
    hero = impact(load(pack, text)).roles[0]
    assert by_scene(hero)["s1"].kinds == {"options"}
    assert by_scene(hero)["s2"].cosmetic  # on and extra lead to the same ending and read the same


def test_a_decision_cosmetic_in_some_states_only_is_not_cosmetic_and_the_met_share_weights_it(pack):
    # s2's options differ (a passage in s3) only when s1's 'a' was taken (brave): half the games by chance.
    text = scenes(
        scene("s1", "    - {id: a, label: A, set: {brave: true}, goto: s2}\n    - {id: b, label: B, goto: s2}\n"),
        scene("s2", "    - {id: x, label: X, do: {nerve: +3}, goto: s3}\n    - {id: y, label: Y, goto: s3}\n"),
        scene(
            "s3", "    - {id: on, label: On, goto: s4}\n", text='["Plain.", {if: brave and nerve >= 5, text: "Bold."}]'
        ),
        scene("s4", ending=True),
    )
    hero = impact(load(pack, text)).roles[0]
    second = by_scene(hero)["s2"]
    assert (second.states, second.differing, second.cosmetic) == (2, 1, False)
    # by hand: s1 differs (a passage two scenes on); s2 differs in half of the games that meet it
    assert hero.cosmetic_share == 0.0 and hero.met_share == 0.25


def test_over_the_limit_the_report_is_sampled_and_says_so(pack):
    story = load(pack, COSMETIC_AND_PASSAGE)
    sampled = impact(story, limit=2).roles[0]
    assert sampled.method.startswith("sampled: 2,000 random games, seed 1968")
    assert by_scene(sampled)["s1"].cosmetic and by_scene(sampled)["s2"].kinds == {"passages"}
    again = impact(story, samples=30, seed=4).roles[0]
    assert again.method == "sampled: 30 random games, seed 4"
    assert (by_scene(again)["s1"].states, by_scene(again)["s2"].states) == (30, 30)


def test_the_exact_search_stops_at_the_limit(pack):
    story = load(pack, COSMETIC_AND_PASSAGE)
    whole = impact_module.StateGraph(story, "hero")
    whole.expand_all()
    # by hand: s1; s2 once (nerve 1 or 3: read by nothing, one state); s3 brave or not; s4 (nothing read: one)
    assert len(whole.keys) == 5
    graph = impact_module.StateGraph(story, "hero", limit=3)
    with pytest.raises(impact_module._TooMany):
        graph.expand_all()
    assert len(graph.keys) == 3


def test_the_cli_gives_text_and_json_and_reads_mods(pack, run_cli):
    base = pack({"hero/scenes.yaml": COSMETIC_AND_PASSAGE})
    text = run_cli("explore", str(base), "--impact")
    assert text.returncode == 0, text.stderr
    assert f"horizon {HORIZON} scenes" in text.stdout and "exact" in text.stdout
    assert "1 of 2 decisions cosmetic (50.0%)" in text.stdout and "! 50% of the decisions are cosmetic" in text.stdout
    data = json.loads(run_cli("explore", str(base), "--impact", "--json").stdout)
    role = data["roles"][0]
    assert data["horizon"] == HORIZON and role["method"] == "exact" and role["cosmetic"] == 1
    assert [s["scene"] for s in role["scenes"] if s["cosmetic"]] == ["s1"]
    mod = pack(
        {
            "pack.yaml": "id: amod\ntitle: A mod\nextends: tiny\n",
            "hero/more.yaml": "- extend: s1\n  choices:\n"
            "    - {id: brave, label: Be brave, set: {brave: true}, goto: s3}\n",
        },
        base=False,
        name="mod",
    )
    modded = json.loads(run_cli("explore", "--impact", "--json", "--pack", str(base), "--pack", str(mod)).stdout)
    first = modded["roles"][0]["scenes"][0]
    assert first["scene"] == "s1" and not first["cosmetic"] and "s1.brave" in first["options"]


@pytest.mark.parametrize(("packs", "role"), [([MINI], "alpha"), ([MINI], "beta"), (None, "advisor")])
def test_the_states_are_the_exhaustive_explorers_states(packs, role):
    story = load_story(packs)
    graph = impact_module.StateGraph(story, role)
    graph.expand_all()
    assert len(graph.keys) == explore_role(story, role).states


# ---- against a brute-force reference: full game states, no liveness, trees compared as they are -------------


def _generated(rng: random.Random) -> tuple[str, str]:
    """A small random pack with loops, numbers, a flag, visited()/chose() and conditional passages."""
    count = rng.randint(3, 7)
    ids = [f"s{i}" for i in range(count)]
    endings = {ids[-1]} | {s for s in ids[1:-1] if rng.random() < 0.25}
    plans = {s: [(f"c{k}", rng.choice(ids[1:])) for k in range(rng.randint(1, 3))] for s in ids if s not in endings}
    choice_ids = [f"{s}.{local}" for s, plan in plans.items() for local, _ in plan]

    def condition() -> str:
        return rng.choice(
            ["a >= 2", "a < 1", "f", "not f", f'visited("{rng.choice(ids)}")', f'chose("{rng.choice(choice_ids)}")']
        )

    text = ""
    for scene_id in ids:
        passages = ", ".join(f"{{if: '{condition()}', text: p{n}}}" for n in range(rng.randint(0, 2)))
        body = f"[t, {passages}]" if passages else "t"
        text += f"- id: {scene_id}\n  title: T\n  date: 1968-08-21\n  place: P\n  text: {body}\n"
        text += "  history: {text: h, sources: [src]}\n"
        if scene_id in endings:
            text += "  ending: {title: E, epilogue: e}\n"
            continue
        text += "  choices:\n"
        for local, goto in plans[scene_id]:
            guard = f", if: '{condition()}'" if rng.random() < 0.5 else ""
            effect = rng.choice(["", ", do: {a: +1}", ", do: {a: -1}", ", set: {f: true}", ", set: {f: a >= 2}"])
            text += f"    - {{id: {local}, label: L, goto: {goto}{guard}{effect}}}\n"
    pack_yaml = (
        "id: gen\ntitle: Generated\nroles:\n  hero: {title: Hero, start: s0}\nvariables:\n"
        "  a: {label: A, min: 0, max: 3, initial: 1}\n  f: {label: F, type: flag, initial: false}\n"
    )
    return pack_yaml, text


def _reference(story, role: str) -> dict[str, set[str]] | None:
    """Decision scene -> how its options differ, from every full game state (None: too many states)."""
    from game.engine import rules

    def key(state):
        return (state.scene, tuple(sorted(state.variables.items())), state.visited, state.chosen)

    def moves(state):
        if story.scenes[state.scene].ending is not None:
            return []
        return [(c.id, rules.apply_choice(story, state, c)) for c in rules.available_choices(story, state)]

    def view(state):
        return (state.scene, rules.shown_passages(story.scenes[state.scene], state), tuple(c for c, _ in moves(state)))

    def tree(state, depth):
        return (view(state), tuple((c, tree(n, depth - 1)) for c, n in moves(state)) if depth > 1 else ())

    states = {key(start := rules.new_game(story, role)): start}
    queue = [start]
    while queue:
        for _c, nxt in moves(queue.pop()):
            if key(nxt) not in states:
                states[key(nxt)] = nxt
                queue.append(nxt)
                if len(states) > 3_000:
                    return None
    reach = {k: ({s.scene} if story.scenes[s.scene].ending else set()) for k, s in states.items()}
    changed = True
    while changed:
        changed = False
        for k, s in states.items():
            for _c, n in moves(s):
                if not reach[key(n)] <= reach[k]:
                    reach[k] |= reach[key(n)]
                    changed = True
    found: dict[str, set[str]] = {}
    for s in states.values():
        options = moves(s)
        if len(options) < 2:
            continue
        kinds = found.setdefault(s.scene, set())
        for i, (_c, a) in enumerate(options):
            for _d, b in options[i + 1 :]:
                if tree(a, HORIZON) != tree(b, HORIZON):
                    kinds.add("within")
                if reach[key(a)] != reach[key(b)]:
                    kinds.add("endings")
    return found


@pytest.mark.parametrize("seed", range(40))
def test_the_exact_report_agrees_with_a_brute_force_reference(pack, seed):
    pack_yaml, text = _generated(random.Random(seed))
    story = load_story([pack({"pack.yaml": pack_yaml, "hero/scenes.yaml": text}, name=f"gen{seed}")])
    expected = _reference(story, "hero")
    if expected is None:
        pytest.skip("too many full states for the reference")
    hero = impact(story).roles[0]
    assert hero.method == "exact"
    got = {d.scene: ({"within"} if d.kinds - {"endings"} else set()) | (d.kinds & {"endings"}) for d in hero.decisions}
    assert got == expected
    assert {d.scene for d in hero.decisions if d.cosmetic} == {
        s for s, kinds in expected.items() if "within" not in kinds
    }

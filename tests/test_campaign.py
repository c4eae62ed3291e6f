"""The base campaign meets its brief: two full roles, anchored, sourced, playable to every ending."""

from __future__ import annotations

import re

import pytest

from game.engine import available_choices, choose, new_game
from game.story.loader import load_story
from game.tools.check import run_check
from game.tools.explore import explore
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def story():
    return load_story()


def test_check_passes_with_no_error_and_no_warning():
    report = run_check()
    assert [p.format() for p in report.problems] == []
    assert report.summary().startswith("check base:")


@pytest.mark.parametrize(
    "role, first, last",
    [
        ("advisor", "1968-01-05", "1969-04-17"),
        ("resistance", "1968-08-21", "1969-08-19"),
    ],
)
def test_each_role_is_a_full_campaign(story, role, first, last):
    scenes = story.scenes_for(role)
    playing = [s for s in scenes if not s.is_ending]
    endings = story.endings_for(role)
    assert len(playing) >= 20
    assert len(endings) >= 4
    assert any(e.ending.counterfactual and e.ending.instead for e in endings)
    assert min(s.date for s in scenes).isoformat() <= first
    assert max(s.date for s in playing).isoformat() >= last
    shown = [v for v in story.variables_for(role) if v.shown and v.type == "number"]
    assert 3 <= len(shown) <= 5


def test_every_scene_is_dated_placed_written_and_sourced(story):
    for scene in story.scenes.values():
        words = len(scene.text.split())
        assert 120 <= words <= 350, f"{scene.id}: {words} words"
        assert scene.place.strip() and scene.date.year in (1968, 1969, 1970, 1977)
        assert scene.history.sources and len(scene.history.text.split()) >= 40, scene.id
        for choice in scene.choices:
            assert choice.record.strip(), f"{choice.id} has no record note"


def test_discussion_prompts_are_plentiful(story):
    prompts = [p for s in story.scenes.values() for p in s.discuss]
    assert len(prompts) >= 40
    with_prompts = sum(1 for s in story.scenes.values() if s.discuss)
    assert with_prompts >= len(story.scenes) // 2


def test_reference_files(story):
    assert len(story.sources) >= 12
    assert len(story.timeline) >= 50
    years = {e.start.year for e in story.timeline.values()}
    assert min(years) == 1967 and max(years) == 1991
    assert len(story.glossary) >= 40
    kinds = {g.kind for g in story.glossary.values()}
    assert kinds == {"person", "place", "organisation", "term"}


def test_content_note_comes_first(story):
    note = " ".join(story.pack.content_note.split())
    assert "invasion" in note and "Palach" in note
    # docs/teachers.md names them too: the note must warn of every death the game tells
    assert "Zajíc" in note and "August 1969" in note


def test_every_timeline_event_is_sourced(story):
    assert [e.id for e in story.timeline.values() if not e.sources] == []


def test_no_history_rests_on_a_whole_archive_alone(story):
    """A teacher must be able to check each claim: a whole archive (a radio station, an oral history) is too wide."""

    def archive_only(ids):
        return all(story.sources[i].kind == "archive" for i in ids)

    assert [s.id for s in story.scenes.values() if archive_only(s.history.sources)] == []
    assert [e.id for e in story.timeline.values() if e.sources and archive_only(e.sources)] == []


SLOVAK_PLACES = ("Bratislava", "Košice", "Čierna nad Tisou", "Komárno", "Žilina", "Banská Bystrica")


def test_the_slovak_thread_runs_through_both_roles(story):
    in_slovakia = [s for s in story.scenes.values() if any(place in s.place for place in SLOVAK_PLACES)]
    by_role = {role: sorted(s.id for s in in_slovakia if s.role == role) for role in story.roles}
    assert len(in_slovakia) >= 7 and all(len(ids) >= 2 for ids in by_role.values()), by_role
    anchored = {s.anchor for s in story.scenes.values()}
    for event in ("slovak_federation_demand", "slovak_party_congress", "federation_law", "federal_assembly_chair"):
        assert event in anchored, f"no scene lives through {event}"
    assert story.timeline["bratislava_invasion"].sources


def test_moscows_reasons_are_told_in_a_scene_and_in_the_timeline(story):
    assert any(all(w in s.text for w in ("Ulbricht", "Shelest", "West Germany")) for s in story.scenes.values())
    assert "hesitated" in story.timeline["politburo_decision"].summary


def test_the_reformers_own_record_is_told(story):
    assert "Dubček" in story.timeline["truncheon_law"].summary
    assert "Dubček" in story.scenes["res_anniversary"].history.text
    assert "Svoboda backed" in story.timeline["husak_replaces_dubcek"].summary


CORRECTED = [
    (r"other four armies", "three armies went home: East German troops never crossed the border"),
    (
        r"Presidium members?[^.]{0,40}\bIndra\b",
        "Indra was a Central Committee secretary; in the Presidium only from 1971",
    ),
    (r"Slovak deputy premier", "Husák was a deputy premier of Czechoslovakia"),
    (r"refused to dismiss anyone|no one was removed before the invasion", "Prchlík's department was abolished in July"),
    (r"the only one of the country's leaders", "only of the top four; Mlynář, Husák, Biľak and Lenárt stayed free"),
    (r"pile of Czech newspapers you would once have needed", "the special permits were for Western papers"),
    (r"Emigrants 1948–1989", "the 300,000 estimate is for emigration after 1968"),
    (r"only sizeable political groups of 1968 outside the Communist", "the People's and Socialist parties were legal"),
    (r"In 1970 about 470,000", "470,000–500,000 is the total for 1968–70; the 1970 screenings removed about 326,000"),
    (
        r"unanimous statement|criticised it unanimously",
        "the Presidium's unanimity on the Two Thousand Words is unconfirmed",
    ),
    (r"three shot, twelve in the explosion", "that breakdown came from copies of Wikipedia"),
    (r"ČVUT scarf", "university scarves were not a Czech custom"),
    (r"damp and purple|purple from the duplicator", "stencil duplicators print black; spirit duplicators purple"),
    (r"Transport planes are landing at Ruzyně", "at 23:40 one An-12 had landed; the airlift began after midnight"),
    (r"about a tenth of the Slovak delegates got through", "Slovaks were under a tenth of the delegates present"),
]


def test_corrected_errors_stay_corrected():
    for path in (ROOT / "scenes").rglob("*.yaml"):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for pattern, why in CORRECTED:
            assert not re.search(pattern, text), f"{path}: {why}"


def test_munich_is_told_with_all_four_powers(story):
    text = story.glossary["second_munich"].text
    assert all(power in text for power in ("Germany", "Italy", "Britain", "France"))


def test_names_keep_their_diacritics():
    ascii_forms = re.compile(r"\b(Dubcek|Cernik|Smrkovsky|Husak|Cierna|Vysocany|Bilak|Vaclavske|Vinohradska)\b")
    for path in (ROOT / "scenes").rglob("*.yaml"):
        # aliases may list the plain-ASCII spelling so that links also match it; what is shown keeps the diacritics
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "aliases:" not in line]
        found = ascii_forms.search("\n".join(lines))
        assert not found, f"{path}: {found.group(0) if found else ''}"


def test_the_seed_articles_errors_are_not_repeated():
    errors = [
        (
            re.compile(r"(750,000|three.quarters of a million) (foreign |Warsaw Pact )?(troops|soldiers)", re.I),
            "no solid source gives 750,000 troops",
        ),
        (
            re.compile(r"government,? (was )?(headed|led) by (Alexander )?Dubček", re.I),
            "Dubček led the party, not the government",
        ),
        (re.compile(r"riots? (was|were) (viciously )?crushed", re.I), "1968 resistance was non-violent"),
        (re.compile(r"complete and utter support of Moscow", re.I), "Moscow accepted Dubček; it did not choose him"),
    ]
    for path in (ROOT / "scenes").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        for pattern, why in errors:
            assert not pattern.search(text), f"{path}: {why}"


def test_palach_and_zajic_are_never_a_players_option(story):
    act = re.compile(r"immolat|set (yourself|himself) (on fire|alight)|burn (yourself|himself)|petrol", re.I)
    for scene in story.scenes.values():
        for choice in scene.choices:
            assert not act.search(choice.label), choice.id


def _plays(story, role):
    """For every ending of the role: the keys a player types to reach it by a shortest path."""
    report = explore(story, [role]).roles[0]
    assert set(report.endings) == {s.id for s in story.endings_for(role)}
    for ending, path in sorted(report.endings.items()):
        state = new_game(story, role)
        keys = []
        for choice_id in path:
            options = [c.id for c in available_choices(story, state)]
            keys.append(str(options.index(choice_id) + 1))
            state = choose(story, state, choice_id)
        assert state.scene == ending
        yield ending, story.scenes[ending].ending.title, keys


@pytest.mark.parametrize("role", ["advisor", "resistance"])
def test_plain_mode_reaches_every_ending_by_a_shortest_path(story, run_cli, role):
    for ending, title, keys in _plays(story, role):
        result = run_cli("play", "--plain", "--role", role, input="\n".join(keys) + "\n")
        assert result.returncode == 0, result.stderr
        assert f"THE END: {title}" in result.stdout, (ending, keys)
        assert "Traceback" not in result.stderr
        if story.scenes[ending].ending.counterfactual:
            assert "(This ending is counterfactual: it did not happen.)" in result.stdout
            assert "What really happened instead:" in result.stdout

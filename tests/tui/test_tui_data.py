"""The pure data the screens show: the journey against the record, and dates."""

from __future__ import annotations

import datetime as dt

from game.engine import journey, rules
from game.story.dates import date_range, long_date, saved_when, short_date, weekday_date


def play(story, role, *choices):
    state = rules.new_game(story, role)
    for choice in choices:
        state = rules.choose(story, state, choice)
    return state


def test_steps_pair_each_scene_with_its_choice_and_the_state_then(mini):
    state = play(mini, "alpha", "brave", "a_end_good")
    steps = journey.steps(mini, state)
    assert [(s.scene.id, s.choice.id if s.choice else None) for s in steps] == [
        ("a_start", "a_start.brave"),
        ("a_middle", "a_middle.a_end_good"),
        ("a_end_good", None),
    ]
    assert steps[0].state.variables["courage"] == 2
    assert steps[1].state.variables["courage"] == 4


def test_the_timeline_marks_witnessed_lived_and_fixed(mini):
    marks = {m.event.id: m for m in journey.marked_timeline(mini, play(mini, "alpha"))}
    assert marks["ev_one"].witnessed and marks["ev_one"].fixed
    assert not marks["ev_two"].lived and marks["ev_two"].fixed
    beta = {m.event.id: m for m in journey.marked_timeline(mini, play(mini, "beta", "b_end"))}
    assert beta["ev_two"].lived and not beta["ev_two"].witnessed and not beta["ev_two"].fixed
    assert all(not m.lived for m in journey.marked_timeline(mini, None))


def test_the_path_beside_history_lines_up_dates(mini):
    rows = journey.path_beside_history(mini, play(mini, "alpha", "brave", "a_end_good"))
    table = [(r.day.isoformat(), [s.id for s in r.yours], [e.id for e in r.record], sorted(r.matched)) for r in rows]
    assert table == [
        ("1968-08-20", ["a_start"], ["ev_one"], ["ev_one"]),
        ("1968-08-23", [], ["ev_two"], ["ev_two"]),
        ("1968-08-24", ["a_middle"], [], []),
        ("1968-08-26", ["a_end_good"], [], []),
    ]


def test_dates_read_the_way_people_say_them():
    day = dt.date(1968, 8, 21)
    assert long_date(day) == "21 August 1968"
    assert short_date(day) == "21 Aug 1968"
    assert weekday_date(day) == "Wednesday, 21 August 1968"
    assert date_range(dt.date(1968, 8, 20), day) == "20–21 August 1968"
    assert date_range(dt.date(1968, 8, 20), dt.date(1968, 9, 1), short=True) == "20 Aug – 1 Sep 1968"
    assert date_range(dt.date(1968, 12, 31), dt.date(1969, 1, 1)) == "31 December 1968 – 1 January 1969"
    now = dt.datetime(2025, 3, 5, 12, 0).timestamp()
    assert saved_when(dt.datetime(2025, 3, 5, 9, 30).timestamp(), now) == "today 09:30"
    assert saved_when(dt.datetime(2025, 3, 4, 9, 30).timestamp(), now) == "yesterday 09:30"
    assert saved_when(dt.datetime(2024, 3, 4, 9, 30).timestamp(), now) == "4 Mar 2024 09:30"

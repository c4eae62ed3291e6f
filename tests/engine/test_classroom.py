"""Class votes: majority wins, ties go to the teacher, and the record survives undo."""

import pytest

from game.engine.classroom import MAX_CLASS_NAME, ClassVotes, VoteError, class_name, decided_by, tally
from game.engine.playthrough import NothingToUndo

OFFERED = ["s.a", "s.b", "s.c"]


def test_the_majority_wins():
    result = tally({"s.a": 4, "s.b": 17, "s.c": 5}, OFFERED)
    assert result.winner == "s.b" and result.tied == () and result.total == 26


def test_a_tie_is_for_the_teacher():
    result = tally({"s.a": 9, "s.b": 3, "s.c": 9}, OFFERED)
    assert result.winner is None and result.tied == ("s.a", "s.c")


def test_no_votes_means_the_teacher_picks():
    assert tally({}, OFFERED).winner is None


@pytest.mark.parametrize("counts", [{"s.a": -1}, {"s.x": 2}, {"s.a": 1.5}, {"s.a": True}])
def test_bad_counts_are_refused(counts):
    with pytest.raises(VoteError):
        tally(counts, OFFERED)


def test_class_votes_record_replaces_votes_at_or_after_the_step():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3}).record(1, "t.b", {"t.b": 5})
    votes = votes.record(1, "t.c", {"t.c": 6})  # after an undo, the class voted again
    assert [(v.step, v.choice) for v in votes.votes] == [(0, "s.a"), (1, "t.c")]
    assert [(v.step, v.choice) for v in votes.record(0, "s.b", {"s.b": 2}).votes] == [(0, "s.b")]


def test_class_votes_round_trip_through_the_save_block():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3, "s.b": 1}).record(2, "u.a", {"u.a": 0})
    block = votes.to_block()
    assert block == {
        "votes": [
            {"step": 0, "choice": "s.a", "counts": {"s.a": 3, "s.b": 1}},
            {"step": 2, "choice": "u.a", "counts": {"u.a": 0}, "decided": "teacher"},
        ]
    }
    assert ClassVotes.from_block(block) == votes
    assert ClassVotes().to_block() is None


def test_how_a_choice_was_decided_follows_the_counts():
    assert decided_by({"s.a": 3, "s.b": 1}, "s.a") == "vote"
    assert decided_by({"s.a": 2, "s.b": 2}, "s.b") == "tie"
    assert decided_by({"s.a": 0, "s.b": 0}, "s.a") == "teacher"
    assert decided_by(None, "s.a") == "teacher"


def test_a_tie_the_teacher_broke_is_kept_in_the_block_and_read_back():
    votes = ClassVotes().record(0, "s.b", {"s.a": 4, "s.b": 4})
    block = votes.to_block()
    assert block is not None and block["votes"][0]["decided"] == "tie"
    assert ClassVotes.from_block(block).votes[0].decided == "tie"


def test_an_old_block_with_a_shared_top_count_reads_as_a_tie_the_teacher_broke():
    old = {"votes": [{"step": 0, "choice": "s.b", "counts": {"s.a": 4, "s.b": 4}}]}
    assert ClassVotes.from_block(old).votes[0].decided == "tie"


def test_the_class_name_date_and_lesson_travel_in_the_block_and_make_a_class_game():
    record = ClassVotes(name="9B History", started="2026-12-02", lesson="prague_spring")
    assert record.is_class_game and not ClassVotes().is_class_game
    block = record.to_block()
    assert block == {"votes": [], "name": "9B History", "started": "2026-12-02", "lesson": "prague_spring"}
    assert ClassVotes.from_block(block) == record
    assert record.record(0, "s.a", {"s.a": 1}).up_to(0).name == "9B History"


def test_a_class_name_is_one_printable_line_of_bounded_length():
    assert class_name("  9B\n\x1b[31mHistory\t ") == "9B [31mHistory"
    assert len(class_name("x" * 500)) == MAX_CLASS_NAME


def test_class_votes_up_to_and_at():
    votes = ClassVotes().record(0, "s.a", {"s.a": 3}).record(1, "t.b", {"t.b": 5}).record(2, "u.a", {"u.a": 1})
    assert [v.step for v in votes.up_to(2).votes] == [0, 1]
    assert votes.up_to(0) == ClassVotes()
    hit = votes.at(1)
    assert hit is not None and hit.choice == "t.b" and dict(hit.counts) == {"t.b": 5}
    assert votes.at(7) is None


@pytest.mark.parametrize(
    "block",
    [None, [], {"votes": "x"}, {"votes": [1, None, {"step": "0"}, {"step": True, "choice": "a", "counts": {}}]}],
)
def test_class_votes_reader_skips_junk(block):
    assert ClassVotes.from_block(block) == ClassVotes()


def test_class_votes_reader_keeps_good_votes_beside_junk():
    block = {"votes": [{"step": 1, "choice": "t.b", "counts": {"t.b": 2, "t.c": "many"}}, "junk"]}
    vote = ClassVotes.from_block(block).at(1)
    assert vote is not None and dict(vote.counts) == {"t.b": 2}


# ---- lessons: the 45-minute route ---------------------------------------------------------


def _base():
    from game.story.loader import load_story

    return load_story()


def test_the_base_campaign_ships_a_lesson_of_six_to_eight_decisions_per_role():
    story = _base()
    by_role = {lesson.role: lesson for lesson in story.lessons.values()}
    assert set(by_role) == set(story.roles)
    for lesson in by_role.values():
        assert 6 <= len(lesson.scenes) <= 8 and lesson.title
        assert all(story.scenes[s].role == lesson.role and not story.scenes[s].is_ending for s in lesson.scenes)


def test_the_base_lessons_pass_the_route_check_and_their_scenes_are_all_reached():
    from game.engine.lesson_play import check_lessons
    from game.tools.check import run_check

    story = _base()
    assert check_lessons(story) == []
    assert run_check().errors == 0


def test_a_lesson_plays_only_its_decisions_passing_the_rest_and_undo_takes_back_one_decision(tmp_path):
    from game.engine.playthrough import Playthrough
    from game.engine.saves import SaveFolder

    story = _base()
    lesson = story.lessons["prague_spring"]
    game = Playthrough(story, SaveFolder(tmp_path), classroom=True, lesson=lesson, class_name="7C")
    game.new(lesson.role)
    assert game.state.scene == "adv_jan_election" and game.bridge == ""
    move = game.choose("patience", {"adv_jan_election.patience": 10, "adv_jan_election.signal": 3})
    assert game.state.scene == "adv_dresden"  # censorship and the Slovak spring were passed
    assert [c.scene for c in move.passed] == ["adv_censorship", "adv_slovak_spring"]
    assert game.state.log[1:] == ("adv_censorship.lapse", "adv_slovak_spring.programme")  # real moves, in the log
    assert "Dresden" in game.bridge
    game.choose("svoboda")  # the teacher, without a vote
    assert game.state.scene == "adv_two_thousand"
    assert [(v.step, v.decided) for v in game.votes.votes] == [(0, "vote"), (3, "teacher")]
    game.undo()
    assert game.state.scene == "adv_dresden" and len(game.state.log) == 3
    assert [v.step for v in game.votes.votes] == [0]
    game.undo()
    assert game.state.log == ()
    with pytest.raises(NothingToUndo):
        game.undo()


def test_a_saved_lesson_game_loads_back_as_the_same_lesson_with_its_class_name_and_day(tmp_path):
    from game.engine.playthrough import Playthrough
    from game.engine.saves import AUTOSAVE, SaveFolder

    story = _base()
    lesson = story.lessons["resistance_year"]
    game = Playthrough(story, SaveFolder(tmp_path), classroom=True, lesson=lesson, class_name="10 History")
    game.new(lesson.role)
    game.choose("radio", {"res_invasion_night.radio": 5})
    job = game.autosave_job()
    assert job is not None and game.write(job) is None
    again = Playthrough(story, SaveFolder(tmp_path), classroom=True)
    again.continue_last()
    assert again.lesson == lesson and again.state == game.state
    assert again.votes.name == "10 History" and again.votes.started and again.votes.lesson == "resistance_year"
    infos, _ = SaveFolder(tmp_path).slots()
    assert [(i.slot, i.class_name, i.class_day) for i in infos] == [(AUTOSAVE, "10 History", again.votes.started)]


def test_a_finished_class_game_is_never_replaced_without_asking_but_a_finished_own_game_is(tmp_path):
    from game.engine.playthrough import Playthrough
    from game.engine.saves import SaveFolder
    from game.story.loader import load_story
    from tests.conftest import MINI

    story = load_story([MINI])
    for classroom, asked in ((True, True), (False, False)):
        folder = SaveFolder(tmp_path / str(classroom))
        game = Playthrough(story, folder, classroom=classroom, class_name="9B")
        game.new("alpha")
        game.choose("brave", {"a_start.brave": 3} if classroom else None)
        game.choose("a_end_good", {"a_middle.a_end_good": 3} if classroom else None)
        assert game.over
        assert (game.unkept() is not None) is asked
        game.write_owed()
        fresh = Playthrough(story, folder, classroom=classroom)
        unkept = fresh.unkept()  # the autosave's game, with nothing in play
        assert (unkept is not None) is asked
        if asked:
            assert fresh.keep(unkept).startswith("9B 20")  # kept under the class's name and day


def _mini_with_lessons(tmp_path, text: str):
    import shutil

    from tests.conftest import MINI

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    (pack / "lessons.yaml").write_text(text, encoding="utf-8")
    return pack


def test_check_locates_every_mistake_in_a_lessons_file(tmp_path):
    from game.tools.check import run_check

    pack = _mini_with_lessons(
        tmp_path,
        "- id: short\n"
        "  title: Short\n"
        "  role: alpha\n"
        "  scenes: [a_start, a_midle, b_start, a_end_good]\n"
        "  bridges: {nowhere: text}\n"
        "  path: {a_middle: no_such}\n",
    )
    report = run_check([str(pack)])
    found = {(p.loc.line, p.message) for p in report.problems if p.severity == "error"}
    assert (4, "lesson 'short' lists scene 'a_midle', which does not exist") in found
    assert (4, "lesson 'short' (role 'alpha') lists 'b_start', a scene of role 'beta'") in found
    assert (4, "lesson 'short' lists 'a_end_good', an ending: there is nothing to decide there") in found
    assert (5, "lesson 'short' has a bridge to 'nowhere', which is not one of its scenes") in found
    assert (6, "scene 'a_middle' has no choice 'no_such'") in found
    assert all(p.loc.file.endswith("lessons.yaml") for p in report.problems if p.code == "lesson")
    assert report.story is None


def test_check_follows_a_lessons_path_through_the_scenes_it_passes(tmp_path):
    from game.tools.check import run_check

    pack = _mini_with_lessons(
        tmp_path,
        "- id: around\n  title: Around\n  role: alpha\n  scenes: [a_middle]\n  path: {a_start: quiet}\n",
    )
    report = run_check([str(pack)])
    messages = [p.message for p in report.problems]
    assert "lesson 'around' has 1 decisions; a 45-minute lesson has time for 6 to 8" in messages
    assert not any("never reaches" in message for message in messages)  # the path leads to a_middle
    assert report.story is not None and report.story.lessons["around"].path == {"a_start": "quiet"}


def test_check_finds_a_lesson_scene_its_way_on_never_reaches(tmp_path):
    from game.tools.check import run_check

    pack = _mini_with_lessons(
        tmp_path,
        "- id: around\n  title: Around\n  role: alpha\n  scenes: [a_side]\n  path: {a_start: brave}\n",
    )
    scenes = pack / "alpha" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    wander = "    - id: wander\n      label: Wander off\n      goto: a_side\n"
    text = text.replace(
        "  history:\n    text: It happened like this.", wander + "  history:\n    text: It happened like this."
    )
    text += (
        "- id: a_side\n  title: A side street\n  date: 1968-08-21\n  place: Prague\n  text: A side street.\n"
        "  choices:\n    - {label: Go back, goto: a_middle}\n    - {label: Give up, goto: a_end_bad}\n"
        "  history: {text: It was quiet., sources: [book1]}\n"
    )
    scenes.write_text(text, encoding="utf-8")
    report = run_check([str(pack)])
    found = [(p.severity, p.message) for p in report.problems if "never reaches" in p.message]
    assert found == [("error", "lesson 'around' never reaches its scene 'a_side': the way on passes around it")], (
        report.problems
    )
    assert any(p.loc.file.endswith("lessons.yaml") for p in report.problems if "never reaches" in p.message)

"""Saves, loading and undo through the app: round trips, and quitting never loses progress."""

from __future__ import annotations

import json

from game.engine.saves import AUTOSAVE
from tests.tui.conftest import drive, press, screen_name, settle


def test_autosave_after_each_choice_and_continue_after_restart(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        assert saves.load(AUTOSAVE)["state"]["log"] == ["a_start.brave"]

    drive(app, script)

    again = make_app()

    async def resume(pilot):
        menu = again.screen.query_one("#menu")
        continue_option = menu.get_option("continue")
        assert not continue_option.disabled
        await press(pilot, "enter")  # Continue is highlighted when there is a game
        assert screen_name(again) == "PlayScreen"
        assert again.state.scene == "a_middle"
        assert again.state.log == ("a_start.brave",)

    drive(again, resume)


def test_quitting_with_q_keeps_the_game(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "2", "q")

    drive(app, script)
    assert app.return_code == 0
    document = saves.load(AUTOSAVE)
    assert document["state"]["role"] == "beta"


def test_save_to_a_named_slot_and_load_it_back(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "s")
        assert screen_name(app) == "SaveDialog"
        field = app.screen.query_one("#slot-name")
        field.value = ""
        await pilot.press(*"before the vote")
        await press(pilot, "enter")
        assert screen_name(app) == "PlayScreen"
        assert saves.path_for("before the vote").exists()
        saved_state = app.state
        await press(pilot, "1")  # play on to the ending
        assert screen_name(app) == "EndingScreen"
        await press(pilot, "l")
        assert screen_name(app) == "LoadScreen"
        options = app.screen.query_one("#saves")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "before the vote" in ids and AUTOSAVE in ids
        options.highlighted = ids.index("before the vote")
        await press(pilot, "enter")
        assert screen_name(app) == "PlayScreen"
        assert app.state == saved_state

    drive(app, script)


def test_the_save_dialog_says_what_a_name_becomes_and_refuses_bad_ones(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "s")
        field = app.screen.query_one("#slot-name")
        field.value = "../../etc/passwd"
        await settle(pilot)
        hint = str(app.screen.query_one("#slot-hint").render())
        assert "etcpasswd" in hint
        field.value = "///"
        await settle(pilot)
        await press(pilot, "enter")
        assert screen_name(app) == "SaveDialog"  # refused, with a reason
        assert "at least one letter" in str(app.screen.query_one("#slot-hint").render())
        await press(pilot, "escape")
        assert screen_name(app) == "PlayScreen"
        assert [p.name for p in saves.folder.glob("*.json")] == ["autosave.json"]

    drive(app, script)


def test_undo_takes_back_a_choice_and_is_saved(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        assert app.state.scene == "a_middle"
        await press(pilot, "u")
        assert app.state.scene == "a_start"
        assert app.state.log == ()
        assert app.state.variables["courage"] == 2
        await settle(pilot)
        assert saves.load(AUTOSAVE)["state"]["log"] == []
        await press(pilot, "u")  # nothing left to undo: said, not a crash
        assert any("nothing to undo" in n.message for n in app._notifications)

    drive(app, script)


def test_undo_from_an_ending_returns_to_play(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "1")
        assert screen_name(app) == "EndingScreen"
        await press(pilot, "u")
        assert screen_name(app) == "PlayScreen"
        assert app.state.scene == "a_middle"

    drive(app, script)


def test_a_new_game_offers_to_keep_the_unfinished_one(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "escape")
        assert screen_name(app) == "TitleScreen"
        await press(pilot, "2")  # new game as beta over an unfinished alpha game
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "enter")  # "Keep it and go on" has the focus
        assert screen_name(app) == "PlayScreen"
        assert app.state.role == "beta"
        kept = [info for info in saves.slots()[0] if info.slot != AUTOSAVE]
        assert len(kept) == 1 and kept[0].role == "alpha" and kept[0].scene == "a_middle"

    drive(app, script)


def test_cancelling_the_keep_question_changes_nothing(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "escape", "2")
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "escape")
        assert screen_name(app) == "TitleScreen"
        assert app.state.role == "alpha"
        assert saves.load(AUTOSAVE)["state"]["role"] == "alpha"

    drive(app, script)


def test_damaged_saves_are_listed_with_the_reason(make_app, saves):
    saves.folder.mkdir(parents=True)
    (saves.folder / "broken.json").write_text("{not json", encoding="utf-8")
    app = make_app()

    async def script(pilot):
        await press(pilot, "l")
        assert screen_name(app) == "LoadScreen"
        problems = app.screen.query_one("#load-problems")
        assert problems.display
        assert "broken.json" in str(problems.render())
        assert app.screen.query_one("#load-empty").display  # no readable save
        await press(pilot, "escape")
        assert screen_name(app) == "TitleScreen"

    drive(app, script)


def test_a_failing_autosave_is_reported_and_play_goes_on(make_app, tmp_path):
    from game.engine.saves import SaveFolder

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be", encoding="utf-8")
    app = make_app(folder=SaveFolder(blocker / "saves"))

    async def script(pilot):
        await press(pilot, "1", "1")
        assert app.state.scene == "a_middle"
        assert app.game.save_problem
        assert any("Autosave failed" in (n.title or "") for n in app._notifications)
        await press(pilot, "ctrl+q")  # quitting asks first, since the game is not saved
        assert screen_name(app) == "ConfirmDialog"
        await press(pilot, "escape")  # Esc is the safe answer: keep playing, never "quit anyway"
        assert screen_name(app) == "PlayScreen"
        assert app.return_code is None, "Esc on 'Your game is not saved' quit the game"

    drive(app, script)


def test_export_transcript_writes_markdown_into_the_save_folder(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1", "1", "x")
        files = list(saves.folder.glob("transcript-alpha-*.md"))
        assert len(files) == 1
        text = files[0].read_text(encoding="utf-8")
        assert "**You chose:** Be brave" in text
        assert "## The end: The Good End" in text
        assert "| Date | Your path | What happened |" in text
        assert any(str(files[0]) in n.message for n in app._notifications)

    drive(app, script)


def test_saved_files_are_json_saves_the_engine_reads(make_app, saves):
    app = make_app()

    async def script(pilot):
        await press(pilot, "2", "1")

    drive(app, script)
    data = json.loads(saves.path_for(AUTOSAVE).read_text(encoding="utf-8"))
    assert data["format"] == "spring68-save" and data["state"]["scene"] == "b_end"


def test_continue_returns_to_the_game_in_play_even_when_saving_fails(make_app, tmp_path):
    from game.engine.saves import SaveFolder

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the save folder should be", encoding="utf-8")
    app = make_app(folder=SaveFolder(blocker / "saves"))

    async def script(pilot):
        await press(pilot, "1", "1", "escape")
        assert screen_name(app) == "TitleScreen"
        menu = app.screen.query_one("#menu")
        assert menu.get_option_at_index(menu.highlighted).id == "continue"
        await press(pilot, "enter")
        assert screen_name(app) == "PlayScreen"
        assert app.state.scene == "a_middle"

    drive(app, script)


def test_the_app_can_open_straight_into_a_saved_game(make_app, mini, tmp_path):
    """``spring68 play --continue`` and ``--load NAME`` open the game itself, not the title screen."""
    from game.engine import choose, new_game
    from game.engine.saves import SaveFolder

    state = choose(mini, new_game(mini, "alpha"), "brave")
    for resume, scene in (("autosave", "a_middle"), ("Before lunch", "a_end_bad")):
        folder = SaveFolder(tmp_path / resume)
        if resume == "autosave":
            folder.write(mini, state)
        else:
            folder.write(mini, choose(mini, state, "a_end_bad"), resume)
        app = make_app(folder=folder, resume=resume)

        async def script(pilot, scene=scene, resume=resume):
            app = pilot.app
            for _ in range(20):
                if app.state is not None:
                    break
                await settle(pilot)
            assert app.state is not None and app.state.scene == scene, (resume, [n.message for n in app._notifications])
            assert type(app.screen).__name__ in ("PlayScreen", "EndingScreen")

        drive(app, script)


def test_an_autosave_cut_short_by_quitting_is_written_on_the_way_out(make_app, saves):
    """A quit right behind a choice (Ctrl+Q from a browser tab, SIGTERM) ends the background write
    before it starts; the choice must still reach the autosave."""
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")  # the first role
        choice = app.story.scenes[app.state.scene].choices[0].id
        app.choose(choice)
        app.autosave()  # hands the state to a background write ...
        app.exit(0)  # ... which the exit cancels before it runs

    drive(app, script)
    assert saves.load(AUTOSAVE)["state"]["log"] == ["a_start.brave"]

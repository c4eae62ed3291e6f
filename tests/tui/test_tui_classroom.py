"""Classroom mode (spring68 --classroom): class votes, discussion pauses, the timer, and the votes in saves.

A scripted lesson on the mini pack: the teacher types the class's votes at
each decision, the game follows the majority (a tie or no votes: the teacher
picks), pauses for discussion after a scene with prompts, and the autosave
and the transcript keep every vote.
"""

from __future__ import annotations

import pytest

from game.engine.saves import AUTOSAVE, read_document
from game.tools import transcript
from tests.tui.conftest import drive, pane_text, press, screen_name, settle

BRAVE, QUIET = "a_start.brave", "a_start.quiet"
SIGN, REFUSE = "a_middle.a_end_good", "a_middle.a_end_bad"


def votes_on_disk(saves) -> list[dict]:
    return read_document(saves.path_for(AUTOSAVE)).get("classroom", {}).get("votes", [])


async def start(pilot, name: str = "") -> None:
    """From the title: a new game in the first role, the class's name typed (the mini pack has no content note)."""
    await press(pilot, "1")
    assert screen_name(pilot.app) == "ClassNameDialog"
    await press(pilot, *name, "enter")
    assert screen_name(pilot.app) == "ClassroomPlayScreen"


async def vote(pilot, *counts: str) -> None:
    """Open the class vote and type one count per choice, Enter after each (Enter on the last counts them)."""
    await press(pilot, "v")
    assert screen_name(pilot.app) == "VoteDialog"
    for count in counts:
        await press(pilot, *count, "enter")


async def decide_without_vote(pilot, number: str) -> None:
    """Pick a choice with a digit; the game asks first, and the teacher answers "Decide without a vote"."""
    await press(pilot, number)
    assert screen_name(pilot.app) == "ConfirmDialog"
    await press(pilot, "right", "enter")


def shown_text(screen) -> str:
    from game.tui.widgets.hanging import Hanging

    def text(visual) -> str:
        return f"{visual.marker.plain}{visual.body.plain}" if isinstance(visual, Hanging) else str(visual)

    return " ".join(text(widget.render()) for widget in screen.query("Static"))


def test_a_scripted_lesson_follows_the_majority_to_an_ending_and_the_transcript_shows_the_votes(make_app, saves, mini):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "17", "9")
        assert app.state.log == (BRAVE,)
        # a_start has a discussion prompt: the pause shows it, with what the class chose
        assert screen_name(app) == "DiscussionPause"
        text = shown_text(app.screen)
        assert "Was it brave?" in text
        assert "The class chose: Be brave (17 of 26 votes)" in text
        await press(pilot, "enter")
        assert screen_name(app) == "ClassroomPlayScreen" and app.state.scene == "a_middle"
        assert "The class chose: Be brave (17 of 26 votes)" in pane_text(app)
        await vote(pilot, "14", "3")  # Sign, Refuse (Dream is closed: the class was brave)
        assert app.state.scene == "a_end_good"
        assert screen_name(app) == "ClassroomEndingScreen"  # a_middle has no prompts: no pause
        assert "The class chose: Sign (14 of 17 votes)" in str(app.screen.query_one("#record").render())
        await app.wait_for_saves()

    drive(app, script)

    votes = votes_on_disk(saves)
    assert votes == [
        {"step": 0, "choice": BRAVE, "counts": {BRAVE: 17, QUIET: 9}},
        {"step": 1, "choice": SIGN, "counts": {SIGN: 14, REFUSE: 3}},
    ]
    document = read_document(saves.path_for(AUTOSAVE))
    markdown = transcript.to_markdown(transcript.from_document(mini, document))
    assert "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in markdown
    assert "Class vote (17 votes): Sign: 14; Refuse: 3" in markdown
    assert "**Ending:** The Good End" in markdown


def test_a_tie_is_for_the_teacher_to_break(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "5", "5")
        assert screen_name(app) == "TieDialog"
        assert app.state.log == ()  # nothing is chosen until the teacher picks
        assert "A tie at 5 votes each" in shown_text(app.screen)
        await press(pilot, "escape")  # back to the counts, which are kept
        assert screen_name(app) == "VoteDialog"
        assert app.screen.typed_counts() == {BRAVE: 5, QUIET: 5}
        await press(pilot, "ctrl+s")
        assert screen_name(app) == "TieDialog"
        await press(pilot, "2")  # the teacher picks Stay quiet
        assert app.state.log == (QUIET,)
        assert "5 of 10 votes, a tie the teacher broke" in shown_text(app.screen)
        await app.wait_for_saves()

    drive(app, script)
    assert votes_on_disk(saves) == [{"step": 0, "choice": QUIET, "counts": {BRAVE: 5, QUIET: 5}, "decided": "tie"}]
    markdown = transcript.to_markdown(transcript.from_document(app.story, read_document(saves.path_for(AUTOSAVE))))
    assert "Class vote (10 votes, a tie the teacher broke): Be brave: 5; Stay quiet: 5" in markdown


def test_with_no_votes_the_teacher_picks_among_every_choice_and_that_is_recorded_as_the_teachers(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "", "")
        assert screen_name(app) == "TieDialog"
        assert "No votes were counted" in shown_text(app.screen)
        assert [o.id for o in app.screen.query_one("#tie-picks").options] == [BRAVE, QUIET]
        await press(pilot, "enter")  # the first is highlighted
        assert app.state.log == (BRAVE,)
        await app.wait_for_saves()

    drive(app, script)
    assert votes_on_disk(saves) == [{"step": 0, "choice": BRAVE, "counts": {}, "decided": "teacher"}]


def test_escape_leaves_the_vote_without_choosing(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await press(pilot, "v", "3", "escape")
        assert screen_name(app) == "ClassroomPlayScreen"
        assert app.state.log == ()

    drive(app, script)


def test_the_discussion_pause_follows_a_scene_with_prompts_and_not_one_without(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await decide_without_vote(pilot, "1")  # chosen by the teacher, without a vote: still a pause
        assert screen_name(app) == "DiscussionPause"
        assert "Was it brave?" in shown_text(app.screen)
        assert "The teacher decided, without a vote: Be brave" in shown_text(app.screen)
        await press(pilot, "enter")
        assert screen_name(app) == "ClassroomPlayScreen" and app.state.scene == "a_middle"
        await decide_without_vote(pilot, "1")  # a_middle has no prompts
        assert app.state.scene == "a_end_good"
        assert screen_name(app) == "ClassroomEndingScreen"

    drive(app, script)


def test_d_shows_the_prompts_before_the_vote(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await press(pilot, "d")
        assert screen_name(app) == "DiscussionPause"
        assert "Was it brave?" in shown_text(app.screen)
        assert "The class chose" not in shown_text(app.screen)
        await press(pilot, "escape")
        assert screen_name(app) == "ClassroomPlayScreen" and app.state.log == ()

    drive(app, script)


def test_without_classroom_mode_there_is_no_pause(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        assert screen_name(app) == "PlayScreen" and app.state.scene == "a_middle"

    drive(app, script)


def test_undo_then_a_new_vote_replaces_the_old_one(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "17", "9")
        await press(pilot, "enter")  # past the pause
        await press(pilot, "u")
        assert app.state.log == ()
        assert app.game.votes.votes == ()
        await app.wait_for_saves()
        assert votes_on_disk(saves) == []
        await vote(pilot, "2", "8")
        assert app.state.log == (QUIET,)
        await app.wait_for_saves()

    drive(app, script)
    assert votes_on_disk(saves) == [{"step": 0, "choice": QUIET, "counts": {BRAVE: 2, QUIET: 8}}]


def test_a_classroom_save_continues_with_its_votes(make_app, saves):
    first = make_app(classroom=True)

    async def lesson_one(pilot):
        await start(pilot)
        await vote(pilot, "17", "9")
        await press(pilot, "enter", "q")

    drive(first, lesson_one)
    assert len(votes_on_disk(saves)) == 1

    second = make_app(classroom=True)

    async def lesson_two(pilot):
        await press(pilot, "enter")  # Continue is highlighted when there is a game
        assert screen_name(second) == "ClassroomPlayScreen" and second.state.scene == "a_middle"
        assert second.game.votes.at(0).counts == {BRAVE: 17, QUIET: 9}
        await vote(pilot, "4", "20")
        assert second.state.scene == "a_end_bad"
        await second.wait_for_saves()

    drive(second, lesson_two)
    assert [(v["step"], v["choice"]) for v in votes_on_disk(saves)] == [(0, BRAVE), (1, REFUSE)]


def test_a_named_save_keeps_the_votes(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "17", "9")
        await press(pilot, "enter")
        app.save_to_slot("Class 9B")

    drive(app, script)
    document = read_document(saves.path_for("Class 9B"))
    assert document["classroom"]["votes"][0]["counts"] == {BRAVE: 17, QUIET: 9}


def test_the_discussion_timer_counts_down_and_can_be_changed_and_stopped(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        timer = app.screen.query_one("#class-timer")
        assert app.timer_ends is None and not timer.display  # off by default
        await press(pilot, "m")
        assert timer.display
        assert str(timer.render()) in ("Timer 3:00", "Timer 2:59")
        await press(pilot, "plus")
        assert str(timer.render()) in ("Timer 4:00", "Timer 3:59")
        await press(pilot, "minus", "minus")
        assert str(timer.render()) in ("Timer 2:00", "Timer 1:59")
        await decide_without_vote(pilot, "1")  # the discussion starts the timer afresh, in large digits
        assert screen_name(app) == "DiscussionPause"
        assert app.screen.query_one("#pause-timer").display
        assert app.screen.query_one("#pause-timer").value in ("3:00", "2:59")
        await press(pilot, "m")
        assert app.timer_ends is None and not app.screen.query_one("#pause-timer").display

    drive(app, script)


def test_the_timer_says_when_time_is_up(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        app.class_timer.set(0.05)
        for _ in range(100):
            await pilot.pause(0.02)
            if app.class_timer.ringing:
                break
        app.screen.query_one("#class-timer").tick()
        assert str(app.screen.query_one("#class-timer").render()) == "Time is up"
        assert any("Time is up" in str(n.message) for n in app._notifications)
        await decide_without_vote(pilot, "1")  # moving on clears a timer that has run out
        assert app.timer_ends is None

    drive(app, script)


def test_classroom_mode_has_its_own_projector_theme_and_leaves_the_everyday_one_alone(make_app, saves):
    from game.tui.themes import CLASSROOM_THEME, HIGH_CONTRAST

    app = make_app(classroom=True)

    async def script(pilot):
        assert app.theme == CLASSROOM_THEME
        assert app.has_class("-classroom")
        await press(pilot, "f3")
        assert app.theme == HIGH_CONTRAST
        assert app.settings.classroom_theme == HIGH_CONTRAST and app.settings.theme is None

    drive(app, script)
    again = make_app(classroom=True)

    async def remembered(pilot):
        assert again.theme == HIGH_CONTRAST

    drive(again, remembered)
    everyday = make_app()

    async def unchanged(pilot):
        assert everyday.theme == "spring68"

    drive(everyday, unchanged)


def test_the_exported_transcript_shows_the_votes(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await vote(pilot, "17", "9")
        await press(pilot, "enter", "x")

    drive(app, script)
    written = list(saves.folder.glob("transcript-*.md"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    assert "**The class chose:** Be brave" in text and "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in text


def test_run_tui_takes_the_classroom_keyword(monkeypatch, mini, saves):
    from game.tui import app as app_module

    made = {}

    def fake_run(self):
        made["classroom"] = self.classroom
        return 0

    monkeypatch.setattr(app_module.Spring68App, "run", fake_run)
    assert app_module.run_tui(mini, saves, classroom=True) == 0
    assert made == {"classroom": True}


@pytest.fixture
def _snapshot_environment(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


def test_snapshot_of_the_class_vote(snap_compare, make_app, _snapshot_environment):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await press(pilot, "1", "enter", "v", "1", "7", "enter")  # no class name
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(make_app(classroom=True), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("kind", ["play", "ending"])
def test_the_classroom_screens_keep_every_key_of_the_everyday_ones(kind):
    """The class screens copy their bases' keys from Textual's private ``_merged_bindings``; this fails if it changes.

    Each key of the everyday screen is still bound in class (the class's own keys replace
    those they share), the ones a class does not need are hidden from the footer, and the
    class's own keys come first.
    """
    from textual.binding import Binding

    from game.tui.keys import CLASS_ENDING, CLASS_PLAY
    from game.tui.screens.classroom import ClassroomEndingScreen, ClassroomPlayScreen
    from game.tui.screens.ending import EndingScreen
    from game.tui.screens.play import PlayScreen

    screen, base, first, hidden = {
        "play": (ClassroomPlayScreen, PlayScreen, CLASS_PLAY, {"t", "g", "s", "question_mark"}),
        "ending": (ClassroomEndingScreen, EndingScreen, CLASS_ENDING, {"t", "question_mark"}),
    }[kind]
    bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)]
    assert bindings[: len(first)] == first
    by_key = {b.key: b for b in bindings[len(first) :]}
    own = {key for binding in first for key in binding.key.split(",")}
    everyday = [(key, b) for b in base.BINDINGS if isinstance(b, Binding) for key in b.key.split(",") if key not in own]
    assert everyday and all(key in by_key and by_key[key].action == b.action for key, b in everyday)
    assert all(by_key[key].show is False for key in hidden)
    assert all(by_key[key].show == b.show for key, b in everyday if key not in hidden)


def test_a_slip_never_decides_for_the_class_enter_twice_opens_the_vote(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot, "9B")
        await press(pilot, "enter")  # an Enter meant for the pause screen, on the scene
        assert screen_name(app) == "ConfirmDialog" and app.state.log == ()
        await press(pilot, "enter")  # and another: the safe answer is the class vote
        assert screen_name(app) == "VoteDialog" and app.state.log == ()
        await press(pilot, "escape")
        assert screen_name(app) == "ClassroomPlayScreen" and app.state.log == ()
        await press(pilot, "2")
        await press(pilot, "escape")  # Back: nothing chosen
        assert app.state.log == ()

    drive(app, script)


def test_u_on_the_pause_takes_back_the_choice_and_the_ending_speaks_of_the_class(make_app, saves):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot, "9B")
        await vote(pilot, "17", "9")
        assert screen_name(app) == "DiscussionPause"
        await press(pilot, "u")
        assert screen_name(app) == "ClassroomPlayScreen" and app.state.log == ()
        await vote(pilot, "17", "9")
        await press(pilot, "enter")
        await vote(pilot, "14", "3")
        hint = str(app.screen.query_one("#ending-hint").render())
        assert hint.startswith("The class made 2 decisions as Alpha role.")
        await app.wait_for_saves()

    drive(app, script)
    block = read_document(saves.path_for(AUTOSAVE))["classroom"]
    assert block["name"] == "9B" and block["started"]


def test_the_timer_below_a_minute_is_removed_and_says_so(make_app):
    app = make_app(classroom=True)

    async def script(pilot):
        await start(pilot)
        await press(pilot, "m", "minus", "minus", "minus")
        assert app.timer_ends is None
        assert any("Timer removed" in str(n.message) for n in app._notifications)

    drive(app, script)


def test_the_keep_question_says_a_finished_class_game_has_ended_not_that_it_is_in_the_middle(mini):
    from game.engine import rules
    from game.engine.classroom import ClassVotes
    from game.engine.playthrough import Unkept
    from game.tui.leaving import replacing_message

    begun = rules.choose(mini, rules.new_game(mini, "alpha"), "brave")
    ended = rules.choose(mini, begun, "a_end_good")
    named = ClassVotes(name="9B", started="2026-12-02")
    middle = replacing_message(mini, Unkept(begun), "A new game", named)
    assert middle.startswith("You are in the middle of a game: The middle (Alpha role), after 1 choice.")
    finished = replacing_message(mini, Unkept(ended), "A new game", named)
    assert finished.startswith("The class game of 9B has ended: Good end (Alpha role), after 2 choices.")
    assert "middle of a game" not in finished
    saved = {"classroom": ClassVotes(started="2026-12-02").to_block()}  # the autosave's game, no name given
    assert replacing_message(mini, Unkept(ended, saved), "A new game").startswith("The class's game has ended:")


def test_votes_from_the_students_devices_show_live_close_with_enter_or_the_timer_and_are_saved_as_such(
    make_app, saves, mini
):
    """The projector's game with a real class of the student server (its channel on a Unix socket)."""
    import asyncio

    from game.serve.class_rooms import ClassRooms
    from game.serve.limits import StudentLimits
    from game.tui.class_actions import ClassOptions

    phones = [f"phone-{n}-0123456789abcdef" for n in range(3)]

    async def main() -> None:
        rooms = ClassRooms(StudentLimits())
        room = await rooms.new("http://192.0.2.10:8000")
        app = make_app(classroom=True, class_options=ClassOptions(channel=str(room.channel_path)))
        try:
            async with app.run_test(size=(140, 45)) as pilot:
                for _ in range(200):
                    if app.device_link is not None:
                        break
                    await asyncio.sleep(0.01)
                assert app.device_link is not None and app.device_link.code == room.code
                await settle(pilot)
                await start(pilot)
                await press(pilot, "v")
                assert screen_name(app) == "VoteDialog"
                assert f"code {room.code}" in shown_text(app.screen)
                assert f"http://192.0.2.10:8000/c/{room.code}" in shown_text(app.screen)
                assert app.screen.query_one("#vote-qr")  # the QR code of the address, for phones
                for _ in range(100):
                    if room.votes.ballot is not None:
                        break
                    await asyncio.sleep(0.01)
                ballot = room.votes.ballot
                assert ballot is not None and ballot.decision.offered == (BRAVE, QUIET)
                assert ballot.decision.text == ""  # the choices only, until the teacher shows the situation
                await press(pilot, "ctrl+t")
                for _ in range(100):
                    if room.votes.ballot is not None and room.votes.ballot.decision.text:
                        break
                    await asyncio.sleep(0.01)
                assert room.votes.ballot is ballot and ballot.decision.text.startswith("You stand on the square.")
                for phone, choice in zip(phones, [BRAVE, QUIET, BRAVE], strict=True):
                    assert room.votes.join(phone)
                    assert room.vote(phone, ballot.decision.id, choice) == "counted"
                for _ in range(100):
                    await pilot.pause()
                    if "2 on devices" in shown_text(app.screen):
                        break
                    await asyncio.sleep(0.01)
                assert "2 on devices" in shown_text(app.screen) and "1 on devices" in shown_text(app.screen)
                app.screen.query_one("#vote-1").focus()
                await press(pilot, "ctrl+l")  # from a count field too (Enter on the first button, in the web test)
                for _ in range(100):
                    if app.state.log:
                        break
                    await settle(pilot)
                assert app.state.log == (BRAVE,)
                assert "The class chose: Be brave (2 of 3 votes)" in shown_text(app.screen)
                assert room.vote(phones[1], ballot.decision.id, BRAVE) == "closed"  # a late vote
                assert room.votes.result is not None and room.votes.result.choice == BRAVE
                await press(pilot, "enter")
                await press(pilot, "v")  # the next decision: this time the timer closes it
                second = room.votes.ballot
                assert second is not None and second.decision.id != ballot.decision.id
                assert room.vote(phones[0], second.decision.id, SIGN) == "counted"
                app.class_timer.set(0.2)
                for _ in range(200):
                    if app.state.scene != "a_middle":
                        break
                    await asyncio.sleep(0.01)
                    await pilot.pause()
                assert app.state.scene == "a_end_good"
                await app.wait_for_saves()
        finally:
            await rooms.end_all()

    asyncio.run(main())
    votes = votes_on_disk(saves)
    assert votes == [
        {"step": 0, "choice": BRAVE, "counts": {BRAVE: 2, QUIET: 1}, "source": "devices"},
        {"step": 1, "choice": SIGN, "counts": {SIGN: 1, REFUSE: 0}, "source": "devices"},
    ]
    document = read_document(saves.path_for(AUTOSAVE))
    markdown = transcript.to_markdown(transcript.from_document(mini, document))
    assert "Class vote from the students' devices (3 votes): Be brave: 2; Stay quiet: 1" in markdown


def test_spring68_class_serves_the_students_page_from_the_terminal_game_and_ends_it_on_quitting(
    make_app, saves, tmp_path
):
    """``spring68 class``: the student server runs in the app itself; a real device votes over its websocket."""
    import asyncio
    import json
    import socket

    import aiohttp

    from game.serve.options import ServeOptions
    from game.tui.class_actions import ClassOptions
    from tests.web.conftest import free_port

    port = free_port()
    options = ServeOptions(saves=tmp_path / "web-saves", port=port, classroom=True)
    app = make_app(classroom=True, class_options=ClassOptions(devices=options))
    seen: dict[str, object] = {}

    async def main() -> None:
        async with app.run_test(size=(140, 45)) as pilot:
            for _ in range(300):
                if app.device_link is not None:
                    break
                await asyncio.sleep(0.01)
            link = app.device_link
            assert link is not None and link.url == f"http://127.0.0.1:{port}/c/{link.code}"
            await settle(pilot)
            await start(pilot)
            await press(pilot, "v")
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/") as page:
                    assert page.url.path == "/join"  # no game here: the projector is the terminal
                async with session.get(f"http://127.0.0.1:{port}/ws") as page:
                    assert page.status == 404
                ws = await session.ws_connect(f"ws://127.0.0.1:{port}/c/{link.code}/ws")
                await ws.send_json({"type": "hello", "token": "a-phone-in-class-9b"})
                state = json.loads((await ws.receive(timeout=5)).data)
                assert state["phase"] == "open" and state["decision"]["title"] == "The start"
                await ws.send_json({"type": "vote", "decision": state["decision"]["id"], "choice": QUIET})
                assert json.loads((await ws.receive(timeout=5)).data)["type"] == "received"
                for _ in range(100):
                    await pilot.pause()
                    if "1 on devices" in shown_text(app.screen):
                        break
                    await asyncio.sleep(0.01)
                await press(pilot, "enter")  # close the device vote
                for _ in range(100):
                    if app.state.log:
                        break
                    await settle(pilot)
                assert app.state.log == (QUIET,)
                await app.wait_for_saves()
                await pilot.press("ctrl+q")
                phases, closed = [], None
                for _ in range(20):  # the class ends with the app: every device is told, then closed
                    message = await ws.receive(timeout=10)
                    if message.type != aiohttp.WSMsgType.TEXT:
                        closed = message.data
                        break
                    phases.append(json.loads(message.data).get("phase"))
                seen["phases"], seen["closed"] = phases, closed
        with socket.socket() as probe:
            seen["listening"] = probe.connect_ex(("127.0.0.1", port)) == 0

    asyncio.run(main())
    assert votes_on_disk(saves) == [{"step": 0, "choice": QUIET, "counts": {BRAVE: 0, QUIET: 1}, "source": "devices"}]
    assert seen["phases"][-1] == "ended" and seen["closed"] == 4410
    assert seen["listening"] is False

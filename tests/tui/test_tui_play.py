"""Playing by keys: from the title to an ending in each role of the mini pack."""

from __future__ import annotations

from tests.tui.conftest import drive, pane_text, press, screen_name, settle


def test_alpha_from_title_to_the_good_ending_by_keys(make_app):
    app = make_app()

    async def script(pilot):
        assert screen_name(app) == "TitleScreen"
        await press(pilot, "1")  # New game as Alpha role (the mini pack has no content note)
        assert screen_name(app) == "PlayScreen"
        assert app.state.scene == "a_start"
        await press(pilot, "1")  # Be brave
        assert app.state.scene == "a_middle"
        assert app.state.variables["courage"] == 4
        await press(pilot, "1")  # Sign (open because courage >= 3)
        assert app.state.scene == "a_end_good"
        assert screen_name(app) == "EndingScreen"
        assert app.state.log == ("a_start.brave", "a_middle.a_end_good")

    drive(app, script)


def test_alpha_counterfactual_ending_with_arrows_and_enter(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "down", "enter")  # beta is second: go back up
        assert app.state.role == "beta"
        await press(pilot, "escape")
        assert screen_name(app) == "TitleScreen"
        await press(pilot, "1")
        assert app.state.role == "alpha"
        await press(pilot, "down", "enter")  # Stay quiet
        assert app.state.log == ("a_start.quiet",)
        await press(pilot, "2")  # Dream of another way (Sign is closed: courage 2)
        assert app.state.scene == "a_end_what_if"
        assert screen_name(app) == "EndingScreen"
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "counterfactual" in text.lower()
        assert "The tanks stayed." in " ".join(b.source for b in app.screen.query("SceneText"))

    drive(app, script)


def test_beta_from_title_to_its_ending(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "2")
        assert app.state.role == "beta"
        assert screen_name(app) == "PlayScreen"
        await press(pilot, "1")
        assert app.state.scene == "b_end"
        assert screen_name(app) == "EndingScreen"

    drive(app, script)


def test_a_choice_shows_its_record_and_the_bars_change(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1", "1")
        shown = pane_text(app)
        assert shown.startswith("The middle You chose: Be brave")  # the title first, then the note
        assert "What people really did: People were brave." in shown
        bars = app.screen.query_one("VariableBars")
        assert "Courage: 4/5" in bars.describe() and "Fear: 3/5" in bars.describe()
        assert "▲2" in str(bars.render())

    drive(app, script)


def test_the_mouse_chooses_too(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "1")
        chooser = app.screen.query_one("ChoiceList")
        await pilot.click(chooser, offset=(4, 1))  # second option (one line each): Stay quiet
        await settle(pilot)
        assert app.state.log == ("a_start.quiet",)

    drive(app, script)


def test_a_number_beyond_the_choices_explains_itself(make_app):
    app = make_app()

    async def script(pilot):
        await press(pilot, "2")  # beta: one choice
        await press(pilot, "5")
        assert app.state.scene == "b_start"
        assert any("only one choice" in n.message for n in app._notifications)

    drive(app, script)


def test_starting_from_the_command_line_skips_the_title(make_app):
    app = make_app(role="beta")

    async def script(pilot):
        assert screen_name(app) == "PlayScreen"
        assert app.state.role == "beta"

    drive(app, script)


def test_a_modder_can_start_at_a_scene_with_values(make_app):
    app = make_app(start="a_middle", overrides={"courage": 5})

    async def script(pilot):
        assert app.state.scene == "a_middle"
        assert app.state.variables["courage"] == 5
        await press(pilot, "1")
        assert app.state.scene == "a_end_good"

    drive(app, script)


def test_a_scene_with_no_open_choice_is_no_dead_end(make_app, pack):
    from game.story.loader import load_story

    root = pack(
        {
            "hero/scenes.yaml": """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  text: Nerve {nerve}.
  choices:
    - {id: go, label: Go on, goto: s2, record: They went on.}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Stuck
  date: 1968-08-22
  place: Prague
  text: Nothing is open to you.
  choices:
    - {id: leap, label: Leap, if: nerve >= 5, goto: s3}
  history: {text: What happened., sources: [src]}
- id: s3
  title: Last
  date: 1968-08-23
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""
        }
    )
    app = make_app(story=load_story([root]))

    async def script(pilot):
        await press(pilot, "1", "1")
        assert app.state.scene == "s2"
        chooser = app.screen.query_one("ChoiceList")
        assert chooser.option_count == 1 and chooser.get_option_at_index(0).disabled
        await press(pilot, "1")
        assert app.state.scene == "s2"
        assert any("take back your last choice" in n.message for n in app._notifications)
        await press(pilot, "u")
        assert app.state.scene == "s1"

    drive(app, script)

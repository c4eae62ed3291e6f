"""Every key of the game, in one table: the screens bind these lists, and the help screen lists them.

A screen's ``BINDINGS`` is one of these lists, so the help screen (?) reads
the keys from here without importing the app or any screen, and what it
shows can never drift from what the keys do. The descriptions and tooltips are English, marked with
``N_()``: the footer and the help screen translate them when they show them, so a change of language
needs no new key table.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from game.i18n.interface import N_

APP: list[BindingType] = [
    Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    Binding("f2", "cycle_theme", N_("Theme"), show=False),
    Binding("f3", "toggle_high_contrast", N_("High contrast"), show=False),
    Binding("f4", "next_language", N_("Language"), show=False, tooltip=N_("Switch to the next language the story has")),
]
"""Keys that work everywhere."""

TITLE: list[BindingType] = [
    Binding("1", "pick_number(1)", N_("Pick a menu item"), show=False, key_display="1-9"),
    *[Binding(str(n), f"pick_number({n})", f"Menu item {n}", show=False) for n in range(2, 10)],
    Binding("l", "app.load", N_("Load")),
    Binding("t", "app.timeline", N_("Timeline")),
    Binding("g", "app.glossary", N_("Glossary")),
    Binding("b", "app.sources", N_("Sources")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    Binding("q", "app.quit", N_("Quit")),
]
"""The title screen's keys."""

PLAY: list[BindingType] = [
    # Priority bindings are looked up before the key travels through the focused widgets' queues:
    # the choice starts a millisecond sooner. The play screen has no text field a digit could be meant for.
    Binding(
        "1",
        "choose_number(1)",
        N_("Choose"),
        key_display="1-9",
        priority=True,
        tooltip=N_("Make that choice (or move with ↑ ↓ and press Enter, or click it)"),
    ),
    *[Binding(str(n), f"choose_number({n})", f"Choice {n}", show=False, priority=True) for n in range(2, 10)],
    Binding("r", "history", N_("What happened"), tooltip=N_("What really happened in this scene, with its sources")),
    Binding("d", "discuss", N_("Discuss"), tooltip=N_("Questions to talk about in class")),
    Binding("t", "app.timeline", N_("Timeline"), tooltip=N_("The dated events, with those you lived through marked")),
    Binding("g", "app.glossary", N_("Glossary"), tooltip=N_("People, places and words (underlined words open it too)")),
    Binding("u", "app.undo", N_("Undo"), tooltip=N_("Take back your last choice")),
    Binding(
        "s", "app.save", N_("Save"), tooltip=N_("Save to a named slot (the game also saves itself after every choice)")
    ),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    Binding("b", "app.sources", N_("Sources"), show=False),
    Binding("l", "app.load", N_("Load"), show=False),
    Binding("x", "app.export", N_("Export transcript"), show=False),
    Binding(
        "escape", "title", N_("Title screen"), show=False, tooltip=N_("Back to the title screen (your game is kept)")
    ),
    Binding("q", "app.quit", N_("Quit"), show=False, tooltip=N_("Quit (your game is kept: Continue brings it back)")),
    Binding("pagedown,space", "scroll_story(1)", N_("Scroll the scene down"), show=False, priority=True),
    Binding("pageup", "scroll_story(-1)", N_("Scroll the scene up"), show=False, priority=True),
]
"""A scene's keys."""

ENDING: list[BindingType] = [
    Binding(
        "x",
        "app.export",
        N_("Save transcript"),
        tooltip=N_("Write your whole game as a Markdown file into the saves folder"),
    ),
    Binding("u", "app.undo", N_("Undo")),
    Binding("t", "app.timeline", N_("Timeline")),
    Binding("n", "title", N_("New game"), tooltip=N_("Back to the title screen to start again")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
    Binding("escape", "title", N_("Title screen"), show=False),
    Binding("g", "app.glossary", N_("Glossary"), show=False),
    Binding("b", "app.sources", N_("Sources"), show=False),
    Binding("l", "app.load", N_("Load"), show=False),
    Binding("s", "app.save", N_("Save"), show=False),
    Binding("q", "app.quit", N_("Quit"), show=False),
]
"""The ending's keys."""

TIMELINE: list[BindingType] = [
    Binding("escape,t,q", "close", N_("Back")),
    Binding("g", "app.glossary", N_("Glossary")),
    Binding("b", "app.sources", N_("Sources")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
]
"""The timeline's keys."""

GLOSSARY: list[BindingType] = [
    Binding("escape", "close", N_("Back")),
    Binding("slash", "search", N_("Search"), key_display="/"),
    Binding("down", "to_list", N_("List"), show=False),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
]
"""The glossary's keys."""

SOURCES: list[BindingType] = [
    Binding("escape,b,q", "close", N_("Back")),
    Binding("o", "open", N_("Open address")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
]
"""The sources screen's keys."""

LOAD: list[BindingType] = [
    Binding("escape,l,q", "close", N_("Back")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?"),
]
"""The load screen's keys."""

HISTORY: list[BindingType] = [
    Binding("escape,r,q", "dismiss_dialog", N_("Close")),
    Binding("g", "app.glossary", N_("Glossary")),
    Binding("b", "app.sources", N_("Sources")),
    Binding("pagedown,space", "scroll(1)", N_("Scroll down"), show=False),
    Binding("pageup", "scroll(-1)", N_("Scroll up"), show=False),
]
"""What really happened (r)."""

DISCUSS: list[BindingType] = [
    Binding("escape,d,q", "dismiss_dialog", N_("Close")),
    Binding("r", "history", N_("What happened")),
]
"""The discussion prompts (d)."""

CLASS_VOTE: list[BindingType] = [
    Binding("escape", "cancel", N_("Back"), tooltip=N_("Back to the scene without choosing")),
    Binding("ctrl+s", "count", N_("Count the votes")),
    Binding("down", "app.focus_next", N_("Next"), show=False),
    Binding("up", "app.focus_previous", N_("Previous"), show=False),
    Binding(
        "ctrl+l", "close_devices", N_("Close the device vote"), tooltip=N_("Close the students' vote and count it")
    ),
    Binding(
        "ctrl+t", "device_text", N_("Text on devices"), tooltip=N_("Show the situation on the students' devices too")
    ),
]
"""The class vote's counts; Ctrl+L and Ctrl+T only with the students' devices (``VoteDialog.check_action``)."""

CLASS_TIE: list[BindingType] = [
    Binding("escape", "cancel", N_("Change the counts")),
    Binding("1", "pick(1)", N_("Pick"), key_display="1-9"),
    *[Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(2, 10)],
]
"""A tie for the teacher to break."""

CLASS_PAUSE: list[BindingType] = [
    Binding(
        "enter,space,escape,d", "go_on", N_("Go on"), key_display="Enter", tooltip=N_("Close the prompts and go on")
    ),
    Binding("m", "app.class_timer", N_("Timer"), tooltip=N_("Start or stop a discussion timer (+ and - change it)")),
    Binding(
        "plus,equals_sign",
        "app.class_timer_add(1)",
        N_("+1 min"),
        key_display="+",
        tooltip=N_("A minute more on the timer"),
    ),
    Binding(
        "minus",
        "app.class_timer_add(-1)",
        N_("-1 min"),
        key_display="-",
        show=False,
        tooltip=N_("A minute less on the timer"),
    ),
    Binding("r", "history", N_("What happened"), tooltip=N_("What really happened in this scene, with its sources")),
    Binding("u", "undo", N_("Undo"), tooltip=N_("Take back the choice just made (a slip), and its vote")),
    Binding("question_mark", "app.help", N_("Help"), key_display="?", show=False),
    Binding("pagedown", "scroll(1)", N_("Scroll down"), show=False),
    Binding("pageup", "scroll(-1)", N_("Scroll up"), show=False),
]
"""The discussion pause."""

HELP: list[BindingType] = [Binding("escape,question_mark,q", "close", N_("Back"))]
"""The help screen's keys."""

CLASS_TIMER: list[Binding] = [
    Binding("m", "app.class_timer", N_("Timer"), tooltip=N_("Start or stop a discussion timer (+ and - change it)")),
    Binding("plus,equals_sign", "app.class_timer_add(1)", N_("Timer +1 minute"), key_display="+", show=False),
    Binding("minus", "app.class_timer_add(-1)", N_("Timer -1 minute"), key_display="-", show=False),
]
"""The discussion timer, on a scene and at the ending in class."""

CLASS_PLAY: list[Binding] = [
    Binding(
        "v", "app.class_vote", N_("Class vote"), tooltip=N_("Type how many voted for each choice; the majority decides")
    ),
    Binding("d", "discuss", N_("Discuss"), tooltip=N_("The discussion prompts, on a screen of their own")),
    *CLASS_TIMER,
]
"""The keys classroom mode adds to a scene (d replaces the everyday prompts dialog)."""

CLASS_ENDING: list[Binding] = [
    Binding("d", "discuss", N_("Discuss"), tooltip=N_("The ending's discussion prompts, on a screen of their own")),
    *CLASS_TIMER,
]
"""The keys classroom mode adds to the ending."""

LISTS = [(N_("Move in a list"), "↑ / ↓"), (N_("Pick"), N_("Enter or click")), (N_("Command palette"), "Ctrl+P")]
"""What every list and the palette do (Textual's own keys), as (description, key)."""

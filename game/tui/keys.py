"""Every key of the game, in one table: the screens bind these lists, and the help screen lists them.

A screen's ``BINDINGS`` is one of these lists, so the help screen (?) reads
the keys from here without importing the app or any screen, and what it
shows can never drift from what the keys do.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP: list[BindingType] = [
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    Binding("f2", "cycle_theme", "Theme", show=False),
    Binding("f3", "toggle_high_contrast", "High contrast", show=False),
]
"""Keys that work everywhere."""

TITLE: list[BindingType] = [
    Binding("1", "pick_number(1)", "Pick a menu item", show=False, key_display="1-9"),
    *[Binding(str(n), f"pick_number({n})", f"Menu item {n}", show=False) for n in range(2, 10)],
    Binding("l", "app.load", "Load"),
    Binding("t", "app.timeline", "Timeline"),
    Binding("g", "app.glossary", "Glossary"),
    Binding("b", "app.sources", "Sources"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("q", "app.quit", "Quit"),
]
"""The title screen's keys."""

PLAY: list[BindingType] = [
    # Priority bindings are looked up before the key travels through the focused widgets' queues:
    # the choice starts a millisecond sooner. The play screen has no text field a digit could be meant for.
    Binding(
        "1",
        "choose_number(1)",
        "Choose",
        key_display="1-9",
        priority=True,
        tooltip="Make that choice (or move with ↑ ↓ and press Enter, or click it)",
    ),
    *[Binding(str(n), f"choose_number({n})", f"Choice {n}", show=False, priority=True) for n in range(2, 10)],
    Binding("r", "history", "What happened", tooltip="What really happened in this scene, with its sources"),
    Binding("d", "discuss", "Discuss", tooltip="Questions to talk about in class"),
    Binding("t", "app.timeline", "Timeline", tooltip="The dated events, with those you lived through marked"),
    Binding("g", "app.glossary", "Glossary", tooltip="People, places and words (underlined words open it too)"),
    Binding("u", "app.undo", "Undo", tooltip="Take back your last choice"),
    Binding("s", "app.save", "Save", tooltip="Save to a named slot (the game also saves itself after every choice)"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("b", "app.sources", "Sources", show=False),
    Binding("l", "app.load", "Load", show=False),
    Binding("x", "app.export", "Export transcript", show=False),
    Binding("escape", "title", "Title screen", show=False, tooltip="Back to the title screen (your game is kept)"),
    Binding("q", "app.quit", "Quit", show=False, tooltip="Quit (your game is kept: Continue brings it back)"),
    Binding("pagedown,space", "scroll_story(1)", "Scroll the scene down", show=False, priority=True),
    Binding("pageup", "scroll_story(-1)", "Scroll the scene up", show=False, priority=True),
]
"""A scene's keys."""

ENDING: list[BindingType] = [
    Binding(
        "x",
        "app.export",
        "Save transcript",
        tooltip="Write your whole game as a Markdown file into the saves folder",
    ),
    Binding("u", "app.undo", "Undo"),
    Binding("t", "app.timeline", "Timeline"),
    Binding("n", "title", "New game", tooltip="Back to the title screen to start again"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
    Binding("escape", "title", "Title screen", show=False),
    Binding("g", "app.glossary", "Glossary", show=False),
    Binding("b", "app.sources", "Sources", show=False),
    Binding("l", "app.load", "Load", show=False),
    Binding("s", "app.save", "Save", show=False),
    Binding("q", "app.quit", "Quit", show=False),
]
"""The ending's keys."""

TIMELINE: list[BindingType] = [
    Binding("escape,t,q", "close", "Back"),
    Binding("g", "app.glossary", "Glossary"),
    Binding("b", "app.sources", "Sources"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]
"""The timeline's keys."""

GLOSSARY: list[BindingType] = [
    Binding("escape", "close", "Back"),
    Binding("slash", "search", "Search", key_display="/"),
    Binding("down", "to_list", "List", show=False),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]
"""The glossary's keys."""

SOURCES: list[BindingType] = [
    Binding("escape,b,q", "close", "Back"),
    Binding("o", "open", "Open address"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]
"""The sources screen's keys."""

LOAD: list[BindingType] = [
    Binding("escape,l,q", "close", "Back"),
    Binding("question_mark", "app.help", "Help", key_display="?"),
]
"""The load screen's keys."""

HISTORY: list[BindingType] = [
    Binding("escape,r,q", "dismiss_dialog", "Close"),
    Binding("g", "app.glossary", "Glossary"),
    Binding("b", "app.sources", "Sources"),
    Binding("pagedown,space", "scroll(1)", "Scroll down", show=False),
    Binding("pageup", "scroll(-1)", "Scroll up", show=False),
]
"""What really happened (r)."""

DISCUSS: list[BindingType] = [
    Binding("escape,d,q", "dismiss_dialog", "Close"),
    Binding("r", "history", "What happened"),
]
"""The discussion prompts (d)."""

CLASS_VOTE: list[BindingType] = [
    Binding("escape", "cancel", "Back", tooltip="Back to the scene without choosing"),
    Binding("ctrl+s", "count", "Count the votes"),
    Binding("down", "app.focus_next", "Next", show=False),
    Binding("up", "app.focus_previous", "Previous", show=False),
    Binding("ctrl+l", "close_devices", "Close the device vote", tooltip="Close the students' vote and count it"),
    Binding("ctrl+t", "device_text", "Text on devices", tooltip="Show the situation on the students' devices too"),
]
"""The class vote's counts; Ctrl+L and Ctrl+T only with the students' devices (``VoteDialog.check_action``)."""

CLASS_TIE: list[BindingType] = [
    Binding("escape", "cancel", "Change the counts"),
    Binding("1", "pick(1)", "Pick", key_display="1-9"),
    *[Binding(str(n), f"pick({n})", f"Pick {n}", show=False) for n in range(2, 10)],
]
"""A tie for the teacher to break."""

CLASS_PAUSE: list[BindingType] = [
    Binding("enter,space,escape,d", "go_on", "Go on", key_display="Enter", tooltip="Close the prompts and go on"),
    Binding("m", "app.class_timer", "Timer", tooltip="Start or stop a discussion timer (+ and - change it)"),
    Binding(
        "plus,equals_sign",
        "app.class_timer_add(1)",
        "+1 min",
        key_display="+",
        tooltip="A minute more on the timer",
    ),
    Binding(
        "minus",
        "app.class_timer_add(-1)",
        "-1 min",
        key_display="-",
        show=False,
        tooltip="A minute less on the timer",
    ),
    Binding("r", "history", "What happened", tooltip="What really happened in this scene, with its sources"),
    Binding("u", "undo", "Undo", tooltip="Take back the choice just made (a slip), and its vote"),
    Binding("question_mark", "app.help", "Help", key_display="?", show=False),
    Binding("pagedown", "scroll(1)", "Scroll down", show=False),
    Binding("pageup", "scroll(-1)", "Scroll up", show=False),
]
"""The discussion pause."""

HELP: list[BindingType] = [Binding("escape,question_mark,q", "close", "Back")]
"""The help screen's keys."""

CLASS_TIMER: list[Binding] = [
    Binding("m", "app.class_timer", "Timer", tooltip="Start or stop a discussion timer (+ and - change it)"),
    Binding("plus,equals_sign", "app.class_timer_add(1)", "Timer +1 minute", key_display="+", show=False),
    Binding("minus", "app.class_timer_add(-1)", "Timer -1 minute", key_display="-", show=False),
]
"""The discussion timer, on a scene and at the ending in class."""

CLASS_PLAY: list[Binding] = [
    Binding("v", "app.class_vote", "Class vote", tooltip="Type how many voted for each choice; the majority decides"),
    Binding("d", "discuss", "Discuss", tooltip="The discussion prompts, on a screen of their own"),
    *CLASS_TIMER,
]
"""The keys classroom mode adds to a scene (d replaces the everyday prompts dialog)."""

CLASS_ENDING: list[Binding] = [
    Binding("d", "discuss", "Discuss", tooltip="The ending's discussion prompts, on a screen of their own"),
    *CLASS_TIMER,
]
"""The keys classroom mode adds to the ending."""

LISTS = [("Move in a list", "↑ / ↓"), ("Pick", "Enter or click"), ("Command palette", "Ctrl+P")]
"""What every list and the palette do (Textual's own keys), as (description, key)."""

"""Classroom mode in Czech: the class's name, the play screen, the vote, the tie and the discussion pause.

The story is the base campaign with its Czech catalogue and the interface speaks Czech, as
``spring68 --classroom --lang cs`` sets them up. Each screen is read as the terminal shows it
(Textual's own screenshot), so a string left out of the catalogue, or never marked for it,
shows up here as English.
"""

from __future__ import annotations

import asyncio
import html
import re

from game.engine.saves import SaveFolder
from game.engine.state import GameState
from tests.i18n.conftest import czech

SIZE = (160, 50)
"""Wide enough that the dialogs' sentences are not wrapped across rows of the screenshot."""


BOX = str.maketrans(dict.fromkeys("┃│▌", " "))
"""The sides of boxes and the bar beside a note: left out, so a sentence wrapped inside a box reads on."""


def screen_text(app) -> str:
    """What the terminal shows now, as one line of text (from Textual's own screenshot of the screen)."""
    rows: dict[str, list[str]] = {}
    for line, text in re.findall(
        r'<text [^>]*clip-path="url\(#[\w-]*?line-(\d+)\)"[^>]*>(.*?)</text>', app.export_screenshot()
    ):
        rows.setdefault(line, []).append(text)
    shown = " ".join(html.unescape("".join(parts)) for parts in rows.values())
    return " ".join(shown.replace("\xa0", " ").translate(BOX).split())


def played(app) -> GameState:
    """The class's game in play (a game has begun by the time this is asked)."""
    assert app.state is not None
    return app.state


def english_left(shown: str, phrases: list[str]) -> list[str]:
    return [phrase for phrase in phrases if phrase in shown]


def run(app, script) -> None:
    from tests.tui.conftest import settle

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def test_a_class_game_in_czech_names_votes_breaks_a_tie_and_discusses_in_czech(campaign, tmp_path):
    from game.tui.app import Spring68App
    from tests.tui.conftest import press, screen_name

    story = czech(campaign)
    first = story.scenes["adv_jan_election"]
    assert first.discuss and len(first.choices) >= 2  # the lesson below needs a vote and a discussion
    app = Spring68App(story, SaveFolder(tmp_path / "saves"), cursor_blink=False, classroom=True)

    async def script(pilot) -> None:
        await press(pilot, "1")
        assert screen_name(app) == "ClassNameDialog"
        shown = screen_text(app)
        assert "Nová hra třídy" in shown and "Název třídy, aby se její hra dala znovu najít" in shown
        assert "Začít hru" in shown and "Enter: začít · Esc: zpět" in shown
        assert english_left(shown, ["A new class game", "The class's name", "Start the game", "Enter: start"]) == []

        await press(pilot, *"9.B", "enter")
        if screen_name(app) == "ContentNoteDialog":
            await press(pilot, "enter")
        assert screen_name(app) == "ClassroomPlayScreen" and played(app).scene == first.id
        shown = screen_text(app)
        assert "Co třída udělá?" in shown and "v: hlasování třídy · 1–9: volba" in shown
        assert english_left(shown, ["What does the class do?", "class vote", "What do you do?"]) == []

        await press(pilot, "2")  # a digit alone does not decide for a class: the game asks first
        assert screen_name(app) == "ConfirmDialog"
        shown = screen_text(app)
        assert "Rozhodnout bez hlasování?" in shown and "Nechat třídu hlasovat" in shown
        assert "záznam hry to uvede jako rozhodnutí učitele" in shown
        assert english_left(shown, ["Decide without a vote", "Hold a class vote", "was picked without"]) == []
        await press(pilot, "escape")
        assert screen_name(app) == "ClassroomPlayScreen" and played(app).log == ()

        await press(pilot, "d")  # the prompts before the vote
        assert screen_name(app) == "DiscussionPause"
        shown = screen_text(app)
        assert "Čas na diskusi" in shown and "K diskusi" in shown and "Enter: zpět ke scéně" in shown
        assert english_left(shown, ["Time to discuss", "To discuss", "Enter: back to the scene"]) == []
        await press(pilot, "enter")

        await press(pilot, "v")
        assert screen_name(app) == "VoteDialog"
        shown = screen_text(app)
        assert "Hlasování třídy" in shown and "Kolik hlasů dostala každá možnost?" in shown
        assert "Zatím žádné hlasy." in shown and "Sečíst hlasy" in shown and "Enter: další · Esc: zpět" in shown
        await press(pilot, "2", "enter")
        assert "2 hlasy. Nejvíc hlasů:" in screen_text(app)  # Czech's plural for two to four
        await press(pilot, "2", "enter")
        shown = screen_text(app)
        assert "4 hlasy. Stejný počet hlasů:" in shown and "Vybereš ty." in shown
        assert english_left(shown, ["Class vote", "How many voted", "votes", "Most votes", "A tie", "Count the"]) == []
        await press(pilot, "enter")  # the last field empty: the votes are counted, and two choices tie

        assert screen_name(app) == "TieDialog" and played(app).log == ()
        shown = screen_text(app)
        assert "Rovnost hlasů: po 2 hlasech. Kudy se třída vydá, rozhodneš ty." in shown
        assert "Rozhoduješ ty" in shown and "1–9 nebo Enter: vybrat · Esc: změnit počty" in shown
        assert english_left(shown, ["A tie", "votes each", "You decide", "change the counts"]) == []
        await press(pilot, "1")

        assert screen_name(app) == "DiscussionPause" and len(played(app).log) == 1
        shown = screen_text(app)
        chosen = first.choice(played(app).log[0])
        assert chosen is not None
        assert "Třída zvolila:" in shown and "(2 z 4 hlasů, při rovnosti hlasů rozhodnutím učitele)" in shown
        assert "Čas na diskusi" in shown and "Enter: dál" in shown
        if chosen.record:
            assert "Co lidé doopravdy udělali:" in shown
        english = ["The class chose", "of 4 votes", "a tie the teacher broke", "What people really did", "go on"]
        assert english_left(shown, english) == []
        await press(pilot, "enter")

        assert screen_name(app) == "ClassroomPlayScreen" and played(app).scene != first.id
        shown = screen_text(app)
        assert "Třída zvolila:" in shown and "Co třída udělá?" in shown
        assert english_left(shown, ["The class chose", "What does the class do?", "a tie the teacher broke"]) == []

    run(app, script)


def test_the_counts_take_czech_plurals(campaign):
    """1 hlas, 2 hlasy, 5 hlasů: the vote's summary and the tie's message follow Czech's three forms."""
    from game.engine.classroom import tally
    from game.tui.dialogs.classroom import tally_text, vote_summary

    czech(campaign)
    assert vote_summary({"a": 1, "b": 0}, "a") == "1 z 1 hlasu"
    assert vote_summary({"a": 2, "b": 1}, "a") == "2 z 3 hlasů"
    assert vote_summary({"a": 3, "b": 3}, "a") == "3 z 6 hlasů, při rovnosti hlasů rozhodnutím učitele"
    labels = {"a": "Mlčet", "b": "Promluvit", "c": "Odejít"}
    assert tally_text(tally({"a": 1}, list(labels)), labels) == "1 hlas. Nejvíc hlasů: Mlčet."
    assert tally_text(tally({"a": 1, "b": 1, "c": 1}, list(labels)), labels) == (
        "3 hlasy. Stejný počet hlasů: Mlčet, Promluvit a Odejít. Vybereš ty."
    )
    assert tally_text(tally({"a": 5}, list(labels)), labels) == "5 hlasů. Nejvíc hlasů: Mlčet."
    assert tally_text(tally({}, list(labels)), labels) == "Zatím žádné hlasy."


def test_the_projectors_line_for_the_students_devices_is_czech(campaign):
    """What the class reads on the projector to vote on its phones, with the devices and votes counted in Czech."""
    from types import SimpleNamespace

    from game.tui.dialogs.classroom import devices_line

    czech(campaign)

    def link(devices: int, votes: int) -> SimpleNamespace:
        live = SimpleNamespace(devices=devices, counts={"a": votes})
        return SimpleNamespace(live=live, url="http://192.0.2.7:8068/s/K7P3QX", code="K7P3QX")

    assert devices_line(link(1, 1)) == (  # type: ignore[arg-type]
        "Hlasujte na svých zařízeních: otevřete http://192.0.2.7:8068/s/K7P3QX (nebo /join a zadejte kód K7P3QX)"
        " · 1 připojené zařízení · zatím 1 hlas"
    )
    assert devices_line(link(3, 2)).endswith(" · 3 připojená zařízení · zatím 2 hlasy")  # type: ignore[arg-type]
    assert devices_line(link(12, 9)).endswith(" · 12 připojených zařízení · zatím 9 hlasů")  # type: ignore[arg-type]

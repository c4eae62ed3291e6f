"""The glossary's search in Czech: accents aside, and a fast typist's last search is what shows."""

from __future__ import annotations

from textual.widgets import Input, OptionList, Static

from game.engine.saves import SaveFolder
from tests.i18n.conftest import czech
from tests.i18n.test_textual_words_in_czech import run


def shown_entries(app) -> list[str]:
    entries = app.screen.query_one("#entries", OptionList)
    return [str(getattr(option.prompt, "plain", option.prompt)).strip() for option in entries.options]


def test_the_glossary_finds_czech_words_typed_without_accents(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)
    found: dict[str, list[str]] = {}

    async def script(pilot, settle):
        await pilot.press("g")
        await settle(pilot)
        field = app.screen.query_one("#search", Input)
        for query in ("prazske jaro", "DUBCEK", "ustredni vybor", "osoba", "Pražské"):
            field.value = query
            await settle(pilot)
            found[query] = shown_entries(app)

    run(app, script)
    assert "Pražské jaro" in found["prazske jaro"]
    assert "Alexander Dubček" in found["DUBCEK"]
    assert "ústřední výbor" in found["ustredni vybor"]
    assert "Alexander Dubček" in found["osoba"]  # the kind as the player reads it ("person" in English)
    assert "Pražské jaro" in found["Pražské"]


def test_a_search_that_finds_nothing_says_so_even_typed_fast(campaign, tmp_path):
    """A search's highlight arriving after the next search emptied the list never shows its entry."""
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)
    shown: list[str] = []

    async def script(pilot, settle):
        await pilot.press("g")
        await settle(pilot)
        field = app.screen.query_one("#search", Input)
        field.value = "praz"  # finds entries (their text says "v Praze"), and highlights the first
        field.value = "prazsxq"  # before that highlight is handled: nothing matches
        await settle(pilot)
        shown.append(str(app.screen.query_one("#entry-detail", Static).render()))
        shown.append("\n".join(shown_entries(app)))

    run(app, script)
    detail, entries = shown
    assert entries == ""
    assert "Hledanému „prazsxq“ nic neodpovídá" in detail

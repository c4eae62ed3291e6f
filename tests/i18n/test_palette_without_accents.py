"""The palette's search ignores Czech accents: "klav" finds *Klávesy*, "ulozit" finds *Uložit hru*."""

from __future__ import annotations

import asyncio

from textual.command import CommandList
from textual.widgets import Input

from game.engine.saves import SaveFolder
from game.i18n.folding import fold, search_key
from game.tui.palette_search import FoldingMatcher
from game.tui.safe_text import escape_markup
from tests.i18n.conftest import czech
from tests.i18n.test_textual_words_in_czech import run


def test_fold_drops_the_accents_letter_for_letter():
    assert fold("Uložit hru") == "Ulozit hru"
    assert fold("Klávesy, Časová osa, Přehled, Dubček, Šťastný, Úvod, ůž") == (
        "Klavesy, Casova osa, Prehled, Dubcek, Stastny, Uvod, uz"
    )
    assert fold("ﬁ") == "ﬁ"  # more than one letter: kept, so a match's offsets stay the word's
    assert search_key("Pražské JARO") == search_key("prazske jaro") == "prazske jaro"


def test_the_matcher_matches_and_highlights_without_accents():
    matcher = FoldingMatcher("klav")
    assert matcher.match("Klávesy") > 0
    assert matcher.match("Konec") == 0
    highlighted = matcher.highlight("Klávesy")
    assert highlighted.plain == "Klávesy"
    assert [span.start for span in highlighted.spans] == [0, 1, 2, 3]
    assert FoldingMatcher("klávesy").match("Klavesy") > 0  # accents typed, none in the word


def test_an_escaped_name_is_matched_and_shown_as_text_never_markup():
    """A name arrives escaped (data is never markup): matched accents aside, shown with its brackets."""
    name = escape_markup("[b]Uložit[/b] hru")
    matcher = FoldingMatcher("ulozit")
    assert matcher.match(name) > 0
    shown = matcher.highlight(name)
    assert shown.plain == "[b]Uložit[/b] hru"
    assert all("bold" not in str(span.style) for span in shown.spans)  # no [b] read as markup


def palette_titles(app) -> list[str]:
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt.plain if hasattr(option.prompt, "plain") else option.prompt) for option in options]


def test_the_palette_finds_czech_commands_typed_without_accents(campaign, tmp_path):
    from game.tui.app import Spring68App

    app = Spring68App(czech(campaign), SaveFolder(tmp_path / "saves"), cursor_blink=False)
    found: dict[str, str] = {}

    async def search(pilot, settle, query: str) -> str:
        """The palette's list once it shows this query's hits (or, for no hit, Textual's "no matches")."""
        app.screen.query_one(Input).value = ""
        await settle(pilot)
        discovered = palette_titles(app)
        app.screen.query_one(Input).value = query
        for _ in range(40):
            await asyncio.sleep(0.05)
            await settle(pilot)
            shown = palette_titles(app)
            if shown and shown != discovered:
                return "\n".join(shown)
        return ""

    async def script(pilot, settle):
        await pilot.press("1")  # a new game in the first role: "Uložit hru" is offered with a game in play
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        for query in ("klav", "ulozit", "casova", "klávesy", "qxqx"):
            found[query] = await search(pilot, settle, query)

    run(app, script)
    assert "Klávesy" in found["klav"]
    assert "Uložit hru" in found["ulozit"]
    assert "Časová osa" in found["casova"]
    assert "Klávesy" in found["klávesy"]
    assert "Nic nenalezeno" in found["qxqx"]  # the list did change: a query that matches nothing

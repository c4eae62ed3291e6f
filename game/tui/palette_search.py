"""The command palette's search without diacritics: "klav" finds *Klávesy*, "ulozit" finds *Uložit*.

A player types Czech on an English keyboard as often as not, and Textual's fuzzy matcher compares
letters exactly, so "a" never meets "á". :class:`FoldingMatcher` compares both sides with their
accents folded away (:func:`game.i18n.folding.fold`), and Textual highlights the matched letters as written;
:class:`FoldingSystemCommands` is Textual's own palette provider (the game's commands and Textual's,
as :meth:`~game.tui.app.Spring68App.get_system_commands` gives them) searching with it, through
public Textual API: :meth:`textual.command.Provider.matcher`, :class:`textual.fuzzy.Matcher` and its
``fuzzy_search`` (a :class:`textual.fuzzy.FuzzySearch`). A command's name reaches Textual escaped, as
before: Textual, not the game, reads it as markup.

Imported only when the palette opens (it brings :mod:`textual.command` with it).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.fuzzy import FuzzySearch, Matcher
from textual.system_commands import SystemCommandsProvider
from textual.visual import Style

from game.i18n.folding import fold


class FoldingFuzzySearch(FuzzySearch):
    """Textual's fuzzy search, on the query and the candidate with their accents folded away.

    Folding keeps every letter where it was, so the offsets it finds are the candidate's own and
    Textual's :meth:`Matcher.highlight` marks the letters as written ("Klávesy" for "klav").
    """

    def match(self, query: str, candidate: str) -> tuple[float, Sequence[int]]:
        """The score and offsets of ``query`` in ``candidate``, accents aside."""
        return super().match(fold(query), fold(candidate))


class FoldingMatcher(Matcher):
    """Textual's fuzzy matcher (its scoring, its highlight) comparing words without their accents."""

    def __init__(self, query: str, *, match_style: Style | None = None, case_sensitive: bool = False) -> None:
        super().__init__(query, match_style=match_style, case_sensitive=case_sensitive)
        self.fuzzy_search = FoldingFuzzySearch()


class FoldingSystemCommands(SystemCommandsProvider):
    """Textual's system commands provider (the same commands and callbacks), searching without accents."""

    def matcher(self, user_input: str, case_sensitive: bool = False) -> Matcher:
        """The matcher :meth:`SystemCommandsProvider.search` uses: :class:`FoldingMatcher`."""
        return FoldingMatcher(user_input, match_style=self.match_style, case_sensitive=case_sensitive)

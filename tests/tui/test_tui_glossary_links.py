"""Glossary names in scene text are links to their entries."""

from __future__ import annotations

from game.story.loader import load_story
from game.story.model import GlossaryEntry
from game.tui.data.glossary_links import GlossaryLinker
from tests.tui.conftest import drive, press, screen_name, settle


def entry(id: str, term: str, kind: str = "person", aliases: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(id, term, kind, "text", aliases)


def test_terms_and_aliases_match_whole_words_longest_first():
    linker = GlossaryLinker(
        {
            "dubcek": entry("dubcek", "Alexander Dubček", aliases=("Dubček",)),
            "stb": entry("stb", "StB", "organisation"),
            "normalisation": entry("normalisation", "Normalisation", "term"),
        }
    )
    text = "Alexander Dubček met Dubček's StB men; StBx is no word. Then came normalisation."
    found = [(text[m.start : m.end], m.entry) for m in linker.find(text)]
    assert found == [
        ("Alexander Dubček", "dubcek"),
        ("Dubček", "dubcek"),
        ("StB", "stb"),
        ("normalisation", "normalisation"),
    ]


def test_names_are_case_sensitive_except_for_terms():
    linker = GlossaryLinker({"prague": entry("prague", "Prague", "place")})
    assert linker.find("prague") == []
    assert [m.entry for m in linker.find("in Prague.")] == ["prague"]


def test_an_empty_glossary_links_nothing():
    linker = GlossaryLinker({})
    assert not linker
    assert linker.find("Anything at all") == []


def test_scene_text_links_the_first_mention_only():
    from game.tui.widgets.scene_text import markdown_blocks

    linker = GlossaryLinker({"dubcek": entry("dubcek", "Alexander Dubček", aliases=("Dubček",))})
    blocks = markdown_blocks("Alexander Dubček spoke.\n\nLater *Dubček* and [a link](https://example.org).", linker)
    assert [b.kind for b in blocks] == ["p", "p"]
    first, second = blocks
    links = [(first.content.plain[s.start : s.end], s.style) for s in first.content.spans if "@click" in str(s.style)]
    assert len(links) == 1 and links[0][0] == "Alexander Dubček"
    assert "glossary:dubcek" in str(links[0][1])
    later = [second.content.plain[s.start : s.end] for s in second.content.spans if "@click" in str(s.style)]
    assert later == ["a link"]


def test_markdown_becomes_blocks_without_markers():
    from game.tui.widgets.scene_text import markdown_blocks, plain_text

    source = (
        "# Heading\n\nSome *emphasis* and **strength**.\n\n> A quoted line\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n---"
    )
    kinds = [b.kind for b in markdown_blocks(source)]
    assert kinds == ["h", "p", "quote", "item", "item", "item", "item", "rule"]
    assert "Some emphasis and strength." in plain_text(source)
    assert "• one" in plain_text(source) and "2. second" in plain_text(source)
    assert markdown_blocks("<script>alert(1)</script>")[0].content.plain == "<script>alert(1)</script>"


def test_clicking_a_term_in_the_scene_opens_its_entry(make_app, glossary_pack):
    story = load_story([glossary_pack])
    app = make_app(story=story)

    async def script(pilot):
        await press(pilot, "1")
        pane = app.screen.query_one("StoryView")
        row = next(y for y, text in enumerate(pane.screen_rows()) if "Alexander" in text)
        column = pane.screen_rows()[row].index("Alexander")
        await pilot.click(pane, offset=(column + 2, row))
        await settle(pilot)
        assert screen_name(app) == "GlossaryScreen"
        entries = app.screen.query_one("#entries")
        assert entries.get_option_at_index(entries.highlighted).id.endswith("dubcek")
        assert "Party leader in 1968." in str(app.screen.query_one("#entry-detail").render())
        await press(pilot, "escape")
        assert screen_name(app) == "PlayScreen"

    drive(app, script, size=(120, 30))


def test_glossary_lists_the_current_scenes_entries_first(make_app, glossary_pack):
    story = load_story([glossary_pack])
    app = make_app(story=story)

    async def script(pilot):
        await press(pilot, "1", "g")
        entries = app.screen.query_one("#entries")
        ids = [entries.get_option_at_index(i).id for i in range(entries.option_count)]
        assert ids == ["-here", "here:dubcek", "-all", "all:dubcek"]

    drive(app, script)


def test_history_text_links_terms_too(make_app, glossary_pack):
    story = load_story([glossary_pack])
    app = make_app(story=story)

    async def script(pilot):
        await press(pilot, "1", "r")
        assert screen_name(app) == "HistoryDialog"
        block = app.screen.query(".history-text").first()
        spans = [s for s in block.render().spans if "@click" in str(s.style)]
        assert spans, "Dubček in the history text should be a link"

    drive(app, script)

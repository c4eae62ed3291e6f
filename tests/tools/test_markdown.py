"""The one Markdown path: scene Markdown as plain text (plain mode) and as HTML (handouts, transcripts)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.plain import plain_text
from game.story import markdown
from game.story.markdown import inline_html, to_html, to_plain
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("You stand *alone* on the **square**.", "You stand alone on the square."),
        ("snake_case_word and _italic_", "snake_case_word and italic"),
        ("One.\n\nTwo *and\nmore*.", "One.\n\nTwo and more."),
        ("A [link](https://example.org/) and `code`", "A link and code"),
        ("- first\n- second", "- first\n\n- second"),
        ("2 * 3 * 4 is not emphasis", "2 * 3 * 4 is not emphasis"),
        ("\\*kept\\* stars", "*kept* stars"),
        ("Nothing to do here", "Nothing to do here"),
    ],
)
def test_plain_text_drops_the_markers_and_keeps_the_words(markdown, plain):
    assert to_plain(markdown) == plain
    assert plain_text(markdown) == plain  # plain mode uses this very path


def test_plain_text_keeps_what_looks_like_html_as_text():
    assert to_plain("Fear <b>grows</b> & <script>x</script>") == "Fear <b>grows</b> & <script>x</script>"


def test_html_is_escaped_and_raw_html_never_passes():
    page = to_html('*Calm* <script>alert("x")</script>\n\n<div onclick="x">block</div>\n\nA & B')
    assert page.startswith("<p><em>Calm</em> &lt;script&gt;")
    assert "<script" not in page and "<div" not in page and "&lt;div onclick=" in page and "A &amp; B" in page


def test_links_keep_their_words_and_lose_their_targets():
    assert to_html("See [the report](https://example.org/x) and ![a map](map.png)") == "<p>See the report and a map</p>"
    assert inline_html("*Sign* <i>it</i>") == "<em>Sign</em> &lt;i&gt;it&lt;/i&gt;"
    assert inline_html("plain & simple") == "plain &amp; simple"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab *\n\t.,-1=>", max_size=40))
def test_the_quick_path_gives_what_the_parser_gives(text):
    quick = markdown._plain_without_parsing(text)
    if quick is not None:
        assert _paragraphs(quick) == _paragraphs(markdown._plain_by_parsing(text))


def test_the_quick_path_agrees_with_the_parser_on_every_campaign_text_and_takes_most_of_them():
    from game.story.loader import load_with_problems

    story, _ = load_with_problems(None)
    assert story is not None
    texts = [t for s in story.scenes.values() for t in (s.text, s.history.text, *(c.record for c in s.choices)) if t]
    quick = 0
    for text in texts:
        fast = markdown._plain_without_parsing(text)
        if fast is not None:
            quick += 1
            assert _paragraphs(fast) == _paragraphs(markdown._plain_by_parsing(text)), text
    assert quick >= 0.9 * len(texts)


def test_plain_mode_shows_the_first_scene_without_importing_the_markdown_parser(tmp_path):
    code = (
        "import sys, io, contextlib\nsys.stdin = io.StringIO('1\\n')\nfrom game.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['play', '--plain', '--role', 'advisor', '--saves', sys.argv[1]])\n"
        "print('markdown_it' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"

"""Links a pack may hold: only whole http(s) web addresses, refused otherwise as located errors.

A source's ``url`` and every link in Markdown text can be opened by the player
with a click; a loaded story must hold no other kind of address.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from game.story.links import MAX_URL_LENGTH, markdown_links, url_problem
from game.story.loader import load_with_problems
from tests.conftest import SCENES_YAML, SOURCES_YAML

GOOD = [
    "https://www.ustrcr.cz/publikace/36549/",
    "http://www.presidency.ucsb.edu/ws/index.php?pid=29088",
    "https://cs.wikipedia.org/wiki/Pražské_jaro",
    "https://www.upn.sk/sk/22-august-1968-%E2%80%93-14/",
    "HTTPS://EXAMPLE.ORG/",
    "https://[2001:db8::1]:8443/x",
    "https://example.org:8080/a#b",
]

BAD = {
    "javascript:alert(1)": "javascript: address",
    "file:///etc/passwd": "file: address",
    "data:text/html,<b>x</b>": "data: address",
    "mailto:someone@example.org": "mailto: address",
    "/relative/path": "not an absolute address",
    "chapter2.html": "not an absolute address",
    "//example.org/no-scheme": "not an absolute address",
    "https:example.org": "does not start with https://",
    "https://": "has no host",
    "https:///path": "has no host",
    "https://exa mple.org": "contains a space",
    "https://example.org/\ttab": "the character U+0009",
    "https://example.org/\u202egnp.exe": "the character U+202E",
    "https://example.org/\u200bzero-width": "the character U+200B",
    "https://trusted.org@elsewhere.net/": "names a user before the host",
    "https://user:password@example.org/": "names a user before the host",
    "https:\\\\example.org": "a backslash",
    "https://example.org:99999/": "not a well-formed web address",
    "https://[not-ipv6]/": "not a well-formed web address",
    "https://exa..mple.org/": "not a valid host name",
    "https://exa<mple.org/": "not a valid host name",
    "https://example.org/" + "a" * MAX_URL_LENGTH: f"at most {MAX_URL_LENGTH:,} are allowed",
}


@pytest.mark.parametrize("url", GOOD)
def test_web_addresses_are_accepted(url):
    assert url_problem(url) is None


@pytest.mark.parametrize("url", list(BAD))
def test_anything_else_is_refused_with_a_reason(url):
    reason = url_problem(url)
    assert reason is not None and BAD[url] in reason
    assert url not in reason  # the caller decides how to quote the address


def test_markdown_links_are_found_as_the_app_reads_them():
    text = (
        "See [the Action Programme](https://www.marxists.org/x), [a trap](javascript:alert(1)), "
        "<file:///etc/passwd>, <someone@example.org>, ![a picture](p.png), [by reference][r], "
        "[escaped](java&#115;cript:x) and [spaced](<a b>).\n\n[r]: relative/page\n"
    )
    assert markdown_links(text) == [
        "https://www.marxists.org/x",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:someone@example.org",
        "p.png",
        "relative/page",
        "javascript:x",
        "a b",
    ]


@pytest.mark.parametrize(
    "text",
    ["No link [here] (really).", "A bracket] then (a paren).", "Code `[x](y)` is not a link.", "x < y: z", ""],
)
def test_text_without_links_has_none(text):
    assert markdown_links(text) == []


def load(pack, scenes=SCENES_YAML, sources=SOURCES_YAML):
    story, problems = load_with_problems([pack({"hero/scenes.yaml": scenes, "sources.yaml": sources})])
    return story, [p for p in problems if p.code == "link"]


@pytest.mark.parametrize(
    "old, new, line",
    [
        ("text: Nerve {nerve}.", "text: 'Nerve {nerve}. [Read more](file:///etc/passwd)'", 6),
        ("history: {text: What happened., ", "history: {text: 'See [this](javascript:alert(1))', ", 10),
        ("record: They went on.}", "record: '[Why](chapter2.html)'}", 8),
        ("epilogue: Over.}", "epilogue: '[x](//evil.example)'}", 17),
        (
            "epilogue: Over.}",
            "epilogue: Over., counterfactual: true, instead: '[x](mailto:a@b.cz)'}",
            17,
        ),
    ],
)
def test_a_bad_link_in_any_markdown_field_is_a_located_error(pack, old, new, line):
    story, links = load(pack, SCENES_YAML.replace(old, new))
    assert story is None and len(links) == 1, links
    (problem,) = links
    assert problem.loc.line == line and "cannot be opened" in problem.message and "https://" in problem.hint


def test_the_column_points_at_the_link_on_a_one_line_text(pack):
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: Nerve {nerve}, see [x](ftp://example.org/a).")
    _story, (problem,) = load(pack, scenes)
    line = scenes.splitlines()[5]
    assert (problem.loc.line, problem.loc.col) == (6, line.index("ftp://") + 1)


def test_a_link_in_a_literal_block_is_located_at_its_own_line_and_column(pack):
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: |\n    Nerve {nerve}.\n\n    See [x](file:///x).")
    _story, (problem,) = load(pack, scenes)
    assert (problem.loc.line, problem.loc.col) == (9, 13)


def test_a_folded_block_text_is_located_at_its_start(pack):
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: >\n    Nerve {nerve}.\n\n    See [x](file:///x).")
    _story, (problem,) = load(pack, scenes)
    assert (problem.loc.line, problem.loc.col) == (6, 9)


def test_good_links_load(pack):
    scenes = SCENES_YAML.replace("text: Nerve {nerve}.", "text: 'Nerve {nerve}. [Read](https://example.org/a)'")
    sources = SOURCES_YAML.replace("year: 1997}", "year: 1997, url: 'https://example.org/book'}")
    story, links = load(pack, scenes, sources)
    assert links == [] and story is not None
    assert story.sources["src"].url == "https://example.org/book"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "www.example.org", "https://a b.org", "file:///etc/passwd"])
def test_a_bad_source_url_is_a_located_error(pack, url):
    sources = SOURCES_YAML.replace("year: 1997}", f"year: 1997, url: '{url}'}}")
    story, (problem,) = load(pack, sources=sources)
    assert story is None and problem.loc.line == 1 and problem.loc.col == sources.index("'" + url) + 1
    assert "of source 'src' cannot be opened" in problem.message


@settings(max_examples=200, deadline=None)
@example("HTTP://0?\ud7fc")  # an unassigned code point: found by this test, refused since
@given(
    st.one_of(
        st.text(max_size=40),
        st.builds(
            lambda scheme, rest: scheme + rest,
            st.sampled_from(["https://", "http://", "HTTP://", "javascript:", "file://", "//", ""]),
            st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
        ),
    )
)
def test_a_loaded_story_holds_only_web_addresses(tmp_path_factory, url):
    """Whatever a modder writes as a url, the story either refuses it or holds an http(s) address with a host."""
    from urllib.parse import urlsplit

    from tests.conftest import write_pack

    quoted = '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'
    sources = f"- {{id: src, kind: book, title: T, url: {quoted}}}\n"
    root = write_pack(tmp_path_factory.mktemp("p"), {"sources.yaml": sources})
    story, _problems = load_with_problems([root])
    if story is not None and story.sources["src"].url:
        held = story.sources["src"].url
        parts = urlsplit(held)
        assert parts.scheme.lower() in ("http", "https") and parts.hostname and "@" not in parts.netloc
        assert not any(c.isspace() or not c.isprintable() for c in held)

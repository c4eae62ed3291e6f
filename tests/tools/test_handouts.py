"""Handouts a teacher prints: a worksheet that asks, a key that answers, both saying the same in md and html."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from game.story.loader import load_story
from game.tools import handout, render, teacher_key, worksheet
from game.tools.handout import HandoutError, printed_text, scope, the_question
from tests.conftest import ROOT, write_pack
from tests.tools.test_exports import parse_html

SCOPES = [("advisor", None), ("resistance", None), (None, None), (None, "prague_spring"), (None, "resistance_year")]


class PageText(HTMLParser):
    """The words a reader sees on a page (not the title or the style sheet)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "title")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "title")

    def handle_data(self, data):
        if not self.hidden:
            self.words.append(data)


def seen_text(page: str) -> str:
    parser = PageText()
    parser.feed(page)
    return " ".join(" ".join(parser.words).split())


def markdown_as_read(text: str) -> str:
    """What a Markdown viewer shows of a sheet (CommonMark with tables, raw HTML off)."""
    return seen_text(MarkdownIt("commonmark", {"html": False}).enable("table").render(text))


def flat(text: str) -> str:
    return " ".join(text.split())


def read(prose: str) -> str:
    """A pack's Markdown prose as a reader sees it (emphasis markers gone)."""
    return markdown_as_read(prose)


@pytest.fixture(scope="module")
def base():
    return load_story()


@pytest.mark.parametrize(("role", "lesson"), SCOPES)
def test_the_worksheet_has_every_decision_whole_with_its_question_and_never_the_answers(base, role, lesson):
    chosen = scope(base, role, lesson)
    md = worksheet.to_markdown(base, chosen)
    page = seen_text(worksheet.to_html(base, chosen))
    assert md.startswith("# ") and "Name: ____" in md and "Class: ____" in md and "Date: ____" in md
    assert [s.date for s in chosen.scenes] == sorted(s.date for s in chosen.scenes)
    for number, scene in enumerate(chosen.scenes, 1):
        assert f"### {number}. {scene.title}\n" in md
        for paragraph in render.paragraphs(printed_text(base, scene)):  # the whole situation, not two paragraphs
            assert paragraph in md
        assert read(the_question(base, scene)) in page
        for choice in scene.choices:
            assert f". {choice.label}\n" in md
            if choice.record:
                assert read(choice.record) not in page  # what real people did is the key's
        assert read(scene.history.text) not in page
        assert f"**Question {number}.** {worksheet.DECISION_QUESTION}" in md
    assert "What really happened" not in page
    assert "{" not in md.replace("{{", "")  # no raw placeholders in print


def test_the_dresden_question_is_on_the_worksheet(base):
    """Issue 18: the handout cut each scene to two paragraphs, so Dresden never asked about a president."""
    md = worksheet.to_markdown(base, scope(base, "advisor"))
    dresden = md[md.index("The Meeting in Dresden") :]
    assert "whom should it be?" in dresden[: dresden.index("**Question")]


@pytest.mark.parametrize(("role", "lesson"), SCOPES)
def test_the_key_answers_each_decision_with_history_records_prompts_and_sources(base, role, lesson):
    chosen = scope(base, role, lesson)
    md = teacher_key.to_markdown(base, chosen)
    page = seen_text(teacher_key.to_html(base, chosen))
    positions = []
    for number, scene in enumerate(chosen.scenes, 1):
        positions.append(md.index(f"### {number}. {scene.title}\n"))
        assert f"worksheet question {number}" in md
        assert read(the_question(base, scene)) in page
        assert read(scene.history.text) in page
        for choice in scene.choices:
            assert read(choice.record or choice.label) in page
        for prompt in scene.discuss:
            assert read(prompt) in page
        for source_id in scene.history.sources:
            assert flat(base.sources[source_id].citation()) in page
    assert positions == sorted(positions)


@pytest.mark.parametrize("kind", ["worksheet", "key", "glossary"])
@pytest.mark.parametrize(("role", "lesson"), SCOPES)
def test_markdown_and_html_say_the_same(base, kind, role, lesson):
    chosen = scope(base, role, lesson)
    md = handout.render_handout(base, chosen, kind, "md")
    page = handout.render_handout(base, chosen, kind, "html")
    parse_html(page)  # well-formed, self-contained: a style sheet, no link, no script
    assert markdown_as_read(md) == seen_text(page)


SAME_DAY_EVENTS = """\
- {id: ev, date: 1968-08-21, title: The event, summary: It happened.}
- {id: zz_first, date: 1968-08-22, title: Written first, summary: One.}
- {id: aa_second, date: 1968-08-22, title: Written second, summary: Two.}
- {id: mm_long, date: {start: 1968-08-22, end: 1968-08-30}, title: A longer one, summary: Three.}
- {id: bb_third, date: 1968-08-22, title: Written third, summary: Four.}
"""
FIXED_POINTS = "fixed_points:\n  hero: [zz_first, aa_second, mm_long, bb_third]\n"


def test_same_day_events_keep_the_order_the_pack_writes_them_on_every_run(tmp_path):
    """Day, then last day, then timeline.yaml's order; before, a set's hash order decided (new on each run)."""
    from tests.conftest import PACK_YAML

    pack = write_pack(tmp_path / "p", {"timeline.yaml": SAME_DAY_EVENTS, "pack.yaml": PACK_YAML + FIXED_POINTS})
    code = (
        "import sys; from game.story.loader import load_story; from game.tools import handout\n"
        "story = load_story([sys.argv[1]])\n"
        "print([e.id for e in handout.timeline_events(story)])\n"
        "print(handout.render_handout(story, handout.scope(story), 'worksheet', 'html'))\n"
    )
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        env = dict(os.environ, PYTHONHASHSEED=seed, SPRING68_CACHE_DIR=str(tmp_path / "cache"))
        result = subprocess.run(
            [sys.executable, "-c", code, str(pack)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1
    first_line = next(iter(outputs)).splitlines()[0]
    assert first_line == "['ev', 'zz_first', 'aa_second', 'bb_third', 'mm_long']"


def test_a_lesson_limits_both_sheets_to_its_decisions_in_its_order(base):
    lesson = base.lessons["prague_spring"]
    chosen = scope(base, lesson="prague_spring")
    assert [s.id for s in chosen.scenes] == list(lesson.scenes) and chosen.role == lesson.role
    assert chosen.title == lesson.title
    sheet = worksheet.to_markdown(base, chosen)
    key = teacher_key.to_markdown(base, chosen)
    for number, scene_id in enumerate(lesson.scenes, 1):
        title = base.scenes[scene_id].title
        assert f"### {number}. {title}\n" in sheet and f"### {number}. {title}\n" in key
        if scene_id in lesson.bridges:
            assert flat(lesson.bridges[scene_id]) in flat(sheet)
    lesson_titles = {base.scenes[i].title for i in lesson.scenes}
    others = [s for s in base.scenes.values() if s.choices and s.title not in lesson_titles]
    assert not any(f". {s.title}\n" in sheet for s in others)
    anchors = {base.timeline[base.scenes[i].anchor].title for i in lesson.scenes if base.scenes[i].anchor}
    assert all(f"| {title} |" in sheet for title in anchors)


def test_an_unknown_lesson_or_a_lesson_of_another_role_says_which_exist(base):
    with pytest.raises(HandoutError, match="there is no lesson 'nope'; lessons: prague_spring, resistance_year"):
        scope(base, lesson="nope")
    with pytest.raises(HandoutError, match="is for the role 'advisor', not 'resistance'"):
        scope(base, "resistance", "prague_spring")


def test_the_handout_command_writes_each_kind_and_explains_a_wrong_lesson(run_cli, tmp_path):
    out = tmp_path / "sheet.html"
    result = run_cli("handout", "--lesson", "prague_spring", "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "student worksheet" in out.read_text(encoding="utf-8")
    result = run_cli("handout", "--role", "advisor", "--kind", "key")
    assert result.returncode == 0 and "teacher's key" in result.stdout and "What really happened" in result.stdout
    result = run_cli("prompts", "--role", "advisor")  # the old command prints the key
    assert result.returncode == 0 and "teacher's key" in result.stdout
    result = run_cli("handout", "--glossary", "--role", "resistance")
    assert result.returncode == 0 and result.stdout.startswith("# Spring '68: glossary")
    result = run_cli("handout", "--lesson", "nope")
    assert result.returncode == 2 and "there is no lesson 'nope'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_the_worksheet_glossary_lists_the_terms_its_decisions_use(base):
    chosen = scope(base, lesson="prague_spring")
    entries = handout.terms_used(base, chosen.scenes)
    assert [e.term.casefold() for e in entries] == sorted(e.term.casefold() for e in entries)
    assert "dubcek" in {e.id for e in entries}
    sheet = worksheet.to_markdown(base, chosen)
    glossary = sheet[sheet.index("## Glossary") :]
    for entry in entries:
        assert f"**{render.escape_markdown(entry.term)}** ({entry.kind})" in glossary
    unused = set(base.glossary) - {e.id for e in entries}
    assert unused and not any(f"**{base.glossary[i].term}** (" in glossary for i in unused)


def test_the_source_task_asks_about_the_documents_behind_the_decisions(base):
    chosen = scope(base, "advisor")
    documents = handout.source_documents(base, chosen.scenes)
    assert 0 < len(documents) <= handout.SOURCE_TASK_DOCUMENTS
    assert all(source.kind == "document" and source.id in scene.history.sources for source, scene in documents)
    sheet = worksheet.to_markdown(base, chosen)
    task = sheet[sheet.index("## Source task") : sheet.index("## Looking back")]
    for source, _ in documents:
        assert render.escape_markdown(source.citation()) in task
    assert task.count("**Question ") == len(documents) * len(worksheet.SOURCE_QUESTIONS)


PASSAGES = """\
- id: s1
  title: First
  date: 1968-08-21
  place: Prague
  anchor: ev
  text:
    - Always shown, nerve {nerve}.
    - if: brave
      text: Only for the brave.
    - The last word, always.
  choices:
    - {id: go, label: Go on, goto: s2}
    - {id: stay, label: Stay, goto: s2}
  history: {text: What happened., sources: [src]}
- id: s2
  title: Last
  date: 1968-08-22
  place: Prague
  text: The end.
  history: {text: It ended., sources: [src]}
  ending: {title: The End, epilogue: Over.}
"""


def test_a_worksheet_prints_the_passages_every_player_reads_and_none_that_depend_on_a_choice(tmp_path):
    story = load_story([write_pack(tmp_path / "p", {"hero/scenes.yaml": PASSAGES})])
    sheet = worksheet.to_markdown(story, scope(story))
    assert "Always shown, nerve [nerve].\n\nThe last word, always." in sheet
    assert "Only for the brave" not in sheet
    assert the_question(story, story.scenes["s1"]) == "The last word, always."


HOSTILE = "<script>alert(1)</script> *calm* [a link](https://evil.example/) | pipe"


def test_pack_text_is_never_markup_on_either_sheet(tmp_path):
    scenes = (
        PASSAGES.replace("title: First", "title: '1968. <b>First</b> [x](y)'")
        .replace("Always shown, nerve {nerve}.", HOSTILE)
        .replace("label: Go on", "label: '<img src=x onerror=alert(1)>'")
    )
    sources = "- {id: src, kind: document, title: '<script>bad()</script>', note: '*x* <i>y</i>'}\n"
    story = load_story([write_pack(tmp_path / "p", {"hero/scenes.yaml": scenes, "sources.yaml": sources})])
    for kind in ("worksheet", "key"):
        page = handout.render_handout(story, scope(story), kind, "html")
        parse_html(page)
        assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
        assert "evil.example" not in page
        md = handout.render_handout(story, scope(story), kind, "md")
        assert markdown_as_read(md) == seen_text(page)
        assert "<script>" not in MarkdownIt("commonmark", {"html": False}).enable("table").render(md)
    sheet = seen_text(handout.render_handout(story, scope(story), "worksheet", "html"))
    assert "1968. <b>First</b> [x](y)" in sheet and "<script>alert(1)</script> calm a link | pipe" in sheet


@given(st.text(alphabet=st.sampled_from("ab 1.-+#>*_`[]()<>|~!&\\é"), min_size=1, max_size=30))
def test_plain_text_reads_back_as_itself_from_markdown(text):
    shown = flat(text)
    for block in ([render.Para(render.line(text))], [render.Items((render.line(text),))]):
        assert markdown_as_read(render.to_markdown(block)) == seen_text(render.to_html("t", block)) == shown

"""The handouts printed to PDF by Chromium, on A4 and Letter: a sensible number of pages, the timeline on
the first page, and every decision's situation, question and options on the printed worksheet."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from game.story.loader import load_story
from game.tools import handout
from game.tools.handout import scope, the_question
from tests.tools.test_handouts import read

pytestmark = pytest.mark.timeout(300)


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: run 'apt-get install {package}' (.ci/run does this) to print the handouts"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true, but {message}", pytrace=False)
    pytest.skip(message)


def _local_only(route) -> None:  # type: ignore[no-untyped-def]
    """The page is self-contained: a request for anything but the file itself is refused."""
    if route.request.url.startswith("file:"):
        route.continue_()
    else:
        route.abort()


def print_pdfs(pages: dict[str, str], folder: Path) -> dict[tuple[str, str], Path]:
    """Each HTML page printed on A4 and on Letter paper by Debian's Chromium (through Playwright)."""
    chromium = _tool("chromium", "chromium")
    from playwright.sync_api import sync_playwright

    printed = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], headless=True
        )
        try:
            page = browser.new_page()
            page.route(
                "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
            )
            for name, text in pages.items():
                source = folder / f"{name}.html"
                source.write_text(text, encoding="utf-8")
                page.goto(source.as_uri())
                for paper in ("A4", "Letter"):
                    out = folder / f"{name}-{paper}.pdf"
                    page.pdf(path=str(out), format=paper)
                    printed[name, paper] = out
        finally:
            browser.close()
    return printed


def page_count(pdf: Path) -> int:
    info = subprocess.run([_tool("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True, check=True)
    return int(next(line.split()[1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    result = subprocess.run(
        [_tool("pdftotext", "poppler-utils"), *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return as_printed(unicodedata.normalize("NFKC", result.stdout))


def as_printed(text: str) -> str:
    """Text to compare with a PDF's: one space between words, and no hyphens (pdftotext joins a word
    broken at a line's hyphen, "counter-" + "revolution", into "counterrevolution")."""
    return " ".join(text.split()).replace("- ", "-").replace("-", "")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    story = load_story()
    both = scope(story)
    lesson = scope(story, lesson="prague_spring")
    pages = {
        "worksheet": handout.render_handout(story, both, "worksheet", "html"),
        "key": handout.render_handout(story, both, "key", "html"),
        "lesson-worksheet": handout.render_handout(story, lesson, "worksheet", "html"),
    }
    return story, both, lesson, print_pdfs(pages, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_printed_worksheet_has_every_question_and_option(printed, paper):
    story, both, _, pdfs = printed
    text = pdf_text(pdfs["worksheet", paper])
    for number, scene in enumerate(both.scenes, 1):
        assert f"Question {number}." in text
        assert as_printed(read(the_question(story, scene))) in text, scene.id
        for choice in scene.choices:
            assert as_printed(read(choice.label)) in text, choice.id
    assert "What really happened" not in text


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_timeline_fills_the_first_page_and_the_decisions_start_on_the_second(printed, paper):
    story, both, _, pdfs = printed
    first = pdf_text(pdfs["worksheet", paper], 1, 1)
    events = handout.timeline_events(story)
    assert "Name: ____" in first
    assert all(as_printed(event.title) in first for event in events)
    assert pdf_text(pdfs["worksheet", paper], 2, 2).startswith(f"1. {both.scenes[0].title}")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_page_counts_are_sensible(printed, paper):
    _, both, lesson, pdfs = printed
    decisions = len(both.scenes)
    worksheet_pages = page_count(pdfs["worksheet", paper])
    key_pages = page_count(pdfs["key", paper])
    # Each decision's whole situation, options and lines to write on take most of a page: the old
    # handout (two paragraphs each, answers included) took 57 A4 pages for the same decisions.
    assert decisions // 2 <= worksheet_pages <= decisions
    assert decisions // 3 <= key_pages <= decisions
    assert len(lesson.scenes) <= page_count(pdfs["lesson-worksheet", paper]) <= 2 * len(lesson.scenes) + 2

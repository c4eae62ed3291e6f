"""Classroom exports: the handout and the transcript carry everything, in order, well-formed."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from game.engine import choose, new_game
from game.engine.saves import SaveFolder, read_document
from game.story.loader import load_story
from game.tools import handout, transcript
from tests.conftest import MINI

VOID = {"meta", "br", "hr", "img", "link", "input"}


class StrictParser(HTMLParser):
    """Checks that every tag opened is closed in order, and collects the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse_html(page: str) -> str:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<link" not in page and "<script" not in page
    return " ".join(" ".join(parser.text).split())


@pytest.fixture(scope="module")
def base():
    return load_story()


@pytest.mark.parametrize("role", ["advisor", "resistance", None])
def test_handout_has_every_prompt_in_date_order_and_resolves_every_source(base, role):
    md = handout.to_markdown(base, role)
    page_text = parse_html(handout.to_html(base, role))
    scenes = handout.decision_points(base, role)
    assert [s.date for s in scenes] == sorted(s.date for s in scenes)
    positions = []
    for number, scene in enumerate(scenes, 1):
        for prompt in scene.discuss:
            assert prompt in md and " ".join(prompt.split()) in page_text
        positions.append(md.index(f"### {number}. {scene.title}\n"))
        for source_id in scene.history.sources:
            citation = base.sources[source_id].citation()
            assert citation in md
            assert " ".join(citation.split()) in page_text
    assert positions == sorted(positions)
    every_prompt = [
        p for s in base.scenes.values() if s.choices and (role is None or s.role == role) for p in s.discuss
    ]
    assert sum(md.count(p) for p in set(every_prompt)) >= len(set(every_prompt))
    assert "{" not in md.replace("{{", "")  # no raw placeholders in print


def test_handout_cli_writes_a_file(run_cli, tmp_path):
    out = tmp_path / "handout.html"
    result = run_cli("prompts", "--role", "advisor", "--format", "html", "-o", str(out))
    assert result.returncode == 0 and out.exists()
    assert "The Warsaw" in out.read_text(encoding="utf-8") or "Answering the Five" in out.read_text(encoding="utf-8")


def test_transcript_of_a_classroom_session_shows_votes_choices_and_the_comparison(tmp_path):
    story = load_story([MINI])
    state = choose(story, choose(story, new_game(story, "alpha"), "brave"), "a_end_good")
    folder = SaveFolder(tmp_path)
    path = folder.write(story, state, "Class 9B")
    document = read_document(path)
    document["classroom"] = {
        "votes": [
            {"step": 0, "choice": "a_start.brave", "counts": {"a_start.brave": 17, "a_start.quiet": 9}},
            {
                "step": 1,
                "choice": "a_middle.a_end_good",
                "counts": {"a_middle.a_end_good": 14, "a_middle.a_end_bad": 14},
            },
        ]
    }
    md = transcript.to_markdown(story, document)
    assert "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in md
    assert "Class vote (28 votes): Sign: 14; Refuse: 14" in md
    assert md.index("## 1. The start") < md.index("## 2. The middle") < md.index("## 3. Good end")
    assert "**Choice:** Be brave" in md and "**What people really did:** People were brave." in md
    assert "**Ending: The Good End**" in md and "You live on." in md
    assert "| 20 August 1968 | The start — you chose: Be brave | Event one. People were brave. |" in md
    text = parse_html(transcript.to_html(story, document))
    assert "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in text
    assert "Your path beside the historical one" in text


def test_transcript_of_a_counterfactual_ending_says_what_really_happened(tmp_path):
    story = load_story([MINI])
    state = choose(story, choose(story, new_game(story, "alpha"), "quiet"), "dream")
    document = read_document(SaveFolder(tmp_path).write(story, state))
    md = transcript.to_markdown(story, document)
    assert "(counterfactual: this did not happen)" in md and "**What really happened instead:** The tanks stayed." in md


def test_transcript_cli_from_a_slot_and_a_damaged_file(run_cli, cli_env, tmp_path):
    played = run_cli("play", "--plain", "--pack", str(MINI), "--role", "alpha", input="1\nq\n")
    assert played.returncode == 0
    result = run_cli("transcript", "autosave", "--pack", str(MINI))
    assert result.returncode == 0 and "**Choice:** Be brave" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_cli("transcript", str(bad), "--pack", str(MINI))
    assert result.returncode == 2 and "bad.json" in result.stderr and "Traceback" not in result.stderr
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "someone-else"}), encoding="utf-8")
    result = run_cli("transcript", str(other), "--pack", str(MINI))
    assert result.returncode == 2 and "not a Spring '68 save" in result.stderr

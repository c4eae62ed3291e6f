"""Classroom exports: the transcript carries everything, in order, well-formed (handouts: test_handouts.py)."""

from __future__ import annotations

import errno
import json
import os
import shutil
from html.parser import HTMLParser

import pytest

from game.engine import choose, new_game
from game.engine.classroom import ClassVotes
from game.engine.saves import SaveFolder, read_document
from game.story.loader import load_story
from game.tools import transcript
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
def mini():
    return load_story([MINI])


@pytest.fixture(scope="module")
def base():
    return load_story()


def test_handout_cli_writes_a_file(run_cli, tmp_path):
    out = tmp_path / "handout.html"
    result = run_cli("prompts", "--role", "advisor", "--format", "html", "-o", str(out))
    assert result.returncode == 0 and out.exists()
    assert "The Warsaw" in out.read_text(encoding="utf-8") or "Answering the Five" in out.read_text(encoding="utf-8")
    # the whole handout test set is tests/tools/test_handouts.py and test_handouts_pdf.py


def play(story, role, *choices):
    state = new_game(story, role)
    for choice in choices:
        state = choose(story, state, choice)
    return state


CLASS_VOTES = ClassVotes().record(0, "a_start.brave", {"a_start.brave": 17, "a_start.quiet": 9})
CLASS_VOTES = CLASS_VOTES.record(1, "a_middle.a_end_good", {"a_middle.a_end_good": 14, "a_middle.a_end_bad": 14})


def test_transcript_of_a_classroom_session_shows_votes_choices_and_the_comparison(tmp_path):
    story = load_story([MINI])
    state = play(story, "alpha", "brave", "a_end_good")
    path = SaveFolder(tmp_path).write(story, state, "Class 9B", extra={"classroom": CLASS_VOTES.to_block()})
    md = transcript.to_markdown(transcript.from_document(story, read_document(path), now=0))
    assert "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in md
    assert "Class vote (28 votes, a tie the teacher broke): Sign: 14; Refuse: 14" in md
    assert md.index("## 20 August 1968: The start") < md.index(": The middle\n") < md.index(": Good end\n")
    assert "**The class chose:** Be brave" in md and "> What people really did: People were brave." in md
    assert "- **Save:** Class 9B" in md and "- **Ending:** The Good End" in md
    assert "## The end: The Good End" in md and "You live on." in md
    assert "| 20 August 1968 | The start | ✓ Event one |" in md
    text = parse_html(transcript.to_html(transcript.from_document(story, read_document(path), now=0)))
    assert "Class vote (26 votes): Be brave: 17; Stay quiet: 9" in text
    assert "Your path beside history" in text and "✓ Event one" in text


def test_the_transcript_tells_the_whole_game(mini):
    state = play(mini, "alpha", "quiet", "dream")
    text = transcript.to_markdown(transcript.build(mini, state, now=0))
    assert text.startswith("# Mini pack: a transcript")
    assert "Courage 2, fear 4." in text  # the values as they were in that scene
    assert "**You chose:** Stay quiet" in text
    assert "> What people really did: Many stayed quiet." in text
    assert "- **Ending:** Another World (counterfactual: this did not happen)" in text
    assert "**What really happened instead:** The tanks stayed." in text
    assert "- A. Author, A Book (A Press, 1997)" in text


def test_the_game_and_the_command_write_the_same_transcript(mini, tmp_path):
    """``x`` in the app and ``spring68 transcript`` share one renderer: the same game gives the same sections."""
    state = play(mini, "alpha", "brave", "a_end_good")
    written = transcript.write_transcript(tmp_path / "out", mini, state, now=0, votes=CLASS_VOTES)
    save = SaveFolder(tmp_path / "saves").write(mini, state, extra={"classroom": CLASS_VOTES.to_block()})
    from_save = transcript.to_markdown(transcript.from_document(mini, read_document(save), now=0))
    in_game = written.read_text(encoding="utf-8")
    assert in_game == from_save
    headings = [line for line in in_game.splitlines() if line.startswith("#")]
    assert headings == [
        "# Mini pack: a transcript",
        "## 20 August 1968: The start",
        "## 24 August 1968: The middle",
        "## 26 August 1968: Good end",
        "## The end: The Good End",
        "## Your path beside history",
        "## Sources",
    ]
    page = parse_html(transcript.to_html(transcript.build(mini, state, now=0, votes=CLASS_VOTES)))
    for heading in headings:
        assert heading.lstrip("# ") in page


def test_a_transcript_never_overwrites_another(mini, tmp_path):
    state = play(mini, "beta", "b_end")
    first = transcript.write_transcript(tmp_path, mini, state, now=0)
    second = transcript.write_transcript(tmp_path, mini, state, now=0)
    assert first != second and first.exists() and second.exists()
    assert first.name.startswith("transcript-beta-") and second.stem.endswith("~2")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])  # no temp left behind


def test_a_transcript_that_cannot_be_written_leaves_nothing(mini, tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError):
        transcript.write_transcript(tmp_path, mini, play(mini, "beta"), now=0)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_pack_markup_in_a_transcript_page_is_escaped(tmp_path):
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    scenes = pack / "alpha" / "scenes.yaml"
    hostile = "<script>alert(1)</script> *calm* [a link](https://evil.example/)"
    scenes.write_text(scenes.read_text(encoding="utf-8").replace("You stand on the square.", hostile), encoding="utf-8")
    story = load_story([pack])
    state = play(story, "alpha")
    page = transcript.to_html(transcript.build(story, state, now=0))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<em>calm</em>" in page and "a link" in page and "evil.example" not in page
    parse_html(page)


def test_transcript_cli_from_a_slot_and_a_damaged_file(run_cli, cli_env, tmp_path):
    played = run_cli("play", "--plain", "--pack", str(MINI), "--role", "alpha", input="1\nq\n")
    assert played.returncode == 0
    result = run_cli("transcript", "autosave", "--pack", str(MINI))
    assert result.returncode == 0 and "**You chose:** Be brave" in result.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_cli("transcript", str(bad), "--pack", str(MINI))
    assert result.returncode == 2 and "bad.json" in result.stderr and "Traceback" not in result.stderr
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "someone-else"}), encoding="utf-8")
    result = run_cli("transcript", str(other), "--pack", str(MINI))
    assert result.returncode == 2 and "not a Spring '68 save" in result.stderr


def test_exports_that_cannot_be_written_say_so_and_leave_nothing_behind(run_cli, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli("prompts", "--format", "html", "-o", str(blocker / "handout.html"))
    assert result.returncode == 2 and f"cannot write {blocker / 'handout.html'}" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("schema", "--write", str(blocker))
    assert result.returncode == 2 and f"cannot write into {blocker}" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["a file"]


def test_schema_write_replaces_the_files_whole(run_cli, tmp_path):
    old = tmp_path / "scene.schema.json"
    old.write_text("stale", encoding="utf-8")
    result = run_cli("schema", "--write", str(tmp_path))
    assert result.returncode == 0
    assert json.loads(old.read_text(encoding="utf-8"))["$schema"].startswith("http://json-schema.org/draft-07")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left

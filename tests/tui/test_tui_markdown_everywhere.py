"""One Markdown record reads the same in every front end and export (issue 22 item 2).

The "You chose / What people really did" note showed raw ``*Literární listy*`` in the TUI while plain
mode rendered it. Here one record with emphasis, strong text, a link and an ampersand goes through the
TUI's scene pane (which the browser shows too: it serves the same app), plain mode, and the Markdown and
HTML exports; the visible words must be the same everywhere, and no Markdown marker may show.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from game.engine import rules
from game.plain import plain_text
from game.story.loader import load_story
from game.story.markdown import to_plain
from game.tools import transcript
from tests.conftest import MINI
from tests.tui.conftest import drive, pane_text, press

RECORD = "The weekly *Literární listy* printed **Vaculík's** _2000 Words_; see [the text](https://example.org) & more."
VISIBLE = "The weekly Literární listy printed Vaculík's 2000 Words; see the text & more."


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_markdown_record_reads_the_same_in_the_tui_plain_mode_and_the_exports(make_app, tmp_path: Path):
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    scenes = root / "alpha" / "scenes.yaml"
    source = scenes.read_text(encoding="utf-8")
    assert "People were brave." in source
    scenes.write_text(source.replace("People were brave.", f'"{RECORD}"'), encoding="utf-8")
    story = load_story([root])
    state = rules.choose(story, rules.new_game(story, "alpha"), "brave")
    choice = story.scenes["a_start"].choices[0]
    assert choice.record == RECORD

    seen: dict[str, str] = {"plain mode": _words(plain_text(choice.record))}
    done = transcript.build(story, state)
    markdown = transcript.to_markdown(done)
    quoted = next(line for line in markdown.splitlines() if "What people really did:" in line)
    seen["Markdown export"] = _words(to_plain(quoted.lstrip("> ")).split("What people really did:", 1)[1])
    page = transcript.to_html(done)
    paragraph = re.search(r'<p class="record">(.*?)</p>', page, re.S)
    assert paragraph is not None
    seen["HTML export"] = _words(html.unescape(re.sub(r"<[^>]+>", "", paragraph.group(1)))).split(
        "What people really did: ", 1
    )[1]
    app = make_app(story=story)

    async def script(pilot):
        await press(pilot, "1", "1")
        shown = pane_text(app)
        seen["TUI and browser"] = _words(shown.split("What people really did: ", 1)[1]).split(" The middle of")[0]

    drive(app, script, size=(100, 40))
    assert seen == dict.fromkeys(seen, VISIBLE)

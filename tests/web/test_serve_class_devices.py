"""Students vote from their own devices: one projector and five students' browsers, in Debian's Chromium.

``spring68 serve --classroom --lesson prague_spring`` on 127.0.0.1; the projector is the teacher's
game in one page, driven by its keys; each student is a browser context of its own (its own
storage, so its own anonymous token) on the student page. Three decisions: a majority with a changed
vote, a reconnect that keeps its vote, a tie the teacher breaks and a late vote after closing; a
wrong code first. The autosave then holds the three device votes.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Served, start_server, stop_server, wait_until
from tests.web.test_serve_browser import Screen, autosaves, browser, focus  # noqa: F401 - the browser fixture

pytestmark = pytest.mark.timeout(300)
LATE_VOTE = """async (code) => await new Promise((done) => {
  const socket = new WebSocket(`ws://${location.host}/c/${code}/ws`);
  socket.onopen = () => socket.send(JSON.stringify({type: "hello", token: localStorage.getItem("spring68-device")}));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "state") {
      const choice = message.decision.choices[1].id;
      socket.send(JSON.stringify({type: "vote", decision: message.decision.id, choice}));
    } else if (message.type === "refused" || message.type === "received") {
      socket.close();
      done(message);
    }
  };
  setTimeout(() => done({type: "timeout"}), 10000);
})"""


@pytest.fixture
def classroom(tmp_path: Path) -> Iterator[Served]:
    served = start_server(tmp_path, "--classroom", "--lesson", "prague_spring", pack=None)
    try:
        yield served
    finally:
        stop_server(served)


def class_code(served: Served) -> str:
    found = wait_until(lambda: re.search(r"opened class ([A-Z2-9]{6})", served.log_text()), 60, "the class's code")
    return found[1]


def choices(page):  # type: ignore[no-untyped-def]
    return page.locator("button.choice")


def wait_status(page, words: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_contain_text(words, timeout=20_000)


def test_five_students_vote_from_their_devices_through_three_decisions(classroom: Served, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811, PLR0915
    teacher = browser.new_context()
    students = [browser.new_context() for _ in range(5)]
    try:
        projector = teacher.new_page()
        projector.set_viewport_size({"width": 1280, "height": 900})
        screen = Screen(projector)
        projector.goto(classroom.url)
        projector.wait_for_selector("canvas, .xterm, #terminal", timeout=60_000)
        screen.wait_for("9B History", 0)
        time.sleep(0.5)
        focus(projector)
        mark = screen.mark()
        projector.keyboard.type("7C")
        projector.keyboard.press("Enter")
        screen.wait_for("Begin", mark)
        mark = screen.mark()
        projector.keyboard.press("Enter")
        screen.wait_for("A Slovak at the Top", mark)
        code = class_code(classroom)

        # a wrong code first, then the right one typed on the join page
        pages = [context.new_page() for context in students]
        first = pages[0]
        first.goto(f"{classroom.url}/join")
        first.fill("#code", "AAAAAA" if code != "AAAAAA" else "BBBBBB")
        first.click("button[type=submit]")
        first.wait_for_selector("#problem:not([hidden])")
        assert "No class has this code" in first.inner_text("#problem")
        first.fill("#code", code.lower())
        first.click("button[type=submit]")
        wait_status(first, "Waiting for the next vote")
        assert first.url.endswith(f"/c/{code}")
        for page in pages[1:]:
            page.goto(f"{classroom.url}/c/{code}")
            wait_status(page, "Waiting for the next vote")

        # decision 1: three for the first choice, two for the second, one of whom changes to the first
        mark = screen.mark()
        projector.keyboard.press("v")
        screen.wait_for("Close the device vote", mark)
        for page in pages:
            wait_status(page, "Vote: tap a choice")
            assert page.inner_text("#title") == "A Slovak at the Top"
        for page, number in zip(pages, [0, 0, 0, 1, 1], strict=True):
            choices(page).nth(number).click()
            wait_status(page, "Vote received")
        choices(pages[3]).nth(0).click()  # a changed vote
        pages[3].wait_for_selector("button.choice[aria-pressed=true] >> nth=0")
        assert choices(pages[3]).nth(0).get_attribute("aria-pressed") == "true"
        screen.wait_for("5 votes so far", mark)
        mark = screen.mark()
        projector.keyboard.press("Enter")  # close the device vote
        screen.wait_for("Time to discuss", mark)
        for page in pages:
            wait_status(page, "The class chose: Counsel patience")
        mark = screen.mark()
        projector.keyboard.press("Enter")
        screen.wait_for("The Meeting in Dresden", mark)

        # decision 2: a student's phone locks (the page goes) after voting, and comes back to its vote
        mark = screen.mark()
        projector.keyboard.press("v")
        screen.wait_for("Close the device vote", mark)
        for page in pages:
            wait_status(page, "Vote: tap a choice")
        for page, number in zip(pages, [1, 1, 2, 0, 1], strict=True):
            choices(page).nth(number).click()
            wait_status(page, "Vote received")
        pages[2].close()
        pages[2] = students[2].new_page()
        pages[2].goto(f"{classroom.url}/c/{code}")
        wait_status(pages[2], "Vote received")  # the same device: its vote is still there
        assert choices(pages[2]).nth(2).get_attribute("aria-pressed") == "true"
        screen.wait_for("5 votes so far", mark)
        mark = screen.mark()
        projector.keyboard.press("Enter")
        screen.wait_for("Time to discuss", mark)
        for page in pages:
            wait_status(page, "The class chose: Čestmír Císař")
        mark = screen.mark()
        projector.keyboard.press("Enter")
        screen.wait_for("Two Thousand Words", mark)

        # decision 3: a tie (the teacher picks), and a late vote after the close is refused
        mark = screen.mark()
        projector.keyboard.press("v")
        screen.wait_for("Close the device vote", mark)
        for page in pages:
            wait_status(page, "Vote: tap a choice")
        for page, number in zip(pages[:4], [0, 0, 1, 1], strict=True):
            choices(page).nth(number).click()
            wait_status(page, "Vote received")
        screen.wait_for("4 votes so far", mark)
        mark = screen.mark()
        projector.keyboard.press("Enter")
        screen.wait_for("A tie", mark)
        wait_status(pages[4], "The vote has closed")
        assert choices(pages[4]).nth(0).is_disabled()
        late = pages[4].evaluate(LATE_VOTE, code)
        assert late["type"] == "refused" and "closed" in late["message"], late
        mark = screen.mark()
        projector.keyboard.press("2")  # the teacher breaks the tie
        screen.wait_for("Time to discuss", mark)
        for page in pages:
            wait_status(page, "The class chose: Condemn it")

        def saved() -> list[dict] | None:
            found = [doc for doc in autosaves(classroom.saves).values() if doc.get("classroom")]
            votes = found[0]["classroom"]["votes"] if found else []
            return votes if len(votes) == 3 else None

        votes = wait_until(saved, 30, "the three device votes in the autosave")
        assert [v["source"] for v in votes] == ["devices"] * 3
        assert votes[0]["counts"] == {
            "adv_jan_election.patience": 4,
            "adv_jan_election.signal": 1,
            "adv_jan_election.moscow": 0,
        }
        assert votes[0]["choice"] == "adv_jan_election.patience" and "decided" not in votes[0]
        assert votes[1]["choice"] == "adv_dresden.cisar" and sum(votes[1]["counts"].values()) == 5
        assert votes[2]["decided"] == "tie" and sum(votes[2]["counts"].values()) == 4

        # the teacher closes the projector: every student is told the class has ended
        from playwright.sync_api import expect

        projector.close()
        for page in pages:
            expect(page.locator("#title")).to_contain_text("ended", timeout=30_000)
    finally:
        for context in [*students, teacher]:
            context.close()

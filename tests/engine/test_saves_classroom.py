"""Saves that carry a class's votes: ``SaveFolder.write(..., extra={"classroom": ...})``.

The votes are sealed by the checksum like the rest of the save, saves
without them still load, and a malformed block is refused by name.
"""

from __future__ import annotations

import json

import pytest

from game.engine import rules
from game.engine.classroom import ClassVotes
from game.engine.saves import AUTOSAVE, SaveError, SaveFolder, checksum, read_document, restore
from game.story.loader import load_story
from tests.conftest import MINI


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


def brave_then_sign(story):
    return rules.choose(story, rules.choose(story, rules.new_game(story, "alpha"), "brave"), "a_end_good")


def class_block():
    votes = ClassVotes().record(0, "a_start.brave", {"a_start.brave": 17, "a_start.quiet": 9})
    return votes.record(1, "a_middle.a_end_good", {"a_middle.a_end_good": 14, "a_middle.a_end_bad": 3}).to_block()


def test_the_votes_are_stored_read_back_and_sealed_by_the_checksum(story, tmp_path):
    folder = SaveFolder(tmp_path)
    path = folder.write(story, brave_then_sign(story), extra={"classroom": class_block()})
    document = read_document(path)
    assert document["classroom"] == class_block()
    assert document["checksum"] == checksum(document)
    assert restore(story, document).state.log == ("a_start.brave", "a_middle.a_end_good")
    # one vote changed by hand: the checksum no longer matches
    data = json.loads(path.read_text(encoding="utf-8"))
    data["classroom"]["votes"][0]["counts"]["a_start.brave"] = 18
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match="checksum"):
        read_document(path)


def test_a_save_without_votes_has_no_classroom_block_and_still_loads(story, tmp_path):
    folder = SaveFolder(tmp_path)
    document = read_document(folder.write(story, brave_then_sign(story)))
    assert "classroom" not in document
    assert read_document(folder.write(story, brave_then_sign(story), extra={"classroom": None}))
    assert "classroom" not in read_document(folder.path_for(AUTOSAVE))


def test_the_extra_data_is_copied_when_written(story, tmp_path):
    block = class_block()
    path = SaveFolder(tmp_path).write(story, brave_then_sign(story), extra={"classroom": block})
    block["votes"].clear()
    assert len(read_document(path)["classroom"]["votes"]) == 2


def test_extra_data_cannot_replace_the_saves_own_fields(story, tmp_path):
    for key in ("state", "checksum", "role"):
        with pytest.raises(SaveError, match="field of the save"):
            SaveFolder(tmp_path).write(story, brave_then_sign(story), extra={key: {}})
    assert not (tmp_path / "autosave.json").exists()


def test_the_class_name_day_lesson_and_device_votes_are_stored_and_read_back(story, tmp_path):
    block = ClassVotes(name="9B History", started="2026-12-02", lesson="prague_spring").record(
        0, "a_start.brave", {"a_start.brave": 3}, source="devices"
    )
    path = SaveFolder(tmp_path).write(story, brave_then_sign(story), extra={"classroom": block.to_block()})
    assert ClassVotes.from_block(read_document(path)["classroom"]) == block


MALFORMED = [
    [],
    {"votes": {}},
    {"votes": [], "more": 1},
    {"votes": ["a_start.brave"]},
    {"votes": [{"step": 0, "choice": "a_start.brave"}]},
    {"votes": [{"step": "0", "choice": "a_start.brave", "counts": {}}]},
    {"votes": [{"step": True, "choice": "a_start.brave", "counts": {}}]},
    {"votes": [{"step": -1, "choice": "a_start.brave", "counts": {}}]},
    {"votes": [{"step": 2, "choice": "a_start.brave", "counts": {}}]},  # the game made only two choices
    {"votes": [{"step": 1, "choice": "x", "counts": {}}, {"step": 0, "choice": "y", "counts": {}}]},
    {"votes": [{"step": 0, "choice": "", "counts": {}}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {"a_start.brave": -1}}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {"a_start.brave": 1.5}}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {"a_start.brave": False}}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": ["a_start.brave"]}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {}, "decided": "coin"}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {}, "decided": None}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {}, "source": "phones"}]},
    {"votes": [{"step": 0, "choice": "a_start.brave", "counts": {}, "source": True}]},
    {"votes": [], "name": 9},
    {"votes": [], "name": None},
    {"votes": [], "name": "9B" * 51},  # 102 characters: far more than the game writes
    {"votes": [], "started": ["2026-12-02"]},
    {"votes": [], "started": "2" * 101},
    {"votes": [], "lesson": {"id": "prague_spring"}},
    {"votes": [], "lesson": "x" * 101},
    {"name": "9B", "started": "2026-12-02", "lesson": "prague_spring"},  # no votes list at all
]


@pytest.mark.parametrize("block", MALFORMED)
def test_a_malformed_classroom_block_is_refused_on_reading_and_never_written(story, tmp_path, block):
    state = brave_then_sign(story)
    folder = SaveFolder(tmp_path)
    good = folder.write(story, state)
    data = json.loads(good.read_text(encoding="utf-8"))
    data["classroom"] = block
    data["checksum"] = checksum(data)  # intact, so only the block's shape can be the problem
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=r"bad\.json: the save is damaged \(bad class (votes|name|started|lesson)"):
        read_document(bad)
    before = good.read_bytes()
    with pytest.raises(SaveError, match="cannot save this game"):
        folder.write(story, state, extra={"classroom": block})
    assert good.read_bytes() == before

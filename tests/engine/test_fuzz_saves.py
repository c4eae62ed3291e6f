"""Property-based tests: random save files only ever give a SaveError, never another exception.

Three kinds of random file: arbitrary bytes; arbitrary JSON; and a real save
with one value replaced by something random and the checksum made right
again, so the shape checks behind the checksum are what is tested. Whatever
:func:`read_document` accepts, :func:`restore` and the load screen's
:meth:`SaveFolder.slots` must handle.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import rules
from game.engine.saves import Restored, SaveError, SaveFolder, checksum, read_document, restore
from game.story.loader import load_story
from tests.conftest import MINI

# CI runs a fixed set of examples (a landing must not depend on luck); other runs explore new ones.
FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

STORY = load_story([MINI])


def real_document() -> dict:
    state = rules.choose(STORY, rules.new_game(STORY, "alpha", overrides={"fear": 3}), "brave")
    folder = Path(tempfile.mkdtemp())
    return json.loads(SaveFolder(folder).write(STORY, state).read_text(encoding="utf-8"))


REAL = real_document()

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from([10**400, -(10**400), 2**63, 1e308, -1e308, 0.5])
    | st.sampled_from(
        [
            "alpha",
            "beta",
            "a_start",
            "a_middle",
            "a_start.brave",
            "a_middle.a_end_good",
            "fear",
            "courage",
            "signed",
            "spring68-save",
            "",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.sampled_from(["role", "scene", "variables", "path", "log", "origin", "set", "fear", "courage", "signed"])
            | st.text(max_size=8),
            inner,
            max_size=5,
        )
    ),
    max_leaves=15,
)


def paths(value, prefix=()):
    """Every place in a JSON value, as a tuple of keys and indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, prefix + (index,))


PLACES = [place for place in paths(REAL) if place and place != ("checksum",)]


def replaced(document, place, value):
    copy = json.loads(json.dumps(document))
    target = copy
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    return copy


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("saves")


def only_save_errors(path: Path) -> None:
    try:
        data = read_document(path)
    except SaveError as exc:
        assert str(exc).startswith(f"{path}: ")
    else:
        try:
            result = restore(STORY, data)
        except SaveError:
            pass
        else:
            assert isinstance(result, Restored) and result.state.role in STORY.roles
            rules.available_choices(STORY, result.state)
    infos, problems = SaveFolder(path.parent).slots()
    assert len(infos) + len(problems) == 1


def a_file(workdir: Path, data: bytes) -> Path:
    path = Path(tempfile.mkdtemp(dir=workdir)) / "autosave.json"
    path.write_bytes(data)
    return path


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(workdir, data):
    only_save_errors(a_file(workdir, data))


@FUZZ
@given(JSON)
def test_random_json(workdir, value):
    only_save_errors(a_file(workdir, json.dumps(value).encode()))


@FUZZ
@given(st.sampled_from(PLACES), JSON, st.booleans())
def test_a_real_save_with_one_value_replaced(workdir, place, value, reseal):
    document = replaced(REAL, place, value)
    if reseal:
        document["checksum"] = checksum(document)
    only_save_errors(a_file(workdir, json.dumps(document, ensure_ascii=False).encode()))


@FUZZ
@given(st.dictionaries(st.text(max_size=8), JSON, max_size=4), st.sampled_from(["state", "origin", "set", "variables"]))
def test_a_real_save_with_random_parts_added(workdir, extra, where):
    document = json.loads(json.dumps(REAL))
    target = {
        "state": document["state"],
        "origin": document["state"]["origin"],
        "set": document["state"]["origin"]["set"],
        "variables": document["state"]["variables"],
    }[where]
    target.update(extra)
    document["checksum"] = checksum(document)
    only_save_errors(a_file(workdir, json.dumps(document).encode()))


HOSTILE_VALUES = [
    None,
    True,
    False,
    0,
    -1,
    2**63,
    10**400,
    -(10**400),
    1e308,
    -1e308,
    0.5,
    "",
    "x" * 1000,
    "a_start.brave",
    [],
    [None],
    ["a_start.brave"] * 3,
    {},
    {"fear": "3"},
    {"fear": None},
    {"": 1},
    {"fear": [1]},
]


def test_every_value_of_a_real_save_replaced_by_each_hostile_value(workdir):
    """Exhaustive where the random tests are not: every place × every hostile value, sealed with a right checksum."""
    for place in PLACES:
        for value in HOSTILE_VALUES:
            document = replaced(REAL, place, value)
            document["checksum"] = checksum(document)
            only_save_errors(a_file(workdir, json.dumps(document).encode()))
    for value in HOSTILE_VALUES + ["é", "sha256:é", "sha256:" + "0" * 64]:
        document = replaced(REAL, ("checksum",), value)
        only_save_errors(a_file(workdir, json.dumps(document, ensure_ascii=False).encode()))

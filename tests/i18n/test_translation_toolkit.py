"""The translator's toolkit: stable ids, the template, and the three counts of `i18n check`."""

from __future__ import annotations

import polib
import pytest

from game.engine import rules
from game.i18n import consistency
from game.i18n.catalogue import WORDS_FOR, catalogue_path, read, template, write
from game.i18n.checking import check
from game.i18n.overlay import translated
from game.i18n.story_strings import story_strings
from game.story.loader import load_story
from tests.conftest import MINI


@pytest.fixture(scope="module")
def story():
    return load_story([MINI])


def test_every_string_has_one_stable_id_built_from_record_ids(story):
    strings = story_strings(story)
    ids = [found.id for found in strings]
    assert len(ids) == len(set(ids))
    assert "scene:a_start:title" in ids and "choice:a_start.brave:label" in ids
    assert all(found.text.strip() for found in strings)  # empty fields are not sent to translators
    # every scene's title, text and history and every choice label is there
    for scene in story.scenes.values():
        assert f"scene:{scene.id}:title" in ids and f"scene:{scene.id}:history" in ids
        assert all(f"choice:{choice.id}:label" in ids for choice in scene.choices)


def _catalogue(story, tmp_path, translate):
    """A cs catalogue made from the template, with `translate(id, english)` as each translation."""
    po = template(story_strings(story), project="mini", lang="cs")
    for entry in po:
        entry.msgstr = translate(entry.msgctxt, entry.msgid) or ""
    path = catalogue_path(tmp_path, "cs")
    write(po, path)
    return path


def test_a_complete_faithful_translation_checks_clean(story, tmp_path):
    path = _catalogue(story, tmp_path, lambda _id, english: "CS " + english)
    report = check(story_strings(story), path, "cs")
    assert report.ok, [str(problem) for problem in report.problems]
    assert report.translated == report.total == len(story_strings(story))


def test_untranslated_stale_and_inconsistent_are_counted_and_located(story, tmp_path):
    strings = story_strings(story)
    label = "choice:a_start.brave:label"
    title = "scene:a_start:title"
    path = _catalogue(story, tmp_path, lambda sid, english: None if sid == label else "CS " + english)
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgctxt == title:  # translated from an older English title
            entry.msgid = "An older title"
        if entry.msgctxt == "scene:a_start:text":
            entry.msgstr = entry.msgstr + " {courage} 1969"
    po.save(str(path))
    report = check(strings, path, "cs")
    assert (report.count("untranslated"), report.count("stale"), report.count("inconsistent")) == (1, 1, 2)
    stale = next(problem for problem in report.problems if problem.kind == "stale")
    assert stale.id == title and stale.where.startswith(f"{path}:") and int(stale.where.rsplit(":", 1)[1]) > 1
    untranslated = next(problem for problem in report.problems if problem.kind == "untranslated")
    choice = story.scenes["a_start"].choice("brave")
    assert untranslated.where == f"{choice.loc.file}:{choice.loc.line}"


def test_a_string_the_story_no_longer_has_is_reported(story, tmp_path):
    path = _catalogue(story, tmp_path, lambda _id, english: "CS " + english)
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgctxt="scene:gone:title", msgid="Gone", msgstr="Pryč"))
    po.save(str(path))
    report = check(story_strings(story), path, "cs")
    assert [problem.id for problem in report.problems if problem.kind == "unknown"] == ["scene:gone:title"]


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        ("On 21 August 1968, 137 died.", "21. srpna 1968 zemřelo 137 lidí.", []),
        ("2,000 Words", "2 000 slov", []),
        ("In 1968.", "V roce 1969.", ["numbers missing", "numbers the source"]),
        ("You have {trust} left.", "Zbývá ti {trust}.", []),
        ("You have {trust} left.", "Zbývá ti {důvěra}.", ["places missing", "places the source"]),
        ("A *bold* word.", "Slovo *tučně.", ["Markdown '*'"]),
        ("See [the record](https://example.org/a).", "Viz [záznam](https://example.org/b).", ["links differ"]),
        ("One.\n\nTwo.", "Jedna. Dvě.", ["paragraphs"]),
        ("In the 1950s.", "V padesátých letech.", ["numbers missing"]),
        ("In the 1950s, on the 21st.", "V 50. letech, 21. dne.", ["numbers missing", "numbers the source"]),
    ],
)
def test_consistency_keeps_numbers_places_links_and_shape(source, translation, expected):
    found = consistency.problems(source, translation)
    assert len(found) == len(expected), found
    for message, start in zip(found, expected, strict=True):
        assert message.startswith(start) or start in message


def test_a_number_in_words_passes_only_when_the_translator_says_so(tmp_path):
    from game.i18n.story_strings import StoryString
    from game.story.errors import Loc

    strings = [StoryString("scene:s:title", "The 2,000 Words of 1968", Loc("s.yaml", 3), "scene title")]
    po = template(strings, project="t", lang="cs")
    po[0].msgstr = "Dva tisíce slov z roku 1968"
    path = catalogue_path(tmp_path, "cs")
    write(po, path)
    first = check(strings, path, "cs")
    assert first.count("inconsistent") == 1 and WORDS_FOR in first.problems[0].message
    po[0].flags.append(f"{WORDS_FOR}1968")  # the wrong number excuses nothing
    write(po, path)
    assert check(strings, path, "cs").count("inconsistent") == 1
    po[0].flags[-1] = f"{WORDS_FOR}2000"
    write(po, path)
    assert check(strings, path, "cs").ok
    # the flag excuses a number written out, never a number the source does not have
    po[0].msgstr = "Dva tisíce slov z roku 1969"
    write(po, path)
    wrong = check(strings, path, "cs")
    assert [problem.message.split(" (")[0] for problem in wrong.problems] == [
        "numbers missing from the translation: 1968",
        "numbers the source does not have: 1969",
    ]


def test_the_overlay_translates_what_the_player_reads_and_keeps_the_rest(story, tmp_path):
    path = _catalogue(
        story, tmp_path, lambda sid, english: None if sid == "choice:a_start.quiet:label" else "CS " + english
    )
    texts = {key: found.text for key, found in read(path).items()}
    czech = translated(story, texts)
    scene = czech.scenes["a_start"]
    assert scene.title == "CS " + story.scenes["a_start"].title
    labels = {choice.local_id: choice.label for choice in scene.choices}
    assert labels["brave"].startswith("CS ")
    assert labels["quiet"] == story.scenes["a_start"].choice("quiet").label  # falls back to English
    # the rules and ids are the English story's: a game moves the same way in both languages
    assert czech.content_hash == story.content_hash
    english_state = rules.choose(story, rules.new_game(story, "alpha", game="g"), "a_start.brave")
    czech_state = rules.choose(czech, rules.new_game(czech, "alpha", game="g"), "a_start.brave")
    assert czech_state == english_state
    assert rules.scene_text(czech.scenes[czech_state.scene], czech_state).startswith("CS ")


def test_a_new_catalogue_carries_the_language_s_plural_rule(story, tmp_path):
    po = template(story_strings(story), project="mini", lang="cs")
    assert po.metadata["Language"] == "cs"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")


def test_extract_and_check_from_the_command_line(run_cli, tmp_path):
    out = tmp_path / "strings.pot"
    result = run_cli("i18n", "extract", str(MINI), "--out", str(out))
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(out))
    assert len(po) == len(story_strings(load_story([MINI]))) and all(not entry.msgstr for entry in po)
    checked = run_cli("i18n", "check", str(MINI), "--lang", "xx")
    assert checked.returncode == 1
    assert checked.stdout.strip().splitlines()[-1].startswith(f"xx: 0 of {len(po)} strings translated")
    assert run_cli("i18n", "check", str(MINI)).returncode == 2

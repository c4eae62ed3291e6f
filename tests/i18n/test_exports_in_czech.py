"""Worksheets, teacher's keys and transcripts in Czech; the interface catalogue and its check; dates per language."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polib
import pytest

from game.cli import main
from game.engine import choose, new_game
from game.engine.saves import SaveFolder
from game.i18n import interface
from game.i18n.interface_check import check_interface
from game.i18n.interface_strings import interface_strings, template
from game.i18n.story_language import story_in
from game.story.dates import date_range, long_date, short_date, weekday_date
from game.story.loader import load_story
from game.story.model import Story
from game.tools import teacher_key, transcript, worksheet
from game.tools.handout import scope

# Our own headings and labels on each export, in English: none may be left on a Czech sheet.
ENGLISH_WORKSHEET = (
    "student worksheet",
    "Name:",
    "Class:",
    "Date:",
    "Timeline",
    "What happened",
    "The options",
    "Question ",
    "Which option would you choose",
    "Source task",
    "Looking back",
    "Glossary",
    "Content note",
)
ENGLISH_KEY = (
    "teacher's key",
    "For the teacher",
    "worksheet question",
    "The situation ends",
    "What real people did",
    "What really happened",
    "Points to listen for",
    "Sources",
    "Decisions",
    "The source task",
)
ENGLISH_TRANSCRIPT = (
    "a transcript",  # (Czech for 'Role' is 'Role')
    "**Ending:**",
    "not reached yet",
    "Choices made",
    "Exported",
    "You chose",
    "What people really did",
    "What really happened",
    " August 1968",
)


@pytest.fixture(autouse=True)
def english_afterwards():
    """The interface's language is the process's: every test leaves it as it found it (English)."""
    yield
    interface.set_language("en")


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def english() -> Story:
    return load_story()


@pytest.fixture(scope="module")
def czech(english: Story, tmp_path_factory: pytest.TempPathFactory) -> Story:
    mp = pytest.MonkeyPatch()
    mp.setenv("SPRING68_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    try:
        translated, problems = story_in(english, "cs")
    finally:
        mp.undo()
    assert problems == []
    return translated


def _resistance_game(story: Story, moves: int = 3):
    state = new_game(story, "resistance")
    for _ in range(moves):
        scene = story.scenes[state.scene]
        state = choose(story, state, scene.choices[0].id.split(".")[-1])
    return state


# ---- the exports in Czech ------------------------------------------------------------------------


def test_a_czech_worksheet_has_czech_headings_and_dates_and_no_english_ones(czech: Story) -> None:
    interface.set_language("cs")
    chosen = scope(czech, "resistance")
    page = worksheet.to_markdown(czech, chosen)
    for heading in (
        "pracovní list pro žáky",
        "Jméno:",
        "Třída:",
        "Datum:",
        "## Časová osa",
        "| Kdy | Co se stalo |",
        "**Možnosti**",
        "**Otázka 1.**",
        "## Práce s prameny",
        "## Ohlédnutí",
        "## Slovníček",
        "Upozornění k obsahu:",
    ):
        assert heading in page, heading
    assert "21. srpna 1968" in page and "| 20.–21. srpna 1968 |" in page  # a range shares its month
    for english_words in ENGLISH_WORKSHEET:
        assert english_words not in page, english_words
    html = worksheet.to_html(czech, chosen)
    assert '<html lang="cs">' in html and "<strong>Otázka 1.</strong>" in html and "Question" not in html


def test_a_czech_teachers_key_has_czech_headings_and_no_english_ones(czech: Story) -> None:
    interface.set_language("cs")
    page = teacher_key.to_markdown(czech, scope(czech, "resistance"))
    for heading in (
        "klíč pro učitele",
        "Pro učitele.",
        "otázka 1 pracovního listu",
        "**Situace končí slovy:**",
        "**Co se doopravdy stalo**",
        "**Na co se v diskusi zaměřit**",
        "## Rozhodnutí",
        "## Prameny",
        "Prameny: ",
    ):
        assert heading in page, heading
    for english_words in ENGLISH_KEY:
        assert english_words not in page, english_words


def test_a_czech_transcript_has_czech_labels_and_dates_and_no_english_ones(czech: Story) -> None:
    interface.set_language("cs")
    text = transcript.to_markdown(transcript.build(czech, _resistance_game(czech), now=0))
    assert text.startswith(f"# {czech.title}: záznam hry\n")
    for label in ("- **Role:**", "- **Konec:** zatím nedosažen", "- **Učiněná rozhodnutí:** 3", "**Tvoje volba:**"):
        assert label in text, label
    assert "> Co lidé doopravdy udělali: " in text and "> Co se doopravdy stalo: " in text
    assert "## 21. srpna 1968: " in text
    for english_words in ENGLISH_TRANSCRIPT:
        assert english_words not in text, english_words
    page = transcript.to_html(transcript.build(czech, _resistance_game(czech), now=0))
    assert '<html lang="cs">' in page and "<strong>Co se doopravdy stalo</strong>" in page
    assert "What really happened" not in page


def test_the_commands_print_czech_with_lang_and_english_again_without(tmp_path, capsys) -> None:
    """``--lang cs`` after the command applies the story's and the interface's Czech; the next command is English."""
    story = load_story()
    save = SaveFolder(tmp_path).write(story, _resistance_game(story, 2), "lesson")
    assert main(["transcript", str(save), "--lang", "cs"]) == 0
    czech = capsys.readouterr().out
    assert "záznam hry" in czech and "**Tvoje volba:**" in czech and "You chose" not in czech
    assert main(["handout", "--role", "resistance", "--lang", "cs"]) == 0
    sheet = capsys.readouterr().out
    assert "pracovní list pro žáky" in sheet and "**Otázka 1.**" in sheet and "Question" not in sheet
    assert main(["--lang", "cs", "handout", "--role", "resistance", "--kind", "key"]) == 0
    assert "klíč pro učitele" in capsys.readouterr().out
    # The same process, no --lang: English, not the Czech the last command chose.
    assert main(["transcript", str(save)]) == 0
    again = capsys.readouterr().out
    assert ": a transcript" in again and "**You chose:**" in again and "Tvoje volba" not in again


def test_a_handout_written_to_a_file_says_so_in_czech(tmp_path, capsys) -> None:
    """The line that names the file written ("wrote FILE") is in the language the handout is in."""
    sheet = tmp_path / "slovnicek.md"
    assert main(["--lang", "cs", "handout", "--kind", "glossary", "-o", str(sheet)]) == 0
    said = capsys.readouterr().err
    assert f"zapsáno do {sheet}" in said and "wrote" not in said
    assert ": slovníček — " in sheet.read_text(encoding="utf-8")
    assert main(["handout", "--kind", "glossary", "-o", str(tmp_path / "glossary.md")]) == 0
    assert f"wrote {tmp_path / 'glossary.md'}" in capsys.readouterr().err


def test_english_exports_are_the_same_before_and_after_a_czech_one(english: Story, czech: Story) -> None:
    chosen = scope(english, "resistance")
    before = worksheet.to_markdown(english, chosen), teacher_key.to_html(english, chosen)
    interface.set_language("cs")
    worksheet.to_markdown(czech, scope(czech, "resistance"))
    interface.set_language("en")
    assert (worksheet.to_markdown(english, chosen), teacher_key.to_html(english, chosen)) == before
    assert "student worksheet" in before[0] and '<html lang="en">' in before[1]


# ---- plural forms and dates ----------------------------------------------------------------------


def test_czech_plural_forms_for_one_three_and_five_votes() -> None:
    interface.set_language("cs")
    forms = [interface.ngettext("{n} vote", "{n} votes", n).format(n=n) for n in (1, 3, 5)]
    assert forms == ["1 hlas", "3 hlasy", "5 hlasů"]
    lines = [transcript._vote_line([("a", "Ano")], {"a": n}) for n in (1, 3, 5)]
    assert lines == [f"Hlasování třídy ({form}): Ano: {n}" for form, n in zip(forms, (1, 3, 5), strict=True)]


def test_one_vote_is_one_vote_in_english() -> None:
    """The vote line said '1 votes' before it went through ngettext."""
    assert transcript._vote_line([("a", "Yes")], {"a": 1}) == "Class vote (1 vote): Yes: 1"
    assert transcript._vote_line([("a", "Yes")], {"a": 3}) == "Class vote (3 votes): Yes: 3"


def test_dates_in_czech_and_english_unchanged() -> None:
    assert long_date(dt.date(1968, 1, 5), "cs") == "5. ledna 1968"
    assert short_date(dt.date(1968, 8, 21), "cs") == "21. 8. 1968"
    assert weekday_date(dt.date(1968, 8, 21), "cs") == "středa 21. srpna 1968"
    assert date_range(dt.date(1968, 8, 20), dt.date(1968, 8, 21), lang="cs") == "20.–21. srpna 1968"
    assert date_range(dt.date(1968, 8, 20), dt.date(1968, 9, 1), lang="cs") == "20. srpna – 1. září 1968"
    assert date_range(dt.date(1968, 12, 31), dt.date(1969, 1, 1), lang="cs") == "31. prosince 1968 – 1. ledna 1969"
    assert long_date(dt.date(1968, 1, 5), "sk") == "5. januára 1968"  # Slovak needs no code, only Babel's data
    assert long_date(dt.date(1968, 1, 5)) == long_date(dt.date(1968, 1, 5), "en") == "5 January 1968"
    assert long_date(dt.date(1968, 1, 5), "xx") == "5 January 1968"  # a code Babel does not know: English


# ---- the interface catalogue and its check -------------------------------------------------------


def test_a_czech_transcript_of_a_finished_game_names_its_ending_in_czech(czech: Story) -> None:
    """The ending's heading ("The end: …", marked inside an f-string) once stayed English in Czech."""
    interface.set_language("cs")
    ending = next(s for s in czech.scenes.values() if s.is_ending and s.role == "resistance")
    game = new_game(czech, "resistance", start=ending.id)
    text = transcript.to_markdown(transcript.build(czech, game, now=0))
    page = transcript.to_html(transcript.build(czech, game, now=0))
    title = ending.ending.title if ending.ending is not None else ""
    assert f"## Konec: {title}" in text and f"<h2>Konec: {title}</h2>" in page
    assert "The end" not in text and "The end" not in page


def test_extraction_finds_every_kind_of_marked_string_and_runs_no_code(tmp_path) -> None:
    package = tmp_path / "game"
    (package / "tools").mkdir(parents=True)
    (package / "tools" / "sheet.py").write_text(
        "import os\n"
        "os.mkdir('never-made')\n"  # the extractor reads, never runs
        "TITLE = N_('Timeline')\n"
        "def show(n, name, text):\n"
        "    # Translators: the line a pupil writes their name on\n"
        "    label = _('Name:')\n"
        "    again = _('Timeline')\n"
        "    skipped = _(text)\n"
        "    return ngettext('{n} vote', '{n} votes', n).format(n=n), _('Hello {name}').format(name=name)\n",
        encoding="utf-8",
    )
    found = {string.msgid: string for string in interface_strings(package)}
    assert set(found) == {"Timeline", "Name:", "{n} vote", "Hello {name}"}
    assert found["Timeline"].where == (("game/tools/sheet.py", 3), ("game/tools/sheet.py", 7))
    assert found["{n} vote"].plural == "{n} votes"
    assert found["Name:"].comments == ("the line a pupil writes their name on",)
    assert not (tmp_path / "never-made").exists()
    po = template(list(found.values()), lang="cs")
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    plural = next(entry for entry in po if entry.msgid_plural)
    assert sorted(plural.msgstr_plural) == [0, 1, 2]


def test_extraction_finds_marked_strings_inside_f_strings(tmp_path) -> None:
    """Babel's extractor (on Python 3.11) reads an f-string as one token and missed a ``_()`` inside it."""
    package = tmp_path / "game"
    package.mkdir()
    (package / "page.py").write_text(
        "def page(title, n):\n"
        "    head = f\"## {_('The end: {title}').format(title=title)}\"\n"
        "    votes = f\"{ngettext('{n} vote', '{n} votes', n)}!\"\n"
        "    save = f\"{pgettext('a noun', 'Save')}: {title}\"\n"
        '    plain = f"{title}: {_(title)}"\n'
        "    return head + votes + save + plain\n",
        encoding="utf-8",
    )
    found = {string.key: string for string in interface_strings(package)}
    assert set(found) == {("", "The end: {title}"), ("", "{n} vote"), ("a noun", "Save")}
    assert found[("", "The end: {title}")].where == (("game/page.py", 2),)
    assert found[("", "{n} vote")].plural == "{n} votes"


def test_the_shipped_czech_interface_catalogue_is_complete_and_current() -> None:
    strings = interface_strings()
    msgids = {string.msgid for string in strings}
    assert {"Question {number}.", "What really happened", "Name:", "{n} vote"} <= msgids
    report = check_interface(strings, interface.LOCALE_DIR / "cs.po", "cs")
    assert report.problems == () and report.translated == report.total == len(strings)


def _damaged_catalogue(tmp_path: Path) -> Path:
    """The shipped Czech catalogue with one string removed, one the code no longer has, one lost place."""
    path = tmp_path / "cs.po"
    shutil.copy(interface.LOCALE_DIR / "cs.po", path)
    po = polib.pofile(str(path), wrapwidth=0)
    removed, reworded = po.find("Looking back"), po.find("Question {number}.")
    assert removed is not None and reworded is not None
    po.remove(removed)
    reworded.msgstr = "Otázka."
    po.append(polib.POEntry(msgid="Print the worksheet", msgstr="Vytiskni pracovní list"))
    po.save(str(path))
    return path


def test_the_check_finds_untranslated_stale_and_inconsistent_interface_strings(tmp_path) -> None:
    path = _damaged_catalogue(tmp_path)
    report = check_interface(interface_strings(), path, "cs")
    found = {(problem.kind, problem.id): problem for problem in report.problems}
    assert set(found) == {
        ("untranslated", "Looking back"),
        ("stale", "Print the worksheet"),
        ("inconsistent", "Question {number}."),
    }
    assert found["untranslated", "Looking back"].where.startswith("game/tools/worksheet.py:")
    assert found["stale", "Print the worksheet"].where.startswith(f"{path}:")
    assert "{number}" in found["inconsistent", "Question {number}."].message


def test_the_check_wants_the_languages_plural_forms(tmp_path) -> None:
    path = tmp_path / "cs.po"
    shutil.copy(interface.LOCALE_DIR / "cs.po", path)
    po = polib.pofile(str(path), wrapwidth=0)
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.save(str(path))
    report = check_interface(interface_strings(), path, "cs")
    assert [(p.kind, p.id) for p in report.problems] == [("inconsistent", "Plural-Forms")]
    assert "nplurals=2" in report.problems[0].message and "3" in report.problems[0].message


def test_the_interface_commands_extract_and_check(tmp_path, monkeypatch, capsys) -> None:
    _damaged_catalogue(tmp_path)
    monkeypatch.setattr(interface, "LOCALE_DIR", tmp_path)
    assert main(["i18n", "check", "--interface", "--lang", "cs"]) == 1
    out = capsys.readouterr().out
    assert "worksheet.py:" in out and ": untranslated: Looking back: " in out
    assert "cs.po:" in out and ": stale: Print the worksheet: " in out
    assert out.rstrip().endswith("1 untranslated, 1 stale, 1 inconsistent, 0 unknown")
    assert main(["i18n", "extract", "--interface"]) == 0
    template_file = tmp_path / "interface.pot"
    assert {entry.msgid for entry in polib.pofile(str(template_file))} == {s.msgid for s in interface_strings()}
    assert main(["i18n", "extract", "--interface", "--lang", "cs"]) == 2  # never over a translator's work
    assert "exists" in capsys.readouterr().err
    (tmp_path / "cs.po").write_bytes(b'msgid "unterminated\n\xff')
    assert main(["i18n", "check", "--interface", "--lang", "cs"]) == 2
    err = capsys.readouterr().err
    assert "cs.po" in err and "Traceback" not in err


def test_when_a_save_was_made_is_said_in_czech_with_the_interface_s_words():
    import datetime as dt

    from game.i18n import interface
    from game.story.dates import saved_when

    now = dt.datetime(2025, 3, 5, 12, 0).timestamp()
    try:
        interface.set_language("cs")
        said = [
            saved_when(dt.datetime(*day, 9, 30).timestamp(), now, "cs", interface._)
            for day in ((2025, 3, 5), (2025, 3, 4), (2024, 3, 4))
        ]
    finally:
        interface.set_language("en")
    assert said[0] == "dnes 09:30" and said[1] == "včera 09:30"
    assert said[2].endswith("09:30") and "2024" in said[2] and "Mar" not in said[2]
    assert saved_when(dt.datetime(2025, 3, 5, 9, 30).timestamp(), now) == "today 09:30"  # English as before

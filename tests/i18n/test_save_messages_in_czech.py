"""A save's problems in the player's language: the save dialog, the load screen, the title's Continue, the CLI."""

from __future__ import annotations

from textual.widgets import Input

from game.cli import main
from game.engine.saves import NoSuchSave, SaveError, SaveFolder, slot_name
from game.i18n import interface
from tests.i18n.conftest import czech
from tests.i18n.test_textual_words_in_czech import run
from tests.i18n.test_tui_in_czech import screen_text


def squeezed(phrase: str) -> str:
    return "".join(phrase.split())


def test_a_save_name_s_problem_is_said_in_czech_and_in_english(campaign):
    interface.set_language("cs")
    for bad, czech_words in (("///", "potřebuje aspoň jedno písmeno"), ("autosave", "je vyhrazené jméno")):
        try:
            slot_name(bad)
        except SaveError as exc:
            assert czech_words in str(exc)
        else:
            raise AssertionError(f"{bad!r} was accepted")
    interface.set_language("en")
    try:
        slot_name("///")
    except SaveError as exc:
        assert str(exc) == "a save name needs at least one letter or digit"


def test_the_save_dialog_and_the_load_screen_say_what_is_wrong_in_czech(campaign, tmp_path):
    from game.tui.app import Spring68App

    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "rozbita.json").write_text('{"version": 1, "sta', encoding="utf-8")
    (folder / "cizi.json").write_text('{"version": 99}', encoding="utf-8")
    app = Spring68App(czech(campaign), SaveFolder(folder), cursor_blink=False)
    shown: dict[str, str] = {}

    async def script(pilot, settle):
        shown["title"] = screen_text(app)
        await pilot.press("l")
        await settle(pilot)
        shown["load"] = screen_text(app)
        await pilot.press("escape", "1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = "///"
        await pilot.press("enter")
        await settle(pilot)
        shown["save"] = screen_text(app)

    run(app, script)
    assert "Zatím žádná hra" in shown["title"]  # no autosave yet: not "the last game cannot be read"
    load = "".join(shown["load"].split())  # rows joined: a phrase may wrap anywhere
    assert squeezed("uložená hra je poškozená nebo useknutá") in load
    assert squeezed("tohle není uložená hra Jara 68") in load
    assert squeezed("is not a Spring '68 save") not in load and squeezed("damaged or cut short") not in load
    save = "".join(shown["save"].split())
    assert squeezed("Jméno uložené hry potřebuje aspoň jedno písmeno nebo číslici.") in save
    assert squeezed("at least one letter") not in save


def test_a_missing_save_is_its_own_kind_of_error_and_the_cli_says_so_in_czech(tmp_path, capsys):
    try:
        SaveFolder(tmp_path).load("nic")
    except NoSuchSave:
        pass
    else:
        raise AssertionError("a missing save loaded")
    assert main(["--lang", "cs", "--saves", str(tmp_path), "transcript", "nic"]) == 2
    said = capsys.readouterr().err
    assert "taková uložená hra neexistuje" in said and "there is no such save" not in said


def test_a_damaged_autosave_s_backup_notice_is_in_czech(campaign, tmp_path):
    """The notice a player reads when the game goes on from the backup is in their language, path and all."""
    from game.engine import rules
    from game.engine.save_format import restore
    from game.engine.saves import AUTOSAVE

    folder = SaveFolder(tmp_path)
    first = rules.new_game(campaign, "advisor")
    folder.write(campaign, first)
    folder.write(campaign, rules.choose(campaign, first, rules.available_choices(campaign, first)[0].id))
    folder.path_for(AUTOSAVE).write_bytes(b'{"format": "spring68-save", "vers')
    interface.set_language("cs")
    try:
        note = restore(campaign, folder.load()).note
    finally:
        interface.set_language("en")
    assert "Hra pokračuje ze záložní kopie" in note and str(folder.backup_path) in note
    assert "continues from the backup" not in note


def test_the_play_command_s_own_mistakes_are_told_in_the_player_s_language(capsys):
    """A wrong --role or --from is the player's mistake: said in Czech in a Czech game, in English otherwise."""
    try:
        assert main(["--lang", "cs", "play", "--plain", "--role", "nikdo"]) == 2
        assert "role 'nikdo' neexistuje; role: advisor, resistance" in capsys.readouterr().err
        assert main(["--lang", "cs", "play", "--plain", "--from", "adv_husakk"]) == 2
        assert "scéna 'adv_husakk' neexistuje; myslíš 'adv_husak'?" in capsys.readouterr().err
    finally:
        interface.set_language("en")
    assert main(["--lang", "en", "play", "--plain", "--role", "nikdo"]) == 2
    assert "there is no role 'nikdo'" in capsys.readouterr().err

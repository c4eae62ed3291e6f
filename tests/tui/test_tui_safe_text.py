"""The rules that keep data from being read as markup: the helpers, and a check of the TUI's source."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from game.tui.safe_text import escape_markup, notice, printable
from tests.tui.conftest import drive, settle

TUI = Path(__file__).resolve().parents[2] / "game" / "tui"

MARKUP_CHARACTERS = st.sampled_from(list("[]\\/@=$#'\"(),.: bBiI"))
TEXT = st.text(MARKUP_CHARACTERS | st.characters(blacklist_categories=("Cc", "Cs")), max_size=40)


@given(TEXT)
def test_escaped_markup_shows_exactly_the_text(text):
    content = Content.from_markup(escape_markup(text))
    assert content.plain == text
    assert not content.spans


def test_escaped_markup_survives_what_textuals_own_escape_leaves():
    from textual.markup import escape

    for text in ("[$accent]x", "[B]x[/B]", "[ @click=app.quit]x"):
        assert Content.from_markup(escape_markup(text)).plain == text
    assert Content.from_markup(escape("[$accent]x")).plain != "[$accent]x"  # why the game has its own


def test_printable_replaces_control_characters_but_tab_and_newline():
    assert printable("a\x1b[2Jb\x07c\x9bd\re\tf\ng") == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde\tf\ng"


def test_a_notice_is_plain_text_without_control_characters(make_app):
    app = make_app()

    async def script(pilot):
        notice(app, "[@click=app.quit]Y[/] [b]B[/b] \x1b]0;title\x07", title="[i]T[/i]\x1b")
        notice(app.screen, "from a screen [b]B[/b]", timeout=3)
        await settle(pilot)
        first, second = list(app._notifications)
        assert first.message == "[@click=app.quit]Y[/] [b]B[/b] \ufffd]0;title\ufffd"
        assert first.title == "[i]T[/i]\ufffd" and not first.markup
        assert second.message == "from a screen [b]B[/b]" and second.timeout == 3 and not second.markup

    drive(app, script)


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _passed_on(call: ast.Call) -> bool:
    """``super().run_action(action, ...)``: an override handing on the action Textual gave it, unchanged."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and _name(func.value.func) == "super"
        and bool(call.args)
        and isinstance(call.args[0], ast.Name)
        and call.args[0].id == "action"
    )


def _plain(node: ast.expr, also: str = "Content") -> bool:
    """A literal string, a choice between literal strings, or text made into Content (or given to ``also``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.IfExp):
        return _plain(node.body, also) and _plain(node.orelse, also)
    if isinstance(node, ast.Call) and _name(node.func) == "N_":  # marks a literal for translation, returns it as is
        return len(node.args) == 1 and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    if isinstance(node, ast.Call):
        return _name(node.func) in {"Content", also} or (
            isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "Content"
            and node.func.attr in {"styled", "assemble"}
        )
    return False


def test_the_tui_sends_no_data_to_textual_as_markup():
    """Every notice goes through ``notice``, every link through ``open_link``, and no markup is built from data."""
    found: list[str] = []
    for path in sorted(TUI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(TUI.parent.parent)
        for call in _calls(tree):
            name, line = _name(call.func), f"{where}:{call.lineno}"
            keywords = {k.arg: k.value for k in call.keywords}
            if name == "notify" and path.name != "safe_text.py":
                found.append(f"{line}: notify() outside safe_text.notice")
            if name == "open_url" and path.name != "links.py":
                found.append(f"{line}: open_url() outside links.open_link")
            if name == "run_action" and not _passed_on(call):
                found.append(f"{line}: run_action() builds an action string")
            if name == "from_markup" and not (call.args and isinstance(call.args[0], ast.Constant)):
                found.append(f"{line}: from_markup() of a string that is not the game's own template")
            if name in {"Static", "Label", "Button"} and call.args and isinstance(call.args[0], ast.JoinedStr):
                markup = keywords.get("markup")
                if not (isinstance(markup, ast.Constant) and markup.value is False):
                    found.append(f"{line}: {name}(f'…') read as markup")
            if "tooltip" in keywords and not _plain(keywords["tooltip"]):
                found.append(f"{line}: a tooltip that is not plain text")
            if name == "SystemCommand":
                if not all(_plain(arg, also="escape_markup") for arg in call.args[:2]):
                    found.append(f"{line}: a palette command not escaped")
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in {"border_title", "border_subtitle"}:
                        if not _plain(node.value):
                            found.append(f"{where}:{node.lineno}: a {target.attr} that is not plain text")
    assert not found, "\n".join(found)

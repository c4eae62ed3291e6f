"""``spring68 handout``: the student worksheet, and the printable glossary.

A worksheet asks and never answers: a name/class/date line, a one-page timeline, then each decision
with its whole situation (the question included) and its options, one numbered question with
lines to write on; then a short source task on the primary documents behind the decisions, three
questions looking back, and a glossary of the terms the sheet uses. What really happened is in
the teacher's key (:mod:`game.tools.teacher_key`), never here.

Every word of our own goes through the interface's gettext (:mod:`game.i18n.interface`), and dates
through :mod:`game.story.dates` in the same language, so ``--lang cs`` prints a Czech sheet.
"""

from __future__ import annotations

from game.i18n.interface import N_, _, language
from game.story.dates import date_range, long_date
from game.story.model import GlossaryEntry, Story
from game.tools import render
from game.tools.handout import Scope, printed_text, source_documents, terms_used, timeline_events
from game.tools.render import (
    Block,
    Group,
    Heading,
    Items,
    Para,
    Prose,
    Span,
    Table,
    WriteSpace,
    blank,
    em,
    line,
    md,
    strong,
)

DECISION_QUESTION = N_("Which option would you choose? Give two reasons from the situation.")
ANSWER_LINES = 4
SOURCE_QUESTIONS = (
    N_("What kind of source is this? Who made it, when, and for whom?"),
    N_("Why was it made? What did its authors want their readers to think or do?"),
    N_("How useful is it to a historian studying this decision? Use who made it and why."),
)
LOOKING_BACK = (
    N_("Which decision was the hardest? Explain why."),
    N_("Where did you have the least freedom to choose? What limited you?"),
    N_("What would you most like to find out about what really happened?"),
)
KINDS = {
    "person": N_("person"),
    "place": N_("place"),
    "organisation": N_("organisation"),
    "term": N_("term"),
}
"""A glossary entry's kind as the sheet names it (in English here; translated where printed)."""


def _title(story: Story, scope: Scope, what: str) -> str:
    return _("{story}: {what} — {scope}").format(story=story.title, what=what, scope=scope.title)


def _question(number: int, text: str, lines: int = ANSWER_LINES) -> list[Block]:
    """A numbered question (``text`` is English; it is translated here) and lines to write on."""
    label = _("Question {number}.").format(number=number)
    return [Para(line(strong(label), " ", _(text)), "question"), WriteSpace(lines)]


def _kind(kind: str) -> str:
    return _(KINDS[kind]) if kind in KINDS else kind


def _glossary_blocks(entries: list[GlossaryEntry]) -> list[Block]:
    return [
        Para(line(strong(entry.term), f" ({_kind(entry.kind)}) — ", md(entry.text)), "glossary") for entry in entries
    ]


def _name_line(*, date: bool) -> Para:
    """'Name: ____   Class: ____   Date: ____', the line a pupil fills in first."""
    parts: list[Span | str] = [_("Name:") + " ", blank(28), "   " + _("Class:") + " ", blank(10)]
    if date:
        parts += ["   " + _("Date:") + " ", blank(12)]
    return Para(line(*parts), "nameline")


def blocks(story: Story, scope: Scope) -> list[Block]:
    """The worksheet as blocks; :mod:`game.tools.render` turns them into Markdown or HTML."""
    lang = language()
    first_page: list[Block] = [Heading(1, line(_title(story, scope, _("student worksheet")))), _name_line(date=True)]
    if story.pack.content_note:
        first_page.append(Para(line(_("Content note:") + " ", md(story.pack.content_note)), "meta"))
    first_page += [
        Para(
            line(
                _(
                    "Read each situation, choose one of the options and answer the question under it. "
                    "You will find out what really happened when you play and discuss."
                )
            )
        ),
        Heading(2, line(_("Timeline"))),
        Table(
            (line(_("When")), line(_("What happened"))),
            tuple(
                (line(date_range(e.start, e.end, lang=lang)), line(e.title))
                for e in timeline_events(story, scope.role, scope.scenes if scope.lesson else None)
            ),
            "timeline",
        ),
    ]
    out: list[Block] = [Group(tuple(first_page), "first-page")]
    number = 0
    for number, scene in enumerate(scope.scenes, 1):
        parts: list[Block] = [
            Heading(3, line(f"{number}. {scene.title}")),
            Para(line(f"{long_date(scene.date, lang)} · {scene.place} · {story.roles[scene.role].title}"), "meta"),
        ]
        bridge = scope.bridge(story, scene)
        if bridge:
            parts += [Para(line(em(_("Since the last decision:")))), Prose(bridge, "bridge")]
        parts += [
            Prose(printed_text(story, scene)),
            Para(line(strong(_("The options")))),
            Items(tuple(line(md(c.label)) for c in scene.choices), ordered=True, style="options"),
            *_question(number, DECISION_QUESTION),
        ]
        out.append(Group(tuple(parts), "decision", scene.id, new_page=number == 1))
    documents = source_documents(story, scope.scenes)
    if documents:
        task: list[Block] = [
            Heading(2, line(_("Source task"))),
            Para(
                line(
                    _(
                        "Historians work from sources made at the time. These documents lie behind the "
                        "decisions above; your teacher may give you an extract. Answer the questions for each."
                    )
                )
            ),
        ]
        for source, scene in documents:
            task += [
                Heading(3, line(source.citation())),
                Para(line(source.note or source.title), "meta"),
                Para(
                    line(
                        _("It is a source for decision {number}, “{title}”.").format(
                            number=scope.scenes.index(scene) + 1, title=scene.title
                        )
                    )
                ),
            ]
            for text in SOURCE_QUESTIONS:
                number += 1
                task += _question(number, text, 3)
        out.append(Group(tuple(task), "source-task", new_page=True))
    back: list[Block] = [Heading(2, line(_("Looking back")))]
    for text in LOOKING_BACK:
        number += 1
        back += _question(number, text, 3)
    out.append(Group(tuple(back), "looking-back"))
    entries = terms_used(story, scope.scenes)
    if entries:
        glossary = (Heading(2, line(_("Glossary"))), *_glossary_blocks(entries))
        out.append(Group(glossary, "glossary-section", new_page=True))
    return out


def to_markdown(story: Story, scope: Scope) -> str:
    return render.to_markdown(blocks(story, scope))


def to_html(story: Story, scope: Scope) -> str:
    return render.to_html(_title(story, scope, _("student worksheet")), blocks(story, scope))


def glossary_blocks(story: Story, scope: Scope) -> list[Block]:
    """The printable glossary on its own: the terms the scope's decisions use, with a line for notes."""
    entries = terms_used(story, scope.scenes)
    return [
        Heading(1, line(_title(story, scope, _("glossary")))),
        _name_line(date=False),
        *_glossary_blocks(entries),
    ]


def glossary_markdown(story: Story, scope: Scope) -> str:
    return render.to_markdown(glossary_blocks(story, scope))


def glossary_html(story: Story, scope: Scope) -> str:
    return render.to_html(_title(story, scope, _("glossary")), glossary_blocks(story, scope))

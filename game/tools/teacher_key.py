"""``spring68 handout --kind key``: the teacher's key to the worksheet.

For each decision, numbered as on the worksheet: the question put to the player, what real people
did about each option, what really happened (with the figures sources disagree on), the points to
listen for in discussion (the scene's discussion prompts), and the sources. Then notes on the source
task and the full list of sources. It gives the story away: it is for the teacher, or for after
the lesson.

Our own words are the interface's (:mod:`game.i18n.interface`), dates are said in the same language.
"""

from __future__ import annotations

from game.i18n.interface import _, language
from game.story.dates import long_date
from game.story.model import Scene, Story
from game.tools import render
from game.tools.handout import Scope, all_sources, citation, source_documents, the_question
from game.tools.render import Block, Group, Heading, Items, Para, Prose, em, line, md, strong


def _title(story: Story, scope: Scope) -> str:
    return _("{story}: teacher's key — {scope}").format(story=story.title, scope=scope.title)


def _figures(story: Story, scene: Scene) -> list[Block]:
    event = story.timeline.get(scene.anchor) if scene.anchor else None
    if event is None or not event.figures:
        return []
    return [
        Para(
            line(strong(_("Figures and dates")), " " + _("(where sources disagree, quote the range, not one number)"))
        ),
        Items(tuple(line(f"{label}: {value}") for label, value in event.figures)),
    ]


def _decision(story: Story, number: int, scene: Scene) -> Group:
    role = story.roles[scene.role].title
    parts: list[Block] = [
        Heading(3, line(f"{number}. {scene.title}")),
        Para(
            line(
                f"{long_date(scene.date, language())} · {scene.place} · {role} · "
                + _("worksheet question {number}").format(number=number)
            ),
            "meta",
        ),
        Para(line(strong(_("The situation ends:") + " "), md(the_question(story, scene)))),
        Para(line(strong(_("The options, and what real people did")))),
        Items(
            tuple(line(em(c.label), ": ", md(c.record)) if c.record else line(em(c.label)) for c in scene.choices),
            ordered=True,
            style="record",
        ),
        Para(line(strong(_("What really happened")))),
        Prose(scene.history.text, "history"),
        *_figures(story, scene),
    ]
    if scene.discuss:
        parts += [
            Para(line(strong(_("Points to listen for in discussion")))),
            Items(tuple(line(md(p)) for p in scene.discuss), style="prompts"),
        ]
    cited = "; ".join(citation(story, s) for s in scene.history.sources)
    parts.append(Para(line(_("Sources:") + " " + cited), "sources"))
    return Group(tuple(parts), "decision", scene.id)


def blocks(story: Story, scope: Scope) -> list[Block]:
    out: list[Block] = [
        Heading(1, line(_title(story, scope))),
        Para(
            line(
                _(
                    "For the teacher. This key answers the student worksheet of the same name: "
                    "the numbers below are the worksheet's decisions and questions. Hand it out only after playing."
                )
            ),
            "meta",
        ),
    ]
    if story.pack.content_note:
        out.append(Para(line(_("Content note:") + " ", md(story.pack.content_note)), "meta"))
    out.append(Heading(2, line(_("Decisions"))))
    out += [_decision(story, number, scene) for number, scene in enumerate(scope.scenes, 1)]
    documents = source_documents(story, scope.scenes)
    if documents:
        task: list[Block] = [
            Heading(2, line(_("The source task"))),
            Para(
                line(
                    _(
                        "Listen for answers that use who made a source, when and why (its provenance and purpose), "
                        "not only what it says; print an extract from the full text for the class."
                    )
                )
            ),
        ]
        for source, scene in documents:
            task.append(
                Para(
                    line(
                        strong(source.citation()),
                        " — "
                        + _("a primary source for decision {number}.").format(number=scope.scenes.index(scene) + 1)
                        + " ",
                        source.note,
                    )
                )
            )
        out.append(Group(tuple(task), "source-task"))
    out += [
        Heading(2, line(_("Sources"))),
        Items(tuple(line(citation(story, s)) for s in all_sources(story, scope.scenes)), style="sources"),
    ]
    return out


def to_markdown(story: Story, scope: Scope) -> str:
    return render.to_markdown(blocks(story, scope))


def to_html(story: Story, scope: Scope) -> str:
    return render.to_html(_title(story, scope), blocks(story, scope))

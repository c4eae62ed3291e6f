"""A game written out for a class to read afterwards: one model, as Markdown or as a printable HTML page.

The same transcript comes from ``x`` in the app (:func:`write_transcript`) and
from ``spring68 transcript SAVE`` (:func:`from_document`): every scene in order
with its text as the player saw it (interpolated with the values of that
moment), the choice made there (and the class's vote in classroom mode), what
real people did and what really happened, the ending, the player's path beside
the historical one, and the sources cited. Earlier states come from the engine's
own replay (:func:`game.engine.journey.steps`), so nothing here decides play.
Markdown from a pack is turned into HTML by :mod:`game.story.markdown`, which
escapes everything; plain strings (titles, places) are escaped here.
"""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.durable import write_atomic
from game.engine import journey, rules
from game.engine.classroom import ClassVotes
from game.engine.state import GameState
from game.story.dates import date_range, long_date
from game.story.markdown import inline_html
from game.story.markdown import to_html as prose_html
from game.story.model import Story
from game.tools.render import html_page

COUNTERFACTUAL = "(counterfactual: this did not happen)"
TICK_NOTE = "✓ marks the events your scenes were set at."


@dataclass(frozen=True)
class StepView:
    """One scene of the game as the transcript tells it."""

    heading: str
    """'20 August 1968: The start'."""
    place: str
    text: str
    """The scene's Markdown, interpolated with the values the player had then."""
    chosen: str | None
    """The label of the choice made here (None at the last scene)."""
    class_vote: str | None
    """'Class vote (26 votes): Be brave: 17; Stay quiet: 9' when a class voted on this choice."""
    record: str | None
    """What real people did at this choice (Markdown)."""
    history: str
    """What really happened at this scene (Markdown)."""


@dataclass(frozen=True)
class EndingView:
    title: str
    epilogue: str
    counterfactual: bool
    instead: str | None


@dataclass(frozen=True)
class Transcript:
    """Everything a transcript says, in order; the two renderers only lay it out."""

    title: str
    facts: tuple[tuple[str, str], ...]
    """Label and value lines under the title: role, save, ending, choices made, when exported."""
    note: str
    """Why the story differs from the one the save was made with, or ''."""
    steps: tuple[StepView, ...]
    ending: EndingView | None
    path: tuple[tuple[str, str, str], ...]
    """Rows of the path beside history: date, the player's scenes, the record's events (✓ where matched)."""
    sources: tuple[str, ...]
    """Citations of the sources the player's scenes cite, in order of first citation."""


def _vote_line(choices: list[tuple[str, str]], counts: Mapping[str, int]) -> str:
    shown = "; ".join(f"{label}: {counts[choice_id]}" for choice_id, label in choices if choice_id in counts)
    return f"Class vote ({sum(counts.values())} votes): {shown}"


def build(
    story: Story,
    state: GameState,
    *,
    now: float | None = None,
    votes: ClassVotes | None = None,
    slot: str = "",
    note: str = "",
) -> Transcript:
    """The transcript of ``state`` (a game in play, or one read from a save named ``slot``)."""
    votes = votes or ClassVotes()
    role = story.roles.get(state.role)
    final = story.scenes.get(state.scene)
    facts: list[tuple[str, str]] = [("Role", role.title if role else state.role)]
    if slot:
        facts.append(("Save", slot))
    if final is not None and final.ending is not None:
        kind = f" {COUNTERFACTUAL}" if final.ending.counterfactual else ""
        facts.append(("Ending", final.ending.title + kind))
    else:
        facts.append(("Ending", "not reached yet"))
    facts.append(("Choices made", str(len(state.log))))
    facts.append(("Exported", f"{dt.datetime.fromtimestamp(time.time() if now is None else now):%Y-%m-%d %H:%M}"))
    steps = []
    for index, step in enumerate(journey.steps(story, state)):
        scene, choice = step.scene, step.choice
        vote = votes.at(index) if choice is not None else None
        steps.append(
            StepView(
                heading=f"{long_date(scene.date)}: {scene.title}",
                place=scene.place,
                text=rules.scene_text(scene, step.state).strip(),
                chosen=choice.label if choice is not None else None,
                class_vote=_vote_line([(c.id, c.label) for c in scene.choices], vote.counts) if vote else None,
                record=(choice.record or None) if choice is not None else None,
                history=scene.history.text.strip(),
            )
        )
    ending = None
    if final is not None and final.ending is not None:
        end = final.ending
        ending = EndingView(
            end.title, rules.interpolate(end.epilogue, state).strip(), end.counterfactual, (end.instead or "").strip()
        )
    rows = []
    for row in journey.path_beside_history(story, state):
        record = "; ".join(
            ("✓ " if e.id in row.matched else "")
            + e.title
            + (f" ({date_range(e.start, e.end, short=True)})" if e.start != e.end else "")
            for e in row.record
        )
        rows.append((long_date(row.day), "; ".join(s.title for s in row.yours), record))
    sources = []
    for source_id in journey.cited_sources(story, state):
        source = story.sources.get(source_id)
        if source is None:
            sources.append(source_id)
        else:
            sources.append(source.citation() + (f" <{source.url}>" if source.url else ""))
    return Transcript(
        f"{story.title}: a transcript", tuple(facts), note, tuple(steps), ending, tuple(rows), tuple(sources)
    )


def from_document(story: Story, document: dict[str, Any], *, now: float | None = None) -> Transcript:
    """The transcript of a save (its class votes included); raises SaveError for a save that cannot be read."""
    from game.engine.saves import AUTOSAVE, restore

    restored = restore(story, document)
    slot = document.get("slot")
    return build(
        story,
        restored.state,
        now=now,
        votes=ClassVotes.from_block(document.get("classroom")),
        slot=slot if isinstance(slot, str) and slot != AUTOSAVE else "",
        note=restored.note,
    )


# ---- Markdown ---------------------------------------------------------------------


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip().splitlines())


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def to_markdown(transcript: Transcript) -> str:
    lines: list[str] = [f"# {transcript.title}", ""]
    lines += [f"- **{label}:** {value}" for label, value in transcript.facts]
    lines.append("")
    if transcript.note:
        lines += [_quote(transcript.note), ""]
    for step in transcript.steps:
        lines += [f"## {step.heading}", "", f"*{step.place}*", "", step.text, ""]
        if step.chosen is not None:
            if step.class_vote:
                lines += [f"**The class chose:** {step.chosen}", "", step.class_vote, ""]
            else:
                lines += [f"**You chose:** {step.chosen}", ""]
            if step.record:
                lines += [_quote(f"What people really did: {step.record}"), ""]
        lines += [_quote(f"What really happened: {step.history}"), ""]
    ending = transcript.ending
    if ending is not None:
        lines += [f"## The end: {ending.title}", "", ending.epilogue, ""]
        if ending.counterfactual:
            lines += ["*This ending is counterfactual: it did not happen.*", ""]
            if ending.instead:
                lines += [f"**What really happened instead:** {ending.instead}", ""]
    if transcript.path:
        lines += ["## Your path beside history", "", "| Date | Your path | What happened |", "|---|---|---|"]
        lines += [f"| {day} | {_cell(yours)} | {_cell(record)} |" for day, yours, record in transcript.path]
        lines += ["", TICK_NOTE, ""]
    if transcript.sources:
        lines += ["## Sources", ""]
        lines += [f"- {source}" for source in transcript.sources]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---- HTML -------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def to_html(transcript: Transcript) -> str:
    body = [f"<h1>{_e(transcript.title)}</h1>", "<ul>"]
    body += [f"<li><strong>{_e(label)}:</strong> {_e(value)}</li>" for label, value in transcript.facts]
    body.append("</ul>")
    if transcript.note:
        body.append(f'<p class="history">{_e(transcript.note)}</p>')
    for step in transcript.steps:
        parts = ['<section class="step">', f"<h2>{_e(step.heading)}</h2>", f'<p class="meta">{_e(step.place)}</p>']
        parts.append(prose_html(step.text))
        if step.chosen is not None:
            who = "The class chose" if step.class_vote else "You chose"
            parts.append(f'<p class="chosen">{who}: {inline_html(step.chosen)}</p>')
            if step.class_vote:
                parts.append(f"<p>{_e(step.class_vote)}</p>")
            if step.record:
                parts.append(
                    f'<p class="record"><strong>What people really did:</strong> {inline_html(step.record)}</p>'
                )
        parts.append(
            f'<div class="history"><p><strong>What really happened</strong></p>{prose_html(step.history)}</div>'
        )
        parts.append("</section>")
        body.append("\n".join(parts))
    ending = transcript.ending
    if ending is not None:
        body += [f"<h2>The end: {_e(ending.title)}</h2>", prose_html(ending.epilogue)]
        if ending.counterfactual:
            body.append('<p class="cf">This ending is counterfactual: it did not happen.</p>')
            if ending.instead:
                body.append(f"<p><strong>What really happened instead:</strong> {inline_html(ending.instead)}</p>")
    if transcript.path:
        body.append('<h2>Your path beside history</h2>\n<table class="compare">')
        body.append("<tr><th>Date</th><th>Your path</th><th>What happened</th></tr>")
        body += [f"<tr><td>{_e(d)}</td><td>{_e(y)}</td><td>{_e(r)}</td></tr>" for d, y, r in transcript.path]
        body += ["</table>", f"<p>{_e(TICK_NOTE)}</p>"]
    if transcript.sources:
        body += ["<h2>Sources</h2>", '<ul class="sources">']
        body += [f"<li>{_e(source)}</li>" for source in transcript.sources]
        body.append("</ul>")
    return html_page(transcript.title, "\n".join(body))


# ---- writing ----------------------------------------------------------------------


def transcript_name(state: GameState, now: float | None = None) -> str:
    """``transcript-ROLE-YYYYmmdd-HHMMSS.md``: sorts by time, and says whose game it was."""
    moment = dt.datetime.fromtimestamp(time.time() if now is None else now)
    return f"transcript-{state.role}-{moment:%Y%m%d-%H%M%S}.md"


def write_transcript(
    folder: Path, story: Story, state: GameState, *, now: float | None = None, votes: ClassVotes | None = None
) -> Path:
    """Write the game's Markdown transcript into ``folder`` (atomically, never over another) and return its path.

    Raises OSError when the folder cannot be written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / transcript_name(state, now)
    number = 2
    while path.exists():
        path = folder / f"{path.stem.rsplit('~', 1)[0]}~{number}.md"
        number += 1
    write_atomic(path, to_markdown(build(story, state, now=now, votes=votes)))
    return path

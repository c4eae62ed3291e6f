"""A game written out for a class to read afterwards: one model, as Markdown or as a printable HTML page.

The same transcript comes from ``x`` in the app (:func:`write_transcript`) and
from ``spring68 transcript SAVE`` (:func:`from_document`): every scene in order
with its text as the player saw it (interpolated with the values of that
moment), the choice made there (and the class's vote in classroom mode), what
real people did and what really happened, the ending, the player's path beside
the historical one, and the sources cited. Earlier states come from the engine's
own replay (:func:`game.engine.journey.steps`), so nothing here decides play.
Markdown from a pack is turned into HTML by :mod:`game.story.markdown`, which
escapes everything; plain strings (titles, places) are escaped here. Our own words (labels,
headings) are the interface's (:mod:`game.i18n.interface`), so ``--lang cs`` writes a Czech
transcript; its dates are said in the same language.
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
from game.i18n.interface import N_, _, language, ngettext, pgettext
from game.story.dates import date_range, long_date
from game.story.markdown import inline_html
from game.story.markdown import to_html as prose_html
from game.story.model import Story
from game.tools.render import html_page

COUNTERFACTUAL = N_("(counterfactual: this did not happen)")
TICK_NOTE = N_("✓ marks the events your scenes were set at.")
COUNTERFACTUAL_ENDING = N_("This ending is counterfactual: it did not happen.")
PATH_COLUMNS = (N_("Date"), N_("Your path"), N_("What happened"))
"""English, as the code and the catalogue's msgids have them: translated where written, with ``_()``."""


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


def _vote_line(
    choices: list[tuple[str, str]], counts: Mapping[str, int], decided: str = "vote", source: str = "hands"
) -> str:
    """The class's vote on a choice, and whether the teacher broke a tie or decided without a vote."""
    total = sum(counts.values())
    if decided == "teacher" or not total:
        return _("Decided by the teacher, without a class vote")
    shown = "; ".join(f"{label}: {counts[choice_id]}" for choice_id, label in choices if choice_id in counts)
    kind = _("Class vote from the students' devices") if source == "devices" else _("Class vote")
    votes = ngettext("{n} vote", "{n} votes", total).format(n=total)
    if decided == "tie":
        return _("{kind} ({votes}, a tie the teacher broke): {shown}").format(kind=kind, votes=votes, shown=shown)
    return _("{kind} ({votes}): {shown}").format(kind=kind, votes=votes, shown=shown)


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
    lang = language()
    role = story.roles.get(state.role)
    final = story.scenes.get(state.scene)
    facts: list[tuple[str, str]] = [(_("Role"), role.title if role else state.role)]
    if votes.name:
        facts.insert(0, (_("Class"), votes.name))
    if votes.started:
        facts.append((_("Class game begun"), votes.started))
    if votes.lesson:
        facts.append((_("Lesson"), votes.lesson))
    if slot:
        facts.append((pgettext("the save slot a transcript was made from (a noun)", "Save"), slot))
    if final is not None and final.ending is not None:
        kind = f" {_(COUNTERFACTUAL)}" if final.ending.counterfactual else ""
        facts.append((_("Ending"), final.ending.title + kind))
    else:
        facts.append((_("Ending"), _("not reached yet")))
    if votes.is_class_game:
        facts.append((_("Decisions the class made"), str(len(votes.votes))))
    else:
        facts.append((_("Choices made"), str(len(state.log))))
    exported = dt.datetime.fromtimestamp(time.time() if now is None else now)
    facts.append((_("Exported"), f"{exported:%Y-%m-%d %H:%M}"))
    steps = []
    for index, step in enumerate(journey.steps(story, state)):
        scene, choice = step.scene, step.choice
        vote = votes.at(index) if choice is not None else None
        steps.append(
            StepView(
                heading=f"{long_date(scene.date, lang)}: {scene.title}",
                place=scene.place,
                text=rules.scene_text(scene, step.state).strip(),
                chosen=choice.label if choice is not None else None,
                class_vote=_vote_line([(c.id, c.label) for c in scene.choices], vote.counts, vote.decided, vote.source)
                if vote
                else None,
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
            + (f" ({date_range(e.start, e.end, short=True, lang=lang)})" if e.start != e.end else "")
            for e in row.record
        )
        rows.append((long_date(row.day, lang), "; ".join(s.title for s in row.yours), record))
    sources = []
    for source_id in journey.cited_sources(story, state):
        source = story.sources.get(source_id)
        if source is None:
            sources.append(source_id)
        else:
            sources.append(source.citation() + (f" <{source.url}>" if source.url else ""))
    title = _("{story}: a transcript").format(story=story.title)
    return Transcript(title, tuple(facts), note, tuple(steps), ending, tuple(rows), tuple(sources))


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
                lines += [f"**{_('The class chose')}:** {step.chosen}", "", step.class_vote, ""]
            else:
                lines += [f"**{_('You chose')}:** {step.chosen}", ""]
            if step.record:
                lines += [_quote(f"{_('What people really did')}: {step.record}"), ""]
        lines += [_quote(f"{_('What really happened')}: {step.history}"), ""]
    ending = transcript.ending
    if ending is not None:
        lines += [f"## {_('The end: {title}').format(title=ending.title)}", "", ending.epilogue, ""]
        if ending.counterfactual:
            lines += [f"*{_(COUNTERFACTUAL_ENDING)}*", ""]
            if ending.instead:
                lines += [f"**{_('What really happened instead')}:** {ending.instead}", ""]
    if transcript.path:
        head = " | ".join(_(label) for label in PATH_COLUMNS)
        lines += [f"## {_('Your path beside history')}", "", f"| {head} |", "|---|---|---|"]
        lines += [f"| {day} | {_cell(yours)} | {_cell(record)} |" for day, yours, record in transcript.path]
        lines += ["", _(TICK_NOTE), ""]
    if transcript.sources:
        lines += [f"## {_('Sources')}", ""]
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
            who = _("The class chose") if step.class_vote else _("You chose")
            parts.append(f'<p class="chosen">{_e(who)}: {inline_html(step.chosen)}</p>')
            if step.class_vote:
                parts.append(f"<p>{_e(step.class_vote)}</p>")
            if step.record:
                did = _e(_("What people really did"))
                parts.append(f'<p class="record"><strong>{did}:</strong> {inline_html(step.record)}</p>')
        happened = _e(_("What really happened"))
        parts.append(f'<div class="history"><p><strong>{happened}</strong></p>{prose_html(step.history)}</div>')
        parts.append("</section>")
        body.append("\n".join(parts))
    ending = transcript.ending
    if ending is not None:
        body += [f"<h2>{_e(_('The end: {title}').format(title=ending.title))}</h2>", prose_html(ending.epilogue)]
        if ending.counterfactual:
            body.append(f'<p class="cf">{_e(_(COUNTERFACTUAL_ENDING))}</p>')
            if ending.instead:
                instead = _e(_("What really happened instead"))
                body.append(f"<p><strong>{instead}:</strong> {inline_html(ending.instead)}</p>")
    if transcript.path:
        body.append(f'<h2>{_e(_("Your path beside history"))}</h2>\n<table class="compare">')
        body.append("<tr>" + "".join(f"<th>{_e(_(label))}</th>" for label in PATH_COLUMNS) + "</tr>")
        body += [f"<tr><td>{_e(d)}</td><td>{_e(y)}</td><td>{_e(r)}</td></tr>" for d, y, r in transcript.path]
        body += ["</table>", f"<p>{_e(_(TICK_NOTE))}</p>"]
    if transcript.sources:
        body += [f"<h2>{_e(_('Sources'))}</h2>", '<ul class="sources">']
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
